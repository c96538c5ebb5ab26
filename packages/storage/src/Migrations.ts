/**
 * Versioned schema migrations, applied at start-up in one transaction and recorded in
 * `schema_migrations`. A transaction-scoped advisory lock serialises concurrent start-ups on the
 * same server. The SQL avoids anything newer than PostgreSQL 15 (the server) so PGlite (18) runs
 * the same statements.
 */
import type { Sql } from "./Sql.ts";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Append only: never edit a released migration, add the next one. */
export const migrations: ReadonlyArray<Migration> = [
  {
    version: 1,
    name: "ledger",
    sql: `
CREATE TABLE plans (
  id text PRIMARY KEY,
  plan jsonb NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tasks (
  id text PRIMARY KEY,
  plan_id text NOT NULL REFERENCES plans (id),
  parent_id text,
  kind text NOT NULL,
  path text[] NOT NULL,
  position integer NOT NULL,
  lead_units text[] NOT NULL DEFAULT '{}',
  cooperating_units text[] NOT NULL DEFAULT '{}',
  themes text[] NOT NULL DEFAULT '{}',
  due_date date,
  task jsonb NOT NULL,
  plan_version integer NOT NULL,
  removed_at timestamptz
);
CREATE INDEX tasks_plan_position ON tasks (plan_id, position);
CREATE INDEX tasks_parent ON tasks (parent_id);
CREATE INDEX tasks_lead_units ON tasks USING gin (lead_units);
CREATE INDEX tasks_cooperating_units ON tasks USING gin (cooperating_units);
CREATE INDEX tasks_themes ON tasks USING gin (themes);
CREATE INDEX tasks_due_date ON tasks (due_date);

CREATE TABLE units (
  plan_id text NOT NULL REFERENCES plans (id),
  id text NOT NULL,
  name text NOT NULL,
  position integer NOT NULL,
  unit jsonb NOT NULL,
  PRIMARY KEY (plan_id, id)
);

CREATE TABLE indicators (
  plan_id text NOT NULL REFERENCES plans (id),
  id text NOT NULL,
  name text NOT NULL,
  position integer NOT NULL,
  indicator jsonb NOT NULL,
  removed_at timestamptz,
  PRIMARY KEY (plan_id, id)
);

CREATE TABLE plan_versions (
  plan_id text NOT NULL REFERENCES plans (id),
  version integer NOT NULL,
  imported_at timestamptz NOT NULL,
  actor jsonb NOT NULL,
  source_sha256 text,
  file_name text,
  diagnostics jsonb NOT NULL,
  summary jsonb NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (plan_id, version)
);

CREATE TABLE streams (
  stream text PRIMARY KEY,
  plan_id text NOT NULL REFERENCES plans (id),
  version integer NOT NULL
);

CREATE TABLE events (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  plan_id text NOT NULL REFERENCES plans (id),
  task_id text REFERENCES tasks (id),
  stream text,
  type text NOT NULL,
  at timestamptz NOT NULL,
  actor jsonb NOT NULL,
  payload jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_plan_seq ON events (plan_id, seq);
CREATE INDEX events_task_seq ON events (task_id, seq);
CREATE INDEX events_type_seq ON events (type, seq);

CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'reporter', 'viewer')),
  units text[] NOT NULL DEFAULT '{}',
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
`,
  },
  {
    version: 2,
    name: "staged imports",
    sql: `
CREATE TABLE staged_imports (
  id text PRIMARY KEY,
  staged_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  source_sha256 text NOT NULL,
  file_name text,
  details jsonb NOT NULL,
  diagnostics jsonb NOT NULL,
  ledger jsonb NOT NULL
);
CREATE INDEX staged_imports_expires ON staged_imports (expires_at);
`,
  },
  {
    version: 3,
    name: "token expiry",
    sql: `
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
`,
  },
];

/**
 * Creates the schema if needed and applies the migrations not yet recorded, in one transaction
 * under an advisory lock keyed by the schema name. Returns the versions it applied.
 */
export async function migrate(sql: Sql, schema: string): Promise<number[]> {
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`reform-migrate:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const rows = await tx.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`);
    const applied = new Set(rows.map((row) => row.version));
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.query(`SET LOCAL search_path TO ${schema}`);
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}

/** Splits a migration into statements (they contain no semicolons inside literals or bodies). */
function splitStatements(text: string): string[] {
  return text
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
