/** Plans: the loaded task lists, their versions (one per import) and their summaries as of a date. */
import { createRoute, z } from "@hono/zod-openapi";
import { emptySummary, type PlanSummary } from "@reform/domain";
import { type Deps, asOfOf } from "../context.ts";
import { ApiError } from "../errors.ts";
import type { PlanData } from "@reform/storage";
import { memoResponse } from "../responseCache.ts";
import { router } from "../router.ts";
import { AsOfQuery, errors, json, PlanIdParam, PlanSchema, PlanSummarySchema, UnitSchema } from "../schemas.ts";

const PlanItem = z
  .object({
    plan: PlanSchema,
    /** Current version: pass it as `expectedPlanVersion` when importing a new version. */
    version: z.number().int().positive(),
    importedAt: z.string(),
    taskCount: z.number().int().nonnegative(),
    indicatorCount: z.number().int().nonnegative(),
    summary: PlanSummarySchema,
  })
  .openapi("PlanItem");

const PlanDetail = PlanItem.extend({ units: z.array(UnitSchema) }).openapi("PlanDetail");

const PlanVersionSchema = z
  .object({
    planId: z.string(),
    version: z.number().int().positive(),
    importedAt: z.string(),
    actor: z.object({ role: z.string(), unit: z.string().optional(), name: z.string().optional() }),
    sourceSha256: z.string().optional(),
    fileName: z.string().optional(),
    summary: z.object({
      added: z.number().int(),
      removed: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
    }),
    diagnostics: z.array(z.object({ severity: z.string(), code: z.string(), message: z.string() }).passthrough()),
  })
  .openapi("PlanVersion");

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["plans"],
  summary: "Plans with their summaries as of a date",
  request: { query: AsOfQuery },
  responses: {
    200: json(z.object({ asOf: z.string(), items: z.array(PlanItem) }), "The plans"),
    ...errors("validation", "unauthorized"),
  },
});

const get = createRoute({
  method: "get",
  path: "/{planId}",
  tags: ["plans"],
  summary: "One plan with its summary and responsible units",
  request: { params: PlanIdParam, query: AsOfQuery },
  responses: { 200: json(PlanDetail, "The plan"), ...errors("validation", "unauthorized", "not-found") },
});

const summary = createRoute({
  method: "get",
  path: "/{planId}/summary",
  tags: ["plans"],
  summary: "A plan's progress, timeliness and RAG counts as of a date",
  request: { params: PlanIdParam, query: AsOfQuery },
  responses: { 200: json(PlanSummarySchema, "The summary"), ...errors("validation", "unauthorized", "not-found") },
});

const versions = createRoute({
  method: "get",
  path: "/{planId}/versions",
  tags: ["plans"],
  summary: "Every import of a plan, oldest first",
  request: { params: PlanIdParam },
  responses: {
    200: json(z.object({ items: z.array(PlanVersionSchema) }), "The versions"),
    ...errors("unauthorized", "not-found"),
  },
});

function planOr404(plans: ReadonlyMap<string, PlanData>, planId: string): PlanData {
  const plan = plans.get(planId);
  if (!plan) throw new ApiError("not-found", `plan ${planId} does not exist`);
  return plan;
}

/** The plans resource, mounted at `/api/plans`. */
export function plansRoutes(deps: Deps) {
  const item = (plan: PlanData, s: z.infer<typeof PlanSummarySchema>) => ({
    plan: plan.ledger.plan,
    version: plan.summary.version,
    importedAt: plan.summary.importedAt,
    taskCount: plan.summary.taskCount,
    indicatorCount: plan.summary.indicatorCount,
    summary: s,
  });
  return router()
    .openapi(list, async (c) => {
      const asOf = asOfOf(deps, c.req.valid("query").asOf);
      const view = await deps.ledger.view(asOf);
      const items = [...view.snapshot.plans.values()].map((plan) =>
        item(plan, view.computation.plans.get(plan.ledger.plan.id) ?? emptySummary(asOf)),
      );
      return c.json({ asOf, items }, 200);
    })
    .openapi(get, async (c) => {
      const { planId } = c.req.valid("param");
      const asOf = asOfOf(deps, c.req.valid("query").asOf);
      const plan = planOr404((await deps.ledger.snapshot()).plans, planId);
      const view = await deps.ledger.view(asOf, [planId]);
      return c.json({ ...item(plan, view.computation.summary), units: plan.ledger.units }, 200);
    })
    .openapi(summary, async (c) => {
      const { planId } = c.req.valid("param");
      const asOf = asOfOf(deps, c.req.valid("query").asOf);
      planOr404((await deps.ledger.snapshot()).plans, planId);
      const view = await deps.ledger.view(asOf, [planId]);
      return memoResponse<PlanSummary>(
        view,
        deps.ledger.memoJson(view, "summary", () => view.computation.summary),
      );
    })
    .openapi(versions, async (c) => {
      const { planId } = c.req.valid("param");
      const items = await deps.store.listPlanVersions(planId);
      if (items.length === 0) throw new ApiError("not-found", `plan ${planId} does not exist`);
      return c.json({ items: items.map((v) => ({ ...v, diagnostics: [...v.diagnostics] })) }, 200);
    });
}
