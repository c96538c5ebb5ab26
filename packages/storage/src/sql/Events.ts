/**
 * The event log: appending an event to its stream (a task, or an indicator for a task-less
 * measurement) under the log lock with optimistic versions and idempotent ids, and reading it back.
 */
import { LedgerEvent } from "@reform/domain";
import {
  type AppendOptions,
  type AppendResult,
  ConflictError,
  type EventQuery,
  NotFoundError,
  StorageError,
  type StoredEvent,
  ValidationError,
} from "../Store.ts";
import { EVENT_COLUMNS, type EventRow, toStoredEvent } from "../Rows.ts";
import { deepEqual } from "../ImportDiff.ts";
import { parseInput } from "../Inputs.ts";
import type { SqlQuery } from "../Sql.ts";
import { pageSize, Where } from "../Where.ts";
import { type Db, guard } from "./Db.ts";
import { notify } from "./Notices.ts";

const DEFAULT_LIMIT = 1000;

export function appendEvent(db: Db, input: unknown, options: AppendOptions = {}): Promise<AppendResult> {
  return guard(async () => {
    const event = parseInput(LedgerEvent, input, "invalid ledger event");
    return db.sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [db.logLock]);
      const duplicate = await existingEvent(tx, event);
      if (duplicate) return duplicate;
      const { planId, stream } = await streamOf(tx, event, options);
      await tx.query(
        "INSERT INTO streams (stream, plan_id, version) VALUES ($1, $2, 0) ON CONFLICT (stream) DO NOTHING",
        [stream, planId],
      );
      const [bumped] = await tx.query<{ version: number }>(
        `UPDATE streams SET version = version + 1
          WHERE stream = $1 AND ($2::integer IS NULL OR version = $2::integer) RETURNING version`,
        [stream, options.expectedVersion ?? null],
      );
      if (!bumped) {
        const currentVersion = await streamVersion(tx, stream);
        throw new ConflictError({
          reason: "stale-version",
          message: `${stream} is at version ${currentVersion}, not ${options.expectedVersion}`,
          stream,
          currentVersion,
          expectedVersion: options.expectedVersion,
        });
      }
      const [row] = await tx.query<EventRow>(
        `INSERT INTO events (id, plan_id, task_id, stream, type, at, actor, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb) RETURNING ${EVENT_COLUMNS}`,
        [
          event.id,
          planId,
          event.taskId ?? null,
          stream,
          event.type,
          event.at,
          JSON.stringify(event.actor),
          JSON.stringify(event),
        ],
      );
      if (!row) throw new StorageError({ message: "event was not recorded" });
      const stored = toStoredEvent(row);
      await notify(db, tx, { seq: stored.seq, planId, taskId: event.taskId ?? null, type: event.type });
      return { stored, version: bumped.version, duplicate: false };
    });
  });
}

/** The stored event with the same id: returned when identical, a conflict otherwise. */
async function existingEvent(tx: SqlQuery, event: LedgerEvent): Promise<AppendResult | undefined> {
  const found = await eventById(tx, event.id);
  if (!found) return undefined;
  if (!deepEqual(found.stored.event, event)) {
    throw new ConflictError({
      reason: "duplicate-id",
      message: `an event with id ${event.id} exists with different content`,
      stream: found.stream ?? found.stored.planId,
      currentVersion: found.stream ? await streamVersion(tx, found.stream) : 0,
    });
  }
  return { stored: found.stored, version: found.version, duplicate: true };
}

/** The event with an id, its stream and its stream's version right after it (the append's result). */
async function eventById(
  q: SqlQuery,
  id: string,
): Promise<{ stored: StoredEvent; stream: string | null; version: number } | undefined> {
  const [row] = await q.query<EventRow & { stream: string | null; version: number }>(
    `SELECT ${EVENT_COLUMNS}, stream,
            (SELECT count(*)::int FROM events o WHERE o.plan_id = e.plan_id AND o.stream = e.stream AND o.seq <= e.seq)
              AS version
       FROM events e WHERE id = $1`,
    [id],
  );
  if (!row) return undefined;
  return { stored: toStoredEvent(row), stream: row.stream, version: row.stream ? row.version : 0 };
}

export function getEvent(db: Db, id: string): Promise<AppendResult | undefined> {
  return guard(async () => {
    const found = await eventById(db.sql, id);
    return found && { stored: found.stored, version: found.version, duplicate: true };
  });
}

/** The plan and stream an event belongs to: its task, or its indicator for a task-less measurement. */
async function streamOf(
  tx: SqlQuery,
  event: LedgerEvent,
  options: AppendOptions,
): Promise<{ planId: string; stream: string }> {
  if (event.taskId !== undefined) {
    const [task] = await tx.query<{ plan_id: string; removed: boolean }>(
      "SELECT plan_id, removed_at IS NOT NULL AS removed FROM tasks WHERE id = $1",
      [event.taskId],
    );
    if (!task || task.removed) {
      const why = task ? "was removed by a later import" : "does not exist";
      throw new NotFoundError({ message: `task ${event.taskId} ${why}`, entity: "task", id: event.taskId });
    }
    return { planId: task.plan_id, stream: event.taskId };
  }
  if (event.type !== "measurement") {
    throw new ValidationError({
      message: "only measurements may omit taskId",
      issues: [{ path: ["taskId"], message: "required", code: "invalid_type" }],
    });
  }
  const found = await tx.query<{ plan_id: string }>(
    `SELECT plan_id FROM indicators WHERE id = $1 AND removed_at IS NULL AND ($2::text IS NULL OR plan_id = $2::text)`,
    [event.indicatorId, options.planId ?? null],
  );
  const [indicator] = found;
  if (!indicator) {
    throw new NotFoundError({
      message: `indicator ${event.indicatorId} does not exist`,
      entity: "indicator",
      id: event.indicatorId,
    });
  }
  if (found.length > 1) {
    throw new ValidationError({
      message: `indicator ${event.indicatorId} exists in several plans: pass planId`,
      issues: [{ path: ["planId"], message: "ambiguous indicator: plan id required", code: "custom" }],
    });
  }
  return { planId: indicator.plan_id, stream: `indicator:${indicator.plan_id}:${event.indicatorId}` };
}

export function lastSeq(db: Db): Promise<number> {
  return guard(async () => {
    const [row] = await db.sql.query<{ seq: number | string }>("SELECT coalesce(max(seq), 0) AS seq FROM events");
    return Number(row?.seq ?? 0);
  });
}

export function listEvents(db: Db, query: EventQuery = {}): Promise<StoredEvent[]> {
  return guard(async () => {
    const where = new Where().add("type <> 'import'");
    if (query.planId !== undefined) where.add("plan_id = ?", query.planId);
    if (query.taskId !== undefined) where.add("task_id = ?", query.taskId);
    if (query.type !== undefined) where.add("type = ?", query.type);
    if (query.afterSeq !== undefined) where.add("seq > ?", query.afterSeq);
    const limit = where.param(pageSize(query.limit, DEFAULT_LIMIT));
    const rows = await db.sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.sql()} ORDER BY seq LIMIT ${limit}`,
      where.params,
    );
    return rows.map(toStoredEvent);
  });
}

export function eventsForPlan(db: Db, planId: string): Promise<LedgerEvent[]> {
  return guard(async () => {
    const rows = await db.sql.query<{ payload: LedgerEvent }>(
      "SELECT payload FROM events WHERE plan_id = $1 AND type <> 'import' ORDER BY seq",
      [planId],
    );
    return rows.map((row) => row.payload);
  });
}

async function streamVersion(q: SqlQuery, stream: string): Promise<number> {
  const [row] = await q.query<{ version: number }>("SELECT version FROM streams WHERE stream = $1", [stream]);
  return row?.version ?? 0;
}
