/**
 * A table with one row per line: tab-separated ("序号\t重点任务\t负责单位\t完成时限") or a markdown
 * pipe table ("| 序号 | 重点任务 | 负责单位 |", its "|---|" rule skipped). A line without separators
 * continues the last cell of the row above.
 */
import type { Diagnostic } from "../Diagnostic.ts";
import { tableColumns } from "../Columns.ts";
import type { DraftNode, ParsedPart } from "../Draft.ts";
import { cleanLine, excerpt, type Line } from "../Lines.ts";
import { buildTable, type Row, reportTextBeforeTable } from "../Table.ts";

const PIPE_RULE = /^\|?[\s:|-]+\|?$/;

function isPipeRow(line: Line): boolean {
  return line.text.startsWith("|") && line.text.length > 1;
}

/** A row's cells; a markdown row loses its outer pipes. */
function splitCells(line: Line): string[] {
  if (isPipeRow(line))
    return line.text
      .replace(/^\||\|$/g, "")
      .split("|")
      .map(cleanLine);
  return line.raw.split("\t").map(cleanLine);
}

function isRow(line: Line): boolean {
  return isPipeRow(line) || line.raw.includes("\t");
}

/** A row whose cells are known column names (at least three). */
export function isTableHeader(line: Line): boolean {
  return isRow(line) && tableColumns(splitCells(line).filter((c) => c !== "")) !== undefined;
}

/** Index of the header line among the first lines, or -1. */
export function findTabHeader(lines: readonly Line[]): number {
  for (let i = 0; i < Math.min(lines.length, 40); i++) if (isTableHeader(lines[i]!)) return i;
  return -1;
}

/** Reads a tab-separated table into task nodes; text before the header is reported. */
export function parseTabTable(lines: readonly Line[], into: DraftNode[] = []): ParsedPart {
  const diagnostics: Diagnostic[] = [];
  const at = findTabHeader(lines);
  if (at === -1) return { nodes: into, indicators: [], diagnostics };
  reportTextBeforeTable(lines.slice(0, at), diagnostics);
  const names = splitCells(lines[at]!).filter((c) => c !== "");
  const columns = tableColumns(names)!;
  const rows: Row[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line.text === "" || PIPE_RULE.test(line.text)) continue;
    if (!isRow(line) && rows.length > 0) {
      const last = rows[rows.length - 1]!;
      last.cells[last.cells.length - 1]!.push(line.text);
      continue;
    }
    const cells = splitCells(line);
    if (cells.length > names.length) {
      const tail = cells.splice(names.length - 1);
      cells.push(tail.filter((c) => c !== "").join(" "));
    }
    if (cells.length < names.length) {
      diagnostics.push({
        severity: "info",
        code: "row-short",
        line: line.no,
        message: `A table row has ${cells.length} of ${names.length} cells`,
        text: excerpt(line.text),
      });
    }
    rows.push({ cells: cells.map((c) => [c]), line: line.no });
  }
  const built = buildTable(columns, rows, into);
  return { nodes: built.nodes, indicators: [], diagnostics: [...diagnostics, ...built.diagnostics] };
}
