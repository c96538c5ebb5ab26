/**
 * XLSX ledgers through ExcelJS: one worksheet per table (任务台账, 台账信息, 监测指标, 责任单位).
 *
 * Cell text is stored exactly: characters XML cannot hold (CR, control characters) are written
 * as OOXML `_xHHHH_` escapes, and a literal `_xHHHH_` in the text is protected as `_x005F_xHHHH_`,
 * the way Excel itself does, so every string reads back unchanged.
 */
import ExcelJS from "exceljs";
import type { Ledger } from "@reform/domain";
import type { RawSheet, TableRow } from "./Table.ts";
import {
  DEFAULT_MAX_ROWS,
  failure,
  ledgerToSheets,
  type SpreadsheetImportOptions,
  type SpreadsheetImportResult,
  sheetsToLedger,
} from "./Workbook.ts";
import { checkZipLimits, DEFAULT_ZIP_LIMITS } from "./ZipLimits.ts";

/** Largest XLSX file read (bytes); larger files are refused before unzipping. */
export const MAX_XLSX_BYTES = 64 * 1024 * 1024;

const hex4 = (code: number) => code.toString(16).toUpperCase().padStart(4, "0");

/** Escapes text for an OOXML string cell so it reads back unchanged. */
export function escapeCellText(text: string): string {
  return text
    .replace(/_(?=x[0-9a-fA-F]{4}_)/g, "_x005F_")
    .replace(/[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `_x${hex4(c.charCodeAt(0))}_`);
}

const WIDTHS: Record<string, number> = {
  工作任务: 24,
  具体内容: 28,
  推进措施: 48,
  完成时限: 14,
  牵头部门: 18,
  配合部门: 22,
};

/** Writes a ledger as an XLSX workbook. */
export async function exportXlsx(ledger: Ledger): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "@reform/ingest";
  for (const sheet of ledgerToSheets(ledger)) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: 1 }] });
    for (const row of sheet.rows) ws.addRow(row.map(escapeCellText));
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: "middle", wrapText: true };
    (sheet.rows[0] ?? []).forEach((h, i) => {
      ws.getColumn(i + 1).width = WIDTHS[h] ?? Math.min(40, Math.max(10, h.length * 2 + 2));
      if (WIDTHS[h]) ws.getColumn(i + 1).alignment = { vertical: "top", wrapText: true };
    });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A cell's value as text: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) {
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const time = value.getUTCHours() * 3600 + value.getUTCMinutes() * 60 + value.getUTCSeconds();
    return time === 0 ? date : `${date} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
  }
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    return "result" in value && value.result !== undefined ? cellText(value.result as ExcelJS.CellValue) : "";
  }
  if ("hyperlink" in value)
    return typeof value.text === "string" ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ("error" in value) return String(value.error);
  return "";
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function isOle(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

/** Reads an XLSX ledger (or a task table typed in Excel). Never throws. */
export async function importXlsx(
  bytes: Uint8Array,
  options: SpreadsheetImportOptions = {},
): Promise<SpreadsheetImportResult> {
  if (bytes.length === 0) return failure("empty", "XLSX 文件是空的");
  if (isOle(bytes)) return failure("xls-unsupported", "这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入");
  if (!isZip(bytes)) return failure("not-xlsx", "文件不是 XLSX 格式（XLSX 是 zip 压缩包）");
  if (bytes.length > MAX_XLSX_BYTES) {
    return failure("too-large", `XLSX 文件有 ${bytes.length} 字节，超过上限 ${MAX_XLSX_BYTES} 字节`);
  }
  // Zip bombs: declared sizes, then each worksheet inflated under a cap, rows and cells counted.
  const limited = checkZipLimits(bytes, {
    ...DEFAULT_ZIP_LIMITS,
    ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
  });
  if (limited) return failure(limited.code, limited.message);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    return failure("xlsx-unreadable", `无法读取 XLSX 文件：${e instanceof Error ? e.message : String(e)}`);
  }
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const sheets: RawSheet[] = [];
  for (const ws of workbook.worksheets) {
    if (ws.rowCount > maxRows) {
      return failure("too-many-rows", `工作表“${ws.name}”有 ${ws.rowCount} 行，超过上限 ${maxRows} 行`);
    }
    const rows: TableRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
      rows.push({ cells, line });
    });
    sheets.push({ name: ws.name, rows });
  }
  return sheetsToLedger(sheets, "xlsx", options);
}
