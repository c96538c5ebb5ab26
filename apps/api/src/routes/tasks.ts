/**
 * Tasks as of a date: filtered, sorted, paginated lists and single tasks with their history. The
 * query and the rows are the domain's (`selectTasks`, `pageOfTasks`, `taskRow` in `@reform/domain`'s
 * Query module); this resource validates the request, memoises the answer per view and renders it.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { pageOfTasks, selectTasks, type Task, taskFigures } from "@reform/domain";
import { asOfOf, caller, type Deps } from "../context.ts";
import { ApiError } from "../errors.ts";
import { planIdsOf, TaskFilterQuery, taskFilterOf } from "../query.ts";
import { memoResponse } from "../responseCache.ts";
import { router } from "../router.ts";
import {
  AsOfQuery,
  errors,
  json,
  PageInfo,
  PageQuery,
  StoredEventSchema,
  TaskIdParam,
  TaskListItem,
  TaskView,
} from "../schemas.ts";

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
  summary: "Tasks as of a date, filtered, sorted and paginated",
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

/** The tasks resource, mounted at `/api/tasks`. */
export function tasksRoutes(deps: Deps) {
  return router()
    .openapi(list, async (c) => {
      const { asOf: asOfParam, limit, offset, detail, plan, sort, ...params } = c.req.valid("query");
      const asOf = asOfOf(deps, asOfParam);
      const view = await deps.ledger.view(asOf, planIdsOf({ plan }));
      const { show } = caller(c);
      const filter = taskFilterOf(params);
      const selected = `${JSON.stringify(filter)}|${sort}`;
      const key = `tasks|${selected}|${offset}|${limit}|${detail}|${show.masked}`;
      const bytes = deps.ledger.memoJson(view, key, (): TaskListBody => {
        const hits = deps.ledger.selection(view, selected, () => selectTasks(view, filter, sort));
        return { asOf, ...pageOfTasks(view, hits, { offset, limit }, { detail, redaction: show }) };
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
      const task = view.tasks[i] as Task;
      const events = await deps.store.listEvents({ taskId, limit: 10_000 });
      return c.json(
        {
          task: show.task(task),
          ...taskFigures(view, i),
          planId: task.planId,
          events: events.map((e) => ({ ...e, event: show.event(e.event) })),
        },
        200,
      );
    });
}
