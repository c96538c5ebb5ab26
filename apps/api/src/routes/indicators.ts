/**
 * Indicators, their targets and measurements, with attainment as of a date (the domain's
 * `attainment`/`attainmentTable`). Measurements are ledger events; supervisors, admins and the
 * reporters of an indicator's responsible unit may record them.
 */
import { randomUUID } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import {
  Attainment,
  findIndicator,
  Indicator,
  IsoDateTime,
  indicatorAttainment,
  isMeasurementEvent,
  Measurement,
  type MeasurementEvent,
  may,
  scopeUnitFor,
  Target,
} from "@reform/domain";
import { actorOf, roleGate } from "../auth.ts";
import { asOfOf, caller, type Deps } from "../context.ts";
import { ApiError } from "../errors.ts";
import type { PlanData, Snapshot } from "@reform/storage";
import { router } from "../router.ts";
import { AsOfQuery, errors, json, named, PageInfo, PageQuery, paginate, StoredEventSchema } from "../schemas.ts";
import { planIdsOf } from "../query.ts";
import { priorWrite, refuseFutureTime, storeError } from "../writes.ts";

const IndicatorSchema = named(Indicator, "Indicator");
const AttainmentCell = named(Attainment, "Attainment").and(z.object({ region: z.string() }));

const IndicatorView = z
  .object({
    planId: z.string(),
    indicator: IndicatorSchema,
    /** Attainment per region as of the date, for the latest period with data. */
    attainment: z.array(AttainmentCell),
  })
  .openapi("IndicatorView");

const IndicatorQuery = AsOfQuery.extend({
  plan: z.string().optional().openapi({ description: "Plan id(s), comma-separated." }),
  region: z
    .string()
    .optional()
    .openapi({ description: "Region(s), comma-separated (default: the plan's region and every measured one)." }),
});

const IndicatorParam = z.object({
  indicatorId: z
    .string()
    .min(1)
    .openapi({ param: { name: "indicatorId", in: "path" } }),
});

const list = createRoute({
  method: "get",
  path: "/indicators",
  tags: ["indicators"],
  summary: "Indicators with attainment as of a date",
  request: { query: IndicatorQuery },
  responses: {
    200: json(z.object({ asOf: z.string(), items: z.array(IndicatorView) }), "Indicators"),
    ...errors("validation", "unauthorized"),
  },
});

const get = createRoute({
  method: "get",
  path: "/indicators/{indicatorId}",
  tags: ["indicators"],
  summary: "One indicator with its measurements and attainment",
  request: { params: IndicatorParam, query: IndicatorQuery },
  responses: {
    200: json(IndicatorView.extend({ measurements: z.array(StoredEventSchema) }), "The indicator"),
    ...errors("validation", "unauthorized", "not-found"),
  },
});

const MeasurementBody = z
  .object({
    planId: z.string().optional().openapi({ description: "Plan of the indicator, when its id is ambiguous." }),
    region: z.string().min(1),
    period: Measurement.shape.period,
    value: z.number().finite(),
    expectedVersion: z.number().int().nonnegative().optional(),
    id: z.string().min(1).max(200).optional(),
    at: IsoDateTime.optional().openapi({ description: "When it was reported (admins only); default now." }),
  })
  .openapi("MeasurementRequest");

const record = createRoute({
  method: "post",
  middleware: [roleGate("record-measurement", "record measurements")] as const,
  path: "/indicators/{indicatorId}/measurements",
  tags: ["indicators"],
  summary: "Record a measurement",
  request: {
    params: IndicatorParam,
    body: { required: true, content: { "application/json": { schema: MeasurementBody } } },
  },
  responses: {
    201: json(z.object({ event: StoredEventSchema, version: z.number().int(), duplicate: z.boolean() }), "Recorded"),
    ...errors("validation", "unauthorized", "forbidden", "not-found", "conflict", "unprocessable"),
  },
});

const TargetEntry = z
  .object({
    planId: z.string(),
    taskId: z.string().optional(),
    indicatorId: z.string().optional(),
    target: named(Target, "Target"),
  })
  .openapi("TargetEntry");

const targets = createRoute({
  method: "get",
  path: "/targets",
  tags: ["indicators"],
  summary: "Quantitative targets found in tasks and indicators",
  request: { query: PageQuery.extend({ plan: z.string().optional() }) },
  responses: {
    200: json(z.object({ items: z.array(TargetEntry) }).extend(PageInfo.shape), "Targets"),
    ...errors("validation", "unauthorized"),
  },
});

/** The plans `planIds` (default all) of a snapshot, as held. */
function plansOf(snapshot: Snapshot, planIds: readonly string[] | undefined): PlanData[] {
  return (planIds ?? [...snapshot.plans.keys()]).flatMap((id) => snapshot.plans.get(id) ?? []);
}

const list_ = (s: string | undefined) =>
  s
    ?.split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** Indicators, measurements and targets, mounted at `/api`. */
export function indicatorsRoutes(deps: Deps) {
  const find = (snapshot: Snapshot, indicatorId: string, planIds?: string[]) => {
    const found = findIndicator(plansOf(snapshot, planIds), indicatorId);
    if (found.ok) return found;
    if (found.code === "ambiguous") throw new ApiError("validation", found.message, { plans: found.plans });
    throw new ApiError("not-found", found.message);
  };
  return router()
    .openapi(list, async (c) => {
      const q = c.req.valid("query");
      const asOf = asOfOf(deps, q.asOf);
      const { show } = caller(c);
      const snapshot = await deps.ledger.snapshot();
      const regions = list_(q.region);
      const items = plansOf(snapshot, planIdsOf(q)).flatMap((plan) =>
        plan.ledger.indicators.map((indicator) => ({
          planId: plan.ledger.plan.id,
          indicator,
          attainment: indicatorAttainment(plan.ledger, plan.events, indicator, { asOf, regions, redaction: show }),
        })),
      );
      return c.json({ asOf, items }, 200);
    })
    .openapi(get, async (c) => {
      const q = c.req.valid("query");
      const asOf = asOfOf(deps, q.asOf);
      const { show } = caller(c);
      const { plan, indicator } = find(await deps.ledger.snapshot(), c.req.valid("param").indicatorId, planIdsOf(q));
      const measurements = plan.stored
        .filter((s) => isMeasurementEvent(s.event) && s.event.indicatorId === indicator.id)
        .map((s) => ({ ...s, event: show.event(s.event) }));
      return c.json(
        {
          planId: plan.ledger.plan.id,
          indicator,
          attainment: indicatorAttainment(plan.ledger, plan.events, indicator, {
            asOf,
            regions: list_(q.region),
            redaction: show,
          }),
          measurements,
        },
        200,
      );
    })
    .openapi(record, async (c) => {
      const body = c.req.valid("json");
      const { principal } = caller(c);
      if (body.at !== undefined && !may(principal.role, "set-event-time")) {
        throw new ApiError("forbidden", "only an admin may set the time of an event", { field: "at" });
      }
      const { plan, indicator } = find(
        await deps.ledger.snapshot(),
        c.req.valid("param").indicatorId,
        body.planId ? [body.planId] : undefined,
      );
      let unit: string | undefined;
      if (principal.role === "reporter") {
        const region = plan.ledger.plan.region;
        if (!indicator.responsible || scopeUnitFor(principal.units, indicator.responsible, region) === undefined) {
          throw new ApiError(
            "forbidden",
            `only ${indicator.responsible ?? "the supervisor"} may report this indicator`,
            {
              responsible: indicator.responsible,
            },
          );
        }
        unit = indicator.responsible;
      }
      const prior = await priorWrite(deps, principal, body.id, (e) =>
        e.type !== "measurement" ||
        e.indicatorId !== indicator.id ||
        e.taskId !== undefined ||
        (body.at !== undefined && body.at !== e.at)
          ? undefined
          : {
              id: e.id,
              type: "measurement",
              indicatorId: indicator.id,
              region: body.region,
              period: body.period,
              value: body.value,
              at: e.at,
              actor: e.actor,
            },
      );
      if (prior) return c.json({ event: prior.stored, version: prior.version, duplicate: true }, 201);
      const at = body.at ?? deps.clock().toISOString();
      if (body.at !== undefined) refuseFutureTime(deps, body.at);
      const event: MeasurementEvent = {
        id: body.id ?? randomUUID(),
        type: "measurement",
        indicatorId: indicator.id,
        region: body.region,
        period: body.period,
        value: body.value,
        at,
        actor: actorOf(principal, unit),
      };
      try {
        const planId = plan.ledger.plan.id;
        const result = await deps.store.appendEvent(event, { planId, expectedVersion: body.expectedVersion });
        deps.ledger.notice({ planId, type: "measurement" });
        return c.json({ event: result.stored, version: result.version, duplicate: result.duplicate }, 201);
      } catch (error) {
        throw storeError(error);
      }
    })
    .openapi(targets, async (c) => {
      const q = c.req.valid("query");
      const snapshot = await deps.ledger.snapshot();
      const all: z.infer<typeof TargetEntry>[] = [];
      for (const planId of planIdsOf(q) ?? [...snapshot.plans.keys()]) {
        const ledger = snapshot.plans.get(planId)?.ledger;
        if (!ledger) continue;
        for (const task of ledger.tasks)
          for (const target of task.targets) all.push({ planId, taskId: task.id, target });
        for (const i of ledger.indicators)
          for (const target of i.targets) all.push({ planId, indicatorId: i.id, target });
      }
      return c.json(
        paginate(all, q, (x) => x),
        200,
      );
    });
}
