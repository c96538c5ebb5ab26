/**
 * API mode: every figure is the API's answer, fetched through the typed `hc` client; live updates
 * come from its event stream. Nothing is computed here beyond picking fields for display.
 */
import {
  type Deadline,
  type LedgerEvent,
  leadsOf,
  type Person,
  type PlanSummary,
  type Responsibility,
  type Scorecard,
  type Timeliness,
} from "@reform/domain";
import { postWrite } from "../commands/Operate.ts";
import { type Connection, call, response } from "../Server.ts";
import { followEvents } from "./EventStream.ts";
import type {
  ContactRow,
  HistoryEntry,
  IndicatorRow,
  Query,
  Snapshot,
  Source,
  TaskAction,
  TaskDetail,
  TaskRow,
} from "./Model.ts";

interface ApiTaskItem {
  task: {
    id: string;
    planId: string;
    label?: string;
    path: string[];
    title?: string;
    text: string;
    deadline?: Deadline;
    leads: string[];
    responsibility?: Responsibility;
    people?: Person[];
  };
  state: { status: string; percent: number; due?: string; originalDue?: string };
  timeliness: Timeliness;
  percent: number;
  version: number;
}

interface ApiTaskDetail extends ApiTaskItem {
  planId: string;
  events: { seq: number; event: LedgerEvent }[];
}

/** Rows per list screen (the totals say how many there are). */
export const LIST_LIMIT = 200;

/** A task row from an API list item. */
export function rowOf(item: ApiTaskItem): TaskRow {
  const t = item.task;
  return {
    id: t.id,
    planId: t.planId,
    label: t.path.join(" ") || t.label || "",
    text: t.title ?? t.text,
    deadline: t.deadline,
    leads: t.leads ?? [],
    status: item.state.status,
    percent: item.percent,
    timeliness: item.timeliness,
    version: item.version,
  };
}

/** One event of a task's history as the detail screen lists it. */
export function historyOf(e: LedgerEvent): HistoryEntry {
  const who = [e.actor.unit, e.actor.name].filter(Boolean).join(" ") || e.actor.role;
  const base = { at: e.at, type: e.type, who };
  switch (e.type) {
    case "report":
      return { ...base, percent: e.percent, text: e.narrative };
    case "complete":
      return { ...base, text: e.narrative };
    case "extend":
      return { ...base, text: `→ ${e.due}: ${e.reason}` };
    case "measurement":
      return { ...base, text: `${e.region} ${e.period}: ${e.value}` };
    default:
      return { ...base, text: e.reason };
  }
}

/** A task's contacts, as given (already masked by whoever decides who may see them). */
export function contactsOf(people: readonly Person[] | undefined): ContactRow[] {
  return (people ?? []).map((p) => ({
    role: p.role,
    name: p.name,
    ...(p.unit ? { unit: p.unit } : {}),
    ...(p.contact.phone ? { phone: p.contact.phone } : {}),
  }));
}

export function detailOf(d: ApiTaskItem, planTitle: string, events: readonly LedgerEvent[]): TaskDetail {
  return {
    row: rowOf({ ...d, task: { ...d.task, leads: leadsOf(d.task.responsibility).map((a) => a.unit) } }),
    planTitle,
    path: d.task.path.join(" "),
    deadlineText: d.task.deadline?.text,
    due: d.state.due ?? d.timeliness.due,
    originalDue: d.state.originalDue ?? d.timeliness.originalDue,
    units: (d.task.responsibility?.assignments ?? []).map((a) => ({ unit: a.unit, role: a.role })),
    history: events.map(historyOf).reverse(),
    contacts: contactsOf(d.task.people),
  };
}

/** The dashboard's source over a running API. */
export function apiSource(conn: Connection): Source {
  const api = conn.client.api;
  const q = (query: Query) => ({
    ...(query.asOf ? { asOf: query.asOf } : {}),
    ...(query.plan ? { plan: query.plan } : {}),
  });
  const planTitles = new Map<string, string>();
  const tasks = async (query: Query, timeliness: string, sort: "overdue" | "due") => {
    const page = await call<{ items: ApiTaskItem[]; total: number }>(conn, `tasks (${timeliness})`, () =>
      api.tasks.$get({ query: { ...q(query), timeliness, sort, kind: "task,milestone", limit: String(LIST_LIMIT) } }),
    );
    return { rows: page.items.map(rowOf), total: page.total };
  };
  const indicators = async (query: Query): Promise<IndicatorRow[]> => {
    const body = await call<{
      items: {
        planId: string;
        indicator: { id: string; name: string; unit: string; targets: { text: string }[] };
        attainment: { region: string; status: string; value?: number; period?: string }[];
      }[];
    }>(conn, "indicators", () => api.indicators.$get({ query: q(query) }));
    return Promise.all(
      body.items.map(async (item) => {
        const detail = await call<{ measurements: { event: LedgerEvent }[] }>(
          conn,
          `indicator ${item.indicator.id}`,
          () =>
            api.indicators[":indicatorId"].$get({
              param: { indicatorId: item.indicator.id },
              query: { ...q(query), plan: item.planId },
            }),
        );
        const firstRegion = item.attainment[0]?.region;
        const history = detail.measurements
          .map((m) => m.event)
          .filter((e): e is Extract<LedgerEvent, { type: "measurement" }> => e.type === "measurement")
          .filter((e) => firstRegion === undefined || e.region === firstRegion)
          .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))
          .map((e) => e.value);
        return {
          id: item.indicator.id,
          planId: item.planId,
          name: item.indicator.name,
          unit: item.indicator.unit,
          target: item.indicator.targets[0]?.text,
          cells: item.attainment.map((a) => ({
            region: a.region,
            status: a.status,
            ...(a.value !== undefined ? { value: a.value } : {}),
            ...(a.period ? { period: a.period } : {}),
          })),
          history,
        };
      }),
    );
  };
  return {
    mode: "api",
    label: conn.url,
    async load(query) {
      const [plans, overdue, dueSoon, departments, inds] = await Promise.all([
        call<{ asOf: string; items: { plan: { id: string; title: string }; summary: PlanSummary }[] }>(
          conn,
          "plans",
          () => api.plans.$get({ query: query.asOf ? { asOf: query.asOf } : {} }),
        ),
        tasks(query, "overdue", "overdue"),
        tasks(query, "due-soon", "due"),
        call<{ items: { rank: number; scorecard: Scorecard }[] }>(conn, "departments", () =>
          api.departments.$get({ query: q(query) }),
        ),
        indicators(query),
      ]);
      for (const p of plans.items) planTitles.set(p.plan.id, p.plan.title);
      const snapshot: Snapshot = {
        asOf: plans.asOf,
        plans: plans.items
          .filter((p) => !query.plan || p.plan.id === query.plan)
          .map((p) => ({ id: p.plan.id, title: p.plan.title, summary: p.summary })),
        overdue: overdue.rows,
        overdueTotal: overdue.total,
        dueSoon: dueSoon.rows,
        dueSoonTotal: dueSoon.total,
        departments: departments.items.map((d) => ({ rank: d.rank, scorecard: d.scorecard })),
        indicators: inds,
      };
      return snapshot;
    },
    async search(text, query) {
      const page = await call<{ items: ApiTaskItem[]; total: number }>(conn, "search", () =>
        api.tasks.$get({ query: { ...q(query), text, kind: "task,milestone", limit: String(LIST_LIMIT) } }),
      );
      return { rows: page.items.map(rowOf), total: page.total };
    },
    async ledBy(unit, query) {
      const page = await call<{ items: ApiTaskItem[]; total: number }>(conn, `tasks of ${unit}`, () =>
        api.tasks.$get({
          query: {
            ...q(query),
            department: unit,
            role: "lead",
            sort: "overdue",
            kind: "task,milestone",
            limit: String(LIST_LIMIT),
          },
        }),
      );
      return { rows: page.items.map(rowOf), total: page.total };
    },
    async detail(taskId, query) {
      const [d, actions] = await Promise.all([
        call<ApiTaskDetail>(conn, `task ${taskId}`, () =>
          api.tasks[":taskId"].$get({ param: { taskId }, query: query.asOf ? { asOf: query.asOf } : {} }),
        ),
        // What the token may do here (the API's dry run of the domain's rules); nothing to ask without one.
        conn.token
          ? call<{ items: TaskAction[] }>(conn, `actions ${taskId}`, () =>
              api.tasks[":taskId"].actions.$get({ param: { taskId } }),
            ).then(
              (a) => a.items,
              () => undefined,
            )
          : undefined,
      ]);
      const detail = detailOf(
        d,
        planTitles.get(d.planId) ?? d.planId,
        d.events.map((e) => e.event),
      );
      return actions ? { ...detail, actions } : detail;
    },
    async bulletin(query) {
      const res = await response(conn, "bulletin", () => api.bulletin.$get({ query: { ...q(query), format: "md" } }));
      return res.text();
    },
    ...(conn.token
      ? {
          write: (taskId: string, version: number, body: Parameters<typeof postWrite>[3]) =>
            postWrite(conn, taskId, version, body),
        }
      : {}),
    watch(handlers) {
      return followEvents(conn, {
        onStatus: handlers.onStatus,
        onMessage(message) {
          let taskId: string | undefined;
          try {
            taskId = (JSON.parse(message.data) as { event?: { taskId?: string } }).event?.taskId;
          } catch {
            // A message without JSON data still means the ledger changed.
          }
          handlers.onChange({ type: message.event, ...(taskId ? { taskId } : {}) });
        },
      });
    },
  };
}
