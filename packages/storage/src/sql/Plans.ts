/** Plans, their versions and task trees as stored: the reads the ledger view and the API list from. */
import type { Indicator, Ledger, Plan, ResponsibleUnit, Task } from "@reform/domain";
import type { PlanSummary, PlanVersion, StoredTask, TaskPage, TaskQuery } from "../Store.ts";
import {
  PLAN_COLUMNS,
  type PlanRow,
  type TaskRow,
  toPlanSummary,
  toPlanVersion,
  toStoredTask,
  type VersionRow,
} from "../Rows.ts";
import { pageSize, Where } from "../Where.ts";
import { type Db, guard, readSnapshot } from "./Db.ts";

const DEFAULT_PAGE = 100;

export function listPlans(db: Db): Promise<PlanSummary[]> {
  return guard(async () => {
    const rows = await db.sql.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM plans p ORDER BY p.id`);
    return rows.map(toPlanSummary);
  });
}

export function getPlan(db: Db, planId: string): Promise<PlanSummary | undefined> {
  return guard(async () => {
    const [row] = await db.sql.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM plans p WHERE p.id = $1`, [planId]);
    return row ? toPlanSummary(row) : undefined;
  });
}

export function listPlanVersions(db: Db, planId: string): Promise<PlanVersion[]> {
  return guard(async () => {
    const rows = await db.sql.query<VersionRow>("SELECT * FROM plan_versions WHERE plan_id = $1 ORDER BY version", [
      planId,
    ]);
    return rows.map(toPlanVersion);
  });
}

export function loadLedger(
  db: Db,
  planId: string,
  options: { includeRemoved?: boolean | undefined } = {},
): Promise<Ledger | undefined> {
  return guard(() =>
    readSnapshot(db, async (tx) => {
      const [plan] = await tx.query<{ plan: Plan }>("SELECT plan FROM plans WHERE id = $1", [planId]);
      if (!plan) return undefined;
      const removed = options.includeRemoved ? "" : "AND removed_at IS NULL";
      const tasks = await tx.query<{ task: Task }>(
        `SELECT task FROM tasks WHERE plan_id = $1 ${removed} ORDER BY position, id`,
        [planId],
      );
      const indicators = await tx.query<{ indicator: Indicator }>(
        "SELECT indicator FROM indicators WHERE plan_id = $1 AND removed_at IS NULL ORDER BY position",
        [planId],
      );
      const units = await tx.query<{ unit: ResponsibleUnit }>(
        "SELECT unit FROM units WHERE plan_id = $1 ORDER BY position",
        [planId],
      );
      return {
        plan: plan.plan,
        tasks: tasks.map((row) => row.task),
        indicators: indicators.map((row) => row.indicator),
        units: units.map((row) => row.unit),
      };
    }),
  );
}

export function getTask(db: Db, taskId: string): Promise<StoredTask | undefined> {
  return guard(async () => {
    const [row] = await db.sql.query<TaskRow>(
      `SELECT t.task, t.plan_version, t.removed_at, coalesce(s.version, 0) AS version
         FROM tasks t LEFT JOIN streams s ON s.stream = t.id WHERE t.id = $1`,
      [taskId],
    );
    return row ? toStoredTask(row) : undefined;
  });
}

export function listTasks(db: Db, query: TaskQuery = {}): Promise<TaskPage> {
  return guard(async () => {
    const where = new Where();
    if (!query.includeRemoved) where.add("t.removed_at IS NULL");
    if (query.planId !== undefined) where.add("t.plan_id = ?", query.planId);
    if (query.parentId === null) where.add("t.parent_id IS NULL");
    else if (query.parentId !== undefined) where.add("t.parent_id = ?", query.parentId);
    if (query.kind !== undefined) where.add("t.kind = ?", query.kind);
    if (query.unit !== undefined) {
      const unit = where.param([query.unit]);
      const lead = `t.lead_units @> ${unit}::text[]`;
      const cooperating = `t.cooperating_units @> ${unit}::text[]`;
      const role = query.role ?? "any";
      where.add(role === "lead" ? lead : role === "cooperating" ? cooperating : `(${lead} OR ${cooperating})`);
    }
    if (query.theme !== undefined) where.add("t.themes @> ?::text[]", [query.theme]);
    if (query.text !== undefined) {
      const pattern = where.param(`%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.add(`(t.task->>'text' ILIKE ${pattern} OR coalesce(t.task->>'title', '') ILIKE ${pattern})`);
    }
    if (query.dueFrom !== undefined) where.add("t.due_date >= ?::date", query.dueFrom);
    if (query.dueTo !== undefined) where.add("t.due_date <= ?::date", query.dueTo);
    const count = where.params.length;
    const limit = where.param(pageSize(query.limit, DEFAULT_PAGE));
    const offset = where.param(Math.max(Math.trunc(query.offset ?? 0), 0));
    return readSnapshot(db, async (tx) => {
      const rows = await tx.query<TaskRow>(
        `SELECT t.task, t.plan_version, t.removed_at, coalesce(s.version, 0) AS version
           FROM tasks t LEFT JOIN streams s ON s.stream = t.id
          WHERE ${where.sql()} ORDER BY t.plan_id, t.position, t.id LIMIT ${limit} OFFSET ${offset}`,
        where.params,
      );
      const [total] = await tx.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM tasks t WHERE ${where.sql()}`,
        where.params.slice(0, count),
      );
      return { tasks: rows.map(toStoredTask), total: total?.total ?? 0 };
    });
  });
}
