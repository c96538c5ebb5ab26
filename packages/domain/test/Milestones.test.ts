/** Dated steps inside task sentences (Milestones.ts). Expected values are written out by hand. */
import { describe, expect, it } from "vitest";
import { type DeadlineContext, extractMilestones, parseDeadline } from "../src/index.ts";

/** A plan of 2019 with no known issue date (like seed 000). */
const PLAN_2019: DeadlineContext = { year: 2019 };
/** A plan issued on 2017-06-08 (seed 003). */
const ISSUED: DeadlineContext = { year: 2017, issuedOn: "2017-06-08" };

describe("several dated steps", () => {
  it("returns milestones due at the last one", () => {
    const text = "9月底前出台方案，年底前全部实行";
    expect(parseDeadline(text, PLAN_2019)).toEqual({
      kind: "milestones",
      text,
      due: "2019-12-31",
      milestones: [
        { due: "2019-09-30", precision: "month", text: "9月底前", what: "出台方案" },
        { due: "2019-12-31", precision: "year", text: "年底前", what: "全部实行" },
      ],
    });
    expect(parseDeadline(text)).toEqual({ kind: "unknown", text, reason: "no year: plan year unknown" });
  });

  it("stops a step's `what` at the next step when no punctuation separates them", () => {
    expect(extractMilestones("9月底前出台方案年底前全部实行", PLAN_2019)).toEqual([
      { due: "2019-09-30", precision: "month", text: "9月底前", what: "出台方案" },
      { due: "2019-12-31", precision: "year", text: "年底前", what: "全部实行" },
    ]);
  });

  it("reads one dated step in a longer text as due", () => {
    const text = "2017年年底前,全市组建50个以上医疗联合体";
    expect(parseDeadline(text)).toEqual({ kind: "due", text, due: "2017-12-31", precision: "year" });
  });

  it("counts relative steps when the issue date is known", () => {
    expect(extractMilestones("三个月内完成摸底,一年内全面推开", ISSUED)).toEqual([
      { due: "2017-09-08", precision: "day", text: "三个月内", what: "完成摸底" },
      { due: "2018-06-08", precision: "day", text: "一年内", what: "全面推开" },
    ]);
    expect(extractMilestones("三个月内完成摸底,一年内全面推开", { year: 2017 })).toEqual([]);
  });
});
