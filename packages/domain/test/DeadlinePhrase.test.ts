/**
 * parseDeadline (DeadlinePhrase.ts) on every form of DOMAIN.md §3, numeral styles, line breaks,
 * leap years and unreadable input. Expected values are written out by hand. What depends on the
 * plan's year or issue date is in DeadlineContext.test.ts, dated steps in Milestones.test.ts.
 */
import { describe, expect, it } from "vitest";
import { type Deadline, type DeadlineContext, parseDeadline } from "../src/index.ts";

/** A plan of 2019 with no known issue date (like seed 000). */
const PLAN_2019: DeadlineContext = { year: 2019 };

type Expected = Omit<Deadline, "text"> & Record<string, unknown>;

function table(context: DeadlineContext | undefined, rows: ReadonlyArray<readonly [string, Expected]>): void {
  it.each(rows)("%j", (text, expected) => {
    expect(parseDeadline(text, context)).toEqual({ ...expected, text });
  });
}

const due = (date: string, precision: "day" | "month" | "year"): Expected => ({ kind: "due", due: date, precision });

describe("due at the end of a month", () => {
  table(PLAN_2019, [
    ["2020年1月底前", due("2020-01-31", "month")],
    ["2019年12月底前", due("2019-12-31", "month")],
    ["2017年10月底前完成", due("2017-10-31", "month")],
    ["2020年1月底以前", due("2020-01-31", "month")],
    ["2020年1月底之前", due("2020-01-31", "month")],
    ["2020年1月底前完成", due("2020-01-31", "month")],
    ["2020年1月底", due("2020-01-31", "month")],
    ["2020年1月前", due("2020-01-31", "month")],
    ["2020年1月", due("2020-01-31", "month")],
    ["2020年11月末", due("2020-11-30", "month")],
    ["于2020年6月底前完成", due("2020-06-30", "month")],
    ["(2020年6月底前完成)", due("2020-06-30", "month")],
    ["2020年6月底前。", due("2020-06-30", "month")],
  ]);
});

describe("due at the end of a year", () => {
  table(PLAN_2019, [
    ["2020年底前", due("2020-12-31", "year")],
    ["2020年年底前", due("2020-12-31", "year")],
    ["到2017年年底", due("2017-12-31", "year")],
    ["2020年", due("2020-12-31", "year")],
    ["2020年末", due("2020-12-31", "year")],
    ["2020年内", due("2020-12-31", "year")],
    ["2020年度", due("2020-12-31", "year")],
    ["截至2020年底", due("2020-12-31", "year")],
    // "2020年前" is read as "by 2020", as plans mean it.
    ["2020年前", due("2020-12-31", "year")],
    ["2020年完成", due("2020-12-31", "year")],
  ]);
});

describe("due on a day", () => {
  table(PLAN_2019, [
    ["2019年12月31日前", due("2019-12-31", "day")],
    ["2019年12月31日", due("2019-12-31", "day")],
    ["2020年6月30号前", due("2020-06-30", "day")],
    ["2020年2月29日前", due("2020-02-29", "day")],
  ]);
});

describe("leap years", () => {
  table(undefined, [
    ["2020年2月底前", due("2020-02-29", "month")],
    ["2019年2月底前", due("2019-02-28", "month")],
    ["2000年2月底前", due("2000-02-29", "month")],
    ["2100年2月底前", due("2100-02-28", "month")],
  ]);

  it("refuses 29 February of a common year", () => {
    expect(parseDeadline("2019年2月29日前")).toEqual({
      kind: "unknown",
      text: "2019年2月29日前",
      reason: "invalid date: 2019年2月29日 does not exist",
    });
  });
});

describe("ongoing, external, done", () => {
  table(undefined, [
    ["持续推进", { kind: "ongoing" }],
    ["持续开展", { kind: "ongoing" }],
    ["常年", { kind: "ongoing" }],
    ["常年开展", { kind: "ongoing" }],
    ["长期", { kind: "ongoing" }],
    ["长期坚持", { kind: "ongoing" }],
    ["常态化", { kind: "ongoing" }],
    ["按照国家要求完成", { kind: "external" }],
    ["按国家部署", { kind: "external" }],
    ["根据国家统一部署", { kind: "external" }],
    ["按照国家部署要求", { kind: "external" }],
    ["待国家出台相关政策后", { kind: "external" }],
    ["已完成", { kind: "done" }],
    ["已经完成", { kind: "done" }],
    [" 已完成。", { kind: "done" }],
  ]);

  it("does not take a task sentence or 已启动 for a keyword", () => {
    expect(parseDeadline("持续推进公立医院综合改革").kind).toBe("unknown");
    expect(parseDeadline("按照国家部署开展医保药品支付标准试点,探索制订医疗服务医保支付标准").kind).toBe("unknown");
    expect(parseDeadline("已启动").kind).toBe("unknown");
  });
});

describe("recurring yearly", () => {
  table(undefined, [
    ["每年2月底前", { kind: "recurring", frequency: "yearly", month: 2 }],
    ["每年", { kind: "recurring", frequency: "yearly", month: 12 }],
    ["每年年底前", { kind: "recurring", frequency: "yearly", month: 12 }],
    ["每年 2 月份", { kind: "recurring", frequency: "yearly", month: 2 }],
    ["每年6月30日前", { kind: "recurring", frequency: "yearly", month: 6, day: 30 }],
    ["每年2月29日前", { kind: "recurring", frequency: "yearly", month: 2, day: 29 }],
    ["每年第一季度", { kind: "recurring", frequency: "yearly", month: 3 }],
    ["2020—2022年每年", { kind: "recurring", frequency: "yearly", month: 12, fromYear: 2020, toYear: 2022 }],
    ["2020-2022年每年", { kind: "recurring", frequency: "yearly", month: 12, fromYear: 2020, toYear: 2022 }],
    ["2020年至2022年每年", { kind: "recurring", frequency: "yearly", month: 12, fromYear: 2020, toYear: 2022 }],
    ["2020—2022年每年2月底前", { kind: "recurring", frequency: "yearly", month: 2, fromYear: 2020, toYear: 2022 }],
  ]);

  it("refuses an impossible day and a backwards range", () => {
    expect(parseDeadline("每年2月30日前")).toMatchObject({
      kind: "unknown",
      reason: "invalid date: 2月30日 does not exist",
    });
    expect(parseDeadline("2022-2020年每年")).toMatchObject({
      kind: "unknown",
      reason: "year range ends before it starts",
    });
  });
});

describe("starts", () => {
  table(undefined, [
    ["自2017年9月1日起", { kind: "starts", start: "2017-09-01", precision: "day" }],
    ["2017年起", { kind: "starts", start: "2017-01-01", precision: "year" }],
    ["2017年9月起", { kind: "starts", start: "2017-09-01", precision: "month" }],
    ["从 2020 年起", { kind: "starts", start: "2020-01-01", precision: "year" }],
    ["从2018年1月1日开始", { kind: "starts", start: "2018-01-01", precision: "day" }],
    ["自2017年8月1日", { kind: "starts", start: "2017-08-01", precision: "day" }],
  ]);
});

describe("windows", () => {
  table(PLAN_2019, [
    ["（2014年12月-2015年3月）", { kind: "window", start: "2014-12-01", due: "2015-03-31" }],
    ["2014年12月—2015年3月", { kind: "window", start: "2014-12-01", due: "2015-03-31" }],
    // A year range alone runs from 1 January of the first year to 31 December of the last.
    ["2020—2022年", { kind: "window", start: "2020-01-01", due: "2022-12-31" }],
    ["2017-2020年", { kind: "window", start: "2017-01-01", due: "2020-12-31" }],
    ["2017年9月至12月", { kind: "window", start: "2017-09-01", due: "2017-12-31" }],
    ["2018年7月1日～2018年12月31日", { kind: "window", start: "2018-07-01", due: "2018-12-31" }],
    ["9月-11月", { kind: "window", start: "2019-09-01", due: "2019-11-30" }],
  ]);

  it("refuses a window that ends before it starts", () => {
    expect(parseDeadline("2020年3月—2019年1月")).toMatchObject({
      kind: "unknown",
      reason: "window ends before it starts",
    });
  });
});

describe("numerals and spacing", () => {
  table(PLAN_2019, [
    ["二〇二〇年十二月底前", due("2020-12-31", "month")],
    ["二零一九年九月底前", due("2019-09-30", "month")],
    ["二〇二〇年二月二十九日前", due("2020-02-29", "day")],
    ["十月底前", due("2019-10-31", "month")],
    ["十一月底前", due("2019-11-30", "month")],
    ["２０２０年１月底前", due("2020-01-31", "month")],
    ["２０２０年１２月３１日前", due("2020-12-31", "day")],
    ["２０２０年底前", due("2020-12-31", "year")],
    ["2020年\n1月底前", due("2020-01-31", "month")],
    ["2020年\r\n1月底前", due("2020-01-31", "month")],
    ["2020\n年\n1\n月底前", due("2020-01-31", "month")],
    ["2020 年 1 月底前", due("2020-01-31", "month")],
    ["2020年\u30001月底前", due("2020-01-31", "month")],
    ["\u00a02020年底前\u00a0", due("2020-12-31", "year")],
    ["\t2020年底前 ", due("2020-12-31", "year")],
  ]);
});

describe("unknown: never throws, keeps the text", () => {
  it.each<[string, string]>([
    ["", "empty text"],
    ["   \n\t", "empty text"],
    ["garbage", "no deadline phrase recognised"],
    ["尽快", "no deadline phrase recognised"],
    ["13月底前", "invalid month: 13"],
    ["2020年13月底前", "invalid month: 13"],
    ["2020年6月31日前", "invalid date: 2020年6月31日 does not exist"],
    ["第五季度", "invalid quarter: 5"],
    ["3000年底前", "year out of range: 3000"],
    ["5年", "no deadline phrase recognised"],
  ])("%j → %s", (text, reason) => {
    expect(parseDeadline(text, PLAN_2019)).toEqual({ kind: "unknown", text, reason });
  });

  it("handles very long input", () => {
    for (const text of [
      "啊".repeat(200_000),
      "2".repeat(200_000),
      "到".repeat(200_000),
      "年".repeat(200_000),
      "二〇".repeat(100_000),
      " ".repeat(200_000),
      "每年".repeat(100_000),
      `2020${"-".repeat(100_000)}`,
      "按，".repeat(100_000),
    ]) {
      const d = parseDeadline(text, PLAN_2019);
      expect(d.kind).toBe("unknown");
      expect(d.text).toBe(text);
    }
    const steps = "2020年1月底前，出台方案；".repeat(2_000);
    const d = parseDeadline(steps, PLAN_2019);
    expect(d.kind).toBe("milestones");
    expect(d.kind === "milestones" && d.milestones.length).toBe(2_000);
  });
});
