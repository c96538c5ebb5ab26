/**
 * The format-neutral shape of a spreadsheet ledger: named tables of string cells. XLSX files carry
 * one table per worksheet; CSV files carry them as sections (see `Csv.ts`). The ledger codec
 * (`Workbook.ts`) only ever sees these tables, so both formats read and write the same columns.
 */
import type { Diagnostic, DiagnosticCode } from "../Diagnostic.ts";

/** One row of cells and the 1-based row (XLSX) or line (CSV) it was read from. */
export interface TableRow {
  cells: string[];
  line: number;
}

/** A table: its name, its header row and its data rows. */
export interface Table {
  name: string;
  header: TableRow;
  rows: TableRow[];
}

/** A sheet as read from a file: its name and its non-empty rows, before a header is chosen. */
export interface RawSheet {
  name: string;
  rows: TableRow[];
}

/** Table names used on export (and looked for first on import). */
export const SHEET = {
  tasks: "任务台账",
  plan: "台账信息",
  indicators: "监测指标",
  units: "责任单位",
} as const;

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Where a cell is, for messages: "任务台账 第5行 G列（完成时限）". */
export function cellPlace(table: string, line: number, column?: { index: number; header: string }): string {
  const col = column ? ` ${columnLetter(column.index)}列（${column.header}）` : "";
  return `${table} 第${line}行${col}`;
}

/** A diagnostic about a cell or row of a table. */
export function cellDiagnostic(
  severity: Diagnostic["severity"],
  code: DiagnosticCode,
  table: string,
  line: number,
  message: string,
  column?: { index: number; header: string },
  text?: string,
): Diagnostic {
  return {
    severity,
    code,
    line,
    message: `${cellPlace(table, line, column)}: ${message}`,
    ...(text !== undefined && text !== "" ? { text: text.length > 80 ? `${text.slice(0, 79)}…` : text } : {}),
  };
}
