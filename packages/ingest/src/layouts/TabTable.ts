/**
 * A tab-separated table, one row per line ("序号\t重点任务\t负责单位\t完成时限"). A line without tabs
 * continues the last cell of the row above.
 */
import type { Diagnostic } from "../Diagnostic.ts";
import { tableColumns } from "../Columns.ts";
import type { DraftNode, ParsedPart } from "../Draft.ts";
import { cleanLine, excerpt, type Line } from "../Lines.ts";
import { buildTable, type Row, reportTextBeforeTable } from "../Table.ts";

function splitCells(line: Line): string[] {
  return line.raw.split("\t").map(cleanLine);
}

/** Index of the header line: the first line whose tab-separated cells are mostly known column names. */
export function findTabHeader(lines: readonly Line[]): number {
  for (let i = 0; i < Math.min(lines.length, 40); i++) {
    const line = lines[i]!;
    if (!line.raw.includes("\t") || line.cell) continue;
    if (tableColumns(splitCells(line).filter((c) => c !== ""))) return i;
  }
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
    if (line.text === "") continue;
    if (!line.raw.includes("\t") && rows.length > 0) {
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
