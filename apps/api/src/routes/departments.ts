/** Departments (responsible units): scorecards and ranking as of a date, from the domain. */
import { createRoute, z } from "@hono/zod-openapi";
import { type Ranked, RankKey, rankDepartments, scorecardUnit } from "@reform/domain";
import { asOfOf, type Deps } from "../context.ts";
import { ApiError } from "../errors.ts";
import { unitsOf, type View } from "@reform/storage";
import { router } from "../router.ts";
import { AsOfQuery, errors, json, ScorecardSchema, UnitSchema } from "../schemas.ts";
import { planIdsOf } from "../query.ts";

const RankedDepartment = z
  .object({
    rank: z.number().int().positive(),
    scorecard: ScorecardSchema,
    /** The unit's registry record, when the plans name it. */
    unit: UnitSchema.optional(),
  })
  .openapi("RankedDepartment");

const DepartmentQuery = AsOfQuery.extend({
  plan: z.string().optional().openapi({ description: "Plan id(s), comma-separated (default: all plans)." }),
  rankBy: RankKey.optional().openapi({ description: "Ranking key (default on-time rate)." }),
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["departments"],
  summary: "Department scorecards, ranked, as of a date",
  request: { query: DepartmentQuery },
  responses: {
    200: json(z.object({ asOf: z.string(), items: z.array(RankedDepartment) }), "Ranked scorecards"),
    ...errors("validation", "unauthorized"),
  },
});

const get = createRoute({
  method: "get",
  path: "/{key}",
  tags: ["departments"],
  summary: "One department's scorecard and rank as of a date",
  request: {
    params: z.object({ key: z.string().min(1).openapi({ description: "Scorecard key: unit id or canonical name." }) }),
    query: DepartmentQuery,
  },
  responses: { 200: json(RankedDepartment, "The department"), ...errors("validation", "unauthorized", "not-found") },
});

/** The ranking of a view, re-ranked by `rankBy` when given. */
export function ranking(view: View, rankBy: RankKey | undefined): Ranked[] {
  return rankBy ? rankDepartments(view.computation.scorecards, rankBy) : view.computation.ranking;
}

/** The departments resource, mounted at `/api/departments`. */
export function departmentsRoutes(deps: Deps) {
  const present = (view: View, r: Ranked) => {
    const unit = scorecardUnit(unitsOf(view), r.scorecard);
    return { rank: r.rank, scorecard: r.scorecard, ...(unit ? { unit } : {}) };
  };
  return router()
    .openapi(list, async (c) => {
      const q = c.req.valid("query");
      const asOf = asOfOf(deps, q.asOf);
      const view = await deps.ledger.view(asOf, planIdsOf(q));
      return c.json({ asOf, items: ranking(view, q.rankBy).map((r) => present(view, r)) }, 200);
    })
    .openapi(get, async (c) => {
      const q = c.req.valid("query");
      const { key } = c.req.valid("param");
      const view = await deps.ledger.view(asOfOf(deps, q.asOf), planIdsOf(q));
      const found = ranking(view, q.rankBy).find((r) => r.scorecard.key === key || r.scorecard.unit === key);
      if (!found) throw new ApiError("not-found", `no department ${key} in these plans`);
      return c.json(present(view, found), 200);
    });
}
