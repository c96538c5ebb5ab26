/**
 * Calendar dates. Every date in a ledger is a calendar date in China time (Asia/Shanghai, UTC+8,
 * no daylight saving) written as an ISO string `YYYY-MM-DD`. Internally dates are compared as
 * day numbers (days since 1970-01-01), which keeps the as-of calculations allocation-free.
 */
import { z } from "zod";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Offset of China Standard Time from UTC, in milliseconds. China has had no DST since 1991. */
export const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const IsoDate = z
  .string()
  .regex(ISO_DATE, "expected a calendar date YYYY-MM-DD")
  .refine(isValidIsoDate, "not a real calendar date");
export type IsoDate = string;

/** An instant with its offset, e.g. `2020-01-31T16:00:00Z` or `2020-02-01T00:00:00+08:00`. */
export const IsoDateTime = z.iso.datetime({ offset: true });
export type IsoDateTime = string;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isValidIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Builds `YYYY-MM-DD` from parts (no validation beyond padding). */
export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

/** The last day of a month, e.g. `endOfMonth(2020, 2)` → `2020-02-29`. */
export function endOfMonth(year: number, month: number): IsoDate {
  return isoDate(year, month, daysInMonth(year, month));
}

/** Days since 1970-01-01 for a `YYYY-MM-DD` string (no validation: call on trusted dates). */
export function dayNumber(date: IsoDate): number {
  const y =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48);
  const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const d = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  return daysFromCivil(y, m, d);
}

/** Inverse of {@link dayNumber}. */
export function fromDayNumber(days: number): IsoDate {
  // Howard Hinnant's civil_from_days.
  const z0 = days + 719468;
  const era = Math.floor(z0 / 146097);
  const doe = z0 - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return isoDate(y, m, d);
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** `b - a` in days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** Adds calendar months, clamping the day to the target month's length. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return isoDate(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** The calendar date in China time of an instant (a Date, epoch milliseconds or an ISO date-time). */
export function chinaDate(instant: Date | number | string): IsoDate {
  const ms =
    typeof instant === "number" ? instant : typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return fromDayNumber(Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS));
}

/**
 * Normalises an as-of argument to a China-time calendar date: an ISO date is taken as is, an
 * instant is converted to its date in China time.
 */
export function asOfDate(asOf: IsoDate | Date | number | string): IsoDate {
  if (typeof asOf === "string" && ISO_DATE.test(asOf)) {
    if (!isValidIsoDate(asOf)) throw new RangeError(`not a real calendar date: ${asOf}`);
    return asOf;
  }
  return chinaDate(asOf);
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}
