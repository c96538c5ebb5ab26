/**
 * An array of events grouped by task without moving or copying them: each task's events chained
 * through their positions in the array (a task's last event first, each event linking to the one
 * before it of the same task), so that grouping allocates one array slot per event and one per task.
 *
 * Each event is read once, in batches: a small loop reads the events (the only one touching them:
 * they lie wherever they were made) and keeps the task id of each readable state event, then the
 * ids are looked up in a batch ({@link TaskIndex.locate}).
 *
 * The per-event links can be a typed array or a heap array, as the caller's memory allows: V8 starts
 * a full collection of the heap (with millions of events live, seconds of work) once typed arrays
 * reach 64 MiB since the last one, or once the heap grows by a share of its size (for a heap of
 * events, about a tenth).
 *
 * Values that are not ledger events a fold could read (not an object, no string `taskId` or `at`,
 * no actor, an unknown type, an extension without a due date) are counted as skipped; measurements
 * are counted, and so are events naming a task not in the index. Validating events is the store's
 * business: nothing here throws on them.
 */
import type { LedgerEvent } from "./Event.ts";
import { LOCATE_BATCH, type TaskIndex } from "./TaskIndex.ts";

/** What the loops that only read events read: written, never read, so that the reads are not optimised away. */
// biome-ignore lint/correctness/noUnusedVariables: written so that the reads feeding it stay.
let sink = 0;

export interface TaskGroups {
  /**
   * Task j's last event's position + 1 (0: it has none). It has an entry more than there are tasks,
   * so that a caller who has gathered a task's events ({@link TaskRuns}) may reuse its entry.
   */
  last: Int32Array;
  /** The position + 1 of the event before event k of the same task (0: none); for events kept only. */
  before: ArrayLike<number>;
  /** Events grouped: readable state events of the index's tasks. */
  kept: number;
  unknownTask: number;
  measurements: number;
  skipped: number;
}

/**
 * The task id of a readable state event, undefined for any other value; `counts` gets measurements
 * and skipped values counted.
 */
export function readableTaskId(value: unknown, counts: { measurements: number; skipped: number }): string | undefined {
  if (typeof value !== "object" || value === null) {
    counts.skipped++;
    return undefined;
  }
  const e = value as LedgerEvent;
  const type = e.type;
  switch (type) {
    case "report":
    case "complete":
    case "close":
    case "reject":
    case "reopen":
      break;
    case "extend":
      if (typeof e.due !== "string") {
        counts.skipped++;
        return undefined;
      }
      break;
    case "measurement":
      counts.measurements++;
      return undefined;
    default:
      counts.skipped++;
      return undefined;
  }
  const { taskId, actor } = e;
  if (typeof taskId !== "string" || typeof e.at !== "string" || typeof actor !== "object" || actor === null) {
    counts.skipped++;
    return undefined;
  }
  return taskId;
}

/**
 * Groups `events` by the task `index` finds for each (see the module comment); the links are a typed
 * array when `typed`, else a heap array.
 */
export function groupByTask(index: TaskIndex, events: readonly LedgerEvent[], typed = false): TaskGroups {
  const n = events.length;
  const counts = { measurements: 0, skipped: 0 };
  const last = new Int32Array(index.ids.length + 1);
  const before = typed ? new Int32Array(n) : new Array<number>(n);
  const ids = new Array<string | undefined>(LOCATE_BATCH).fill(undefined);
  const found = new Int32Array(LOCATE_BATCH);
  let kept = 0;
  let unknownTask = 0;
  let touched = 0;
  index.restart();
  for (let k0 = 0; k0 < n; k0 += LOCATE_BATCH) {
    const m = Math.min(LOCATE_BATCH, n - k0);
    // A first loop only reads each event and its task id's length: being small, it has many of
    // those memory reads in flight at once, and the loop after it finds them in the cache.
    for (let b = 0; b < m; b++) {
      const e = events[k0 + b];
      if (typeof e === "object" && e !== null) {
        const id = e.taskId;
        if (typeof id === "string") touched += id.length;
      }
    }
    for (let b = 0; b < m; b++) ids[b] = readableTaskId(events[k0 + b], counts);
    index.locate(ids, m, found);
    for (let b = 0; b < m; b++) {
      const i = found[b] as number;
      if (i >= 0) {
        before[k0 + b] = last[i] as number;
        last[i] = k0 + b + 1;
        kept++;
      } else {
        before[k0 + b] = 0;
        if (ids[b] !== undefined) unknownTask++;
      }
    }
  }
  sink ^= touched;
  return { last, before, kept, unknownTask, measurements: counts.measurements, skipped: counts.skipped };
}

/** How many tasks' events {@link TaskRuns} gathers at a time. */
const GATHER_TASKS = 64;

/**
 * Each task's events in array order, gathered from {@link TaskGroups} a batch of tasks at a time:
 * the tasks' chains walked side by side (each step along one chain waits on memory, but the chains
 * do not wait on each other), then the events read in a loop of their own, so that those memory
 * reads overlap too.
 */
export class TaskRuns {
  /** The first task gathered; `count` tasks are. */
  first = 0;
  count = 0;
  /** Task first + t's events are at positions[from[t]..from[t + 1]), in array order. */
  readonly from = new Int32Array(GATHER_TASKS + 1);
  positions = new Int32Array(1024);
  private readonly groups: TaskGroups;
  // Scratch: each chain's next link, and the chains not at their end yet.
  private readonly link = new Int32Array(GATHER_TASKS);
  private readonly walking = new Int32Array(GATHER_TASKS);

  constructor(groups: TaskGroups) {
    this.groups = groups;
  }

  /** Gathers task j (and the tasks after it) unless it is gathered; returns j's index among those gathered. */
  of(j: number, events: readonly LedgerEvent[]): number {
    if (j < this.first || j >= this.first + this.count) this.gather(j, events);
    return j - this.first;
  }

  private gather(first: number, events: readonly LedgerEvent[]): void {
    const { last, before } = this.groups;
    const { from, link, walking } = this;
    const tasks = Math.min(GATHER_TASKS, last.length - 1 - first);
    // 1. Each chain's length, the chains walked side by side.
    let live = 0;
    for (let t = 0; t < tasks; t++) {
      const c = last[first + t] as number;
      link[t] = c;
      from[t + 1] = 0;
      if (c > 0) walking[live++] = t;
    }
    while (live > 0) {
      for (let w = 0; w < live; ) {
        const t = walking[w] as number;
        from[t + 1] = (from[t + 1] as number) + 1;
        const c = before[(link[t] as number) - 1] as number;
        link[t] = c;
        if (c > 0) w++;
        else walking[w] = walking[--live] as number;
      }
    }
    from[0] = 0;
    for (let t = 0; t < tasks; t++) from[t + 1] = (from[t + 1] as number) + (from[t] as number);
    const total = from[tasks] as number;
    if (total > this.positions.length) this.positions = new Int32Array(Math.max(total, 2 * this.positions.length));
    const positions = this.positions;
    // 2. The chains again (in the cache now), each written from its end: positions in array order.
    for (let t = 0; t < tasks; t++) {
      let q = from[t + 1] as number;
      for (let c = last[first + t] as number; c > 0; c = before[c - 1] as number) positions[--q] = c - 1;
    }
    // 3. The events themselves (every kept event has a string `at`).
    let touched = 0;
    for (let q = 0; q < total; q++) touched += ((events[positions[q] as number] as LedgerEvent).at as string).length;
    sink ^= touched;
    this.first = first;
    this.count = tasks;
  }
}
