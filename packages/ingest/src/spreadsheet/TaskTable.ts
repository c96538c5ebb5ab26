/**
 * The task table: one row per task node. Written with every ledger column; read either as a
 * ledger table (it has a 任务ID column: one row per node, residue honoured) or as a plain task
 * table typed by staff (000's layout: one row per leaf task, 工作任务 / 具体内容 cells naming the
 * section and subsection, empty where merged).
 */
import {
  type DeadlineContext,
  extractTargets,
  type ResponsibleUnit,
  type Task,
  Task as TaskSchema,
} from "@reform/domain";
import { readMarker } from "../Numbering.ts";
import { decodeList } from "./Cells.ts";
import type { Diagnostic } from "../Diagnostic.ts";
import { isKnownHeader, mapHeader, TASK_COLUMNS, type TaskColumn } from "./Columns.ts";
import {
  type FieldCodec,
  field,
  mapCells,
  parseResidue,
  type RowCells,
  type Residue,
  readRecord,
  renderRecord,
  residueOf,
} from "./RecordCodec.ts";
import { cellDiagnostic, type Table, type TableRow } from "./Table.ts";
import { type TaskContext, taskFields } from "./TaskFields.ts";

const EXTRA = "extra:";
/** Always offered on export so staff have somewhere to write remarks. */
const REMARK = "备注";

function extraField(headers: readonly string[]): FieldCodec<Task, string> {
  return field<Task, string, "extra">({
    key: "extra",
    columns: headers.map((h) => EXTRA + h),
    render: (t) => {
      const cells: Record<string, string> = {};
      for (const h of headers) if (t.extra?.[h] !== undefined) cells[EXTRA + h] = t.extra[h];
      return cells;
    },
    read: (cells, draft) => {
      const extra: Record<string, string> = {};
      for (const h of headers) {
        const v = cells.get(EXTRA + h);
        if (v !== "") extra[h] = v;
      }
      const kept = new Set((draft.targets ?? []).map((t) => t.text));
      const unread = decodeList(cells.get("targets")).filter((line) => ![...kept].some((t) => line.includes(t)));
      if (unread.length > 0) {
        extra[TASK_COLUMNS.targets.header] = unread.join("\n");
        cells.report("info", "targets-unstructured", "targets", "有目标未能读出数值，原文保存在附加字段“目标”中");
      }
      return Object.keys(extra).length > 0 ? extra : undefined;
    },
  });
}

/** Extra keys that can be columns of their own (not a known header, no edge spaces). */
function extraHeaders(tasks: readonly Task[]): string[] {
  const headers = new Set<string>([REMARK]);
  for (const t of tasks) {
    for (const key of Object.keys(t.extra ?? {})) {
      if (key !== "" && key === key.trim() && !isKnownHeader(key, TASK_COLUMNS)) headers.add(key);
    }
  }
  return [...headers];
}

/** Tracks tasks read so far, for parent paths and sibling order. */
class TaskTracker {
  readonly byId = new Map<string, Task>();
  readonly childCount = new Map<string, number>();
  add(task: Task): void {
    this.byId.set(task.id, task);
    const parent = task.parentId ?? "";
    this.childCount.set(parent, (this.childCount.get(parent) ?? 0) + 1);
  }
}

/** Options shared by writing and reading the task table. */
export interface TaskTableOptions {
  planId: string;
  topParent: null | undefined;
  units: readonly ResponsibleUnit[];
  deadline: DeadlineContext;
}

function unitIndex(units: readonly ResponsibleUnit[]): Map<string, ResponsibleUnit> {
  const map = new Map<string, ResponsibleUnit>();
  for (const u of units) {
    for (const name of [u.name, ...u.aliases]) if (!map.has(name)) map.set(name, u);
  }
  return map;
}

function context(options: TaskTableOptions, tracker: TaskTracker): TaskContext {
  return {
    planId: options.planId,
    topParent: options.topParent,
    units: unitIndex(options.units),
    byId: tracker.byId,
    childCount: tracker.childCount,
    deadline: options.deadline,
  };
}

const FIXED_COLUMNS = Object.keys(TASK_COLUMNS) as TaskColumn[];

/** Writes tasks as the task table (header row first). */
export function writeTaskTable(tasks: readonly Task[], options: TaskTableOptions): string[][] {
  const extras = extraHeaders(tasks);
  const columns: string[] = [...FIXED_COLUMNS, ...extras.map((h) => EXTRA + h)];
  const header = [...FIXED_COLUMNS.map((c) => TASK_COLUMNS[c].header), ...extras];
  const tracker = new TaskTracker();
  const fields: FieldCodec<Task, string>[] = [...taskFields(context(options, tracker)), extraField(extras)];
  const rows = [header];
  tasks.forEach((task, i) => {
    const cells: Record<string, string> = renderRecord(task, fields) as Record<string, string>;
    cells.seq = String(i + 1);
    cells.depth = String(task.path.length || 1);
    cells.id = task.id;
    const residue = residueOf(task, fields, mapCells(cells), { id: task.id, planId: options.planId });
    const rest: Residue = { ...residue };
    if (task.planId !== options.planId) rest.planId = task.planId;
    if (Object.keys(rest).length > 0) cells.residue = JSON.stringify(rest);
    rows.push(columns.map((c) => cells[c] ?? ""));
    tracker.add(task);
  });
  return rows;
}

/** Tasks read from a table, with what was found along the way. */
export interface TaskTableResult {
  tasks: Task[];
  diagnostics: Diagnostic[];
  /** "ledger" when rows are task nodes with ids; "table" when rows are leaf tasks typed by hand. */
  mode: "ledger" | "table";
}

function rowCells(
  table: Table,
  row: TableRow,
  known: Partial<Record<TaskColumn, number>>,
  unknown: readonly { index: number; header: string }[],
  diagnostics: Diagnostic[],
): RowCells<string> {
  const index = new Map<string, number>();
  for (const [c, i] of Object.entries(known) as [TaskColumn, number][]) index.set(c, i);
  for (const u of unknown) index.set(EXTRA + u.header, u.index);
  return {
    get: (c) => {
      const i = index.get(c);
      return i === undefined ? "" : (row.cells[i] ?? "");
    },
    report: (severity, code, c, message) => {
      const i = index.get(c);
      const at = i === undefined ? undefined : { index: i, header: table.header.cells[i] ?? c };
      diagnostics.push(
        cellDiagnostic(severity, code, table.name, row.line, message, at, i === undefined ? "" : row.cells[i]),
      );
    },
  };
}

function validated(draft: Partial<Task>, table: Table, row: TableRow, diagnostics: Diagnostic[]): Task | undefined {
  const parsed = TaskSchema.safeParse(draft);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues.slice(0, 3)) {
    diagnostics.push(
      cellDiagnostic("error", "task-invalid", table.name, row.line, `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  return undefined;
}

const isBlank = (row: TableRow) => row.cells.every((c) => c.trim() === "");

/** Reads a task table: ledger rows when it has a 任务ID column, else rows typed by hand. */
export function readTaskTable(table: Table, options: TaskTableOptions): TaskTableResult {
  const map = mapHeader(table.header.cells, TASK_COLUMNS);
  const diagnostics: Diagnostic[] = [];
  for (const d of map.duplicates) {
    diagnostics.push(
      cellDiagnostic(
        "warning",
        "header-duplicate",
        table.name,
        table.header.line,
        `与前面的“${TASK_COLUMNS[d.column].header}”列重复，作为附加列保留`,
        {
          index: d.index,
          header: d.header,
        },
      ),
    );
  }
  const mode = map.known.id !== undefined ? "ledger" : "table";
  const tasks =
    mode === "ledger"
      ? readLedgerRows(table, map, options, diagnostics)
      : readHandRows(table, map, options, diagnostics);
  return { tasks, diagnostics, mode };
}

function readLedgerRows(
  table: Table,
  map: ReturnType<typeof mapHeader<TaskColumn>>,
  options: TaskTableOptions,
  diagnostics: Diagnostic[],
): Task[] {
  const tracker = new TaskTracker();
  const fields: FieldCodec<Task, string>[] = [
    ...taskFields(context(options, tracker)),
    extraField(map.unknown.map((u) => u.header)),
  ];
  const tasks: Task[] = [];
  for (const row of table.rows) {
    if (isBlank(row)) continue;
    const cells = rowCells(table, row, map.known, map.unknown, diagnostics);
    let id = cells.get("id");
    if (id === "") {
      id = `${options.planId}-r${row.line}`;
      cells.report("info", "id-generated", "id", `没有任务ID，已生成“${id}”`);
    } else if (tracker.byId.has(id)) {
      const fresh = `${id}-r${row.line}`;
      cells.report("warning", "id-duplicate", "id", `任务ID“${id}”重复，此行改用“${fresh}”`);
      id = fresh;
    }
    const parsed = parseResidue(cells.get("residue"));
    if ("error" in parsed) cells.report("warning", "residue-invalid", "residue", `${parsed.error}，按表格内容读取`);
    const residue = "residue" in parsed ? parsed.residue : {};
    const planId = typeof residue.planId === "string" && residue.planId !== "" ? residue.planId : options.planId;
    const { record, edited } = readRecord(cells, fields, residue, { id, planId });
    if (edited.length > 0) {
      diagnostics.push(
        cellDiagnostic(
          "info",
          "cells-edited",
          table.name,
          row.line,
          `已按修改后的单元格重新读取：${edited.join("、")}`,
        ),
      );
    }
    let task = validated(record, table, row, diagnostics);
    if (!task) {
      // The residue may be what is wrong: read the row from its cells alone.
      task = validated(readRecord(cells, fields, {}, { id, planId }).record, table, row, diagnostics);
    }
    if (!task) continue;
    tasks.push(task);
    tracker.add(task);
  }
  return tasks;
}

/** Splits a leading number off an item: "一、加强领导" → { label: "一", text: "加强领导" }. */
export function splitNumbering(text: string): { label?: string; text: string } {
  const marker = readMarker(text);
  return marker && marker.rest.trim() !== "" ? { label: marker.label, text: marker.rest } : { text };
}

/** Reads rows typed by hand: each row a leaf task, grouped by carried-forward 工作任务 / 具体内容. */
function readHandRows(
  table: Table,
  map: ReturnType<typeof mapHeader<TaskColumn>>,
  options: TaskTableOptions,
  diagnostics: Diagnostic[],
): Task[] {
  const levels = (["section", "subsection", "task"] as const).filter((c) => map.known[c] !== undefined);
  const leafColumn = levels.at(-1)!;
  const groupColumns = levels.slice(0, -1);
  const tracker = new TaskTracker();
  // Structure comes from the grouping columns; the row number stands in when there is no 行号.
  const structural = [
    "kind",
    "parentId",
    "label",
    "path",
    "text",
    "order",
    ...(map.known.line === undefined ? ["line"] : []),
  ];
  const fields = [...taskFields(context(options, tracker)), extraField(map.unknown.map((u) => u.header))].filter(
    (f) => !structural.includes(f.key),
  );
  const tasks: Task[] = [];
  const groups: { text: string; task: Task }[] = [];
  const add = (task: Task) => {
    tasks.push(task);
    tracker.add(task);
  };
  const node = (
    kind: Task["kind"],
    raw: string,
    line: number,
    parent: Task | undefined,
    cells?: RowCells<string>,
  ): Task => {
    const split = splitNumbering(raw.trim());
    // 编号 first, then the number the text starts with, then 序号.
    const own = cells?.get("label").trim() || split.label || cells?.get("seq").trim() || undefined;
    return {
      id: `${options.planId}-r${line}${kind === "task" ? "" : `-${kind}`}`,
      planId: options.planId,
      parentId: parent ? parent.id : options.topParent,
      kind,
      path: [...(parent?.path ?? []), ...(own ? [own] : [])],
      ...(own ? { label: own } : {}),
      text: split.label && own === split.label ? split.text : raw.trim(),
      order: tracker.childCount.get(parent?.id ?? "") ?? 0,
      people: [],
      targets: [],
      themes: [],
      line,
    };
  };
  for (const row of table.rows) {
    if (isBlank(row)) continue;
    const cells = rowCells(table, row, map.known, map.unknown, diagnostics);
    groupColumns.forEach((column, depth) => {
      const text = cells.get(column).trim();
      if (text === "" || groups[depth]?.text === text) return;
      groups.length = depth;
      const group = node(depth === 0 ? "section" : "subsection", text, row.line, groups[depth - 1]?.task);
      groups.push({ text, task: group });
      add(group);
    });
    const leafText = cells.get(leafColumn).trim();
    const parent = groups.at(-1)?.task;
    const draft = node("task", leafText, row.line, parent, cells);
    if (leafText === "") {
      const rest = fields.some((f) => f.columns.some((c) => cells.get(c).trim() !== ""));
      if (!rest) continue;
      cells.report("warning", "task-text-missing", leafColumn, "此行没有任务内容，其余各列作为一项任务保留");
    }
    const { record } = readRecord(cells, fields, {}, draft);
    // No 目标 column filled: the targets are the ones written in the task text.
    if ((record.targets ?? []).length === 0) record.targets = extractTargets(record.text ?? "");
    const task = validated(record, table, row, diagnostics);
    if (task) add(task);
  }
  return tasks;
}
