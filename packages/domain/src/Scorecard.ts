/**
 * Department scorecards as of a date, and rankings for the periodic bulletin (定期通报).
 *
 * Only work items (tasks and milestones) count. A unit is keyed by its registry id when the
 * assignment has one, else by its canonical name. On a task, a unit that leads or co-leads "leads"
 * it; a unit that only cooperates "cooperates". Completion, on-time, overdue, stale and percent
 * figures are over the tasks a unit leads: the lead answers for them.
 *
 * On-time rate = completed on time / (completed + overdue): of the tasks that have come to a head
 * (finished, or past due and unfinished), the share finished by their due date. Tasks not yet due
 * do not count either way; the rate is null when nothing has come to a head.
 */
import { z } from "zod";
import { IsoDate } from "./Dates.ts";
import type { ResponsibleUnit } from "./Department.ts";
import { isLeaf, type Task } from "./Task.ts";
import { effectivePercent, type TaskState } from "./TaskState.ts";
import type { Timeliness } from "./Timeliness.ts";

export const Scorecard = z.object({
  /** unitId, else the unit's canonical name. */
  key: z.string(),
  unit: z.string(),
  unitId: z.string().optional(),
  asOf: IsoDate,
  led: z.number().int().nonnegative(),
  cooperated: z.number().int().nonnegative(),
  /** Led tasks completed or closed. */
  completed: z.number().int().nonnegative(),
  completedOnTime: z.number().int().nonnegative(),
  completedLate: z.number().int().nonnegative(),
  overdue: z.number().int().nonnegative(),
  overdueDaysTotal: z.number().int().nonnegative(),
  overdueDaysMax: z.number().int().nonnegative(),
  stale: z.number().int().nonnegative(),
  dueSoon: z.number().int().nonnegative(),
  /** completedOnTime / (completed + overdue); null when both are 0. */
  onTimeRate: z.number().min(0).max(1).nullable(),
  /** completed / led; null when the unit leads nothing. */
  completionRate: z.number().min(0).max(1).nullable(),
  /** Mean effective percent of led tasks; null when the unit leads nothing. */
  meanPercent: z.number().min(0).max(100).nullable(),
});
export type Scorecard = z.infer<typeof Scorecard>;

/** Accumulates scorecards task by task; {@link ScorecardBuilder.result} finishes them. */
export class ScorecardBuilder {
  private readonly cards = new Map<string, Scorecard & { percentSum: number }>();
  /** The cards already counted for the task being added: the first few entries (reused, never shrunk). */
  private readonly seen: Scorecard[] = [];

  private readonly asOf: IsoDate;

  constructor(asOf: IsoDate) {
    this.asOf = asOf;
  }

  private card(key: string, unit: string, unitId: string | undefined): Scorecard & { percentSum: number } {
    let c = this.cards.get(key);
    if (!c) {
      c = {
        key,
        unit,
        unitId,
        asOf: this.asOf,
        led: 0,
        cooperated: 0,
        completed: 0,
        completedOnTime: 0,
        completedLate: 0,
        overdue: 0,
        overdueDaysTotal: 0,
        overdueDaysMax: 0,
        stale: 0,
        dueSoon: 0,
        onTimeRate: null,
        completionRate: null,
        meanPercent: null,
        percentSum: 0,
      };
      this.cards.set(key, c);
    }
    return c;
  }

  /** Counts one task for every unit named on it (a unit named twice counts once, as its strongest role). */
  add(
    task: Pick<Task, "kind" | "responsibility">,
    state: Pick<TaskState, "status" | "percent">,
    t: Pick<Timeliness, "status" | "daysOverdue">,
  ): void {
    const assignments = task.responsibility?.assignments;
    if (!assignments || !isLeaf(task)) return;
    const seen = this.seen;
    let counted = 0;
    // Leads first, so a unit listed as both counts as a lead.
    for (let pass = 0; pass < 2; pass++) {
      const leading = pass === 0;
      for (let k = 0; k < assignments.length; k++) {
        const a = assignments[k] as (typeof assignments)[number];
        if ((a.role !== "cooperating") !== leading) continue;
        const c = this.card(a.unitId ?? a.unit, a.unit, a.unitId);
        let twice = false;
        for (let q = 0; q < counted && !twice; q++) twice = seen[q] === c;
        if (twice) continue;
        seen[counted++] = c;
        if (!leading) {
          c.cooperated++;
          continue;
        }
        c.led++;
        c.percentSum += effectivePercent(state);
        if (state.status === "completed" || state.status === "closed") c.completed++;
        if (t.status === "completed-on-time") c.completedOnTime++;
        else if (t.status === "completed-late") c.completedLate++;
        else if (t.status === "overdue") {
          c.overdue++;
          c.overdueDaysTotal += t.daysOverdue;
          if (t.daysOverdue > c.overdueDaysMax) c.overdueDaysMax = t.daysOverdue;
        } else if (t.status === "stale") c.stale++;
        else if (t.status === "due-soon") c.dueSoon++;
      }
    }
  }

  /** The scorecards, ordered by unit key. */
  result(): Scorecard[] {
    const out: Scorecard[] = [];
    for (const { percentSum, ...c } of this.cards.values()) {
      const settled = c.completed + c.overdue;
      out.push({
        ...c,
        onTimeRate: settled > 0 ? c.completedOnTime / settled : null,
        completionRate: c.led > 0 ? c.completed / c.led : null,
        meanPercent: c.led > 0 ? percentSum / c.led : null,
      });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

/**
 * Per-unit scorecards as of a date from the tasks' states and timeliness (by task id). Tasks
 * without a state or timeliness are skipped.
 */
export function departmentScorecards(
  tasks: readonly Task[],
  states: ReadonlyMap<string, TaskState>,
  timelinessById: ReadonlyMap<string, Timeliness>,
  asOf: IsoDate,
): Scorecard[] {
  const builder = new ScorecardBuilder(asOf);
  for (const task of tasks) {
    const state = states.get(task.id);
    const t = timelinessById.get(task.id);
    if (state && t) builder.add(task, state, t);
  }
  return builder.result();
}

export const RankKey = z.enum(["on-time-rate", "overdue-days", "completion", "mean-percent"]);
export type RankKey = z.infer<typeof RankKey>;

export interface Ranked {
  /** Standard competition rank ("1224"): equal on every key, equal rank. */
  rank: number;
  scorecard: Scorecard;
}

/** A key's value oriented so that larger is better; nulls rank last. */
function score(c: Scorecard, key: RankKey): number {
  const v =
    key === "on-time-rate"
      ? c.onTimeRate
      : key === "overdue-days"
        ? -c.overdueDaysTotal
        : key === "completion"
          ? c.completionRate
          : c.meanPercent;
  return v ?? Number.NEGATIVE_INFINITY;
}

const DEFAULT_ORDER: readonly RankKey[] = ["on-time-rate", "overdue-days", "completion"];

/**
 * Ranks scorecards for a bulletin: by `by` first (default on-time rate, higher first), then on-time
 * rate, total overdue days (fewer first) and completion rate (higher first). Units equal on every
 * key share a rank (standard competition ranking: 1, 2, 2, 4); within a rank, by unit key.
 */
export function rankDepartments(scorecards: readonly Scorecard[], by: RankKey = "on-time-rate"): Ranked[] {
  const keys = [by, ...DEFAULT_ORDER.filter((k) => k !== by)];
  const compare = (a: Scorecard, b: Scorecard): number => {
    for (const k of keys) {
      const d = score(b, k) - score(a, k);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return 0;
  };
  const sorted = [...scorecards].sort((a, b) => compare(a, b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out: Ranked[] = [];
  sorted.forEach((scorecard, i) => {
    const prev = out[i - 1];
    const rank = prev && compare(prev.scorecard, scorecard) === 0 ? prev.rank : i + 1;
    out.push({ rank, scorecard });
  });
  return out;
}

/**
 * The registry record of the unit a scorecard is about, among `units` (the plans' registries): by
 * unit id (the scorecard's key), else by canonical name.
 */
export function scorecardUnit(
  units: readonly ResponsibleUnit[],
  scorecard: Pick<Scorecard, "key" | "unit">,
): ResponsibleUnit | undefined {
  return units.find((u) => u.id === scorecard.key) ?? units.find((u) => u.name === scorecard.unit);
}
