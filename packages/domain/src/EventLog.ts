/**
 * An append-only event log for one set of tasks, kept in columns so that repeated as-of
 * computations neither parse instants nor look task ids up again: each event is read once, when
 * it is appended (task id → position, instant → epoch ms and China-time day), and linked into
 * its task's list in append order. `computeLedger` walks each task's list from the columns.
 *
 * Appending is amortised O(1) (columns grow by doubling), so an application can keep one log per
 * plan and append events as they arrive. Events may arrive in any order: a task whose events are
 * out of time order is sorted when it is folded, like the array input of `computeLedger`.
 *
 * Events that name no task of the log are counted (`unknownTask`), measurements are counted, and
 * values that are not ledger events a fold could read (no string `taskId` or `at`, no actor, an
 * unknown type, an extension without a due date) are counted as `skipped`: validating events is the
 * store's business, and the log does not throw on them.
 */
import type { LedgerEvent } from "./Event.ts";
import type { Task } from "./Task.ts";
import { chinaDayOfMs, instantMs, type StateEvent } from "./TaskState.ts";

const STATE_TYPES: ReadonlySet<string> = new Set(["report", "complete", "close", "reject", "reopen", "extend"]);

/**
 * The columns a fold reads. Appending writes past the end of these arrays or into new ones, so the
 * first `length` entries stay valid, and a task's list walked from `head` only reaches later
 * events at positions ≥ `length`.
 */
export interface EventLogColumns {
  /** The events, by position in the log (undefined past the end). */
  events: readonly (StateEvent | undefined)[];
  /** Epoch milliseconds of each event's instant; NaN when `at` is not an instant. */
  ms: Float64Array;
  /** China-time day number of each event (meaningless when `ms` is NaN). */
  day: Int32Array;
  /** The next event of the same task in append order, or -1. */
  next: Int32Array;
  /** Each task's first event, or -1. */
  head: Int32Array;
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
  private count = 0;
  /** Preallocated (holey) and grown by doubling with the columns: a large array grown one by one is copied many times. */
  private events: (StateEvent | undefined)[];
  private ms: Float64Array;
  private day: Int32Array;
  private next: Int32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  /** The task of the previous event appended, tried first (a store returns events grouped by task). */
  private last = -1;

  /** An empty log for `tasks`; `capacity` is how many events to make room for at first. */
  constructor(tasks: readonly Task[], capacity = 1024) {
    this.tasks = tasks;
    const index = new Map<string, number>();
    for (let i = 0; i < tasks.length; i++) index.set((tasks[i] as Task).id, i);
    this.index = index;
    const cap = Math.max(16, capacity);
    this.events = new Array(cap);
    this.ms = new Float64Array(cap);
    this.day = new Int32Array(cap);
    this.next = new Int32Array(cap);
    this.head = new Int32Array(tasks.length).fill(-1);
    this.tail = new Int32Array(tasks.length).fill(-1);
  }

  /** A log of `tasks` holding `events`, appended in the order given. */
  static of(tasks: readonly Task[], events: Iterable<LedgerEvent>): EventLog {
    const log = new EventLog(tasks, Array.isArray(events) ? events.length : undefined);
    log.appendAll(events);
    return log;
  }

  /** Events held (measurements, unknown tasks' events and skipped values are not). */
  get length(): number {
    return this.count;
  }

  /** Appends one event; returns whether it was kept (see the module comment for what is not). */
  append(event: LedgerEvent): boolean {
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
    const k = this.count;
    if (k === this.ms.length) this.grow(2 * k);
    const ms = instantMs(at);
    this.events[k] = event;
    this.ms[k] = ms;
    this.day[k] = Number.isNaN(ms) ? 0 : chinaDayOfMs(ms);
    this.next[k] = -1;
    const tail = this.tail[i] as number;
    if (tail < 0) this.head[i] = k;
    else this.next[tail] = k;
    this.tail[i] = k;
    this.count = k + 1;
    return true;
  }

  /** Appends events in the order given; returns how many were kept. */
  appendAll(events: Iterable<LedgerEvent>): number {
    let kept = 0;
    for (const e of events) if (this.append(e)) kept++;
    return kept;
  }

  /** The columns, for folding (see {@link EventLogColumns} for what stays valid after appends). */
  columns(): EventLogColumns {
    return { events: this.events, ms: this.ms, day: this.day, next: this.next, head: this.head };
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

  private grow(capacity: number): void {
    const events = new Array<StateEvent | undefined>(capacity);
    for (let k = 0; k < this.count; k++) events[k] = this.events[k];
    this.events = events;
    const ms = new Float64Array(capacity);
    ms.set(this.ms);
    this.ms = ms;
    const day = new Int32Array(capacity);
    day.set(this.day);
    this.day = day;
    const next = new Int32Array(capacity);
    next.set(this.next);
    this.next = next;
  }
}
