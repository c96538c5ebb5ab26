/** Every seed document, imported, survives spreadsheet export and import unchanged. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importDocument } from "../src/Import.ts";
import { exportCsv, exportXlsx, importCsv, importXlsx } from "../src/spreadsheet/index.ts";

const seedsDir = join(import.meta.dirname, "../../../seeds");
const seeds = readdirSync(seedsDir).filter((f) => /^\d{3}_.*\.txt$/.test(f));

describe.each(seeds)("seed %s", (file) => {
  const imported = importDocument(readFileSync(join(seedsDir, file)), { fileName: file });
  if (!imported.ok) throw new Error(`${file}: ${imported.error.message}`);
  const ledger = imported.ledger;

  it("has tasks to round-trip", () => {
    expect(ledger.tasks.length).toBeGreaterThan(15);
  });

  it("CSV export then import gives back the same ledger, with no diagnostics", () => {
    const result = importCsv(exportCsv(ledger));
    expect(result.ok && result.ledger).toEqual(ledger);
    expect(result.diagnostics).toEqual([]);
  });

  it("XLSX export then import gives back the same ledger, with no diagnostics", async () => {
    const result = await importXlsx(await exportXlsx(ledger));
    expect(result.ok && result.ledger).toEqual(ledger);
    expect(result.diagnostics).toEqual([]);
  });
});

it("finds the four seeds", () => {
  expect(seeds).toHaveLength(4);
});
