/** Database rows and their mapping to the store's records (timestamps become ISO strings). */
import type { Actor, Diagnostic, Ledger, LedgerEvent, Plan, Task } from "@reform/domain";
import type { ApiToken, PlanSummary, PlanVersion, StagedImport, StoredEvent, StoredTask } from "./Store.ts";

export interface PlanRow {
  plan: Plan;
  version: number;
  updated_at: Date | string;
  task_count: number;
  indicator_count: number;
}
export interface TaskRow {
  task: Task;
  plan_version: number;
  removed_at: Date | string | null;
  version: number;
}
export interface EventRow {
  seq: number | string;
  plan_id: string;
  recorded_at: Date | string;
  payload: LedgerEvent;
}
export interface VersionRow {
  plan_id: string;
  version: number;
  imported_at: Date | string;
  actor: Actor;
  source_sha256: string | null;
  file_name: string | null;
  diagnostics: PlanVersion["diagnostics"];
  summary: PlanVersion["summary"];
  seq: number | string;
}
export interface TokenRow {
  id: string;
  name: string;
  role: ApiToken["role"];
  units: string[];
  token_hash: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
  expires_at: Date | string | null;
}

export const PLAN_COLUMNS = `p.plan, p.version, p.updated_at,
  (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id AND t.removed_at IS NULL)::int AS task_count,
  (SELECT count(*) FROM indicators i WHERE i.plan_id = p.id AND i.removed_at IS NULL)::int AS indicator_count`;
export const EVENT_COLUMNS = "seq, plan_id, recorded_at, payload";
export const TOKEN_COLUMNS = "id, name, role, units, token_hash, created_at, last_used_at, revoked_at, expires_at";

export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoOrUndefined(value: Date | string | null): string | undefined {
  return value === null ? undefined : iso(value);
}

export function toPlanSummary(row: PlanRow): PlanSummary {
  return {
    plan: row.plan,
    version: row.version,
    importedAt: iso(row.updated_at),
    taskCount: row.task_count,
    indicatorCount: row.indicator_count,
  };
}

export function toPlanVersion(row: VersionRow): PlanVersion {
  return {
    planId: row.plan_id,
    version: row.version,
    importedAt: iso(row.imported_at),
    actor: row.actor,
    sourceSha256: row.source_sha256 ?? undefined,
    fileName: row.file_name ?? undefined,
    diagnostics: row.diagnostics,
    summary: row.summary,
    seq: Number(row.seq),
  };
}

export function toStoredTask(row: TaskRow): StoredTask {
  return {
    task: row.task,
    version: Number(row.version),
    planVersion: row.plan_version,
    removedAt: isoOrUndefined(row.removed_at),
  };
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return { seq: Number(row.seq), planId: row.plan_id, recordedAt: iso(row.recorded_at), event: row.payload };
}

export function toApiToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    units: row.units,
    createdAt: iso(row.created_at),
    lastUsedAt: isoOrUndefined(row.last_used_at),
    revokedAt: isoOrUndefined(row.revoked_at),
    expiresAt: isoOrUndefined(row.expires_at),
  };
}

export const STAGED_COLUMNS = "id, staged_at, expires_at, source_sha256, file_name, details, diagnostics, ledger";

export interface StagedRow {
  id: string;
  staged_at: Date | string;
  expires_at: Date | string;
  source_sha256: string;
  file_name: string | null;
  details: Record<string, string>;
  diagnostics: Diagnostic[];
  ledger: Ledger;
}

export function toStagedImport(row: StagedRow): StagedImport {
  return {
    id: row.id,
    ledger: row.ledger,
    sourceSha256: row.source_sha256,
    ...(row.file_name !== null ? { fileName: row.file_name } : {}),
    details: row.details,
    diagnostics: row.diagnostics,
    stagedAt: iso(row.staged_at),
    expiresAt: iso(row.expires_at),
  };
}
