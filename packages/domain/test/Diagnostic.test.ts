/** The reader's finding (Diagnostic.ts), shared by ingest, storage and the front ends. */
import { describe, expect, it } from "vitest";
import { Diagnostic } from "../src/index.ts";

describe("Diagnostic", () => {
  it("accepts a finding with or without a line and refuses a bad severity or line", () => {
    const d = { severity: "warning", code: "year-inferred", line: 3, message: "年份取自计划", text: "9月底前" };
    expect(Diagnostic.parse(d)).toEqual(d);
    expect(Diagnostic.safeParse({ severity: "info", code: "x", message: "whole document" }).success).toBe(true);
    expect(Diagnostic.safeParse({ ...d, severity: "fatal" }).success).toBe(false);
    expect(Diagnostic.safeParse({ ...d, line: 0 }).success).toBe(false);
  });
});
