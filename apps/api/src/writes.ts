/**
 * Writing an event to a task: the domain decides whether the caller may (validateTransition, with the
 * caller's role and unit as the actor), the store appends it with optimistic concurrency. The API only
 * maps the outcomes to statuses: the domain's refusals to 403/409/422, the store's conflict to 409.
 */
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import {
  type Actor,
  deriveTaskState,
  type LedgerEvent,
  may,
  scopeUnitFor,
  type StateEvent,
  type TaskState,
  type TransitionError,
  validateTransition,
} from "@reform/domain";
import { type AppendResult, ConflictError, NotFoundError, type StoredEvent, ValidationError } from "@reform/storage";
import { actorOf, requireToken } from "./auth.ts";
import type { Principal } from "./env.ts";
import { type Deps, today } from "./context.ts";
import { ApiError, type ErrorCode } from "./errors.ts";

const TRANSITION_STATUS: Record<TransitionError["code"], ErrorCode> = {
  "not-lead": "forbidden",
  "not-supervisor": "forbidden",
  "not-responsible": "forbidden",
  "invalid-transition": "conflict",
  "bad-date": "unprocessable",
  "wrong-task": "validation",
};

/** The API error for a domain refusal: its code as `reason`, and the rule and its values for a front end to word. */
export function transitionError(error: TransitionError): ApiError {
  return new ApiError(TRANSITION_STATUS[error.code], error.message, {
    reason: error.code,
    rule: error.rule,
    ...(error.params ? { params: error.params } : {}),
    taskId: error.taskId,
  });
}

/** The API error for a store failure (conflict, validation, not found), or the error itself. */
export function storeError(error: unknown): unknown {
  if (error instanceof ConflictError) {
    return new ApiError("conflict", error.message, {
      reason: error.reason,
      currentVersion: error.currentVersion,
      expectedVersion: error.expectedVersion,
    });
  }
  if (error instanceof ValidationError) return new ApiError("unprocessable", error.message, { issues: error.issues });
  if (error instanceof NotFoundError) return new ApiError("not-found", error.message, { entity: error.entity });
  return error;
}

/** The common fields of a task event, filled in by {@link writeTaskEvent}. */
export interface EventBase {
  id: string;
  taskId: string;
  at: string;
  actor: Actor;
}

export interface WriteRequest {
  taskId: string;
  expectedVersion: number;
  /** The unit a reporter acts for; default: the first of the token's units the domain accepts. */
  unit?: string | undefined;
  /** Client-chosen event id, for idempotent retries. */
  id?: string | undefined;
  /** When it happened; only admins may set it (default: now). */
  at?: string | undefined;
  build: (base: EventBase) => StateEvent;
}

export interface WriteResult {
  stored: StoredEvent;
  version: number;
  duplicate: boolean;
  /** The task's state after the event, as of today. */
  state: TaskState;
}

/** Validates an event with the domain and appends it; throws `ApiError` for every refusal. */
export async function writeTaskEvent(deps: Deps, p: Principal, req: WriteRequest): Promise<WriteResult> {
  requireToken(p);
  if (req.at !== undefined && !may(p.role, "set-event-time")) {
    throw new ApiError("forbidden", "only an admin may set the time of an event", { field: "at" });
  }
  // A reporter names a unit by id or by name; it acts for the matching unit of its scope.
  const actingUnit = req.unit !== undefined && p.role === "reporter" ? scopeUnitFor(p.units, req.unit) : req.unit;
  if (req.unit !== undefined && actingUnit === undefined) {
    throw new ApiError("forbidden", `this token does not act for ${req.unit}`, { units: p.units });
  }
  const stored = await deps.store.getTask(req.taskId);
  if (!stored || stored.removedAt) throw new ApiError("not-found", `task ${req.taskId} does not exist`);
  const prior = await priorWrite(deps, p, req.id, (e) =>
    e.type === "measurement" || e.taskId !== req.taskId || (req.at !== undefined && req.at !== e.at)
      ? undefined
      : req.build({ id: e.id, taskId: req.taskId, at: e.at, actor: e.actor }),
  );
  if (prior) {
    const events = await taskEvents(deps, req.taskId, prior.stored.seq);
    return { ...prior, state: deriveTaskState(stored.task, events, today(deps)) };
  }
  if (stored.version !== req.expectedVersion) {
    throw new ApiError("conflict", `task ${req.taskId} is at version ${stored.version}, not ${req.expectedVersion}`, {
      reason: "stale-version",
      currentVersion: stored.version,
      expectedVersion: req.expectedVersion,
    });
  }
  const events = await taskEvents(deps, req.taskId);
  const asOf = today(deps);
  if (req.at !== undefined) refuseFutureTime(deps, req.at);
  const base = { id: req.id ?? randomUUID(), taskId: req.taskId, at: req.at ?? defaultTime(deps, events) };
  const units: (string | undefined)[] =
    actingUnit !== undefined ? [actingUnit] : p.role === "reporter" ? [...p.units] : [undefined];
  let refusal: TransitionError | undefined;
  for (const unit of units) {
    const event = req.build({ ...base, actor: actorOf(p, unit) });
    const checked = validateTransition(stored.task, events, event, asOf);
    if (!checked.ok) {
      refusal ??= checked.error;
      continue;
    }
    try {
      const appended = await deps.store.appendEvent(event, { expectedVersion: req.expectedVersion });
      deps.ledger.notice({ planId: appended.stored.planId, type: event.type });
      return { ...appended, state: checked.state };
    } catch (error) {
      throw storeError(error);
    }
  }
  throw transitionError(
    refusal ?? {
      _tag: "TransitionError",
      code: "not-responsible",
      rule: "not-named",
      message: "no unit",
      taskId: req.taskId,
    },
  );
}

/** How far ahead of the server's clock an event's time may be (clocks of clients drift). */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Refuses an event time later than now (plus {@link CLOCK_SKEW_MS}): an event from the future
 * would block every later write on its stream until that time, for every role.
 */
export function refuseFutureTime(deps: Pick<Deps, "clock">, at: string): void {
  const now = deps.clock();
  if (Date.parse(at) > now.getTime() + CLOCK_SKEW_MS) {
    throw new ApiError("unprocessable", `the event is dated ${at}, after now (${now.toISOString()})`, {
      field: "at",
      reason: "future-time",
    });
  }
}

/**
 * The time of an event the caller did not date: now, or the task's latest event time when that is
 * (within the allowed skew) ahead of this server's clock, so a write never lands "before" the last.
 */
function defaultTime(deps: Pick<Deps, "clock">, events: readonly LedgerEvent[]): string {
  const now = deps.clock();
  let latest: string | undefined;
  for (const e of events) if (latest === undefined || Date.parse(e.at) > Date.parse(latest)) latest = e.at;
  return latest !== undefined && Date.parse(latest) > now.getTime() ? latest : now.toISOString();
}

/** Every event of a task in log order (up to and including `untilSeq` when given). */
async function taskEvents(deps: Deps, taskId: string, untilSeq = Number.POSITIVE_INFINITY): Promise<LedgerEvent[]> {
  const out: LedgerEvent[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await deps.store.listEvents({ taskId, afterSeq, limit: 10_000 });
    for (const e of page) {
      if (e.seq > untilSeq) return out;
      out.push(e.event);
    }
    const last = page.at(-1);
    if (!last || page.length < 10_000) return out;
    afterSeq = last.seq;
  }
}

/**
 * The original result of a write already made with this event id (a retry), whatever the
 * stream's version is now; undefined when the id is new. `rebuild` makes the event the request
 * describes with the stored event's time and actor (undefined when it cannot be the same event);
 * anything else under the same id, or by a caller who could not have written it, is a 409.
 */
export async function priorWrite(
  deps: Deps,
  p: Principal,
  id: string | undefined,
  rebuild: (stored: LedgerEvent) => LedgerEvent | undefined,
): Promise<AppendResult | undefined> {
  if (id === undefined) return undefined;
  const prior = await deps.store.getEvent(id);
  if (!prior) return undefined;
  const stored = prior.stored.event;
  const unit = stored.actor.unit;
  const sameCaller =
    (p.role !== "reporter" || (unit !== undefined && scopeUnitFor(p.units, unit) === unit)) &&
    isDeepStrictEqual(actorOf(p, unit), stored.actor);
  const again = sameCaller ? rebuild(stored) : undefined;
  if (again === undefined || !isDeepStrictEqual(normalise(again), normalise(stored))) {
    throw new ApiError("conflict", `an event with id ${id} exists with different content`, {
      reason: "duplicate-id",
    });
  }
  return prior;
}

/** An event as JSON stores it (no undefined fields). */
function normalise(event: LedgerEvent): unknown {
  return JSON.parse(JSON.stringify(event));
}
