/**
 * An array of events grouped by task without moving or copying them: each task's events chained
 * through their positions in the array (a task's last event first, each event linking to the one
 * before it of the same task), so that grouping allocates one array slot per event and one per task.
 *
 * Each event is read once, in batches: a small loop reads the events (the only one touching them:
 * they lie wherever they were made) and keeps the task id of each readable state event, then the
 * ids are looked up in a batch ({@link TaskIndex.locate}). The per-event links are a heap array,
 * not a typed one: V8 starts a full collection of the heap (with millions of events live, seconds of
 * work) once typed arrays reach 64 MiB since the last one, and the heap's own limit leaves room.
 *
 * Values that are not ledger events a fold could read (not an object, no string `taskId` or `at`,
 * no actor, an unknown type, an extension without a due date) are counted as skipped; measurements
 * are counted, and so are events naming a task not in the index. Validating events is the store's
 * business: nothing here throws on them.
 */
import type { LedgerEvent } from "./Event.ts";
import { LOCATE_BATCH, type TaskIndex } from "./TaskIndex.ts";

export interface TaskGroups {
  /** Task j's last event's position + 1 (0: it has none). */
  last: Int32Array;
  /** The position + 1 of the event before event k of the same task (0: none); for events kept only. */
  before: readonly number[];
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

/** Groups `events` by the task `index` finds for each (see the module comment). */
export function groupByTask(index: TaskIndex, events: readonly LedgerEvent[]): TaskGroups {
  const n = events.length;
  const counts = { measurements: 0, skipped: 0 };
  const last = new Int32Array(index.ids.length);
  const before = new Array<number>(n);
  const ids = new Array<string | undefined>(LOCATE_BATCH).fill(undefined);
  const found = new Int32Array(LOCATE_BATCH);
  let kept = 0;
  let unknownTask = 0;
  index.restart();
  for (let k0 = 0; k0 < n; k0 += LOCATE_BATCH) {
    const m = Math.min(LOCATE_BATCH, n - k0);
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
  return { last, before, kept, unknownTask, measurements: counts.measurements, skipped: counts.skipped };
}
