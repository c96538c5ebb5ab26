/** The character scanner under deadline reading (DeadlineScanner.ts): one expression at a position. */
import { describe, expect, it } from "vitest";
import {
  invalid,
  KIND_DUE,
  KIND_RECURRING,
  KIND_RELATIVE,
  KIND_STARTS,
  KIND_WINDOW,
  mayStartExpr,
  readExpr,
  scratch,
  UNIT_MONTH,
} from "../src/DeadlineScanner.ts";

const read = (s: string, i = 0): number => readExpr(s, i, s.length, scratch);

describe("readExpr", () => {
  it("reads prefix, span and marker, and stops before what follows", () => {
    const s = "到2020年 1月底前完成";
    expect(read(s)).toBe(s.indexOf("完"));
    expect(scratch).toMatchObject({ kind: KIND_DUE, to: true, before: true, within: false });
    expect(scratch.a).toMatchObject({ year: 2020, from: 1, to: 1, endMark: true });
  });

  it("starts at the given index and reads Chinese and full-width numerals", () => {
    const s = "方案于二〇二〇年十二月底前";
    expect(read(s, 2)).toBe(s.length);
    expect(scratch.a).toMatchObject({ year: 2020, to: 12, endMark: true });
    expect(read("２０１９年３月")).toBe(7);
    expect(scratch.a).toMatchObject({ year: 2019, to: 3 });
  });

  it("reads windows, yearly recurrences, starts and relative durations", () => {
    expect(read("2014年12月-2015年3月")).toBe(16);
    expect(scratch.kind).toBe(KIND_WINDOW);
    expect([scratch.a.year, scratch.a.from, scratch.b.year, scratch.b.to]).toEqual([2014, 12, 2015, 3]);
    read("2020—2022年每年2月底前");
    expect(scratch).toMatchObject({ kind: KIND_RECURRING, fromYear: 2020, toYear: 2022 });
    expect(scratch.a.to).toBe(2);
    read("自2017年9月1日起");
    expect(scratch.kind).toBe(KIND_STARTS);
    expect(scratch.a).toMatchObject({ year: 2017, to: 9, day: 1 });
    expect(read("3个月以内")).toBe(5);
    expect(scratch).toMatchObject({ kind: KIND_RELATIVE, amount: 3, unit: UNIT_MONTH, within: true });
  });

  it("fails with a reason for a date-shaped text that is no date, and clears it on the next read", () => {
    expect(read("2020年13月底前")).toBe(-1);
    expect(invalid.reason).toBe("invalid month: 13");
    expect(read("第5季度")).toBe(-1);
    expect(invalid.reason).toBe("invalid quarter: 5");
    expect(read("9月底前")).toBe(4);
    expect(invalid.reason).toBe("");
  });

  it("fails without a reason where no expression starts", () => {
    expect(read("出台方案")).toBe(-1);
    expect(invalid.reason).toBe("");
  });
});

describe("mayStartExpr", () => {
  it("is true where an expression may begin and not inside a numeral", () => {
    expect(mayStartExpr("在2020年", 1)).toBe(true);
    expect(mayStartExpr("在2020年", 2)).toBe(false);
    expect(mayStartExpr("出台方案", 0)).toBe(false);
    expect(mayStartExpr("方案年底前", 2)).toBe(true);
    expect(mayStartExpr("每年", 0)).toBe(true);
  });
});
