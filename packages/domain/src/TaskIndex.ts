/**
 * Task id → position, for looking up millions of events' tasks. An open-addressing hash table in
 * one Int32Array, twice as many slots as tasks: each slot holds an id's position + 1 (0: empty) in
 * its low bits and, in the bits the positions leave free, bits of the id's hash that the slot's
 * index does not already say, so that a probe compares ids only when those agree. Building it
 * allocates one typed array of 4 bytes a slot rather than a million Map entries.
 *
 * Events name their tasks in an order unrelated to where the tasks' ids and slots lie in memory, so
 * each lookup waits on memory more than it computes. {@link TaskIndex.locate} looks a batch of ids
 * up in a few small loops (hash every id, read every slot, then compare), each iteration of a loop
 * independent of the others, so that the processor has many of those memory reads in flight at
 * once rather than one after the other. Events grouped by task are found without hashing: an id
 * equal to the previous one's, or to the id of the task after it, is taken from there.
 *
 * Internal to the package (the public `index` of a log or computation is a Map built on demand).
 */
import type { Task } from "./Task.ts";

/** FNV-1a over the UTF-16 code units of `s`. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** The most ids {@link TaskIndex.locate} takes at once. */
export const LOCATE_BATCH = 512;

// Marks in `locate`'s output while a batch is resolved: to be looked up; the same as the id before.
const LOOK_UP = -2;
const AS_BEFORE = -3;

export class TaskIndex {
  /** The tasks' ids, by position. */
  readonly ids: readonly string[];
  /** Each slot: position + 1 in the low `bits` bits, hash bits above them; 0: empty. */
  private readonly table: Int32Array;
  /** Slots - 1 (a power of two). */
  private readonly mask: number;
  /** Low bits of a slot that hold the position + 1. */
  private readonly positionMask: number;
  /** The bits of a slot above the position's, to compare with a hash's. */
  private readonly hashMask: number;
  // Scratch for `locate`.
  private readonly hashes = new Int32Array(LOCATE_BATCH);
  /** The id and position of the last id located, and whether the ids came grouped by task lately. */
  private lastId: string | undefined;
  private lastPosition = -1;
  private grouped = true;
  /** What reading slots ahead read (kept, so that the reads are not optimised away). */
  private touched = 0;

  constructor(tasks: readonly Pick<Task, "id">[]) {
    const n = tasks.length;
    const ids = new Array<string>(n);
    for (let i = 0; i < n; i++) ids[i] = (tasks[i] as Pick<Task, "id">).id;
    this.ids = ids;
    let size = 16;
    while (size < 2 * n) size *= 2;
    let bits = 1;
    while (2 ** bits <= n) bits++;
    this.positionMask = 2 ** bits - 1;
    // The slot's index takes a hash's low bits; keep bits above those (none once positions fill the slot).
    this.hashMask = bits < 31 ? ~this.positionMask : 0;
    const table = new Int32Array(size);
    const mask = size - 1;
    this.table = table;
    this.mask = mask;
    // In batches, as in `locate`: hashes, then a read of each first slot, then the inserts.
    const hashes = this.hashes;
    let touched = 0;
    for (let i0 = 0; i0 < n; i0 += LOCATE_BATCH) {
      const m = Math.min(LOCATE_BATCH, n - i0);
      for (let b = 0; b < m; b++) hashes[b] = hash(ids[i0 + b] as string);
      for (let b = 0; b < m; b++) touched += table[(hashes[b] as number) & mask] as number;
      for (let b = 0; b < m; b++) {
        const id = ids[i0 + b] as string;
        const h = hashes[b] as number;
        const tag = this.tag(h);
        let s = h & mask;
        for (;;) {
          const slot = table[s] as number;
          // A repeated id keeps its slot and takes the later position.
          if (slot === 0 || this.matches(slot, id, tag)) break;
          s = (s + 1) & mask;
        }
        table[s] = tag | (i0 + b + 1);
      }
    }
    this.touched = touched;
  }

  /** The hash bits a slot keeps of hash `h`. */
  private tag(h: number): number {
    return Math.imul(h, 0x9e3779b1) & this.hashMask;
  }

  /** Whether a filled slot holds `id` (whose hash has tag `tag`). */
  private matches(slot: number, id: string, tag: number): boolean {
    return (slot & this.hashMask) === tag && this.ids[(slot & this.positionMask) - 1] === id;
  }

  /** The position of task `id` (the last, should an id repeat), or -1. */
  get(id: string): number {
    return this.probe(id, hash(id));
  }

  private probe(id: string, h: number): number {
    const { table, mask, positionMask } = this;
    const tag = this.tag(h);
    let s = h & mask;
    for (;;) {
      const slot = table[s] as number;
      if (slot === 0) return -1;
      if (this.matches(slot, id, tag)) return (slot & positionMask) - 1;
      s = (s + 1) & mask;
    }
  }

  /**
   * Looks up `ids[0..count)` (count ≤ {@link LOCATE_BATCH}; undefined: no id), writing each one's
   * position, or -1, to `out[0..count)`. Successive calls continue one sequence of ids: the previous
   * call's last id counts as the one before this call's first.
   */
  locate(ids: readonly (string | undefined)[], count: number, out: Int32Array): void {
    const { table, mask, hashes } = this;
    const known = this.ids;
    const tasks = known.length;
    let lastId = this.lastId;
    let last = this.lastPosition;
    // Grouped ids are tried against the next task's id; in any other order that costs a memory read.
    const tryNext = this.grouped;
    let hits = 0;
    // 1. Ids equal to the one before or to the next task's; hashes of the others.
    for (let b = 0; b < count; b++) {
      const id = ids[b];
      let at: number;
      if (id === undefined) at = -1;
      else if (id === lastId) {
        at = last === LOOK_UP || last === AS_BEFORE ? AS_BEFORE : last;
        hits++;
      } else if (tryNext && last >= 0 && last + 1 < tasks && known[last + 1] === id) {
        at = last + 1;
        hits++;
      } else {
        at = LOOK_UP;
        hashes[b] = hash(id);
      }
      out[b] = at;
      if (id !== undefined) {
        lastId = id;
        last = at;
      }
    }
    // 2. Read the slots each hash starts from (the reads are independent, so they overlap).
    let touched = 0;
    for (let b = 0; b < count; b++) {
      if (out[b] === LOOK_UP) touched += table[(hashes[b] as number) & mask] as number;
    }
    // 3. Probe, and copy positions to the ids equal to the one before.
    let before = this.lastPosition;
    for (let b = 0; b < count; b++) {
      let at = out[b] as number;
      if (at === LOOK_UP) at = this.probe(ids[b] as string, hashes[b] as number);
      else if (at === AS_BEFORE) at = before;
      out[b] = at;
      if (ids[b] !== undefined) before = at;
    }
    this.lastId = lastId;
    this.lastPosition = before;
    this.grouped = 2 * hits >= count;
    this.touched ^= touched;
  }

  /** Forgets the last id located: the next call to {@link TaskIndex.locate} starts a new sequence. */
  restart(): void {
    this.lastId = undefined;
    this.lastPosition = -1;
    this.grouped = true;
  }

  /** The same as a Map (built each time it is asked for). */
  toMap(): Map<string, number> {
    const map = new Map<string, number>();
    const ids = this.ids;
    for (let i = 0; i < ids.length; i++) map.set(ids[i] as string, i);
    return map;
  }
}
