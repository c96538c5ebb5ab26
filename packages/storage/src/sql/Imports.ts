/**
 * Imports: a ledger diffed against the plan's stored state (preview), then written as the plan's
 * next version in one transaction under the log lock (commit) — plan, task rows (unchanged rows are
 * not rewritten; the others are loaded with COPY), indicators, units, the import event and the
 * version record.
 */
import { cooperatorsOf, type Indicator, type Ledger, leadsOf, type Plan, type Task } from "@reform/domain";
import {
  type CommitImportOptions,
  type CommitImportResult,
  ConflictError,
  type ImportPreview,
  StorageError,
} from "../Store.ts";
import { toPlanVersion, type VersionRow } from "../Rows.ts";
import { deepEqual, diffIndicators, diffPlan, diffTasks, type StoredTaskRow, type TaskDiff } from "../ImportDiff.ts";
import { checkImportOptions, parseLedger } from "../Inputs.ts";
import { copyChunks, copyField, copyJson } from "../CopyText.ts";
import type { SqlQuery, SqlTransaction } from "../Sql.ts";
import { type Db, guard, readSnapshot } from "./Db.ts";
import { notify } from "./Notices.ts";

/** Rows per COPY chunk (PGlite receives a chunk as one message)… */
export const COPY_CHUNK = 2000;
/** …unless the chunk reaches this many bytes first. */
const COPY_CHUNK_BYTES = 8 << 20;

/** A task's row as written by an import (`removed_at` is NULL). */
export interface TaskRow {
  readonly id: string;
  readonly plan_id: string;
  readonly parent_id: string | null;
  readonly kind: string;
  readonly path: ReadonlyArray<string>;
  readonly position: number;
  readonly lead_units: ReadonlyArray<string>;
  readonly cooperating_units: ReadonlyArray<string>;
  readonly themes: ReadonlyArray<string>;
  readonly due_date: string | null;
  readonly task: Task;
  readonly plan_version: number;
}

const TASK_COLUMNS = [
  "id",
  "plan_id",
  "parent_id",
  "kind",
  "path",
  "position",
  "lead_units",
  "cooperating_units",
  "themes",
  "due_date",
  "task",
  "plan_version",
] as const satisfies ReadonlyArray<keyof TaskRow>;

export function previewImport(db: Db, input: Ledger): Promise<ImportPreview> {
  return guard(async () => {
    const ledger = parseLedger(input);
    return readSnapshot(db, async (tx) => (await previewOf(tx, ledger)).preview);
  });
}

/**
 * Writes an import's task rows (new, changed, moved or revived; `stored` holds the ids the plan
 * already has, current or removed).
 */
export type TaskRowWriter = (
  tx: SqlTransaction,
  rows: ReadonlyArray<TaskRow>,
  stored: ReadonlySet<string>,
) => Promise<void>;

/**
 * Rows the plan never had have new ids (the diff gave a taken one a "~n" suffix): loaded into
 * `tasks` with COPY. Rows it has (changed, moved, revived) are loaded with COPY into a temporary
 * table dropped at commit, then upserted from it in one statement.
 */
export const copyTaskRows: TaskRowWriter = async (tx, rows, stored) => {
  const added = rows.filter((row) => !stored.has(row.id));
  if (added.length > 0) await copyNewTaskRows(tx, added);
  const existing = rows.filter((row) => stored.has(row.id));
  if (existing.length === 0) return;
  await tx.query("CREATE TEMPORARY TABLE import_task_rows (LIKE tasks) ON COMMIT DROP");
  await tx.copyIn("import_task_rows", TASK_COLUMNS, taskChunks(existing));
  const columns = TASK_COLUMNS.join(", ");
  await tx.query(
    `INSERT INTO tasks (${columns}, removed_at) SELECT ${columns}, NULL FROM import_task_rows
     ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, kind = EXCLUDED.kind, path = EXCLUDED.path,
       position = EXCLUDED.position, lead_units = EXCLUDED.lead_units,
       cooperating_units = EXCLUDED.cooperating_units, themes = EXCLUDED.themes, due_date = EXCLUDED.due_date,
       task = EXCLUDED.task, plan_version = EXCLUDED.plan_version, removed_at = NULL`,
  );
};

/**
 * COPYs rows of new tasks into `tasks`. Its foreign key (`plan_id` → `plans`) is checked by a
 * trigger per row: a query each, ≈10% of a 100,000-task import on PGlite. All the rows carry the
 * one plan id whose row this transaction has just inserted or updated (so it exists, and no other
 * transaction can delete it or change its key before this one ends): when the role may, the key
 * is checked once, as the trigger would (`FOR KEY SHARE`), and the per-row triggers are skipped
 * for this COPY only (`session_replication_role = replica`, transaction-local, restored after it).
 * Otherwise — the role may not, `tasks` has triggers or rules of its own (someone added them: they
 * would be skipped too), or the rows carry several plan ids — the triggers check every row.
 */
async function copyNewTaskRows(tx: SqlTransaction, rows: ReadonlyArray<TaskRow>): Promise<void> {
  const planId = rows[0]?.plan_id;
  const onePlan = planId !== undefined && rows.every((row) => row.plan_id === planId);
  const [setting] = onePlan
    ? await tx.query<{ role: string; may: boolean; own: boolean }>(
        `SELECT current_setting('session_replication_role') AS role,
                has_parameter_privilege('session_replication_role', 'SET') AS may,
                EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'tasks'::regclass AND NOT tgisinternal)
                  OR EXISTS (SELECT 1 FROM pg_rewrite WHERE ev_class = 'tasks'::regclass) AS own`,
      )
    : [];
  if (!onePlan || !setting?.may || setting.role !== "origin" || setting.own) {
    await tx.copyIn("tasks", TASK_COLUMNS, taskChunks(rows));
    return;
  }
  const found = await tx.query("SELECT 1 FROM plans WHERE id = $1 FOR KEY SHARE", [planId]);
  if (found.length === 0) throw new StorageError({ message: `plan ${planId} is not stored: its tasks cannot be` });
  await tx.query("SELECT set_config('session_replication_role', 'replica', true)");
  await tx.copyIn("tasks", TASK_COLUMNS, taskChunks(rows));
  await tx.query("SELECT set_config('session_replication_role', 'origin', true)");
}

export function commitImport(
  db: Db,
  input: Ledger,
  options: CommitImportOptions,
  writeTaskRows: TaskRowWriter = copyTaskRows,
): Promise<CommitImportResult> {
  return guard(async () => {
    const ledger = parseLedger(input);
    checkImportOptions(options);
    return db.sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [db.logLock]);
      const { preview, diff, rows } = await previewOf(tx, ledger);
      if (options.expectedPlanVersion !== undefined && options.expectedPlanVersion !== preview.currentVersion) {
        throw new ConflictError({
          reason: "stale-plan-version",
          message: `plan ${preview.planId} is at version ${preview.currentVersion}, not ${options.expectedPlanVersion}`,
          stream: preview.planId,
          currentVersion: preview.currentVersion,
          expectedVersion: options.expectedPlanVersion,
        });
      }
      return applyImport(db, tx, ledger, options, preview, diff, rows, writeTaskRows);
    });
  });
}

/** Reads the plan's stored state and diffs the ledger against it. */
async function previewOf(q: SqlQuery, ledger: Ledger) {
  const planId = ledger.plan.id;
  const [planRow] = await q.query<{ plan: Plan; version: number }>("SELECT plan, version FROM plans WHERE id = $1", [
    planId,
  ]);
  const storedRows = await q.query<{ task: Task; removed: boolean; plan_version: number; position: number }>(
    `SELECT task, removed_at IS NOT NULL AS removed, plan_version, position
       FROM tasks WHERE plan_id = $1 ORDER BY position, id`,
    [planId],
  );
  // Other plans' ids equal to an incoming id, or to one with a "~n" suffix (a hash semi-join).
  const foreign = await q.query<{ id: string }>(
    `SELECT id FROM tasks WHERE plan_id <> $1
        AND regexp_replace(id, '~[0-9]+$', '') IN (SELECT unnest($2::text[]))`,
    [planId, ledger.tasks.map((task) => task.id)],
  );
  const storedIndicators = await q.query<{ indicator: Indicator }>(
    "SELECT indicator FROM indicators WHERE plan_id = $1 AND removed_at IS NULL ORDER BY position",
    [planId],
  );
  const stored: StoredTaskRow[] = storedRows.map((row) => ({ task: row.task, removed: row.removed }));
  const diff = diffTasks(planId, stored, ledger.tasks, new Set(foreign.map((row) => row.id)));
  const indicators = diffIndicators(
    storedIndicators.map((row) => row.indicator),
    ledger.indicators,
  );
  const added = diff.entries.filter((entry) => entry.status === "added").map((entry) => entry.task);
  const unchanged = diff.entries.filter((entry) => entry.status === "unchanged").map((entry) => entry.task.id);
  const preview: ImportPreview = {
    planId,
    currentVersion: planRow?.version ?? 0,
    isNew: planRow === undefined,
    planFields: planRow ? diffPlan(planRow.plan, ledger.plan) : [],
    tasks: { added, removed: diff.removed, changed: diff.changed, unchanged },
    indicators,
    summary: {
      added: added.length,
      removed: diff.removed.length,
      changed: diff.changed.length,
      unchanged: unchanged.length,
    },
  };
  const rows = new Map(storedRows.map((row) => [row.task.id, row]));
  return { preview, diff, rows };
}

async function applyImport(
  db: Db,
  tx: SqlTransaction,
  ledger: Ledger,
  options: CommitImportOptions,
  preview: ImportPreview,
  diff: TaskDiff,
  stored: ReadonlyMap<string, { removed: boolean; plan_version: number; position: number }>,
  writeTaskRows: TaskRowWriter,
): Promise<CommitImportResult> {
  const planId = ledger.plan.id;
  const version = preview.currentVersion + 1;
  const [{ at } = { at: new Date() }] = await tx.query<{ at: Date | string }>(
    "SELECT coalesce($1::timestamptz, now()) AS at",
    [options.at ?? null],
  );
  await tx.query(
    `INSERT INTO plans (id, plan, version, updated_at) VALUES ($1, $2::jsonb, $3, $4)
     ON CONFLICT (id) DO UPDATE SET plan = EXCLUDED.plan, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
    [planId, JSON.stringify(ledger.plan), version, at],
  );

  // Rows identical to the stored ones (same task, same position) are not rewritten.
  const rewrite = diff.entries.filter((entry) => {
    const row = stored.get(entry.task.id);
    return !row || row.removed || row.position !== entry.position || !deepEqual(entry.stored, entry.task);
  });
  const taskRows = rewrite.map(
    (entry): TaskRow => ({
      id: entry.task.id,
      plan_id: planId,
      parent_id: entry.task.parentId ?? null,
      kind: entry.task.kind,
      path: entry.task.path,
      position: entry.position,
      lead_units: leadsOf(entry.task.responsibility).map((a) => a.unit),
      cooperating_units: cooperatorsOf(entry.task.responsibility).map((a) => a.unit),
      themes: entry.task.themes,
      due_date: dueDateOf(entry.task),
      task: entry.task,
      plan_version: entry.status === "unchanged" ? (stored.get(entry.task.id)?.plan_version ?? version) : version,
    }),
  );
  await writeTaskRows(tx, taskRows, new Set(stored.keys()));
  if (diff.removed.length > 0) {
    await tx.query("UPDATE tasks SET removed_at = $2 WHERE plan_id = $1 AND id = ANY($3::text[])", [
      planId,
      at,
      diff.removed.map((task) => task.id),
    ]);
  }

  await tx.query(
    `INSERT INTO indicators (plan_id, id, name, position, indicator, removed_at)
     SELECT $1, x.id, x.name, x.position, x.indicator, NULL
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, name text, position integer, indicator jsonb)
     ON CONFLICT (plan_id, id) DO UPDATE SET name = EXCLUDED.name, position = EXCLUDED.position,
       indicator = EXCLUDED.indicator, removed_at = NULL`,
    [
      planId,
      JSON.stringify(
        ledger.indicators.map((indicator, position) => ({
          id: indicator.id,
          name: indicator.name,
          position,
          indicator: { ...indicator, planId },
        })),
      ),
    ],
  );
  await tx.query(
    "UPDATE indicators SET removed_at = $2 WHERE plan_id = $1 AND removed_at IS NULL AND NOT (id = ANY($3::text[]))",
    [planId, at, ledger.indicators.map((indicator) => indicator.id)],
  );
  await tx.query("DELETE FROM units WHERE plan_id = $1", [planId]);
  await tx.query(
    `INSERT INTO units (plan_id, id, name, position, unit)
     SELECT $1, x.id, x.name, x.position, x.unit
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, name text, position integer, unit jsonb)
     ON CONFLICT (plan_id, id) DO NOTHING`,
    [planId, JSON.stringify(ledger.units.map((unit, position) => ({ id: unit.id, name: unit.name, position, unit })))],
  );

  const sourceSha256 = options.sourceSha256 ?? ledger.plan.source.sha256;
  const fileName = options.fileName ?? ledger.plan.source.file;
  const payload = { planId, version, summary: preview.summary, sourceSha256, fileName };
  const [entry] = await tx.query<{ seq: number | string }>(
    `INSERT INTO events (id, plan_id, task_id, stream, type, at, actor, payload, recorded_at)
     VALUES ($1, $2, NULL, NULL, 'import', $3, $4::jsonb, $5::jsonb, $3) RETURNING seq`,
    [`import:${planId}:${version}`, planId, at, JSON.stringify(options.actor), JSON.stringify(payload)],
  );
  const seq = Number(entry?.seq);
  const [row] = await tx.query<VersionRow>(
    `INSERT INTO plan_versions (plan_id, version, imported_at, actor, source_sha256, file_name, diagnostics, summary, seq)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8::jsonb, $9) RETURNING *`,
    [
      planId,
      version,
      at,
      JSON.stringify(options.actor),
      sourceSha256 ?? null,
      fileName ?? null,
      JSON.stringify(options.diagnostics ?? []),
      JSON.stringify(preview.summary),
      seq,
    ],
  );
  if (!row) throw new StorageError({ message: "plan version was not recorded" });
  await notify(db, tx, { seq, planId, taskId: null, type: "import" });
  return { preview, version: toPlanVersion(row) };
}

/**
 * Task rows as COPY text, encoded as they are sent: a chunk ends after {@link COPY_CHUNK} rows, or
 * sooner once it holds {@link COPY_CHUNK_BYTES} bytes (tasks with long texts).
 */
function taskChunks(rows: ReadonlyArray<TaskRow>): Iterable<Uint8Array> {
  return copyChunks(rows, taskLine, COPY_CHUNK, COPY_CHUNK_BYTES);
}

/** One task row as a COPY line, in {@link TASK_COLUMNS}' order. */
function taskLine(row: TaskRow): string {
  return `${copyField(row.id)}\t${copyField(row.plan_id)}\t${copyField(row.parent_id)}\t${copyField(row.kind)}\t${copyArray(row.path)}\t${copyField(row.position)}\t${copyArray(row.lead_units)}\t${copyArray(row.cooperating_units)}\t${copyArray(row.themes)}\t${copyField(row.due_date)}\t${copyJson(JSON.stringify(row.task))}\t${copyField(row.plan_version)}\n`;
}

/** An array field: empty ones (most themes, cooperators) need no escaping. */
function copyArray(values: ReadonlyArray<string>): string {
  return values.length === 0 ? "{}" : copyField(values);
}

/** The document's due date of a task, for the indexed column (extensions are events). */
function dueDateOf(task: Task): string | null {
  const deadline = task.deadline;
  if (!deadline) return null;
  switch (deadline.kind) {
    case "due":
    case "window":
    case "milestones":
      return deadline.due;
    case "relative":
      return deadline.due ?? null;
    default:
      return null;
  }
}
