/**
 * Word files (.docx), saved web pages (.html) and PDFs made from the seeds import the same ledger
 * as the text seed: same tasks, titles, texts, leads, cooperators and deadlines (and, for PDFs,
 * targets) — through `importFile`, which detects the format from the bytes and the name.
 */
import { describe, expect, it } from "vitest";
import { type ImportResult, importDocument } from "../../src/Import.ts";
import { importFile } from "../../src/ImportFile.ts";
import { SEEDS, type SeedName, seedBytes } from "../seedFiles.ts";
import { ledgerView } from "../variants.ts";
import { CJK_FONT, hasCjkFont, seedBlocks, toDocx, toHtml, toPdf } from "./fixtures.ts";

const text = (name: SeedName) => new TextDecoder().decode(seedBytes(name));
const names = Object.keys(SEEDS) as SeedName[];

/** Each task's targets and the plan's indicators, as read. */
function targetView(result: ImportResult): unknown {
  if (!result.ok) return `not imported: ${result.error.code}`;
  const { tasks, indicators } = result.ledger;
  return { targets: tasks.map((t) => [t.id, t.targets]), indicators };
}

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

describe("PDF forms of the seeds (printed with pdfkit in Debian's Noto CJK font)", () => {
  if (!hasCjkFont()) {
    // The font comes with tooling/scripts/system-deps.sh; without it in CI the suite fails loudly.
    if (process.env.CI === "true") throw new Error(`${CJK_FONT} is missing: run tooling/scripts/system-deps.sh`);
    it.skip(`needs ${CJK_FONT} (tooling/scripts/system-deps.sh installs it)`, () => {});
    return;
  }
  // Printed as a word processor prints them: 000's and 001's tables with their cells wrapped
  // within ruled columns, 002's flattened annex with its runs of spaces.
  it.each(names)(
    "%s as a .pdf imports like the text seed (tasks, leads, cooperators, deadlines, targets)",
    async (name) => {
      const bytes = await toPdf(seedBlocks(text(name)));
      const result = await importFile({ bytes, fileName: `${name}.pdf` });
      expect(result.format).toBe("pdf");
      const expected = importDocument(text(name));
      expect(ledgerView(result as never)).toEqual(ledgerView(expected));
      expect(targetView(result as never)).toEqual(targetView(expected));
    },
  );

  // Without rules between the rows, the rows come from the text alone (full lines, item numbers).
  it.each(["jilin", "shanxi"] as const)(
    "%s as a .pdf with a table printed without rules imports the same",
    async (name) => {
      const bytes = await toPdf(seedBlocks(text(name)), { rules: false });
      const result = await importFile({ bytes, fileName: `${name}.pdf` });
      expect(ledgerView(result as never)).toEqual(ledgerView(importDocument(text(name))));
    },
  );

  it("a PDF without text (a scan) and broken PDF bytes are refused with a reason", async () => {
    const blank = await toPdf([]);
    const scan = await importFile({ bytes: blank, fileName: "scan.pdf" });
    expect(scan).toMatchObject({ ok: false, format: "pdf", error: { code: "no-text" } });
    const broken = await importFile({ bytes: new TextEncoder().encode("%PDF-1.7 broken"), fileName: "x.pdf" });
    expect(broken).toMatchObject({ ok: false, format: "pdf", error: { code: "bad-pdf" } });
  });
});
