/**
 * The whole ledger as of a date in a few linear passes: events grouped by task once (counting
 * sort into index arrays), each task's state folded with day numbers, then timeliness, roll-up,
 * plan summaries and department scorecards. This is what the API and the benchmark use; its
 * per-task results equal {@link deriveTaskState} and {@link timeliness} task by task.
 */
import { IsoDate } from "./Dates.ts";
import type { LedgerEvent } from "./Event.ts";
import {
  addToSummary,
  emptySummary,
  type PlanSummary,
  parentIndex,
  planPercents,
  rollUpIndexed,
  weightsOf,
} from "./Progress.ts";
import { type Ranked, type RankKey, rankDepartments, type Scorecard, ScorecardBuilder } from "./Scorecard.ts";
import type { Task } from "./Task.ts";
import {
  chinaDayOfMs,
  effectivePercent,
  instantMs,
  type StateEvent,
  type TaskState,
  TaskStateFold,
} from "./TaskState.ts";
import { resolveTimeliness, type Timeliness, type TimelinessOptions, timelinessOf } from "./Timeliness.ts";

export interface ComputeOptions extends TimelinessOptions {
  /** Roll-up weights by task id, overriding `Task.weight`. */
  weights?: ReadonlyMap<string, number>;
  /** Ranking key for the bulletin (default on-time rate). */
  rankBy?: RankKey;
}

export interface ComputeInput {
  tasks: readonly Task[];
  events: readonly LedgerEvent[];
  asOf: IsoDate;
  options?: ComputeOptions;
}

export interface EventCounts {
  /** Events folded into a state. */
  applied: number;
  /** Events refused by the rules or with an unreadable `at`, skipped. */
  refused: number;
  /** Events dated after the as-of day. */
  afterAsOf: number;
  /** Events naming a task that is not in the ledger. */
  unknownTask: number;
  /** Indicator measurements (not task state). */
  measurements: number;
}

export interface LedgerComputation {
  asOf: IsoDate;
  /** Task id → position in `tasks` (and in every array below). */
  index: Map<string, number>;
  states: TaskState[];
  timeliness: Timeliness[];
  /** Roll-up percent of every node. */
  percent: Float64Array;
  /** Summary of each plan, with the plan's roll-up percent. */
  plans: Map<string, PlanSummary>;
  /** Summary of everything; its percent is the mean of the plans'. */
  summary: PlanSummary;
  scorecards: Scorecard[];
  ranking: Ranked[];
  events: EventCounts;
}

/**
 * Computes states, timeliness, roll-up, summaries and scorecards for a ledger as of a date, in time
 * linear in tasks + events (sorting only the events of tasks whose events are out of time order).
 */
export function computeLedger({ tasks, events, asOf, options = {} }: ComputeInput): LedgerComputation {
  const resolved = resolveTimeliness(IsoDate.parse(asOf), options);
  const asOfDay = resolved.asOfDay;
  const n = tasks.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set((tasks[i] as Task).id, i);

  // Pass 1: owner and instant of every event; count per task.
  const m = events.length;
  const owner = new Int32Array(m);
  const ms = new Float64Array(m);
  const start = new Int32Array(n + 1);
  const undated = new Int32Array(n);
  const counts: EventCounts = { applied: 0, refused: 0, afterAsOf: 0, unknownTask: 0, measurements: 0 };
  let lastId: string | undefined;
  let lastIndex: number | undefined;
  for (let k = 0; k < m; k++) {
    const e = events[k] as LedgerEvent;
    owner[k] = -1;
    if (e.type === "measurement") {
      counts.measurements++;
      continue;
    }
    // Events read from a store come grouped by task: look the id up once per run.
    if (e.taskId !== lastId) {
      lastId = e.taskId;
      lastIndex = index.get(lastId);
    }
    const i = lastIndex;
    if (i === undefined) {
      counts.unknownTask++;
      continue;
    }
    const t = instantMs(e.at);
    if (Number.isNaN(t)) {
      undated[i] = (undated[i] as number) + 1;
      continue;
    }
    if (chinaDayOfMs(t) > asOfDay) {
      counts.afterAsOf++;
      continue;
    }
    owner[k] = i;
    ms[k] = t;
    start[i + 1] = (start[i + 1] as number) + 1;
  }
  // Pass 2: counting sort of event indices by task, keeping input order within a task.
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const order = new Int32Array(start[n] as number);
  const fill = start.slice(0, n);
  for (let k = 0; k < m; k++) {
    const i = owner[k] as number;
    if (i < 0) continue;
    const at = fill[i] as number;
    order[at] = k;
    fill[i] = at + 1;
  }

  // Pass 3: fold each task; timeliness, summaries and scorecards as we go.
  const states = new Array<TaskState>(n);
  const timeliness = new Array<Timeliness>(n);
  const own = new Float64Array(n);
  const summary = emptySummary(asOf);
  const plans = new Map<string, PlanSummary>();
  const cards = new ScorecardBuilder(asOf);
  let fold: TaskStateFold | undefined;
  const byTime = (a: number, b: number): number => (ms[a] as number) - (ms[b] as number) || a - b;
  let scratch: number[] = [];
  for (let i = 0; i < n; i++) {
    const task = tasks[i] as Task;
    if (fold) fold.reset(task);
    else fold = new TaskStateFold(task);
    fold.invalid = undated[i] as number;
    const from = start[i] as number;
    const to = start[i + 1] as number;
    let sorted = true;
    for (let p = from + 1; p < to && sorted; p++)
      sorted = (ms[order[p - 1] as number] as number) <= (ms[order[p] as number] as number);
    if (!sorted) scratch = Array.from(order.subarray(from, to)).sort(byTime);
    for (let p = from; p < to; p++) {
      const k = sorted ? (order[p] as number) : (scratch[p - from] as number);
      const t = ms[k] as number;
      if (fold.apply(events[k] as StateEvent, t, chinaDayOfMs(t))) fold.invalid++;
    }
    counts.applied += to - from;
    counts.refused += fold.invalid;
    const state = fold.toState();
    const t = timelinessOf(task.deadline, fold, resolved);
    states[i] = state;
    timeliness[i] = t;
    own[i] = effectivePercent(fold);
    addToSummary(summary, task, fold.status, t, fold.invalid);
    let plan = plans.get(task.planId);
    if (!plan) {
      plan = emptySummary(asOf);
      plans.set(task.planId, plan);
    }
    addToSummary(plan, task, fold.status, t, fold.invalid);
    cards.add(task, fold, t);
  }
  counts.applied -= counts.refused - sumOf(undated);

  // Pass 4: roll-up, children before parents.
  const parent = parentIndex(tasks, index);
  const weight = weightsOf(tasks, options.weights);
  const percent = rollUpIndexed(parent, own, weight);
  let planSum = 0;
  for (const [planId, p] of planPercents(tasks, parent, percent, weight)) {
    const s = plans.get(planId);
    if (s) s.percent = p;
    planSum += p;
  }
  summary.percent = plans.size ? planSum / plans.size : 0;
  const scorecards = cards.result();
  return {
    asOf,
    index,
    states,
    timeliness,
    percent,
    plans,
    summary,
    scorecards,
    ranking: rankDepartments(scorecards, options.rankBy),
    events: counts,
  };
}

function sumOf(a: Int32Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}
