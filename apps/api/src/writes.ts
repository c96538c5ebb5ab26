/**
 * Writing an event to a task: the domain decides whether the caller may (validateTransition, with the
 * caller's role and unit as the actor), the store appends it with optimistic concurrency. The API only
 * maps the outcomes to statuses: the domain's refusals to 403/409/422, the store's conflict to 409.
 */
import { randomUUID } from "node:crypto";
import {
  type Actor,
  type LedgerEvent,
  may,
  type StateEvent,
  type TaskState,
  type TransitionError,
  validateTransition,
} from "@reform/domain";
import { ConflictError, NotFoundError, type StoredEvent, ValidationError } from "@reform/storage";
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

/** The API error for a domain refusal. */
export function transitionError(error: TransitionError): ApiError {
  return new ApiError(TRANSITION_STATUS[error.code], error.message, { reason: error.code, taskId: error.taskId });
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
  if (req.unit !== undefined && p.role === "reporter" && !p.units.includes(req.unit)) {
    throw new ApiError("forbidden", `this token does not act for ${req.unit}`, { units: p.units });
  }
  const stored = await deps.store.getTask(req.taskId);
  if (!stored || stored.removedAt) throw new ApiError("not-found", `task ${req.taskId} does not exist`);
  if (stored.version !== req.expectedVersion) {
    throw new ApiError("conflict", `task ${req.taskId} is at version ${stored.version}, not ${req.expectedVersion}`, {
      reason: "stale-version",
      currentVersion: stored.version,
      expectedVersion: req.expectedVersion,
    });
  }
  const events = await taskEvents(deps, req.taskId);
  const asOf = today(deps);
  const base = { id: req.id ?? randomUUID(), taskId: req.taskId, at: req.at ?? deps.clock().toISOString() };
  const units: (string | undefined)[] =
    req.unit !== undefined ? [req.unit] : p.role === "reporter" ? [...p.units] : [undefined];
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
    refusal ?? { _tag: "TransitionError", code: "not-responsible", message: "no unit", taskId: req.taskId },
  );
}

/** Every event of a task, in log order. */
async function taskEvents(deps: Deps, taskId: string): Promise<LedgerEvent[]> {
  const out: LedgerEvent[] = [];
  let afterSeq = 0;
  for (;;) {
    const page = await deps.store.listEvents({ taskId, afterSeq, limit: 10_000 });
    for (const e of page) out.push(e.event);
    const last = page.at(-1);
    if (!last || page.length < 10_000) return out;
    afterSeq = last.seq;
  }
}
