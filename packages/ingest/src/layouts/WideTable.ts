/**
 * A Word table exported as text, one cell per line: a cell starts with a tab at the start of a
 * line and continues on the following lines ("2020年\n1月底前"); empty cells are a tab followed by
 * nothing, a space or U+3000. The header row names the columns; rows are read cell by cell and
 * re-aligned when a section heading ("一、…") shows up where it cannot belong.
 */
import type { Diagnostic } from "../Diagnostic.ts";
import { columnRole, type TableColumns, tableColumns } from "../Columns.ts";
import type { DraftNode, ParsedPart } from "../Draft.ts";
import { excerpt, type Line } from "../Lines.ts";
import { readMarker } from "../Numbering.ts";
import { CHINESE_NUMERAL_CHARS } from "@reform/domain";
import { buildTable, type Row, reportTextBeforeTable } from "../Table.ts";

interface Cell {
  lines: string[];
  line: number;
}

/** Cells of a cell-per-line table, and the non-cell lines found before the first cell. */
function readCells(lines: readonly Line[]): { cells: Cell[]; before: Line[] } {
  const cells: Cell[] = [];
  const before: Line[] = [];
  for (const line of lines) {
    // The cleaned text of a line starting with a tab is its cell's cleaned text (trim drops the tab).
    if (line.cell) cells.push({ lines: [line.text], line: line.no });
    else if (cells.length > 0) cells[cells.length - 1]!.lines.push(line.text);
    else if (line.text !== "") before.push(line);
  }
  return { cells, before };
}

function cellText(cell: Cell): string {
  return cell.lines.join("").replace(/\s+/g, "");
}

/** The header: leading cells that are all known column names. */
export function readHeader(cells: readonly Cell[]): { columns: TableColumns; count: number } | undefined {
  const names: string[] = [];
  for (const cell of cells) {
    const name = cellText(cell);
    if (columnRole(name) === undefined || readMarker(name) !== undefined) break;
    names.push(name);
  }
  const columns = tableColumns(names);
  return columns ? { columns, count: names.length } : undefined;
}

/** True when the lines look like a cell-per-line table with a recognisable header. */
export function isWideTable(lines: readonly Line[]): boolean {
  let cells = 0;
  let nonEmpty = 0;
  for (const l of lines) {
    if (l.text === "" && !l.cell) continue;
    nonEmpty++;
    if (l.cell) cells++;
  }
  if (nonEmpty === 0 || cells / nonEmpty < 0.3) return false;
  return readHeader(readCells(lines.slice(0, 200)).cells) !== undefined;
}

/** Reads a cell-per-line table into task nodes. */
export function parseWideTable(lines: readonly Line[], into: DraftNode[] = []): ParsedPart {
  const diagnostics: Diagnostic[] = [];
  const { cells, before } = readCells(lines);
  reportTextBeforeTable(before, diagnostics);
  const header = readHeader(cells);
  if (!header) return { nodes: into, indicators: [], diagnostics };
  const { columns, count: width } = header;
  const sectionCol = columns.groups[0];
  const subsectionCol = columns.groups[1];
  const rows: Row[] = [];
  let row: Cell[] = [];
  const flush = (complete: boolean) => {
    if (row.length === 0) return;
    if (!complete) {
      diagnostics.push({
        severity: "warning",
        code: "row-misaligned",
        line: row[0]!.line,
        message: `A table row has ${row.length} of ${width} cells; its cells were read in column order`,
        text: excerpt(row.map(cellText).join(" | ")),
      });
    }
    rows.push({ cells: row.map((c) => c.lines), line: row[0]!.line });
    row = [];
  };
  const empty = (line: number): Cell => ({ lines: [], line });
  for (let i = header.count; i < cells.length; i++) {
    const cell = cells[i]!;
    const first = cell.lines[0] ?? "";
    // Only a cell opening with a Chinese numeral or a parenthesis can hold a heading marker.
    const c = first.charCodeAt(0);
    const style =
      c === 0xff08 || c === 0x28 || CHINESE_NUMERAL_CHARS.includes(first.charAt(0))
        ? readMarker(first)?.style
        : undefined;
    // A section heading can only stand in its own column: re-align the row when it does not.
    if (style === "chinese" && sectionCol !== undefined && row.length !== sectionCol) {
      flush(false);
      while (row.length < sectionCol) row.push(empty(cell.line));
    } else if (style === "paren-chinese" && subsectionCol !== undefined && row.length !== subsectionCol) {
      if (row.length > subsectionCol) flush(false);
      while (row.length < subsectionCol) row.push(empty(cell.line));
    }
    row.push(cell);
    if (row.length === width) flush(true);
  }
  flush(false);
  const built = buildTable(columns, rows, into);
  return { nodes: built.nodes, indicators: [], diagnostics: [...diagnostics, ...built.diagnostics] };
}
