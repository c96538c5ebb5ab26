/**
 * The calendar of day numbers (days since 1970-01-01, China-time calendar days) that the state
 * fold and timeliness share: cached day strings, month starts, and which yearly occurrence of a
 * recurring deadline (每年2月底前) a day belongs to. Plain functions on numbers, no allocation on
 * the hot paths. Internal to `@reform/domain` apart from the few names the index re-exports.
 */
import { dayNumber, daysInMonth, fromDayNumber, type IsoDate, isoDate } from "./Dates.ts";
import type { Deadline } from "./Deadline.ts";

/** Day numbers 1900-01-01 … 2228 map to cached strings: a ledger uses few distinct dates, many times. */
const CACHE_FROM = -25_567;
const dayStrings: (IsoDate | undefined)[] = new Array(120_000);
/** `fromDayNumber`, cached for the dates ledgers use. */
export function dayString(day: number): IsoDate {
  const slot = day - CACHE_FROM;
  if (slot < 0 || slot >= dayStrings.length) return fromDayNumber(day);
  let s = dayStrings[slot];
  if (s === undefined) {
    s = fromDayNumber(day);
    dayStrings[slot] = s;
  }
  return s;
}

/** Two to four digits of a cached day string as a number (no allocation). */
function field(s: string, at: number, count: number): number {
  let v = 0;
  for (let k = at; k < at + count; k++) v = v * 10 + s.charCodeAt(k) - 48;
  return v;
}

/** Day numbers of the first of each month of 1900–2228. */
const MONTHS_FROM = 1900;
const monthStarts = new Float64Array(329 * 12);
for (let slot = 0, day = dayNumber("1900-01-01"); slot < monthStarts.length; slot++) {
  monthStarts[slot] = day;
  day += daysInMonth(MONTHS_FROM + Math.floor(slot / 12), (slot % 12) + 1);
}

/** The day number of the first of a month. */
export function monthStartDay(year: number, month: number): number {
  const slot = (year - MONTHS_FROM) * 12 + month - 1;
  return slot >= 0 && slot < monthStarts.length ? (monthStarts[slot] as number) : dayNumber(isoDate(year, month, 1));
}

/** The calendar year of a day number. */
export function yearOfDay(day: number): number {
  return field(dayString(day), 0, 4);
}

/** The calendar month (1–12) of a day number. */
export function monthOfDay(day: number): number {
  return field(dayString(day), 5, 2);
}

export type Recurring = Extract<Deadline, { kind: "recurring" }>;

/** Day number an occurrence of a recurring deadline is due in a year. */
export function recurringDueDay(dl: Recurring, year: number): number {
  const dim = daysInMonth(year, dl.month);
  return monthStartDay(year, dl.month) + Math.min(dl.day ?? dim, dim) - 1;
}

/** The recurring occurrence (its year, "YYYY") a day falls in: the first whose due is on or after it. */
export function recurringPeriodOf(dl: Recurring, day: number): string {
  const y = yearOfDay(day);
  return String(day > recurringDueDay(dl, y) ? y + 1 : y);
}
