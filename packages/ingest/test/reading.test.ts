/**
 * Honest diagnostics: how much of the document was read is reported, and a reading that set most
 * of the body aside, or found no unit or no deadline anywhere, is a warning (in the diagnostics and
 * in the JSON view), not an info line.
 */
import { describe, expect, it } from "vitest";
import { importDocument } from "../src/Import.ts";
import { toLedgerJson } from "../src/LedgerJson.ts";
import { importSeed, SEEDS, type SeedName } from "./seedFiles.ts";

function read(text: string) {
  const result = importDocument(text);
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

describe("coverage and reading warnings", () => {
  it.each(Object.keys(SEEDS) as SeedName[])("%s: most of the body is read, with no reading warning", (name) => {
    const result = importSeed(name);
    expect(result.coverage.share).toBeGreaterThan(0.9);
    expect(result.coverage.itemChars).toBeLessThanOrEqual(result.coverage.bodyChars);
    expect(result.diagnostics.map((d) => d.code)).not.toContain("little-read");
  });

  it("warns when most of the text was set aside, in the diagnostics and the JSON view", () => {
    const junk = Array.from(
      { length: 30 },
      (_, i) => `相关文章：关于开展第${i + 1}批医疗机构评审工作的公告及附件下载链接说明`,
    );
    const result = read(
      ["某市医改任务", "一、重点任务", "1.推进分级诊疗。（市卫健委负责，2020年底前）", ...junk].join("\n"),
    );
    expect(result.coverage.share).toBeLessThan(0.5);
    const warning = result.diagnostics.find((d) => d.code === "little-read");
    expect(warning?.severity).toBe("warning");
    expect(warning?.message).toMatch(/^Only \d+% of the document's text/);
    const json = toLedgerJson(result);
    expect(json.coverage?.share).toBe(result.coverage.share);
    expect(json.warnings).toContain(warning!.message);
  });

  it("warns when no item has a unit or a deadline", () => {
    const result = read("某市医改任务\n一、重点任务\n1.推进分级诊疗。\n2.推进家庭医生签约。");
    const codes = result.diagnostics.filter((d) => d.severity === "warning").map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(["no-units", "no-deadlines"]));
  });
});
