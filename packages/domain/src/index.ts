/**
 * @reform/domain — typed models and as-of calculations for reform task ledgers.
 *
 * Pure functions of their inputs and an explicit `asOf` date. The effects an application has (the
 * clock for "today", configuration) are Effect services in `@reform/domain/effect`; `createSdk`
 * wraps them in a plain Promise API.
 *
 * This is the whole public API, listed module by module. What a module keeps to itself (the folds
 * that compute state and scorecards, the day-number calendar, the deadline scanner, timeliness
 * classification internals) is not exported: use the functions here that build on them.
 */

// ── Models ──────────────────────────────────────────────────────────────────────────────────────
export {
  Actor,
  ActorRole,
  CloseEvent,
  CompleteEvent,
  ExtendEvent,
  LedgerEvent,
  type LedgerEventType,
  MeasurementEvent,
  ProgressReport,
  RejectEvent,
  ReopenEvent,
} from "./Event.ts";
export { DatePrecision, Deadline, type DeadlineKind, deadlineDue, Milestone } from "./Deadline.ts";
export {
  canonicalUnitName,
  classifyUnit,
  createDepartmentRegistry,
  DepartmentKind,
  type DepartmentRegistry,
  isGenericCollective,
  ResponsibleUnit,
  splitOffice,
  type UnitAndOffice,
  type UnitClass,
  UnitKind,
  unitIdFor,
} from "./Department.ts";
export { DIAGNOSTIC_CODES, Diagnostic, type DiagnosticCode, Severity } from "./Diagnostic.ts";
export { Ledger } from "./Ledger.ts";
export { Contact, maskName, maskPhone, Person, PersonRole, redactPerson, splitNameAndPhone } from "./Person.ts";
export { Plan, PlanSource, planYear, Region, RegionLevel } from "./Plan.ts";
export { isLeaf, Task, TaskKind } from "./Task.ts";

// ── Dates (calendar dates in China time) ───────────────────────────────────────────────────────
export {
  addDays,
  addMonths,
  asOfDate,
  chinaDate,
  dayNumber,
  daysBetween,
  daysInMonth,
  endOfMonth,
  fromDayNumber,
  IsoDate,
  IsoDateTime,
  isLeapYear,
  isoDate,
  isValidIsoDate,
  yearOf,
} from "./Dates.ts";

// ── Reading what documents say ─────────────────────────────────────────────────────────────────
export type { DeadlineContext } from "./DeadlineContext.ts";
export { parseDeadline } from "./DeadlinePhrase.ts";
export { extractMilestones } from "./Milestones.ts";
export {
  Assignment,
  cooperatorsOf,
  detectResponsibilityRule,
  leadsOf,
  parseResponsibilityColumns,
  parseResponsibleUnits,
  readResponsibleUnits,
  Responsibility,
  type ResponsibilityOptions,
  type ResponsibilityReading,
  ResponsibilityRule,
  Role,
} from "./Responsibility.ts";
export { Comparator, extractTargets, Target } from "./Target.ts";
export { CHINESE_NUMERAL_CHARS, parseChineseNumber, toHalfWidth } from "./Text.ts";
export { resolveUnitScope, scopeUnitFor, type UnitScopeIssue, type UnitScopeResult } from "./UnitScope.ts";

// ── Task state, timeliness, roll-up and scorecards as of a date ─────────────────────────────────
export {
  deriveTaskState,
  effectivePercent,
  Extension,
  mayReport,
  type StateEvent,
  TaskState,
  TaskStatus,
  TransitionError,
  TransitionErrorCode,
  TransitionRule,
  type TransitionResult,
  transition,
  validateTransition,
} from "./TaskState.ts";
export {
  Occurrence,
  occurrences,
  Rag,
  ReportPeriod,
  Timeliness,
  TimelinessOptions,
  TimelinessStatus,
  timeliness,
} from "./Timeliness.ts";
export { compareThemes, ThemeComparison, ThemeInPlan, type ThemeRef } from "./ThemeComparison.ts";
export { WaitingFor, waitingFor } from "./Waiting.ts";
export { emptySummary, PlanSummary, planSummary, type RollUp, rollUp, weightsOf } from "./Progress.ts";
export {
  departmentScorecards,
  type Ranked,
  RankKey,
  rankDepartments,
  Scorecard,
  scorecardUnit,
} from "./Scorecard.ts";
export {
  type ComputeInput,
  type ComputeOptions,
  computeLedger,
  type EventCounts,
  type LedgerColumns,
  type LedgerComputation,
} from "./Compute.ts";
export { EventLog, type EventLogColumns, type RecentColumns } from "./EventLog.ts";

// ── Indicators ─────────────────────────────────────────────────────────────────────────────────
export {
  APPROX_TOLERANCE,
  Attainment,
  type AttainmentOptions,
  type AttainmentRow,
  AttainmentStatus,
  attainment,
  attainmentTable,
  Direction,
  type EvaluateOptions,
  evaluateTarget,
  Frequency,
  Indicator,
  inferDirection,
  Measurement,
  previousPeriod,
  targetFor,
} from "./Indicator.ts";
export {
  defaultRegions,
  findIndicator,
  type IndicatorAttainmentOptions,
  type IndicatorLookupError,
  indicatorAttainment,
  isMeasurementEvent,
  measurementOfEvent,
  measurementsOf,
  type PlanEvents,
} from "./IndicatorAttainment.ts";

// ── The read model every front end asks: query, bulletin, privacy ──────────────────────────────
export {
  DEFAULT_LIMIT,
  matchTasks,
  type Page,
  pageOf,
  pageOfTasks,
  queryTasks,
  RowDetail,
  type RowOptions,
  rowState,
  rowTask,
  selectTasks,
  sortTasks,
  streamVersions,
  type TaskFigures,
  TaskFilter,
  TaskQuery,
  TaskRow,
  TaskRowState,
  TaskRowTask,
  TaskSort,
  type TaskSource,
  taskFigures,
  taskRow,
  UnitRoleFilter,
} from "./Query.ts";
export {
  type Bulletin,
  BulletinItem,
  type BulletinPlan,
  type BulletinRanked,
  type BulletinSource,
  buildBulletin,
  contactOf,
  DEMO_LABEL,
} from "./Bulletin.ts";
export {
  Action,
  MASKED,
  maskPhonesIn,
  may,
  ReaderRole,
  type Redaction,
  redactionFor,
  rolesAllowed,
  seesPersonalData,
  UNMASKED,
} from "./Privacy.ts";

// ── Words ──────────────────────────────────────────────────────────────────────────────────────
export { WORDS_ZH, type Words } from "./Words.ts";

// ── Settings and the Promise SDK ───────────────────────────────────────────────────────────────
export { type ReformSdk, type SdkOptions, createSdk } from "./Sdk.ts";
export { type LedgerSettings, ledgerSettings } from "./Settings.ts";
