/**
 * Export a plan's ledger: JSON (the importer's ledger JSON), XLSX or CSV (the importer's own
 * spreadsheet layout, which it reads back). People are masked for viewers and anonymous readers.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Ledger } from "@reform/domain";
import { exportCsv, exportXlsx, LedgerJson, toLedgerJson } from "@reform/ingest";
import { caller, type Deps } from "../context.ts";
import { ApiError } from "../errors.ts";
import { router } from "../router.ts";
import { errors, named, PlanIdParam } from "../schemas.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const get = createRoute({
  method: "get",
  path: "/{planId}",
  tags: ["export"],
  summary: "Export a plan's ledger as JSON, XLSX or CSV",
  request: { params: PlanIdParam, query: z.object({ format: z.enum(["json", "xlsx", "csv"]).default("json") }) },
  responses: {
    200: {
      description: "The ledger",
      content: {
        "application/json": { schema: named(LedgerJson, "LedgerJson") },
        [XLSX]: { schema: z.string().openapi({ format: "binary" }) },
        "text/csv": { schema: z.string() },
      },
    },
    ...errors("validation", "unauthorized", "not-found"),
  },
});

/** The export resource, mounted at `/api/exports`. */
export function exportsRoutes(deps: Deps) {
  return router().openapi(get, async (c) => {
    const { planId } = c.req.valid("param");
    const { format } = c.req.valid("query");
    const plan = (await deps.ledger.snapshot()).plans.get(planId);
    if (!plan) throw new ApiError("not-found", `plan ${planId} does not exist`);
    const { show } = caller(c);
    const ledger: Ledger = { ...plan.ledger, tasks: plan.ledger.tasks.map((t) => show.task(t)) };
    const file = `${planId}.${format}`;
    const disposition = { "content-disposition": `attachment; filename="${file}"` };
    if (format === "xlsx") {
      return c.body(new Uint8Array(await exportXlsx(ledger)), 200, { "content-type": XLSX, ...disposition });
    }
    if (format === "csv") {
      return c.body(exportCsv(ledger), 200, { "content-type": "text/csv; charset=utf-8", ...disposition });
    }
    const versions = await deps.store.listPlanVersions(planId);
    const diagnostics = [...(versions.at(-1)?.diagnostics ?? [])].map((d) =>
      d.text ? { ...d, text: show.text(d.text) } : d,
    );
    // People as in CSV and XLSX: in full for those who may see them, masked for the others.
    return c.json(toLedgerJson({ ledger, diagnostics }, { people: true }), 200);
  });
}
