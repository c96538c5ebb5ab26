/**
 * An append-only event log for one set of tasks, kept in columns so that repeated as-of
 * computations neither parse instants nor look task ids up again: each event is read once, when
 * it is appended (task id → position, instant → China-time day). A report that only sets a percent (no
 * period, a task whose deadline is not recurring, an actor who may report on the task,
 * {@link PlainReports}) is marked "plain" with its percent, so a fold applies it without reading
 * the event object; every other event is applied from the object by the same rules.
 *
 * The columns come in two parts. Events appended lately are linked into their task's list in
 * append order (`next`, with each task's `head` and `tail`). Now and then (when they reach an
 * eighth of the log, and at the end of {@link EventLog.appendAll}) they are moved into the grouped
 * part, where each task's events lie together in time order (by instant, ties in append order;
 * unreadable instants last) at `start[j]..start[j + 1]`, so that a fold reads memory in sequence
 * rather than jumping through a log in time order, and never sorts. Appending is amortised O(1)
 * (columns grow by doubling, regrouping is paid by the appends that precede it), so an application
 * can keep one log per plan and append events as they arrive. Events may arrive in any order: a
 * task whose recent events are out of time order is sorted when it is folded. An array given to an
 * empty log ({@link EventLog.of}, {@link EventLog.appendAll}) goes straight into the grouped part:
 * grouped by task where it lies ({@link groupByTask}), then copied task by task.
 *
 * The grouped part holds per event a reference to it, its China-time day (its instant is read from
 * the event again only to order it among events appended later) and a byte for a plain report's
 * percent: 13 bytes. V8 starts a full collection of the heap (with millions of events live, seconds of work)
 * for every 64 MiB of typed arrays allocated, or once the heap grows by a share of its size, and
 * building a log of 5,000,000 events stays within both. {@link EventLog.columns} gives the columns
 * with instants and percents as typed arrays, made when asked for.
 *
 * Tasks are found by id through a hash table over the ids' characters ({@link TaskIndex}), tried
 * after the previous event's task and the one after it (a store returns events grouped by task).
 *
 * Events that name no task of the log are counted (`unknownTask`), measurements are counted, and
 * values that are not ledger events a fold could read (no string `taskId` or `at`, no actor, an
 * unknown type, an extension without a due date) are counted as `skipped`: validating events is the
 * store's business, and the log does not throw on them.
 */
import type { LedgerEvent } from "./Event.ts";
import { parentIndex, weightsIfAny } from "./Progress.ts";
import type { Task } from "./Task.ts";
import { groupByTask, readableTaskId, TaskRuns } from "./TaskGroups.ts";
import { TaskIndex } from "./TaskIndex.ts";
import { chinaDayOfMs, instantMs, mayReport, PlainReports, parseInstant, type StateEvent } from "./TaskState.ts";

/** Recent events are regrouped once they number at least this many and an eighth of the log. */
const MIN_RECENT = 1024;

/**
 * A plain report's percent in a byte of the grouped part: 0, not a plain report; 1–101, a plain
 * report of percent code − 1; {@link READ_PERCENT}, a plain report whose percent is read from the
 * event (not a whole number from 0 to 100).
 */
export const READ_PERCENT = 255;

/** The byte for a plain report of percent `p` (see {@link READ_PERCENT}). */
function percentCode(p: number): number {
  return Number.isInteger(p) && p >= 0 && p <= 100 && !Object.is(p, -0) ? p + 1 : READ_PERCENT;
}

/**
 * The log's columns ({@link EventLog.columns}): a snapshot. Appending writes past `recentLength` or
 * into new arrays, and regrouping makes new arrays, so what a snapshot holds does not change; a
 * task's recent list walked from `head` only reaches later events at positions ≥ `recentLength`.
 */
/** The recent part of a snapshot, appended after every grouped event: the same columns, linked per task. */
export interface RecentColumns {
  recentEvents: readonly (StateEvent | undefined)[];
  recentMs: Float64Array;
  recentDay: Int32Array;
  recentPlain: Uint8Array;
  recentPercent: Float64Array;
  /** The next recent event of the same task in append order, or -1. */
  recentNext: Int32Array;
  /** How many recent events the snapshot holds. */
  recentLength: number;
}

export interface EventLogColumns extends RecentColumns {
  /** Grouped part: task j's events are at `start[j]..start[j + 1]`, in time order (ties in append order). */
  start: Int32Array;
  /** The grouped events: the one at position p is `events[p]`, or `events[ref[p]]` when there is a `ref`. */
  events: readonly (StateEvent | undefined)[];
  /** Where each grouped event is in `events`, if not at its own position (this log never sets it). */
  ref?: Int32Array | undefined;
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
  /** Each task's first recent event, or -1. */
  recentHead: Int32Array;
}

/** Columns of recently appended events, grown by doubling; the per-task lists made on the first. */
class Recent {
  count = 0;
  events: (StateEvent | undefined)[];
  ms: Float64Array;
  day: Int32Array;
  plain: Uint8Array;
  percent: Float64Array;
  next: Int32Array;
  task: Int32Array;
  head: Int32Array | undefined;
  tail: Int32Array | undefined;
  private readonly tasks: number;

  constructor(tasks: number, capacity: number) {
    this.tasks = tasks;
    this.events = new Array(capacity);
    this.ms = new Float64Array(capacity);
    this.day = new Int32Array(capacity);
    this.plain = new Uint8Array(capacity);
    this.percent = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
    this.task = new Int32Array(capacity);
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
    this.head ??= new Int32Array(this.tasks).fill(-1);
    this.tail ??= new Int32Array(this.tasks).fill(-1);
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

/** The day of a grouped event whose `at` is not an instant. */
export const UNDATED = -2147483648;

/**
 * What a fold reads (internal to the package): a snapshot as {@link EventLogColumns}, with the
 * grouped part as the log keeps it. Nothing in it changes once taken.
 */
export interface LogView extends RecentColumns {
  /** Task j's grouped events are at `start[j]..start[j + 1]`, in time order. */
  start: Int32Array;
  events: readonly (StateEvent | undefined)[];
  /** Each grouped event's China-time day number ({@link UNDATED}: `at` is not an instant). */
  day: Int32Array;
  /** Each grouped event's plain-report byte (see {@link READ_PERCENT}). */
  percent: Uint8Array;
  /** Each task's first recent event, or -1; undefined while there are none. */
  recentHead: Int32Array | undefined;
}

/** The key of {@link EventLog}'s method giving a {@link LogView}. */
const VIEW = Symbol("EventLog.view");

/** Whether `a` sorts before `b` by instant (NaN, an unreadable instant, after every instant). */
const before = (a: number, b: number): boolean => a < b || (Number.isNaN(b) && !Number.isNaN(a));

/** A ledger's events in columns, appended one by one; see the module comment. */
export class EventLog {
  /** The tasks, in the order `computeLedger` is given them. */
  readonly tasks: readonly Task[];
  /** Appended events that name no task of the log. */
  unknownTask = 0;
  /** Appended measurements (they belong to indicators, not to tasks). */
  measurements = 0;
  /** Appended values that are not readable ledger events. */
  skipped = 0;
  private readonly ids: TaskIndex;
  private map: Map<string, number> | undefined;
  // The grouped part (see the module comment).
  private start: Int32Array;
  private events: (StateEvent | undefined)[] = [];
  private day: Int32Array = new Int32Array(0);
  private percent: Uint8Array = new Uint8Array(0);
  /** The columns' typed arrays that the log does not keep itself, once asked for. */
  private typed: Pick<EventLogColumns, "ms" | "day" | "plain" | "percent"> | undefined;
  private recent: Recent;
  /** The task of the previous event appended, tried first (a store returns events grouped by task). */
  private last = -1;
  private parent: Int32Array | undefined;
  /** Per task: 1 when its deadline recurs, 2 when not (0: not yet known); a unit seen allowed to report. */
  private reporting: { recurs: Uint8Array; unit: (string | undefined)[] } | undefined;
  private weight: { of: Float64Array | undefined } | undefined;

  /** An empty log for `tasks`; `capacity` is how many events to make room for at first. */
  constructor(tasks: readonly Task[], capacity = MIN_RECENT) {
    this.tasks = tasks;
    this.ids = new TaskIndex(tasks);
    this.start = new Int32Array(tasks.length + 1);
    this.recent = new Recent(tasks.length, Math.max(16, capacity));
  }

  /** A log of `tasks` holding `events`, appended in the order given. */
  static of(tasks: readonly Task[], events: Iterable<LedgerEvent>): EventLog {
    const log = new EventLog(tasks);
    log.appendAll(events);
    return log;
  }

  /** Task id → position in `tasks` (the last one, should an id repeat); built on first access. */
  get index(): Map<string, number> {
    this.map ??= this.ids.toMap();
    return this.map;
  }

  /** Events held (measurements, unknown tasks' events and skipped values are not). */
  get length(): number {
    return this.day.length + this.recent.count;
  }

  /** Appends one event; returns whether it was kept (see the module comment for what is not). */
  append(event: LedgerEvent): boolean {
    const i = this.place(event);
    if (i < 0) return false;
    this.addRecent(i, event as StateEvent);
    this.regroupIfDue();
    return true;
  }

  /** Appends events in the order given; returns how many were kept. */
  appendAll(events: Iterable<LedgerEvent>): number {
    if (Array.isArray(events) && this.length === 0) {
      return this.fill(events as readonly LedgerEvent[]);
    }
    let kept = 0;
    for (const e of events) {
      const i = this.place(e);
      if (i < 0) continue;
      this.addRecent(i, e as StateEvent);
      kept++;
    }
    this.regroupIfDue();
    return kept;
  }

  /**
   * The columns (a snapshot: see {@link EventLogColumns}). The grouped part's instants and percents
   * are made into typed arrays on the first call after it changes (folds do not use them).
   */
  columns(): EventLogColumns {
    const v = this[VIEW]();
    if (!this.typed) {
      const m = v.day.length;
      const ms = new Float64Array(m);
      const day = new Int32Array(m);
      const plain = new Uint8Array(m);
      const percent = new Float64Array(m);
      for (let p = 0; p < m; p++) {
        const e = v.events[p] as StateEvent;
        ms[p] = instantMs(e.at);
        const d = v.day[p] as number;
        day[p] = d === UNDATED ? 0 : d;
        const code = v.percent[p] as number;
        plain[p] = code === 0 ? 0 : 1;
        percent[p] = code === 0 ? Number.NaN : code === READ_PERCENT ? (e as { percent: number }).percent : code - 1;
      }
      this.typed = { ms, day, plain, percent };
    }
    return {
      start: v.start,
      events: v.events,
      ms: this.typed.ms,
      day: this.typed.day,
      plain: this.typed.plain,
      percent: this.typed.percent,
      recentEvents: v.recentEvents,
      recentMs: v.recentMs,
      recentDay: v.recentDay,
      recentPlain: v.recentPlain,
      recentPercent: v.recentPercent,
      recentNext: v.recentNext,
      // No recent events yet: no lists (later appends link only events after the snapshot's length).
      recentHead: v.recentHead ?? new Int32Array(this.tasks.length).fill(-1),
      recentLength: v.recentLength,
    };
  }

  /** What a fold reads (see {@link logView}). */
  [VIEW](): LogView {
    const r = this.recent;
    return {
      start: this.start,
      events: this.events,
      day: this.day,
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
    this.parent ??= parentIndex(this.tasks, () => this.index);
    return this.parent;
  }

  /** The tasks' own roll-up weights ({@link weightsIfAny}, no overrides), computed once. */
  weights(): Float64Array | undefined {
    this.weight ??= { of: weightsIfAny(this.tasks) };
    return this.weight.of;
  }

  /** Moves the recent events into the grouped part, each task's after its grouped events, in time order. */
  regroup(): void {
    const r = this.recent;
    const n = this.tasks.length;
    const m = this.day.length + r.count;
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
    const day = new Int32Array(m);
    const percent = new Uint8Array(m);
    // Where each task's next recent event goes.
    const fill = new Int32Array(n);
    for (let j = 0, q = 0; j < n; j++) {
      for (let p = old[j] as number; p < (old[j + 1] as number); p++, q++) {
        events[q] = this.events[p];
        day[q] = this.day[p] as number;
        percent[q] = this.percent[p] as number;
      }
      fill[j] = q;
      q = start[j + 1] as number;
    }
    for (let k = 0; k < r.count; k++) {
      const j = r.task[k] as number;
      const q = fill[j] as number;
      events[q] = r.events[k];
      day[q] = Number.isNaN(r.ms[k] as number) ? UNDATED : (r.day[k] as number);
      percent[q] = r.plain[k] === 1 ? percentCode(r.percent[k] as number) : 0;
      fill[j] = q + 1;
    }
    // The runs of tasks with recent events into time order (the instants read from the events again).
    const sorter = new RunSorter(events, day, percent);
    const head = r.head;
    for (let j = 0; j < n && head; j++) {
      if ((head[j] as number) >= 0) sorter.sortByInstant(start[j] as number, start[j + 1] as number);
    }
    this.setGrouped(start, events, day, percent);
    this.recent = new Recent(n, MIN_RECENT);
  }

  private setGrouped(
    start: Int32Array,
    events: (StateEvent | undefined)[],
    day: Int32Array,
    percent: Uint8Array,
  ): void {
    this.start = start;
    this.events = events;
    this.day = day;
    this.percent = percent;
    this.typed = undefined;
  }

  private regroupIfDue(): void {
    const count = this.recent.count;
    if (count >= MIN_RECENT && 8 * count >= this.day.length + this.tasks.length) this.regroup();
  }

  /**
   * Fills an empty log's grouped part from an array: its events grouped by task where they lie
   * ({@link groupByTask}: each event read once, its task looked up), then each task's events read
   * in turn (a batch of tasks at a time, {@link TaskRuns}), their instants parsed and their plain
   * reports marked as they are copied into the columns, and each task's run put in time order.
   */
  private fill(input: readonly LedgerEvent[]): number {
    const groups = groupByTask(this.ids, input, true);
    this.unknownTask += groups.unknownTask;
    this.measurements += groups.measurements;
    this.skipped += groups.skipped;
    const { tasks } = this;
    const n = tasks.length;
    const kept = groups.kept;
    // Task j's entry of `last` is read when its events are gathered, and is its start from then on.
    const start = groups.last;
    const events = new Array<StateEvent | undefined>(kept);
    const day = new Int32Array(kept);
    const percent = new Uint8Array(kept);
    const runs = new TaskRuns(groups);
    const plain = new PlainReports();
    const sorter = new RunSorter(events, day, percent);
    let q = 0;
    for (let j = 0; j < n; j++) {
      const t = runs.of(j, input);
      const first = q;
      start[j] = first;
      const to = runs.from[t + 1] as number;
      const positions = runs.positions;
      plain.reset(tasks[j] as Task);
      const ms = sorter.room(to - (runs.from[t] as number));
      let sorted = true;
      for (let p = runs.from[t] as number; p < to; p++) {
        const e = input[positions[p] as number] as StateEvent;
        parseInstant(e.at, ms, q - first);
        const at = ms[q - first] as number;
        events[q] = e;
        day[q] = Number.isNaN(at) ? UNDATED : chinaDayOfMs(at);
        const pct = plain.percentOf(e);
        percent[q] = Number.isNaN(pct) ? 0 : percentCode(pct);
        if (sorted && q > first && before(at, ms[q - first - 1] as number)) sorted = false;
        q++;
      }
      if (!sorted) sorter.sort(first, q);
    }
    start[n] = q;
    this.setGrouped(start, events, day, percent);
    return kept;
  }

  /**
   * Checks and locates one event: its task's position, or -1 when it is not kept (counted as a
   * measurement, an unknown task's event or a skipped value).
   */
  private place(event: LedgerEvent): number {
    const taskId = readableTaskId(event, this);
    if (taskId === undefined) return -1;
    const i = this.locate(taskId);
    if (i < 0) this.unknownTask++;
    return i;
  }

  /**
   * A plain report's percent (see {@link EventLogColumns.plain}), else NaN. What the task allows is
   * remembered per task (whether its deadline recurs, a unit seen to be allowed to report), so most
   * reports are judged without reading the task's responsibility again.
   */
  private plainPercent(i: number, event: StateEvent): number {
    if (event.type !== "report" || event.period !== undefined || typeof event.percent !== "number") return Number.NaN;
    this.reporting ??= { recurs: new Uint8Array(this.tasks.length), unit: new Array(this.tasks.length) };
    const known = this.reporting;
    const recurs = known.recurs[i] as number;
    if (recurs === 1) return Number.NaN;
    const { actor } = event;
    if (recurs === 2 && actor.unit !== undefined && actor.role === "reporter" && known.unit[i] === actor.unit) {
      return event.percent;
    }
    const task = this.tasks[i] as Task;
    if (task.deadline?.kind === "recurring") {
      known.recurs[i] = 1;
      return Number.NaN;
    }
    known.recurs[i] = 2;
    if (!mayReport(task, actor)) return Number.NaN;
    if (actor.role === "reporter" && actor.unit !== undefined) known.unit[i] = actor.unit;
    return event.percent;
  }

  private addRecent(i: number, event: StateEvent): void {
    this.recent.add(i, event, instantMs(event.at), this.plainPercent(i, event));
  }

  /** The position of task `id`, or -1: the previous event's task or the one after it, else by id. */
  private locate(id: string): number {
    const ids = this.ids.ids;
    const last = this.last;
    if (last >= 0 && ids[last] === id) return last;
    if (last + 1 < ids.length && ids[last + 1] === id) {
      this.last = last + 1;
      return last + 1;
    }
    const i = this.ids.get(id);
    if (i >= 0) this.last = i;
    return i;
  }
}

/** What a fold of `log` reads: its columns as the log keeps them (internal to the package). */
export function logView(log: EventLog): LogView {
  return log[VIEW]();
}

/**
 * Puts runs of grouped events in time order: by instant (unreadable ones last), ties in their order.
 * Moves each event with its day and percent byte; the instants are given (`room`, then `sort`) or
 * read from the events (`sortByInstant`).
 */
class RunSorter {
  private readonly events: (StateEvent | undefined)[];
  private readonly day: Int32Array;
  private readonly percent: Uint8Array;
  /** The instants of the run being sorted, from its start. */
  private ms = new Float64Array(64);

  constructor(events: (StateEvent | undefined)[], day: Int32Array, percent: Uint8Array) {
    this.events = events;
    this.day = day;
    this.percent = percent;
  }

  /** Room for the instants of a run of `count` events, to fill before {@link RunSorter.sort}. */
  room(count: number): Float64Array {
    if (count > this.ms.length) this.ms = new Float64Array(Math.max(count, 2 * this.ms.length));
    return this.ms;
  }

  /** Sorts the run at `from..to` by the instants of its events, read from them; nothing moves if in order. */
  sortByInstant(from: number, to: number): void {
    const ms = this.room(to - from);
    let sorted = true;
    for (let p = from; p < to; p++) {
      parseInstant((this.events[p] as StateEvent).at, ms, p - from);
      if (p > from && before(ms[p - from] as number, ms[p - from - 1] as number)) sorted = false;
    }
    if (!sorted) this.sort(from, to);
  }

  /** Sorts the run at `from..to` by the instants in `room`'s array: insertion sort on short runs. */
  sort(from: number, to: number): void {
    const { events, day, percent, ms } = this;
    const count = to - from;
    if (count <= 32) {
      for (let q = 1; q < count; q++) {
        const e = events[from + q];
        const t = ms[q] as number;
        const d = day[from + q] as number;
        const pc = percent[from + q] as number;
        let p = q;
        for (; p > 0 && before(t, ms[p - 1] as number); p--) {
          events[from + p] = events[from + p - 1];
          ms[p] = ms[p - 1] as number;
          day[from + p] = day[from + p - 1] as number;
          percent[from + p] = percent[from + p - 1] as number;
        }
        events[from + p] = e;
        ms[p] = t;
        day[from + p] = d;
        percent[from + p] = pc;
      }
      return;
    }
    const order = Array.from({ length: count }, (_, k) => k);
    order.sort((a, b) =>
      before(ms[a] as number, ms[b] as number) ? -1 : before(ms[b] as number, ms[a] as number) ? 1 : a - b,
    );
    const moved = order.map((k) => [events[from + k], day[from + k] as number, percent[from + k] as number] as const);
    for (let k = 0; k < count; k++) {
      const [e, d, pc] = moved[k] as (typeof moved)[number];
      events[from + k] = e;
      day[from + k] = d;
      percent[from + k] = pc;
    }
  }
}
