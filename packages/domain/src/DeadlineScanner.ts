/**
 * The character scanner under deadline reading: reads one date expression ("2020年1月底前",
 * "2014年12月-2015年3月", "每年2月底前", "5年内", "自2017年9月1日起") at a position into a
 * {@link Reading}, without deciding what it means for a plan (that is `DeadlineContext.ts`)
 * or whether the whole text is one phrase (`DeadlinePhrase.ts`).
 *
 * A single-pass scanner over char codes: it never builds normalised copies of the text, runs no
 * regular expression on the text and keeps its intermediate state in one reusable scratch record,
 * so on the common paths the only allocations of a call are the returned value and its dates.
 * Spaces and line breaks may appear between the parts of a date ("2020年\n1月底前", "2020 年 1
 * 月底前"); digits may be ASCII, full-width (２０２０) or Chinese (二〇二〇, 十二).
 *
 * Internal to `@reform/domain`: not exported from the package.
 */
import { readChineseNumeral } from "./Text.ts";

export const cc = (ch: string): number => ch.charCodeAt(0);

const NIAN = cc("年");
const YUE = cc("月");
const RI = cc("日");
const HAO = cc("号");
const DI = cc("底");
const MO = cc("末");
const FEN = cc("份");
const DU = cc("度");
const QIAN = cc("前");
export const YI = cc("以");
const ZHI = cc("之");
const NEI = cc("内");
export const QI = cc("起");
export const KAI = cc("开");
const SHI = cc("始");
const ZI = cc("自");
const CONG = cc("从");
const DAO = cc("到");
const ZHI_TO = cc("至");
const ZHI_STOP = cc("止");
const WEI = cc("为");
const JIE = cc("截");
const YU = cc("于");
const ZAI = cc("在");
const MEI = cc("每");
const SHANG = cc("上");
const XIA = cc("下");
const ZHONG = cc("中");
const BAN = cc("半");
const JI = cc("季");
const DI_ORDINAL = cc("第");
const GE = cc("个");
const TIAN = cc("天");
const JIN = cc("今");
const BEN = cc("本");
const DANG = cc("当");
export const DE = cc("的");
export const WAN = cc("完");
export const CHENG = cc("成");

export const DAY = 0;
export const MONTH = 1;
export const YEAR = 2;
export const PRECISIONS = ["day", "month", "year"] as const;

export const KIND_DUE = 0;
export const KIND_STARTS = 1;
export const KIND_RECURRING = 2;
export const KIND_WINDOW = 3;
export const KIND_RELATIVE = 4;

export const UNIT_YEAR = 0;
export const UNIT_MONTH = 1;
export const UNIT_DAY = 2;
export const UNITS = ["year", "month", "day"] as const;

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** A calendar span read from text: months `from`..`to` of `year` (0 = not written), or one day. */
export interface Span {
  year: number;
  from: number;
  to: number;
  /** Day of month `to`; 0 when not written. */
  day: number;
  precision: number;
  /** 底 or 末 was written ("2020年底", "1月底"). */
  endMark: boolean;
  /** 份 was written ("9月份"). */
  fen: boolean;
  /** 年度 was written ("2016年度"). */
  annual: boolean;
  /** A bare year waiting for the 年 after a range ("2020" in "2020—2022年"). */
  bare: boolean;
}

/** What {@link readExpr} read. */
export interface Reading {
  kind: number;
  a: Span;
  b: Span;
  /** 前, 以前, 之前, 止, 为止 followed the date. */
  before: boolean;
  /** 内, 以内, 之内 followed the date. */
  within: boolean;
  /** 到, 至, 截至 preceded the date. */
  to: boolean;
  amount: number;
  unit: number;
  fromYear: number;
  toYear: number;
}

function newSpan(): Span {
  return {
    year: 0,
    from: 1,
    to: 12,
    day: 0,
    precision: YEAR,
    endMark: false,
    fen: false,
    annual: false,
    bare: false,
  };
}

function resetSpan(p: Span): void {
  p.year = 0;
  p.from = 1;
  p.to = 12;
  p.day = 0;
  p.precision = YEAR;
  p.endMark = false;
  p.fen = false;
  p.annual = false;
  p.bare = false;
}

export const scratch: Reading = {
  kind: KIND_DUE,
  a: newSpan(),
  b: newSpan(),
  before: false,
  within: false,
  to: false,
  amount: 0,
  unit: 0,
  fromYear: 0,
  toYear: 0,
};

/**
 * Why the last date-shaped text was not a real date ("invalid month: 13"); set by the readers
 * and by the builders of `DeadlineContext.ts`, cleared by {@link readExpr}, read by
 * the phrase reader. "" when nothing was wrong.
 */
export const invalid = { reason: "" };
/** Value of the numeral last read by {@link readNumber}. */
let numberValue = 0;

/** The char code at `i`, or -1 past `end`. */
export function at(s: string, i: number, end: number): number {
  return i < end ? s.charCodeAt(i) : -1;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0x3000 || c === 0xa0;
}

export function skipSpaces(s: string, i: number, end: number): number {
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** The value of an ASCII or full-width digit, or -1. */
function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  return -1;
}

const CHINESE_TEN = cc("十");

/**
 * Chinese numeral characters that can write a year, month, day or count: 〇零一二两三四五六七八九 and
 * 十 (not the formal 壹贰…, nor 百千万).
 */
function isChineseNumeral(c: number): boolean {
  switch (c) {
    case 0x3007: // 〇
    case 0x96f6: // 零
    case 0x4e00: // 一
    case 0x4e8c: // 二
    case 0x4e24: // 两
    case 0x4e09: // 三
    case 0x56db: // 四
    case 0x4e94: // 五
    case 0x516d: // 六
    case 0x4e03: // 七
    case 0x516b: // 八
    case 0x4e5d: // 九
    case CHINESE_TEN:
      return true;
    default:
      return false;
  }
}

export function isNumeralChar(c: number): boolean {
  return digitValue(c) >= 0 || isChineseNumeral(c);
}

/**
 * Reads a numeral at `i` (after spaces) into {@link numberValue}; returns the index after it or
 * -1.
 */
function readNumber(s: string, i: number, end: number): number {
  i = skipSpaces(s, i, end);
  let d = digitValue(at(s, i, end));
  if (d >= 0) {
    let v = 0;
    while (d >= 0) {
      if (v < 1e9) v = v * 10 + d;
      d = digitValue(at(s, ++i, end));
    }
    numberValue = v;
    return i;
  }
  if (!isChineseNumeral(at(s, i, end))) return -1;
  let j = i + 1;
  while (j < end && isChineseNumeral(s.charCodeAt(j))) j++;
  const v = readChineseNumeral(s, i, j);
  if (v === undefined) return -1;
  numberValue = v;
  return j;
}

/** Length of a range separator at `i` ("-", "—", "——", "～", "至", "到"), or 0. */
function rangeSeparator(s: string, i: number, end: number): number {
  const c = at(s, i, end);
  if (c === 0x2014 || c === 0x2015) return at(s, i + 1, end) === c ? 2 : 1; // — or ——
  if (c === 0x2d || c === 0xff0d || c === 0x2013 || c === 0x2212 || c === 0x7e || c === 0xff5e || c === 0x301c) {
    return 1;
  }
  return c === ZHI_TO || c === DAO ? 1 : 0;
}

/** 上半年, 下半年, 第N季度 at `i`; returns the index after it or -1. */
function readPartOfYear(s: string, i: number, end: number, p: Span): number {
  const c = at(s, i, end);
  if ((c === SHANG || c === XIA) && at(s, i + 1, end) === BAN && at(s, i + 2, end) === NIAN) {
    p.from = c === SHANG ? 1 : 7;
    p.to = c === SHANG ? 6 : 12;
    p.precision = MONTH;
    return i + 3;
  }
  if (c === DI_ORDINAL) {
    const j = readNumber(s, i + 1, end);
    return j < 0 ? -1 : readMonthOrQuarter(numberValue, s, skipSpaces(s, j, end), end, p);
  }
  return -1;
}

/** After a numeral `n` at `i`: "月" (with an optional day, 底/末 or 份) or "季度"; -1 otherwise. */
function readMonthOrQuarter(n: number, s: string, i: number, end: number, p: Span): number {
  const c = at(s, i, end);
  if (c === YUE) {
    if (n < 1 || n > 12) {
      invalid.reason = `invalid month: ${n}`;
      return -1;
    }
    p.from = n;
    p.to = n;
    p.precision = MONTH;
    const k = skipSpaces(s, i + 1, end);
    const c2 = at(s, k, end);
    if (c2 === DI || c2 === MO) {
      p.endMark = true;
      return k + 1;
    }
    if (c2 === FEN) {
      p.fen = true;
      return k + 1;
    }
    const j = readNumber(s, k, end);
    if (j >= 0) {
      const k2 = skipSpaces(s, j, end);
      const c3 = at(s, k2, end);
      if (c3 === RI || c3 === HAO) {
        if (numberValue < 1 || numberValue > 31) {
          invalid.reason = `invalid day: ${numberValue}`;
          return -1;
        }
        p.day = numberValue;
        p.precision = DAY;
        return k2 + 1;
      }
    }
    return i + 1;
  }
  if (c === JI && at(s, i + 1, end) === DU) {
    if (n < 1 || n > 4) {
      invalid.reason = `invalid quarter: ${n}`;
      return -1;
    }
    p.from = n * 3 - 2;
    p.to = n * 3;
    p.precision = MONTH;
    const c2 = at(s, i + 2, end);
    if (c2 === MO || c2 === DI) {
      p.endMark = true;
      return i + 3;
    }
    return i + 2;
  }
  return -1;
}

/** 年底/年末, 年中 or 年内 at `i` (年内 leaves 内 to be read as a marker); -1 otherwise. */
function readYearWord(s: string, i: number, end: number, p: Span): number {
  const next = at(s, i + 1, end);
  if (next === DI || next === MO) {
    p.endMark = true;
    return i + 2;
  }
  if (next === ZHONG) {
    p.from = 6;
    p.to = 6;
    p.precision = MONTH;
    return i + 2;
  }
  return next === NEI ? i + 1 : -1;
}

/**
 * What may follow "YYYY年" (or stand alone as the plan's year): 年底/年末/年中/年内, 底/末, 度, a
 * half or quarter, or a month. Returns `i` when nothing follows, -1 when an impossible month or
 * quarter follows.
 */
function readInYear(s: string, i: number, end: number, p: Span): number {
  const k = skipSpaces(s, i, end);
  const c = at(s, k, end);
  if (c === NIAN) {
    const w = readYearWord(s, k, end, p);
    return w >= 0 ? w : i;
  }
  if (c === DI || c === MO) {
    p.endMark = true;
    return k + 1;
  }
  if (c === DU) {
    p.annual = true;
    return k + 1;
  }
  const part = readPartOfYear(s, k, end, p);
  if (part >= 0) return part;
  const j = readNumber(s, k, end);
  if (j >= 0) {
    const m = readMonthOrQuarter(numberValue, s, skipSpaces(s, j, end), end, p);
    if (m >= 0 || invalid.reason !== "") return m; // "2020年13月" is not "2020年"
  }
  return i;
}

/** One calendar span at `i`: "2020年1月底", "2020年", "9月份", "年底", "上半年", "第三季度"…; -1 if none. */
function readSpan(s: string, i: number, end: number, p: Span): number {
  resetSpan(p);
  i = skipSpaces(s, i, end);
  const j = readNumber(s, i, end);
  if (j >= 0) {
    const n = numberValue;
    const k = skipSpaces(s, j, end);
    const c = at(s, k, end);
    if (c === NIAN) {
      if (n < MIN_YEAR || n > MAX_YEAR) {
        if (n >= 100) invalid.reason = `year out of range: ${n}`;
        return -1;
      }
      p.year = n;
      return readInYear(s, k + 1, end, p);
    }
    if (n >= MIN_YEAR && n <= MAX_YEAR && rangeSeparator(s, k, end) > 0) {
      p.year = n;
      p.bare = true;
      return j;
    }
    return readMonthOrQuarter(n, s, k, end, p);
  }
  const c = at(s, i, end);
  if ((c === JIN || c === BEN || c === DANG) && at(s, i + 1, end) === NIAN) return readInYear(s, i + 2, end, p);
  if (c === NIAN) return readYearWord(s, i, end, p);
  return readPartOfYear(s, i, end, p);
}

/** "N年内", "两年之内", "3个月内", "30天内", "半年内" at `i`; returns the index after it or -1. */
function readRelative(s: string, i: number, end: number, r: Reading): number {
  let amount: number;
  let unit: number;
  let k: number;
  if (at(s, i, end) === BAN && at(s, i + 1, end) === NIAN) {
    amount = 6;
    unit = UNIT_MONTH;
    k = i + 2;
  } else {
    const j = readNumber(s, i, end);
    if (j < 0 || numberValue < 1 || numberValue >= 100) return -1;
    amount = numberValue;
    k = skipSpaces(s, j, end);
    const c = at(s, k, end);
    if (c === NIAN) {
      unit = UNIT_YEAR;
      k++;
    } else if (c === GE && at(s, k + 1, end) === YUE) {
      unit = UNIT_MONTH;
      k += 2;
    } else if (c === TIAN || c === RI) {
      unit = UNIT_DAY;
      k++;
    } else {
      return -1;
    }
  }
  k = readWithin(s, skipSpaces(s, k, end), end);
  if (k < 0) return -1;
  r.kind = KIND_RELATIVE;
  r.amount = amount;
  r.unit = unit;
  r.within = true;
  return k;
}

/** 内, 以内 or 之内 at `k`; returns the index after it or -1. */
function readWithin(s: string, k: number, end: number): number {
  const c = at(s, k, end);
  if (c === NEI) return k + 1;
  return (c === YI || c === ZHI) && at(s, k + 1, end) === NEI ? k + 2 : -1;
}

/** 前/以前/之前/止/为止 (before), 内/以内/之内 (within), 起/开始 (starts) after a date at `j`. */
function readMarker(s: string, j: number, end: number, r: Reading): number {
  const k = skipSpaces(s, j, end);
  const c = at(s, k, end);
  const next = at(s, k + 1, end);
  if (c === QIAN || c === ZHI_STOP) {
    r.before = true;
    return k + 1;
  }
  if ((c === YI || c === ZHI) && next === QIAN) {
    r.before = true;
    return k + 2;
  }
  if (c === WEI && next === ZHI_STOP) {
    r.before = true;
    return k + 2;
  }
  const within = readWithin(s, k, end);
  if (within >= 0) {
    r.within = true;
    return within;
  }
  if (r.kind === KIND_DUE || r.kind === KIND_STARTS) {
    if (c === QI) {
      r.kind = KIND_STARTS;
      return k + 1;
    }
    if (c === KAI && next === SHI) {
      r.kind = KIND_STARTS;
      return k + 2;
    }
  }
  return j;
}

/**
 * Reads one deadline expression at `i` into `r`: optional prefixes (到, 至, 截至, 于, 在, 自, 从,
 * 每年), then a span, a range of spans or a relative duration, then a marker. Returns the index
 * after it (trailing spaces not included) or -1.
 */
export function readExpr(s: string, i: number, end: number, r: Reading): number {
  invalid.reason = "";
  r.kind = KIND_DUE;
  r.before = false;
  r.within = false;
  r.to = false;
  r.fromYear = 0;
  r.toYear = 0;
  i = skipSpaces(s, i, end);
  // At most three prefixes ("截至到", "自…"), which keeps scanning of "到到到…" linear.
  for (let n = 0; n < 3; n++) {
    const c = at(s, i, end);
    const next = at(s, i + 1, end);
    if (c === DAO || c === ZHI_TO) {
      r.to = true;
      i = skipSpaces(s, i + 1, end);
    } else if (c === JIE && (next === ZHI_TO || next === ZHI_STOP)) {
      r.to = true;
      i = skipSpaces(s, i + (at(s, i + 2, end) === DAO ? 3 : 2), end);
    } else if (c === YU || c === ZAI) {
      i = skipSpaces(s, i + 1, end);
    } else if ((c === ZI || c === CONG) && r.kind === KIND_DUE) {
      r.kind = KIND_STARTS;
      i = skipSpaces(s, i + 1, end);
    } else if (c === MEI && next === NIAN && r.kind === KIND_DUE) {
      r.kind = KIND_RECURRING;
      i = skipSpaces(s, i + 2, end);
      break;
    } else {
      break;
    }
  }
  const a = r.a;
  let j = readSpan(s, i, end, a);
  if (j < 0) {
    if (r.kind === KIND_DUE) return readRelative(s, i, end, r);
    if (r.kind !== KIND_RECURRING) return -1;
    resetSpan(a); // "每年" alone: due at the year's end
    return readMarker(s, i, end, r);
  }
  if (r.kind === KIND_RECURRING) return a.year === 0 ? readMarker(s, j, end, r) : -1;
  const k = skipSpaces(s, j, end);
  const sep = rangeSeparator(s, k, end);
  const j2 = sep > 0 ? readSpan(s, k + sep, end, r.b) : -1;
  if (j2 < 0) return a.bare ? -1 : readMarker(s, j, end, r);
  j = j2;
  // "2020—2022年每年…": a yearly recurrence within those years.
  let m = skipSpaces(s, j, end);
  const c = at(s, m, end);
  if (c === 0xff0c || c === 0x2c || c === 0x3001) m = skipSpaces(s, m + 1, end);
  if (at(s, m, end) === MEI && at(s, m + 1, end) === NIAN && a.year !== 0 && r.b.year !== 0) {
    r.kind = KIND_RECURRING;
    r.fromYear = a.year;
    r.toYear = r.b.year;
    const j3 = readSpan(s, m + 2, end, a);
    if (j3 < 0 || a.year !== 0) {
      resetSpan(a);
      return readMarker(s, m + 2, end, r);
    }
    return readMarker(s, j3, end, r);
  }
  r.kind = KIND_WINDOW;
  return readMarker(s, j, end, r);
}

// ─── Clause punctuation and expression starts ──────────────────────────────────────────────────

/** Punctuation that ends a clause (and a milestone's `what`). */
export function isClauseEnd(c: number): boolean {
  return (
    c === 0xff0c ||
    c === 0x2c ||
    c === 0xff1b ||
    c === 0x3b ||
    c === 0x3002 ||
    c === 0xff01 ||
    c === 0x21 ||
    c === 0xff1f ||
    c === 0x3f ||
    c === 0xff1a ||
    c === 0x3a ||
    c === 10 ||
    c === 13 ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0xff08 ||
    c === 0xff09
  );
}

/** What a code unit is to the milestone scan: a numeral, or a character where a date expression may begin. */
const NUMERAL = 1;
const EXPR_START = 2;
const SCAN_CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) if (isNumeralChar(c)) SCAN_CLASS[c] = NUMERAL | EXPR_START;
// The first characters of 年底, 上半年, 下半年, 第N季度, 到/至/截至, 今年/本年/当年, 自/从…起, 每年, 半年内.
for (const c of [NIAN, SHANG, XIA, DI_ORDINAL, DAO, ZHI_TO, JIE, JIN, BEN, DANG, ZI, CONG, MEI, BAN]) {
  SCAN_CLASS[c]! |= EXPR_START;
}

/** Whether a date expression may begin at `i`: a character that can open one, not inside a numeral. */
export function mayStartExpr(s: string, i: number): boolean {
  const here = SCAN_CLASS[s.charCodeAt(i)]!;
  return here !== 0 && !(here & NUMERAL && i > 0 && SCAN_CLASS[s.charCodeAt(i - 1)]! & NUMERAL);
}
