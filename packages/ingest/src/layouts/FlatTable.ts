/**
 * A table flattened without separators: the header is its column names run together
 * ("序号改革任务工作目标牵头部门配合部门备注") and each row its cells run together. Rows are read
 * by structure: a leading number starts a new item, the responsible units are the first run of
 * unit names (市卫计委市人社局、市财政局…), what precedes them is the task and goal, what follows
 * is the remark. Runs of no-break spaces or tabs, where present, are cell boundaries.
 */
import type { Diagnostic } from "../Diagnostic.ts";
import { type ColumnRole, splitFlattenedHeader, type TableColumns, tableColumns } from "../Columns.ts";
import type { DraftNode, ParsedPart } from "../Draft.ts";
import { excerpt, type Line } from "../Lines.ts";
import { buildTable, type Row, reportTextBeforeTable } from "../Table.ts";

/** A unit name: region prefix, a short body, an organisational suffix. */
const UNIT =
  /[省市县区](?:[^\s、，,。；;：:“”"‘’（）()\u00a0\t]{1,12}?)(?:委员会|办公室|委办|协会|中心|政府|委|局|办|厅|部|联|院)/y;
const SEPARATOR = /^[\s、，,\u00a0]*/;
/** Where a goal starts after a short task name: a time phrase or a verb opening a sentence. */
const GOAL_CUE = /\d{1,2}月(?:底|份|中旬|上旬|下旬)|年内|年底|到20\d\d|20\d\d年|按照|实行|实现|完成|出台|制定|开展/g;
const SEQ = /^(\d{1,3})(?![\d年月日号%．.个名元])/;
const BOUNDARY = /[\u00a0\t]+| {2,}/;

/** An office in brackets right after a unit: 省卫健委（规划处）. */
const OFFICE = /[（(][^（）()\s]{1,10}(?:处|局|室|科|中心|办)[）)]/y;
/** Places named after the first unit: 省医保局，临汾市 / 太原、运城、阳泉市. */
const PLACE = /(?:[\u4e00-\u9fa5]{2,3}、)*[\u4e00-\u9fa5]{2,4}?(?:市|县|区|州)(?![\u4e00-\u9fa5])/y;
/** What may follow a unit cell directly: the next cell when it is a deadline. */
const DEADLINE_START = /^(?:\d|每年|按照|按国家|持续|长期|常年|年底|年内|已完成)/;

/** The unit name (with its bracketed office) starting at `at`; places only inside a run. */
function unitAt(s: string, at: number, inRun = false): string | undefined {
  UNIT.lastIndex = at;
  let unit = UNIT.exec(s)?.[0];
  if (!unit && inRun) {
    PLACE.lastIndex = at;
    unit = PLACE.exec(s)?.[0];
  }
  if (!unit) return undefined;
  OFFICE.lastIndex = at + unit.length;
  return unit + (OFFICE.exec(s)?.[0] ?? "");
}

/** The first run of unit names in `s` that stands as a cell: followed by a boundary, another unit or the end. */
export function findUnitRun(s: string): { start: number; units: string[]; end: number } | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "省" && c !== "市" && c !== "县" && c !== "区") continue;
    const first = unitAt(s, i);
    if (!first) continue;
    const after = i + first.length;
    const next = s[after];
    if (
      next !== undefined &&
      !/[\u00a0\t 、，,]/.test(next) &&
      !unitAt(s, after) &&
      !DEADLINE_START.test(s.slice(after))
    ) {
      continue;
    }
    const units = [first];
    let end = after;
    for (;;) {
      const sep = SEPARATOR.exec(s.slice(end))![0].length;
      const u = unitAt(s, end + sep, sep > 0);
      if (!u) break;
      units.push(u);
      end += sep + u.length;
    }
    return { start: i, units, end };
  }
  return undefined;
}

/** Index of the header line, or -1. */
export function findFlatHeader(lines: readonly Line[]): number {
  for (let i = 0; i < Math.min(lines.length, 40); i++) {
    const names = splitFlattenedHeader(lines[i]!.text);
    if (names && tableColumns(names)) return i;
  }
  return -1;
}

function clean(s: string): string {
  return s.replace(/[\u00a0\t]+/g, " ").trim();
}

/**
 * A leading cell (row number, task name) without the repeat of the merged cell before it, where
 * the boundary after the repeat was lost (a single space, as a printed page shows it, or none):
 * "6 推进…" or "6推进…" after "6" is "推进…"; "10月…" after "1" stays whole.
 */
function withoutRepeat(piece: string, prev: string): string {
  if (!piece.startsWith(prev) || piece.length === prev.length) return piece;
  const rest = piece.slice(prev.length);
  const cut = /^\s/.test(rest) || (/^\d+$/.test(prev) ? !/^[\d.．%]/.test(rest) : prev.length >= 4);
  return cut ? rest.trim() : piece;
}

/** Splits one flattened row into cells by column role. */
function readRow(line: Line, columns: TableColumns, diagnostics: Diagnostic[]): Row {
  const { roles } = columns;
  const cells: string[][] = roles.map(() => []);
  const set = (role: ColumnRole, value: string) => {
    const i = roles.indexOf(role);
    if (i !== -1 && value.trim() !== "") cells[i] = [clean(value)];
  };
  // Cell boundaries where the row has them; merged cells repeat their value ("6  6  推进…  推进…").
  const pieces: string[] = [];
  for (const part of line.raw.split(BOUNDARY)) {
    const prev = pieces[pieces.length - 1];
    const p = pieces.length <= 2 && prev !== undefined ? withoutRepeat(part.trim(), prev) : part.trim();
    if (p !== "" && p !== prev) pieces.push(p);
  }
  let seq: string | undefined;
  if (roles.includes("seq") && pieces.length > 0) {
    const m = SEQ.exec(pieces[0]!);
    if (m) {
      seq = m[1]!;
      pieces[0] = pieces[0]!.slice(m[0].length).trim();
      if (pieces[0] === "") pieces.shift();
      set("seq", seq);
    }
  }
  const goalTable = roles.includes("goal") && roles.includes("text");
  let rest = pieces.join("\u00a0");
  if (goalTable && seq !== undefined) {
    // The task name: its own piece, or the text before the first goal cue.
    const firstRun = findUnitRun(pieces[0] ?? "");
    if (pieces.length > 1 && !firstRun) {
      set("text", pieces[0]!);
      rest = pieces.slice(1).join("\u00a0");
    } else {
      const head = firstRun ? rest.slice(0, firstRun.start) : rest;
      const cue = [...head.matchAll(GOAL_CUE)].find((m) => m.index >= 4);
      if (cue) {
        set("text", rest.slice(0, cue.index));
        rest = rest.slice(cue.index);
      } else {
        diagnostics.push({
          severity: "info",
          code: "flat-row-split",
          line: line.no,
          message: "Could not tell the task name from its goal in a flattened table row; both kept as the goal",
          text: excerpt(line.text),
        });
      }
    }
  }
  const run = findUnitRun(rest);
  const textRole = goalTable ? "goal" : "text";
  if (!run) {
    set(textRole, rest);
    diagnostics.push({
      severity: "warning",
      code: "flat-row-units",
      line: line.no,
      message: "No responsible unit found in a flattened table row",
      text: excerpt(line.text),
    });
    return { cells, line: line.no };
  }
  set(textRole, rest.slice(0, run.start));
  const hasSplit = roles.includes("lead") && roles.includes("cooperating");
  if (hasSplit) {
    set("lead", run.units[0]!);
    set("cooperating", run.units.slice(1).join("、"));
  } else set(roles.includes("lead") ? "lead" : "responsible", run.units.join("、"));
  // What follows the units fills the remaining columns in order (deadline, remark…).
  const after = rest
    .slice(run.end)
    .split(/\u00a0+/)
    .map(clean)
    .filter((p) => p !== "");
  const remaining = roles
    .map((r, i) => ({ r, i }))
    .filter(
      ({ r, i }) =>
        i > roles.indexOf(hasSplit ? "cooperating" : roles.includes("lead") ? "lead" : "responsible") &&
        r !== undefined,
    );
  remaining.forEach(({ i }, k) => {
    const value = k === remaining.length - 1 ? after.slice(k).join(" ") : after[k];
    if (value) cells[i] = [value];
  });
  if (remaining.length === 0 && after.length > 0) {
    diagnostics.push({
      severity: "warning",
      code: "unplaced-text",
      line: line.no,
      message: "Text after the last column of a flattened table row could not be placed",
      text: excerpt(after.join(" ")),
    });
  }
  return { cells, line: line.no };
}

/** Reads a flattened table into nodes; text before its header is reported. */
export function parseFlatTable(lines: readonly Line[], into: DraftNode[] = []): ParsedPart {
  const diagnostics: Diagnostic[] = [];
  const at = findFlatHeader(lines);
  if (at === -1) return { nodes: into, indicators: [], diagnostics };
  reportTextBeforeTable(lines.slice(0, at), diagnostics);
  const columns = tableColumns(splitFlattenedHeader(lines[at]!.text)!)!;
  const rows = lines
    .slice(at + 1)
    .filter((l) => l.text !== "")
    .map((l) => readRow(l, columns, diagnostics));
  const built = buildTable(columns, rows, into);
  return { nodes: built.nodes, indicators: [], diagnostics: [...diagnostics, ...built.diagnostics] };
}
