/**
 * What the store's modules share: the connection, the names derived from the schema (the change
 * channel, the log lock), the error guard and read snapshots.
 */
import type { Sql, SqlQuery } from "../Sql.ts";
import { toStoreError } from "../Store.ts";

/** The store's connection and the names derived from its schema. */
export interface Db {
  readonly sql: Sql;
  /** LISTEN/NOTIFY channel of change notices. */
  readonly channel: string;
  /** Key of the transaction-scoped advisory lock every write takes first. */
  readonly logLock: string;
}

/** The store's {@link Db} for a schema. */
export function dbFor(sql: Sql, schema: string): Db {
  return { sql, channel: `${schema}_changes`, logLock: `reform-log:${schema}` };
}

/** Runs a store operation, turning unexpected failures into `StorageError`. */
export async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toStoreError(error);
  }
}

/** Runs reads on one snapshot, so they see a single committed state. */
export function readSnapshot<T>(db: Db, fn: (tx: SqlQuery) => Promise<T>): Promise<T> {
  return db.sql.transaction(async (tx) => {
    await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    return fn(tx);
  });
}

export function ping(db: Db): Promise<void> {
  return guard(async () => {
    await db.sql.query("SELECT 1");
  });
}

export function close(db: Db): Promise<void> {
  return guard(() => db.sql.close());
}
