/**
 * @reform/domain — typed models and as-of calculations for reform task ledgers.
 *
 * Pure functions of their inputs and an explicit `asOf` date. The effects an application has (the
 * clock for "today", configuration) are Effect services in `@reform/domain/effect`; `createSdk`
 * wraps them in a plain Promise API.
 */
export * from "./Bulletin.ts";
export { dayString, monthStartDay, recurringPeriodOf } from "./Calendar.ts";
export * from "./Compute.ts";
export * from "./Dates.ts";
export * from "./Deadline.ts";
export type { DeadlineContext } from "./DeadlineContext.ts";
export { parseDeadline } from "./DeadlinePhrase.ts";
export * from "./Department.ts";
export * from "./Diagnostic.ts";
export * from "./Event.ts";
export { EventLog, type EventLogColumns } from "./EventLog.ts";
export * from "./Indicator.ts";
export * from "./IndicatorAttainment.ts";
export * from "./Ledger.ts";
export { extractMilestones } from "./Milestones.ts";
export * from "./Person.ts";
export * from "./Plan.ts";
export * from "./Privacy.ts";
export * from "./Progress.ts";
export * from "./Query.ts";
export * from "./Responsibility.ts";
export * from "./Sdk.ts";
export * from "./Settings.ts";
export * from "./Scorecard.ts";
export * from "./Target.ts";
export * from "./Task.ts";
export * from "./TaskState.ts";
export * from "./Text.ts";
export * from "./Timeliness.ts";
export * from "./UnitScope.ts";
export * from "./Waiting.ts";
