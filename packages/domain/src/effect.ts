/**
 * @reform/domain/effect — the effectful edge of the SDK as Effect services.
 *
 * Everything in `@reform/domain` is a pure function of its inputs and an explicit `asOf` date.
 * The two effects an application has are "what day is it now?" (the Effect `Clock`, so tests
 * can use `TestClock` or a fixed clock) and configuration (`LedgerConfig`, from any
 * `ConfigProvider`, by default the environment). Errors are typed.
 */
import { Clock, Config, Context, Data, Effect, Layer } from "effect";
import { type ComputeInput, computeLedger, type LedgerComputation } from "./Compute.ts";
import { asOfDate, chinaDate, type IsoDate } from "./Dates.ts";
import { type LedgerSettings, ledgerSettings } from "./Settings.ts";
import type { TimelinessOptions } from "./Timeliness.ts";

/** An as-of argument that is not a real date or instant. */
export class InvalidAsOfError extends Data.TaggedError("InvalidAsOfError")<{
  readonly input: unknown;
  readonly message: string;
}> {}

/** Settings that failed validation (e.g. REFORM_DUE_SOON_DAYS=-3). */
export class InvalidSettingsError extends Data.TaggedError("InvalidSettingsError")<{
  readonly message: string;
  readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>;
}> {}

/** The ledger's calculation settings, provided once at the edge of an application. */
export class LedgerConfig extends Context.Service<LedgerConfig, LedgerSettings>()("@reform/domain/LedgerConfig") {}

function validated(settings: TimelinessOptions): Effect.Effect<LedgerSettings, InvalidSettingsError> {
  return Effect.try({
    try: () => ledgerSettings(settings),
    catch: (error) => {
      const issues =
        error && typeof error === "object" && "issues" in error && Array.isArray(error.issues)
          ? error.issues.map((i: { path: PropertyKey[]; message: string }) => ({
              path: i.path.map(String).join("."),
              message: i.message,
            }))
          : [];
      return new InvalidSettingsError({
        message: `invalid ledger settings: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
        issues,
      });
    },
  });
}

/** A layer with fixed settings (defaults filled in, validated). */
export const layerConfig = (settings: TimelinessOptions = {}): Layer.Layer<LedgerConfig, InvalidSettingsError> =>
  Layer.effect(LedgerConfig, validated(settings));

/**
 * A layer reading settings from the current `ConfigProvider` (the environment by default):
 * REFORM_DUE_SOON_DAYS, REFORM_REPORT_EVERY (month|quarter|half|year), REFORM_GRACE_DAYS,
 * REFORM_TRAJECTORY_TOLERANCE, REFORM_PLAN_START. Unset variables take the defaults.
 */
export const layerConfigFromEnv: Layer.Layer<LedgerConfig, InvalidSettingsError | Config.ConfigError> = Layer.effect(
  LedgerConfig,
  Effect.gen(function* () {
    const raw = yield* Config.all({
      dueSoonDays: Config.option(Config.Int("REFORM_DUE_SOON_DAYS")),
      reportEvery: Config.option(Config.Literals(["month", "quarter", "half", "year"], "REFORM_REPORT_EVERY")),
      graceDays: Config.option(Config.Int("REFORM_GRACE_DAYS")),
      trajectoryTolerance: Config.option(Config.Finite("REFORM_TRAJECTORY_TOLERANCE")),
      planStart: Config.option(Config.String("REFORM_PLAN_START")),
    });
    const settings: TimelinessOptions = {};
    for (const [key, value] of Object.entries(raw)) {
      if (value._tag === "Some") Object.assign(settings, { [key]: value.value });
    }
    return yield* validated(settings);
  }),
);

/** Today's date in China time, from the Effect `Clock`. */
export const today: Effect.Effect<IsoDate> = Effect.map(Clock.currentTimeMillis, (ms) => chinaDate(ms));

/** Normalises an explicit as-of (date or instant) or falls back to today from the clock. */
export const resolveAsOf = (asOf?: IsoDate | Date | number | string): Effect.Effect<IsoDate, InvalidAsOfError> =>
  asOf === undefined
    ? today
    : Effect.try({
        try: () => asOfDate(asOf),
        catch: (error) => new InvalidAsOfError({ input: asOf, message: (error as Error).message }),
      });

/** Input to {@link compute}: `asOf` is optional (today from the clock) and options come from `LedgerConfig`. */
export interface ComputeRequest extends Omit<ComputeInput, "asOf" | "options"> {
  asOf?: IsoDate | Date | number | string;
  options?: Omit<NonNullable<ComputeInput["options"]>, keyof TimelinessOptions>;
}

/** Computes the ledger as of a date (default: today) with the configured settings. */
export const compute = (request: ComputeRequest): Effect.Effect<LedgerComputation, InvalidAsOfError, LedgerConfig> =>
  Effect.gen(function* () {
    const asOf = yield* resolveAsOf(request.asOf);
    const settings = yield* LedgerConfig;
    return computeLedger({
      tasks: request.tasks,
      events: request.events,
      asOf,
      options: { ...settings, ...request.options },
    });
  });

/** A clock fixed at one instant, for reproducible reports and tests. */
export const fixedClock = (instant: Date | number | string): Clock.Clock => {
  const ms = typeof instant === "number" ? instant : new Date(instant).getTime();
  return {
    currentTimeMillisUnsafe: () => ms,
    currentTimeMillis: Effect.succeed(ms),
    currentTimeNanosUnsafe: () => BigInt(ms) * 1_000_000n,
    currentTimeNanos: Effect.succeed(BigInt(ms) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => BigInt(ms) * 1_000_000n,
    monotonicTimeNanos: Effect.succeed(BigInt(ms) * 1_000_000n),
    sleep: () => Effect.void,
  };
};

export type { LedgerSettings } from "./Settings.ts";
