/**
 * How a plan's indicators are measured from its ledger's events: measurement events read as
 * {@link Measurement}s (the reporter named as the reader may see them), the regions an indicator is
 * assessed in when none are asked for (the plan's region and every region measured), attainment as
 * of a date, and finding an indicator by id across plans. The API's `/api/indicators`, the bulletin
 * and the front ends all read indicators through these rules.
 */
import type { IsoDate } from "./Dates.ts";
import type { LedgerEvent, MeasurementEvent } from "./Event.ts";
import { type Attainment, attainmentTable, type Indicator, type Measurement } from "./Indicator.ts";
import type { Ledger } from "./Ledger.ts";
import { type Redaction, UNMASKED } from "./Privacy.ts";

/** Whether an event is an indicator measurement. */
export function isMeasurementEvent(e: LedgerEvent): e is MeasurementEvent {
  return e.type === "measurement";
}

/**
 * A measurement event as a {@link Measurement}. `reportedBy` is the reporter's unit, else the
 * actor's name as `redaction`'s reader may see it.
 */
export function measurementOfEvent(e: MeasurementEvent, redaction: Redaction = UNMASKED): Measurement {
  const by = e.actor.unit ?? (e.actor.name ? redaction.actor(e.actor).name : undefined);
  return {
    id: e.id,
    indicatorId: e.indicatorId,
    region: e.region,
    period: e.period,
    value: e.value,
    reportedAt: e.at,
    ...(by ? { reportedBy: by } : {}),
  };
}

/** Every measurement among `events`, in their order. */
export function measurementsOf(events: readonly LedgerEvent[], redaction: Redaction = UNMASKED): Measurement[] {
  const out: Measurement[] = [];
  for (const e of events) if (isMeasurementEvent(e)) out.push(measurementOfEvent(e, redaction));
  return out;
}

/** The regions assessed by default: the plan's own region, then every region measured (in order, once each). */
export function defaultRegions(ledger: Pick<Ledger, "plan">, measurements: readonly Measurement[]): string[] {
  return [...new Set([...(ledger.plan.region ? [ledger.plan.region.name] : []), ...measurements.map((m) => m.region)])];
}

/** Options of {@link indicatorAttainment}. */
export interface IndicatorAttainmentOptions {
  readonly asOf: IsoDate;
  /** Regions to assess, in this order (default {@link defaultRegions} of the indicator's own measurements). */
  readonly regions?: readonly string[] | undefined;
  /** What the reader may see of who reported (default everything). */
  readonly redaction?: Redaction | undefined;
}

/**
 * An indicator's attainment per region as of a date, for the latest period with data, from the
 * events of its plan.
 */
export function indicatorAttainment(
  ledger: Pick<Ledger, "plan">,
  events: readonly LedgerEvent[],
  indicator: Indicator,
  options: IndicatorAttainmentOptions,
): (Attainment & { region: string })[] {
  const own = measurementsOf(events, options.redaction).filter((m) => m.indicatorId === indicator.id);
  const regions = options.regions ?? defaultRegions(ledger, own);
  return [...(attainmentTable([indicator], own, { asOf: options.asOf, regions })[0]?.cells ?? [])];
}

/** A plan's ledger with its events, as an indicator lookup reads it. */
export interface PlanEvents {
  readonly ledger: Ledger;
  readonly events: readonly LedgerEvent[];
}

/** Why {@link findIndicator} found no single indicator. */
export type IndicatorLookupError =
  | { readonly code: "not-found"; readonly message: string }
  | { readonly code: "ambiguous"; readonly message: string; readonly plans: string[] };

/**
 * The indicator `indicatorId` among `plans`, with its plan; an error when no plan has it or several
 * do (then the caller must name the plan).
 */
export function findIndicator<P extends PlanEvents>(
  plans: readonly P[],
  indicatorId: string,
): { ok: true; plan: P; indicator: Indicator } | ({ ok: false } & IndicatorLookupError) {
  const found = plans.flatMap((plan) =>
    plan.ledger.indicators.filter((i) => i.id === indicatorId).map((indicator) => ({ plan, indicator })),
  );
  const [first] = found;
  if (!first) return { ok: false, code: "not-found", message: `indicator ${indicatorId} does not exist` };
  if (found.length > 1) {
    return {
      ok: false,
      code: "ambiguous",
      message: `indicator ${indicatorId} exists in several plans: pass plan`,
      plans: found.map((f) => f.plan.ledger.plan.id),
    };
  }
  return { ok: true, ...first };
}
