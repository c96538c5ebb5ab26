/**
 * A ledger as sheets and back, independent of the file format: the task table (任务台账), the
 * plan (台账信息), indicators (监测指标) and units (责任单位).
 */
import { Ledger, type Plan, planYear } from "@reform/domain";
import { regionLevel } from "../Metadata.ts";
import type { Diagnostic, DiagnosticCode } from "../Diagnostic.ts";
import { mapHeader, TASK_COLUMNS } from "./Columns.ts";
import {
  readIndicatorTable,
  readPlanTable,
  readUnitTable,
  writeIndicatorTable,
  writePlanTable,
  writeUnitTable,
} from "./PlanTables.ts";
import { cellDiagnostic, type RawSheet, SHEET, type Table } from "./Table.ts";
import { readTaskTable, writeTaskTable } from "./TaskTable.ts";

/** How top-level tasks are written: `parentId: null`. */
const TOP_PARENT = null;

/** Options for reading a spreadsheet ledger. */
export interface SpreadsheetImportOptions {
  /** Source file name: default plan id and title when the file has no 台账信息 sheet. */
  fileName?: string;
  /** Issue date YYYY-MM-DD; overrides the sheet's 印发日期. */
  issued?: string;
  /** Region name (吉林省, 萍乡市); overrides the sheet's 地区. */
  region?: string;
  /** Largest number of rows read from one sheet (default 100 000). */
  maxRows?: number;
}

/** What reading a spreadsheet gives: a ledger with diagnostics, or an error and diagnostics. */
export type SpreadsheetImportResult =
  | { ok: true; ledger: Ledger; diagnostics: Diagnostic[]; layout: SpreadsheetLayout }
  | { ok: false; error: { code: DiagnosticCode; message: string }; diagnostics: Diagnostic[] };

/** `<format>-ledger`: a file this package wrote (rows are task nodes); `<format>-table`: typed by hand. */
export type SpreadsheetLayout = "xlsx-ledger" | "xlsx-table" | "csv-ledger" | "csv-table";

export const DEFAULT_MAX_ROWS = 100_000;

/** A named table of rows, header first, as written to a sheet. */
export interface SheetOut {
  name: string;
  rows: string[][];
}

/** The sheets of a ledger, task table first. */
export function ledgerToSheets(ledger: Ledger): SheetOut[] {
  const year = planYear(ledger.plan);
  const tasks = writeTaskTable(ledger.tasks, {
    planId: ledger.plan.id,
    topParent: TOP_PARENT,
    units: ledger.units,
    deadline: { ...(year ? { year } : {}), ...(ledger.plan.issuedOn ? { issuedOn: ledger.plan.issuedOn } : {}) },
  });
  return [
    { name: SHEET.tasks, rows: tasks },
    { name: SHEET.plan, rows: writePlanTable(ledger.plan) },
    { name: SHEET.indicators, rows: writeIndicatorTable(ledger.indicators) },
    { name: SHEET.units, rows: writeUnitTable(ledger.units) },
  ];
}

/** An error result. */
export function failure(
  code: DiagnosticCode,
  message: string,
  diagnostics: Diagnostic[] = [],
): SpreadsheetImportResult {
  return { ok: false, error: { code, message }, diagnostics: [...diagnostics, { severity: "error", code, message }] };
}

const TEXT_COLUMNS = ["section", "subsection", "task"] as const;

/** The header row of a task sheet: the first of its first rows naming a text column and another. */
function findTaskHeader(sheet: RawSheet): number | undefined {
  for (let i = 0; i < Math.min(sheet.rows.length, 10); i++) {
    const known = mapHeader(sheet.rows[i]!.cells, TASK_COLUMNS).known;
    if (TEXT_COLUMNS.some((c) => known[c] !== undefined) && Object.keys(known).length >= 2) return i;
  }
  return undefined;
}

function tableOf(sheet: RawSheet, headerIndex = 0): Table | undefined {
  const header = sheet.rows[headerIndex];
  return header ? { name: sheet.name, header, rows: sheet.rows.slice(headerIndex + 1) } : undefined;
}

function slug(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
  return base.replace(/[^\p{L}\p{N}_-]+/gu, "-").replace(/^-+|-+$/g, "") || "ledger";
}

/** Reads a ledger from a file's sheets. Never throws. */
export function sheetsToLedger(
  sheets: readonly RawSheet[],
  format: "xlsx" | "csv",
  options: SpreadsheetImportOptions = {},
): SpreadsheetImportResult {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const big = sheets.find((s) => s.rows.length > maxRows);
  if (big) {
    return failure(
      "too-many-rows",
      `工作表“${big.name}”有 ${big.rows.length} 行，超过上限 ${maxRows} 行（可用 maxRows 调整）`,
    );
  }
  const named = (name: string) => sheets.find((s) => s.name === name);
  let taskSheet = named(SHEET.tasks);
  let headerIndex = taskSheet ? findTaskHeader(taskSheet) : undefined;
  if (headerIndex === undefined) {
    taskSheet = sheets.find((s) => findTaskHeader(s) !== undefined);
    headerIndex = taskSheet ? findTaskHeader(taskSheet) : undefined;
  }
  if (!taskSheet || headerIndex === undefined) {
    const first = sheets.find((s) => s.rows.length > 0);
    if (!first) return failure("empty", "表格中没有任何内容");
    const at = first.rows[0]!;
    return failure(
      "missing-header",
      "找不到任务表头：需要“工作任务”“具体内容”“推进措施”之一，以及“完成时限”“牵头部门”等列",
      [
        cellDiagnostic(
          "error",
          "missing-header",
          first.name,
          at.line,
          `表头应包含“推进措施”（或“工作任务”“具体内容”）和“牵头部门”“完成时限”等列，实际为：${at.cells.filter((c) => c.trim() !== "").join("、")}`,
        ),
      ],
    );
  }
  const diagnostics: Diagnostic[] = [];
  const titleAbove = taskSheet.rows
    .slice(0, headerIndex)
    .flatMap((r) => r.cells)
    .find((c) => c.trim().length >= 4);
  const base = options.fileName ? options.fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "") : undefined;
  const defaults: Plan = {
    id: slug(options.fileName ?? "ledger"),
    title: titleAbove?.trim() || base || "未命名台账",
    source: { format, ...(options.fileName ? { file: options.fileName.replace(/^.*[\\/]/, "") } : {}) },
  };
  const planTable = named(SHEET.plan);
  const planRead = readPlanTable(planTable ? tableOf(planTable) : undefined, defaults);
  diagnostics.push(...planRead.diagnostics);
  let plan = planRead.plan;
  if (options.issued) plan = { ...plan, issuedOn: options.issued, year: Number(options.issued.slice(0, 4)) };
  if (options.region) plan = { ...plan, region: { name: options.region, level: regionLevel(options.region) } };

  const unitSheet = named(SHEET.units);
  const units = unitSheet ? readUnitTable(tableOf(unitSheet)!) : { records: [], diagnostics: [] };
  diagnostics.push(...units.diagnostics);
  const indicatorSheet = named(SHEET.indicators);
  const indicators = indicatorSheet ? readIndicatorTable(tableOf(indicatorSheet)!) : { records: [], diagnostics: [] };
  diagnostics.push(...indicators.diagnostics);

  const year = planYear(plan);
  const deadlineContext = { ...(year ? { year } : {}), ...(plan.issuedOn ? { issuedOn: plan.issuedOn } : {}) };
  const read = readTaskTable(tableOf(taskSheet, headerIndex)!, {
    planId: plan.id,
    topParent: TOP_PARENT,
    units: units.records,
    deadline: deadlineContext,
  });
  diagnostics.push(...read.diagnostics);
  // A ledger this package wrote may have no tasks yet; a table typed by hand without rows is empty.
  if (read.tasks.length === 0 && !planRead.fromTable) {
    return failure("empty", `工作表“${taskSheet.name}”中没有任务行`, diagnostics);
  }
  if (read.mode === "table" && !planRead.fromTable) {
    diagnostics.push({
      severity: "info",
      code: "plan-defaulted",
      message: `表格没有“${SHEET.plan}”工作表，计划标题取自${titleAbove ? "表头上方的标题行" : "文件名"}`,
    });
  }
  const ledger = Ledger.safeParse({ plan, tasks: read.tasks, indicators: indicators.records, units: units.records });
  if (!ledger.success) {
    return failure(
      "ledger-invalid",
      ledger.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("；"),
      diagnostics,
    );
  }
  return { ok: true, ledger: ledger.data, diagnostics, layout: `${format}-${read.mode}` };
}
