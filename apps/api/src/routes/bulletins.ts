/** The bulletin (通报) as of a date: JSON, Markdown, printable HTML or XLSX. */
import { createRoute, z } from "@hono/zod-openapi";
import { Attainment, BulletinItem, buildBulletin, Indicator } from "@reform/domain";
import { bulletinHtml, bulletinMarkdown, bulletinXlsx } from "../bulletin.ts";
import { asOfOf, caller, type Deps } from "../context.ts";
import { planSources } from "@reform/storage";
import { router } from "../router.ts";
import { AsOfQuery, errors, named, PlanSummarySchema, ScorecardSchema } from "../schemas.ts";
import { planIdsOf } from "../query.ts";

/** An overdue or stale item: the domain's `BulletinItem`. */
const Item = BulletinItem;

const BulletinSchema = z
  .object({
    title: z.string(),
    asOf: z.string(),
    plans: z.array(z.object({ id: z.string(), title: z.string() })),
    summary: PlanSummarySchema,
    ranking: z.array(z.object({ rank: z.number().int(), region: z.string().optional(), scorecard: ScorecardSchema })),
    overdue: z.array(Item),
    stale: z.array(Item),
    indicators: z.array(
      z.object({
        planId: z.string(),
        rows: z.array(
          z.object({
            indicator: named(Indicator, "Indicator"),
            cells: z.array(named(Attainment, "Attainment").and(z.object({ region: z.string() }))),
            met: z.number().int(),
            notMet: z.number().int(),
            noData: z.number().int(),
          }),
        ),
      }),
    ),
    demo: z.boolean(),
  })
  .openapi("Bulletin");

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const get = createRoute({
  method: "get",
  path: "/",
  tags: ["bulletins"],
  summary: "The bulletin as of a date: ranking, overdue and stale items, indicators",
  request: {
    query: AsOfQuery.extend({
      plan: z.string().optional().openapi({ description: "Plan id(s), comma-separated (default: all plans)." }),
      format: z.enum(["json", "md", "html", "xlsx"]).default("json"),
    }),
  },
  responses: {
    200: {
      description: "The bulletin",
      content: {
        "application/json": { schema: BulletinSchema },
        "text/markdown": { schema: z.string() },
        "text/html": { schema: z.string() },
        [XLSX]: { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    ...errors("validation", "unauthorized"),
  },
});

/** The bulletin resource, mounted at `/api/bulletin`. */
export function bulletinsRoutes(deps: Deps) {
  return router().openapi(get, async (c) => {
    const q = c.req.valid("query");
    const asOf = asOfOf(deps, q.asOf);
    const view = await deps.ledger.view(asOf, planIdsOf(q));
    const source = { tasks: view.tasks, computation: view.computation, plans: planSources(view) };
    const bulletin = buildBulletin(source, caller(c).show);
    const file = `bulletin-${asOf}`;
    switch (q.format) {
      case "md":
        return c.body(bulletinMarkdown(bulletin), 200, { "content-type": "text/markdown; charset=utf-8" });
      case "html":
        return c.html(bulletinHtml(bulletin), 200);
      case "xlsx":
        return c.body(new Uint8Array(await bulletinXlsx(bulletin)), 200, {
          "content-type": XLSX,
          "content-disposition": `attachment; filename="${file}.xlsx"`,
        });
      default:
        return c.json(bulletin, 200);
    }
  });
}
