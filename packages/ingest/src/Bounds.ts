/**
 * Where the document is inside the text: web-page junk before and after it (navigation, "打印本页",
 * "来源:"), the head (red header, title, document number, notice, preamble), the body and its
 * annexes (附件), and the closing lines (signature, "2019年12月26日印发"). Nothing is dropped
 * silently: every line outside the body is reported in an info diagnostic with its line range.
 */
import type { Diagnostic, DiagnosticCode } from "./Diagnostic.ts";
import { splitFlattenedHeader } from "./Columns.ts";
import { isTableHeader } from "./layouts/TabTable.ts";
import { excerpt, type Line } from "./Lines.ts";
import { readMarker } from "./Numbering.ts";

/** A part of the body: the main text or one annex. */
export interface Part {
  kind: "main" | "annex";
  /** "附件", "附件1" for annexes. */
  label?: string;
  title?: string;
  /** Line of the annex marker. */
  line?: number;
  lines: Line[];
}

export interface Bounds {
  /** Lines before the body that are not junk: red header, title, number, notice, preamble. */
  head: Line[];
  /** Closing lines after the body: signature, print date. */
  closing: Line[];
  parts: Part[];
  diagnostics: Diagnostic[];
}

const JUNK =
  /^(?:【?(?:打印本页|打印|关闭窗口|关闭|返回顶部|返回|分享到|收藏本页|加入收藏|字号)】?|【?\s*大\s*中\s*小\s*】?$|上一篇|下一篇|相关(?:链接|文章|阅读|文件|新闻)|热点|网站地图|联系我们|版权所有|主办单位|主办[:：]|承办单位|承办[:：]|网站标识码|ICP备|技术支持|备案号|扫一扫|字体|您现在所在位置|您的位置|当前位置|位置[:：]|来源[:：]|信息来源|作者[:：]|发布时间[:：]|更新时间[:：]|浏览次数|点击[数率：:]|阅读[数量次]|欢迎|登录|注册|免费|试用|<?END>?$|最新|同部门|同地域|对.{0,20}感兴趣|首页|Copyright|©)/i;
/** A field of an archive header block saved with a page ("标题: …", "发布时间: …", "原文链接: …"). */
export const ARCHIVE_FIELD =
  /^(标题|题目|发布时间|发布日期|成文日期|文号|发文字号|发布机构|发文机关|发布单位|栏目|所属栏目|原文链接|原文地址|来源|信息来源|索引号|主题分类)\s*[:：]\s*(.*)$/;
/** The rule between an archive header and the page ("===== 正文 ====="). */
const ARCHIVE_RULE = /^[=＝\-—_*#]{3,}\s*(?:正\s*文|全\s*文|内\s*容)?\s*[=＝\-—_*#]*$/;
const END_MARKER = /^(?:<END>|【?(?:打印本页|关闭窗口|返回顶部)】?)$/i;
const PAGE_NUMBER = /^[-—–]\s*\d{1,3}\s*[-—–]$/;
const ANNEX = /^附\s*件\s*([0-9０-９一二三四五六七八九十]{0,3})\s*(?:[:：]\s*(.*))?$/;
const DOC_TYPES = /方案|任务|施工图|清单|意见|通知|办法|计划|规划|要点|措施|细则|分工|台账|决定|报告/;
export const DOC_NUMBER = /[\u4e00-\u9fa5]{1,12}\s*[〔[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,4})\s*号/;
const CN_DATE =
  /^(?:\d{4}|[〇零一二三四五六七八九○]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日(?:印发|发布)?$/;
const SIGNATURE = /(?:人民政府|办公厅|办公室|领导小组|委员会|政府|局|厅|委)(?:办公室)?$/;

/** A line that reads like a document title (not a sentence, names a document type). */
export function isTitleLike(text: string): boolean {
  const t = text.replace(/^【[^】]{1,6}】/, "");
  return t.length >= 6 && t.length <= 90 && !/[。；;：:]$/.test(t) && !/[。；;]/.test(t) && DOC_TYPES.test(t);
}

/** A closing line: a signature ("山西省深化医药卫生体制改革领导小组办公室") or a date ("2019年12月26日印发"). */
export function isClosingLine(text: string): boolean {
  return (
    CN_DATE.test(text.replace(/\s+/g, "")) || (text.length <= 40 && SIGNATURE.test(text) && !/[。，,；]/.test(text))
  );
}

function isJunk(text: string): boolean {
  return JUNK.test(text) || /投注|彩票|>>|&gt;|^[^|]+\|\s*\S+\s*\|/.test(text) || PAGE_NUMBER.test(text);
}

/** The line starts the body: a numbered heading, a table cell or a table header. */
function startsBody(line: Line): boolean {
  if (line.cell) return true;
  if (line.text === "") return false;
  const m = readMarker(line.text);
  if (m && m.depth <= 2) return true;
  if (isTableHeader(line)) return true;
  return splitFlattenedHeader(line.text) !== undefined;
}

/** Reports contiguous runs of lines as info diagnostics. */
function reportRuns(lines: readonly Line[], code: DiagnosticCode, what: string, out: Diagnostic[]): void {
  let run: Line[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const range = first.no === last.no ? `line ${first.no}` : `lines ${first.no}–${last.no}`;
    out.push({
      severity: "info",
      code,
      line: first.no,
      message: `${what} (${range}, ${run.length} non-empty line${run.length === 1 ? "" : "s"})`,
      text: excerpt(run.map((l) => l.text).join(" / "), 80),
    });
    run = [];
  };
  let prev = -1;
  for (const l of lines) {
    if (l.text === "") continue;
    if (prev !== -1 && l.no - prev > 12) flush();
    run.push(l);
    prev = l.no;
  }
  flush();
}

/** Splits the document into head, body parts (main text and annexes) and closing lines. */
export function findBounds(lines: readonly Line[]): Bounds {
  const diagnostics: Diagnostic[] = [];
  const n = lines.length;
  // The first anchor: a title, document number, red header ("…文件") or annex mark.
  let anchor = 0;
  // An archive header block: its fields are metadata, the body starts after it.
  const archive = new Set<Line>();
  let k = 0;
  while (k < n && (lines[k]!.text === "" || ARCHIVE_FIELD.test(lines[k]!.text) || ARCHIVE_RULE.test(lines[k]!.text))) {
    if (lines[k]!.text !== "") archive.add(lines[k]!);
    k++;
  }
  if ([...archive].filter((l) => ARCHIVE_FIELD.test(l.text)).length < 2) {
    archive.clear();
    k = 0;
  }
  for (let i = k; i < Math.min(n, 400); i++) {
    const t = lines[i]!.text;
    if (t === "" || isJunk(t)) continue;
    if (isTitleLike(t) || DOC_NUMBER.test(t) || /文件$/.test(t) || ANNEX.test(t) || startsBody(lines[i]!)) {
      anchor = i;
      break;
    }
  }
  if (anchor < k) anchor = k;
  let start = anchor;
  while (start < n && !(startsBody(lines[start]!) && !ANNEX.test(lines[start]!.text))) start++;
  if (start === n) start = anchor;
  // The end: an explicit end marker, then trailing junk and closing lines.
  let end = n;
  for (let i = start; i < n; i++) {
    if (END_MARKER.test(lines[i]!.text)) {
      end = i;
      break;
    }
  }
  const junkAfter: Line[] = lines.slice(end);
  const closing: Line[] = [];
  while (end > start) {
    const l = lines[end - 1]!;
    if (l.text === "") end--;
    else if (!l.raw.includes("\t") && isJunk(l.text)) junkAfter.unshift(lines[--end]!);
    else if (!l.raw.includes("\t") && isClosingLine(l.text)) closing.unshift(lines[--end]!);
    else break;
  }
  const junkBefore: Line[] = [];
  const head: Line[] = [];
  for (let i = 0; i < start; i++) {
    const l = lines[i]!;
    if (l.text === "") continue;
    if (archive.has(l)) {
      if (ARCHIVE_FIELD.test(l.text)) head.push(l);
    } else if (i < anchor || isJunk(l.text)) junkBefore.push(l);
    else head.push(l);
  }
  reportRuns(junkBefore, "junk-dropped", "Web page text before the document was left out", diagnostics);
  reportRuns(
    head,
    "document-head",
    "Document head (header, title, number, notice, preamble) read for metadata",
    diagnostics,
  );
  const parts = splitParts(lines.slice(start, end), diagnostics);
  reportRuns(closing, "document-closing", "Closing lines (signature, date) read for metadata", diagnostics);
  reportRuns(junkAfter, "junk-dropped", "Web page text after the document was left out", diagnostics);
  return { head, closing, parts, diagnostics };
}

/** Splits the body at annex marks (附件, 附件1：title); a mark right after another one continues it. */
function splitParts(body: readonly Line[], diagnostics: Diagnostic[]): Part[] {
  const parts: Part[] = [{ kind: "main", lines: [] }];
  for (const line of body) {
    const part = parts[parts.length - 1]!;
    const first = line.text.charCodeAt(0);
    if ((first === 0x2d || first === 0x2014 || first === 0x2013) && PAGE_NUMBER.test(line.text) && !line.cell) {
      diagnostics.push({
        severity: "info",
        code: "page-number",
        line: line.no,
        message: "Page number left out",
        text: line.text,
      });
      continue;
    }
    const m = first === 0x9644 ? ANNEX.exec(line.text) : null;
    if (m && !line.raw.includes("\t")) {
      const title = m[2]?.trim() || undefined;
      const empty = part.lines.every((l) => l.text === "" || l.text === part.title);
      if (part.kind === "annex" && empty) {
        part.title ??= title;
        if (m[1]) part.label = `附件${m[1]}`;
        continue;
      }
      parts.push({ kind: "annex", label: `附件${m[1] ?? ""}`, line: line.no, lines: [], ...(title ? { title } : {}) });
      continue;
    }
    if (part.kind === "annex" && line.text !== "" && part.lines.every((l) => l.text === "")) {
      // The annex's own title line, unless the annex starts right away with a table or a heading.
      if (!startsBody(line) && isTitleLike(line.text)) {
        part.title = line.text;
        continue;
      }
    }
    part.lines.push(line);
  }
  return parts.filter((p) => p.kind === "annex" || p.lines.some((l) => l.text !== ""));
}
