/**
 * Progress roll-up and plan summaries.
 *
 * Roll-up: a node without children takes its own percent (completed and closed count as 100, see
 * `effectivePercent`); a node with children takes the weighted mean of its children's roll-up
 * percents (weights: the task's `weight`, default 1, or the weights given); a plan's percent is the
 * weighted mean of its top-level items. Every result lies in [0, 100].
 */
import { z } from "zod";
import { IsoDate } from "./Dates.ts";
import { isLeaf, type Task } from "./Task.ts";
import { effectivePercent, type TaskState, TaskStatus } from "./TaskState.ts";
import { Rag, type Timeliness, TimelinessStatus } from "./Timeliness.ts";

export interface RollUp {
  /** Roll-up percent of every node, by task id. */
  tasks: Map<string, number>;
  /** Percent of every plan, by plan id: the mean of its top-level items. */
  plans: Map<string, number>;
}

const MAX_SCAN = 32;

/**
 * Parent index of every node (-1 for top-level items and unknown parents). Tasks normally come in
 * document order, each after its parent, so the parent is first looked for among the previous
 * node's ancestors; only other parents are looked up by id (in `index`, or a map built once).
 * Task ids are unique within a ledger.
 */
export function parentIndex(
  tasks: readonly Pick<Task, "id" | "parentId">[],
  index?: ReadonlyMap<string, number> | (() => ReadonlyMap<string, number>),
): Int32Array {
  const n = tasks.length;
  const parent = new Int32Array(n);
  let byId = typeof index === "function" ? undefined : index;
  // The ancestors of the previous node and the node itself, outermost first: chain[0..depth).
  const chain: number[] = [];
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const p = (tasks[i] as Pick<Task, "parentId">).parentId;
    let found = -1;
    if (p != null) {
      // Bounded, so that a deep chain costs little when the parent is elsewhere.
      for (let d = depth - 1; d >= 0 && d >= depth - MAX_SCAN && found < 0; d--) {
        const j = chain[d] as number;
        if ((tasks[j] as Pick<Task, "id">).id === p) {
          found = j;
          depth = d + 1;
        }
      }
      if (found < 0) {
        byId ??= typeof index === "function" ? index() : new Map(tasks.map((t, k) => [t.id, k]));
        found = byId.get(p) ?? -1;
        depth = 0;
        if (found >= 0) chain[depth++] = found;
      }
    } else depth = 0;
    parent[i] = found;
    chain[depth++] = i;
  }
  return parent;
}

/** Node indices with every child before its parent. */
function childrenFirst(parent: Int32Array): Int32Array | undefined {
  const n = parent.length;
  let ordered = true;
  for (let i = 0; i < n && ordered; i++) ordered = (parent[i] as number) < i;
  if (ordered) return undefined; // Reverse document order already is children-first.
  const depth = new Int32Array(n).fill(-1);
  const path: number[] = [];
  for (let i = 0; i < n; i++) {
    // Walk up to a node of known depth; a cycle is cut after n steps.
    for (let j = i; j >= 0 && depth[j] === -1 && path.length <= n; j = parent[j] as number) path.push(j);
    const top = parent[path[path.length - 1] ?? i] as number;
    let d = top >= 0 ? Math.max(0, depth[top] as number) : -1;
    for (let j = path.pop(); j !== undefined; j = path.pop()) {
      d++;
      depth[j] = d;
    }
  }
  return Int32Array.from(
    Array.from({ length: n }, (_, i) => i).sort((a, b) => (depth[b] as number) - (depth[a] as number)),
  );
}

/**
 * Index-based roll-up: `own[i]` is node i's own percent, `weight[i]` its weight (all 1 when
 * `weight` is undefined), `parent[i]` its parent's index or -1. Returns every node's roll-up percent
 * in `out`, which may be `own` itself.
 */
export function rollUpIndexed(
  parent: Int32Array,
  own: Float64Array,
  weight: Float64Array | undefined,
  out: Float64Array = new Float64Array(parent.length),
): Float64Array {
  const n = parent.length;
  const order = childrenFirst(parent);
  // In reverse document order no node is visited again, so sums can build up in `out` in place.
  const sum = order ? new Float64Array(n) : out;
  const wsum = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = order ? (order[k] as number) : n - 1 - k;
    const w = wsum[i] as number;
    const pct = w > 0 ? (sum[i] as number) / w : (own[i] as number);
    const v = pct < 0 ? 0 : Math.min(pct, 100);
    out[i] = v;
    const p = parent[i] as number;
    if (p >= 0) {
      const wi = weight ? (weight[i] as number) : 1;
      const before = wsum[p] as number;
      // The first child replaces what `out` held for the parent (its own percent, unused now).
      sum[p] = before === 0 ? wi * v : (sum[p] as number) + wi * v;
      wsum[p] = before + wi;
    }
  }
  return out;
}

/** Weighted mean of top-level items per plan. */
export function planPercents(
  tasks: readonly Pick<Task, "planId">[],
  parent: Int32Array,
  percent: Float64Array,
  weight: Float64Array | undefined,
): Map<string, number> {
  const sums = new Map<string, [number, number]>();
  for (let i = 0; i < tasks.length; i++) {
    if ((parent[i] as number) >= 0) continue;
    const planId = (tasks[i] as Pick<Task, "planId">).planId;
    let s = sums.get(planId);
    if (!s) {
      s = [0, 0];
      sums.set(planId, s);
    }
    const w = weight ? (weight[i] as number) : 1;
    s[0] += w * (percent[i] as number);
    s[1] += w;
  }
  const out = new Map<string, number>();
  for (const [planId, [s, w]] of sums) out.set(planId, w > 0 ? s / w : 0);
  return out;
}

/** Each task's roll-up weight as {@link weightsOf}, or undefined when every weight is 1. */
export function weightsIfAny(
  tasks: readonly Pick<Task, "id" | "weight">[],
  weights?: ReadonlyMap<string, number>,
): Float64Array | undefined {
  if (weights?.size) return weightsOf(tasks, weights);
  for (let i = 0; i < tasks.length; i++) {
    if ((tasks[i] as Pick<Task, "weight">).weight !== undefined) return weightsOf(tasks, weights);
  }
  return undefined;
}

/** Each task's roll-up weight: the override, else its own `weight`, else 1. */
export function weightsOf(
  tasks: readonly Pick<Task, "id" | "weight">[],
  weights?: ReadonlyMap<string, number>,
): Float64Array {
  const out = new Float64Array(tasks.length);
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i] as Pick<Task, "id" | "weight">;
    const w = weights?.get(t.id) ?? t.weight ?? 1;
    out[i] = Number.isFinite(w) && w > 0 ? w : 1;
  }
  return out;
}

/**
 * Rolls percents up the task tree. `percentById` gives each node's own percent (use
 * `effectivePercent` so completed and closed count as 100); missing nodes count as 0. Parents whose
 * id is not among the tasks are ignored (the node counts as top-level).
 */
export function rollUp(
  tasks: readonly Task[],
  percentById: ReadonlyMap<string, number>,
  weights?: ReadonlyMap<string, number>,
): RollUp {
  const parent = parentIndex(tasks);
  const own = new Float64Array(tasks.length);
  tasks.forEach((t, i) => {
    own[i] = percentById.get(t.id) ?? 0;
  });
  const weight = weightsOf(tasks, weights);
  const percent = rollUpIndexed(parent, own, weight);
  return {
    tasks: new Map(tasks.map((t, i) => [t.id, percent[i] as number])),
    plans: planPercents(tasks, parent, percent, weight),
  };
}

const zeroCounts = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export const PlanSummary = z.object({
  asOf: IsoDate,
  /** Work items counted: tasks and milestones (sections and subsections roll up). */
  items: z.number().int().nonnegative(),
  byStatus: z.record(TaskStatus, z.number().int().nonnegative()),
  byTimeliness: z.record(TimelinessStatus, z.number().int().nonnegative()),
  byRag: z.record(Rag, z.number().int().nonnegative()),
  /** Roll-up percent: the mean of the top-level items (over all plans given: their mean). */
  percent: z.number().min(0).max(100),
  overdueDaysTotal: z.number().int().nonnegative(),
  overdueDaysMax: z.number().int().nonnegative(),
  /** Items due within the due-soon window. */
  dueSoon: z.number().int().nonnegative(),
  behindTrajectory: z.number().int().nonnegative(),
  /** Events refused by the rules and skipped, over all nodes. */
  invalidEvents: z.number().int().nonnegative(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

/** An empty summary to add items to with {@link addToSummary}. */
export function emptySummary(asOf: IsoDate): PlanSummary {
  return {
    asOf,
    items: 0,
    byStatus: zeroCounts(TaskStatus.options),
    byTimeliness: zeroCounts(TimelinessStatus.options),
    byRag: zeroCounts(Rag.options),
    percent: 0,
    overdueDaysTotal: 0,
    overdueDaysMax: 0,
    dueSoon: 0,
    behindTrajectory: 0,
    invalidEvents: 0,
  };
}

/** Counts one node into a summary (only work items count; every node's invalid events do). */
export function addToSummary(
  s: PlanSummary,
  task: Pick<Task, "kind">,
  status: TaskState["status"],
  t: Pick<Timeliness, "status" | "rag" | "daysOverdue" | "behindTrajectory">,
  invalidEvents: number,
): void {
  s.invalidEvents += invalidEvents;
  if (!isLeaf(task)) return;
  s.items++;
  s.byStatus[status]++;
  s.byTimeliness[t.status]++;
  s.byRag[t.rag]++;
  if (t.status === "overdue") {
    s.overdueDaysTotal += t.daysOverdue;
    if (t.daysOverdue > s.overdueDaysMax) s.overdueDaysMax = t.daysOverdue;
  }
  if (t.status === "due-soon") s.dueSoon++;
  if (t.behindTrajectory) s.behindTrajectory++;
}

/** Adds the counts of summary `from` into `s` (percents are left alone). */
export function mergeSummary(s: PlanSummary, from: PlanSummary): void {
  s.items += from.items;
  for (const k of TaskStatus.options) s.byStatus[k] += from.byStatus[k];
  for (const k of TimelinessStatus.options) s.byTimeliness[k] += from.byTimeliness[k];
  for (const k of Rag.options) s.byRag[k] += from.byRag[k];
  s.overdueDaysTotal += from.overdueDaysTotal;
  if (from.overdueDaysMax > s.overdueDaysMax) s.overdueDaysMax = from.overdueDaysMax;
  s.dueSoon += from.dueSoon;
  s.behindTrajectory += from.behindTrajectory;
  s.invalidEvents += from.invalidEvents;
}

/**
 * Summary of a set of tasks as of a date: counts by status, timeliness and RAG over work items,
 * overdue days, due-soon and behind-trajectory counts, and the roll-up percent (mean over plans of
 * each plan's percent). Nodes without a state count as not started; without timeliness, as no-deadline.
 */
export function planSummary(
  tasks: readonly Task[],
  states: ReadonlyMap<string, TaskState>,
  timelinessById: ReadonlyMap<string, Timeliness>,
  asOf: IsoDate,
): PlanSummary {
  const s = emptySummary(asOf);
  const percents = new Map<string, number>();
  const none: Timeliness = { status: "no-deadline", rag: "green", daysOverdue: 0, behindTrajectory: false };
  for (const task of tasks) {
    const state = states.get(task.id);
    percents.set(task.id, state ? effectivePercent(state) : 0);
    addToSummary(
      s,
      task,
      state?.status ?? "not-started",
      timelinessById.get(task.id) ?? none,
      state?.invalidEvents ?? 0,
    );
  }
  const plans = [...rollUp(tasks, percents).plans.values()];
  s.percent = plans.length ? plans.reduce((a, b) => a + b, 0) / plans.length : 0;
  return s;
}
