/**
 * Reading a deadline text (完成时限) into a {@link Deadline}: `parseDeadline` never throws; what it
 * cannot read is `{ kind: "unknown", text, reason }`.
 *
 * Decisions worth knowing:
 * - "X年底/年内/年" and "X年前" are due 12-31 of X ("2020年前" is read as "by 2020", the usual
 *   sense in plans); "上半年" 06-30, "年中" 06-30, "下半年" 12-31, "第N季度" the quarter's last day.
 * - A year range without 每年 ("2020—2022年") is a window from 1 January of the first year to
 *   31 December of the last; with 每年 it is a yearly recurrence bounded by those years.
 * - "N年内/N个月内/N天内" is relative to `context.issuedOn` (due = issue date + N units).
 * - A text that is not one deadline phrase is searched for dated milestones (see
 *   `extractMilestones`); one milestone makes it "due", several make it "milestones"; with
 *   none, a clause that is a phrase on its own ("市卫计委负责,已完成") gives the reading.
 */
import type { Deadline } from "./Deadline.ts";
import { buildDeadline, type DeadlineContext, NO_YEAR, unknownDeadline } from "./DeadlineContext.ts";
import { at, CHENG, cc, invalid, isClauseEnd, isSpace, readExpr, scratch, skipSpaces, WAN } from "./DeadlineScanner.ts";
import { scanMilestones } from "./Milestones.ts";

/** Opening brackets and spaces stripped before a phrase. */
function isLeadingJunk(c: number): boolean {
  return isSpace(c) || c === 0x28 || c === 0xff08 || c === 0x5b || c === 0x3010 || c === 0x300c;
}

/** Closing brackets, clause punctuation and spaces stripped after a phrase. */
function isTrailingJunk(c: number): boolean {
  return (
    isSpace(c) ||
    c === 0x29 ||
    c === 0xff09 ||
    c === 0x5d ||
    c === 0x3011 ||
    c === 0x300d ||
    c === 0x3002 ||
    c === 0x2e ||
    c === 0xff0c ||
    c === 0x2c ||
    c === 0xff1b ||
    c === 0x3b
  );
}

const DONE_WORDS = ["已完成", "已经完成", "已全部完成", "已全面完成", "已出台", "已印发"];
const ONGOING_WORDS = ["持续", "长期", "常年", "常态"];
/** Longest ongoing phrase accepted ("持续推进落实"); longer texts are task sentences. */
const ONGOING_MAX = 6;
const EXTERNAL_LEADS = ["按照", "按", "根据", "依据", "遵照", "参照", "待", "视"];
const EXTERNAL_AUTHORITIES = ["国家", "中央", "国务院", "上级"];
const EXTERNAL_SCHEDULES = ["要求", "部署", "安排", "进度", "时间", "时限", "规定", "出台"];
/** Longest external phrase accepted ("按照国家和省统一部署要求"). */
const EXTERNAL_MAX = 14;
const YI_DONE = cc("已");
/** First characters of the keyword phrases, so dated phrases skip the word lists at once. */
const KEYWORD_STARTS = new Set([YI_DONE, ...[...ONGOING_WORDS, ...EXTERNAL_LEADS].map(cc)]);

function startsWithAny(s: string, words: readonly string[], i: number): number {
  for (const w of words) if (s.startsWith(w, i)) return w.length;
  return 0;
}

/** Whether one of `words` occurs within `s[i, end)` (a short phrase: no search past `end`). */
function containsAny(s: string, words: readonly string[], i: number, end: number): boolean {
  for (let k = i; k < end; k++) {
    for (const w of words) if (k + w.length <= end && s.startsWith(w, k)) return true;
  }
  return false;
}

/** 已完成, 持续推进/常年/长期…, 按照国家要求完成… between `i` and `end`, or undefined. */
function readKeywordPhrase(text: string, i: number, end: number): Deadline | undefined {
  const c = text.charCodeAt(i);
  if (!KEYWORD_STARTS.has(c)) return undefined;
  const n = end - i;
  if (c === YI_DONE) {
    for (const w of DONE_WORDS) if (n === w.length && text.startsWith(w, i)) return { kind: "done", text };
    return undefined;
  }
  if (n <= ONGOING_MAX && startsWithAny(text, ONGOING_WORDS, i) > 0) return { kind: "ongoing", text };
  if (n <= EXTERNAL_MAX) {
    const lead = startsWithAny(text, EXTERNAL_LEADS, i);
    if (
      lead > 0 &&
      containsAny(text, EXTERNAL_AUTHORITIES, i + lead, end) &&
      containsAny(text, EXTERNAL_SCHEDULES, i + lead, end)
    ) {
      return { kind: "external", text };
    }
  }
  return undefined;
}

/**
 * Parses `text[start, end)` as one deadline phrase, ignoring surrounding brackets, spaces and
 * clause punctuation and a trailing 完成. Returns undefined when it is not one phrase.
 */
function parsePhrase(
  text: string,
  start: number,
  end: number,
  context: DeadlineContext | undefined,
): Deadline | undefined {
  let i = start;
  while (i < end && isLeadingJunk(text.charCodeAt(i))) i++;
  while (end > i && isTrailingJunk(text.charCodeAt(end - 1))) end--;
  if (i === end) return undefined;
  const keyword = readKeywordPhrase(text, i, end);
  if (keyword !== undefined) return keyword;
  const r = scratch;
  const j = readExpr(text, i, end, r);
  if (j < 0) return invalid.reason === "" ? undefined : unknownDeadline(text, invalid.reason);
  let k = skipSpaces(text, j, end);
  if (at(text, k, end) === WAN && at(text, k + 1, end) === CHENG) k = skipSpaces(text, k + 2, end);
  return k === end ? buildDeadline(text, r, context) : undefined;
}

/**
 * Reads a deadline (完成时限) into a typed value; never throws. `text` is kept unchanged in the
 * result. Texts without a year ("9月底前", "年底前") take `context.year` or the year of
 * `context.issuedOn`; relative ones ("5年内") are counted from `context.issuedOn`. A longer text
 * with dated steps gives "due" (one step) or "milestones" (several, due at the latest); anything
 * else is `{ kind: "unknown", text, reason }`.
 */
export function parseDeadline(text: string, context?: DeadlineContext): Deadline {
  const phrase = parsePhrase(text, 0, text.length, context);
  if (phrase !== undefined) return phrase;
  return parseSentence(text, context);
}

/** Slow path for texts that are not one phrase: dated milestones, else one recognisable clause. */
function parseSentence(text: string, context: DeadlineContext | undefined): Deadline {
  const found = scanMilestones(text, context);
  const milestones = found.milestones;
  const first = milestones[0];
  if (milestones.length === 1 && first !== undefined) {
    return { kind: "due", text, due: first.due, precision: first.precision };
  }
  if (first !== undefined) {
    let due = first.due;
    for (const m of milestones) if (m.due > due) due = m.due;
    return { kind: "milestones", text, milestones, due };
  }
  let reason = found.noYear ? NO_YEAR : "";
  for (let i = 0; i < text.length; ) {
    let j = i;
    while (j < text.length && !isClauseEnd(text.charCodeAt(j))) j++;
    const clause = j > i ? parsePhrase(text, i, j, context) : undefined;
    if (clause !== undefined) {
      if (clause.kind !== "unknown") return { ...clause, text };
      if (reason === "") reason = clause.reason;
    }
    i = j + 1;
  }
  if (text.trim() === "") return unknownDeadline(text, "empty text");
  return unknownDeadline(text, reason === "" ? "no deadline phrase recognised" : reason);
}
