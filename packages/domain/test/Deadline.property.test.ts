/** Properties of parseDeadline and extractMilestones over arbitrary and deadline-like strings. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Deadline, endOfMonth, extractMilestones, Milestone, parseDeadline } from "../src/index.ts";

/** Pieces of deadline phrases, so generated strings reach deep into the scanner. */
const PIECES = [
  ..."0123456789０１２３４５６７８９〇零一二两三四五六七八九十",
  ..."年月日号底末份度前内起止至到自从每上下半季第个天之以已今本当截",
  ..." \n\r\t\u3000\u00a0，,；;。()（）-—～~",
  "年底前",
  "月底前",
  "每年",
  "季度",
  "上半年",
  "持续推进",
  "按照国家要求",
  "已完成",
  "2020",
  "12",
  "31",
  "二〇二〇",
  "十二",
];

const deadlineLike = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(""));
const anyText = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), deadlineLike);
const anyContext = fc.option(
  fc.record(
    {
      year: fc.oneof(fc.integer({ min: 1800, max: 2300 }), fc.constant(Number.NaN)),
      issuedOn: fc.oneof(
        fc
          .date({ min: new Date("1990-01-01"), max: new Date("2100-12-31"), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
        fc.string(),
      ),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe("parseDeadline properties", () => {
  it("never throws, keeps the text and returns a valid Deadline", () => {
    fc.assert(
      fc.property(anyText, anyContext, (text, context) => {
        const d = parseDeadline(text, context);
        expect(d.text).toBe(text);
        const parsed = Deadline.safeParse(d);
        expect(parsed.success, JSON.stringify(d)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("extractMilestones never throws and returns valid milestones found in the text", () => {
    fc.assert(
      fc.property(anyText, anyContext, (text, context) => {
        for (const m of extractMilestones(text, context)) {
          expect(Milestone.safeParse(m).success, JSON.stringify(m)).toBe(true);
          expect(text).toContain(m.text);
        }
      }),
      { numRuns: 3000 },
    );
  });

  const MONTHS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
  const chineseYear = (y: number): string => Array.from(String(y), (d) => "〇一二三四五六七八九"[Number(d)]).join("");
  const fullWidth = (n: number): string => Array.from(String(n), (d) => "０１２３４５６７８９"[Number(d)]).join("");

  it("reads every month end the same in Arabic, full-width and Chinese numerals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const expected = { kind: "due", due: endOfMonth(year, month), precision: "month" };
        for (const text of [
          `${year}年${month}月底前`,
          `${year}年\n${month}月底前`,
          `${fullWidth(year)}年${fullWidth(month)}月底前`,
          `${chineseYear(year)}年${MONTHS[month]}月底前`,
        ]) {
          expect(parseDeadline(text)).toEqual({ ...expected, text });
        }
      }),
    );
  });
});
