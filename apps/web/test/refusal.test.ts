/** Refusals worded in the interface language: by the domain's rule, by the request's issues, else the API's message. */
import { describe, expect, it } from "vitest";
import { ApiFailure } from "../src/api.ts";
import { setupI18n } from "../src/i18n.ts";
import { refusalReason } from "../src/refusal.ts";

const i18n = setupI18n("zh-CN");
const zh = i18n.getFixedT("zh-CN");
const en = i18n.getFixedT("en");
const invalid = (issues: unknown, message = "the request is not valid") =>
  new ApiFailure(422, "unprocessable", message, { issues });

describe("refusalReason", () => {
  it("words each issue as the field and what is wrong, skipping the request part and numbering list items", () => {
    const error = invalid([
      { path: ["json", "units"], code: "too_small", message: "a reporter token needs at least one unit" },
      { path: ["units", 1], code: "unknown-unit", message: "unknown unit 市财政厅" },
      { path: ["json", "narrative"], code: "invalid_characters", message: "holds a NUL character" },
    ]);
    expect(refusalReason(zh, error)).toBe(
      "单位：低于最低要求（为空、过短或过小）；单位第 2 项：不是已知的单位；进展说明：含有无法保存的空字符（U+0000）",
    );
    expect(refusalReason(en, error)).toBe(
      "Units: below the minimum (empty, too short or too small); Units item 2: not a known unit; Progress note: holds a NUL character (U+0000), which cannot be stored",
    );
  });

  it("keeps the API's message for a code the locale does not know, and the raw name for a field it does not know", () => {
    expect(refusalReason(zh, invalid([{ path: ["json", "colour"], code: "custom", message: "must be blue" }]))).toBe(
      "colour：must be blue",
    );
    expect(refusalReason(zh, invalid([{ path: [], code: "expired", message: "must be in the future" }]))).toBe(
      "必须晚于现在",
    );
  });

  it("keeps the API's message when the issues are missing or not issues, and prefers the rule when there is one", () => {
    expect(refusalReason(zh, invalid(undefined, "plain refusal"))).toBe("plain refusal");
    expect(refusalReason(zh, invalid([{ path: "units" }, "x"], "plain refusal"))).toBe("plain refusal");
    const ruled = new ApiFailure(409, "conflict", "the task is closed", {
      rule: "closed",
      issues: [{ path: ["percent"], code: "too_big", message: "too big" }],
    });
    expect(refusalReason(zh, ruled)).toBe("任务已销号");
    expect(refusalReason(zh, new Error("network down"))).toBe("network down");
  });
});
