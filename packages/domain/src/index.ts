/**
 * @reform/domain — typed models and as-of calculations for reform task ledgers.
 *
 * Pure functions only; effects (the clock, configuration) live in `@reform/domain/effect`.
 */
export * from "./Compute.ts";
export * from "./Dates.ts";
export * from "./Deadline.ts";
export * from "./Department.ts";
export * from "./Event.ts";
export * from "./Indicator.ts";
export * from "./Ledger.ts";
export * from "./Person.ts";
export * from "./Plan.ts";
export * from "./Progress.ts";
export * from "./Responsibility.ts";
export * from "./Scorecard.ts";
export * from "./Target.ts";
export * from "./Task.ts";
export * from "./TaskState.ts";
export * from "./Text.ts";
export * from "./Timeliness.ts";
