/**
 * The store on PostgreSQL: {@link openStore} picks the driver (PGlite or a server), migrates the
 * schema and returns the {@link Store}. Every write is one transaction that first takes the log
 * lock (a transaction-scoped advisory lock), so `seq` order is commit order across processes and
 * a reader resuming after a `seq` never misses an event.
 */
import {
  cooperatorsOf,
  type Indicator,
  type Ledger,
  LedgerEvent,
  leadsOf,
  type Plan,
  type ResponsibleUnit,
  type Task,
} from "@reform/domain";
import { deepEqual, diffIndicators, diffPlan, diffTasks, type StoredTaskRow, type TaskDiff } from "./ImportDiff.ts";
import { checkImportOptions, checkReporterUnits, parseLedger, validationError } from "./Inputs.ts";
import { migrate } from "./Migrations.ts";
import {
  EVENT_COLUMNS,
  type EventRow,
  PLAN_COLUMNS,
  type PlanRow,
  STAGED_COLUMNS,
  type StagedRow,
  TOKEN_COLUMNS,
  type TaskRow,
  type TokenRow,
  toApiToken,
  toPlanSummary,
  toPlanVersion,
  toStagedImport,
  toStoredEvent,
  toStoredTask,
  type VersionRow,
} from "./Rows.ts";
import { DEFAULT_DATA_DIR, IDENTIFIER, openPglite, openPostgres, type Sql, type SqlQuery } from "./Sql.ts";
import {
  type ApiToken,
  type AppendOptions,
  type AppendResult,
  type ChangeListener,
  type ChangeNotice,
  type CommitImportOptions,
  type CommitImportResult,
  ConflictError,
  type EventQuery,
  type ImportPreview,
  type MeasurementQuery,
  NewToken,
  NotFoundError,
  type PlanSummary,
  type PlanVersion,
  type StagedImport,
  StageImportInput,
  StorageError,
  type Store,
  type StoredEvent,
  type StoredTask,
  type StoreOptions,
  type TaskPage,
  type TaskQuery,
  TokenUpdate,
  toStoreError,
  ValidationError,
} from "./Store.ts";
import { generateToken, tokenId, tokenMatches } from "./Tokens.ts";
import { pageSize, Where } from "./Where.ts";

/** Default PostgreSQL schema. */
export const DEFAULT_SCHEMA = "reform";
const DEFAULT_LIMIT = 1000;
const DEFAULT_PAGE = 100;
/** Rows per multi-row insert during imports. */
const BATCH = 500;

/**
 * Opens a store: a PostgreSQL server when `databaseUrl` (default `process.env.DATABASE_URL`) is
 * set, else embedded PGlite in `dataDir` (default `./.reform/data`, or "memory"). Applies pending
 * migrations before resolving. Rejects with `ValidationError` for a bad schema name and with
 * `StorageError` when the database cannot be opened or migrated.
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (!IDENTIFIER.test(schema)) {
    throw new ValidationError({
      message: `schema must match ${IDENTIFIER.source}`,
      issues: [{ path: ["schema"], message: `not a plain identifier: ${schema}`, code: "invalid_format" }],
    });
  }
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  let sql: Sql | undefined;
  try {
    sql = databaseUrl
      ? await openPostgres(databaseUrl, schema, options.maxConnections ?? 10)
      : await openPglite(options.dataDir ?? DEFAULT_DATA_DIR, schema);
    await migrate(sql, schema);
  } catch (error) {
    await sql?.close().catch(() => {});
    throw new StorageError({ message: `cannot open the database: ${toStoreError(error).message}`, cause: error });
  }
  return new SqlStore(sql, schema);
}

// ---------------------------------------------------------------------------------------------

class SqlStore implements Store {
  readonly driver: Store["driver"];
  readonly schema: string;
  readonly #sql: Sql;
  readonly #channel: string;
  readonly #logLock: string;

  constructor(sql: Sql, schema: string) {
    this.#sql = sql;
    this.driver = sql.driver;
    this.schema = schema;
    this.#channel = `${schema}_changes`;
    this.#logLock = `reform-log:${schema}`;
  }

  listPlans(): Promise<PlanSummary[]> {
    return guard(async () => {
      const rows = await this.#sql.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM plans p ORDER BY p.id`);
      return rows.map(toPlanSummary);
    });
  }

  getPlan(planId: string): Promise<PlanSummary | undefined> {
    return guard(async () => {
      const [row] = await this.#sql.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM plans p WHERE p.id = $1`, [planId]);
      return row ? toPlanSummary(row) : undefined;
    });
  }

  listPlanVersions(planId: string): Promise<PlanVersion[]> {
    return guard(async () => {
      const rows = await this.#sql.query<VersionRow>(
        "SELECT * FROM plan_versions WHERE plan_id = $1 ORDER BY version",
        [planId],
      );
      return rows.map(toPlanVersion);
    });
  }

  loadLedger(planId: string, options: { includeRemoved?: boolean | undefined } = {}): Promise<Ledger | undefined> {
    return guard(() =>
      this.#read(async (tx) => {
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

  getTask(taskId: string): Promise<StoredTask | undefined> {
    return guard(async () => {
      const [row] = await this.#sql.query<TaskRow>(
        `SELECT t.task, t.plan_version, t.removed_at, coalesce(s.version, 0) AS version
           FROM tasks t LEFT JOIN streams s ON s.stream = t.id WHERE t.id = $1`,
        [taskId],
      );
      return row ? toStoredTask(row) : undefined;
    });
  }

  listTasks(query: TaskQuery = {}): Promise<TaskPage> {
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
      return this.#read(async (tx) => {
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

  /** Runs reads on one snapshot, so they see a single committed state. */
  #read<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T> {
    return this.#sql.transaction(async (tx) => {
      await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      return fn(tx);
    });
  }

  // -- imports --------------------------------------------------------------------------------

  previewImport(input: Ledger): Promise<ImportPreview> {
    return guard(async () => {
      const ledger = parseLedger(input);
      return this.#read(async (tx) => (await this.#preview(tx, ledger)).preview);
    });
  }

  commitImport(input: Ledger, options: CommitImportOptions): Promise<CommitImportResult> {
    return guard(async () => {
      const ledger = parseLedger(input);
      checkImportOptions(options);
      return this.#sql.transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [this.#logLock]);
        const { preview, diff, rows } = await this.#preview(tx, ledger);
        if (options.expectedPlanVersion !== undefined && options.expectedPlanVersion !== preview.currentVersion) {
          throw new ConflictError({
            reason: "stale-plan-version",
            message: `plan ${preview.planId} is at version ${preview.currentVersion}, not ${options.expectedPlanVersion}`,
            stream: preview.planId,
            currentVersion: preview.currentVersion,
            expectedVersion: options.expectedPlanVersion,
          });
        }
        return this.#applyImport(tx, ledger, options, preview, diff, rows);
      });
    });
  }

  /** Reads the plan's stored state and diffs the ledger against it. */
  async #preview(q: SqlQuery, ledger: Ledger) {
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

  async #applyImport(
    tx: SqlQuery,
    ledger: Ledger,
    options: CommitImportOptions,
    preview: ImportPreview,
    diff: TaskDiff,
    stored: ReadonlyMap<string, { removed: boolean; plan_version: number; position: number }>,
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
    const taskRows = rewrite.map((entry) => ({
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
    }));
    for (let i = 0; i < taskRows.length; i += BATCH) {
      await tx.query(
        `INSERT INTO tasks (id, plan_id, parent_id, kind, path, position, lead_units, cooperating_units, themes,
                            due_date, task, plan_version, removed_at)
         SELECT id, plan_id, parent_id, kind, path, position, lead_units, cooperating_units, themes,
                due_date, task, plan_version, NULL
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, plan_id text, parent_id text, kind text, path text[],
                position integer, lead_units text[], cooperating_units text[], themes text[], due_date date,
                task jsonb, plan_version integer)
         ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, kind = EXCLUDED.kind, path = EXCLUDED.path,
           position = EXCLUDED.position, lead_units = EXCLUDED.lead_units,
           cooperating_units = EXCLUDED.cooperating_units, themes = EXCLUDED.themes, due_date = EXCLUDED.due_date,
           task = EXCLUDED.task, plan_version = EXCLUDED.plan_version, removed_at = NULL`,
        [JSON.stringify(taskRows.slice(i, i + BATCH))],
      );
    }
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
      [
        planId,
        JSON.stringify(ledger.units.map((unit, position) => ({ id: unit.id, name: unit.name, position, unit }))),
      ],
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
    await this.#notify(tx, { seq, planId, taskId: null, type: "import" });
    return { preview, version: toPlanVersion(row) };
  }

  // -- events ---------------------------------------------------------------------------------

  appendEvent(input: unknown, options: AppendOptions = {}): Promise<AppendResult> {
    return guard(async () => {
      const parsed = LedgerEvent.safeParse(input);
      if (!parsed.success) throw validationError("invalid ledger event", parsed.error);
      const event = parsed.data;
      return this.#sql.transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [this.#logLock]);
        const duplicate = await this.#existing(tx, event);
        if (duplicate) return duplicate;
        const { planId, stream } = await this.#streamOf(tx, event, options);
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
        await this.#notify(tx, { seq: stored.seq, planId, taskId: event.taskId ?? null, type: event.type });
        return { stored, version: bumped.version, duplicate: false };
      });
    });
  }

  /** The stored event with the same id: returned when identical, a conflict otherwise. */
  async #existing(tx: SqlQuery, event: LedgerEvent): Promise<AppendResult | undefined> {
    const [row] = await tx.query<EventRow & { stream: string | null }>(
      `SELECT ${EVENT_COLUMNS}, stream FROM events WHERE id = $1`,
      [event.id],
    );
    if (!row) return undefined;
    const version = row.stream ? await streamVersion(tx, row.stream) : 0;
    if (!deepEqual(row.payload, event)) {
      throw new ConflictError({
        reason: "duplicate-id",
        message: `an event with id ${event.id} exists with different content`,
        stream: row.stream ?? row.plan_id,
        currentVersion: version,
      });
    }
    return { stored: toStoredEvent(row), version, duplicate: true };
  }

  /** The plan and stream an event belongs to: its task, or its indicator for a task-less measurement. */
  async #streamOf(
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

  lastSeq(): Promise<number> {
    return guard(async () => {
      const [row] = await this.#sql.query<{ seq: number | string }>("SELECT coalesce(max(seq), 0) AS seq FROM events");
      return Number(row?.seq ?? 0);
    });
  }

  listEvents(query: EventQuery = {}): Promise<StoredEvent[]> {
    return guard(async () => {
      const where = new Where().add("type <> 'import'");
      if (query.planId !== undefined) where.add("plan_id = ?", query.planId);
      if (query.taskId !== undefined) where.add("task_id = ?", query.taskId);
      if (query.type !== undefined) where.add("type = ?", query.type);
      if (query.afterSeq !== undefined) where.add("seq > ?", query.afterSeq);
      const limit = where.param(pageSize(query.limit, DEFAULT_LIMIT));
      const rows = await this.#sql.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.sql()} ORDER BY seq LIMIT ${limit}`,
        where.params,
      );
      return rows.map(toStoredEvent);
    });
  }

  eventsForPlan(planId: string): Promise<LedgerEvent[]> {
    return guard(async () => {
      const rows = await this.#sql.query<{ payload: LedgerEvent }>(
        "SELECT payload FROM events WHERE plan_id = $1 AND type <> 'import' ORDER BY seq",
        [planId],
      );
      return rows.map((row) => row.payload);
    });
  }

  listMeasurements(query: MeasurementQuery = {}): Promise<StoredEvent[]> {
    return guard(async () => {
      const rows = await this.#sql.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events
          WHERE type = 'measurement' AND ($1::text IS NULL OR plan_id = $1::text)
            AND ($2::text IS NULL OR payload->>'indicatorId' = $2::text)
            AND ($3::text IS NULL OR payload->>'region' = $3::text)
          ORDER BY seq`,
        [query.planId ?? null, query.indicatorId ?? null, query.region ?? null],
      );
      return rows.map(toStoredEvent);
    });
  }

  // -- staged imports -------------------------------------------------------------------------

  stageImport(input: StageImportInput): Promise<StagedImport> {
    return guard(async () => {
      const parsed = StageImportInput.safeParse(input);
      if (!parsed.success) throw validationError("invalid staged import", parsed.error);
      const ledger = parseLedger(input.ledger);
      const { id, sourceSha256, fileName, details, now, ttlMs } = parsed.data;
      const staged = new Date(now);
      const expires = new Date(staged.getTime() + ttlMs);
      return this.#sql.transaction(async (tx) => {
        await tx.query("DELETE FROM staged_imports WHERE expires_at <= $1", [staged.toISOString()]);
        const [row] = await tx.query<StagedRow>(
          `INSERT INTO staged_imports (id, staged_at, expires_at, source_sha256, file_name, details, diagnostics, ledger)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb)
           ON CONFLICT (id) DO UPDATE SET staged_at = EXCLUDED.staged_at, expires_at = EXCLUDED.expires_at,
             source_sha256 = EXCLUDED.source_sha256, file_name = EXCLUDED.file_name, details = EXCLUDED.details,
             diagnostics = EXCLUDED.diagnostics, ledger = EXCLUDED.ledger
           RETURNING ${STAGED_COLUMNS}`,
          [
            id,
            staged.toISOString(),
            expires.toISOString(),
            sourceSha256,
            fileName ?? null,
            JSON.stringify(details),
            JSON.stringify(input.diagnostics ?? []),
            JSON.stringify(ledger),
          ],
        );
        if (!row) throw new StorageError({ message: "staged import was not recorded" });
        return toStagedImport(row);
      });
    });
  }

  getStagedImport(id: string, now: Date | string): Promise<StagedImport | undefined> {
    return guard(async () => {
      // The same rule for an instant as when staging.
      const at = StageImportInput.shape.now.safeParse(now);
      if (!at.success) throw validationError("invalid instant", at.error);
      const [row] = await this.#sql.query<StagedRow>(
        `SELECT ${STAGED_COLUMNS} FROM staged_imports WHERE id = $1 AND expires_at > $2`,
        [id, new Date(at.data).toISOString()],
      );
      return row ? toStagedImport(row) : undefined;
    });
  }

  discardStagedImport(id: string): Promise<boolean> {
    return guard(async () => {
      const rows = await this.#sql.query<{ id: string }>("DELETE FROM staged_imports WHERE id = $1 RETURNING id", [id]);
      return rows.length > 0;
    });
  }

  // -- tokens ---------------------------------------------------------------------------------

  createToken(input: NewToken): Promise<{ token: ApiToken; plainToken: string }> {
    return guard(async () => {
      const parsed = NewToken.safeParse(input);
      if (!parsed.success) throw validationError("invalid token", parsed.error);
      const { name, role, units } = parsed.data;
      checkReporterUnits(role, units);
      const { id, plainToken, hash } = generateToken();
      const [row] = await this.#sql.query<TokenRow>(
        `INSERT INTO api_tokens (id, name, role, units, token_hash) VALUES ($1, $2, $3, $4::text[], $5)
         RETURNING ${TOKEN_COLUMNS}`,
        [id, name, role, units, hash],
      );
      if (!row) throw new StorageError({ message: "token was not recorded" });
      return { token: toApiToken(row), plainToken };
    });
  }

  listTokens(): Promise<ApiToken[]> {
    return guard(async () => {
      const rows = await this.#sql.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, id`);
      return rows.map(toApiToken);
    });
  }

  getToken(id: string): Promise<ApiToken | undefined> {
    return guard(async () => {
      const [row] = await this.#sql.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
      return row ? toApiToken(row) : undefined;
    });
  }

  updateToken(id: string, update: TokenUpdate): Promise<ApiToken> {
    return guard(async () => {
      const parsed = TokenUpdate.safeParse(update);
      if (!parsed.success) throw validationError("invalid token update", parsed.error);
      return this.#sql.transaction(async (tx) => {
        const [current] = await tx.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1 FOR UPDATE`, [
          id,
        ]);
        if (!current) throw tokenNotFound(id);
        const role = parsed.data.role ?? current.role;
        const units = parsed.data.units ?? current.units;
        checkReporterUnits(role, units);
        const [row] = await tx.query<TokenRow>(
          `UPDATE api_tokens SET name = $2, role = $3, units = $4::text[] WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`,
          [id, parsed.data.name ?? current.name, role, units],
        );
        if (!row) throw tokenNotFound(id);
        return toApiToken(row);
      });
    });
  }

  revokeToken(id: string): Promise<ApiToken> {
    return guard(async () => {
      const [row] = await this.#sql.query<TokenRow>(
        `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`,
        [id],
      );
      if (!row) throw tokenNotFound(id);
      return toApiToken(row);
    });
  }

  deleteToken(id: string): Promise<boolean> {
    return guard(async () => {
      const rows = await this.#sql.query<{ id: string }>("DELETE FROM api_tokens WHERE id = $1 RETURNING id", [id]);
      return rows.length > 0;
    });
  }

  verifyToken(plainToken: string): Promise<ApiToken | undefined> {
    return guard(async () => {
      const id = tokenId(plainToken);
      if (id === undefined) return undefined;
      const [row] = await this.#sql.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
      if (!row || row.revoked_at !== null || !tokenMatches(plainToken, row.token_hash)) return undefined;
      // Record use at most once a minute, so verifying stays a read on busy tokens.
      await this.#sql.query(
        `UPDATE api_tokens SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [id],
      );
      return toApiToken(row);
    });
  }

  // -- change feed and lifecycle --------------------------------------------------------------

  subscribe(listener: ChangeListener): Promise<() => Promise<void>> {
    return guard(() =>
      this.#sql.listen(this.#channel, (payload) => {
        const notice = parseNotice(payload);
        if (notice) listener(notice);
      }),
    );
  }

  ping(): Promise<void> {
    return guard(async () => {
      await this.#sql.query("SELECT 1");
    });
  }

  close(): Promise<void> {
    return guard(() => this.#sql.close());
  }

  /** NOTIFY inside the transaction: PostgreSQL delivers it only if the transaction commits. */
  async #notify(tx: SqlQuery, notice: ChangeNotice): Promise<void> {
    await tx.query("SELECT pg_notify($1, $2)", [this.#channel, JSON.stringify(notice)]);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Runs a store operation, turning unexpected failures into `StorageError`. */
async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toStoreError(error);
  }
}

function tokenNotFound(id: string): NotFoundError {
  return new NotFoundError({ message: `token ${id} does not exist`, entity: "token", id });
}

async function streamVersion(q: SqlQuery, stream: string): Promise<number> {
  const [row] = await q.query<{ version: number }>("SELECT version FROM streams WHERE stream = $1", [stream]);
  return row?.version ?? 0;
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

function parseNotice(payload: string): ChangeNotice | undefined {
  try {
    const value = JSON.parse(payload) as ChangeNotice;
    return typeof value.seq === "number" && typeof value.planId === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
