/**
 * Tasks as of a date: filtered, paginated lists and single tasks with their history. Every figure
 * (state, timeliness, roll-up percent) is the domain's `computeLedger` result.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { cooperatorsOf, leadsOf, Rag, type Task, TaskKind, TaskStatus, TimelinessStatus } from "@reform/domain";
import { asOfOf, caller, type Deps } from "../context.ts";
import { ApiError } from "../errors.ts";
import type { LedgerService, View } from "../ledger.ts";
import type { Presenter } from "../present.ts";
import { memoResponse } from "../responseCache.ts";
import { router } from "../router.ts";
import {
  AsOfQuery,
  errors,
  json,
  PageInfo,
  PageQuery,
  paginate,
  StoredEventSchema,
  TaskIdParam,
  TaskListItem,
  type TaskListState,
  type TaskListTask,
  TaskView,
} from "../schemas.ts";

/** A comma-separated list of enum values. */
function csv<V extends string>(values: readonly V[], description: string) {
  const allowed = new Set<string>(values);
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === "") return undefined;
      const parts = s.split(",").map((x) => x.trim());
      const bad = parts.filter((x) => !allowed.has(x));
      if (bad.length > 0) {
        ctx.addIssue({ code: "custom", message: `unknown value(s) ${bad.join(", ")}; expected ${values.join(", ")}` });
        return z.NEVER;
      }
      return parts as V[];
    })
    .openapi({ type: "string", description: `${description} Comma-separated: ${values.join(", ")}.` });
}

export const TaskFilterQuery = z.object({
  plan: z.string().optional().openapi({ description: "Plan id(s), comma-separated." }),
  section: z.string().optional().openapi({ description: "Id of a section or subsection: it and its descendants." }),
  department: z.string().optional().openapi({ description: "Responsible unit (canonical name or unit id)." }),
  role: z
    .enum(["lead", "cooperating", "any"])
    .default("any")
    .openapi({ description: "With `department`: lead (leads or co-leads), cooperating, or any." }),
  state: csv(TaskStatus.options, "Task status."),
  timeliness: csv(TimelinessStatus.options, "Timeliness status."),
  rag: csv(Rag.options, "Red/amber/green rating."),
  kind: csv(TaskKind.options, "Node kind (default: every node)."),
  theme: z.string().optional().openapi({ description: "Theme tag." }),
  text: z.string().optional().openapi({ description: "Case-insensitive text search in label, title and text." }),
});
export type TaskFilter = z.infer<typeof TaskFilterQuery>;

const DetailQuery = z.object({
  detail: z
    .enum(["row", "full"])
    .default("row")
    .openapi({
      description:
        "row (default): each task's place, text, deadline, themes and lead/cooperating unit names, its " +
        "status, percent and dates in force; full: the whole task (responsibility, people and contacts, " +
        "targets, kept columns) and its whole state (extensions, rejections, reopenings, reports by period).",
    }),
});

const TaskList = z
  .object({ asOf: z.string(), items: z.array(TaskListItem) })
  .extend(PageInfo.shape)
  .openapi("TaskList");

type TaskListBody = z.infer<typeof TaskList>;

const TaskDetail = TaskView.extend({
  planId: z.string(),
  events: z.array(StoredEventSchema),
}).openapi("TaskDetail");

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["tasks"],
  summary: "Tasks as of a date, filtered and paginated",
  request: { query: AsOfQuery.extend(TaskFilterQuery.shape).extend(DetailQuery.shape).extend(PageQuery.shape) },
  responses: { 200: json(TaskList, "A page of tasks"), ...errors("validation", "unauthorized") },
});

const get = createRoute({
  method: "get",
  path: "/{taskId}",
  tags: ["tasks"],
  summary: "One task as of a date, with its events",
  request: { params: TaskIdParam, query: AsOfQuery },
  responses: { 200: json(TaskDetail, "The task"), ...errors("validation", "unauthorized", "not-found") },
});

/** The set of plan ids a filter covers (undefined: all). */
export function planIdsOf(filter: Pick<TaskFilter, "plan">): string[] | undefined {
  return filter.plan
    ? filter.plan
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

/** Indices of the view's tasks matching a filter (memoised per view). */
export function matching(ledger: LedgerService, view: View, filter: Partial<TaskFilter>): Int32Array {
  const { tasks, computation } = view;
  const key = JSON.stringify(filter);
  const states = filter.state && new Set<string>(filter.state);
  const times = filter.timeliness && new Set<string>(filter.timeliness);
  const rags = filter.rag && new Set<string>(filter.rag);
  const kinds = filter.kind && new Set<string>(filter.kind);
  const text = filter.text?.toLowerCase();
  const dept = filter.department;
  const inSection = (i: number): boolean => {
    let t: Task | undefined = tasks[i];
    for (let depth = 0; t && depth < 32; depth++) {
      if (t.id === filter.section) return true;
      const parent: number | undefined = t.parentId ? computation.index.get(t.parentId) : undefined;
      t = parent === undefined ? undefined : tasks[parent];
    }
    return false;
  };
  return ledger.filter(view, key, (i) => {
    const task = tasks[i] as Task;
    if (kinds && !kinds.has(task.kind)) return false;
    if (states && !states.has(computation.states[i]?.status ?? "")) return false;
    if (times && !times.has(computation.timeliness[i]?.status ?? "")) return false;
    if (rags && !rags.has(computation.timeliness[i]?.rag ?? "")) return false;
    if (filter.theme && !task.themes.includes(filter.theme)) return false;
    if (dept) {
      const r = task.responsibility;
      const pool =
        filter.role === "lead" ? leadsOf(r) : filter.role === "cooperating" ? cooperatorsOf(r) : (r?.assignments ?? []);
      if (!pool.some((a) => a.unit === dept || a.unitId === dept)) return false;
    }
    if (text) {
      const hay = `${task.label ?? ""} ${task.title ?? ""} ${task.text}`.toLowerCase();
      if (!hay.includes(text)) return false;
    }
    if (filter.section && !inSection(i)) return false;
    return true;
  });
}

/** A task's figures in a view: state, timeliness, roll-up percent and stream version. */
export function figuresOf(view: View, i: number): Omit<TaskView, "task"> {
  const c = view.computation;
  return {
    state: c.states[i] as TaskView["state"],
    timeliness: c.timeliness[i] as TaskView["timeliness"],
    percent: c.percent[i] as number,
    version: view.versions.get((view.tasks[i] as Task).id) ?? 0,
  };
}

/** One task of a view as the API shows it. */
export function taskView(view: View, i: number, show: Presenter): TaskView {
  return { task: show.task(view.tasks[i] as Task), ...figuresOf(view, i) };
}

/** A task as a list shows it (`full`: with everything else it holds); see `TaskListTask`. */
export function listTask(task: Task, show: Presenter, full: boolean): TaskListTask {
  const leads = leadsOf(task.responsibility).map((a) => a.unit);
  const cooperators = cooperatorsOf(task.responsibility).map((a) => a.unit);
  if (full) return { ...show.task(task), leads, cooperators };
  return {
    id: task.id,
    planId: task.planId,
    ...(task.parentId !== undefined ? { parentId: task.parentId } : {}),
    kind: task.kind,
    path: task.path,
    ...(task.label !== undefined ? { label: task.label } : {}),
    ...(task.title !== undefined ? { title: show.text(task.title) } : {}),
    text: show.text(task.text),
    order: task.order,
    ...(task.deadline ? { deadline: task.deadline } : {}),
    themes: task.themes,
    leads,
    cooperators,
  };
}

/** A task's state as a list shows it (`full`: all of it); see `TaskListState`. */
export function listState(state: TaskView["state"], full: boolean): TaskListState {
  if (full) return state;
  const { status, percent, lastReportOn, completedOn, closedOn, due } = state;
  return {
    status,
    percent,
    ...(lastReportOn !== undefined ? { lastReportOn } : {}),
    ...(completedOn !== undefined ? { completedOn } : {}),
    ...(closedOn !== undefined ? { closedOn } : {}),
    ...(due !== undefined ? { due } : {}),
  };
}

/** The tasks resource, mounted at `/api/tasks`. */
export function tasksRoutes(deps: Deps) {
  return router()
    .openapi(list, async (c) => {
      const { asOf: asOfParam, limit, offset, detail, ...filter } = c.req.valid("query");
      const asOf = asOfOf(deps, asOfParam);
      const view = await deps.ledger.view(asOf, planIdsOf(filter));
      const { show } = caller(c);
      const full = detail === "full";
      const key = `tasks|${JSON.stringify(filter)}|${offset}|${limit}|${detail}|${show.masked}`;
      const bytes = deps.ledger.memoJson(view, key, (): TaskListBody => {
        const hits = matching(deps.ledger, view, filter);
        return {
          asOf,
          ...paginate(hits, { offset, limit }, (i) => {
            const figures = figuresOf(view, i);
            const task = listTask(view.tasks[i] as Task, show, full);
            return { task, ...figures, state: listState(figures.state, full) };
          }),
        };
      });
      return memoResponse<TaskListBody>(view, bytes);
    })
    .openapi(get, async (c) => {
      const { taskId } = c.req.valid("param");
      const asOf = asOfOf(deps, c.req.valid("query").asOf);
      const view = await deps.ledger.view(asOf);
      const i = view.computation.index.get(taskId);
      if (i === undefined) throw new ApiError("not-found", `task ${taskId} does not exist`);
      const { show } = caller(c);
      const planId = (view.tasks[i] as Task).planId;
      const events = await deps.store.listEvents({ taskId, limit: 10_000 });
      return c.json(
        {
          ...taskView(view, i, show),
          planId,
          events: events.map((e) => ({ ...e, event: show.event(e.event) })),
        },
        200,
      );
    });
}
