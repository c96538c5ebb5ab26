/**
 * Themes across plans: the reform themes (医联体, 家庭医生签约…) tagged on tasks at import, each with
 * its summary in every plan as of a date (the domain's `compareThemes`: `planSummary`'s figures over
 * the theme's tasks), so staff can compare the same theme region by region.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { compareThemes } from "@reform/domain";
import { THEMES } from "@reform/ingest";
import { asOfOf, type Deps } from "../context.ts";
import { router } from "../router.ts";
import { AsOfQuery, errors, json, PlanSummarySchema } from "../schemas.ts";
import { planIdsOf } from "../query.ts";

const ThemeInPlan = z
  .object({
    planId: z.string(),
    /** Nodes of the plan tagged with the theme (sections included). */
    nodes: z.number().int().nonnegative(),
    summary: PlanSummarySchema,
  })
  .openapi("ThemeInPlan");

const ThemeItem = z
  .object({
    id: z.string(),
    name: z.string(),
    plans: z.array(ThemeInPlan).openapi({ description: "One entry per plan, in the order of `plans`." }),
  })
  .openapi("ThemeComparison");

const ThemesBody = z
  .object({
    asOf: z.string(),
    plans: z.array(
      z.object({ id: z.string(), title: z.string(), region: z.string().optional(), docNumber: z.string().optional() }),
    ),
    items: z.array(ThemeItem),
  })
  .openapi("Themes");

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["themes"],
  summary: "Every theme with its summary in each plan as of a date (theme comparison across plans)",
  request: {
    query: AsOfQuery.extend({
      plan: z.string().optional().openapi({ description: "Plan id(s), comma-separated (default: all plans)." }),
    }),
  },
  responses: { 200: json(ThemesBody, "Themes by plan"), ...errors("validation", "unauthorized") },
});

/** The themes resource, mounted at `/api/themes`. */
export function themesRoutes(deps: Deps) {
  return router().openapi(list, async (c) => {
    const q = c.req.valid("query");
    const asOf = asOfOf(deps, q.asOf);
    const view = await deps.ledger.view(asOf, planIdsOf(q));
    const plans = view.planIds.flatMap((id) => {
      const plan = view.snapshot.plans.get(id)?.ledger.plan;
      return plan
        ? [
            {
              id,
              title: plan.title,
              ...(plan.region ? { region: plan.region.name } : {}),
              ...(plan.docNumber ? { docNumber: plan.docNumber } : {}),
            },
          ]
        : [];
    });
    const items = compareThemes(
      view,
      THEMES,
      plans.map((p) => p.id),
    );
    return c.json({ asOf, plans, items }, 200);
  });
}
