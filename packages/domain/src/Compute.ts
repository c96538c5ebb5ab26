/**
 * The whole ledger as of a date in a few linear passes: each task's events folded in time order,
 * with day numbers, into typed columns, its timeliness classified without building objects, then
 * roll-up, plan summaries and department scorecards. This is what the API and the benchmark use;
 * its per-task results equal {@link deriveTaskState} and {@link timeliness} task by task.
 *
 * The events come from an {@link EventLog}'s columns (parsed and grouped by task when appended), or
 * straight from an array: grouped by task where they lie (each event read once and its task looked
 * up, {@link groupByTask}), then read again task by task as they are folded, nothing copied. *
 * Per-task `TaskState` and `Timeliness` objects are built only when asked for (`stateOf(i)`,
 * `timelinessOf(i)`, or the `states` / `timeliness` arrays, built on first access), so computing a
 * ledger of a million tasks allocates a few typed arrays rather than two million objects.
 */
import { IsoDate } from "./Dates.ts";
import type { LedgerEvent } from "./Event.ts";
import { EventLog, type LogView, logView, READ_PERCENT, UNDATED } from "./EventLog.ts";
import {
  addToSummary,
  emptySummary,
  mergeSummary,
  type PlanSummary,
  parentIndex,
  planPercents,
  rollUpIndexed,
  weightsIfAny,
} from "./Progress.ts";
import { type Ranked, type RankKey, rankDepartments, type Scorecard, ScorecardBuilder } from "./Scorecard.ts";
import type { Task } from "./Task.ts";
import { groupByTask, type TaskGroups, TaskRuns } from "./TaskGroups.ts";
import { TaskIndex } from "./TaskIndex.ts";
import {
  chinaDayOfMs,
  effectivePercent,
  instantMs,
  PlainReports,
  parseInstant,
  type StateEvent,
  type TaskState,
  TaskStateFold,
  TaskStatus,
} from "./TaskState.ts";
import {
  classifyTimeliness,
  Rag,
  resolveTimeliness,
  type Timeliness,
  type TimelinessOptions,
  TimelinessStatus,
  timelinessFigures,
  toTimeliness,
} from "./Timeliness.ts";

export interface ComputeOptions extends TimelinessOptions {
  /** Roll-up weights by task id, overriding `Task.weight`. */
  weights?: ReadonlyMap<string, number>;
  /** Ranking key for the bulletin (default on-time rate). */
  rankBy?: RankKey;
}

export interface ComputeInput {
  /** The task tree; ids are unique. Parents normally come before their children. */
  tasks: readonly Task[];
  /**
   * The events, in any order. Fastest as an {@link EventLog} of `tasks` (built once, appended to,
   * computed from many times: no parsing, no lookups). An array is read where it lies and must be
   * left as it is during the call: each event's task looked up once (events grouped by task are
   * found without hashing), then each task's events read and their instants parsed as they are
   * folded. Values that are not readable ledger events are skipped, as a log skips them.
   */
  events: readonly LedgerEvent[] | EventLog;
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

/** Per-task codes, one entry per task, for filtering without building objects. */
export interface LedgerColumns {
  /** Task status: an index into `TaskStatus.options`. */
  status: Uint8Array;
  /** Timeliness status: an index into `TimelinessStatus.options`. */
  timeliness: Uint8Array;
  /** RAG rating: an index into `Rag.options`. */
  rag: Uint8Array;
  /** Due day in force (a day number, see `dayNumber`; NaN when there is none), as `Timeliness.due`. */
  dueDay: Float64Array;
  /** Days overdue (or completed late), as `Timeliness.daysOverdue`. */
  daysOverdue: Int32Array;
}

export interface LedgerComputation {
  asOf: IsoDate;
  /** Task id → position in `tasks` (and in every array below); built on first access. */
  index: Map<string, number>;
  /** Every task's state; built on first access (see {@link LedgerComputation.stateOf}). */
  states: TaskState[];
  /** Every task's timeliness; built on first access (see {@link LedgerComputation.timelinessOf}). */
  timeliness: Timeliness[];
  /** The state of the task at position `i`. */
  stateOf(i: number): TaskState;
  /** The timeliness of the task at position `i`. */
  timelinessOf(i: number): Timeliness;
  columns: LedgerColumns;
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

/** Each option's index, as a plain object (a keyed property load is cheaper than a Map lookup). */
const codes = <K extends string>(options: readonly K[]): Record<K, number> =>
  Object.fromEntries(options.map((s, k) => [s, k])) as Record<K, number>;
const STATUS_CODE = codes(TaskStatus.options);
const TIMELINESS_CODE = codes(TimelinessStatus.options);
const RAG_CODE = codes(Rag.options);
/**
 * Folds one task's events into a fold, in time order (by instant, ties in input order). Used for
 * every task by `computeLedger`, and again for a single task when its state is asked for. The
 * events are applied as they come while they are in time order; should one come out of order, the
 * task starts over with its events sorted.
 */
abstract class TaskFolder {
  /** Of the last task folded: events dated after the as-of day, and events folded (applied or refused). */
  afterAsOf = 0;
  folded = 0;
  protected readonly asOfDay: number;
  // The task's datable events up to the as-of day: positions and instants (grown as needed).
  protected at = new Int32Array(64);
  protected ms = new Float64Array(64);
  /** Which of a task's reports are plain ones, applied without being read again. */
  protected readonly plain = new PlainReports();

  constructor(asOfDay: number) {
    this.asOfDay = asOfDay;
  }

  /** Resets `fold` to task `task` (at position `j`) and folds its events in. */
  abstract fold(fold: TaskStateFold, task: Task, j: number): void;

  protected grow(size: number): void {
    const cap = Math.max(size, this.at.length * 2);
    const at = new Int32Array(cap);
    const ms = new Float64Array(cap);
    at.set(this.at);
    ms.set(this.ms);
    this.at = at;
    this.ms = ms;
  }

  /**
   * Starts `fold` over with the first `count` collected events sorted by instant, ties by position
   * (`eventAt` gives the event at a position); returns how many the rules refused. The collected
   * positions are in increasing order.
   */
  protected refoldSorted(
    fold: TaskStateFold,
    task: Task,
    eventAt: (position: number) => StateEvent,
    count: number,
  ): number {
    fold.reset(task);
    this.sortCollected(count);
    const { at, ms, plain } = this;
    plain.reset(task);
    let refused = 0;
    let lastPlain = -1;
    for (let q = 0; q < count; q++) {
      const e = eventAt(at[q] as number);
      const day = chinaDayOfMs(ms[q] as number);
      const pct = plain.percentOf(e);
      if (!Number.isNaN(pct)) {
        if (fold.applyPlainReport(pct, day)) lastPlain = q;
        else refused++;
      } else if (fold.apply(e, day)) refused++;
      else lastPlain = -1;
    }
    if (lastPlain >= 0) fold.lastEventAt = eventAt(at[lastPlain] as number).at;
    return refused;
  }

  /** Sorts the first `count` collected events by instant, ties by position (in place; insertion sort on short runs). */
  private sortCollected(count: number): void {
    const { at, ms } = this;
    if (count <= 32) {
      // The positions come in increasing order, so a stable sort by instant breaks ties by position.
      for (let q = 1; q < count; q++) {
        const t = ms[q] as number;
        const a = at[q] as number;
        let p = q;
        for (; p > 0 && t < (ms[p - 1] as number); p--) {
          ms[p] = ms[p - 1] as number;
          at[p] = at[p - 1] as number;
        }
        ms[p] = t;
        at[p] = a;
      }
      return;
    }
    const order = Array.from({ length: count }, (_, q) => q);
    order.sort((a, b) => (ms[a] as number) - (ms[b] as number) || (at[a] as number) - (at[b] as number));
    const sorted = order.map((q) => [at[q] as number, ms[q] as number] as const);
    for (let q = 0; q < count; q++) {
      const [a, t] = sorted[q] as (typeof sorted)[number];
      at[q] = a;
      ms[q] = t;
    }
  }

  /** Records the figures of the task just folded. */
  protected finish(fold: TaskStateFold, count: number, after: number, undated: number, refused: number): void {
    fold.invalid = undated + refused;
    this.afterAsOf = after;
    this.folded = count + undated;
  }
}

/** The event at a position of a log's columns: grouped first, then recent. */
function logEvent(c: LogView, position: number): StateEvent {
  const grouped = c.day.length;
  return (position >= grouped ? c.recentEvents[position - grouped] : c.events[position]) as StateEvent;
}

/**
 * Folds events from an {@link EventLog}'s columns: no parsing, no lookups. Only the events held when
 * the folder was made count, so later appends leave a computation as it was.
 */
class LogFolder extends TaskFolder {
  private readonly view: LogView;
  private readonly eventAt = (position: number): StateEvent => logEvent(this.view, position);

  constructor(log: EventLog, asOfDay: number) {
    super(asOfDay);
    this.view = logView(log);
  }

  fold(fold: TaskStateFold, task: Task, j: number): void {
    fold.reset(task);
    const { asOfDay, view: c } = this;
    const { day: dayOf, percent, events } = c;
    let count = 0;
    let after = 0;
    let undated = 0;
    let refused = 0;
    /** The position of the last event applied if it was a plain report, else -1. */
    let lastPlain = -1;
    // The task's grouped events: in time order, read by day without their instants.
    let lastGrouped = -1;
    for (let p = c.start[j] as number, end = c.start[j + 1] as number; p < end; p++) {
      const day = dayOf[p] as number;
      if (day === UNDATED) {
        undated++;
        continue;
      }
      if (day > asOfDay) {
        after++;
        continue;
      }
      count++;
      lastGrouped = p;
      // A plain report is applied without reading the event; `lastEventAt` is set below.
      const code = percent[p] as number;
      if (code !== 0) {
        const pct = code === READ_PERCENT ? (events[p] as { percent: number }).percent : code - 1;
        if (fold.applyPlainReport(pct, day)) lastPlain = p;
        else refused++;
      } else if (fold.apply(events[p] as StateEvent, day)) refused++;
      else lastPlain = -1;
    }
    // Then its recent ones (they come after in append order; a position past the grouped part is a
    // recent event's), while they keep time order after the grouped ones.
    let sorted = true;
    const head = c.recentHead;
    if (head && c.recentLength > 0 && (head[j] as number) >= 0) {
      const { recentMs, recentDay, recentNext, recentLength, recentPlain, recentPercent } = c;
      const grouped = dayOf.length;
      let last = lastGrouped >= 0 ? instantMs((events[lastGrouped] as StateEvent).at) : Number.NEGATIVE_INFINITY;
      for (let k = head[j] as number; k >= 0 && k < recentLength; k = recentNext[k] as number) {
        const t = recentMs[k] as number;
        const day = recentDay[k] as number;
        if (Number.isNaN(t)) {
          undated++;
          continue;
        }
        if (day > asOfDay) {
          after++;
          continue;
        }
        count++;
        if (!sorted) continue;
        if (t < last) {
          sorted = false;
          continue;
        }
        last = t;
        if (recentPlain[k] === 1) {
          if (fold.applyPlainReport(recentPercent[k] as number, day)) lastPlain = grouped + k;
          else refused++;
        } else if (fold.apply(c.recentEvents[k] as StateEvent, day)) refused++;
        else lastPlain = -1;
      }
    }
    if (!sorted) {
      this.collect(j, count);
      refused = this.refoldSorted(fold, task, this.eventAt, count);
    } else if (lastPlain >= 0) fold.lastEventAt = logEvent(c, lastPlain).at;
    this.finish(fold, count, after, undated, refused);
  }

  /** Collects task j's `count` datable events up to the as-of day, for sorting: positions and instants. */
  private collect(j: number, count: number): void {
    if (count > this.at.length) this.grow(count);
    const { at, ms, asOfDay, view: c } = this;
    const grouped = c.day.length;
    let q = 0;
    const take = (position: number, t: number): void => {
      if (Number.isNaN(t) || chinaDayOfMs(t) > asOfDay) return;
      at[q] = position;
      ms[q] = t;
      q++;
    };
    for (let p = c.start[j] as number; p < (c.start[j + 1] as number); p++) {
      take(p, instantMs((c.events[p] as StateEvent).at));
    }
    const head = c.recentHead as Int32Array;
    for (let k = head[j] as number; k >= 0 && k < c.recentLength; k = c.recentNext[k] as number) {
      take(grouped + k, c.recentMs[k] as number);
    }
  }
}

/**
 * Folds events straight from the array `computeLedger` was given, grouped by task where they lie
 * ({@link groupByTask}) and gathered task by task ({@link TaskRuns}): each event is read again here
 * and its instant parsed as it is folded, so nothing is kept per event but a link to its task's
 * event before it.
 */
class ArrayFolder extends TaskFolder {
  private readonly events: readonly LedgerEvent[];
  private readonly runs: TaskRuns;
  private readonly eventAt = (k: number): StateEvent => this.events[k] as StateEvent;

  constructor(events: readonly LedgerEvent[], groups: TaskGroups, asOfDay: number) {
    super(asOfDay);
    this.events = events;
    this.runs = new TaskRuns(groups);
  }

  fold(fold: TaskStateFold, task: Task, j: number): void {
    fold.reset(task);
    const { asOfDay, events, runs } = this;
    const t0 = runs.of(j, events);
    const from = runs.from[t0] as number;
    const to = runs.from[t0 + 1] as number;
    const positions = runs.positions;
    if (to - from > this.at.length) this.grow(to - from);
    const { at, ms } = this;
    const plain = this.plain;
    plain.reset(task);
    let count = 0;
    let after = 0;
    let undated = 0;
    let refused = 0;
    let sorted = true;
    let last = Number.NEGATIVE_INFINITY;
    /** The position of the last event applied if it was a plain report, else -1. */
    let lastPlain = -1;
    for (let p = from; p < to; p++) {
      const k = positions[p] as number;
      const e = events[k] as StateEvent;
      parseInstant(e.at, ms, count);
      const t = ms[count] as number;
      if (Number.isNaN(t)) {
        undated++;
        continue;
      }
      const day = chinaDayOfMs(t);
      if (day > asOfDay) {
        after++;
        continue;
      }
      at[count] = k;
      count++;
      if (!sorted) continue;
      if (t < last) {
        sorted = false;
        continue;
      }
      last = t;
      const pct = plain.percentOf(e);
      if (!Number.isNaN(pct)) {
        if (fold.applyPlainReport(pct, day)) lastPlain = k;
        else refused++;
      } else if (fold.apply(e, day)) refused++;
      else lastPlain = -1;
    }
    if (!sorted) refused = this.refoldSorted(fold, task, this.eventAt, count);
    else if (lastPlain >= 0) fold.lastEventAt = (events[lastPlain] as StateEvent).at;
    this.finish(fold, count, after, undated, refused);
  }
}

/**
 * Computes states, timeliness, roll-up, summaries and scorecards for a ledger as of a date, in time
 * linear in tasks + events (sorting only the events of tasks whose events are out of time order).
 * With an {@link EventLog} the result is the same as with the log's events as an array, in the
 * order they were appended. Throws a RangeError when the log was built for another `tasks` array.
 */
export function computeLedger({ tasks, events, asOf, options = {} }: ComputeInput): LedgerComputation {
  const resolved = resolveTimeliness(IsoDate.parse(asOf), options);
  const n = tasks.length;
  const counts: EventCounts = { applied: 0, refused: 0, afterAsOf: 0, unknownTask: 0, measurements: 0 };
  let folder: TaskFolder;
  let index: () => Map<string, number>;
  let parent: Int32Array;
  let weight: Float64Array | undefined;
  if (events instanceof EventLog) {
    if (events.tasks !== tasks) throw new RangeError("computeLedger: the event log was built for other tasks");
    const log = events;
    folder = new LogFolder(log, resolved.asOfDay);
    index = () => log.index;
    counts.unknownTask = log.unknownTask;
    counts.measurements = log.measurements;
    // A log's tasks are fixed, so it keeps their tree and weights from one computation to the next.
    parent = log.parents();
    weight = !options.weights?.size ? log.weights() : weightsIfAny(tasks, options.weights);
  } else {
    // An array is grouped by task where it lies, and read from there.
    const ids = new TaskIndex(tasks);
    const groups = groupByTask(ids, events);
    folder = new ArrayFolder(events, groups, resolved.asOfDay);
    let map: Map<string, number> | undefined;
    index = () => {
      map ??= ids.toMap();
      return map;
    };
    counts.unknownTask = groups.unknownTask;
    counts.measurements = groups.measurements;
    parent = parentIndex(tasks, index);
    weight = weightsIfAny(tasks, options.weights);
  }

  // Fold each task; timeliness, summaries and scorecards as we go.
  const columns: LedgerColumns = {
    status: new Uint8Array(n),
    timeliness: new Uint8Array(n),
    rag: new Uint8Array(n),
    dueDay: new Float64Array(n),
    daysOverdue: new Int32Array(n),
  };
  // Each task's own percent, rolled up in place below.
  const percent = new Float64Array(n);
  const plans = new Map<string, PlanSummary>();
  const cards = new ScorecardBuilder(asOf);
  const figures = timelinessFigures();
  let fold: TaskStateFold | undefined;
  let planId: string | undefined;
  let plan = emptySummary(asOf);
  for (let j = 0; j < n; j++) {
    const task = tasks[j] as Task;
    fold ??= new TaskStateFold(task);
    folder.fold(fold, task, j);
    counts.afterAsOf += folder.afterAsOf;
    counts.applied += folder.folded - fold.invalid;
    counts.refused += fold.invalid;
    const t = classifyTimeliness(task.deadline, fold, resolved, figures);
    columns.status[j] = STATUS_CODE[fold.status];
    columns.timeliness[j] = TIMELINESS_CODE[t.status];
    columns.rag[j] = RAG_CODE[t.rag];
    columns.dueDay[j] = t.dueDay ?? Number.NaN;
    columns.daysOverdue[j] = t.daysOverdue;
    percent[j] = effectivePercent(fold);
    if (task.planId !== planId) {
      planId = task.planId;
      let p = plans.get(planId);
      if (!p) {
        p = emptySummary(asOf);
        plans.set(planId, p);
      }
      plan = p;
    }
    addToSummary(plan, task, fold.status, t, fold.invalid);
    cards.add(task, fold, t);
  }

  // Roll-up, children before parents.
  rollUpIndexed(parent, percent, weight, percent);
  const summary = emptySummary(asOf);
  for (const p of plans.values()) mergeSummary(summary, p);
  let planSum = 0;
  for (const [id, p] of planPercents(tasks, parent, percent, weight)) {
    const s = plans.get(id);
    if (s) s.percent = p;
    planSum += p;
  }
  summary.percent = plans.size ? planSum / plans.size : 0;
  const scorecards = cards.result();

  // A task's state and timeliness only on demand: its events folded again.
  let again: TaskStateFold | undefined;
  const refold = (j: number): TaskStateFold => {
    const task = tasks[j];
    if (task === undefined) throw new RangeError(`no task at position ${j} of ${n}`);
    again ??= new TaskStateFold(task);
    folder.fold(again, task, j);
    return again;
  };
  const stateOf = (j: number): TaskState => refold(j).toState();
  const timelinessOf = (j: number): Timeliness => {
    const f = refold(j);
    return toTimeliness(f.task.deadline, classifyTimeliness(f.task.deadline, f, resolved, timelinessFigures()));
  };
  let states: TaskState[] | undefined;
  let timeliness: Timeliness[] | undefined;
  return {
    asOf,
    get index() {
      return index();
    },
    get states() {
      states ??= Array.from({ length: n }, (_, j) => stateOf(j));
      return states;
    },
    get timeliness() {
      timeliness ??= Array.from({ length: n }, (_, j) => timelinessOf(j));
      return timeliness;
    },
    stateOf,
    timelinessOf,
    columns,
    percent,
    plans,
    summary,
    scorecards,
    ranking: rankDepartments(scorecards, options.rankBy),
    events: counts,
  };
}
