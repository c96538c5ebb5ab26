/**
 * File mode: a ledger read from a file (document, XLSX, CSV or ledger JSON) with no server, every
 * figure computed by `@reform/domain` (`computeLedger`, `attainmentTable`) as of the chosen date.
 */
import {
  attainmentTable,
  chinaDate,
  computeLedger,
  isLeaf,
  type Ledger,
  type LedgerComputation,
  leadsOf,
  type Task,
  TimelinessStatus,
} from "@reform/domain";
import { contactsOf } from "./ApiSource.ts";
import type { IndicatorRow, Query, Snapshot, Source, TaskDetail, TaskRow } from "./Model.ts";

export const FILE_LIST_LIMIT = 200;

const OVERDUE = TimelinessStatus.options.indexOf("overdue");
const DUE_SOON = TimelinessStatus.options.indexOf("due-soon");

/** The dashboard's source over one ledger in memory. */
export function fileSource(ledger: Ledger, options: { label: string; now?: () => Date }): Source {
  const now = options.now ?? (() => new Date());
  let cached: { asOf: string; computation: LedgerComputation } | undefined;
  const compute = (query: Query): { asOf: string; computation: LedgerComputation } => {
    const asOf = query.asOf ?? chinaDate(now());
    if (cached?.asOf !== asOf) cached = { asOf, computation: computeLedger({ tasks: ledger.tasks, events: [], asOf }) };
    return cached;
  };
  const rowAt = (c: LedgerComputation, i: number): TaskRow => {
    const t = ledger.tasks[i] as Task;
    return {
      id: t.id,
      planId: t.planId,
      label: t.path.join(" ") || t.label || "",
      text: t.title ?? t.text,
      deadline: t.deadline,
      leads: leadsOf(t.responsibility).map((a) => a.unit),
      status: c.stateOf(i).status,
      percent: c.percent[i] ?? 0,
      timeliness: c.timelinessOf(i),
      version: 0,
    };
  };
  /** Leaf tasks whose timeliness code is `code`. */
  const withTimeliness = (c: LedgerComputation, code: number) => {
    const hits: number[] = [];
    const column = c.columns.timeliness;
    for (let i = 0; i < ledger.tasks.length; i++) {
      if (column[i] === code && isLeaf(ledger.tasks[i] as Task)) hits.push(i);
    }
    return hits;
  };
  const indicators = (asOf: string): IndicatorRow[] => {
    const region = ledger.plan.region?.name;
    return attainmentTable(ledger.indicators, [], { asOf, regions: region ? [region] : [] }).map((row) => ({
      id: row.indicator.id,
      planId: ledger.plan.id,
      name: row.indicator.name,
      unit: row.indicator.unit,
      target: row.indicator.targets[0]?.text,
      cells: row.cells.map((cell) => ({
        region: cell.region,
        status: cell.status,
        ...(cell.value !== undefined ? { value: cell.value } : {}),
        ...(cell.period ? { period: cell.period } : {}),
      })),
      history: [],
    }));
  };
  return {
    mode: "file",
    label: options.label,
    async load(query) {
      const { asOf, computation: c } = compute(query);
      const overdue = withTimeliness(c, OVERDUE).map((i) => rowAt(c, i));
      const dueSoon = withTimeliness(c, DUE_SOON).map((i) => rowAt(c, i));
      overdue.sort((a, b) => b.timeliness.daysOverdue - a.timeliness.daysOverdue);
      dueSoon.sort((a, b) => (a.timeliness.daysLeft ?? 0) - (b.timeliness.daysLeft ?? 0));
      const snapshot: Snapshot = {
        asOf,
        plans: [...c.plans.entries()].map(([id, summary]) => ({
          id,
          title: id === ledger.plan.id ? ledger.plan.title : id,
          summary,
        })),
        overdue: overdue.slice(0, FILE_LIST_LIMIT),
        overdueTotal: overdue.length,
        dueSoon: dueSoon.slice(0, FILE_LIST_LIMIT),
        dueSoonTotal: dueSoon.length,
        departments: c.ranking.map((r) => ({ rank: r.rank, scorecard: r.scorecard })),
        indicators: indicators(asOf),
      };
      return snapshot;
    },
    async search(text, query) {
      const { computation: c } = compute(query);
      const needle = text.toLowerCase();
      const rows: TaskRow[] = [];
      let total = 0;
      ledger.tasks.forEach((t, i) => {
        if (!isLeaf(t)) return;
        if (!`${t.label ?? ""} ${t.title ?? ""} ${t.text}`.toLowerCase().includes(needle)) return;
        total++;
        if (rows.length < FILE_LIST_LIMIT) rows.push(rowAt(c, i));
      });
      return { rows, total };
    },
    async detail(taskId, query) {
      const { computation: c } = compute(query);
      const i = c.index.get(taskId);
      if (i === undefined) throw new Error(`task ${taskId} is not in ${options.label}`);
      const t = ledger.tasks[i] as Task;
      const state = c.stateOf(i);
      const timeliness = c.timelinessOf(i);
      const detail: TaskDetail = {
        row: rowAt(c, i),
        planTitle: ledger.plan.title,
        path: t.path.join(" "),
        deadlineText: t.deadline?.text,
        due: state.due ?? timeliness.due,
        originalDue: state.originalDue ?? timeliness.originalDue,
        units: (t.responsibility?.assignments ?? []).map((a) => ({ unit: a.unit, role: a.role })),
        history: [],
        contacts: contactsOf(t.people),
      };
      return detail;
    },
    async bulletin() {
      throw new Error("the bulletin preview needs a server in this version (reform bulletin --server URL)");
    },
  };
}
