/**
 * Transitions: complete (lead reports completion), close (销号), reject (退回), reopen and extend (延期).
 * Each is a POST with the task version it is based on; the domain's rules decide who may.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { IsoDate, type StateEvent } from "@reform/domain";
import { WRITERS } from "../auth.ts";
import type { Principal } from "../env.ts";
import { caller, type Deps } from "../context.ts";
import { router } from "../router.ts";
import { ExpectedVersion, errors, json, TaskIdParam, WriteOptions, WriteResponse } from "../schemas.ts";
import { type EventBase, writeTaskEvent } from "../writes.ts";

const Base = ExpectedVersion.extend(WriteOptions.shape);

const CompleteBody = Base.extend({
  narrative: z.string().max(20_000).default(""),
  evidence: z.array(z.string().max(2000)).max(50).default([]),
  period: z.string().max(20).optional().openapi({ description: "Occurrence completed (recurring tasks)." }),
}).openapi("CompleteRequest");
const CloseBody = Base.extend({ reason: z.string().max(5000).default("") }).openapi("CloseRequest");
const ReasonBody = Base.extend({ reason: z.string().min(1).max(5000) }).openapi("ReasonRequest");
const ExtendBody = Base.extend({ due: IsoDate, reason: z.string().min(1).max(5000) }).openapi("ExtendRequest");

const WRITE_ERRORS = errors(
  "validation",
  "unauthorized",
  "forbidden",
  "not-found",
  "conflict",
  "unprocessable",
  "payload-too-large",
);

function transition<N extends string, S extends z.ZodType>(name: N, schema: S, summary: string, description: string) {
  return createRoute({
    method: "post",
    middleware: [WRITERS] as const,
    // Typed per transition, so the hc client has one precisely typed `$post` for each.
    path: `/{taskId}/${name}` as `/{taskId}/${N}`,
    tags: ["transitions"],
    summary,
    description,
    request: { params: TaskIdParam, body: { required: true, content: { "application/json": { schema } } } },
    responses: { 201: json(WriteResponse, "The transition was recorded"), ...WRITE_ERRORS },
  });
}

const complete = transition(
  "complete",
  CompleteBody,
  "Report completion (已完成)",
  "Only a leading (or co-leading) unit's reporter, or an admin, may report completion.",
);
const close = transition("close", CloseBody, "Close out a completed task (销号)", "Supervisors and admins only.");
const reject = transition(
  "reject",
  ReasonBody,
  "Reject a completion (退回)",
  "Supervisors and admins; needs a reason.",
);
const reopen = transition("reopen", ReasonBody, "Reopen a completed or closed task", "Supervisors and admins only.");
const extend = transition(
  "extend",
  ExtendBody,
  "Extend the deadline (延期)",
  "Supervisors and admins; the original deadline is kept beside the new one.",
);

/** The transitions resource, mounted at `/api/tasks`. */
export function transitionsRoutes(deps: Deps) {
  type Body = z.infer<typeof Base>;
  const write = async (p: Principal, taskId: string, body: Body, build: (base: EventBase) => StateEvent) => {
    const result = await writeTaskEvent(deps, p, {
      taskId,
      expectedVersion: body.expectedVersion,
      unit: body.unit,
      id: body.id,
      at: body.at,
      build,
    });
    return { event: result.stored, version: result.version, duplicate: result.duplicate, state: result.state };
  };
  return router()
    .openapi(complete, async (c) => {
      const body = c.req.valid("json");
      const out = await write(caller(c).principal, c.req.valid("param").taskId, body, (base) => ({
        ...base,
        type: "complete",
        narrative: body.narrative,
        evidence: body.evidence,
        ...(body.period !== undefined ? { period: body.period } : {}),
      }));
      return c.json(out, 201);
    })
    .openapi(close, async (c) => {
      const body = c.req.valid("json");
      const out = await write(caller(c).principal, c.req.valid("param").taskId, body, (base) => ({
        ...base,
        type: "close",
        reason: body.reason,
      }));
      return c.json(out, 201);
    })
    .openapi(reject, async (c) => {
      const body = c.req.valid("json");
      const out = await write(caller(c).principal, c.req.valid("param").taskId, body, (base) => ({
        ...base,
        type: "reject",
        reason: body.reason,
      }));
      return c.json(out, 201);
    })
    .openapi(reopen, async (c) => {
      const body = c.req.valid("json");
      const out = await write(caller(c).principal, c.req.valid("param").taskId, body, (base) => ({
        ...base,
        type: "reopen",
        reason: body.reason,
      }));
      return c.json(out, 201);
    })
    .openapi(extend, async (c) => {
      const body = c.req.valid("json");
      const out = await write(caller(c).principal, c.req.valid("param").taskId, body, (base) => ({
        ...base,
        type: "extend",
        due: body.due,
        reason: body.reason,
      }));
      return c.json(out, 201);
    });
}
