/**
 * The ledger's other tables: 台账信息 (the plan, one field a row), 监测指标 (indicators) and
 * 责任单位 (the unit registry), each lossless through the same residue mechanism as tasks.
 */
import {
  DepartmentKind,
  Direction,
  Frequency,
  Indicator,
  isValidIsoDate,
  Plan,
  PlanSource,
  type Region,
  type RegionLevel,
  ResponsibleUnit,
  UnitKind,
} from "@reform/domain";
import type { z } from "zod";
import type { Diagnostic } from "../Diagnostic.ts";
import { regionLevel } from "../Metadata.ts";
import { decodeList, encodeList } from "./Cells.ts";
import { type ColumnSpec, mapHeader } from "./Columns.ts";
import {
  type FieldCodec,
  field,
  mapCells,
  parseResidue,
  type RowCells,
  readRecord,
  renderRecord,
  residueOf,
} from "./RecordCodec.ts";
import { cellDiagnostic, type Table } from "./Table.ts";

const LEVEL_LABEL: Record<RegionLevel, string> = { national: "国家", province: "省级", city: "市级", county: "县级" };
const DIRECTION_LABEL: Record<Direction, string> = { higher: "越高越好", lower: "越低越好" };
const FREQUENCY_LABEL: Record<Frequency, string> = {
  yearly: "每年",
  "half-yearly": "每半年",
  quarterly: "每季度",
  monthly: "每月",
};

/** Reads a label column: the Chinese label or the English value. */
function enumField<T, C extends string, K extends keyof T & string, V extends string>(
  key: K,
  column: C,
  labels: Record<V, string>,
  schema: z.ZodType<V>,
  fallback?: V,
): FieldCodec<T, C> {
  const byLabel = new Map(Object.entries(labels).map(([v, l]) => [l as string, v as V]));
  return field<T, C, K>({
    key,
    columns: [column],
    render: (r) => {
      const v = r[key] as V | undefined;
      return { [column]: v === undefined ? "" : labels[v] } as Partial<Record<C, string>>;
    },
    read: (cells) => {
      const text = cells.get(column).trim();
      if (text === "") return fallback as T[K] | undefined;
      const v = byLabel.get(text) ?? (schema.safeParse(text).success ? (text as V) : undefined);
      if (v === undefined) cells.report("warning", "cell-invalid", column, `未知的取值“${text}”`);
      return (v ?? fallback) as T[K] | undefined;
    },
  });
}

function textField<T, C extends string, K extends keyof T & string>(key: K, column: C, required = false) {
  return field<T, C, K>({
    key,
    columns: [column],
    render: (r) => ({ [column]: (r[key] as string | undefined) ?? "" }) as Partial<Record<C, string>>,
    read: (cells) => (cells.get(column) === "" && !required ? undefined : cells.get(column)) as T[K] | undefined,
  });
}

function numberField<T, C extends string, K extends keyof T & string>(key: K, column: C, what: string) {
  return field<T, C, K>({
    key,
    columns: [column],
    render: (r) => ({ [column]: r[key] === undefined ? "" : String(r[key]) }) as Partial<Record<C, string>>,
    read: (cells) => {
      const text = cells.get(column).trim();
      if (text === "") return undefined;
      const n = Number(text);
      if (Number.isInteger(n)) return n as T[K];
      cells.report("warning", "cell-invalid", column, `“${text}”不是有效的${what}`);
      return undefined;
    },
  });
}

function dateField<T, C extends string, K extends keyof T & string>(key: K, column: C) {
  return field<T, C, K>({
    key,
    columns: [column],
    render: (r) => ({ [column]: (r[key] as string | undefined) ?? "" }) as Partial<Record<C, string>>,
    read: (cells) => {
      const text = cells.get(column).trim();
      if (text === "") return undefined;
      if (isValidIsoDate(text)) return text as T[K];
      cells.report("error", "date-invalid", column, `“${text}”不是有效日期（应为 YYYY-MM-DD），已忽略`);
      return undefined;
    },
  });
}

function listField<T, C extends string, K extends keyof T & string>(key: K, column: C) {
  return field<T, C, K>({
    key,
    columns: [column],
    render: (r) => ({ [column]: encodeList((r[key] as string[] | undefined) ?? []) }) as Partial<Record<C, string>>,
    read: (cells) => decodeList(cells.get(column)) as T[K],
  });
}

function regionField<T extends { region?: Region | undefined }, C extends string>(name: C, level: C) {
  return field<T, C, "region">({
    key: "region",
    columns: [name, level],
    render: (r) =>
      ({ [name]: r.region?.name ?? "", [level]: r.region ? LEVEL_LABEL[r.region.level] : "" }) as Partial<
        Record<C, string>
      >,
    read: (cells) => {
      const regionName = cells.get(name).trim();
      if (regionName === "") return undefined;
      const levelText = cells.get(level).trim();
      const found = (Object.entries(LEVEL_LABEL) as [RegionLevel, string][]).find(
        ([v, l]) => l === levelText || v === levelText,
      )?.[0];
      if (levelText !== "" && !found) cells.report("warning", "cell-invalid", level, `未知的地区层级“${levelText}”`);
      return { name: regionName, level: found ?? regionLevel(regionName) } as T["region"];
    },
  });
}

// ---- 台账信息 (plan) -------------------------------------------------------------------------

const PLAN_COLUMNS = {
  id: { header: "计划ID" },
  title: { header: "标题", synonyms: ["文件标题", "计划名称", "名称"] },
  issuer: { header: "发文机关", synonyms: ["印发单位", "发文单位"] },
  docNumber: { header: "文号", synonyms: ["发文字号"] },
  issuedOn: { header: "印发日期", synonyms: ["发文日期", "成文日期"] },
  region: { header: "地区" },
  regionLevel: { header: "地区层级" },
  year: { header: "计划年度", synonyms: ["年度"] },
  startsOn: { header: "起始日期" },
  sourceFile: { header: "来源文件" },
  sourceFormat: { header: "来源格式" },
  sourceEncoding: { header: "来源编码" },
  sourceSha256: { header: "来源SHA256" },
  residue: { header: "结构化数据" },
} as const satisfies Record<string, ColumnSpec>;
type PlanColumn = keyof typeof PLAN_COLUMNS;

const sourceKeys = {
  sourceFile: "file",
  sourceFormat: "format",
  sourceEncoding: "encoding",
  sourceSha256: "sha256",
} as const;

const PLAN_FIELDS: FieldCodec<Plan, PlanColumn>[] = [
  // An empty id or title falls back to the defaults (file name, title row).
  textField("id", "id"),
  textField("title", "title"),
  textField("issuer", "issuer"),
  textField("docNumber", "docNumber"),
  dateField("issuedOn", "issuedOn"),
  regionField<Plan, PlanColumn>("region", "regionLevel"),
  numberField("year", "year", "年份"),
  dateField("startsOn", "startsOn"),
  field<Plan, PlanColumn, "source">({
    key: "source",
    columns: Object.keys(sourceKeys) as PlanColumn[],
    render: (p) =>
      Object.fromEntries(Object.entries(sourceKeys).map(([c, k]) => [c, p.source[k] ?? ""])) as Partial<
        Record<PlanColumn, string>
      >,
    read: (cells) => {
      const source: Record<string, string> = {};
      for (const [c, k] of Object.entries(sourceKeys) as [PlanColumn, string][]) {
        const v = cells.get(c);
        if (v !== "") source[k] = v;
      }
      const parsed = PlanSource.safeParse(source);
      if (!parsed.success) cells.report("warning", "cell-invalid", "sourceFormat", "来源格式应为 text/xlsx/csv/json");
      return parsed.success ? parsed.data : {};
    },
  }),
];

/** Writes the plan as a two-column table: 项目 / 内容. */
export function writePlanTable(plan: Plan): string[][] {
  const cells: Partial<Record<PlanColumn, string>> = renderRecord(plan, PLAN_FIELDS);
  const residue = residueOf(plan, PLAN_FIELDS, mapCells(cells));
  if (residue) cells.residue = JSON.stringify(residue);
  return [
    ["项目", "内容"],
    ...(Object.keys(PLAN_COLUMNS) as PlanColumn[]).map((c) => [PLAN_COLUMNS[c].header, cells[c] ?? ""]),
  ];
}

/** Reads the plan table; fields it lacks come from `defaults` (file name, --issued, --region). */
export function readPlanTable(
  table: Table | undefined,
  defaults: Plan,
): { plan: Plan; diagnostics: Diagnostic[]; fromTable: boolean } {
  const diagnostics: Diagnostic[] = [];
  if (!table) return { plan: defaults, diagnostics, fromTable: false };
  const keyMap = mapHeader(
    [table.header, ...table.rows].map((r) => r.cells[0] ?? ""),
    PLAN_COLUMNS,
  );
  const all = [table.header, ...table.rows];
  const cells: RowCells<PlanColumn> = {
    get: (c) => {
      const i = keyMap.known[c];
      return i === undefined ? "" : (all[i]?.cells[1] ?? "");
    },
    report: (severity, code, c, message) => {
      const row = all[keyMap.known[c] ?? 0]!;
      diagnostics.push(
        cellDiagnostic(
          severity,
          code,
          table.name,
          row.line,
          message,
          { index: 1, header: PLAN_COLUMNS[c].header },
          row.cells[1],
        ),
      );
    },
  };
  const parsedResidue = parseResidue(cells.get("residue"));
  if ("error" in parsedResidue) cells.report("warning", "residue-invalid", "residue", parsedResidue.error);
  const { record } = readRecord(cells, PLAN_FIELDS, "residue" in parsedResidue ? parsedResidue.residue : {});
  const merged = {
    ...defaults,
    ...Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)),
  };
  const plan = Plan.safeParse(merged);
  if (plan.success) return { plan: plan.data, diagnostics, fromTable: true };
  diagnostics.push(
    cellDiagnostic(
      "error",
      "plan-invalid",
      table.name,
      table.header.line,
      plan.error.issues.map((i) => i.message).join("；"),
    ),
  );
  return { plan: defaults, diagnostics, fromTable: true };
}

// ---- 监测指标 / 责任单位 -------------------------------------------------------------------------

const INDICATOR_COLUMNS = {
  id: { header: "指标ID" },
  planId: { header: "计划ID" },
  name: { header: "指标名称", synonyms: ["指标"] },
  unit: { header: "单位", synonyms: ["计量单位"] },
  direction: { header: "方向", synonyms: ["指标方向"] },
  responsible: { header: "责任部门", synonyms: ["责任单位", "牵头部门"] },
  frequency: { header: "频次", synonyms: ["监测频次"] },
  collectMonth: { header: "采集月份" },
  numerator: { header: "分子" },
  denominator: { header: "分母" },
  definition: { header: "口径", synonyms: ["指标定义", "定义"] },
  targets: { header: "目标", synonyms: ["目标值"] },
  residue: { header: "结构化数据" },
} as const satisfies Record<string, ColumnSpec>;
type IndicatorColumn = keyof typeof INDICATOR_COLUMNS;

const INDICATOR_FIELDS: FieldCodec<Indicator, IndicatorColumn>[] = [
  textField("planId", "planId"),
  textField("name", "name", true),
  textField("unit", "unit", true),
  enumField("direction", "direction", DIRECTION_LABEL, Direction, "higher"),
  textField("responsible", "responsible"),
  enumField("frequency", "frequency", FREQUENCY_LABEL, Frequency, "yearly"),
  numberField("collectMonth", "collectMonth", "月份"),
  textField("numerator", "numerator"),
  textField("denominator", "denominator"),
  textField("definition", "definition"),
  field<Indicator, IndicatorColumn, "targets">({
    key: "targets",
    columns: ["targets"],
    render: (i) => ({ targets: encodeList(i.targets.map((t) => t.text)) }),
    read: (cells) => {
      if (cells.get("targets") !== "")
        cells.report("info", "targets-unstructured", "targets", "手工填写的目标未能结构化");
      return [];
    },
  }),
];

const UNIT_COLUMNS = {
  id: { header: "单位ID" },
  name: { header: "名称", synonyms: ["单位名称", "部门名称"] },
  kind: { header: "类别", synonyms: ["单位类别"] },
  departmentKind: { header: "部门类别", synonyms: ["职能类别"] },
  region: { header: "地区" },
  regionLevel: { header: "地区层级" },
  aliases: { header: "别名", synonyms: ["简称"] },
  offices: { header: "处室", synonyms: ["内设处室"] },
  residue: { header: "结构化数据" },
} as const satisfies Record<string, ColumnSpec>;
type UnitColumn = keyof typeof UNIT_COLUMNS;

const identity = <V extends string>(values: readonly V[]) =>
  Object.fromEntries(values.map((v): [string, string] => [v, v])) as Record<V, string>;

const UNIT_FIELDS: FieldCodec<ResponsibleUnit, UnitColumn>[] = [
  textField("name", "name", true),
  enumField("kind", "kind", identity(UnitKind.options), UnitKind, "department"),
  enumField("departmentKind", "departmentKind", identity(DepartmentKind.options), DepartmentKind),
  regionField<ResponsibleUnit, UnitColumn>("region", "regionLevel"),
  listField("aliases", "aliases"),
  listField("offices", "offices"),
];

interface RecordTableSpec<T extends { id: string }, C extends string> {
  columns: Record<C, ColumnSpec>;
  fields: FieldCodec<T, C>[];
  schema: z.ZodType<T>;
  idPrefix: string;
}

const INDICATORS: RecordTableSpec<Indicator, IndicatorColumn> = {
  columns: INDICATOR_COLUMNS,
  fields: INDICATOR_FIELDS,
  schema: Indicator,
  idPrefix: "ind",
};
const UNITS: RecordTableSpec<ResponsibleUnit, UnitColumn> = {
  columns: UNIT_COLUMNS,
  fields: UNIT_FIELDS,
  schema: ResponsibleUnit,
  idPrefix: "unit",
};

function writeRecords<T extends { id: string }, C extends string>(records: readonly T[], spec: RecordTableSpec<T, C>) {
  const columns = Object.keys(spec.columns) as C[];
  const rows = [columns.map((c) => spec.columns[c].header)];
  for (const record of records) {
    const cells = renderRecord(record, spec.fields) as Record<string, string>;
    cells.id = record.id;
    const residue = residueOf(record, spec.fields, mapCells(cells), { id: record.id } as Partial<T>);
    if (residue) cells.residue = JSON.stringify(residue);
    rows.push(columns.map((c) => cells[c] ?? ""));
  }
  return rows;
}

function readRecords<T extends { id: string }, C extends string>(
  table: Table,
  spec: RecordTableSpec<T, C>,
): { records: T[]; diagnostics: Diagnostic[] } {
  const map = mapHeader(table.header.cells, spec.columns);
  const diagnostics: Diagnostic[] = [];
  const records: T[] = [];
  for (const row of table.rows) {
    if (row.cells.every((c) => c.trim() === "")) continue;
    const cells: RowCells<C> = {
      get: (c) => {
        const i = map.known[c];
        return i === undefined ? "" : (row.cells[i] ?? "");
      },
      report: (severity, code, c, message) => {
        const i = map.known[c];
        const at = i === undefined ? undefined : { index: i, header: spec.columns[c].header };
        diagnostics.push(
          cellDiagnostic(severity, code, table.name, row.line, message, at, i === undefined ? "" : row.cells[i]),
        );
      },
    };
    const id = cells.get("id" as C) || `${spec.idPrefix}-r${row.line}`;
    const parsedResidue = parseResidue(cells.get("residue" as C));
    if ("error" in parsedResidue) cells.report("warning", "residue-invalid", "residue" as C, parsedResidue.error);
    const residue = "residue" in parsedResidue ? parsedResidue.residue : {};
    const { record } = readRecord(cells, spec.fields, residue, { id } as Partial<T>);
    const parsed = spec.schema.safeParse(record);
    if (parsed.success) records.push(parsed.data);
    else {
      diagnostics.push(
        cellDiagnostic(
          "error",
          "row-invalid",
          table.name,
          row.line,
          `此行未能读取：${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("；")}`,
        ),
      );
    }
  }
  return { records, diagnostics };
}

/** Writes indicators as the 监测指标 table. */
export const writeIndicatorTable = (indicators: readonly Indicator[]) => writeRecords(indicators, INDICATORS);
/** Reads the 监测指标 table. */
export const readIndicatorTable = (table: Table) => readRecords(table, INDICATORS);
/** Writes the unit registry as the 责任单位 table. */
export const writeUnitTable = (units: readonly ResponsibleUnit[]) => writeRecords(units, UNITS);
/** Reads the 责任单位 table. */
export const readUnitTable = (table: Table) => readRecords(table, UNITS);
