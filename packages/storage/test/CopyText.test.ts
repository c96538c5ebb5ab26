/**
 * COPY text encoding. What PostgreSQL reads back from these lines is checked on the databases by
 * importRows.test.ts; here, the format's rules one by one.
 */
import { describe, expect, it } from "vitest";
import { arrayLiteral, copyField } from "../src/CopyText.ts";

describe("COPY text fields", () => {
  it("writes NULL as \\N and an integer as its digits", () => {
    expect(copyField(null)).toBe("\\N");
    expect(copyField(42)).toBe("42");
    expect(copyField(-7)).toBe("-7");
  });

  it("refuses numbers COPY could not read back", () => {
    expect(() => copyField(Number.NaN)).toThrow(/not a finite number/);
    expect(() => copyField(Number.POSITIVE_INFINITY)).toThrow(/not a finite number/);
  });

  it("escapes backslash, tab, line feed and carriage return, and nothing else", () => {
    expect(copyField("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(copyField("\\N")).toBe("\\\\N");
    expect(copyField("\\.")).toBe("\\\\.");
    const untouched = '推进 "医改" {a,b} NULL 😀';
    expect(copyField(untouched)).toBe(untouched);
    expect(copyField("")).toBe("");
  });

  it("writes text arrays with every element quoted, so NULL, empty, braces and commas stay text", () => {
    expect(arrayLiteral([])).toBe("{}");
    expect(arrayLiteral(["NULL", "", "{a,b}", " x "])).toBe('{"NULL","","{a,b}"," x "}');
    expect(arrayLiteral(['say "hi"', "back\\slash"])).toBe('{"say \\"hi\\"","back\\\\slash"}');
  });

  it("escapes an array literal as a field, after quoting its elements", () => {
    // The element's backslash is doubled by the array literal, then each backslash by COPY.
    expect(copyField(["a\\b", "tab\there"])).toBe('{"a\\\\\\\\b","tab\\there"}');
  });
});
