/**
 * What a front end asks about its caller: who the token is (`/api/me`) and which transitions the
 * domain's rules let the caller make on a task today (`/api/tasks/{taskId}/actions`), so a viewer
 * offers only what the caller may do. Each action is a dry run of `validateTransition` with the
 * caller as the actor; nothing is written.
 */
import { createRoute, z } from "@hono/zod-openapi";
import {
  type LedgerEvent,
  may,
  ReaderRole,
  Action as RoleAction,
  type StateEvent,
  validateTransition,
} from "@reform/domain";
import { actorOf, seesPersonalData } from "../auth.ts";
import { caller, type Deps, today } from "../context.ts";
import { ApiError } from "../errors.ts";
import { router } from "../router.ts";
import type { EventBase } from "../writes.ts";
import { errors, json, TaskIdParam } from "../schemas.ts";

export const ACTIONS = ["report", "complete", "close", "reject", "reopen", "extend"] as const;
export type ActionName = (typeof ACTIONS)[number];

const Me = z
  .object({
    role: ReaderRole,
    name: z.string().optional(),
    tokenId: z
      .string()
      .optional()
      .openapi({ description: "The id of the token the caller signed in with (absent for anonymous readers)." }),
    units: z.array(z.string()).openapi({ description: "Units a reporter acts for." }),
    seesPersonalData: z.boolean().openapi({ description: "Whether names and phone numbers are shown unmasked." }),
    permissions: z.array(RoleAction).openapi({
      description: "What the caller's role may do (the domain's rules by role alone; units decide the rest).",
    }),
  })
  .openapi("Me");

const Action = z
  .object({
    action: z.enum(ACTIONS),
    allowed: z.boolean(),
    /** Units the caller may act for (reporters); empty for other roles. */
    units: z.array(z.string()),
    /** The domain's reason when not allowed. */
    reason: z.string().optional(),
    code: z.string().optional(),
    /** The domain's rule that refuses it, and the values it speaks of, for a front end to word. */
    rule: z.string().optional(),
    params: z.record(z.string(), z.string()).optional(),
  })
  .openapi("TaskAction");

const Actions = z
  .object({
    taskId: z.string(),
    /** The task's version the answer is based on (pass as `expectedVersion`). */
    version: z.number().int().nonnegative(),
    asOf: z.string(),
    items: z.array(Action),
  })
  .openapi("TaskActions");

const me = createRoute({
  method: "get",
  path: "/me",
  tags: ["viewer"],
  summary: "The caller: role, name, units and whether personal data is shown",
  responses: { 200: json(Me, "The caller"), ...errors("unauthorized") },
});

const actions = createRoute({
  method: "get",
  path: "/tasks/{taskId}/actions",
  tags: ["viewer"],
  summary: "The transitions the caller may make on a task today (a dry run of the domain's rules)",
  request: { params: TaskIdParam },
  responses: {
    200: json(Actions, "Each action, allowed or not, with the reason"),
    ...errors("unauthorized", "not-found"),
  },
});

/** A placeholder event of each kind: only who, what and when matter to the rules checked here. */
function candidate(action: ActionName, base: EventBase): StateEvent {
  switch (action) {
    case "report":
      return { ...base, type: "report", percent: 0, narrative: "", evidence: [] };
    case "complete":
      return { ...base, type: "complete", narrative: "", evidence: [] };
    case "close":
      return { ...base, type: "close", reason: "" };
    case "reject":
    case "reopen":
      return { ...base, type: action, reason: "-" };
    case "extend":
      return { ...base, type: "extend", due: "9999-12-31", reason: "-" };
  }
}

/** The viewer resource, mounted at `/api`. */
export function viewerRoutes(deps: Deps) {
  return router()
    .openapi(me, (c) => {
      const { principal: p } = caller(c);
      return c.json(
        {
          role: p.role,
          ...(p.name !== undefined ? { name: p.name } : {}),
          ...(p.tokenId !== undefined ? { tokenId: p.tokenId } : {}),
          units: [...p.units],
          seesPersonalData: seesPersonalData(p),
          permissions: RoleAction.options.filter((a) => may(p.role, a)),
        },
        200,
      );
    })
    .openapi(actions, async (c) => {
      const { taskId } = c.req.valid("param");
      const { principal: p } = caller(c);
      const stored = await deps.store.getTask(taskId);
      if (!stored || stored.removedAt) throw new ApiError("not-found", `task ${taskId} does not exist`);
      const asOf = today(deps);
      const events: LedgerEvent[] = [];
      for (let afterSeq = 0; ; ) {
        const page = await deps.store.listEvents({ taskId, afterSeq, limit: 10_000 });
        for (const e of page) events.push(e.event);
        const last = page.at(-1);
        if (!last || page.length < 10_000) break;
        afterSeq = last.seq;
      }
      const base = { id: "dry-run", taskId, at: deps.clock().toISOString() };
      const units: (string | undefined)[] = p.role === "reporter" ? [...p.units] : [undefined];
      const items = ACTIONS.map((action): z.infer<typeof Action> => {
        if (p.role === "anonymous") {
          return {
            action,
            allowed: false,
            units: [],
            reason: "sign in with an API token to act",
            code: "unauthorized",
          };
        }
        const allowedUnits: string[] = [];
        let refusal: { message: string; code: string; rule: string; params?: Record<string, string> } | undefined;
        for (const unit of units) {
          const event = candidate(action, { ...base, actor: actorOf(p, unit) });
          const checked = validateTransition(stored.task, events, event, asOf);
          if (checked.ok) {
            if (unit !== undefined) allowedUnits.push(unit);
            else return { action, allowed: true, units: [] };
          } else refusal ??= checked.error;
        }
        if (allowedUnits.length > 0) return { action, allowed: true, units: allowedUnits };
        return {
          action,
          allowed: false,
          units: [],
          reason: refusal?.message ?? "this token acts for no unit",
          code: refusal?.code ?? "not-responsible",
          rule: refusal?.rule ?? "not-named",
          ...(refusal?.params ? { params: refusal.params } : {}),
        };
      });
      return c.json({ taskId, version: stored.version, asOf, items }, 200);
    });
}
