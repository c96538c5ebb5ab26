/**
 * Progress reports (进展报告): a responsible unit reports percent and narrative on a task; reports
 * can be listed by plan, task, department and date range.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { chinaDate, IsoDate, type ProgressReport } from "@reform/domain";
import type { StoredEvent } from "@reform/storage";
import { WRITERS } from "../auth.ts";
import { caller, type Deps } from "../context.ts";
import { router } from "../router.ts";
import {
  ExpectedVersion,
  errors,
  json,
  PageInfo,
  PageQuery,
  paginate,
  StoredEventSchema,
  TaskIdParam,
  WriteOptions,
  WriteResponse,
} from "../schemas.ts";
import { writeTaskEvent } from "../writes.ts";

const ReportBody = ExpectedVersion.extend(WriteOptions.shape)
  .extend({
    percent: z.number().min(0).max(100),
    narrative: z.string().max(20_000).default(""),
    evidence: z.array(z.string().max(2000)).max(50).default([]),
    period: z.string().max(20).optional().openapi({ description: "Period reported on (recurring/ongoing tasks)." }),
  })
  .openapi("ReportRequest");

const create = createRoute({
  method: "post",
  middleware: [WRITERS] as const,
  path: "/tasks/{taskId}/reports",
  tags: ["reports"],
  summary: "Report progress on a task",
  description:
    "Reporters may report for tasks their unit is responsible for (lead, co-lead or cooperating); admins for any. " +
    "The domain's rules decide; a refusal is 403 (not responsible) or 409 (e.g. the task is closed).",
  request: { params: TaskIdParam, body: { required: true, content: { "application/json": { schema: ReportBody } } } },
  responses: {
    201: json(WriteResponse, "The report was recorded"),
    ...errors("validation", "unauthorized", "forbidden", "not-found", "conflict", "unprocessable", "payload-too-large"),
  },
});

const ReportQuery = PageQuery.extend({
  plan: z.string().optional(),
  task: z.string().optional(),
  department: z.string().optional().openapi({ description: "Reporting unit." }),
  from: IsoDate.optional().openapi({ description: "First day (China time), inclusive." }),
  to: IsoDate.optional().openapi({ description: "Last day (China time), inclusive." }),
});

const list = createRoute({
  method: "get",
  path: "/reports",
  tags: ["reports"],
  summary: "Progress reports, newest first",
  request: { query: ReportQuery },
  responses: {
    200: json(z.object({ items: z.array(StoredEventSchema) }).extend(PageInfo.shape), "Reports"),
    ...errors("validation", "unauthorized"),
  },
});

/** The reports resource, mounted at `/api`. */
export function reportsRoutes(deps: Deps) {
  return router()
    .openapi(create, async (c) => {
      const { taskId } = c.req.valid("param");
      const body = c.req.valid("json");
      const result = await writeTaskEvent(deps, caller(c).principal, {
        taskId,
        expectedVersion: body.expectedVersion,
        unit: body.unit,
        id: body.id,
        at: body.at,
        build: (base): ProgressReport => ({
          ...base,
          type: "report",
          percent: body.percent,
          narrative: body.narrative,
          evidence: body.evidence,
          ...(body.period !== undefined ? { period: body.period } : {}),
        }),
      });
      return c.json(
        { event: result.stored, version: result.version, duplicate: result.duplicate, state: result.state },
        201,
      );
    })
    .openapi(list, async (c) => {
      const q = c.req.valid("query");
      const snapshot = await deps.ledger.snapshot();
      const { show } = caller(c);
      const planIds = q.plan ? [q.plan] : [...snapshot.plans.keys()];
      const reports: StoredEvent[] = [];
      for (const id of planIds) {
        for (const s of snapshot.plans.get(id)?.stored ?? []) {
          const e = s.event;
          if (e.type !== "report") continue;
          if (q.task && e.taskId !== q.task) continue;
          if (q.department && e.actor.unit !== q.department) continue;
          const day = chinaDate(e.at);
          if ((q.from && day < q.from) || (q.to && day > q.to)) continue;
          reports.push(s);
        }
      }
      reports.sort((a, b) => (a.event.at < b.event.at ? 1 : a.event.at > b.event.at ? -1 : b.seq - a.seq));
      return c.json(
        paginate(reports, q, (s) => ({ ...s, event: show.event(s.event) })),
        200,
      );
    });
}
