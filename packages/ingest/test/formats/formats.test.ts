/**
 * Word files (.docx) and saved web pages (.html) made from the seeds import the same ledger as the
 * text seed: same tasks, titles, texts, leads, cooperators and deadlines — through `importFile`,
 * which detects the format from the bytes and the name.
 */
import { describe, expect, it } from "vitest";
import { importDocument } from "../../src/Import.ts";
import { importFile } from "../../src/ImportFile.ts";
import { SEEDS, type SeedName, seedBytes } from "../seedFiles.ts";
import { ledgerView } from "../variants.ts";
import { seedBlocks, toDocx, toHtml } from "./fixtures.ts";

const text = (name: SeedName) => new TextDecoder().decode(seedBytes(name));
const names = Object.keys(SEEDS) as SeedName[];

describe("Word and web page forms of the seeds", () => {
  it.each(names)("%s as .docx imports like the text seed", async (name) => {
    const bytes = await toDocx(seedBlocks(text(name)));
    const result = await importFile({ bytes, fileName: `${name}.docx` });
    expect(result.format).toBe("docx");
    expect(ledgerView(result as never)).toEqual(ledgerView(importDocument(text(name))));
    // Detected from the bytes alone, too.
    expect((await importFile({ bytes })).format).toBe("docx");
  });

  it.each(names)("%s as a saved .html page imports like the text seed", async (name) => {
    const html = toHtml(seedBlocks(text(name)), name);
    const result = await importFile({ bytes: new TextEncoder().encode(html), fileName: `${name}.html` });
    expect(result.format).toBe("html");
    expect(ledgerView(result as never)).toEqual(ledgerView(importDocument(text(name))));
  });

  it("a zip that is no Word document, or broken .docx bytes, are refused with a reason", async () => {
    const broken = await importFile({ bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), fileName: "a.docx" });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error.message).toMatch(/Word|zip|xlsx|spreadsheet/i);
  });
});
