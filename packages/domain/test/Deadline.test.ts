/** The deadline model (Deadline.ts): deadlineDue and the schema of what parseDeadline returns. */
import { describe, expect, it } from "vitest";
import { Deadline, type DeadlineContext, deadlineDue, parseDeadline } from "../src/index.ts";

/** A plan issued on 2017-06-08 (seed 003). */
const ISSUED: DeadlineContext = { year: 2017, issuedOn: "2017-06-08" };

describe("deadlineDue", () => {
  it("gives the due date of the kinds that have one", () => {
    const ctx = ISSUED;
    expect(deadlineDue(parseDeadline("2020年1月底前", ctx))).toBe("2020-01-31");
    expect(deadlineDue(parseDeadline("（2014年12月-2015年3月）", ctx))).toBe("2015-03-31");
    expect(deadlineDue(parseDeadline("9月底前出台方案，年底前全部实行", ctx))).toBe("2017-12-31");
    expect(deadlineDue(parseDeadline("5年内", ctx))).toBe("2022-06-08");
    expect(deadlineDue(parseDeadline("5年内"))).toBeUndefined();
    for (const text of ["持续推进", "已完成", "按国家部署", "每年2月底前", "自2017年9月1日起", "garbage"]) {
      expect(deadlineDue(parseDeadline(text, ctx))).toBeUndefined();
    }
  });
});

describe("the Deadline schema", () => {
  it("accepts every kind parseDeadline returns and refuses a malformed value", () => {
    for (const text of [
      "2020年1月底前",
      "持续推进",
      "已完成",
      "按国家部署",
      "每年2月底前",
      "自2017年9月1日起",
      "（2014年12月-2015年3月）",
      "5年内",
      "9月底前出台方案，年底前全部实行",
      "garbage",
    ]) {
      expect(Deadline.safeParse(parseDeadline(text, ISSUED)).success).toBe(true);
    }
    expect(Deadline.safeParse({ kind: "due", text: "x", due: "2020-02-30", precision: "day" }).success).toBe(false);
    expect(Deadline.safeParse({ kind: "milestones", text: "x", due: "2020-01-01", milestones: [] }).success).toBe(
      false,
    );
  });
});
