/** Spreadsheet ledgers: XLSX and CSV export and import, lossless for every ledger field. */
export { exportCsv, formatCsv, importCsv, parseCsv } from "./Csv.ts";
export type { SpreadsheetImportOptions, SpreadsheetImportResult, SpreadsheetLayout } from "./Workbook.ts";
export { exportXlsx, importXlsx } from "./Xlsx.ts";
