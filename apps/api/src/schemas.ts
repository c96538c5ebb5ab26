/**
 * Request and response schemas shared by the resources. Domain shapes (Task, TaskState, Timeliness,
 * PlanSummary, Scorecard…) are the domain's own zod schemas, named here for the OpenAPI document.
 */
import { z } from "@hono/zod-openapi";
import {
  Actor,
  IsoDate,
  IsoDateTime,
  pageOf,
  LedgerEvent,
  Plan,
  PlanSummary,
  ResponsibleUnit,
  Scorecard,
  Task,
  type TaskRow,
  TaskRowState,
  TaskRowTask,
  TaskState,
  Timeliness,
} from "@reform/domain";
import { ErrorBody, type ErrorCode, statusOf } from "./errors.ts";

/**
 * A domain schema named as an OpenAPI component. zod copies methods onto each schema when it is
 * built, so a schema built before `@hono/zod-openapi` loaded lacks `.openapi()`; a fresh instance
 * over the same definition has it.
 */
export function named<T extends z.ZodType>(schema: T, name: string): T {
  const Fresh = schema.constructor as new (def: T["_zod"]["def"]) => T;
  return new Fresh(schema._zod.def).openapi(name);
}

export const TaskSchema = named(Task, "Task");
export const TaskStateSchema = named(TaskState, "TaskState");
export const TimelinessSchema = named(Timeliness, "Timeliness");
export const PlanSchema = named(Plan, "Plan");
export const PlanSummarySchema = named(PlanSummary, "PlanSummary");
export const ScorecardSchema = named(Scorecard, "Scorecard");
export const UnitSchema = named(ResponsibleUnit, "ResponsibleUnit");
export const EventSchema = named(LedgerEvent, "LedgerEvent");
export const ActorSchema = named(Actor, "Actor");

/** `?asOf=YYYY-MM-DD`: the date every figure is computed as of (default: today in China time). */
export const AsOfQuery = z.object({
  asOf: named(IsoDate, "IsoDate")
    .optional()
    .openapi({
      param: { name: "asOf", in: "query" },
      description: "Calendar date (China time) the figures are computed as of; default today.",
      example: "2020-09-30",
    }),
});

/** Offset pagination. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: "Page size (1–500)." }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: "Items to skip." }),
});

/** One page of `all` (`offset`, `limit`) with its metadata, as the domain's `pageOf` cuts it. */
export function paginate<T, U>(
  all: ArrayLike<T>,
  page: { offset: number; limit: number },
  show: (item: T) => U,
): { items: U[]; total: number; offset: number; limit: number; nextOffset: number | null } {
  return pageOf(all, page, show);
}

/** Page metadata returned beside `items`. */
export const PageInfo = z.object({
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  /** Offset of the next page; null on the last page. */
  nextOffset: z.number().int().nonnegative().nullable(),
});

export const PlanIdParam = z.object({
  planId: z
    .string()
    .min(1)
    .openapi({ param: { name: "planId", in: "path" }, example: "jilin-2019" }),
});
export const TaskIdParam = z.object({
  taskId: z
    .string()
    .min(1)
    .openapi({ param: { name: "taskId", in: "path" } }),
});

/** A task with its state as of a date: what lists and details return. */
export const TaskView = z
  .object({
    task: TaskSchema,
    state: TaskStateSchema,
    timeliness: TimelinessSchema,
    /** Roll-up percent (a section's is the mean of its children's). */
    percent: z.number().min(0).max(100),
    /** Events on the task so far: pass as `expectedVersion` when writing to it. */
    version: z.number().int().nonnegative(),
  })
  .openapi("TaskView");
export type TaskView = z.infer<typeof TaskView>;

/**
 * A task as a list shows it: the domain's row task (`TaskRowTask`: its place in the tree, text,
 * deadline, themes, lead and cooperating units by name; with `detail=full`, the whole task).
 */
export const TaskListTask = named(TaskRowTask, "TaskListTask");
export type TaskListTask = TaskRowTask;

/**
 * A task's state as a list shows it: the domain's row state (`TaskRowState`: status, percent and the
 * dates in force; with `detail=full`, the whole state).
 */
export const TaskListState = named(TaskRowState, "TaskListState");
export type TaskListState = TaskRowState;

/** A task in a list with its state as of a date: the domain's `TaskRow`. */
export const TaskListItem = TaskView.extend({ task: TaskListTask, state: TaskListState }).openapi("TaskListItem");
export type TaskListItem = TaskRow;

/** A stored event with its log position. */
export const StoredEventSchema = z
  .object({
    seq: z.number().int().positive(),
    planId: z.string(),
    recordedAt: z.string(),
    event: EventSchema,
  })
  .openapi("StoredEvent");

/** `expectedVersion`: the task version the write is based on; a stale one is a 409. */
export const ExpectedVersion = z.object({
  expectedVersion: z.number().int().nonnegative().openapi({
    description: "The task's version (events so far) the write is based on; a different current version is a 409.",
  }),
});

const DESCRIPTIONS: Record<ErrorCode, string> = {
  validation: "The request is not valid (see details.issues for the paths).",
  unauthorized: "No token, or an unknown or revoked token.",
  forbidden: "The token's role or units do not allow this.",
  "not-found": "No such resource.",
  "method-not-allowed": "Method not allowed.",
  conflict: "The resource changed since it was read (details.currentVersion).",
  "payload-too-large": "The body is larger than allowed.",
  "unsupported-media-type": "The body's content type is not accepted here.",
  unprocessable: "The document or event could not be read or was refused by the rules.",
  "rate-limited": "Too many requests.",
  unavailable: "The database is not reachable.",
  internal: "Internal error.",
};

/** OpenAPI response entries for the given error codes. */
export function errors(...codes: ErrorCode[]) {
  const out: Record<number, { description: string; content: { "application/json": { schema: typeof ErrorBody } } }> =
    {};
  for (const code of [...codes, "rate-limited", "internal"] as ErrorCode[]) {
    out[statusOf(code)] = { description: DESCRIPTIONS[code], content: { "application/json": { schema: ErrorBody } } };
  }
  return out;
}

/** A JSON 200/201 response entry. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** Optional fields every task write accepts. */
export const WriteOptions = z.object({
  unit: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: "Unit a reporter acts for (one of its token's units); default: the first that may." }),
  id: z.string().min(1).max(200).optional().openapi({ description: "Event id for idempotent retries." }),
  at: IsoDateTime.optional().openapi({ description: "When it happened (admins only); default now." }),
});

/** What a write returns: the stored event, the task's new version and its state as of today. */
export const WriteResponse = z
  .object({
    event: StoredEventSchema,
    version: z.number().int().nonnegative(),
    duplicate: z.boolean(),
    state: TaskStateSchema,
  })
  .openapi("WriteResponse");
