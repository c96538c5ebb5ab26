/**
 * File mode: a ledger read from a file (document, XLSX, CSV or ledger JSON) with no server. Every
 * figure is `@reform/domain`'s — `computeLedger` as of the chosen date, `queryTasks` for the lists
 * and search, `attainmentTable` for indicators, `buildBulletin` for the bulletin (rendered by the
 * API's own Markdown renderer) — the same functions the API answers with.
 */
import {
  attainmentTable,
  buildBulletin,
  chinaDate,
  computeLedger,
  type Ledger,
  type LedgerComputation,
  type TaskRow as DomainRow,
  queryTasks,
  type TaskQuery,
  type TaskSource,
  taskRow,
} from "@reform/domain";
import { contactsOf } from "./ApiSource.ts";
import type { IndicatorRow, Query, Snapshot, Source, TaskDetail, TaskRow } from "./Model.ts";

export const FILE_LIST_LIMIT = 200;

const WORK: TaskQuery["kind"] = ["task", "milestone"];

/** A dashboard row from the domain's row. */
function rowOf(r: DomainRow): TaskRow {
  return {
    id: r.task.id,
    planId: r.task.planId,
    label: r.task.path.join(" ") || r.task.label || "",
    text: r.task.title ?? r.task.text,
    deadline: r.task.deadline,
    leads: r.task.leads,
    status: r.state.status,
    percent: r.percent,
    timeliness: r.timeliness,
    version: r.version,
  };
}

/** The ledger computed as of `asOf`, for the domain's queries. */
export function computeFile(ledger: Ledger, asOf: string): TaskSource & { computation: LedgerComputation } {
  return { tasks: ledger.tasks, computation: computeLedger({ tasks: ledger.tasks, events: [], asOf }) };
}

/** The dashboard's source over one ledger in memory. */
export function fileSource(
  ledger: Ledger,
  options: { label: string; now?: () => Date; reread?: () => Promise<Ledger> },
): Source {
  const now = options.now ?? (() => new Date());
  let cached: { asOf: string; source: TaskSource } | undefined;
  const compute = (query: Query) => {
    const asOf = query.asOf ?? chinaDate(now());
    if (cached?.asOf !== asOf) cached = { asOf, source: computeFile(ledger, asOf) };
    return cached;
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
  const reread = options.reread;
  return {
    mode: "file",
    label: options.label,
    ...(reread
      ? {
          async refresh() {
            ledger = await reread();
            cached = undefined;
          },
        }
      : {}),
    async load(query) {
      const { asOf, source } = compute(query);
      const c = source.computation;
      const overdue = queryTasks(source, {
        kind: WORK,
        timeliness: ["overdue"],
        sort: "overdue",
        limit: FILE_LIST_LIMIT,
      });
      const dueSoon = queryTasks(source, { kind: WORK, timeliness: ["due-soon"], sort: "due", limit: FILE_LIST_LIMIT });
      const snapshot: Snapshot = {
        asOf,
        plans: [...c.plans.entries()].map(([id, summary]) => ({
          id,
          title: id === ledger.plan.id ? ledger.plan.title : id,
          summary,
        })),
        overdue: overdue.items.map(rowOf),
        overdueTotal: overdue.total,
        dueSoon: dueSoon.items.map(rowOf),
        dueSoonTotal: dueSoon.total,
        departments: c.ranking.map((r) => ({ rank: r.rank, scorecard: r.scorecard })),
        indicators: indicators(asOf),
      };
      return snapshot;
    },
    async search(text, query) {
      const page = queryTasks(compute(query).source, { kind: WORK, text, limit: FILE_LIST_LIMIT });
      return { rows: page.items.map(rowOf), total: page.total };
    },
    async ledBy(unit, query) {
      const page = queryTasks(compute(query).source, {
        kind: WORK,
        department: unit,
        role: "lead",
        sort: "overdue",
        limit: FILE_LIST_LIMIT,
      });
      return { rows: page.items.map(rowOf), total: page.total };
    },
    async detail(taskId, query) {
      const { source } = compute(query);
      const i = source.computation.index.get(taskId);
      if (i === undefined) throw new Error(`task ${taskId} is not in ${options.label}`);
      const full = taskRow(source, i, { detail: "full" });
      const detail: TaskDetail = {
        row: rowOf(full),
        planTitle: ledger.plan.title,
        path: full.task.path.join(" "),
        deadlineText: full.task.deadline?.text,
        due: full.state.due ?? full.timeliness.due,
        originalDue: full.state.originalDue ?? full.timeliness.originalDue,
        units: (full.task.responsibility?.assignments ?? []).map((a) => ({ unit: a.unit, role: a.role })),
        history: [],
        contacts: contactsOf(full.task.people),
      };
      return detail;
    },
    async bulletin(query) {
      return bulletinMarkdownOf(ledger, compute(query).source);
    },
  };
}

/** The bulletin of a file's ledger: the domain's model, rendered by the API's Markdown renderer. */
export async function bulletinMarkdownOf(ledger: Ledger, source: TaskSource & { computation: LedgerComputation }) {
  const { bulletinMarkdown } = await import("@reform/api/bulletin");
  return bulletinMarkdown(
    buildBulletin({ tasks: source.tasks, computation: source.computation, plans: [{ id: ledger.plan.id, ledger }] }),
  );
}
