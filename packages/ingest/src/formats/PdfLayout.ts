/**
 * The text of a PDF's pages from the positions of its pieces of text (what pdf.js gives: a string,
 * where it starts, how wide it is, its font size), as the document importer reads text:
 *
 * - **Lines**: pieces at one height form a line, left to right. Between two pieces, a gap wider
 *   than one and a half characters is a column boundary (a tab); a gap of more than half a
 *   character in Chinese text or numbers (a whole one between two words of letters) is a cell
 *   boundary of a table flattened into a line (a no-break space, as a page keeps a run of
 *   spaces); a smaller gap between two words, or between Chinese characters, is a space, and a
 *   fifth of a character around a number (a word processor's autospacing) is nothing.
 * - **Tables**: a run of lines whose text leaves the same vertical gutters free, with at least two
 *   lines that have text on both sides of a gutter, is a table; the gutters are its column
 *   boundaries, however narrow (a word processor leaves only the cells' padding between columns).
 *   A line across a gutter that lines have had text on both sides of (a paragraph, a signature)
 *   ends it. Its rows are rebuilt from its lines, each row as one line of tab-separated cells,
 *   empty where a column has no text (a merged cell continuing), as a Word table exported as
 *   text is; a cell's lines are joined again.
 *   - Where rules (the table's borders, drawn between rows) separate its rows on a page, they say
 *     where a row ends; a cell merged down (no rule under it in its column) belongs to the row it
 *     starts in, wherever its text is printed (top or centre).
 *   - Without rules, and at a page break, the text says: a line continues the row when a cell's
 *     line above was full (its next word would not have fitted there), when its text is only in
 *     columns right of where the row started (a cell's second paragraph), or, in a table whose
 *     rows start with a row number, when it has none; it starts a row with an item or row
 *     number, after a gap in a column, or with cells starting in several columns at once.
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

// Gaps and distances in character widths (font sizes).
/** A gap wider than this is a column boundary in a line (tab). */
const COLUMN_GAP = 1.5;
/** A gap wider than this in Chinese text is a cell boundary (no-break space). */
const CELL_GAP = 0.6;
/** A table's gutter between columns is at least this wide. */
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
    // A line in one column farther below than a cell's next line (after an empty paragraph in a
    // cell) is the table's only if a line across columns follows; else the table ended above it.
    let unsure: number | undefined;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      const gap = hasGap(line);
      if (!near(lines[j - 1]!, line, TABLE_PITCH)) break;
      if (gap) unsure = undefined;
      else if (unsure === undefined && !near(lines[j - 1]!, line, CELL_PITCH + 0.5)) unsure = j;
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
    if (unsure !== undefined) {
      // Forget what the lines after the table added to its gutters.
      j = unsure;
      union = [];
      for (const l of lines.slice(i, j)) for (const p of l.pieces) union = addSpan(union, { from: p.x, to: p.end });
      free = gutters(union, size * GUTTER).map((g) => ({ ...g, seen: 0 }));
    }
    const columns = free.length === 0 ? [] : spansBetween(union, free);
    if (isTable(lines.slice(i, j), columns)) {
      // Lines just above in one column each belong to it too (a heading cell "序" "号" whose
      // neighbours are centred lower).
      let start = i;
      const before = runs[runs.length - 1]?.end ?? 0;
      while (
        start > before &&
        near(lines[start - 1]!, lines[start]!, CELL_PITCH) &&
        lines[start - 1]!.page === lines[start]!.page &&
        lines[start - 1]!.pieces.every((p) =>
          columns.some((c) => p.x >= c.from - size * 0.5 && p.end <= c.to + size * 0.5),
        )
      ) {
        start--;
      }
      runs.push({ start, end: j, columns });
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

/** Where a column's text in the row being read last was: its last line's y, page and end (x). */
interface CellState {
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

/** A horizontal rule drawn on a page (a table's border between rows): from x to x at height y. */
export interface Rule {
  page: number;
  from: number;
  to: number;
  y: number;
}

/** A rule across (at least) one column: a cell border, not an underline of a word. */
function across(r: Rule, columns: readonly Span[], k: number | undefined, size: number): boolean {
  const covers = (c: Span) => r.from <= c.from + size * 0.2 && r.to >= c.to - size * 0.2;
  return k === undefined ? columns.some(covers) : covers(columns[k]!);
}

/**
 * The heights of the rules between the rows of a table's lines on one page, one per height:
 * rules across at least one column (a rule under a merged cell leaves that column out) between
 * its first and last lines, and clear of the text of the columns they cross (not an underline
 * just under a line, nor a strike-through).
 */
function rulesBetweenRows(lines: readonly PdfLine[], columns: readonly Span[], rules: readonly Rule[]): number[] {
  const first = lines[0]!;
  const last = lines[lines.length - 1]!;
  const size = Math.max(...lines.map((l) => l.size));
  const clear = (r: Rule) =>
    lines.every(
      (l) =>
        r.y < l.y - l.size * 0.2 || r.y > l.y + l.size * 0.7 || !l.pieces.some((p) => p.end > r.from && p.x < r.to),
    );
  const ys = rules
    .filter(
      (r) => r.page === first.page && r.y < first.y && r.y > last.y && across(r, columns, undefined, size) && clear(r),
    )
    .map((r) => r.y)
    .sort((a, b) => b - a);
  return ys.filter((y, i) => i === 0 || ys[i - 1]! - y > 1);
}

type Kind = "fresh" | "resumed" | "wraps" | "new";

/** A column's text on one line of a table, and where it ends. */
interface CellLine {
  text: string;
  end: number;
}

/** A table's lines cut into its columns, and what its columns tell. */
interface TableText {
  cellsOf: (CellLine | undefined)[][];
  /** Where each column's longest line ends. */
  right: number[];
  /**
   * Whether a column's text wraps at its right edge: several lines end there and others well
   * before it (the last lines of paragraphs); a column of short texts of one length (units,
   * dates) does not tell where it would wrap.
   */
  wrapping: boolean[];
  /** Columns of row numbers: their lines are numbers alone, but for a heading ("序号", "序" "号"). */
  numbers: boolean[];
}

function tableText(lines: readonly PdfLine[], columns: readonly Span[]): TableText {
  const cellsOf = lines.map((line) => {
    const cells = columns.map((): Piece[] => []);
    for (const p of line.pieces) cells[columnOf(columns, p)]!.push(p);
    return cells.map((ps): CellLine | undefined => {
      const text = piecesText(ps, line.size).trim();
      return text === "" ? undefined : { text, end: ps[ps.length - 1]!.end };
    });
  });
  const size = Math.max(...lines.map((l) => l.size));
  const right = columns.map((_, k) => Math.max(...cellsOf.map((cells) => cells[k]?.end ?? Number.NEGATIVE_INFINITY)));
  const wrapping = columns.map((_, k) => {
    const ends = cellsOf.flatMap((cells) => (cells[k] ? [cells[k].end] : []));
    return ends.filter((e) => e >= right[k]! - size * 0.5).length >= 2 && ends.some((e) => e < right[k]! - size * 2);
  });
  const numbers = columns.map((_, k) => {
    const texts = cellsOf.flatMap((cells) => (cells[k] ? [cells[k].text] : []));
    const n = texts.filter((t) => /^\d{1,3}$/.test(t)).length;
    return n >= 2 && (n >= texts.length - 2 || n >= texts.length * 0.8);
  });
  return { cellsOf, right, wrapping, numbers };
}

/**
 * Which lines of a table start a row, from the text alone (see the module comment): a line
 * continues a row where a cell's line above is full, or its text is only in columns right of
 * where the row started; it starts one with an item or row number, after a gap in a column, or
 * with cells starting in several columns at once.
 */
function textRowStarts(lines: readonly PdfLine[], columns: readonly Span[], table: TableText): boolean[] {
  const { cellsOf, right, wrapping, numbers } = table;
  // A column of row numbers that the rows start with (not numbers centred in their rows, nor
  // rows under a merged number): once rows have shown it, a line without a number there
  // continues the row it is in.
  const seq = numbers.indexOf(true);
  let numbered: boolean | undefined = seq === -1 ? false : undefined;
  let firstLine = 0;
  let rowStart = 0;
  let rowCount = 0;
  // The body column: the one with the most lines.
  const lineCounts = columns.map((_, k) => cellsOf.filter((cells) => cells[k] !== undefined).length);
  const body = lineCounts.indexOf(Math.max(...lineCounts));
  let row: (CellState | undefined)[] | undefined;
  return lines.map((line, n) => {
    const cells = cellsOf[n]!;
    const filled = cells.flatMap((c, k) => (c ? [k] : []));
    if (filled.length === 0) return false;
    const adjacent = (s: CellState) =>
      s.page === line.page ? s.y - line.y <= line.size * CELL_PITCH : line.page === s.page + 1;
    const kind = (k: number): Kind => {
      const s = row?.[k];
      if (s === undefined) return "fresh";
      if (!adjacent(s)) return "resumed";
      // The cell's line above is full: this line's first word would not have fitted on it.
      const full = wrapping[k] && s.end + firstWordWidth(cells[k]!.text, line.size) > right[k]! - line.size * 0.3;
      return full ? "wraps" : "new";
    };
    let newRow: boolean;
    if (row === undefined) newRow = true;
    else {
      const kinds = filled.map(kind);
      const item = (i: number) => startsItem(cells[filled[i]!]!.text, numbers[filled[i]!]!);
      const continuing = kinds.filter((k) => k === "wraps").length;
      const others = kinds.filter((k) => k === "new" || k === "resumed").length;
      // An item number ("2.", "（十九）") in a column that had text in the row, or one starting a
      // column (not a bare row number, which may be centred in its row).
      const opensItem = (k: Kind, i: number) =>
        k === "fresh" ? readMarker(cells[filled[i]!]!.text) !== undefined : k !== "wraps" && item(i);
      if (continuing === filled.length) newRow = false;
      else if (kinds.some(opensItem)) newRow = true;
      else if (
        kinds.some((k, i) => k === "wraps" && item(i)) &&
        others + kinds.filter((k) => k === "fresh").length > 0
      ) {
        // An item number where the cell above happened to end on a full line, with other cells starting.
        newRow = true;
      } else if (continuing > 0) newRow = false;
      // Text only in columns right of where the row started, and none starting in the body
      // column: the row's cells going on (second paragraphs).
      else if (filled[0]! > rowStart && !filled.some((k, i) => k === body && kinds[i] !== "wraps")) newRow = false;
      else if (kinds.includes("resumed")) newRow = true;
      else if (kinds.includes("fresh")) {
        // A cell centred in a row that goes on: another column's last line is full and near.
        const open = row.some(
          (s, k) =>
            s !== undefined && !filled.includes(k) && wrapping[k] && adjacent(s) && s.end > right[k]! - line.size * 1.3,
        );
        newRow = !open;
      } else newRow = others >= 2 && !(numbered === true && cells[seq] === undefined);
    }
    if (newRow) {
      // A row after the first (a heading) that ended without a number: numbers are merged.
      if (row !== undefined && rowCount > 1 && row[seq] === undefined) numbered = false;
      row = columns.map(() => undefined);
      rowCount++;
      firstLine = n;
      rowStart = filled[0]!;
    }
    const current = row!;
    if (seq !== -1 && numbered !== false && filled.includes(seq) && /^\d{1,3}$/.test(cells[seq]!.text)) {
      numbered = n === firstLine;
    }
    for (const k of filled) {
      const c = cells[k]!;
      const s = current[k];
      if (s) {
        s.y = line.y;
        s.page = line.page;
        s.end = c.end;
      } else current[k] = { y: line.y, page: line.page, end: c.end };
    }
    return newRow;
  });
}

/**
 * The rows of a table, each as tab-separated cells (see the module comment). On a page where
 * rules separate the table's rows (at least half as many as the text suggests), the rules say
 * where rows end, and a cell merged down (no rule under it) belongs to the row it starts in,
 * wherever its text is printed (centred); at a page break, and in a table without rules, the
 * text says.
 */
export function tableRows(lines: readonly PdfLine[], columns: readonly Span[], rules: readonly Rule[] = []): string[] {
  const table = tableText(lines, columns);
  const { cellsOf } = table;
  const starts = textRowStarts(lines, columns, table);
  const rowOf = lines.map(() => columns.map(() => -1));
  // The last line of each column in the last row so far.
  let lastOfRow: (CellLine | undefined)[] = [];
  let count = 0;
  for (let n = 0; n < lines.length; ) {
    const page = lines[n]!.page;
    let e = n;
    while (e < lines.length && lines[e]!.page === page) e++;
    const boundaries = rulesBetweenRows(lines.slice(n, e), columns, rules);
    const textStarts = starts.slice(n, e).filter(Boolean).length;
    if (boundaries.length > 0 && boundaries.length + 1 >= textStarts * 0.5) {
      const top = Math.max(...boundaries);
      const base = count === 0 || !continuesRow(lines, n, e, top, table, lastOfRow, starts) ? count : count - 1;
      let last = base;
      for (let m = n; m < e; m++) {
        const line = lines[m]!;
        const band = boundaries.filter((y) => y > line.y).length;
        cellsOf[m]!.forEach((c, k) => {
          if (!c) return;
          // The rule above this cell in its own column: a merged cell starts below it.
          const above = rules.filter(
            (r) => r.page === page && r.y > line.y + line.size * 0.5 && across(r, columns, k, line.size),
          );
          const ruleAbove = above.length === 0 ? undefined : Math.min(...above.map((r) => r.y));
          const span =
            ruleAbove === undefined ? band : boundaries.filter((y) => y >= ruleAbove - line.size * 0.2).length;
          rowOf[m]![k] = base + Math.min(span, band);
          last = Math.max(last, rowOf[m]![k]!);
        });
      }
      count = last + 1;
    } else {
      for (let m = n; m < e; m++) {
        if (starts[m]) count++;
        cellsOf[m]!.forEach((c, k) => {
          if (c) rowOf[m]![k] = Math.max(0, count - 1);
        });
      }
    }
    lastOfRow = columns.map(() => undefined);
    for (let m = 0; m < e; m++) {
      cellsOf[m]!.forEach((c, k) => {
        if (c && rowOf[m]![k] === count - 1) lastOfRow[k] = c;
      });
    }
    n = e;
  }
  const rows = Array.from({ length: count }, () => columns.map((): string[] => []));
  cellsOf.forEach((cells, m) => {
    cells.forEach((c, k) => {
      if (c) rows[rowOf[m]![k]!]![k]!.push(c.text);
    });
  });
  return rows.filter((r) => r.some((c) => c.length > 0)).map((r) => r.map(joinCellLines).join("\t"));
}

/**
 * Whether the first row on a page (its lines above the first rule between rows, `top`) goes on
 * from the last row of the page before (a row broken over pages): a column whose last line there
 * was full going on without an item number says so; an item number in a column that had text
 * says a row starts; else the text's reading of the page's first line decides.
 */
function continuesRow(
  lines: readonly PdfLine[],
  from: number,
  to: number,
  top: number,
  table: TableText,
  last: readonly (CellLine | undefined)[],
  starts: readonly boolean[],
): boolean {
  let goesOn = false;
  let starting = false;
  const seen = new Set<number>();
  for (let m = from; m < to && lines[m]!.y > top; m++) {
    const size = lines[m]!.size;
    table.cellsOf[m]!.forEach((c, k) => {
      const prev = last[k];
      if (!c || seen.has(k) || !prev) return;
      seen.add(k);
      if (startsItem(c.text, table.numbers[k]!)) starting = true;
      else if (table.wrapping[k] && prev.end + firstWordWidth(c.text, size) > table.right[k]! - size * 0.3)
        goesOn = true;
    });
  }
  if (goesOn !== starting) return goesOn;
  const first = table.cellsOf.slice(from, to).findIndex((cells) => cells.some(Boolean));
  return first !== -1 && !starts[from + first];
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

/** The pages with a table on them, whose rules `layoutText` is to be given. */
export function tablePages(pages: readonly PdfLine[][]): Set<number> {
  const lines = pages.flatMap((p) => withoutPageNumbers(p));
  const out = new Set<number>();
  for (const run of findTables(lines)) for (let k = run.start; k < run.end; k++) out.add(lines[k]!.page);
  return out;
}

/** The text of a document's pages (lines of all pages in reading order, see the module comment). */
export function layoutText(pages: readonly PdfLine[][], rules: readonly Rule[] = []): string {
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
    out.push(...tableRows(lines.slice(run.start, run.end), run.columns, rules));
    at = run.end;
  }
  prose(at, lines.length);
  return out.join("\n");
}
