/**
 * @reform/storage — the reform ledger on PostgreSQL: embedded PGlite by default, a PostgreSQL
 * server when `DATABASE_URL` is set.
 */
export * from "./ImportDiff.ts";
export {
  LedgerReader,
  type LedgerReaderOptions,
  type PlanData,
  planSources,
  type Snapshot,
  unitsOf,
  type View,
} from "./LedgerReader.ts";
export * from "./LedgerStore.ts";
export { type Migration, migrations } from "./Migrations.ts";
export { DEFAULT_SCHEMA, openStore } from "./SqlStore.ts";
export * from "./Store.ts";
