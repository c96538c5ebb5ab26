/**
 * CSV ledgers.
 *
 * Files are RFC 4180: CRLF between records, fields quoted when they hold a comma, a quote, a
 * line break or edge spaces, quotes doubled. Export writes UTF-8 with a BOM so Excel opens it
 * as UTF-8. Import accepts UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK; a
 * header with more tabs than commas is read as tab-separated.
 *
 * One CSV file holds the whole ledger. Rows whose first cell is `#<表名>` belong to that side
 * table and come first: `#台账信息` rows (项目, 内容) carry the plan metadata, `#监测指标` rows
 * the indicators and `#责任单位` rows the units; the first row of each side table is its header.
 * All other rows are the task table, header first. A CSV without `#` rows is a plain task table.
 */
import type { Ledger } from "@reform/domain";
import { cellDiagnostic, type RawSheet, SHEET, type TableRow } from "./Table.ts";
import {
  failure,
  ledgerToSheets,
  type SpreadsheetImportOptions,
  type SpreadsheetImportResult,
  sheetsToLedger,
} from "./Workbook.ts";
import { decodeDocument } from "../Decode.ts";
import type { Diagnostic } from "../Diagnostic.ts";

const BOM = "\uFEFF";
const SIDE_PREFIX = "#";

function quote(field: string, separator: string): string {
  const needs = field.includes(separator) || /["\r\n]/.test(field) || /^\s|\s$/.test(field);
  return needs ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Serialises rows as RFC 4180 CSV, each record ending with CRLF. */
export function formatCsv(rows: readonly (readonly string[])[], separator = ","): string {
  return rows.map((row) => `${row.map((f) => quote(f, separator)).join(separator)}\r\n`).join("");
}

/** CSV records, each with its 1-based row number as Excel shows it, and problems met. */
export interface ParsedCsv {
  rows: TableRow[];
  diagnostics: Diagnostic[];
}

/**
 * Parses RFC 4180 CSV leniently: a stray quote inside an unquoted field is kept as text. Blank
 * records are dropped but counted, so row numbers match the rows Excel shows for the file.
 */
export function parseCsv(text: string, separator = ",", name = "CSV"): ParsedCsv {
  const rows: TableRow[] = [];
  const diagnostics: Diagnostic[] = [];
  let cells: string[] = [];
  let field = "";
  let record = 1;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    cells.push(field);
    field = "";
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    if (!(cells.length === 1 && cells[0] === "")) rows.push({ cells, line: record });
    cells = [];
    record++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === separator) endField();
    else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) {
    diagnostics.push(
      cellDiagnostic("warning", "csv-unterminated-quote", name, record, "引号没有闭合，读到文件末尾为止"),
    );
  }
  if (field !== "" || cells.length > 0) endRow();
  return { rows, diagnostics };
}

/** Writes a ledger as one CSV file (UTF-8 with BOM; side tables first as `#表名` rows). */
export function exportCsv(ledger: Ledger): string {
  const [tasks, ...side] = ledgerToSheets(ledger);
  const rows: string[][] = [];
  for (const sheet of side) {
    if (sheet.name !== SHEET.plan && sheet.rows.length <= 1) continue;
    for (const row of sheet.rows) rows.push([`${SIDE_PREFIX}${sheet.name}`, ...row]);
  }
  rows.push(...tasks!.rows);
  return BOM + formatCsv(rows);
}

/** Splits CSV records into side tables (`#表名` rows) and the task table. */
function sheetsOf(rows: readonly TableRow[]): RawSheet[] {
  const side = new Map<string, TableRow[]>();
  const tasks: TableRow[] = [];
  for (const row of rows) {
    const first = row.cells[0] ?? "";
    if (first.startsWith(SIDE_PREFIX) && first.length > 1) {
      const name = first.slice(1).trim();
      const list = side.get(name) ?? [];
      list.push({ cells: row.cells.slice(1), line: row.line });
      side.set(name, list);
    } else tasks.push(row);
  }
  return [{ name: SHEET.tasks, rows: tasks }, ...[...side].map(([name, list]) => ({ name, rows: list }))];
}

/** Reads a CSV ledger (text, or bytes in UTF-8/GB18030). Never throws. */
export function importCsv(input: string | Uint8Array, options: SpreadsheetImportOptions = {}): SpreadsheetImportResult {
  let text: string;
  if (typeof input === "string") text = input.startsWith(BOM) ? input.slice(1) : input;
  else {
    const decoded = decodeDocument(input);
    if (!decoded.ok) return failure(decoded.error.code, decoded.error.message);
    text = decoded.value.text;
  }
  if (text.trim() === "") return failure("empty", "CSV 文件是空的");
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? "\t" : ",";
  const parsed = parseCsv(text, separator, SHEET.tasks);
  const result = sheetsToLedger(sheetsOf(parsed.rows), "csv", options);
  return { ...result, diagnostics: [...parsed.diagnostics, ...result.diagnostics] };
}
