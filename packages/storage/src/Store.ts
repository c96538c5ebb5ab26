/**
 * The ledger store's contract: a Promise API over PostgreSQL (embedded PGlite or a server).
 *
 * The store keeps plans (with one version per import), their task trees, indicators, responsible
 * units, API tokens and the append-only event log. Current task state is never stored: it is
 * derived from the events by `@reform/domain`.
 *
 * Methods reject with the typed errors below (`ConflictError`, `ValidationError`,
 * `NotFoundError`, `StorageError`); each is a `Data.TaggedError`, so the same classes are the
 * typed failures of the Effect service (`LedgerStore`).
 */
import type { Actor, Diagnostic, Ledger, LedgerEvent, LedgerEventType, Plan, Task } from "@reform/domain";
import { Data } from "effect";
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// Errors

/** Why a write was refused as a conflict. */
export type ConflictReason =
  /** `expectedVersion` is not the task's (or stream's) current version: someone else wrote first. */
  | "stale-version"
  /** An event with this id exists with different content. */
  | "duplicate-id"
  /** `expectedPlanVersion` is not the plan's current version: another import came first. */
  | "stale-plan-version";

/** A write refused because the data changed since the caller read it (HTTP 409). */
export class ConflictError extends Data.TaggedError("ConflictError")<{
  readonly reason: ConflictReason;
  readonly message: string;
  /** The stream (task id, or `indicator:<id>` for measurements without a task) or plan concerned. */
  readonly stream: string;
  /** The current version: events on the stream, or the plan's version for imports. */
  readonly currentVersion: number;
  /** The version the caller expected, when it gave one. */
  readonly expectedVersion?: number | undefined;
}> {}

/** One problem found by zod: where (path into the input) and what. */
export interface ValidationIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
  readonly code: string;
}

/** Input that does not match its schema (HTTP 422). Nothing was written. */
export class ValidationError extends Data.TaggedError("ValidationError")<{
  readonly message: string;
  readonly issues: ReadonlyArray<ValidationIssue>;
}> {}

/** A referenced plan, task, indicator or token does not exist (HTTP 404). */
export class NotFoundError extends Data.TaggedError("NotFoundError")<{
  readonly message: string;
  readonly entity: "plan" | "task" | "indicator" | "token";
  readonly id: string;
}> {}

/** The database failed (unreachable, migration failed, unexpected SQL error) (HTTP 500/503). */
export class StorageError extends Data.TaggedError("StorageError")<{
  readonly message: string;
  readonly cause?: unknown;
}> {}

/** Every error a store method can reject with. */
export type StoreError = ConflictError | ValidationError | NotFoundError | StorageError;

/** The error as a `StoreError`: store errors as they are, anything else as a `StorageError`. */
export function toStoreError(error: unknown): StoreError {
  if (
    error instanceof ConflictError ||
    error instanceof ValidationError ||
    error instanceof NotFoundError ||
    error instanceof StorageError
  ) {
    return error;
  }
  return new StorageError({ message: error instanceof Error ? error.message : String(error), cause: error });
}

// ---------------------------------------------------------------------------------------------
// Records

/** A ledger event as stored: the validated event plus its place in the log. */
export interface StoredEvent {
  /** Position in the global log (bigserial); strictly increasing in commit order per stream. */
  readonly seq: number;
  readonly planId: string;
  /** When the store recorded it (ISO instant); `event.at` is when it happened. */
  readonly recordedAt: string;
  readonly event: LedgerEvent;
}

/** Result of {@link Store.appendEvent}. */
export interface AppendResult {
  readonly stored: StoredEvent;
  /** The stream's version after the append (number of events on it). */
  readonly version: number;
  /** True when an identical event with the same id was already stored (nothing was written). */
  readonly duplicate: boolean;
}

export interface AppendOptions {
  /**
   * The stream version the caller based its write on (number of events on the task it has
   * seen). When given and not equal to the current version, the append is refused with a
   * `ConflictError` ("stale-version"). Omit it to append unconditionally.
   */
  readonly expectedVersion?: number | undefined;
  /** Plan of a measurement that names neither a task nor a stored indicator. */
  readonly planId?: string | undefined;
}

/** A task as stored: its current definition, its stream version and whether it was removed. */
export interface StoredTask {
  readonly task: Task;
  /** Number of events on the task. */
  readonly version: number;
  /** Plan version that last added or changed the task. */
  readonly planVersion: number;
  /** Set when a later import no longer contained the task (its events are kept). */
  readonly removedAt?: string | undefined;
}

/** One import of a plan: the record of a plan version. */
export interface PlanVersion {
  readonly planId: string;
  /** 1 for the first import, then +1 per commit. */
  readonly version: number;
  readonly importedAt: string;
  readonly actor: Actor;
  readonly sourceSha256?: string | undefined;
  readonly fileName?: string | undefined;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
  readonly summary: ImportSummary;
  /** Seq of the "import" entry this version added to the log. */
  readonly seq: number;
}

/** A plan with its current version and counts, for listings. */
export interface PlanSummary {
  readonly plan: Plan;
  readonly version: number;
  readonly importedAt: string;
  /** Tasks in the current version (not removed). */
  readonly taskCount: number;
  readonly indicatorCount: number;
}

// ---------------------------------------------------------------------------------------------
// Imports

/** A task present in both versions whose definition differs. */
export interface TaskChange {
  /** The stored id, which the task keeps (its events stay attached). */
  readonly id: string;
  readonly before: Task;
  readonly after: Task;
  /** Top-level Task fields that differ (e.g. "text", "deadline", "responsibility"). */
  readonly fields: ReadonlyArray<string>;
  /** How the new task was matched to the stored one. */
  readonly matchedBy: "id" | "text";
}

export interface ImportSummary {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly unchanged: number;
}

/** What committing a ledger would change, against the plan's current version. */
export interface ImportPreview {
  readonly planId: string;
  /** Current version (0 when the plan is new); pass it as `expectedPlanVersion` to commit. */
  readonly currentVersion: number;
  readonly isNew: boolean;
  /** Plan fields that differ (empty for a new plan). */
  readonly planFields: ReadonlyArray<string>;
  readonly tasks: {
    /** New tasks, with the ids they will be stored under. */
    readonly added: ReadonlyArray<Task>;
    /** Stored tasks the ledger no longer contains; they will be marked removed. */
    readonly removed: ReadonlyArray<Task>;
    readonly changed: ReadonlyArray<TaskChange>;
    /** Ids of tasks that stay as they are. */
    readonly unchanged: ReadonlyArray<string>;
  };
  readonly indicators: {
    readonly added: ReadonlyArray<string>;
    readonly removed: ReadonlyArray<string>;
    readonly changed: ReadonlyArray<string>;
  };
  readonly summary: ImportSummary;
}

export interface CommitImportOptions {
  /** The version the preview was made against; a different current version is a conflict. */
  readonly expectedPlanVersion?: number | undefined;
  readonly actor: Actor;
  readonly diagnostics?: ReadonlyArray<Diagnostic> | undefined;
  /** SHA-256 (hex) of the source bytes; defaults to `ledger.plan.source.sha256`. */
  readonly sourceSha256?: string | undefined;
  /** Source file name; defaults to `ledger.plan.source.file`. */
  readonly fileName?: string | undefined;
  /** When the import happened (ISO instant); defaults to the database clock. */
  readonly at?: string | undefined;
}

export interface CommitImportResult {
  readonly preview: ImportPreview;
  readonly version: PlanVersion;
}

// ---------------------------------------------------------------------------------------------
// Staged imports

/**
 * A document read for import and kept, until it is committed or expires, where every process on
 * the database can find it (an upload previewed through one API process may be committed through
 * another).
 */
export interface StagedImport {
  readonly id: string;
  readonly ledger: Ledger;
  /** SHA-256 (hex) of the source bytes. */
  readonly sourceSha256: string;
  readonly fileName?: string | undefined;
  /** How the document was read (format, layout…), as the caller described it. */
  readonly details: Readonly<Record<string, string>>;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
  /** ISO instants. */
  readonly stagedAt: string;
  readonly expiresAt: string;
}

export const StageImportInput = z.object({
  id: z.string().min(1).max(200),
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/, "a hex SHA-256"),
  fileName: z.string().max(1000).optional(),
  details: z.record(z.string(), z.string().max(1000)).default({}),
  /** The caller's clock: when it is staged. */
  now: z.union([z.date(), z.iso.datetime({ offset: true })]),
  /** How long it is kept (default 30 minutes). */
  ttlMs: z
    .number()
    .int()
    .positive()
    .max(7 * 24 * 3600_000)
    .default(30 * 60_000),
});
export type StageImportInput = z.input<typeof StageImportInput> & {
  readonly ledger: Ledger;
  readonly diagnostics?: ReadonlyArray<Diagnostic> | undefined;
};

// ---------------------------------------------------------------------------------------------
// Tokens

export const TokenRole = z.enum(["admin", "supervisor", "reporter", "viewer"]);
export type TokenRole = z.infer<typeof TokenRole>;

/** An API token's record. The plain token is never stored, only its SHA-256. */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: TokenRole;
  /** Units a reporter may write for (empty for other roles). */
  readonly units: ReadonlyArray<string>;
  readonly createdAt: string;
  readonly lastUsedAt?: string | undefined;
  readonly revokedAt?: string | undefined;
  /** From this instant on the token is refused; none: it does not expire. */
  readonly expiresAt?: string | undefined;
}

export const NewToken = z.object({
  name: z.string().min(1),
  role: TokenRole,
  units: z.array(z.string().min(1)).default([]),
  /** When the token stops working (an ISO instant with its offset); omitted: it does not expire. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type NewToken = z.input<typeof NewToken>;

export const TokenUpdate = z.object({
  name: z.string().min(1).optional(),
  role: TokenRole.optional(),
  units: z.array(z.string().min(1)).optional(),
});
export type TokenUpdate = z.input<typeof TokenUpdate>;

/** Verifying a token as of an instant (the caller's clock; default: now). */
export interface VerifyOptions {
  readonly now?: Date;
}

/** A created token: its record and the plain token, shown once. */
export interface CreatedToken {
  readonly token: ApiToken;
  readonly plainToken: string;
}

// ---------------------------------------------------------------------------------------------
// Queries and the change feed

export interface EventQuery {
  readonly planId?: string | undefined;
  readonly taskId?: string | undefined;
  readonly type?: LedgerEventType | undefined;
  /** Only events with `seq` greater than this (for resuming a stream). */
  readonly afterSeq?: number | undefined;
  /** At most this many (default 1000, max 10000), in `seq` order. */
  readonly limit?: number | undefined;
}

export interface MeasurementQuery {
  readonly planId?: string | undefined;
  readonly indicatorId?: string | undefined;
  readonly region?: string | undefined;
}

/** Sent to subscribers after every committed write to the log. */
export interface ChangeNotice {
  readonly seq: number;
  readonly planId: string;
  /** The task written to; null for imports and task-less measurements. */
  readonly taskId: string | null;
  /** A ledger event type, or "import" when a plan version was committed. */
  readonly type: LedgerEventType | "import";
}

export type ChangeListener = (notice: ChangeNotice) => void;

export interface TaskQuery {
  readonly planId?: string | undefined;
  /** Children of this task; null for top-level items. */
  readonly parentId?: string | null | undefined;
  readonly kind?: Task["kind"] | undefined;
  /** Tasks naming this unit (canonical name) … */
  readonly unit?: string | undefined;
  /** … in this role: "lead" (leads and co-leads), "cooperating", or "any" (default). */
  readonly role?: "lead" | "cooperating" | "any" | undefined;
  readonly theme?: string | undefined;
  /** Case-insensitive substring of the title or text. */
  readonly text?: string | undefined;
  /** Document due date on or after / on or before (YYYY-MM-DD). */
  readonly dueFrom?: string | undefined;
  readonly dueTo?: string | undefined;
  /** Include tasks removed by later imports (default false). */
  readonly includeRemoved?: boolean | undefined;
  /** Page size (default 100, max 10000) and offset. */
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export interface TaskPage {
  readonly tasks: ReadonlyArray<StoredTask>;
  /** Matching tasks without limit and offset. */
  readonly total: number;
}

/** Loaded ledger options. */
export interface LoadLedgerOptions {
  /** Include tasks removed by later imports (default false). */
  readonly includeRemoved?: boolean | undefined;
}

// ---------------------------------------------------------------------------------------------
// The store

export interface Store {
  /** Which database the store runs on. */
  readonly driver: "pglite" | "postgres";
  /** PostgreSQL schema holding the tables. */
  readonly schema: string;

  /** Plans with their current version and counts, ordered by plan id. */
  listPlans(): Promise<PlanSummary[]>;
  /** One plan with its current version; undefined when unknown. */
  getPlan(planId: string): Promise<PlanSummary | undefined>;
  /** Every import of a plan, oldest first. */
  listPlanVersions(planId: string): Promise<PlanVersion[]>;
  /** The plan's current ledger (plan, tasks in document order, indicators, units); undefined when unknown. */
  loadLedger(planId: string, options?: LoadLedgerOptions): Promise<Ledger | undefined>;
  /** One task with its stream version; undefined when unknown. */
  getTask(taskId: string): Promise<StoredTask | undefined>;
  /**
   * Tasks matching the query's stored fields (plan, parent, kind, unit and role, theme, text,
   * document due date), in plan and document order, with stream versions and the total count.
   * State and timeliness are derived from events, so filter on them after `@reform/domain`.
   */
  listTasks(query?: TaskQuery): Promise<TaskPage>;

  /**
   * Compares a ledger with its plan's current version without writing. Tasks are matched by id
   * and text: same id and text, then identical text (a renumbered task keeps its stored id), then
   * same id (a changed task). Rejects with `ValidationError` when the ledger is invalid.
   */
  previewImport(ledger: Ledger): Promise<ImportPreview>;
  /**
   * Applies a ledger as the plan's next version in one transaction: unchanged tasks keep their
   * ids and events, changed tasks are updated, missing tasks are marked removed (events kept),
   * a plan version is recorded and an "import" entry is appended to the log (and notified).
   * Rejects with `ConflictError` ("stale-plan-version") when `expectedPlanVersion` is given and
   * is not the current version.
   */
  commitImport(ledger: Ledger, options: CommitImportOptions): Promise<CommitImportResult>;
  /**
   * Keeps a document read for import under `input.id` (replacing an earlier one with that id) until
   * `now + ttlMs`, and drops what expired before `now`. Rejects with `ValidationError` when the
   * ledger or the input is invalid.
   */
  stageImport(input: StageImportInput): Promise<StagedImport>;
  /** A staged import that has not expired at `now` (the caller's clock), if any. */
  getStagedImport(id: string, now: Date | string): Promise<StagedImport | undefined>;
  /** Drops a staged import; false when there was none. */
  discardStagedImport(id: string): Promise<boolean>;

  /**
   * Validates and appends one event in a transaction, then notifies subscribers. The event's
   * stream is its task (or `indicator:<id>` for a measurement without a task). Rejects with
   * `ValidationError` (zod issues with paths), `NotFoundError` (unknown or removed task, unknown
   * plan), or `ConflictError` ("stale-version" with the current version; "duplicate-id" when the
   * id exists with different content). Re-sending an identical event returns the stored one with
   * the version its append gave (`duplicate: true`), whatever `expectedVersion` says.
   */
  appendEvent(event: unknown, options?: AppendOptions): Promise<AppendResult>;
  /**
   * The highest `seq` in the log, import entries included (0 when empty): a cheap check whether
   * anything was written since a cache was filled, by this process or another.
   */
  lastSeq(): Promise<number>;
  /**
   * The event with this id, as its append answered (`duplicate: true`): the stored event and its
   * stream's version right after it. For answering a retried write with its original result.
   */
  getEvent(id: string): Promise<AppendResult | undefined>;
  /** Ledger events (not import entries) matching the query, in `seq` order. */
  listEvents(query?: EventQuery): Promise<StoredEvent[]>;
  /** Every ledger event of a plan in `seq` order, for the domain's as-of computations. */
  eventsForPlan(planId: string): Promise<LedgerEvent[]>;
  /** Measurements (events of type "measurement") matching the query, in `seq` order. */
  listMeasurements(query?: MeasurementQuery): Promise<StoredEvent[]>;

  /** Creates a token; the plain token is returned once and only its hash is stored. */
  createToken(input: NewToken): Promise<CreatedToken>;
  /** Every token record (including revoked ones), oldest first. */
  listTokens(): Promise<ApiToken[]>;
  /** One token record; undefined when unknown. */
  getToken(id: string): Promise<ApiToken | undefined>;
  /** Changes a token's name, role or units; rejects with `NotFoundError` when unknown. */
  updateToken(id: string, update: TokenUpdate): Promise<ApiToken>;
  /** Revokes a token (idempotent); rejects with `NotFoundError` when unknown. */
  revokeToken(id: string): Promise<ApiToken>;
  /** Deletes a token record; returns false when it did not exist. */
  deleteToken(id: string): Promise<boolean>;
  /**
   * The token a plain token belongs to, when it exists and is not revoked (hashes compared in
   * constant time); records its use. Undefined otherwise.
   */
  verifyToken(plainToken: string, options?: VerifyOptions): Promise<ApiToken | undefined>;

  /**
   * Calls `listener` after every committed write to the log, from this store or any other
   * process on the same database (LISTEN/NOTIFY). Resolves once listening; the returned
   * function stops it. `onGap` is told when notices may be missed ("lost": the listening
   * connection to a PostgreSQL server dropped) and when they flow again ("resumed"); writes made
   * in between are only found by reading the log.
   */
  subscribe(listener: ChangeListener, onGap?: (state: "lost" | "resumed") => void): Promise<() => Promise<void>>;
  /** Resolves when the database answers (for readiness probes). */
  ping(): Promise<void>;
  /** Closes connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /**
   * PostgreSQL server URL. When set, the store uses a `pg` pool; otherwise embedded PGlite.
   * `openStore` defaults it to `process.env.DATABASE_URL`.
   */
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory (default `./.reform/data` relative to cwd), or "memory". */
  readonly dataDir?: string | undefined;
  /** PostgreSQL schema for the tables (default "reform"). */
  readonly schema?: string | undefined;
  /** Pool size for the server driver (default 10). */
  readonly maxConnections?: number | undefined;
}
