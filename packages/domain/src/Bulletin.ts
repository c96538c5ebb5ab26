/**
 * The periodic bulletin (定期通报) as of a date, as a model every front end renders: the overall
 * figures, the department ranking (each unit with its region), the overdue items (most days overdue
 * first) and the stale ones (no report for too long) with whom to call, and indicator attainment.
 *
 * Rules: only leaf items (tasks and milestones) are listed; whom to call is the task's reporting
 * liaison (联络员), else its handler (承办人), as the reader may see them; the ledger is marked as
 * demo data when any event's actor carries {@link DEMO_LABEL}. Renderers (Markdown, HTML, XLSX) live
 * at the edges (the API's `@reform/api/bulletin`, the CLI) and add nothing of their own.
 *
 * @example
 * const computation = computeLedger({ tasks: ledger.tasks, events, asOf: "2020-06-30" });
 * const bulletin = buildBulletin({ tasks: ledger.tasks, computation, plans: [{ id: ledger.plan.id, ledger, events }] },
 *   redactionFor("viewer"));
 * bulletin.overdue[0]?.contact; // "张* 186****0215"
 */
import { z } from "zod";
import type { LedgerComputation } from "./Compute.ts";
import type { LedgerEvent } from "./Event.ts";
import { type AttainmentRow, attainmentTable } from "./Indicator.ts";
import { defaultRegions, measurementsOf } from "./IndicatorAttainment.ts";
import type { Ledger } from "./Ledger.ts";
import type { PlanSummary } from "./Progress.ts";
import { type Redaction, UNMASKED } from "./Privacy.ts";
import { leadsOf } from "./Responsibility.ts";
import { type Ranked, scorecardUnit } from "./Scorecard.ts";
import { isLeaf, type Task } from "./Task.ts";
import { TimelinessStatus } from "./Timeliness.ts";

/** The actor name that marks synthetic demo events (演示数据); a bulletin over them says so. */
export const DEMO_LABEL = "演示数据 (synthetic demo)";

/** An overdue or stale item of the bulletin. */
export const BulletinItem = z.object({
  taskId: z.string(),
  planId: z.string(),
  planTitle: z.string(),
  /** The task's numbering path, e.g. "一 （二） 3.". */
  label: z.string(),
  /** Its title, else the first 60 characters of its text. */
  title: z.string(),
  /** Lead units, by name. */
  leads: z.array(z.string()),
  /** Due date in force. */
  due: z.string().optional(),
  daysOverdue: z.number().int(),
  status: z.string(),
  percent: z.number(),
  lastReportOn: z.string().optional(),
  /** Whom to call: the reporting liaison (联络员) or handler, "name phone", masked for readers who may not see them. */
  contact: z.string().optional(),
});
export type BulletinItem = z.infer<typeof BulletinItem>;

/** A ranked unit with its region (the same name may be a different body elsewhere). */
export type BulletinRanked = Ranked & { region?: string | undefined };

/** The bulletin model. */
export interface Bulletin {
  title: string;
  asOf: string;
  plans: { id: string; title: string }[];
  summary: PlanSummary;
  /** The ranking, with each unit's region. */
  ranking: BulletinRanked[];
  /** Overdue leaf items, most days overdue first (ties by task id). */
  overdue: BulletinItem[];
  /** Leaf items without a report for too long, in ledger order. */
  stale: BulletinItem[];
  /** Indicator × region attainment per plan that has indicators. */
  indicators: { planId: string; rows: AttainmentRow[] }[];
  /** True when the ledger holds synthetic demo events: the bulletin says so. */
  demo: boolean;
}

/** A plan the bulletin covers: its ledger and events (absent when the plan asked for is not held). */
export interface BulletinPlan {
  readonly id: string;
  readonly ledger?: Ledger | undefined;
  readonly events?: readonly LedgerEvent[] | undefined;
}

/** What a bulletin is built from: the computation over the plans' tasks, and the plans. */
export interface BulletinSource {
  /** The tasks the computation covers (the same positions). */
  readonly tasks: readonly Task[];
  readonly computation: LedgerComputation;
  /** The plans, in the order the bulletin lists them. */
  readonly plans: readonly BulletinPlan[];
}

const excerpt = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Whom to call about a task: its liaison (联络员), else its handler (承办人), as "name phone". */
export function contactOf(task: Task, redaction: Redaction = UNMASKED): string | undefined {
  const person = task.people.find((p) => p.role === "liaison") ?? task.people.find((p) => p.role === "handler");
  if (!person) return undefined;
  const shown = redaction.person(person);
  return [shown.name, shown.contact.phone].filter(Boolean).join(" ");
}

const OVERDUE = TimelinessStatus.options.indexOf("overdue");
const STALE = TimelinessStatus.options.indexOf("stale");

/** Builds the bulletin as of the computation's date, as `redaction`'s reader may see it (default everything). */
export function buildBulletin(source: BulletinSource, redaction: Redaction = UNMASKED): Bulletin {
  const { tasks, computation: c, plans } = source;
  const titles = new Map(plans.map((p) => [p.id, p.ledger?.plan.title ?? p.id]));
  const units = plans.flatMap((p) => p.ledger?.units ?? []);
  const itemOf = (i: number): BulletinItem => {
    const task = tasks[i] as Task;
    const t = c.timelinessOf(i);
    const state = c.stateOf(i);
    return {
      taskId: task.id,
      planId: task.planId,
      planTitle: titles.get(task.planId) ?? task.planId,
      label: task.path.join(" "),
      title: redaction.text(task.title ?? excerpt(task.text)),
      leads: leadsOf(task.responsibility).map((a) => a.unit),
      due: t.due,
      daysOverdue: t.daysOverdue,
      status: state.status,
      percent: c.percent[i] ?? 0,
      lastReportOn: state.lastReportOn,
      contact: contactOf(task, redaction),
    };
  };
  const overdue: BulletinItem[] = [];
  const stale: BulletinItem[] = [];
  const timeliness = c.columns.timeliness;
  for (let i = 0; i < tasks.length; i++) {
    const code = timeliness[i];
    if ((code !== OVERDUE && code !== STALE) || !isLeaf(tasks[i] as Task)) continue;
    (code === OVERDUE ? overdue : stale).push(itemOf(i));
  }
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.taskId.localeCompare(b.taskId));
  let demo = false;
  const indicators: Bulletin["indicators"] = [];
  for (const plan of plans) {
    const { ledger, events = [] } = plan;
    if (!ledger) continue;
    demo ||= events.some((e) => e.actor.name === DEMO_LABEL);
    if (ledger.indicators.length === 0) continue;
    const measurements = measurementsOf(events, redaction);
    const regions = defaultRegions(ledger, measurements);
    indicators.push({
      planId: plan.id,
      rows: attainmentTable(ledger.indicators, measurements, { asOf: c.asOf, regions }),
    });
  }
  return {
    title: `改革任务推进情况通报（截至${c.asOf}）`,
    asOf: c.asOf,
    plans: plans.map((p) => ({ id: p.id, title: titles.get(p.id) ?? p.id })),
    summary: c.summary,
    ranking: c.ranking.map((r) => {
      const region = scorecardUnit(units, r.scorecard)?.region?.name;
      return region ? { ...r, region } : r;
    }),
    overdue,
    stale,
    indicators,
    demo,
  };
}
