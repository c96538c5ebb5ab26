/** `reform status`: one non-interactive screen (or JSON) of each plan's progress, timeliness and RAG. */
import type { PlanSummary } from "@reform/domain";
import type { Snapshot, TaskRow } from "../dashboard/Model.ts";
import { bar, fit, flat, width } from "../Text.ts";

/** The JSON `reform status --json` prints. */
export function statusJson(snapshot: Snapshot, source: string) {
  return {
    source,
    asOf: snapshot.asOf,
    plans: snapshot.plans.map((p) => ({ id: p.id, title: p.title, percent: p.summary.percent, summary: p.summary })),
    overdueTotal: snapshot.overdueTotal,
    dueSoonTotal: snapshot.dueSoonTotal,
    overdue: snapshot.overdue.slice(0, 20).map(taskJson),
    dueSoon: snapshot.dueSoon.slice(0, 20).map(taskJson),
  };
}

const taskJson = (r: TaskRow) => ({
  id: r.id,
  planId: r.planId,
  label: r.label,
  text: r.text,
  leads: r.leads,
  due: r.timeliness.due,
  daysOverdue: r.timeliness.daysOverdue,
  daysLeft: r.timeliness.daysLeft,
  status: r.status,
  percent: r.percent,
});

/** The counts line under a plan: timeliness and RAG, as the summary gives them. */
export function countsLine(s: PlanSummary): string {
  const t = s.byTimeliness;
  return [
    `overdue ${t.overdue}`,
    `soon ${t["due-soon"]}`,
    `stale ${t.stale}`,
    `not due ${t["not-yet-due"]}`,
    `on time ${t["completed-on-time"]}`,
    `late ${t["completed-late"]}`,
    `external ${t["awaiting-external"]}`,
  ].join(" · ");
}

/** Items by status. */
export const statusLine = (s: PlanSummary) =>
  `${s.items} items: ${s.byStatus.completed + s.byStatus.closed} done, ${s.byStatus["in-progress"]} in progress, ${s.byStatus["not-started"]} not started`;

export const ragLine = (s: PlanSummary) => `R ${s.byRag.red} A ${s.byRag.amber} G ${s.byRag.green}`;

/** The status screen as lines of at most `columns` columns. */
export function statusLines(snapshot: Snapshot, source: string, columns = 80): string[] {
  const out = [fit(`Reform Ledger — as of ${snapshot.asOf} — ${source}`, columns).trimEnd(), ""];
  const barWidth = Math.max(10, Math.min(30, columns - 50));
  for (const p of snapshot.plans) {
    const right = ` ${bar(p.summary.percent, barWidth)} ${fit(`${Math.round(p.summary.percent)}%`, 4, "right")}`;
    out.push(fit(flat(p.title), columns - width(right)) + right);
    out.push(fit(`  ${countsLine(p.summary)}`, columns).trimEnd());
    out.push(fit(`  ${ragLine(p.summary)} · ${statusLine(p.summary)}`, columns).trimEnd());
  }
  out.push("", `Overdue: ${snapshot.overdueTotal} · due soon: ${snapshot.dueSoonTotal}`);
  for (const r of snapshot.overdue.slice(0, 10)) {
    const days = ` ${r.timeliness.daysOverdue}d`;
    const lead = fit(r.leads[0] ?? "", 14);
    out.push(
      `  ${fit(`${r.label} ${flat(r.text)}`, columns - 2 - 15 - width(days) - 1)} ${lead}${fit(days, width(days) + 1, "right")}`.trimEnd(),
    );
  }
  if (snapshot.overdueTotal > 10) out.push(`  … ${snapshot.overdueTotal - 10} more`);
  return out;
}
