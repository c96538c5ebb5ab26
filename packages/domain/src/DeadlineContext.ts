/**
 * What a deadline reading means in a plan: texts without a year ("9月底前", "年底前") take the
 * plan's year, relative ones ("5年内") are counted from its issue date, and a date that does not
 * exist ("2月30日") or a window that ends before it starts is an `unknown` with the reason.
 */
import type { Deadline } from "./Deadline.ts";
import { addDays, addMonths, daysInMonth, type IsoDate, isValidIsoDate, yearOf } from "./Dates.ts";
import {
  invalid,
  KIND_RECURRING,
  KIND_RELATIVE,
  KIND_STARTS,
  KIND_WINDOW,
  MAX_YEAR,
  MIN_YEAR,
  PRECISIONS,
  type Reading,
  type Span,
  UNIT_MONTH,
  UNIT_YEAR,
  UNITS,
} from "./DeadlineScanner.ts";

/** Context for reading a deadline: the plan's year and/or issue date. */
export interface DeadlineContext {
  /** Year for texts without one ("9月底前", "年底前"). */
  year?: number;
  /** The plan's issue date, for relative deadlines ("5年内") and as a year fallback. */
  issuedOn?: string;
}

/** The plan year from the context: `year`, else the year of a valid `issuedOn`; 0 when unknown. */
export function contextYear(context: DeadlineContext | undefined): number {
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

export const NO_YEAR = "no year: plan year unknown";

/** "01"…"31", so that building a date is one string concatenation (years here have 4 digits). */
const TWO_DIGITS = Array.from({ length: 32 }, (_, n) => (n < 10 ? `0${n}` : `${n}`));

/** The last day of span `p` in `year`, or undefined (with {@link invalid.reason}) if it does not exist. */
function spanDue(p: Span, year: number): IsoDate | undefined {
  const last = daysInMonth(year, p.to);
  if (p.day > last) {
    invalid.reason = `invalid date: ${year}年${p.to}月${p.day}日 does not exist`;
    return undefined;
  }
  return `${year}-${TWO_DIGITS[p.to]}-${TWO_DIGITS[p.day || last]}`;
}

/** The first day of span `p` in `year`, or undefined if it does not exist. */
function spanStart(p: Span, year: number): IsoDate | undefined {
  if (p.day === 0) return `${year}-${TWO_DIGITS[p.from]}-01`;
  return spanDue(p, year);
}

export function unknownDeadline(text: string, reason: string): Deadline {
  return { kind: "unknown", text, reason };
}

/** Turns the reading in `r` into a deadline value. */
export function buildDeadline(text: string, r: Reading, context: DeadlineContext | undefined): Deadline {
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
      if (a.day > daysInMonth(2000, a.to))
        return unknownDeadline(text, `invalid date: ${a.to}月${a.day}日 does not exist`);
      const d: Deadline = { kind: "recurring", text, frequency: "yearly", month: a.to };
      if (a.day !== 0) d.day = a.day;
      if (r.fromYear !== 0) {
        if (r.fromYear > r.toYear) return unknownDeadline(text, "year range ends before it starts");
        d.fromYear = r.fromYear;
        d.toYear = r.toYear;
      }
      return d;
    }
    case KIND_WINDOW: {
      const startYear = a.year || contextYear(context);
      if (startYear === 0) return unknownDeadline(text, NO_YEAR);
      const start = spanStart(a, startYear);
      const due = spanDue(r.b, r.b.year || startYear);
      if (start === undefined || due === undefined) return unknownDeadline(text, invalid.reason);
      if (due < start) return unknownDeadline(text, "window ends before it starts");
      return { kind: "window", text, start, due };
    }
    default: {
      const year = a.year || contextYear(context);
      if (year === 0) return unknownDeadline(text, NO_YEAR);
      if (r.kind === KIND_STARTS) {
        const start = spanStart(a, year);
        if (start === undefined) return unknownDeadline(text, invalid.reason);
        return { kind: "starts", text, start, precision: PRECISIONS[a.precision]! };
      }
      const due = spanDue(a, year);
      if (due === undefined) return unknownDeadline(text, invalid.reason);
      return { kind: "due", text, due, precision: PRECISIONS[a.precision]! };
    }
  }
}
