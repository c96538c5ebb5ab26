/**
 * Dated steps inside a task sentence (阶段性时限): "9月底前出台方案，年底前全部实行" has two
 * milestones, each with its due date, precision, phrase and what is due.
 */
import { deadlineDue, type Milestone } from "./Deadline.ts";
import { buildDeadline, type DeadlineContext, NO_YEAR } from "./DeadlineContext.ts";
import {
  at,
  DAY,
  DE,
  isClauseEnd,
  isNumeralChar,
  isSpace,
  KAI,
  KIND_DUE,
  KIND_RELATIVE,
  mayStartExpr,
  QI,
  type Reading,
  readExpr,
  scratch,
  skipSpaces,
  YI,
} from "./DeadlineScanner.ts";

function isOpenBracket(c: number): boolean {
  return c === 0x28 || c === 0xff08;
}

function isCloseBracket(c: number): boolean {
  return c === 0x29 || c === 0xff09;
}

/**
 * Where the clause starting at `i` ends: at clause punctuation outside brackets, or at a closing
 * bracket that was not opened in it ("…完成)" of "(市卫计委负责,2017年10月底前完成)").
 */
function clauseEnd(s: string, i: number, end: number): number {
  let depth = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isOpenBracket(c)) depth++;
    else if (isCloseBracket(c)) {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && isClauseEnd(c)) return i;
  }
  return end;
}

function trimEnd(s: string, start: number, end: number): number {
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return end;
}

/** Whether the text before `i` ends a clause or a list number ("4.", "一、"), or is empty. */
function atClauseStart(s: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && isSpace(s.charCodeAt(k))) k--;
  if (k < 0) return true;
  const c = s.charCodeAt(k);
  return isClauseEnd(c) || c === 0x2e || c === 0xff0e || c === 0x3001;
}

/**
 * Whether the due expression just read at `[i, j)` marks a deadline inside a sentence: it has
 * 前/内/底/份 or 到, or it is a bare year or month opening a clause ("2017年,…",
 * "2017年签约服务覆盖率达到30%") that is not a noun phrase ("2017年启动实施综合改革的公立医院").
 */
function isMilestoneMark(s: string, i: number, j: number, r: Reading): boolean {
  const a = r.a;
  if (r.before || r.within || r.to || a.endMark || a.fen) return true;
  if (a.precision === DAY || a.annual || !atClauseStart(s, i)) return false;
  const k = skipSpaces(s, j, s.length);
  const c = at(s, k, s.length);
  if (c === 0xff0c || c === 0x2c) return true;
  if (c === -1 || c === YI || c === QI || c === KAI || c === 0x3001 || isClauseEnd(c) || isNumeralChar(c)) return false;
  for (let m = k; m < s.length; m++) {
    const d = s.charCodeAt(m);
    if (d === DE) return false;
    if (isClauseEnd(d)) break;
  }
  return true;
}

export interface Scan {
  milestones: Milestone[];
  /** A dated phrase was found but had no year and the context gave none. */
  noYear: boolean;
}

export function scanMilestones(text: string, context: DeadlineContext | undefined): Scan {
  const end = text.length;
  const r = scratch;
  const spans: number[] = [];
  const milestones: Milestone[] = [];
  let noYear = false;
  let i = 0;
  while (i < end) {
    // An expression starts where one may begin, and not inside a numeral.
    if (!mayStartExpr(text, i)) {
      i++;
      continue;
    }
    const j = readExpr(text, i, end, r);
    if (j < 0) {
      i++;
      continue;
    }
    if ((r.kind === KIND_DUE && isMilestoneMark(text, i, j, r)) || r.kind === KIND_RELATIVE) {
      const d = buildDeadline(text, r, context);
      const due = deadlineDue(d);
      if (due !== undefined) {
        milestones.push({ due, precision: d.kind === "due" ? d.precision : "day", text: text.slice(i, j) });
        spans.push(i, j);
      } else if (d.kind === "unknown" && d.reason === NO_YEAR) {
        noYear = true;
      }
    }
    i = j;
  }
  // `what`: the rest of the clause after each phrase, up to the next milestone.
  for (let n = 0; n < milestones.length; n++) {
    const stop = n + 1 < milestones.length ? spans[2 * n + 2]! : end;
    let k = skipSpaces(text, spans[2 * n + 1]!, stop);
    const c = at(text, k, stop);
    if (c === 0xff0c || c === 0x2c || c === 0xff1a || c === 0x3a) k = skipSpaces(text, k + 1, stop);
    const e = trimEnd(text, k, clauseEnd(text, k, stop));
    const what = text.slice(k, e);
    if (what !== "" && what !== "完成") milestones[n]!.what = what;
  }
  return { milestones, noYear };
}

/**
 * Finds the dated steps inside a task sentence ("2017年年底前,全市组建50个以上医疗联合体",
 * "9月底前出台方案，年底前全部实行"), in text order, each with its due date, precision, phrase
 * and, when the clause says, what is due. A phrase counts when it carries a deadline mark
 * (前, 内, 底, 份, 到…) or is a bare year opening a clause; recurring ("每年"), start ("自…起")
 * and window phrases are not milestones. Phrases without a year need `context`.
 */
export function extractMilestones(text: string, context?: DeadlineContext): Milestone[] {
  return scanMilestones(text, context).milestones;
}
