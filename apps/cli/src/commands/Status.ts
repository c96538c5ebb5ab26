/** `reform status`: one non-interactive screen (or JSON) of each plan's progress, timeliness and RAG. */
import type { Snapshot, TaskRow } from "../dashboard/Model.ts";
import { type Strings, zh } from "../dashboard/Strings.ts";
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

/** The status screen as lines of at most `columns` columns, labelled in `strings`' language. */
export function statusLines(snapshot: Snapshot, source: string, columns = 80, strings: Strings = zh): string[] {
  const s = strings;
  const out = [fit(s.header({ source, asOf: snapshot.asOf, plan: undefined }), columns).trimEnd(), ""];
  const barWidth = Math.max(10, Math.min(30, columns - 50));
  for (const p of snapshot.plans) {
    const right = ` ${bar(p.summary.percent, barWidth)} ${fit(`${Math.round(p.summary.percent)}%`, 4, "right")}`;
    const rag = p.summary.byRag;
    out.push(fit(flat(p.title), columns - width(right)) + right);
    out.push(fit(`  ${s.counts(p.summary)}`, columns).trimEnd());
    out.push(
      fit(
        `  ${s.ragShort.red} ${rag.red} ${s.ragShort.amber} ${rag.amber} ${s.ragShort.green} ${rag.green} · ${s.byStatus(p.summary)}`,
        columns,
      ).trimEnd(),
    );
  }
  out.push("", s.statusTotals({ overdue: snapshot.overdueTotal, dueSoon: snapshot.dueSoonTotal }));
  const daysOf = (r: TaskRow) => ` ${s.daysOverdue(r.timeliness.daysOverdue)}`;
  const shown = snapshot.overdue.slice(0, 10);
  // The days column as wide as its widest entry, so that every row ends on the same cell.
  const daysW = Math.max(0, ...shown.map((r) => width(daysOf(r))));
  for (const r of shown) {
    const lead = fit(r.leads[0] ?? "", 14);
    out.push(
      `  ${fit(`${r.label} ${flat(r.text)}`, columns - 2 - 15 - daysW - 1)} ${lead}${fit(daysOf(r), daysW + 1, "right")}`.trimEnd(),
    );
  }
  if (snapshot.overdueTotal > shown.length) out.push(`  ${s.more(snapshot.overdueTotal - shown.length)}`);
  return out;
}
