/**
 * Line breaks, line endings, encodings and character widths do not change what is read: each
 * seed's prose and tables give the same tasks, titles, texts, leads, cooperators and deadlines
 * (and the same plan metadata) whether its line breaks are kept, lost (one line) or moved (hard
 * wrapped at 40 characters), and in CRLF, GB18030 or with full-width digits.
 */
import { describe, expect, it } from "vitest";
import { loadFixture, names } from "../eval/score.ts";
import { importDocument } from "../src/Import.ts";
import { SEEDS, type SeedName, seedBytes } from "./seedFiles.ts";
import { crlf, fullWidthDigits, gb18030, hardWrap, ledgerView, oneLine } from "./variants.ts";

const text = (name: SeedName) => new TextDecoder().decode(seedBytes(name));
const view = (input: string | Uint8Array) => ledgerView(importDocument(input));

describe("line breaks do not change the ledger", () => {
  // 000 is a Word table exported one cell per line: its line breaks are its cell boundaries.
  const prose: SeedName[] = ["shanxi", "pingxiang", "harbin"];
  it.each(prose)("%s: one line (tr -d '\\n') reads like the original", (name) => {
    const original = view(text(name));
    expect(original.length).toBeGreaterThan(40);
    expect(view(oneLine(text(name)))).toEqual(original);
  });
  it.each(prose)("%s: hard-wrapped at 40 characters reads like the original", (name) => {
    expect(view(hardWrap(text(name), 40))).toEqual(view(text(name)));
  });
  it.each(prose)("%s: hard-wrapped at 33 characters (another width) reads like the original", (name) => {
    expect(view(hardWrap(text(name), 33))).toEqual(view(text(name)));
  });
});

describe("line endings, encodings and widths do not change the ledger", () => {
  it.each(Object.keys(SEEDS) as SeedName[])("%s: CRLF, GB18030 and full-width digits", (name) => {
    const original = view(text(name));
    expect(view(crlf(text(name)))).toEqual(original);
    expect(view(gb18030(text(name)))).toEqual(original);
    expect(view(fullWidthDigits(text(name)))).toEqual(original);
  });
});

describe("our fixtures: line breaks, line endings, encodings and widths do not change the ledger", () => {
  const fixtures = names.map((name) => [name, loadFixture(name)] as const);
  it.each(fixtures)("%s", (name, { text: original, expected }) => {
    const read = (input: string | Uint8Array) => ledgerView(importDocument(input, expected.options ?? {}));
    const want = read(original);
    expect(read(crlf(original))).toEqual(want);
    expect(read(gb18030(original))).toEqual(want);
    expect(read(fullWidthDigits(original))).toEqual(want);
    // Markdown tables are line-based by definition.
    if (!name.startsWith("markdown-")) {
      expect(read(oneLine(original))).toEqual(want);
      expect(read(hardWrap(original, 40))).toEqual(want);
    }
  });
});
