/**
 * Task id → position, for looking up millions of events' tasks. An open-addressing hash table over
 * the ids' characters, each slot's id and position side by side in one array: building it
 * allocates two arrays rather than a million Map entries, and a lookup touches the id and one slot.
 * Internal to the package (the public `index` of a log or computation is a Map built on demand).
 */
import type { Task } from "./Task.ts";

/** FNV-1a over the UTF-16 code units of `s`. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

export class TaskIndex {
  /** The tasks' ids, by position. */
  readonly ids: readonly string[];
  /** Slot s: its id at 2s (undefined: empty), its position at 2s + 1; twice as many slots as tasks, a power of two. */
  private readonly slots: (string | number | undefined)[];
  private readonly mask: number;

  constructor(tasks: readonly Pick<Task, "id">[]) {
    const n = tasks.length;
    const ids = new Array<string>(n);
    for (let i = 0; i < n; i++) ids[i] = (tasks[i] as Pick<Task, "id">).id;
    this.ids = ids;
    let size = 16;
    while (size < 2 * n) size *= 2;
    const slots = new Array<string | number | undefined>(2 * size).fill(undefined);
    const mask = size - 1;
    for (let i = 0; i < n; i++) {
      const id = ids[i] as string;
      let s = hash(id) & mask;
      for (;;) {
        const at = slots[2 * s];
        // A repeated id keeps its slot and takes the later position.
        if (at === undefined || at === id) break;
        s = (s + 1) & mask;
      }
      slots[2 * s] = id;
      slots[2 * s + 1] = i;
    }
    this.slots = slots;
    this.mask = mask;
  }

  /** The position of task `id` (the last, should an id repeat), or -1. */
  get(id: string): number {
    const { slots, mask } = this;
    let s = hash(id) & mask;
    for (;;) {
      const at = slots[2 * s];
      if (at === undefined) return -1;
      if (at === id) return slots[2 * s + 1] as number;
      s = (s + 1) & mask;
    }
  }

  /** The same as a Map (built each time it is asked for). */
  toMap(): Map<string, number> {
    const map = new Map<string, number>();
    const ids = this.ids;
    for (let i = 0; i < ids.length; i++) map.set(ids[i] as string, i);
    return map;
  }
}
