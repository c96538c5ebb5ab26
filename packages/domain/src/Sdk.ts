/**
 * The plain Promise API for embedders who do not use Effect. It runs the same Effect program as
 * `@reform/domain/effect` with a clock and settings given as ordinary options.
 */
import { Cause, Clock, Effect, Exit } from "effect";
import type { LedgerComputation } from "./Compute.ts";
import type { IsoDate } from "./Dates.ts";
import {
  type ComputeRequest,
  compute,
  fixedClock,
  type LedgerConfig,
  layerConfig,
  resolveAsOf,
  today,
} from "./effect.ts";
import type { LedgerEvent } from "./Event.ts";
import { ledgerSettings, type LedgerSettings } from "./Settings.ts";
import type { Task } from "./Task.ts";
import {
  deriveTaskState,
  type StateEvent,
  type TaskState,
  type TransitionResult,
  validateTransition,
} from "./TaskState.ts";
import type { TimelinessOptions } from "./Timeliness.ts";

export interface SdkOptions {
  /** Where "now" comes from (default: the system clock). Return a Date or epoch milliseconds. */
  now?: () => Date | number;
  /** Calculation settings; defaults are filled in. Invalid settings throw when the SDK is created. */
  settings?: TimelinessOptions;
}

export interface ReformSdk {
  /** The settings in force, with defaults filled in. */
  readonly settings: LedgerSettings;
  /** Today's date in China time, from the SDK's clock. */
  today(): Promise<IsoDate>;
  /**
   * Today's date in China time, from the SDK's clock, synchronously: the same Effect program as
   * {@link ReformSdk.today}, for callers that cannot wait (a server's default `asOf` per request).
   */
  todaySync(): IsoDate;
  /** States, timeliness, roll-up, summaries and scorecards as of `asOf` (default today). */
  compute(request: ComputeRequest): Promise<LedgerComputation>;
  /** One task's state as of `asOf` (default today). */
  taskState(task: Task, events: readonly LedgerEvent[], asOf?: IsoDate | Date): Promise<TaskState>;
  /** Whether a new event may be appended as of `asOf` (default today); a typed result, never a rejection. */
  validate(
    task: Task,
    events: readonly LedgerEvent[],
    event: StateEvent,
    asOf?: IsoDate | Date,
  ): Promise<TransitionResult>;
}

/**
 * Creates the SDK. Rejections carry typed errors (`InvalidAsOfError` for a bad `asOf`).
 *
 * @example
 * const sdk = createSdk({ settings: { dueSoonDays: 14 } });
 * const result = await sdk.compute({ tasks: ledger.tasks, events, asOf: "2020-06-30" });
 * result.summary.percent;
 */
export function createSdk(options: SdkOptions = {}): ReformSdk {
  const settings = ledgerSettings(options.settings);
  const { now } = options;
  const clock: Clock.Clock | undefined = now
    ? {
        ...fixedClock(0),
        currentTimeMillisUnsafe: () => +now(),
        currentTimeMillis: Effect.sync(() => +now()),
      }
    : undefined;
  const layer = layerConfig(settings);
  const timed = <A, E>(program: Effect.Effect<A, E>): Effect.Effect<A, E> =>
    clock ? Effect.provideService(program, Clock.Clock, clock) : program;
  const run = async <A, E>(program: Effect.Effect<A, E, LedgerConfig>): Promise<A> => {
    const exit = await Effect.runPromiseExit(timed(Effect.provide(program, layer)));
    if (Exit.isSuccess(exit)) return exit.value;
    throw Cause.squash(exit.cause);
  };
  return {
    settings,
    today: () => run(today),
    todaySync: () => Effect.runSync(timed(today)),
    compute: (request) => run(compute(request)),
    taskState: (task, events, asOf) => run(Effect.map(resolveAsOf(asOf), (day) => deriveTaskState(task, events, day))),
    validate: (task, events, event, asOf) =>
      run(Effect.map(resolveAsOf(asOf), (day) => validateTransition(task, events, event, day))),
  };
}
