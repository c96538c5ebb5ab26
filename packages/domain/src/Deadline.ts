/**
 * Deadlines (完成时限). Every form keeps the source text; dates are ISO calendar dates in China
 * time. `parseDeadline` never throws: what it cannot read is `{ kind: "unknown", text, reason }`.
 */
import { z } from "zod";
import { addDays, addMonths, daysInMonth, IsoDate, isValidIsoDate, yearOf } from "./Dates.ts";
import { readChineseNumeral } from "./Text.ts";

export const DatePrecision = z.enum(["day", "month", "year"]);
export type DatePrecision = z.infer<typeof DatePrecision>;

/** One dated step inside a task's text ("9月底前出台方案"). */
export const Milestone = z.object({
  due: IsoDate,
  precision: DatePrecision,
  /** The phrase the date came from. */
  text: z.string(),
  /** What is due then, when the text says ("出台方案"). */
  what: z.string().optional(),
});
export type Milestone = z.infer<typeof Milestone>;

const base = { text: z.string() };

export const Deadline = z.discriminatedUnion("kind", [
  /** Due on a date: 2020年1月底前 → 2020-01-31. */
  z.object({ kind: z.literal("due"), ...base, due: IsoDate, precision: DatePrecision }),
  /** 持续推进, 常年, 长期: never overdue, but expected to report every period. */
  z.object({ kind: z.literal("ongoing"), ...base }),
  /** 每年2月底前: one occurrence a year, each due on month/day; optionally within years. */
  z.object({
    kind: z.literal("recurring"),
    ...base,
    frequency: z.literal("yearly"),
    /** Month and day each occurrence is due; 12-31 when the text names no month. */
    month: z.number().int().min(1).max(12),
    /** Day of month; omitted means the month's last day. */
    day: z.number().int().min(1).max(31).optional(),
    fromYear: z.number().int().optional(),
    toYear: z.number().int().optional(),
  }),
  /** 按照国家要求完成: waits for a national schedule. */
  z.object({ kind: z.literal("external"), ...base }),
  /** 已完成: done when the plan was issued. */
  z.object({ kind: z.literal("done"), ...base }),
  /** 自2017年9月1日起: starts then, no due date. */
  z.object({ kind: z.literal("starts"), ...base, start: IsoDate, precision: DatePrecision }),
  /** （2014年12月-2015年3月）: a window with start and due. */
  z.object({ kind: z.literal("window"), ...base, start: IsoDate, due: IsoDate }),
  /** 5年内, 两年之内: relative to the plan's issue date; `due` is set when that date is known. */
  z.object({
    kind: z.literal("relative"),
    ...base,
    amount: z.number().positive(),
    unit: z.enum(["year", "month", "day"]),
    due: IsoDate.optional(),
  }),
  /** Several dated milestones in one text; `due` is the last one. */
  z.object({ kind: z.literal("milestones"), ...base, milestones: z.array(Milestone).min(2), due: IsoDate }),
  /** Anything else: kept verbatim with the reason it could not be read. */
  z.object({ kind: z.literal("unknown"), ...base, reason: z.string() }),
]);
export type Deadline = z.infer<typeof Deadline>;
export type DeadlineKind = Deadline["kind"];

/** Context for reading a deadline: the plan's year and/or issue date. */
export interface DeadlineContext {
  /** Year for texts without one ("9月底前", "年底前"). */
  year?: number;
  /** The plan's issue date, for relative deadlines ("5年内") and as a year fallback. */
  issuedOn?: string;
}

// ─── Parsing ────────────────────────────────────────────────────────────────────────────────────
//
// A single-pass scanner over char codes: it never builds normalised copies of the text, runs no
// regular expression on the text and keeps its intermediate state in one reusable scratch record,
// so on the common paths the only allocations of a call are the returned value and its dates. Spaces and line breaks
// may appear between the parts of a date ("2020年\n1月底前", "2020 年 1 月底前"); digits may be
// ASCII, full-width (２０２０) or Chinese (二〇二〇, 十二).
//
// Decisions worth knowing:
// - "X年底/年内/年" and "X年前" are due 12-31 of X ("2020年前" is read as "by 2020", the usual
//   sense in plans); "上半年" 06-30, "年中" 06-30, "下半年" 12-31, "第N季度" the quarter's last day.
// - A year range without 每年 ("2020—2022年") is a window from 1 January of the first year to
//   31 December of the last; with 每年 it is a yearly recurrence bounded by those years.
// - "N年内/N个月内/N天内" is relative to `context.issuedOn` (due = issue date + N units).
// - A text that is not one deadline phrase is searched for dated milestones (see
//   {@link extractMilestones}); one milestone makes it "due", several make it "milestones"; with
//   none, a clause that is a phrase on its own ("市卫计委负责,已完成") gives the reading.

const cc = (ch: string): number => ch.charCodeAt(0);

const NIAN = cc("年");
const YUE = cc("月");
const RI = cc("日");
const HAO = cc("号");
const DI = cc("底");
const MO = cc("末");
const FEN = cc("份");
const DU = cc("度");
const QIAN = cc("前");
const YI = cc("以");
const ZHI = cc("之");
const NEI = cc("内");
const QI = cc("起");
const KAI = cc("开");
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
const DE = cc("的");
const WAN = cc("完");
const CHENG = cc("成");

const DAY = 0;
const MONTH = 1;
const YEAR = 2;
const PRECISIONS = ["day", "month", "year"] as const;

const KIND_DUE = 0;
const KIND_STARTS = 1;
const KIND_RECURRING = 2;
const KIND_WINDOW = 3;
const KIND_RELATIVE = 4;

const UNIT_YEAR = 0;
const UNIT_MONTH = 1;
const UNIT_DAY = 2;
const UNITS = ["year", "month", "day"] as const;

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

/** A calendar span read from text: months `from`..`to` of `year` (0 = not written), or one day. */
interface Span {
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
interface Reading {
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

const scratch: Reading = {
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

/** Set by the readers when a date-shaped text is not a real date; read by {@link parsePhrase}. */
let invalidReason = "";
/** Value of the numeral last read by {@link readNumber}. */
let numberValue = 0;

/** The char code at `i`, or -1 past `end`. */
function at(s: string, i: number, end: number): number {
  return i < end ? s.charCodeAt(i) : -1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0x3000 || c === 0xa0;
}

function skipSpaces(s: string, i: number, end: number): number {
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

function isNumeralChar(c: number): boolean {
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
      invalidReason = `invalid month: ${n}`;
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
          invalidReason = `invalid day: ${numberValue}`;
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
      invalidReason = `invalid quarter: ${n}`;
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
    if (m >= 0 || invalidReason !== "") return m; // "2020年13月" is not "2020年"
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
        if (n >= 100) invalidReason = `year out of range: ${n}`;
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
function readExpr(s: string, i: number, end: number, r: Reading): number {
  invalidReason = "";
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

// ─── Building values ───────────────────────────────────────────────────────────────────────────

/** The plan year from the context: `year`, else the year of a valid `issuedOn`; 0 when unknown. */
function contextYear(context: DeadlineContext | undefined): number {
  if (context === undefined) return 0;
  const y = context.year;
  if (y !== undefined && Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR) return y;
  const issued = context.issuedOn;
  return issued !== undefined && isValidIsoDate(issued) ? yearOf(issued) : 0;
}

function contextIssuedOn(context: DeadlineContext | undefined): IsoDate | undefined {
  const issued = context?.issuedOn;
  return issued !== undefined && isValidIsoDate(issued) ? issued : undefined;
}

const NO_YEAR = "no year: plan year unknown";

/** "01"…"31", so that building a date is one string concatenation (years here have 4 digits). */
const TWO_DIGITS = Array.from({ length: 32 }, (_, n) => (n < 10 ? `0${n}` : `${n}`));

/** The last day of span `p` in `year`, or undefined (with {@link invalidReason}) if it does not exist. */
function spanDue(p: Span, year: number): IsoDate | undefined {
  const last = daysInMonth(year, p.to);
  if (p.day > last) {
    invalidReason = `invalid date: ${year}年${p.to}月${p.day}日 does not exist`;
    return undefined;
  }
  return `${year}-${TWO_DIGITS[p.to]}-${TWO_DIGITS[p.day || last]}`;
}

/** The first day of span `p` in `year`, or undefined if it does not exist. */
function spanStart(p: Span, year: number): IsoDate | undefined {
  if (p.day === 0) return `${year}-${TWO_DIGITS[p.from]}-01`;
  return spanDue(p, year);
}

function unknown(text: string, reason: string): Deadline {
  return { kind: "unknown", text, reason };
}

/** Turns the reading in `r` into a deadline value. */
function build(text: string, r: Reading, context: DeadlineContext | undefined): Deadline {
  const a = r.a;
  switch (r.kind) {
    case KIND_RELATIVE: {
      const issued = contextIssuedOn(context);
      const unit = UNITS[r.unit]!;
      if (issued === undefined) return { kind: "relative", text, amount: r.amount, unit };
      const due =
        r.unit === UNIT_YEAR
          ? addMonths(issued, r.amount * 12)
          : r.unit === UNIT_MONTH
            ? addMonths(issued, r.amount)
            : addDays(issued, r.amount);
      return { kind: "relative", text, amount: r.amount, unit, due };
    }
    case KIND_RECURRING: {
      if (a.day > daysInMonth(2000, a.to)) return unknown(text, `invalid date: ${a.to}月${a.day}日 does not exist`);
      const d: Deadline = { kind: "recurring", text, frequency: "yearly", month: a.to };
      if (a.day !== 0) d.day = a.day;
      if (r.fromYear !== 0) {
        if (r.fromYear > r.toYear) return unknown(text, "year range ends before it starts");
        d.fromYear = r.fromYear;
        d.toYear = r.toYear;
      }
      return d;
    }
    case KIND_WINDOW: {
      const startYear = a.year || contextYear(context);
      if (startYear === 0) return unknown(text, NO_YEAR);
      const start = spanStart(a, startYear);
      const due = spanDue(r.b, r.b.year || startYear);
      if (start === undefined || due === undefined) return unknown(text, invalidReason);
      if (due < start) return unknown(text, "window ends before it starts");
      return { kind: "window", text, start, due };
    }
    default: {
      const year = a.year || contextYear(context);
      if (year === 0) return unknown(text, NO_YEAR);
      if (r.kind === KIND_STARTS) {
        const start = spanStart(a, year);
        if (start === undefined) return unknown(text, invalidReason);
        return { kind: "starts", text, start, precision: PRECISIONS[a.precision]! };
      }
      const due = spanDue(a, year);
      if (due === undefined) return unknown(text, invalidReason);
      return { kind: "due", text, due, precision: PRECISIONS[a.precision]! };
    }
  }
}

// ─── Whole phrases ─────────────────────────────────────────────────────────────────────────────

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
  if (j < 0) return invalidReason === "" ? undefined : unknown(text, invalidReason);
  let k = skipSpaces(text, j, end);
  if (at(text, k, end) === WAN && at(text, k + 1, end) === CHENG) k = skipSpaces(text, k + 2, end);
  return k === end ? build(text, r, context) : undefined;
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
  if (text.trim() === "") return unknown(text, "empty text");
  return unknown(text, reason === "" ? "no deadline phrase recognised" : reason);
}

// ─── Milestones inside sentences ───────────────────────────────────────────────────────────────

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

/** Punctuation that ends a clause (and a milestone's `what`). */
function isClauseEnd(c: number): boolean {
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

/** Whether the text before `i` ends a clause or a list number ("4.", "一、"), or is empty. */
function atClauseStart(s: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && isSpace(s.charCodeAt(k))) k--;
  if (k < 0) return true;
  const c = s.charCodeAt(k);
  return isClauseEnd(c) || c === 0x2e || c === 0xff0e || c === 0x3001;
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

interface Scan {
  milestones: Milestone[];
  /** A dated phrase was found but had no year and the context gave none. */
  noYear: boolean;
}

function scanMilestones(text: string, context: DeadlineContext | undefined): Scan {
  const end = text.length;
  const r = scratch;
  const spans: number[] = [];
  const milestones: Milestone[] = [];
  let noYear = false;
  let i = 0;
  while (i < end) {
    // An expression starts where one may begin, and not inside a numeral.
    const here = SCAN_CLASS[text.charCodeAt(i)]!;
    if (here === 0 || (here & NUMERAL && i > 0 && SCAN_CLASS[text.charCodeAt(i - 1)]! & NUMERAL)) {
      i++;
      continue;
    }
    const j = readExpr(text, i, end, r);
    if (j < 0) {
      i++;
      continue;
    }
    if ((r.kind === KIND_DUE && isMilestoneMark(text, i, j, r)) || r.kind === KIND_RELATIVE) {
      const d = build(text, r, context);
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

/** The due date of a deadline that has one (due, window, milestones, relative with a known issue date). */
export function deadlineDue(d: Deadline): IsoDate | undefined {
  switch (d.kind) {
    case "due":
    case "window":
    case "milestones":
    case "relative":
      return d.due;
    default:
      return undefined;
  }
}
