/**
 * @reform/storage — the reform ledger on PostgreSQL: embedded PGlite by default, a PostgreSQL
 * server when `DATABASE_URL` is set.
 */
export * from "./Store.ts";
