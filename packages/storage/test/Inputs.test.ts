import { describe, expect, it } from "vitest";
import { nulIssues } from "../src/Inputs.ts";

describe("nulIssues", () => {
  it("finds U+0000 in strings, array items and object keys at any depth, with their paths", () => {
    expect(nulIssues({ a: "ok", b: ["x", "y\u0000"], c: { "k\u0000": 1, d: { e: "\u0000" } }, n: 3, z: null })).toEqual(
      [
        { path: ["b", 1], message: expect.stringContaining("U+0000"), code: "invalid_characters" },
        { path: ["c", "k\u0000"], message: expect.stringContaining("its name"), code: "invalid_characters" },
        { path: ["c", "d", "e"], message: expect.stringContaining("U+0000"), code: "invalid_characters" },
      ],
    );
    expect(nulIssues("\u0000")).toEqual([expect.objectContaining({ path: [] })]);
  });

  it("finds nothing in text without U+0000 (other control characters are left to the schemas)", () => {
    expect(nulIssues({ text: "组建医联体\t\r\n\u0007", list: [1, true, undefined, { x: "\u200b" }] })).toEqual([]);
  });

  it("lists at most 20 issues however many strings hold U+0000", () => {
    const issues = nulIssues({ tasks: Array.from({ length: 100 }, () => ({ text: "\u0000" })) });
    expect(issues).toHaveLength(20);
    expect(issues[19]?.path).toEqual(["tasks", 19, "text"]);
  });
});
