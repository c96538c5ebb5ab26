/**
 * @reform/ingest — read reform documents (text, XLSX, CSV) into a typed ledger with diagnostics.
 */
export * from "./Diagnostic.ts";
export * from "./Decode.ts";
export * from "./Import.ts";
export * from "./Themes.ts";
export { LAYOUTS, type LayoutKind } from "./Layout.ts";
export * from "./spreadsheet/index.ts";
export * from "./LedgerJson.ts";
