/**
 * Segmentation by the document's own structure, not by its line breaks. Text copied from a web
 * page or a PDF often has lost its line breaks (the whole body on one line) or has them in the
 * wrong places (hard-wrapped at a fixed width, mid-sentence). This pass gives the layout parsers
 * the lines the document means:
 *
 * - hard-wrapped lines are joined again (a run of lines cut at one fixed width);
 * - a line is cut before a numbering marker that continues the document's numbering (一、 after
 *   the heading before it, （二） after （一）, 12. after 11.), before an annex mark (附件：…),
 *   after an item's responsibility clause when more text follows, and, in the document's head,
 *   after its red header, document number, notice title, salutation, sentences and date;
 * - a tab table whose rows ran together is cut back into rows by its header width and the row
 *   numbers of its 序号 column.
 *
 * Every piece keeps the number of the source line it starts on. On text whose lines already
 * follow its structure this pass changes nothing.
 */
import { CHINESE_NUMERAL_CHARS } from "@reform/domain";
import { trailingClause } from "./Clause.ts";
import { columnRole, headerWordSuffix, leadingHeaderWords, tableColumns } from "./Columns.ts";
import { findUnitRun } from "./layouts/FlatTable.ts";
import { cleanLine, type Line } from "./Lines.ts";
import { type Marker, type MarkerStyle, MARKER_STYLES, readMarker } from "./Numbering.ts";

/** Full-width digits (０-９) as ASCII digits: widths must not change what is read. */
export function halfWidthDigits(text: string): string {
  return /[０-９]/.test(text) ? text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)) : text;
}

function line(no: number, raw: string): Line {
  return { no, raw, text: cleanLine(raw), cell: raw.charCodeAt(0) === 9 };
}

// ---------------------------------------------------------------------------------------------
// Hard wrap

/**
 * The width the text was hard-wrapped at, if it was: a quarter or more of its non-empty lines
 * (at least five) have one same length of 20 characters or more, and hardly any line is longer.
 */
export function wrapWidth(lines: readonly Line[]): number | undefined {
  const counts = new Map<number, number>();
  let nonEmpty = 0;
  for (const l of lines) {
    if (l.text === "") continue;
    nonEmpty++;
    const n = l.raw.length;
    if (n >= 20) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let width = 0;
  let count = 0;
  for (const [n, c] of counts) {
    if (c > count || (c === count && n > width)) [width, count] = [n, c];
  }
  if (count < 3 || count < nonEmpty * 0.25) return undefined;
  let longer = 0;
  for (const l of lines) if (l.raw.length > width) longer++;
  return longer <= nonEmpty * 0.02 ? width : undefined;
}

/** The line after a full-width line continues it, unless it starts a table row or an item after a closed one. */
function continues(piece: string, next: Line): boolean {
  if (next.raw.trim() === "") return false;
  if (/^\s*\d{1,3}\t/.test(next.raw) && piece.includes("\t")) return false;
  // A flattened table row starting with its number after a row that ended with a unit or a remark.
  if (/^\s*\d{1,3}\s*[\u4e00-\u9fa5]/.test(next.raw) && /[局委办会心府院部厅。\s]$/.test(piece)) return false;
  return !(readMarker(next.text) !== undefined && /[。；;）)]$/.test(piece));
}

/** Joins the lines cut at `width` with the line after them. */
function unwrap(lines: readonly Line[], width: number): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    let raw = first.raw;
    let piece = first.raw;
    while (piece.length === width && i + 1 < lines.length && continues(piece, lines[i + 1]!)) {
      piece = lines[++i]!.raw;
      raw += piece;
    }
    out.push(raw === first.raw ? first : line(first.no, raw));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Numbering in sequence

/** Which markers continue the numbering read so far. */
class Sequence {
  private readonly last = new Map<MarkerStyle, number>();
  private readonly restart = new Set<MarkerStyle>();

  expects(m: Marker): boolean {
    const last = this.last.get(m.style);
    // Items may continue a numbering begun in an earlier part (７．, ８．): the first one may be any.
    if (last === undefined) return m.ordinal === 1 || (m.style === "arabic" && m.ordinal < 100);
    return m.ordinal === last + 1 || (m.ordinal === 1 && this.restart.has(m.style));
  }

  see(m: Marker): void {
    this.last.set(m.style, m.ordinal);
    this.restart.delete(m.style);
    for (const s of MARKER_STYLES.slice(m.depth + 1)) this.restart.add(s);
  }

  reset(): void {
    this.last.clear();
    this.restart.clear();
  }

  /** The item number the numbering expects next. */
  get nextArabic(): number {
    return (this.last.get("arabic") ?? 0) + 1;
  }

  get started(): boolean {
    return this.last.has("chinese") || this.last.has("paren-chinese") || this.last.has("arabic");
  }
}

const NUMERALS = new Set(CHINESE_NUMERAL_CHARS);
const NUMERAL_CODES = new Set([...CHINESE_NUMERAL_CHARS].map((c) => c.charCodeAt(0)));
/** Characters where a cut may start (digits, brackets, numerals, 第, 附): the rest are skipped at once. */
const INTERESTING = new Uint8Array(0x10000);
for (const c of [...NUMERAL_CODES, 0x28, 0x29, 0xff08, 0xff09, 0x7b2c, 0x9644]) INTERESTING[c] = 1;
for (let c = 0x30; c <= 0x39; c++) INTERESTING[c] = 1;
const ANNEX_AT = /^附\s*件\s*[0-9一二三四五六七八九十]{0,3}\s*[:：]/;
const ANNEX_REPEAT =
  /^(附\s*件\s*([0-9一二三四五六七八九十]{0,3})\s*[:：]\s*)([^。；：:]{2,60}?)(附\s*件\s*\2?)\s*(\3)/;
const SENTENCE_END = /[。；;！!？?]/;
/** An annex's title: no sentence, ending in a document type. */
const ANNEX_TITLE = /^[^。；;，,：:]{2,60}(?:方案|任务|清单|计划|规划|要点|措施|细则|分工|台账|施工图|表)\s*$/;

function tabsIn(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\t"); i !== -1; i = text.indexOf("\t", i + 1)) n++;
  return n;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiWord(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * A numbering marker that may start a new piece at `p` (not at the start of the line): a heading
 * or an item (一、 （一） 1.) that continues the numbering. Sub-items (（1） ①) run inline in
 * many documents and never cut a line.
 */
function markerAt(raw: string, p: number, seq: Sequence): Marker | undefined {
  const c = raw.charCodeAt(p);
  // Most characters cannot start a marker: CJK text other than numerals and 第.
  if (c > 0xff && c !== 0xff08 && c !== 0x7b2c && !NUMERAL_CODES.has(c)) return undefined;
  const prev = raw.charCodeAt(p - 1);
  if (isDigit(c)) {
    if (isAsciiWord(prev) || prev === 0x2e || prev === 0xff0e || prev === 0x2d || prev === 0x2f) return undefined;
    if (prev === 0x3a || prev === 0xff1a || prev === 0x7e || prev === 0xff5e) return undefined;
    // After ASCII text (a link, a code, a file name) a number is not a marker.
    if (prev >= 0x21 && prev <= 0x7e && prev !== 0x29 && prev !== 0x2a && prev !== 0x3b) return undefined;
    let q = p + 1;
    while (q < raw.length && isDigit(raw.charCodeAt(q))) q++;
    while (raw.charCodeAt(q) === 0x20) q++;
    const after = raw.charCodeAt(q);
    if (after !== 0x2e && after !== 0xff0e && after !== 0x3001) return undefined;
  } else if (c === 0x7b2c) {
    // 第一条: an article.
    if (!NUMERALS.has(raw[p + 1] ?? "")) return undefined;
  } else if (c === 0xff08 || c === 0x28) {
    // （一） only: paren-arabic markers are sub-items.
    if (!NUMERALS.has(raw[p + 1] ?? "") && !NUMERALS.has(raw[p + 2] ?? "")) return undefined;
  } else if (NUMERAL_CODES.has(c)) {
    const before = raw[p - 1]!;
    if (NUMERALS.has(before) || before === "第" || before === "、" || before === "和" || before === "至")
      return undefined;
    let q = p + 1;
    while (q < raw.length && NUMERALS.has(raw[q]!)) q++;
    if (!"、，,．.".includes(raw[q] ?? "x")) return undefined;
  } else return undefined;
  const m = readMarker(raw.slice(p, p + 24), seq.nextArabic);
  if (!m || m.depth > 2 || m.rest === "") return undefined;
  if (m.style === "chinese" && /^[一二三四五六七八九十]+[、，]/.test(m.rest)) return undefined;
  if (/^[）)、，,。.]/.test(m.rest)) return undefined;
  return seq.expects(m) ? m : undefined;
}

/** A responsibility clause closes the text before `p` ("…（责任部门：省医保局）" then more text). */
function clauseEndsAt(raw: string, p: number, from: number): boolean {
  const c = raw.charCodeAt(p - 1);
  if (c !== 0xff09 && c !== 0x29) return false;
  return trailingClause(raw.slice(from, p)) !== undefined;
}

/** Words that open a paragraph's first sentence after a heading written on the same line. */
const OPENER =
  /^(?:坚持|各级|各地|各市|各县|各区|各有关|按照|根据|围绕|到\s*20\d\d|从\s*20\d\d|(?:19|20)\d\d\s*年|\d{1,2}\s*月|为了|为贯彻|通过|全市|全省|本市|本省|近年来|目前)/;

/**
 * Where a heading (一、 or （一）) ends when its paragraph follows on the same piece: the first
 * sentence is long and an opener word starts a sentence within the first 24 characters.
 */
function headingEnd(piece: string): number | undefined {
  const m = readMarker(piece.trimStart());
  if (!m || m.depth > 1) return undefined;
  const restAt = piece.length - m.rest.length;
  const stop = m.rest.search(/[。；;]/);
  if (stop !== -1 && stop <= 16) return undefined;
  for (let k = 4; k <= 24 && k < m.rest.length && (stop === -1 || k < stop); k++) {
    if (OPENER.test(m.rest.slice(k, k + 8))) return restAt + k;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The head of a document on one line

const DOC_NO = /[〔[［【]\s*\d{4}\s*[〕\]］】]\s*\d{1,4}\s*号/g;
const CN_DATE_AT = /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:印发|发布)?/g;
const SALUTATION = /(?:单位|部门|政府|委员会|领导小组|成员单位|各局|办、局|直属机构|有关单位)[:：]$/;
const PREAMBLE = /^(?:根据|为贯彻|为深入|为进一步|为加快|为全面|为落实|按照|经市政府同意|经省政府同意|现将)/;
/**
 * In a head on one line: runs of two or more spaces (paragraph indents), web page labels
 * (发布日期 2017-09-14 发文字号 …) and the marketing text of the site that saved the page.
 */
const HEAD_BREAK =
  /(?<=\S)[\s\u00a0\u3000]{2,}(?=\S)|(?:发布日期|成文日期|印发日期|发文日期|发文字号|信息分类|有效地区|时效性|实施日期|颁发部门|发文机关|正文内容|作者[:：]|更新时间[:：]|来源[:：]|【文件】|您现在所在位置|当前位置[:：])|(?<=企业版|客服电话\d{7,12}|试用|免费体验)/g;
const TITLE_END = /(?:方案|意见|通知|任务|清单|计划|规划|要点|措施|细则|办法|施工图)$/;

/** Cut points in the head of a document (before its first heading), as offsets in `raw`. */
function headCuts(raw: string, from: number, to: number, cuts: Set<number>): void {
  const text = raw.slice(from, to);
  if (text.length < 60) return;
  for (const m of text.matchAll(DOC_NO)) {
    // The number's issuer abbreviation: up to six characters before the bracket, after any "文件".
    let start = m.index;
    let k = 0;
    while (
      start > 0 &&
      k < 6 &&
      /[\u4e00-\u9fa5]/.test(text[start - 1]!) &&
      !/[号知件日月年]/.test(text[start - 1]!) &&
      !text.slice(0, start).endsWith("文件")
    ) {
      start--;
      k++;
    }
    if (/[（(《〈“]/.test(text[start - 1] ?? "")) continue;
    cuts.add(from + start);
    cuts.add(from + m.index + m[0].length);
  }
  for (const m of text.matchAll(CN_DATE_AT)) {
    const before = text[m.index - 1];
    if (before !== undefined && /[\d到至起前]/.test(before)) continue;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 1);
    if (/[起前以至到,，、]/.test(after)) continue;
    cuts.add(from + m.index);
    cuts.add(from + m.index + m[0].length);
  }
  for (const m of text.matchAll(HEAD_BREAK)) {
    if (m.index > 0) cuts.add(from + m.index + (m[0].trimStart() === m[0] ? 0 : m[0].length - m[0].trimStart().length));
  }
  let segment = 0;
  let quoted = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "《") quoted++;
    else if (ch === "》") quoted = Math.max(0, quoted - 1);
    if (quoted > 0) continue;
    if (ch === "。" || ch === "！" || ch === "？") {
      cuts.add(from + i + 1);
      segment = i + 1;
    } else if ((ch === "：" || ch === ":") && SALUTATION.test(text.slice(segment, i + 1))) {
      cuts.add(from + i + 1);
      segment = i + 1;
    } else if (text.startsWith("的通知", i)) {
      cuts.add(from + i + 3);
      segment = i + 3;
    } else if (text.startsWith("文件", i) && DOC_NO.test(text.slice(i + 2, i + 20))) {
      cuts.add(from + i + 2);
    } else if (PREAMBLE.test(text.slice(i, i + 6)) && TITLE_END.test(text.slice(Math.max(0, i - 4), i))) {
      cuts.add(from + i);
      segment = i;
    }
    DOC_NO.lastIndex = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Tab tables whose rows ran together

const DEADLINE_CELL =
  /^(?:\d{4}\s*[-—–至]\s*\d{4}\s*年每年|(?:每年)?\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:底前|年底前|前|底)?|每年\s*\d{1,2}\s*月(?:份|底前|底)?|\d{1,2}\s*月(?:份|底前|底)|年底前|年内|持续推进|长期|常年|已完成|按照?国家(?:要求|部署)完成)/;
const CLOSING_TAIL =
  /([\u4e00-\u9fa5（）()]{4,40}?(?:办公室|办公厅|人民政府|委员会|领导小组|政府|厅|局|委))?(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:印发|发布)?)$/;

/**
 * A tab-separated header and the rows after it on one line: cut into rows by the header's width
 * and the 序号 column's numbers (the number of a row is glued to the last cell of the row before).
 * Returns the pieces (title before the header, header, rows, closing lines) or undefined.
 */
function splitTabRun(raw: string, last: boolean): string[] | undefined {
  const cells = raw.split("\t");
  if (cells.length < 6) return undefined;
  const first = headerWordSuffix(cells[0]!.trim());
  if (first === undefined) return undefined;
  const names = [first];
  let k = 1;
  let rest: string | undefined;
  for (; k < cells.length; k++) {
    const c = cells[k]!.trim();
    if (columnRole(c) !== undefined && headerWordSuffix(c) === c) {
      names.push(c);
      continue;
    }
    const m = /^(.+?)(\d{1,3})$/.exec(c);
    if (m && columnRole(m[1]!) !== undefined && headerWordSuffix(m[1]!) === m[1]) {
      names.push(m[1]!);
      rest = m[2]!;
      k++;
    }
    break;
  }
  const columns = tableColumns(names);
  if (columns?.roles[0] !== "seq" || rest !== "1") return undefined;
  const width = names.length;
  const title = cells[0]!.trim().slice(0, -first.length);
  const pieces: string[] = title === "" ? [] : [title];
  pieces.push(names.join("\t"));
  const body = [rest, ...cells.slice(k)];
  let row: string[] = [];
  let next = 2;
  for (let i = 0; i < body.length; i++) {
    let cell = body[i]!;
    row.push(cell);
    if (row.length < width) continue;
    const wanted = String(next);
    if (cell.endsWith(wanted) && i + 1 < body.length) {
      cell = cell.slice(0, -wanted.length);
      row[row.length - 1] = cell;
      pieces.push(row.join("\t"));
      row = [wanted];
      next++;
    } else if (i + 1 === body.length) break;
    else return undefined;
  }
  if (row.length > 0) {
    // The document's closing lines (signature, date) after the last row's deadline.
    const tail = row[row.length - 1]!;
    const deadline = last && columns.roles[width - 1] === "deadline" ? DEADLINE_CELL.exec(tail) : null;
    const closing = deadline ? CLOSING_TAIL.exec(tail.slice(deadline[0].length)) : null;
    if (deadline && closing && closing.index === 0) {
      row[row.length - 1] = deadline[0];
      pieces.push(row.join("\t"));
      if (closing[1]) pieces.push(closing[1]);
      pieces.push(closing[2]!);
    } else pieces.push(row.join("\t"));
  }
  return pieces;
}

// ---------------------------------------------------------------------------------------------

/**
 * The document's lines as its structure means them (see the module comment). Returns `lines`
 * itself when nothing needed cutting or joining.
 */
export function segmentLines(lines: readonly Line[]): Line[] {
  const width = wrapWidth(lines);
  const source = width === undefined ? lines : unwrap(lines, width);
  const seq = new Sequence();
  const out: Line[] = [];
  let changed = source !== lines;
  let lastNonEmpty = source.length - 1;
  while (lastNonEmpty > 0 && source[lastNonEmpty]!.text === "") lastNonEmpty--;
  for (let li = 0; li < source.length; li++) {
    const l = source[li]!;
    if (l.text === "" || l.cell) {
      out.push(l);
      continue;
    }
    const raw = l.raw;
    const tab = raw.indexOf("\t");
    if (tab !== -1) {
      // Prose before a table whose rows ran together: cut at the table's first header word.
      const word = tabsIn(raw) >= 6 ? headerWordSuffix(raw.slice(Math.max(0, tab - 30), tab)) : undefined;
      const at = word === undefined ? 0 : tab - word.length;
      const pieces = word === undefined ? undefined : splitTabRun(raw.slice(at), li === lastNonEmpty);
      if (!pieces) {
        out.push(l);
        continue;
      }
      changed = true;
      if (at > 0 && raw.slice(0, at).trim() !== "") cutProse(line(l.no, raw.slice(0, at)), seq, out);
      for (const p of pieces) out.push(line(l.no, p));
      continue;
    }
    const end = raw.indexOf("<END>");
    if (end > 0) {
      changed = true;
      cutLine(line(l.no, raw.slice(0, end)), seq, out);
      out.push(line(l.no, raw.slice(end, end + 5)));
      if (raw.slice(end + 5).trim() !== "") out.push(line(l.no, raw.slice(end + 5)));
      continue;
    }
    if (cutLine(l, seq, out)) changed = true;
  }
  return changed ? out : (lines as Line[]);
}

/**
 * Web page furniture wherever it stands on a line, cut out as pieces of its own for the bounds to
 * leave out: a breadcrumb (当前位置：首页 > 政务公开 > 政策文件), share buttons (分享到：微信 微博),
 * page buttons (【打印本页】【关闭窗口】【字体：大 中 小】); a footer (扫一扫…, 主办：…, 网站标识码…)
 * runs to the end of the line.
 */
const JUNK_SPAN = new RegExp(
  [
    "(?:当前位置|您的位置|您现在的位置|您现在所在位置|所在位置)\\s*[:：]?\\s*(?:[^\\s>›»【]{1,12}\\s*[>›»]+\\s*)+[^\\s>›»【。，]{1,8}",
    "分享到\\s*[:：]?(?:\\s*(?:微信|微博|新浪微博|腾讯微博|QQ空间|QQ好友|QQ|豆瓣|人人网|朋友圈|复制链接|更多))*",
    "【\\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏本页|加入收藏|字[体号]\\s*[:：]?\\s*大\\s*中\\s*小|大\\s*中\\s*小)\\s*】",
    "(?:扫一扫在手机打开当前页|扫一扫|主办[:：]|主办单位[:：]|承办[:：]|网站标识码|版权所有|ICP备|技术支持[:：]|网站地图|联系我们)[^]*$",
  ].join("|"),
  "g",
);

/** {@link JUNK_SPAN} tried at one position only. */
const JUNK_AT = new RegExp(JUNK_SPAN.source, "y");

/** The first characters of every {@link JUNK_SPAN} alternative: elsewhere no span can start. */
const JUNK_START = new Uint8Array(0x10000);
for (const c of "当您所分【扫主承网版I技联") JUNK_START[c.charCodeAt(0)] = 1;

/**
 * The same cuts as `raw.matchAll(JUNK_SPAN)` (leftmost, non-overlapping spans), but the pattern is
 * only tried where a span can start: most characters of a document start none.
 */
function junkCuts(raw: string, cuts: Set<number>): void {
  for (let p = 0; p < raw.length; p++) {
    if (JUNK_START[raw.charCodeAt(p)] === 0) continue;
    JUNK_AT.lastIndex = p;
    const m = JUNK_AT.exec(raw);
    if (m === null) continue;
    cuts.add(p);
    cuts.add(p + m[0].length);
    p += m[0].length - 1;
  }
}

/** A flattened table (header words run together, then its rows) inside a long line, cut into rows. */
function cutLine(l: Line, seq: Sequence, out: Line[]): boolean {
  const raw = l.raw;
  const at = raw.length > 30 ? raw.indexOf("序号") : -1;
  if (at !== -1) {
    const header = leadingHeaderWords(raw.slice(at));
    const columns = header.names.length >= 3 ? tableColumns(header.names) : undefined;
    const rows = columns ? splitFlatRows(raw.slice(at + header.length)) : undefined;
    if (rows) {
      if (raw.slice(0, at).trim() !== "") cutProse(line(l.no, raw.slice(0, at)), seq, out);
      out.push(line(l.no, raw.slice(at, at + header.length)));
      for (const r of rows) out.push(line(l.no, r));
      return true;
    }
  }
  return cutProse(l, seq, out);
}

/** The row number a flattened row starts with, if `n` stands at `p`. */
function seqAt(text: string, p: number, n: number): boolean {
  const s = String(n);
  if (!text.startsWith(s, p) || isDigit(text.charCodeAt(p - 1))) return false;
  return !/^[\d年月日号%．.个名元]/.test(text.slice(p + s.length, p + s.length + 1));
}

/**
 * The rows of a flattened table that ran together: a row with a number starts at the next number
 * (1, 2, 3…); within it, a row ends after its units when whitespace follows them, or after its
 * remark's last full stop; a piece with no units is the remark of the row before.
 */
function splitFlatRows(text: string): string[] | undefined {
  const lead = text.length - text.trimStart().length;
  if (!seqAt(text, lead, 1)) return undefined;
  const numbered: string[] = [];
  let start = lead;
  let n = 2;
  for (let p = lead + 1; p < text.length; p++) {
    if (!seqAt(text, p, n)) continue;
    // A row number stands after the end of the row before: whitespace, a full stop or a unit.
    if (!/[\s\u00a0。）)局委办会心府院部厅]/.test(text[p - 1]!)) continue;
    numbered.push(text.slice(start, p));
    start = p;
    n++;
  }
  numbered.push(text.slice(start));
  if (numbered.length < 2) return undefined;
  const rows: string[] = [];
  for (const chunk of numbered) {
    let rest = chunk;
    for (;;) {
      const run = findUnitRun(rest);
      if (!run) {
        if (rows.length > 0 && rest.trim() !== "") rows[rows.length - 1] += rest;
        else if (rest.trim() !== "") rows.push(rest);
        break;
      }
      let end = run.end;
      const ws = /^[\s\u00a0]+/.exec(rest.slice(end));
      if (ws) end += ws[0].length;
      else {
        const stop = rest.indexOf("。", end);
        end = stop === -1 ? rest.length : stop + 1;
      }
      const piece = rest.slice(0, end);
      if (rows.length > 0 && rest !== chunk && findUnitRun(piece) === undefined) rows[rows.length - 1] += piece;
      else rows.push(piece);
      rest = rest.slice(end);
      if (rest.trim() === "") break;
    }
  }
  return rows;
}

/** Cuts one prose line at its structure (see the module comment); true when it was cut. */
function cutProse(l: Line, seq: Sequence, out: Line[]): boolean {
  const raw = l.raw;
  if (ANNEX_AT.test(l.text) || /^附\s*件\s*[0-9一二三四五六七八九十]{0,3}$/.test(l.text)) seq.reset();
  const cuts = new Set<number>();
  const lead = raw.length - raw.trimStart().length;
  const own = readMarker(l.text, seq.nextArabic);
  let from = lead;
  if (own) {
    seq.see(own);
    from = lead + own.raw.length;
  }
  let pieceStart = lead;
  let head = !seq.started;
  // "附件金山区2023年…任务清单": a bare annex mark run into the annex's title.
  const annex = /^附\s*件\s*[0-9一二三四五六七八九十]{0,3}(?=[\u4e00-\u9fa5])/.exec(raw.slice(lead));
  if (annex && ANNEX_TITLE.test(raw.slice(lead + annex[0].length))) {
    cuts.add(lead + annex[0].length);
    seq.reset();
  }
  for (let p = from; p < raw.length; p++) {
    const c = raw.charCodeAt(p);
    if (INTERESTING[c] === 0) continue;
    if (c === 0x9644 && raw.startsWith("附", p)) {
      const prev = raw[p - 1];
      if (prev === undefined || SENTENCE_END.test(prev) || /[\s）)]/.test(prev)) {
        if (ANNEX_AT.test(raw.slice(p, p + 12))) {
          const repeat = ANNEX_REPEAT.exec(raw.slice(p));
          cuts.add(p);
          if (repeat) {
            const titleEnd = p + repeat[1]!.length + repeat[3]!.length;
            cuts.add(titleEnd);
            cuts.add(titleEnd + raw.slice(titleEnd).indexOf(repeat[5]!, repeat[4]!.length));
          }
          pieceStart = p;
          seq.reset();
          head = false;
          continue;
        }
      }
    }
    const m = markerAt(raw, p, seq);
    if (m) {
      if (head) headCuts(raw, pieceStart, p, cuts);
      head = false;
      cuts.add(p);
      pieceStart = p;
      seq.see(m);
      p += m.raw.length - 1;
      continue;
    }
    if ((c === 0xff09 || c === 0x29) && !head && p + 1 < raw.length && clauseEndsAt(raw, p + 1, pieceStart)) {
      const after = raw.slice(p + 1).trimStart();
      if (after !== "" && !/^[。；;，,]/.test(after)) {
        cuts.add(p + 1);
        pieceStart = p + 1;
      }
    }
  }
  if (head && raw.length > 120) headCuts(raw, pieceStart, raw.length, cuts);
  junkCuts(raw, cuts);
  if (cuts.size === 0) {
    out.push(l);
    return false;
  }
  const sorted = [...cuts].filter((c) => c > lead && c < raw.length).sort((a, b) => a - b);
  // A heading that runs into its first paragraph ends where the paragraph's first sentence starts.
  for (const [i, at] of [lead, ...sorted].entries()) {
    const end = sorted[i] ?? raw.length;
    const heading = end - at > 30 ? headingEnd(raw.slice(at, end)) : undefined;
    if (heading !== undefined) cuts.add(at + heading);
  }
  if (cuts.size > sorted.length) {
    sorted.length = 0;
    sorted.push(...[...cuts].filter((c) => c > lead && c < raw.length).sort((a, b) => a - b));
  }
  let start = 0;
  for (const cut of [...sorted, raw.length]) {
    const piece = raw.slice(start, cut);
    if (piece.trim() !== "") out.push(line(l.no, piece));
    start = cut;
  }
  return true;
}
