/**
 * What a deadline reading means in a plan (DeadlineContext.ts): the plan's year for texts without
 * one, the issue date for relative ones. Expected values are written out by hand.
 */
import { describe, expect, it } from "vitest";
import { contextYear } from "../src/DeadlineContext.ts";
import { type Deadline, type DeadlineContext, parseDeadline } from "../src/index.ts";

/** A plan of 2019 with no known issue date (like seed 000). */
const PLAN_2019: DeadlineContext = { year: 2019 };
/** A plan issued on 2017-06-08 (seed 003). */
const ISSUED: DeadlineContext = { year: 2017, issuedOn: "2017-06-08" };

type Expected = Omit<Deadline, "text"> & Record<string, unknown>;

function table(context: DeadlineContext | undefined, rows: ReadonlyArray<readonly [string, Expected]>): void {
  it.each(rows)("%j", (text, expected) => {
    expect(parseDeadline(text, context)).toEqual({ ...expected, text });
  });
}

const due = (date: string, precision: "day" | "month" | "year"): Expected => ({ kind: "due", due: date, precision });

describe("contextYear", () => {
  it("prefers a plausible context.year, else the year of a valid issue date, else 0", () => {
    expect(contextYear({ year: 2018, issuedOn: "2017-09-14" })).toBe(2018);
    expect(contextYear({ issuedOn: "2017-09-14" })).toBe(2017);
    expect(contextYear({ year: 1800, issuedOn: "2017-09-14" })).toBe(2017);
    expect(contextYear({ year: 2017.5 })).toBe(0);
    expect(contextYear({ issuedOn: "2017-02-30" })).toBe(0);
    expect(contextYear({})).toBe(0);
    expect(contextYear(undefined)).toBe(0);
  });
});

describe("no year: the plan's year", () => {
  table(PLAN_2019, [
    ["9月底前", due("2019-09-30", "month")],
    ["年底前", due("2019-12-31", "year")],
    ["年底", due("2019-12-31", "year")],
    ["年内", due("2019-12-31", "year")],
    ["今年年底前", due("2019-12-31", "year")],
    ["9月份", due("2019-09-30", "month")],
    ["2月底前", due("2019-02-28", "month")],
    ["12月31日前", due("2019-12-31", "day")],
    ["上半年", due("2019-06-30", "month")],
    ["年中", due("2019-06-30", "month")],
    ["下半年", due("2019-12-31", "month")],
    ["第一季度", due("2019-03-31", "month")],
    ["第三季度", due("2019-09-30", "month")],
    ["三季度末", due("2019-09-30", "month")],
    ["4季度", due("2019-12-31", "month")],
  ]);

  it("takes the year of the issue date when no year is given, and prefers context.year", () => {
    expect(parseDeadline("9月底前", { issuedOn: "2017-09-14" })).toEqual({
      kind: "due",
      text: "9月底前",
      due: "2017-09-30",
      precision: "month",
    });
    expect(parseDeadline("9月底前", { year: 2018, issuedOn: "2017-09-14" })).toMatchObject({ due: "2018-09-30" });
  });

  it.each(["9月底前", "年底前", "年内", "9月份", "上半年", "第三季度", "12月31日前"])(
    "%j without a plan year is unknown, saying why",
    (text) => {
      const reason = "no year: plan year unknown";
      expect(parseDeadline(text)).toEqual({ kind: "unknown", text, reason });
      expect(parseDeadline(text, {})).toEqual({ kind: "unknown", text, reason });
      expect(parseDeadline(text, { issuedOn: "2017-13-01" })).toEqual({ kind: "unknown", text, reason });
    },
  );
});

describe("relative to the issue date", () => {
  table(ISSUED, [
    ["5年内", { kind: "relative", amount: 5, unit: "year", due: "2022-06-08" }],
    ["五年内", { kind: "relative", amount: 5, unit: "year", due: "2022-06-08" }],
    ["两年之内", { kind: "relative", amount: 2, unit: "year", due: "2019-06-08" }],
    ["一年以内", { kind: "relative", amount: 1, unit: "year", due: "2018-06-08" }],
    ["3个月内", { kind: "relative", amount: 3, unit: "month", due: "2017-09-08" }],
    ["半年内", { kind: "relative", amount: 6, unit: "month", due: "2017-12-08" }],
    ["30天内", { kind: "relative", amount: 30, unit: "day", due: "2017-07-08" }],
    ["30日内", { kind: "relative", amount: 30, unit: "day", due: "2017-07-08" }],
  ]);

  it("has no due date without an issue date", () => {
    expect(parseDeadline("5年内")).toEqual({ kind: "relative", text: "5年内", amount: 5, unit: "year" });
    expect(parseDeadline("两年之内", { year: 2017 })).toEqual({
      kind: "relative",
      text: "两年之内",
      amount: 2,
      unit: "year",
    });
  });
});
