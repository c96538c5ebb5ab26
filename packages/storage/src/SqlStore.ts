/**
 * The store on PostgreSQL: {@link openStore} picks the driver (PGlite or a server), migrates the
 * schema and returns the {@link Store}. Every write is one transaction that first takes the log
 * lock (a transaction-scoped advisory lock), so `seq` order is commit order across processes and
 * a reader resuming after a `seq` never misses an event.
 *
 * The store is composed of one module per concept in `sql/`: plans and tasks (`Plans.ts`),
 * imports (`Imports.ts`), staged imports (`Staging.ts`), the event log (`Events.ts`),
 * measurements (`Measurements.ts`), API tokens (`Tokens.ts`) and change notices (`Notices.ts`);
 * `Db.ts` holds what they share.
 */
import type { Ledger, LedgerEvent } from "@reform/domain";
import { unlogTables } from "./MemoryTables.ts";
import { migrate } from "./Migrations.ts";
import { DEFAULT_DATA_DIR, IDENTIFIER, openPglite, openPostgres, type Sql } from "./Sql.ts";
import * as events from "./sql/Events.ts";
import { close, type Db, dbFor, ping } from "./sql/Db.ts";
import * as imports from "./sql/Imports.ts";
import * as measurements from "./sql/Measurements.ts";
import { subscribe } from "./sql/Notices.ts";
import * as plans from "./sql/Plans.ts";
import * as staging from "./sql/Staging.ts";
import * as tokens from "./sql/Tokens.ts";
import {
  type ApiToken,
  type AppendOptions,
  type AppendResult,
  type ChangeListener,
  type CommitImportOptions,
  type CommitImportResult,
  type EventQuery,
  type ImportPreview,
  type MeasurementQuery,
  type NewToken,
  type PlanSummary,
  type PlanVersion,
  type StagedImport,
  type StageImportInput,
  StorageError,
  type Store,
  type StoredEvent,
  type StoredTask,
  type StoreOptions,
  type TaskPage,
  type TaskQuery,
  type TokenUpdate,
  type VerifyOptions,
  toStoreError,
  ValidationError,
} from "./Store.ts";

/** Default PostgreSQL schema. */
export const DEFAULT_SCHEMA = "reform";

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
    const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
    sql = databaseUrl
      ? await openPostgres(databaseUrl, schema, options.maxConnections ?? 10)
      : await openPglite(dataDir, schema);
    await migrate(sql, schema);
    // Nothing of an in-memory database outlives the process: no write-ahead log for its tables.
    if (!databaseUrl && dataDir === "memory") await unlogTables(sql, schema);
  } catch (error) {
    await sql?.close().catch(() => {});
    throw new StorageError({ message: `cannot open the database: ${toStoreError(error).message}`, cause: error });
  }
  return new SqlStore(sql, schema);
}

// ---------------------------------------------------------------------------------------------

/** The {@link Store}: each method is its concept module's function on this store's {@link Db}. */
export class SqlStore implements Store {
  readonly driver: Store["driver"];
  readonly schema: string;
  readonly #db: Db;

  constructor(sql: Sql, schema: string) {
    this.driver = sql.driver;
    this.schema = schema;
    this.#db = dbFor(sql, schema);
  }

  // -- plans and tasks
  listPlans(): Promise<PlanSummary[]> {
    return plans.listPlans(this.#db);
  }
  getPlan(planId: string): Promise<PlanSummary | undefined> {
    return plans.getPlan(this.#db, planId);
  }
  listPlanVersions(planId: string): Promise<PlanVersion[]> {
    return plans.listPlanVersions(this.#db, planId);
  }
  loadLedger(planId: string, options: { includeRemoved?: boolean | undefined } = {}): Promise<Ledger | undefined> {
    return plans.loadLedger(this.#db, planId, options);
  }
  getTask(taskId: string): Promise<StoredTask | undefined> {
    return plans.getTask(this.#db, taskId);
  }
  listTasks(query: TaskQuery = {}): Promise<TaskPage> {
    return plans.listTasks(this.#db, query);
  }

  // -- imports
  previewImport(input: Ledger): Promise<ImportPreview> {
    return imports.previewImport(this.#db, input);
  }
  commitImport(input: Ledger, options: CommitImportOptions): Promise<CommitImportResult> {
    return imports.commitImport(this.#db, input, options);
  }

  // -- events and measurements
  appendEvent(input: unknown, options: AppendOptions = {}): Promise<AppendResult> {
    return events.appendEvent(this.#db, input, options);
  }
  getEvent(id: string): Promise<AppendResult | undefined> {
    return events.getEvent(this.#db, id);
  }
  lastSeq(): Promise<number> {
    return events.lastSeq(this.#db);
  }
  listEvents(query: EventQuery = {}): Promise<StoredEvent[]> {
    return events.listEvents(this.#db, query);
  }
  eventsForPlan(planId: string): Promise<LedgerEvent[]> {
    return events.eventsForPlan(this.#db, planId);
  }
  listMeasurements(query: MeasurementQuery = {}): Promise<StoredEvent[]> {
    return measurements.listMeasurements(this.#db, query);
  }

  // -- staged imports
  stageImport(input: StageImportInput): Promise<StagedImport> {
    return staging.stageImport(this.#db, input);
  }
  getStagedImport(id: string, now: Date | string): Promise<StagedImport | undefined> {
    return staging.getStagedImport(this.#db, id, now);
  }
  discardStagedImport(id: string): Promise<boolean> {
    return staging.discardStagedImport(this.#db, id);
  }

  // -- tokens
  createToken(input: NewToken): Promise<{ token: ApiToken; plainToken: string }> {
    return tokens.createToken(this.#db, input);
  }
  listTokens(): Promise<ApiToken[]> {
    return tokens.listTokens(this.#db);
  }
  getToken(id: string): Promise<ApiToken | undefined> {
    return tokens.getToken(this.#db, id);
  }
  updateToken(id: string, update: TokenUpdate): Promise<ApiToken> {
    return tokens.updateToken(this.#db, id, update);
  }
  revokeToken(id: string): Promise<ApiToken> {
    return tokens.revokeToken(this.#db, id);
  }
  deleteToken(id: string): Promise<boolean> {
    return tokens.deleteToken(this.#db, id);
  }
  verifyToken(plainToken: string, options?: VerifyOptions): Promise<ApiToken | undefined> {
    return tokens.verifyToken(this.#db, plainToken, options);
  }

  // -- change feed and lifecycle
  subscribe(listener: ChangeListener, onGap?: (state: "lost" | "resumed") => void): Promise<() => Promise<void>> {
    return subscribe(this.#db, listener, onGap);
  }
  ping(): Promise<void> {
    return ping(this.#db);
  }
  close(): Promise<void> {
    return close(this.#db);
  }
}
