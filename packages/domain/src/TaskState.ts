/**
 * A task's state as of a date, derived from its events (never stored).
 *
 * 未启动 not-started → 推进中 in-progress → 已完成 completed (reported by a lead) → 已销号 closed
 * (verified by the supervisor). The supervisor may reject a completion (退回 → in-progress),
 * reopen a completed or closed task, and extend the deadline (延期; the original is kept).
 *
 * Rules for who may do what:
 * - `report`: a unit that leads, co-leads or cooperates on the task; not on closed tasks.
 * - `complete`: a unit that leads or co-leads; from not-started or in-progress. On a recurring task a
 *   completion naming a period fulfils that occurrence and the task goes on (status in-progress).
 * - `close`, `reject`: supervisor or admin, only from completed.
 * - `reopen`: supervisor or admin, from completed or closed.
 * - `extend`: supervisor or admin, not on closed tasks, to a date later than the current due date and
 *   not before the day it is granted (granting after the original deadline has passed is fine);
 *   recurring tasks are not extended (each occurrence has its own due date).
 * - `admin` and `system` (imports, demo data) may report and complete for any unit; `system` may also
 *   do everything the supervisor does. `viewer` may do nothing. Every rule on status still applies.
 * - `measurement` events belong to indicators and leave the task's state alone.
 */
import { z } from "zod";
import { dayString, monthStartDay, recurringPeriodOf } from "./Calendar.ts";
import { CHINA_OFFSET_MS, dayNumber, daysInMonth, IsoDate, IsoDateTime } from "./Dates.ts";
import type { Actor, LedgerEvent } from "./Event.ts";
import type { Task } from "./Task.ts";

export const TaskStatus = z.enum(["not-started", "in-progress", "completed", "closed"]);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** One granted extension (延期). */
export const Extension = z.object({
  eventId: z.string(),
  /** The day the extension was granted (China time). */
  on: IsoDate,
  /** The due date it replaced, when there was one. */
  from: IsoDate.optional(),
  due: IsoDate,
  reason: z.string(),
});
export type Extension = z.infer<typeof Extension>;

export const TaskState = z.object({
  status: TaskStatus,
  /** Last reported percent (0–100). Completed and closed tasks count as 100: see {@link effectivePercent}. */
  percent: z.number().min(0).max(100),
  lastReportOn: IsoDate.optional(),
  completedOn: IsoDate.optional(),
  closedOn: IsoDate.optional(),
  /** The due date in force when the task was (last) completed, for on-time / late. */
  dueAtCompletion: IsoDate.optional(),
  /** The deadline's own due date, kept beside extensions. */
  originalDue: IsoDate.optional(),
  /** The due date in force: the last extension's, else the original. */
  due: IsoDate.optional(),
  /** Granted extensions, oldest first (a frozen array). */
  extensions: z.array(Extension).readonly(),
  /** Completions rejected (退回). */
  rejections: z.number().int().nonnegative(),
  reopenings: z.number().int().nonnegative(),
  /**
   * For recurring and ongoing tasks: per period ("2020", "2020-Q2"), the day it was first reported on
   * or completed — the day the occurrence was fulfilled.
   */
  reportsByPeriod: z.record(z.string(), IsoDate).optional(),
  lastEventAt: IsoDateTime.optional(),
  /** Events up to the as-of date that were refused by the rules and skipped. */
  invalidEvents: z.number().int().nonnegative(),
});
export type TaskState = z.infer<typeof TaskState>;

export const TransitionErrorCode = z.enum([
  "not-lead",
  "not-supervisor",
  "not-responsible",
  "invalid-transition",
  "bad-date",
  "wrong-task",
]);
export type TransitionErrorCode = z.infer<typeof TransitionErrorCode>;

/**
 * Which rule refused an event, finer than its `code`: with the refusal's `params`, what a front end
 * needs to say why in its own language (`message` says it in English).
 */
export const TransitionRule = z.enum([
  "wrong-task",
  "viewer",
  "not-named",
  "closed",
  "already-done",
  "not-lead",
  "supervisor-only",
  "not-completed",
  "not-reopenable",
  "closed-no-extension",
  "recurring-no-extension",
  "due-not-later",
  "due-before-granted",
  "not-an-instant",
  "after-as-of",
  "before-latest",
]);
export type TransitionRule = z.infer<typeof TransitionRule>;

/** Why an event may not be applied; a value, not an exception. */
export const TransitionError = z.object({
  _tag: z.literal("TransitionError"),
  code: TransitionErrorCode,
  /** The rule that refused it; `params` name the values the rule speaks of (statuses, dates, the event's type). */
  rule: TransitionRule,
  params: z.record(z.string(), z.string()).optional(),
  message: z.string(),
  taskId: z.string(),
  eventId: z.string().optional(),
});
export type TransitionError = z.infer<typeof TransitionError>;

export type TransitionResult = { ok: true; state: TaskState } | { ok: false; error: TransitionError };

/** Events that change a task's state (measurements do not). */
export type StateEvent = Exclude<LedgerEvent, { type: "measurement" }>;

const DAY_MS = 86_400_000;
const NO_EXTENSIONS: readonly Extension[] = Object.freeze([]);

/** A completed or closed task counts as 100%; otherwise its last reported percent. */
export function effectivePercent(state: Pick<TaskState, "status" | "percent">): number {
  return state.status === "completed" || state.status === "closed" ? 100 : state.percent;
}

/** Two digits of `s` at `i`, as a number; negative when either is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  // Branch-free: a value outside 0–9 makes one of the terms negative.
  return (a | b | (9 - a) | (9 - b)) < 0 ? -1 : a * 10 + b;
}

/** Where {@link instantMs} has {@link parseInstant} write. */
const parsed = new Float64Array(1);

/**
 * Epoch milliseconds of an RFC 3339 instant (`2020-01-31T16:30:00Z`, `…+08:00`, optional fraction),
 * parsed without allocating; NaN when the text is not such an instant.
 */
export function instantMs(at: string): number {
  parseInstant(at, parsed, 0);
  return parsed[0] as number;
}

/**
 * Writes {@link instantMs} of `at` to `out[k]`. For loops over millions of events: a number returned
 * from a call that is not inlined is a heap allocation, one written to a typed array is not.
 */
export function parseInstant(at: string, out: Float64Array, k: number): void {
  out[k] = Number.NaN;
  const n = at.length;
  if (n < 20) return;
  const separators =
    (at.charCodeAt(4) ^ 45) | (at.charCodeAt(7) ^ 45) | (at.charCodeAt(10) ^ 84) | (at.charCodeAt(13) ^ 58);
  if ((separators | (at.charCodeAt(16) ^ 58)) !== 0) return;
  const century = twoDigits(at, 0);
  const yy = twoDigits(at, 2);
  const mo = twoDigits(at, 5);
  const d = twoDigits(at, 8);
  const h = twoDigits(at, 11);
  const mi = twoDigits(at, 14);
  const s = twoDigits(at, 17);
  if ((century | yy | h | mi | s) < 0 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) {
    return;
  }
  const y = century * 100 + yy;
  let i = 19;
  let frac = 0;
  if (at.charCodeAt(i) === 46) {
    let scale = 100;
    i++;
    const start = i;
    for (let c = at.charCodeAt(i) - 48; c >= 0 && c <= 9; c = at.charCodeAt(i) - 48) {
      frac += c * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return;
  }
  let offsetMin = 0;
  const sign = at.charCodeAt(i);
  if (sign === 90) {
    if (i !== n - 1) return;
  } else if ((sign === 43 || sign === 45) && i === n - 6 && at.charCodeAt(i + 3) === 58) {
    const oh = twoDigits(at, i + 1);
    const om = twoDigits(at, i + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return;
    offsetMin = sign === 45 ? -(oh * 60 + om) : oh * 60 + om;
  } else return;
  if (d > 28 && d > daysInMonth(y, mo)) return;
  const day = monthStartDay(y, mo) + d - 1;
  out[k] = ((day * 1440 + h * 60 + mi - offsetMin) * 60 + s) * 1000 + Math.floor(frac);
}

/** The China-time day number of an instant given in epoch milliseconds. */
export function chinaDayOfMs(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

const optDay = (d: IsoDate | undefined): number | undefined => (d === undefined ? undefined : dayNumber(d));
const optString = (d: number | undefined): IsoDate | undefined => (d === undefined ? undefined : dayString(d));

/** How a unit stands on a task: "lead" covers co-leads; undefined when it is not named. */
function unitRole(task: Task, unit: string | undefined): "lead" | "cooperating" | undefined {
  if (unit === undefined || !task.responsibility) return undefined;
  let found: "lead" | "cooperating" | undefined;
  for (const a of task.responsibility.assignments) {
    if (a.unit === unit || a.unitId === unit) {
      if (a.role !== "cooperating") return "lead";
      found = "cooperating";
    }
  }
  return found;
}

/**
 * Whether an actor may report progress on a task by the rules on who may do what (a unit named on
 * the task, or admin and system; never a viewer). Whether the task's status allows it is another matter.
 */
export function mayReport(task: Task, actor: Actor): boolean {
  if (actor.role === "viewer") return false;
  return actor.role === "admin" || actor.role === "system" || unitRole(task, actor.unit) !== undefined;
}

function actorLabel(actor: Actor): string {
  return actor.unit ? `${actor.role} of ${actor.unit}` : actor.role;
}

/**
 * A task's state being folded from its events, with dates held as day numbers. `computeLedger`
 * folds millions of events through one of these per task; {@link deriveTaskState} and
 * {@link transition} are built on it.
 */
export class TaskStateFold {
  status: TaskStatus = "not-started";
  percent = 0;
  lastReportDay: number | undefined;
  completedDay: number | undefined;
  closedDay: number | undefined;
  dueAtCompletionDay: number | undefined;
  originalDueDay: number | undefined;
  dueDay: number | undefined;
  extensions: readonly Extension[] = NO_EXTENSIONS;
  rejections = 0;
  reopenings = 0;
  invalid = 0;
  /** First day each period was fulfilled, for recurring and ongoing tasks. */
  periods: Record<string, number> | undefined;
  lastEventAt: string | undefined;
  task: Task;

  constructor(task: Task) {
    this.task = task;
    this.reset(task);
  }

  /** Starts over for a task: its state before any event. */
  reset(task: Task): void {
    this.task = task;
    const dl = task.deadline;
    const due = dl && "due" in dl && dl.due !== undefined ? dayNumber(dl.due) : undefined;
    const done = dl?.kind === "done";
    this.status = done ? "completed" : "not-started";
    this.percent = done ? 100 : 0;
    this.lastReportDay = undefined;
    this.completedDay = undefined;
    this.closedDay = undefined;
    this.dueAtCompletionDay = undefined;
    this.originalDueDay = due;
    this.dueDay = due;
    this.extensions = NO_EXTENSIONS;
    this.rejections = 0;
    this.reopenings = 0;
    this.invalid = 0;
    this.periods = undefined;
    this.lastEventAt = undefined;
  }

  /** Loads a derived state back in, to apply further events to it. */
  load(state: TaskState): void {
    this.status = state.status;
    this.percent = state.percent;
    this.lastReportDay = optDay(state.lastReportOn);
    this.completedDay = optDay(state.completedOn);
    this.closedDay = optDay(state.closedOn);
    this.dueAtCompletionDay = optDay(state.dueAtCompletion);
    this.originalDueDay = optDay(state.originalDue);
    this.dueDay = optDay(state.due);
    this.extensions = state.extensions;
    this.rejections = state.rejections;
    this.reopenings = state.reopenings;
    this.invalid = state.invalidEvents;
    this.periods = undefined;
    if (state.reportsByPeriod) {
      this.periods = {};
      for (const [k, v] of Object.entries(state.reportsByPeriod)) this.periods[k] = dayNumber(v);
    }
    this.lastEventAt = state.lastEventAt;
  }

  /** The public, serialisable state. */
  toState(): TaskState {
    let reportsByPeriod: Record<string, IsoDate> | undefined;
    if (this.periods) {
      reportsByPeriod = {};
      for (const k in this.periods) reportsByPeriod[k] = dayString(this.periods[k] as number);
    }
    return {
      status: this.status,
      percent: this.percent,
      lastReportOn: optString(this.lastReportDay),
      completedOn: optString(this.completedDay),
      closedOn: optString(this.closedDay),
      dueAtCompletion: optString(this.dueAtCompletionDay),
      originalDue: optString(this.originalDueDay),
      due: optString(this.dueDay),
      extensions: this.extensions,
      rejections: this.rejections,
      reopenings: this.reopenings,
      reportsByPeriod,
      lastEventAt: this.lastEventAt,
      invalidEvents: this.invalid,
    };
  }

  /**
   * Checks an event against the rules and, if it is allowed, applies it. `day` is the China-time day
   * number of the event's instant (see {@link instantMs}). Returns the refusal, if any.
   */
  apply(event: StateEvent, day: number): TransitionError | undefined {
    const refused = this.check(event, day);
    if (refused) return refused;
    this.lastEventAt = event.at;
    switch (event.type) {
      case "report":
        this.percent = event.percent;
        this.lastReportDay = day;
        if (this.status === "not-started") this.status = "in-progress";
        this.notePeriod(event.period, day);
        break;
      case "complete":
        if (this.task.deadline?.kind === "recurring" && event.period !== undefined) {
          this.notePeriod(event.period, day);
          if (this.status === "not-started") this.status = "in-progress";
        } else {
          this.status = "completed";
          this.completedDay = day;
          this.dueAtCompletionDay = this.dueDay;
          this.notePeriod(event.period, day);
        }
        break;
      case "close":
        this.status = "closed";
        this.closedDay = day;
        break;
      case "reject":
        this.status = "in-progress";
        this.completedDay = undefined;
        this.dueAtCompletionDay = undefined;
        this.rejections++;
        break;
      case "reopen":
        this.status = "in-progress";
        this.completedDay = undefined;
        this.closedDay = undefined;
        this.dueAtCompletionDay = undefined;
        this.reopenings++;
        break;
      case "extend": {
        const to = dayNumber(event.due);
        this.extensions = Object.freeze([
          ...this.extensions,
          { eventId: event.id, on: dayString(day), from: optString(this.dueDay), due: event.due, reason: event.reason },
        ]);
        this.dueDay = to;
        break;
      }
    }
    return undefined;
  }

  /**
   * Applies a report known to be allowed by who made it ({@link mayReport}) and to name no period,
   * on a task whose deadline is not recurring: what {@link TaskStateFold.apply} does for it, without
   * reading the event. Returns false, leaving the state alone, when the task's status refuses it.
   * The caller sets `lastEventAt` (the event's `at`) before the state is read.
   */
  applyPlainReport(percent: number, day: number): boolean {
    if (this.status === "closed") return false;
    this.percent = percent;
    this.lastReportDay = day;
    if (this.status === "not-started") this.status = "in-progress";
    return true;
  }

  private notePeriod(period: string | undefined, day: number): void {
    const dl = this.task.deadline;
    if (period === undefined) {
      if (dl?.kind !== "recurring") return;
      period = recurringPeriodOf(dl, day);
    }
    if (!this.periods) this.periods = {};
    if (this.periods[period] === undefined) this.periods[period] = day;
  }

  private refuse(
    event: StateEvent,
    code: TransitionErrorCode,
    rule: TransitionRule,
    message: string,
    params?: Record<string, string>,
  ): TransitionError {
    return {
      _tag: "TransitionError",
      code,
      rule,
      ...(params ? { params } : {}),
      message,
      taskId: this.task.id,
      eventId: event.id,
    };
  }

  private check(event: StateEvent, day: number): TransitionError | undefined {
    const { actor } = event;
    const status = this.status;
    if (event.taskId !== this.task.id) {
      return this.refuse(
        event,
        "wrong-task",
        "wrong-task",
        `event ${event.id} is for task ${event.taskId}, not ${this.task.id}`,
        {
          eventTask: event.taskId,
          task: this.task.id,
        },
      );
    }
    if (actor.role === "viewer")
      return this.refuse(event, "not-responsible", "viewer", "a viewer cannot change a task");
    const free = actor.role === "admin" || actor.role === "system";
    const supervises = free || actor.role === "supervisor";
    switch (event.type) {
      case "report":
        if (!mayReport(this.task, actor)) {
          return this.refuse(
            event,
            "not-responsible",
            "not-named",
            `${actorLabel(actor)} is not responsible for this task`,
            {
              actor: actorLabel(actor),
            },
          );
        }
        if (status === "closed")
          return this.refuse(event, "invalid-transition", "closed", "the task is closed (已销号)");
        return undefined;
      case "complete":
        if (!free && unitRole(this.task, actor.unit) !== "lead") {
          return this.refuse(
            event,
            "not-lead",
            "not-lead",
            `only a leading unit may report completion; ${actorLabel(actor)} does not lead`,
            { actor: actorLabel(actor) },
          );
        }
        if (this.task.deadline?.kind === "recurring" && event.period !== undefined) {
          return status === "closed"
            ? this.refuse(event, "invalid-transition", "closed", "the task is closed (已销号)")
            : undefined;
        }
        if (status === "completed" || status === "closed") {
          return this.refuse(event, "invalid-transition", "already-done", `the task is already ${status}`, { status });
        }
        return undefined;
      case "close":
      case "reject":
        if (!supervises) {
          return this.refuse(
            event,
            "not-supervisor",
            "supervisor-only",
            `only the supervisor may ${event.type} a task`,
            {
              action: event.type,
            },
          );
        }
        if (status !== "completed") {
          return this.refuse(
            event,
            "invalid-transition",
            "not-completed",
            `only a completed task can be ${event.type === "close" ? "closed" : "rejected"}; it is ${status}`,
            { action: event.type, status },
          );
        }
        return undefined;
      case "reopen":
        if (!supervises) {
          return this.refuse(event, "not-supervisor", "supervisor-only", "only the supervisor may reopen a task", {
            action: "reopen",
          });
        }
        if (status !== "completed" && status !== "closed") {
          return this.refuse(
            event,
            "invalid-transition",
            "not-reopenable",
            `only a completed or closed task can be reopened; it is ${status}`,
            { status },
          );
        }
        return undefined;
      case "extend": {
        if (!supervises) {
          return this.refuse(event, "not-supervisor", "supervisor-only", "only the supervisor may extend a deadline", {
            action: "extend",
          });
        }
        if (status === "closed") {
          return this.refuse(event, "invalid-transition", "closed-no-extension", "a closed task cannot be extended");
        }
        if (this.task.deadline?.kind === "recurring") {
          return this.refuse(
            event,
            "invalid-transition",
            "recurring-no-extension",
            "a recurring task's occurrences have their own due dates",
          );
        }
        const to = dayNumber(event.due);
        if (this.dueDay !== undefined && to <= this.dueDay) {
          const current = dayString(this.dueDay);
          return this.refuse(
            event,
            "bad-date",
            "due-not-later",
            `the new due date ${event.due} is not after ${current}`,
            {
              due: event.due,
              current,
            },
          );
        }
        if (to < day) {
          return this.refuse(
            event,
            "bad-date",
            "due-before-granted",
            `the new due date ${event.due} is before the day it is granted`,
            { due: event.due, granted: dayString(day) },
          );
        }
        return undefined;
      }
    }
  }
}

/**
 * Tells, task by task, which reports are plain ones, that {@link TaskStateFold.applyPlainReport}
 * may apply: a report naming no period, on a task whose deadline does not recur, by an actor who
 * may report on the task ({@link mayReport}). A reporting unit once allowed is remembered, so most
 * of a task's reports are judged without reading its responsibility again.
 */
export class PlainReports {
  private task: Task | undefined;
  private recurs = false;
  private unit: string | undefined;

  /** Starts on the reports of `task`. */
  reset(task: Task): void {
    this.task = task;
    this.recurs = task.deadline?.kind === "recurring";
    this.unit = undefined;
  }

  /** The percent of `event`, an event of the task, if it is a plain report; else NaN. */
  percentOf(event: StateEvent): number {
    if (event.type !== "report" || event.period !== undefined || typeof event.percent !== "number" || this.recurs) {
      return Number.NaN;
    }
    const { actor } = event;
    if (this.unit !== undefined && actor.unit === this.unit && actor.role === "reporter") return event.percent;
    if (!mayReport(this.task as Task, actor)) return Number.NaN;
    if (actor.role === "reporter" && actor.unit !== undefined) this.unit = actor.unit;
    return event.percent;
  }
}

/** Indices of `events` in time order: by instant, ties in array order. `ms` holds each event's instant. */
export function timeOrder(ms: ArrayLike<number>): number[] {
  const order = Array.from({ length: ms.length }, (_, i) => i);
  return order.sort((a, b) => (ms[a] as number) - (ms[b] as number) || a - b);
}

/**
 * Applies one event to a state (pure: the given state is not changed). Refuses events that break
 * the rules in the module comment; `at` must be a valid instant.
 */
export function transition(state: TaskState, event: StateEvent, ctx: { task: Task }): TransitionResult {
  const ms = instantMs(event.at);
  if (Number.isNaN(ms)) {
    return {
      ok: false,
      error: {
        _tag: "TransitionError",
        code: "bad-date",
        rule: "not-an-instant",
        params: { at: event.at },
        message: `not an instant: ${event.at}`,
        taskId: ctx.task.id,
        eventId: event.id,
      },
    };
  }
  const fold = new TaskStateFold(ctx.task);
  fold.load(state);
  const error = fold.apply(event, chinaDayOfMs(ms));
  return error ? { ok: false, error } : { ok: true, state: fold.toState() };
}

/**
 * Folds the fold's task's events into it as of a day number: events of other tasks and
 * measurements are ignored, events dated after `asOfDay` (China time) are ignored, refused or
 * undated events are skipped and counted.
 */
export function foldEvents(fold: TaskStateFold, events: readonly LedgerEvent[], asOfDay: number): void {
  const id = fold.task.id;
  const own: StateEvent[] = [];
  const ms: number[] = [];
  for (const e of events) {
    if (e.type === "measurement" || e.taskId !== id) continue;
    const t = instantMs(e.at);
    if (Number.isNaN(t)) {
      fold.invalid++;
      continue;
    }
    if (chinaDayOfMs(t) > asOfDay) continue;
    own.push(e);
    ms.push(t);
  }
  for (const i of timeOrder(ms)) {
    const t = ms[i] as number;
    if (fold.apply(own[i] as StateEvent, chinaDayOfMs(t))) fold.invalid++;
  }
}

/**
 * A task's state as of a date: its events (those of other tasks are ignored) folded in time order
 * (by instant, ties in input order), skipping and counting events the rules refuse. Events whose
 * China-time day is after `asOf` are ignored. A task whose deadline is 已完成 starts completed.
 */
export function deriveTaskState(task: Task, events: readonly LedgerEvent[], asOf: IsoDate): TaskState {
  const fold = new TaskStateFold(task);
  foldEvents(fold, events, dayNumber(asOf));
  return fold.toState();
}

/**
 * Whether `newEvent` may be appended to a task's events as of `asOf` (normally today): it must be
 * a valid instant, not after `asOf`, not before the task's latest event, and allowed by the rules.
 * Returns the state after it on success.
 */
export function validateTransition(
  task: Task,
  events: readonly LedgerEvent[],
  newEvent: StateEvent,
  asOf: IsoDate,
): TransitionResult {
  const fold = new TaskStateFold(task);
  const asOfDay = dayNumber(asOf);
  foldEvents(fold, events, asOfDay);
  const ms = instantMs(newEvent.at);
  const bad = (rule: TransitionRule, params: Record<string, string>, message: string): TransitionResult => ({
    ok: false,
    error: { _tag: "TransitionError", code: "bad-date", rule, params, message, taskId: task.id, eventId: newEvent.id },
  });
  if (Number.isNaN(ms)) return bad("not-an-instant", { at: newEvent.at }, `not an instant: ${newEvent.at}`);
  if (chinaDayOfMs(ms) > asOfDay) {
    return bad("after-as-of", { at: newEvent.at, asOf }, `the event is dated ${newEvent.at}, after ${asOf}`);
  }
  if (fold.lastEventAt !== undefined && ms < instantMs(fold.lastEventAt)) {
    return bad(
      "before-latest",
      { at: newEvent.at, latest: fold.lastEventAt },
      `the event is dated before the task's latest event (${fold.lastEventAt})`,
    );
  }
  const error = fold.apply(newEvent, chinaDayOfMs(ms));
  return error ? { ok: false, error } : { ok: true, state: fold.toState() };
}
