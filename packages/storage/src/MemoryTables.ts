/**
 * An in-memory PGlite database ("memory") keeps no write-ahead log for the store's tables. The log
 * exists to recover a database after a crash, and nothing of an in-memory database outlives its
 * process: there every row was written twice, once into the log, whose 16 MB segment files are
 * fresh memory each (≈130 MB of log for a 100,000-task import, 20–30% of its time). Making the
 * tables UNLOGGED leaves transactions as they are (a rolled-back import leaves nothing; readers
 * see only committed rows), since PostgreSQL keeps those through its commit log and row versions,
 * not the write-ahead log. A database in a data directory or on a server keeps its log.
 */
import type { Sql } from "./Sql.ts";

/**
 * Makes every table of `schema` UNLOGGED (with their indexes and sequences), tables referenced by
 * foreign keys after the tables that reference them (a logged table may not reference an unlogged
 * one). Meant for a newly made in-memory database, right after its migrations: the tables are
 * empty, so each change is immediate.
 */
export async function unlogTables(sql: Sql, schema: string): Promise<void> {
  const tables = await sql.query<{ name: string; persistence: string }>(
    `SELECT c.relname AS name, c.relpersistence AS persistence
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    [schema],
  );
  const references = await sql.query<{ from: string; to: string }>(
    `SELECT f.relname AS "from", t.relname AS "to"
       FROM pg_constraint k
       JOIN pg_class f ON f.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE k.contype = 'f' AND n.nspname = $1 AND k.conrelid <> k.confrelid`,
    [schema],
  );
  const logged = new Set(tables.filter((t) => t.persistence === "p").map((t) => t.name));
  while (logged.size > 0) {
    // A table no logged table references (but itself) can go now.
    const ready = [...logged].filter((name) => !references.some((r) => r.to === name && logged.has(r.from)));
    if (ready.length === 0) throw new Error(`cannot unlog the tables of ${schema}: their foreign keys form a cycle`);
    for (const name of ready) {
      await sql.query(`ALTER TABLE ${quote(schema)}.${quote(name)} SET UNLOGGED`);
      logged.delete(name);
    }
  }
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;
