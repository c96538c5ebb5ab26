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
 * part, where each task's events lie together in time order (by instant, ties in append order;
 * unreadable instants last) at `start[j]..start[j + 1]`, so that a fold reads memory in sequence
 * rather than jumping through a log in time order, and never sorts. Appending is amortised O(1)
 * (columns grow by doubling, regrouping is paid by the appends that precede it), so an application
 * can keep one log per plan and append events as they arrive. Events may arrive in any order: a
 * task whose recent events are out of time order is sorted when it is folded. An array given to an
 * empty log ({@link EventLog.of}, {@link EventLog.appendAll}) goes straight into the grouped part.
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
import { TaskIndex } from "./TaskIndex.ts";
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
  /** Grouped part: task j's events are at `start[j]..start[j + 1]`, in time order (ties in append order). */
  start: Int32Array;
  /** The grouped events: the one at position p is `events[p]`, or `events[ref[p]]` when there is a `ref`. */
  events: readonly (StateEvent | undefined)[];
  /** Where each grouped event is in `events`, when the log reads them from the array it was given. */
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

/** The key of {@link EventLog}'s method filling a log that reads its events from the array given. */
const BORROW = Symbol("EventLog.borrow");

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
  private events: readonly (StateEvent | undefined)[] = [];
  private ref: Int32Array | undefined;
  private ms = new Float64Array(0);
  private day = new Int32Array(0);
  private plain = new Uint8Array(0);
  private percent = new Float64Array(0);
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
    return this.ms.length + this.recent.count;
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

  /** The columns, for folding (a snapshot: see {@link EventLogColumns}). */
  columns(): EventLogColumns {
    const r = this.recent;
    return {
      start: this.start,
      events: this.events,
      ref: this.ref,
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
    const ref = this.ref;
    const ms = new Float64Array(m);
    const day = new Int32Array(m);
    const plain = new Uint8Array(m);
    const percent = new Float64Array(m);
    // Where each task's next recent event goes.
    const fill = new Int32Array(n);
    for (let j = 0, q = 0; j < n; j++) {
      for (let p = old[j] as number; p < (old[j + 1] as number); p++, q++) {
        events[q] = this.events[ref ? (ref[p] as number) : p];
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
    this.ref = undefined;
    this.ms = ms;
    this.day = day;
    this.plain = plain;
    this.percent = percent;
    this.sortRuns();
    this.recent = new Recent(n, MIN_RECENT);
  }

  private regroupIfDue(): void {
    const count = this.recent.count;
    if (count >= MIN_RECENT && 8 * count >= this.ms.length + this.tasks.length) this.regroup();
  }

  /**
   * Fills an empty log from `input`, which it then reads its events from rather than copying them:
   * for a log used once, while the array is left as it is (`computeLedger` on an array).
   */
  [BORROW](input: readonly LedgerEvent[]): void {
    if (this.length !== 0) throw new RangeError("EventLog: only an empty log can borrow an array");
    this.fill(input, true);
  }

  /**
   * Fills an empty log's grouped part from an array in two passes: each event read once (its task
   * found, its instant parsed, whether it is a plain report), then placed by task (a counting sort)
   * and each task's run put in time order. A borrowing log keeps `input` and each event's index in it.
   *
   * Scratch columns, and a borrowing log's columns, are plain arrays in the JS heap rather than
   * typed arrays: V8 starts a full collection for about every 64 MB of ArrayBuffer (or
   * WebAssembly) memory allocated, whatever room the heap has, and with millions of event objects
   * live each collection costs seconds; the heap's own limit leaves room for these.
   */
  private fill(input: readonly LedgerEvent[], borrow = false): number {
    const n = this.tasks.length;
    const count = input.length;
    // Scratch columns in the heap: see the method comment.
    const owner = smallInts(count);
    const msIn = doubles(count);
    // A plain report's percent, else NaN.
    const percentIn = doubles(count);
    const start = new Int32Array(n + 1);
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const e = input[k] as LedgerEvent;
      const i = this.place(e);
      owner[k] = i;
      if (i < 0) continue;
      kept++;
      start[i + 1] = (start[i + 1] as number) + 1;
      msIn[k] = instantMs((e as StateEvent).at);
      percentIn[k] = this.plainPercent(i, e as StateEvent);
    }
    for (let j = 0; j < n; j++) start[j + 1] = (start[j + 1] as number) + (start[j] as number);
    const events = borrow ? (input as readonly (StateEvent | undefined)[]) : new Array<StateEvent | undefined>(kept);
    // A borrowing log's columns are heap arrays read as typed ones (it never hands them out).
    const ms = borrow ? (doubles(kept) as unknown as Float64Array<ArrayBuffer>) : new Float64Array(kept);
    const percent = borrow ? (doubles(kept) as unknown as Float64Array<ArrayBuffer>) : new Float64Array(kept);
    const day = borrow ? (smallInts(kept) as unknown as Int32Array<ArrayBuffer>) : new Int32Array(kept);
    const plain = borrow ? (smallInts(kept) as unknown as Uint8Array<ArrayBuffer>) : new Uint8Array(kept);
    const ref = borrow ? (smallInts(kept) as unknown as Int32Array<ArrayBuffer>) : undefined;
    const fill = start.slice(0, n);
    for (let k = 0; k < count; k++) {
      const j = owner[k] as number;
      if (j < 0) continue;
      const q = fill[j] as number;
      fill[j] = q + 1;
      const t = msIn[k] as number;
      const pct = percentIn[k] as number;
      if (ref) ref[q] = k;
      else (events as (StateEvent | undefined)[])[q] = input[k] as StateEvent;
      ms[q] = t;
      day[q] = Number.isNaN(t) ? 0 : chinaDayOfMs(t);
      if (!Number.isNaN(pct)) {
        plain[q] = 1;
        percent[q] = pct;
      } else percent[q] = Number.NaN;
    }
    this.start = start;
    this.events = events;
    this.ref = ref;
    this.ms = ms;
    this.day = day;
    this.plain = plain;
    this.percent = percent;
    this.sortRuns();
    return kept;
  }

  /** Puts each task's grouped events in time order (stable: ties keep their order). */
  private sortRuns(): void {
    const { start, ms } = this;
    const n = this.tasks.length;
    for (let j = 0; j < n; j++) {
      const from = start[j] as number;
      const to = start[j + 1] as number;
      for (let q = from + 1; q < to; q++) {
        if (before(ms[q] as number, ms[q - 1] as number)) {
          this.sortRun(from, to);
          break;
        }
      }
    }
  }

  /** Sorts the grouped events at `from..to` by instant, ties in their order: insertion sort on short runs. */
  private sortRun(from: number, to: number): void {
    const { ms, day, plain, percent } = this;
    // What moves with an event: its index in a borrowed array, else the event itself.
    const events: (StateEvent | number | undefined)[] | Int32Array =
      this.ref ?? (this.events as (StateEvent | undefined)[]);
    if (to - from <= 32) {
      for (let q = from + 1; q < to; q++) {
        const e = events[q];
        const t = ms[q] as number;
        const d = day[q] as number;
        const pl = plain[q] as number;
        const pc = percent[q] as number;
        let p = q;
        for (; p > from && before(t, ms[p - 1] as number); p--) {
          events[p] = events[p - 1];
          ms[p] = ms[p - 1] as number;
          day[p] = day[p - 1] as number;
          plain[p] = plain[p - 1] as number;
          percent[p] = percent[p - 1] as number;
        }
        events[p] = e;
        ms[p] = t;
        day[p] = d;
        plain[p] = pl;
        percent[p] = pc;
      }
      return;
    }
    const order = Array.from({ length: to - from }, (_, k) => from + k);
    order.sort((a, b) =>
      before(ms[a] as number, ms[b] as number) ? -1 : before(ms[b] as number, ms[a] as number) ? 1 : a - b,
    );
    // Read every moved value before writing any (plain loops: a borrowing log's columns are arrays).
    const moved = order.map((q) => [events[q], ms[q], day[q], plain[q], percent[q]] as const);
    for (let k = 0; k < moved.length; k++) {
      const [e, t, d, pl, pc] = moved[k] as (typeof moved)[number];
      events[from + k] = e as StateEvent;
      ms[from + k] = t as number;
      day[from + k] = d as number;
      plain[from + k] = pl as number;
      percent[from + k] = pc as number;
    }
  }

  /**
   * Checks and locates one event: its task's position, or -1 when it is not kept (counted as a
   * measurement, an unknown task's event or a skipped value).
   */
  private place(event: LedgerEvent): number {
    if (typeof event !== "object" || event === null) {
      this.skipped++;
      return -1;
    }
    if (event.type === "measurement") {
      this.measurements++;
      return -1;
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
      return -1;
    }
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

/** `n` numbers in a heap array of unboxed doubles (NaN until written). */
function doubles(n: number): number[] {
  return new Array<number>(n).fill(Number.NaN);
}

/** `n` small integers in a heap array (0 until written). */
function smallInts(n: number): number[] {
  return new Array<number>(n).fill(0);
}

/**
 * A log for one computation that reads its events from `events` (kept, not copied) rather than
 * holding them itself: the array must be left as it is while the log is in use.
 */
export function borrowingLog(tasks: readonly Task[], events: readonly LedgerEvent[]): EventLog {
  const log = new EventLog(tasks, 16);
  log[BORROW](events);
  return log;
}
