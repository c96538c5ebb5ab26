/**
 * An append-only event log for one set of tasks, kept in columns so that repeated as-of
 * computations neither parse instants nor look task ids up again: each event is read once, when
 * it is appended (task id → position, instant → epoch ms and China-time day). A report that only
 * sets a percent (no period, a task whose deadline is not recurring, an actor who may report on the
 * task) is marked "plain" with its percent in a column, so a fold applies it without reading the
 * event object; every other event is applied from the object by the same rules.
 *
 * The columns come in two parts. Events appended lately are linked into their task's list in
 * append order (`next`, with each task's `head` and `tail`). Now and then (when they reach an
 * eighth of the log, and at the end of {@link EventLog.appendAll}) they are moved into the grouped
 * part, where each task's events lie together in append order (`start[j]..start[j + 1]`), so that a
 * fold reads memory in sequence rather than jumping through a log in time order. Appending is
 * amortised O(1) (columns grow by doubling, regrouping is paid by the appends that precede it), so
 * an application can keep one log per plan and append events as they arrive. Events may arrive in
 * any order: a task whose events are out of time order is sorted when it is folded, like the array
 * input of `computeLedger`.
 *
 * Events that name no task of the log are counted (`unknownTask`), measurements are counted, and
 * values that are not ledger events a fold could read (no string `taskId` or `at`, no actor, an
 * unknown type, an extension without a due date) are counted as `skipped`: validating events is the
 * store's business, and the log does not throw on them.
 */
import type { LedgerEvent } from "./Event.ts";
import { parentIndex, weightsIfAny } from "./Progress.ts";
import type { Task } from "./Task.ts";
import { chinaDayOfMs, instantMs, mayReport, type StateEvent } from "./TaskState.ts";

const STATE_TYPES: ReadonlySet<string> = new Set(["report", "complete", "close", "reject", "reopen", "extend"]);
/** Recent events are regrouped once they number at least this many and an eighth of the log. */
const MIN_RECENT = 1024;

/**
 * The columns a fold reads: a snapshot. Appending writes past `recentLength` or into new arrays,
 * and regrouping makes new arrays, so what a snapshot holds does not change; a task's recent list
 * walked from `head` only reaches later events at positions ≥ `recentLength`.
 */
export interface EventLogColumns {
  /** Grouped part: task j's events are at `start[j]..start[j + 1]`, in append order. */
  start: Int32Array;
  events: readonly (StateEvent | undefined)[];
  /** Epoch milliseconds of each event's instant; NaN when `at` is not an instant. */
  ms: Float64Array;
  /** China-time day number of each event (0 when `ms` is NaN). */
  day: Int32Array;
  /**
   * 1 for a plain report: one naming no period, on a task whose deadline is not recurring, by an
   * actor who may report on it ({@link mayReport}); a fold applies it from `percent` alone.
   */
  plain: Uint8Array;
  /** A plain report's percent. */
  percent: Float64Array;
  /** Recent part, appended after every grouped event: the same columns, linked per task. */
  recentEvents: readonly (StateEvent | undefined)[];
  recentMs: Float64Array;
  recentDay: Int32Array;
  recentPlain: Uint8Array;
  recentPercent: Float64Array;
  /** The next recent event of the same task in append order, or -1. */
  recentNext: Int32Array;
  /** Each task's first recent event, or -1. */
  recentHead: Int32Array;
  /** How many recent events the snapshot holds. */
  recentLength: number;
}

/** Columns of recently appended events, grown by doubling. */
class Recent {
  count = 0;
  events: (StateEvent | undefined)[];
  ms: Float64Array;
  day: Int32Array;
  plain: Uint8Array;
  percent: Float64Array;
  next: Int32Array;
  task: Int32Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;

  constructor(tasks: number, capacity: number) {
    this.events = new Array(capacity);
    this.ms = new Float64Array(capacity);
    this.day = new Int32Array(capacity);
    this.plain = new Uint8Array(capacity);
    this.percent = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
    this.task = new Int32Array(capacity);
    this.head = new Int32Array(tasks).fill(-1);
    this.tail = new Int32Array(tasks).fill(-1);
  }

  /** Adds an event of task `i`; `percent` is NaN unless it is a plain report. */
  add(i: number, event: StateEvent, ms: number, percent: number): void {
    const k = this.count;
    if (k === this.ms.length) this.grow(2 * k);
    this.events[k] = event;
    this.ms[k] = ms;
    this.day[k] = Number.isNaN(ms) ? 0 : chinaDayOfMs(ms);
    this.plain[k] = Number.isNaN(percent) ? 0 : 1;
    this.percent[k] = percent;
    this.next[k] = -1;
    this.task[k] = i;
    const tail = this.tail[i] as number;
    if (tail < 0) this.head[i] = k;
    else this.next[tail] = k;
    this.tail[i] = k;
    this.count = k + 1;
  }

  private grow(capacity: number): void {
    const events = new Array<StateEvent | undefined>(capacity);
    for (let k = 0; k < this.count; k++) events[k] = this.events[k];
    this.events = events;
    this.ms = copy(new Float64Array(capacity), this.ms);
    this.day = copy(new Int32Array(capacity), this.day);
    this.plain = copy(new Uint8Array(capacity), this.plain);
    this.percent = copy(new Float64Array(capacity), this.percent);
    this.next = copy(new Int32Array(capacity), this.next);
    this.task = copy(new Int32Array(capacity), this.task);
  }
}

function copy<T extends Float64Array | Int32Array | Uint8Array>(to: T, from: T): T {
  to.set(from);
  return to;
}

/** A ledger's events in columns, appended one by one; see the module comment. */
export class EventLog {
  /** The tasks, in the order `computeLedger` is given them. */
  readonly tasks: readonly Task[];
  /** Task id → position in `tasks` (the last one, should an id repeat). */
  readonly index: Map<string, number>;
  /** Appended events that name no task of the log. */
  unknownTask = 0;
  /** Appended measurements (they belong to indicators, not to tasks). */
  measurements = 0;
  /** Appended values that are not readable ledger events. */
  skipped = 0;
  // The grouped part (see the module comment).
  private start: Int32Array;
  private events: (StateEvent | undefined)[] = [];
  private ms = new Float64Array(0);
  private day = new Int32Array(0);
  private plain = new Uint8Array(0);
  private percent = new Float64Array(0);
  private recent: Recent;
  /** The task of the previous event appended, tried first (a store returns events grouped by task). */
  private last = -1;
  private parent: Int32Array | undefined;
  private weight: { of: Float64Array | undefined } | undefined;

  /** An empty log for `tasks`; `capacity` is how many events to make room for at first. */
  constructor(tasks: readonly Task[], capacity = MIN_RECENT) {
    this.tasks = tasks;
    const index = new Map<string, number>();
    for (let i = 0; i < tasks.length; i++) index.set((tasks[i] as Task).id, i);
    this.index = index;
    this.start = new Int32Array(tasks.length + 1);
    this.recent = new Recent(tasks.length, Math.max(16, capacity));
  }

  /** A log of `tasks` holding `events`, appended in the order given. */
  static of(tasks: readonly Task[], events: Iterable<LedgerEvent>): EventLog {
    const log = new EventLog(tasks, Array.isArray(events) ? events.length : undefined);
    log.appendAll(events);
    return log;
  }

  /** Events held (measurements, unknown tasks' events and skipped values are not). */
  get length(): number {
    return this.ms.length + this.recent.count;
  }

  /** Appends one event; returns whether it was kept (see the module comment for what is not). */
  append(event: LedgerEvent): boolean {
    const kept = this.add(event);
    if (kept) this.regroupIfDue();
    return kept;
  }

  /** Appends events in the order given; returns how many were kept. */
  appendAll(events: Iterable<LedgerEvent>): number {
    let kept = 0;
    for (const e of events) if (this.add(e)) kept++;
    this.regroupIfDue();
    return kept;
  }

  /** The columns, for folding (a snapshot: see {@link EventLogColumns}). */
  columns(): EventLogColumns {
    const r = this.recent;
    return {
      start: this.start,
      events: this.events,
      ms: this.ms,
      day: this.day,
      plain: this.plain,
      percent: this.percent,
      recentEvents: r.events,
      recentMs: r.ms,
      recentDay: r.day,
      recentPlain: r.plain,
      recentPercent: r.percent,
      recentNext: r.next,
      recentHead: r.head,
      recentLength: r.count,
    };
  }

  /** Each task's parent index ({@link parentIndex}), computed once. */
  parents(): Int32Array {
    this.parent ??= parentIndex(this.tasks, this.index);
    return this.parent;
  }

  /** The tasks' own roll-up weights ({@link weightsIfAny}, no overrides), computed once. */
  weights(): Float64Array | undefined {
    this.weight ??= { of: weightsIfAny(this.tasks) };
    return this.weight.of;
  }

  /** Moves the recent events into the grouped part, each task's after its grouped events. */
  regroup(): void {
    const r = this.recent;
    const n = this.tasks.length;
    const m = this.ms.length + r.count;
    const old = this.start;
    const start = new Int32Array(n + 1);
    for (let k = 0; k < r.count; k++) {
      const j = r.task[k] as number;
      start[j + 1] = (start[j + 1] as number) + 1;
    }
    for (let j = 0; j < n; j++) {
      start[j + 1] = (start[j + 1] as number) + (start[j] as number) + ((old[j + 1] as number) - (old[j] as number));
    }
    const events = new Array<StateEvent | undefined>(m);
    const ms = new Float64Array(m);
    const day = new Int32Array(m);
    const plain = new Uint8Array(m);
    const percent = new Float64Array(m);
    // Where each task's next recent event goes.
    const fill = new Int32Array(n);
    for (let j = 0, q = 0; j < n; j++) {
      for (let p = old[j] as number; p < (old[j + 1] as number); p++, q++) {
        events[q] = this.events[p];
        ms[q] = this.ms[p] as number;
        day[q] = this.day[p] as number;
        plain[q] = this.plain[p] as number;
        percent[q] = this.percent[p] as number;
      }
      fill[j] = q;
      q = start[j + 1] as number;
    }
    for (let k = 0; k < r.count; k++) {
      const j = r.task[k] as number;
      const q = fill[j] as number;
      events[q] = r.events[k];
      ms[q] = r.ms[k] as number;
      day[q] = r.day[k] as number;
      plain[q] = r.plain[k] as number;
      percent[q] = r.percent[k] as number;
      fill[j] = q + 1;
    }
    this.start = start;
    this.events = events;
    this.ms = ms;
    this.day = day;
    this.plain = plain;
    this.percent = percent;
    this.recent = new Recent(n, MIN_RECENT);
  }

  private regroupIfDue(): void {
    const count = this.recent.count;
    if (count >= MIN_RECENT && 8 * count >= this.ms.length + this.tasks.length) this.regroup();
  }

  /** Validates, locates and adds one event to the recent part. */
  private add(event: LedgerEvent): boolean {
    if (typeof event !== "object" || event === null) {
      this.skipped++;
      return false;
    }
    if (event.type === "measurement") {
      this.measurements++;
      return false;
    }
    const { taskId, at, actor } = event;
    if (
      typeof taskId !== "string" ||
      typeof at !== "string" ||
      typeof actor !== "object" ||
      actor === null ||
      !STATE_TYPES.has(event.type) ||
      (event.type === "extend" && typeof event.due !== "string")
    ) {
      this.skipped++;
      return false;
    }
    const i = this.locate(taskId);
    if (i < 0) {
      this.unknownTask++;
      return false;
    }
    const task = this.tasks[i] as Task;
    const plain =
      event.type === "report" &&
      event.period === undefined &&
      typeof event.percent === "number" &&
      task.deadline?.kind !== "recurring" &&
      mayReport(task, actor);
    this.recent.add(i, event, instantMs(at), plain ? (event as { percent: number }).percent : Number.NaN);
    return true;
  }

  /** The position of task `id`, or -1: the previous event's task or the one after it, else by id. */
  private locate(id: string): number {
    const tasks = this.tasks;
    const last = this.last;
    if (last >= 0 && (tasks[last] as Task).id === id) return last;
    if (last + 1 < tasks.length && (tasks[last + 1] as Task).id === id) {
      this.last = last + 1;
      return last + 1;
    }
    const i = this.index.get(id) ?? -1;
    if (i >= 0) this.last = i;
    return i;
  }
}
