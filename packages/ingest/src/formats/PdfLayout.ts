/**
 * The text of a PDF's pages from the positions of its pieces of text (what pdf.js gives: a string,
 * where it starts, how wide it is, its font size), as the document importer reads text:
 *
 * - **Lines**: pieces at one height form a line, left to right. Between two pieces, a gap wider
 *   than one and a half characters is a column boundary (a tab); a gap of more than half a
 *   character in Chinese text or numbers (a whole one between two words of letters) is a cell boundary of a table
 *   printed without rules (a no-break space, as a page keeps a run of spaces); a small gap between
 *   two ASCII words is a space.
 * - **Tables**: a run of lines whose text leaves the same vertical gutters free, with at least two
 *   lines that have text on both sides of a gutter, is a table; the gutters are its column
 *   boundaries, however narrow (a word processor leaves only the cells' padding between columns).
 *   Its rows are rebuilt from its lines: a cell's text wrapped over several lines is joined again
 *   (a line continues a cell when the cell's line above was full: the next word would not have
 *   fitted), and a line starts a new row when a column that already had text in the row starts
 *   again — after a gap, with a row number or item number, or with several cells at once. Each
 *   row is one line of tab-separated cells, empty where a column has no text (a merged cell
 *   continuing), as a Word table exported as text is.
 * - **Paragraphs**: outside tables, a line that starts at the left margin continues the line above
 *   when that one runs so near the right margin that the line's first word would not have fitted
 *   there (a paragraph wrapped by the page, joined again).
 * - **Page furniture**: a page number alone at the top or bottom of a page is left out.
 *
 * Pure functions of the pieces; the PDF itself is read in `Pdf.ts`.
 */
import { readMarker } from "../Numbering.ts";

/** A piece of text on a page: x and y of its baseline start (PDF points, y upwards), end = x + width. */
export interface Piece {
  str: string;
  x: number;
  y: number;
  end: number;
  size: number;
}

/** Pieces at one height, left to right, on page `page` (1-based) of width `pageWidth`. */
export interface PdfLine {
  pieces: Piece[];
  y: number;
  size: number;
  page: number;
  pageWidth: number;
}

/** Gaps, in character widths (font sizes): */
/** wider than this, a column boundary in a line (tab). */
const COLUMN_GAP = 1.5;
/** wider than this between Chinese text, a cell boundary (no-break space). */
const CELL_GAP = 0.6;
/** a table's gutter between columns is at least this wide. */
const GUTTER = 0.4;
/** Lines of one cell are at most this far apart (baseline to baseline, in font sizes). */
const CELL_PITCH = 2.2;
/** Table lines (rows with their padding and rules) are at most this far apart. */
const TABLE_PITCH = 3.2;

/** Lines of one page, top to bottom, from its pieces. */
export function pageLines(pieces: readonly Piece[], page = 1, pageWidth = 0): PdfLine[] {
  const sorted = [...pieces].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PdfLine[] = [];
  for (const p of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line.y - p.y) <= Math.max(line.size, p.size) * 0.5) {
      line.pieces.push(p);
      line.size = Math.max(line.size, p.size);
    } else lines.push({ pieces: [p], y: p.y, size: p.size, page, pageWidth });
  }
  for (const l of lines) l.pieces.sort((a, b) => a.x - b.x);
  return lines;
}

const ASCII_WORD = /[A-Za-z0-9]/;

/** The text of pieces on one line, with gaps read as the module comment says. */
export function piecesText(pieces: readonly Piece[], size: number): string {
  let out = "";
  let end = Number.NEGATIVE_INFINITY;
  for (const p of pieces) {
    if (out !== "") {
      const gap = p.x - end;
      const a = out[out.length - 1]!;
      const b = p.str[0]!;
      const ascii = ASCII_WORD.test(a) && ASCII_WORD.test(b);
      // Words of a justified line may be spread wider than numbers are.
      const letters = /[A-Za-z]/.test(a) && /[A-Za-z]/.test(b);
      // Between Chinese text and a number or word, a word processor may add a fifth of a
      // character of its own (autospacing); between two Chinese characters, nothing.
      const space = ascii || (a.charCodeAt(0) > 0x7f && b.charCodeAt(0) > 0x7f) ? 0.15 : 0.4;
      if (gap > size * COLUMN_GAP) out += "\t";
      else if (gap > size * (letters ? 1 : CELL_GAP)) out += "\u00a0";
      else if (gap > size * space && !/\s$/.test(out)) out += " ";
    }
    out += p.str;
    end = Math.max(end, p.end);
  }
  return out;
}

const lineText = (line: PdfLine) => piecesText(line.pieces, line.size);

/** A page number alone on a line: "3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 10 页", "3 / 10". */
const PAGE_NUMBER =
  /^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－\s]*$|^[-—–－\s]*[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?[-—–－\s]*$/;

/** Drops a page number printed alone above or below the text of a page. */
export function withoutPageNumbers(lines: readonly PdfLine[]): PdfLine[] {
  const out = [...lines];
  const apart = (a: PdfLine, b: PdfLine) => Math.abs(a.y - b.y) > Math.max(a.size, b.size) * 2;
  const last = out[out.length - 1];
  if (out.length > 1 && last && PAGE_NUMBER.test(lineText(last)) && apart(out[out.length - 2]!, last)) out.pop();
  const first = out[0];
  if (out.length > 1 && first && PAGE_NUMBER.test(lineText(first)) && apart(first, out[1]!)) out.shift();
  return out;
}

interface Span {
  from: number;
  to: number;
}

/** A free span between columns, and how many lines have had text on both sides of it. */
interface Gutter extends Span {
  seen: number;
}

/** The union of spans (sorted, merged), with one more span added. */
function addSpan(union: Span[], span: Span): Span[] {
  const out: Span[] = [];
  let s = { ...span };
  let placed = false;
  for (const u of union) {
    if (u.to < s.from) out.push(u);
    else if (u.from > s.to) {
      if (!placed) {
        out.push(s);
        placed = true;
      }
      out.push(u);
    } else s = { from: Math.min(s.from, u.from), to: Math.max(s.to, u.to) };
  }
  if (!placed) out.push(s);
  return out;
}

/** The free spans between the spans of a union at least `min` wide. */
function gutters(union: readonly Span[], min: number): Span[] {
  const out: Span[] = [];
  for (let i = 1; i < union.length; i++) {
    if (union[i]!.from - union[i - 1]!.to >= min) out.push({ from: union[i - 1]!.to, to: union[i]!.from });
  }
  return out;
}

/** Whether two consecutive lines (in reading order) are close enough to belong to one block. */
function near(a: PdfLine, b: PdfLine, pitch: number): boolean {
  if (a.page !== b.page) return b.page === a.page + 1;
  return a.y - b.y <= Math.max(a.size, b.size) * pitch;
}

/** A table found among lines: lines [start, end) and its columns' spans. */
export interface TableRun {
  start: number;
  end: number;
  columns: Span[];
}

/** Whether a line has two pieces with a gutter-wide gap between them. */
function hasGap(line: PdfLine): boolean {
  for (let i = 1; i < line.pieces.length; i++) {
    const before = Math.max(...line.pieces.slice(0, i).map((p) => p.end));
    if (line.pieces[i]!.x - before >= line.size * GUTTER) return true;
  }
  return false;
}

/** The column (index) a piece is in: the one whose span holds its middle. */
function columnOf(columns: readonly Span[], p: Piece): number {
  const mid = (p.x + p.end) / 2;
  for (let c = columns.length - 1; c > 0; c--) if (mid >= columns[c]!.from) return c;
  return 0;
}

/** Finds the tables among lines (see the module comment). */
export function findTables(lines: readonly PdfLine[]): TableRun[] {
  const runs: TableRun[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!hasGap(lines[i]!)) {
      i++;
      continue;
    }
    const size = lines[i]!.size;
    let union: Span[] = [];
    for (const p of lines[i]!.pieces) union = addSpan(union, { from: p.x, to: p.end });
    let free: Gutter[] = gutters(union, size * GUTTER).map((g) => ({ ...g, seen: 1 }));
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      if (!near(lines[j - 1]!, line, hasGap(line) ? TABLE_PITCH : CELL_PITCH + 0.5)) break;
      let next = union;
      for (const p of line.pieces) next = addSpan(next, { from: p.x, to: p.end });
      const nextFree = gutters(next, size * GUTTER).map((g): Gutter => {
        const before = free.filter((f) => g.from < f.to && g.to > f.from);
        const across = line.pieces.some((p) => p.end <= g.from) && line.pieces.some((p) => p.x >= g.to);
        return { ...g, seen: Math.max(0, ...before.map((f) => f.seen)) + (across ? 1 : 0) };
      });
      // A line across a column boundary that lines have had text on both sides of (a paragraph
      // or a signature after the table) closes the table; so does one that leaves no gutter free.
      const closes = (f: Gutter) => f.seen >= 2 && !nextFree.some((g) => g.from < f.to && g.to > f.from);
      if (nextFree.length === 0 || free.some(closes)) break;
      union = next;
      free = nextFree;
    }
    const columns = free.length === 0 ? [] : spansBetween(union, free);
    if (isTable(lines.slice(i, j), columns)) {
      runs.push({ start: i, end: j, columns });
      i = j;
    } else i++;
  }
  return runs;
}

function spansBetween(union: readonly Span[], free: readonly Span[]): Span[] {
  const left = union[0]!.from;
  const right = union[union.length - 1]!.to;
  const edges = [left, ...free.flatMap((g) => [g.from, g.to]), right];
  const out: Span[] = [];
  for (let k = 0; k < edges.length; k += 2) out.push({ from: edges[k]!, to: edges[k + 1]! });
  return out;
}

/**
 * A table has at least two lines with text in two columns; two columns whose first holds only
 * list numbers ("1." then the text, hanging) are a numbered list, not a table.
 */
function isTable(lines: readonly PdfLine[], columns: readonly Span[]): boolean {
  if (columns.length < 2) return false;
  const split = lines.filter((l) => new Set(l.pieces.map((p) => columnOf(columns, p))).size >= 2);
  if (split.length < 2) return false;
  if (columns.length === 2) {
    const firsts = lines.map((l) =>
      piecesText(
        l.pieces.filter((p) => columnOf(columns, p) === 0),
        l.size,
      ).trim(),
    );
    if (firsts.every((t) => t === "" || readMarker(t)?.rest === "")) return false;
  }
  return true;
}

/** A column's text in the row being built. */
interface CellState {
  lines: string[];
  /** The last line's y, page and end (x). */
  y: number;
  page: number;
  end: number;
}

const CLOSING = /^[，。、；：？！）)》」』】”’…—,.;:?!%％]/;

/** Width of the first word of a cell line (what would have had to fit on the line above), in points. */
function firstWordWidth(text: string, size: number): number {
  const ascii = /^[A-Za-z0-9.%\-+/]+/.exec(text);
  if (ascii) return ascii[0].length * 0.5 * size;
  // One character, with the punctuation a line may not start with.
  let n = 1;
  while (n < text.length && CLOSING.test(text[n]!)) n++;
  return n * size;
}

/**
 * An item number ("2.", "（一）", "一、") at the start of a cell, or a row number ("3") in a column
 * of row numbers (a long number broken over two lines of a narrow cell leaves digits too).
 */
function startsItem(text: string, numbers: boolean): boolean {
  return (numbers && /^\d{1,3}$/.test(text)) || readMarker(text) !== undefined;
}

/** Joins a cell's lines: no separator in Chinese text, one space between two ASCII words (none in a number). */
function joinCellLines(lines: readonly string[]): string {
  let out = "";
  for (const raw of lines) {
    const t = raw.trim();
    if (t === "") continue;
    const a = out[out.length - 1];
    const b = t[0]!;
    if (a !== undefined && ASCII_WORD.test(a) && ASCII_WORD.test(b) && !(/\d/.test(a) && /\d/.test(b))) out += " ";
    out += t;
  }
  return out.replace(/[\t\r\n]+/g, " ");
}

/** The rows of a table, each as tab-separated cells (see the module comment). */
export function tableRows(lines: readonly PdfLine[], columns: readonly Span[]): string[] {
  // A column's right edge: where its longest line ends (full lines reach it).
  const right = columns.map(() => Number.NEGATIVE_INFINITY);
  const cellsOf = lines.map((line) => {
    const cells = columns.map((): Piece[] => []);
    for (const p of line.pieces) {
      const c = columnOf(columns, p);
      cells[c]!.push(p);
      right[c] = Math.max(right[c]!, p.end);
    }
    return cells.map((ps) =>
      ps.length === 0 ? undefined : { text: piecesText(ps, line.size).trim(), end: ps[ps.length - 1]!.end },
    );
  });
  // Columns of row numbers: most of their lines are a number alone.
  const numbers = columns.map((_, k) => {
    const texts = cellsOf.flatMap((cells) => (cells[k] && cells[k].text !== "" ? [cells[k].text] : []));
    return texts.filter((t) => /^\d{1,3}$/.test(t)).length >= texts.length * 0.8;
  });
  const rows: (CellState | undefined)[][] = [];
  let row: (CellState | undefined)[] | undefined;
  lines.forEach((line, n) => {
    const cells = cellsOf[n]!;
    const filled = cells.flatMap((c, k) => (c && c.text !== "" ? [k] : []));
    if (filled.length === 0) return;
    const adjacent = (s: CellState) =>
      s.page === line.page ? s.y - line.y <= line.size * CELL_PITCH : line.page === s.page + 1;
    const wraps = (k: number) => {
      const s = row?.[k];
      return (
        s !== undefined &&
        adjacent(s) &&
        s.end + firstWordWidth(cells[k]!.text, line.size) > right[k]! - line.size * 0.3
      );
    };
    const kind = (k: number): "fresh" | "resumed" | "continues" | "new" => {
      const s = row?.[k];
      if (s === undefined) return "fresh";
      if (!adjacent(s)) return "resumed";
      return wraps(k) && !startsItem(cells[k]!.text, numbers[k]!) ? "continues" : "new";
    };
    let newRow: boolean;
    if (row === undefined) newRow = true;
    else {
      const kinds = filled.map(kind);
      const numbered = filled.some((k, i) => kinds[i] === "new" && startsItem(cells[k]!.text, numbers[k]!));
      if (kinds.includes("resumed") || numbered) newRow = true;
      else if (kinds.includes("continues")) newRow = false;
      else if (kinds.includes("fresh")) {
        // A cell centred in a row that goes on: another column's last line is full and near.
        const open = row.some(
          (s, k) => s !== undefined && !filled.includes(k) && adjacent(s) && s.end > right[k]! - line.size * 1.3,
        );
        newRow = !open;
      } else newRow = filled.length >= 2;
    }
    if (newRow) {
      row = columns.map(() => undefined);
      rows.push(row);
    }
    const current = row!;
    for (const k of filled) {
      const c = cells[k]!;
      const s = current[k];
      if (s) {
        s.lines.push(c.text);
        s.y = line.y;
        s.page = line.page;
        s.end = c.end;
      } else current[k] = { lines: [c.text], y: line.y, page: line.page, end: c.end };
    }
  });
  return rows.map((r) => r.map((s) => (s ? joinCellLines(s.lines) : "")).join("\t"));
}

type Margins = ReadonlyMap<number, { left: number; right: number }>;

/**
 * Paragraph lines (no tables), a paragraph wrapped by the page joined again, also from the last
 * line of a page to the first of the next.
 */
function paragraphs(lines: readonly PdfLine[], margins: Margins): string[] {
  const out: string[] = [];
  let previous: { line: PdfLine; text: string } | undefined;
  for (const line of lines) {
    const text = lineText(line);
    const prev = previous;
    const { left, right } = margins.get(line.pageWidth)!;
    const wrapped =
      prev !== undefined &&
      (prev.line.page === line.page
        ? prev.line.y - line.y <= Math.max(prev.line.size, line.size) * 2
        : line.page === prev.line.page + 1 && prev.line.pageWidth === line.pageWidth) &&
      !text.includes("\t") &&
      // The line above ends where this line's first word would not have fitted (line breaking
      // keeps words, numbers and closing punctuation together, so it may end short of the margin).
      prev.line.pieces[prev.line.pieces.length - 1]!.end + firstWordWidth(text, line.size) > right - line.size &&
      readMarker(text) === undefined &&
      line.pieces[0]!.x <= left + line.size * 0.5;
    if (wrapped) out[out.length - 1] += text;
    else out.push(text);
    previous = { line, text };
  }
  return out;
}

/** The text of a document's pages (lines of all pages in reading order, see the module comment). */
export function layoutText(pages: readonly PdfLine[][]): string {
  const lines = pages.flatMap((p) => withoutPageNumbers(p));
  if (lines.length === 0) return "";
  // The margins of the pages (of each page width), for joining wrapped paragraphs: where the
  // text of all pages of that width starts and ends, as a page with short lines only tells less.
  const margins = new Map<number, { left: number; right: number }>();
  for (const l of lines) {
    const m = margins.get(l.pageWidth) ?? { left: Number.POSITIVE_INFINITY, right: Number.NEGATIVE_INFINITY };
    m.left = Math.min(m.left, l.pieces[0]!.x);
    m.right = Math.max(m.right, l.pieces[l.pieces.length - 1]!.end);
    margins.set(l.pageWidth, m);
  }
  const out: string[] = [];
  const prose = (from: number, to: number) => out.push(...paragraphs(lines.slice(from, to), margins));
  let at = 0;
  for (const run of findTables(lines)) {
    prose(at, run.start);
    out.push(...tableRows(lines.slice(run.start, run.end), run.columns));
    at = run.end;
  }
  prose(at, lines.length);
  return out.join("\n");
}
