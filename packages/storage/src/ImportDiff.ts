/**
 * The difference between a plan's stored task tree and a newly imported one. Pure: the store
 * reads the stored tasks, calls {@link diffTasks}, shows the result as a preview and applies it
 * on commit.
 *
 * Matching, in order: (1) same id and same text; (2) identical text (whitespace ignored) among
 * tasks of the same kind — a renumbered task keeps its stored id and so its events; (3) same id
 * — the task changed. New tasks left over are added; stored tasks left over are removed.
 */
import type { Indicator, Plan, Task } from "@reform/domain";
import type { TaskChange } from "./Store.ts";

/** A stored task of the plan, current or removed by an earlier import. */
export interface StoredTaskRow {
  readonly task: Task;
  readonly removed: boolean;
}

/** What becomes of one task of the new ledger. */
export interface TaskEntry {
  /** The task as it will be stored: final id, parent id remapped, plan id set. */
  readonly task: Task;
  /** Position in the new ledger's document order. */
  readonly position: number;
  readonly status: "added" | "changed" | "unchanged";
  /** True when an added task takes over a removed task's row (same id and text). */
  readonly revived: boolean;
  /** The stored task it matched (changed and unchanged tasks). */
  readonly stored?: Task | undefined;
}

export interface TaskDiff {
  /** Every task of the new ledger, in document order. */
  readonly entries: ReadonlyArray<TaskEntry>;
  readonly changed: ReadonlyArray<TaskChange>;
  /** Current stored tasks the new ledger does not contain. */
  readonly removed: ReadonlyArray<Task>;
}

/** Task fields that are document position, not content: refreshed, but never a "change". */
const POSITION_FIELDS = new Set(["id", "planId", "line", "order"]);

/**
 * Matches a new ledger's tasks against the plan's stored tasks.
 * @param stored the plan's stored tasks (current and removed), in document order
 * @param incoming the new ledger's tasks, in document order
 * @param foreignIds task ids already used by other plans (a new task never takes one)
 */
export function diffTasks(
  planId: string,
  stored: ReadonlyArray<StoredTaskRow>,
  incoming: ReadonlyArray<Task>,
  foreignIds: ReadonlySet<string>,
): TaskDiff {
  const current = stored.filter((row) => !row.removed).map((row) => row.task);
  const removedById = new Map(stored.filter((row) => row.removed).map((row) => [row.task.id, row.task]));
  const currentById = new Map(current.map((task) => [task.id, task]));
  const matchedOld = new Map<string, { index: number; by: "id" | "text" }>();
  const matchOf: Array<{ old: Task; by: "id" | "text" } | undefined> = incoming.map(() => undefined);

  const claim = (index: number, old: Task, by: "id" | "text") => {
    matchOf[index] = { old, by };
    matchedOld.set(old.id, { index, by });
  };
  // A plan's first import (or one whose tasks were all removed) has nothing to match.
  if (current.length > 0) {
    // (1) same id and same text
    incoming.forEach((task, index) => {
      const old = currentById.get(task.id);
      if (old && sameText(old, task)) claim(index, old, "id");
    });
    // (2) identical text among unmatched tasks of the same kind
    const byText = new Map<string, Task[]>();
    for (const old of current) {
      if (matchedOld.has(old.id) || textKey(old) === undefined) continue;
      const key = `${old.kind}\u0000${textKey(old)}`;
      const group = byText.get(key);
      if (group) group.push(old);
      else byText.set(key, [old]);
    }
    if (byText.size > 0) {
      incoming.forEach((task, index) => {
        if (matchOf[index] || textKey(task) === undefined) return;
        const candidates = byText.get(`${task.kind}\u0000${textKey(task)}`);
        const old = candidates?.find((candidate) => !matchedOld.has(candidate.id));
        if (old) claim(index, old, "text");
      });
    }
    // (3) same id: the task changed
    incoming.forEach((task, index) => {
      const old = currentById.get(task.id);
      if (!matchOf[index] && old && !matchedOld.has(old.id)) claim(index, old, "id");
    });
  }

  // Final ids: matched tasks keep the stored id; an added task keeps its own unless it is taken.
  const taken = new Set<string>([...foreignIds, ...current.map((task) => task.id)]);
  const finalIds = matchOf.map((match) => match?.old.id);
  const revived = incoming.map(() => false);
  incoming.forEach((task, index) => {
    if (finalIds[index] !== undefined) return;
    const old = removedById.get(task.id);
    if (!taken.has(task.id) && (!old || sameText(old, task))) {
      finalIds[index] = task.id;
      revived[index] = old !== undefined;
    } else {
      finalIds[index] = freshId(task.id, (id) => taken.has(id) || removedById.has(id));
    }
    taken.add(finalIds[index] ?? task.id);
  });
  // Parent ids follow the tasks whose ids changed (none, usually).
  const idMap = new Map<string, string>();
  incoming.forEach((task, index) => {
    const id = finalIds[index] ?? task.id;
    if (id !== task.id) idMap.set(task.id, id);
  });

  const entries: TaskEntry[] = [];
  const changed: TaskChange[] = [];
  incoming.forEach((task, index) => {
    const parentId = task.parentId == null ? task.parentId : (idMap.get(task.parentId) ?? task.parentId);
    const id = finalIds[index] ?? task.id;
    // A task already as it will be stored is not copied.
    const final: Task =
      id === task.id && task.planId === planId && parentId === task.parentId ? task : { ...task, id, planId, parentId };
    const match = matchOf[index];
    if (!match) {
      entries.push({ task: final, position: index, status: "added", revived: revived[index] ?? false });
      return;
    }
    const fields = changedFields(match.old, final, POSITION_FIELDS);
    const status = fields.length > 0 ? "changed" : "unchanged";
    entries.push({ task: final, position: index, status, revived: false, stored: match.old });
    if (fields.length > 0) changed.push({ id: final.id, before: match.old, after: final, fields, matchedBy: match.by });
  });
  const removed = current.filter((task) => !matchedOld.has(task.id));
  return { entries, changed, removed };
}

/** Indicator ids added, removed and changed between two versions (matched by id). */
export function diffIndicators(
  before: ReadonlyArray<Indicator>,
  after: ReadonlyArray<Indicator>,
): { added: string[]; removed: string[]; changed: string[] } {
  const old = new Map(before.map((indicator) => [indicator.id, indicator]));
  const next = new Set(after.map((indicator) => indicator.id));
  const added: string[] = [];
  const changed: string[] = [];
  for (const indicator of after) {
    const previous = old.get(indicator.id);
    if (!previous) added.push(indicator.id);
    else if (changedFields(previous, indicator, new Set(["planId"])).length > 0) changed.push(indicator.id);
  }
  return { added, removed: before.filter((indicator) => !next.has(indicator.id)).map((i) => i.id), changed };
}

/** Plan fields that differ between two versions. */
export function diffPlan(before: Plan, after: Plan): string[] {
  return changedFields(before, after, new Set());
}

/** Top-level keys whose values differ (deeply), ignoring `ignore` and undefined values. */
export function changedFields(before: object, after: object, ignore: ReadonlySet<string>): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => !ignore.has(key) && !deepEqual(a[key], b[key])).sort();
}

/**
 * Structural equality of JSON-like values. `null` equals `undefined`, so a key holding either
 * equals an absent key (JSON drops `undefined`, a stored `parentId: null` equals a missing one).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if ((a ?? undefined) === (b ?? undefined)) return true;
  if (a == null || b == null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, index) => deepEqual(value, b[index]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) if (!deepEqual(x[key], y[key])) return false;
  return true;
}

function textKey(task: Task): string | undefined {
  const key = `${task.title ?? ""}\u0000${task.text}`.replace(/\s+/g, "");
  return key.length > 1 ? key : undefined;
}

function sameText(a: Task, b: Task): boolean {
  return textKey(a) === textKey(b);
}

function freshId(id: string, isTaken: (id: string) => boolean): string {
  let n = 2;
  while (isTaken(`${id}~${n}`)) n += 1;
  return `${id}~${n}`;
}
