/**
 * @reform/ingest — read reform documents (text, XLSX, CSV) into a typed ledger with diagnostics.
 */
export * from "./Diagnostic.ts";
