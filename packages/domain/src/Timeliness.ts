/**
 * Timeliness as of a date (China time): not yet due, due soon, overdue, completed on time or late,
 * stale, awaiting external, no deadline — with a red/amber/green rating.
 *
 * Definitions (all dates are China-time calendar days):
 * - The due day itself is on time; a task is overdue from the day after. `daysOverdue` = as-of − due.
 * - Due soon: not completed and due within `dueSoonDays` (default 30) days, the due day included.
 * - The due date in force is the latest extension's; a completion is judged against the due date in
 *   force on the day it was completed. A task with no due date cannot be late.
 * - Recurring (每年2月底前): one occurrence a year, period key "YYYY", due that year's month/day (the
 *   month's last day when no day is given, clamped to the month), within fromYear..toYear. An
 *   occurrence is fulfilled by a report or completion naming its period (or dated within its window:
 *   the day after the previous occurrence's due up to its own due). As of a date, the latest
 *   occurrence already past due decides: unfulfilled → overdue. Otherwise the next occurrence decides:
 *   fulfilled early → completed-on-time, within `dueSoonDays` → due-soon, else not-yet-due. After the
 *   last occurrence the series is completed on time or late by how the last one was fulfilled.
 * - Ongoing (持续推进) and started (自…起, once started): never overdue. Each reporting period
 *   (`reportEvery`, default quarter) needs a report; the report for a period may come until
 *   `graceDays` (default 15) after it ends. The task is stale when the latest period whose grace has
 *   run out has no report dated on or after its start (or naming it). Periods that end before the
 *   task's start (or `planStart`) are not required. Otherwise it is not-yet-due.
 * - External (按国家要求): awaiting-external, unless the supervisor set a due date by extension.
 * - Unknown deadlines, relative deadlines without a known date, and no deadline: no-deadline.
 * - Trajectory: with a start (the deadline's own start, else `planStart`) and a due date, the expected
 *   percent is the straight line from 0 at the start to 100 on the due day; behind when expected −
 *   actual > `trajectoryTolerance` (default 25 points).
 * - RAG: red = overdue; amber = completed late, stale, behind trajectory, or due soon with less than
 *   `dueSoonMinPercent` (default 50) done; green otherwise.
 */
import { z } from "zod";
import { dayString, monthOfDay, monthStartDay, type Recurring, recurringDueDay, yearOfDay } from "./Calendar.ts";
import { dayNumber, daysInMonth, IsoDate } from "./Dates.ts";
import type { Deadline } from "./Deadline.ts";
import type { Task } from "./Task.ts";
import type { TaskState, TaskStatus } from "./TaskState.ts";

export const TimelinessStatus = z.enum([
  "not-yet-due",
  "due-soon",
  "overdue",
  "completed-on-time",
  "completed-late",
  "stale",
  "awaiting-external",
  "no-deadline",
]);
export type TimelinessStatus = z.infer<typeof TimelinessStatus>;

export const Rag = z.enum(["red", "amber", "green"]);
export type Rag = z.infer<typeof Rag>;

export const ReportPeriod = z.enum(["month", "quarter", "half", "year"]);
export type ReportPeriod = z.infer<typeof ReportPeriod>;

/** One occurrence of a recurring deadline, or one reporting period of an ongoing task. */
export const Occurrence = z.object({
  /** "2020" (recurring, year), "2020-Q2", "2020-03", "2020-H1". */
  period: z.string(),
  start: IsoDate,
  due: IsoDate,
});
export type Occurrence = z.infer<typeof Occurrence>;

export const Timeliness = z.object({
  status: TimelinessStatus,
  rag: Rag,
  /** The due date that decided the status (in force, or at completion). */
  due: IsoDate.optional(),
  /** The deadline's own due date when an extension replaced it. */
  originalDue: IsoDate.optional(),
  /** Days past due: as-of − due when overdue, completion − due when completed late; else 0. */
  daysOverdue: z.number().int().nonnegative(),
  /** Days until due (0 on the due day) when not yet due or due soon. */
  daysLeft: z.number().int().nonnegative().optional(),
  behindTrajectory: z.boolean(),
  expectedPercent: z.number().min(0).max(100).optional(),
  occurrence: Occurrence.optional(),
});
export type Timeliness = z.infer<typeof Timeliness>;

export const TimelinessOptions = z.object({
  dueSoonDays: z.number().int().nonnegative().default(30),
  reportEvery: ReportPeriod.default("quarter"),
  /** Days after a reporting period ends during which its report may still come (≤ 27). */
  graceDays: z.number().int().min(0).max(27).default(15),
  /** The plan's start, for trajectories and for the first reporting period. */
  planStart: IsoDate.optional(),
  trajectoryTolerance: z.number().min(0).max(100).default(25),
  dueSoonMinPercent: z.number().min(0).max(100).default(50),
});
export type TimelinessOptions = z.input<typeof TimelinessOptions>;

/** The facts about a task's state timeliness needs, with dates as day numbers. */
export interface TimelinessFacts {
  status: TaskStatus;
  percent: number;
  dueDay: number | undefined;
  originalDueDay: number | undefined;
  completedDay: number | undefined;
  dueAtCompletionDay: number | undefined;
  lastReportDay: number | undefined;
  periods: Record<string, number> | undefined;
}

interface Period {
  key: string;
  start: number;
  end: number;
}

const MONTHS_PER: Record<ReportPeriod, number> = { month: 1, quarter: 3, half: 6, year: 12 };

/** The reporting period of a kind that contains a day. */
function periodContaining(day: number, every: ReportPeriod): Period {
  const y = yearOfDay(day);
  const m = monthOfDay(day);
  const len = MONTHS_PER[every];
  const first = m - ((m - 1) % len);
  const last = first + len - 1;
  const index = (first - 1) / len + 1;
  const key =
    every === "year"
      ? String(y)
      : every === "month"
        ? `${y}-${first < 10 ? "0" : ""}${first}`
        : `${y}-${every === "quarter" ? "Q" : "H"}${index}`;
  return { key, start: monthStartDay(y, first), end: monthStartDay(y, last) + daysInMonth(y, last) - 1 };
}

function occurrenceOf(p: Period): Occurrence {
  return { period: p.key, start: dayString(p.start), due: dayString(p.end) };
}

/**
 * The occurrences of a periodic deadline whose due date lies within `from`..`to` (inclusive):
 * recurring yearly deadlines (bounded by fromYear/toYear) or the reporting periods of an ongoing or
 * started task (`every`, default quarter; due = the period's last day). Other deadlines have none.
 */
export function occurrences(
  deadline: Deadline | undefined,
  range: { from: IsoDate; to: IsoDate; every?: ReportPeriod },
): Occurrence[] {
  const from = dayNumber(range.from);
  const to = dayNumber(range.to);
  const out: Occurrence[] = [];
  if (deadline?.kind === "recurring") {
    const y0 = Math.max(yearOfDay(from), deadline.fromYear ?? Number.NEGATIVE_INFINITY);
    const y1 = Math.min(yearOfDay(to), deadline.toYear ?? Number.POSITIVE_INFINITY);
    for (let y = y0; y <= y1; y++) {
      const due = recurringDueDay(deadline, y);
      if (due < from || due > to) continue;
      out.push(recurringOccurrence(deadline, y));
    }
  } else if (deadline?.kind === "ongoing" || deadline?.kind === "starts") {
    const every = range.every ?? "quarter";
    const begin = deadline.kind === "starts" ? Math.max(from, dayNumber(deadline.start)) : from;
    for (let p = periodContaining(begin, every); p.start <= to; p = periodContaining(p.end + 1, every)) {
      if (p.end >= from && p.end <= to) out.push(occurrenceOf(p));
    }
  }
  return out;
}

/** Options resolved against one as-of day, with what every task shares precomputed. */
export interface ResolvedTimeliness {
  asOfDay: number;
  asOfYear: number;
  dueSoonDays: number;
  graceDays: number;
  every: ReportPeriod;
  planStartDay: number | undefined;
  tolerance: number;
  dueSoonMinPercent: number;
  /** The reporting period containing the as-of day. */
  current: Period;
  currentOccurrence: Occurrence;
  /** The latest reporting period whose grace has run out. */
  required: Period;
  requiredOccurrence: Occurrence;
}

/** Resolves options for an as-of date; reuse the result for every task. */
export function resolveTimeliness(asOf: IsoDate, options: TimelinessOptions = {}): ResolvedTimeliness {
  const o = TimelinessOptions.parse(options);
  const asOfDay = dayNumber(asOf);
  const current = periodContaining(asOfDay, o.reportEvery);
  let required = periodContaining(current.start - 1, o.reportEvery);
  while (required.end + o.graceDays >= asOfDay) required = periodContaining(required.start - 1, o.reportEvery);
  return {
    asOfDay,
    asOfYear: yearOfDay(asOfDay),
    dueSoonDays: o.dueSoonDays,
    graceDays: o.graceDays,
    every: o.reportEvery,
    planStartDay: o.planStart === undefined ? undefined : dayNumber(o.planStart),
    tolerance: o.trajectoryTolerance,
    dueSoonMinPercent: o.dueSoonMinPercent,
    current,
    currentOccurrence: occurrenceOf(current),
    required,
    requiredOccurrence: occurrenceOf(required),
  };
}

/**
 * Timeliness with dates as day numbers, written in place by {@link classifyTimeliness}: what
 * summaries and scorecards read, without building a {@link Timeliness} per task.
 */
export interface TimelinessFigures {
  status: TimelinessStatus;
  rag: Rag;
  dueDay: number | undefined;
  /** The deadline's own due day (shown only when it differs from `dueDay`). */
  originalDueDay: number | undefined;
  daysOverdue: number;
  daysLeft: number | undefined;
  behindTrajectory: boolean;
  expectedPercent: number | undefined;
  /** The occurrence; for a recurring deadline, the occurrence's year. */
  occurrence: Occurrence | number | undefined;
}

/** A figures record to classify into (reuse one for many tasks). */
export function timelinessFigures(): TimelinessFigures {
  return {
    status: "no-deadline",
    rag: "green",
    dueDay: undefined,
    originalDueDay: undefined,
    daysOverdue: 0,
    daysLeft: undefined,
    behindTrajectory: false,
    expectedPercent: undefined,
    occurrence: undefined,
  };
}

function set(
  out: TimelinessFigures,
  status: TimelinessStatus,
  due: number | undefined,
  originalDue: number | undefined,
  daysOverdue: number,
  daysLeft: number | undefined,
  occurrence: Occurrence | number | undefined,
  behindTrajectory = false,
  expectedPercent: number | undefined = undefined,
  lowProgress = false,
): TimelinessFigures {
  out.status = status;
  out.rag =
    status === "overdue"
      ? "red"
      : status === "completed-late" || status === "stale" || behindTrajectory || (status === "due-soon" && lowProgress)
        ? "amber"
        : "green";
  out.dueDay = due;
  out.originalDueDay = originalDue;
  out.daysOverdue = daysOverdue;
  out.daysLeft = daysLeft;
  out.behindTrajectory = behindTrajectory;
  out.expectedPercent = expectedPercent;
  out.occurrence = occurrence;
  return out;
}

/** The occurrence of a recurring deadline in a year: from the day after the previous one's due. */
function recurringOccurrence(dl: Recurring, year: number): Occurrence {
  return {
    period: String(year),
    start: dayString(recurringDueDay(dl, year - 1) + 1),
    due: dayString(recurringDueDay(dl, year)),
  };
}

/** The public {@link Timeliness} of classified figures; `deadline` is the one they were classified for. */
export function toTimeliness(deadline: Deadline | undefined, t: TimelinessFigures): Timeliness {
  const { dueDay: due, originalDueDay: originalDue, occurrence } = t;
  return {
    status: t.status,
    rag: t.rag,
    due: due === undefined ? undefined : dayString(due),
    originalDue: originalDue === undefined || originalDue === due ? undefined : dayString(originalDue),
    daysOverdue: t.daysOverdue,
    daysLeft: t.daysLeft,
    behindTrajectory: t.behindTrajectory,
    expectedPercent: t.expectedPercent,
    occurrence:
      typeof occurrence === "number" && deadline?.kind === "recurring"
        ? recurringOccurrence(deadline, occurrence)
        : typeof occurrence === "number"
          ? undefined
          : occurrence,
  };
}

function startDayOf(dl: Deadline | undefined): number | undefined {
  return dl?.kind === "window" || dl?.kind === "starts" ? dayNumber(dl.start) : undefined;
}

function dated(
  f: TimelinessFacts,
  due: number,
  start: number | undefined,
  r: ResolvedTimeliness,
  out: TimelinessFigures,
): TimelinessFigures {
  const asOf = r.asOfDay;
  if (asOf > due) return set(out, "overdue", due, f.originalDueDay, asOf - due, undefined, undefined, true, 100);
  let expected: number | undefined;
  let behind = false;
  if (start !== undefined && start < due) {
    expected = Math.min(100, Math.max(0, (100 * (asOf - start)) / (due - start)));
    behind = expected - f.percent > r.tolerance;
  }
  const left = due - asOf;
  const status = left <= r.dueSoonDays ? "due-soon" : "not-yet-due";
  const low = f.percent < r.dueSoonMinPercent;
  return set(out, status, due, f.originalDueDay, 0, left, undefined, behind, expected, low);
}

function recurring(
  dl: Recurring,
  f: TimelinessFacts,
  r: ResolvedTimeliness,
  out: TimelinessFigures,
): TimelinessFigures {
  const asOf = r.asOfDay;
  const fromYear = dl.fromYear ?? Number.NEGATIVE_INFINITY;
  const toYear = dl.toYear ?? Number.POSITIVE_INFINITY;
  const y = r.asOfYear;
  let last = recurringDueDay(dl, y) < asOf ? y : y - 1;
  if (last > toYear) last = toYear;
  const next = Math.max(last + 1, fromYear);
  const periods = f.periods;
  if (last >= fromYear) {
    const due = recurringDueDay(dl, last);
    const done = periods?.[String(last)];
    if (done === undefined) return set(out, "overdue", due, undefined, asOf - due, undefined, last);
    if (next > toYear) {
      const late = done > due;
      const status = late ? "completed-late" : "completed-on-time";
      return set(out, status, due, undefined, late ? done - due : 0, undefined, last);
    }
  }
  if (next > toYear) return set(out, "no-deadline", undefined, undefined, 0, undefined, undefined);
  const due = recurringDueDay(dl, next);
  if (periods?.[String(next)] !== undefined) return set(out, "completed-on-time", due, undefined, 0, undefined, next);
  const left = due - asOf;
  const status = left <= r.dueSoonDays ? "due-soon" : "not-yet-due";
  return set(out, status, due, undefined, 0, left, next, false, undefined, f.percent < r.dueSoonMinPercent);
}

function periodic(
  f: TimelinessFacts,
  start: number | undefined,
  r: ResolvedTimeliness,
  out: TimelinessFigures,
): TimelinessFigures {
  const p = r.required;
  const required = start === undefined || p.end >= start;
  const reported = (f.lastReportDay !== undefined && f.lastReportDay >= p.start) || f.periods?.[p.key] !== undefined;
  if (required && !reported) return set(out, "stale", undefined, undefined, 0, undefined, r.requiredOccurrence);
  return set(out, "not-yet-due", undefined, undefined, 0, undefined, r.currentOccurrence);
}

/**
 * Classifies a task's timeliness into `out` (overwriting it) from its deadline and state facts,
 * against resolved options. Allocation-free except for recurring tasks' period keys; the core of
 * {@link timelinessOf}, used directly by `computeLedger`.
 */
export function classifyTimeliness(
  deadline: Deadline | undefined,
  f: TimelinessFacts,
  r: ResolvedTimeliness,
  out: TimelinessFigures,
): TimelinessFigures {
  if (f.status === "completed" || f.status === "closed") {
    const due = f.dueAtCompletionDay;
    const done = f.completedDay;
    if (due !== undefined && done !== undefined && done > due) {
      return set(out, "completed-late", due, f.originalDueDay, done - due, undefined, undefined);
    }
    return set(out, "completed-on-time", due, f.originalDueDay, 0, undefined, undefined);
  }
  const kind = deadline?.kind;
  if (kind === "recurring") return recurring(deadline as Recurring, f, r, out);
  const start = startDayOf(deadline);
  if (start !== undefined && r.asOfDay < start) {
    const left = f.dueDay === undefined ? undefined : f.dueDay - r.asOfDay;
    return set(out, "not-yet-due", f.dueDay, f.originalDueDay, 0, left, undefined);
  }
  if (f.dueDay !== undefined) return dated(f, f.dueDay, start ?? r.planStartDay, r, out);
  if (kind === "ongoing" || kind === "starts") return periodic(f, start ?? r.planStartDay, r, out);
  if (kind === "external") return set(out, "awaiting-external", undefined, undefined, 0, undefined, undefined);
  return set(out, "no-deadline", undefined, undefined, 0, undefined, undefined);
}

/** Timeliness from a deadline and state facts against resolved options (see {@link classifyTimeliness}). */
export function timelinessOf(deadline: Deadline | undefined, f: TimelinessFacts, r: ResolvedTimeliness): Timeliness {
  return toTimeliness(deadline, classifyTimeliness(deadline, f, r, timelinessFigures()));
}

const optDay = (d: IsoDate | undefined): number | undefined => (d === undefined ? undefined : dayNumber(d));

/** The timeliness facts of a derived state. */
export function timelinessFacts(state: TaskState): TimelinessFacts {
  let periods: Record<string, number> | undefined;
  if (state.reportsByPeriod) {
    periods = {};
    for (const [k, v] of Object.entries(state.reportsByPeriod)) periods[k] = dayNumber(v);
  }
  return {
    status: state.status,
    percent: state.percent,
    dueDay: optDay(state.due),
    originalDueDay: optDay(state.originalDue),
    completedDay: optDay(state.completedOn),
    dueAtCompletionDay: optDay(state.dueAtCompletion),
    lastReportDay: optDay(state.lastReportOn),
    periods,
  };
}

/**
 * A task's timeliness and RAG rating as of a date, from its derived state. See the module comment
 * for every rule; `options` default to due-soon 30 days, quarterly reports with 15 days' grace,
 * trajectory tolerance 25 points.
 */
export function timeliness(
  task: Pick<Task, "deadline">,
  state: TaskState,
  asOf: IsoDate,
  options: TimelinessOptions = {},
): Timeliness {
  return timelinessOf(task.deadline, timelinessFacts(state), resolveTimeliness(asOf, options));
}
