/**
 * Zip bombs: an XLSX that expands far beyond its size is refused before it is parsed, by its
 * declared sizes or, when they lie, by a capped inflate of each worksheet; rows and cells counted.
 */
import { crc32, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { exportXlsx, importFile, importXlsx } from "../src/index.ts";
import { checkZipLimits, DEFAULT_ZIP_LIMITS } from "../src/spreadsheet/ZipLimits.ts";
import { seed000Ledger } from "./spreadsheetFixture.ts";

/** A zip of the given entries (deflated); `declare` overrides the size written in the directory. */
function zip(files: { name: string; data: string; declare?: number }[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const raw = Buffer.from(f.data);
    const data = deflateRawSync(raw);
    const name = Buffer.from(f.name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(raw), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(f.declare ?? raw.length, 22);
    header.writeUInt16LE(name.length, 26);
    parts.push(header, name, data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc32(raw), 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(f.declare ?? raw.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += header.length + name.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, dirBytes, end]));
}

/** A worksheet of `rows` rows of `cols` numeric cells. */
function sheet(rows: number, cols: number): string {
  const row = (r: number) =>
    `<row r="${r}">${Array.from({ length: cols }, () => '<c t="n"><v>1</v></c>').join("")}</row>`;
  return `<?xml version="1.0"?><worksheet><sheetData>${Array.from({ length: rows }, (_, r) => row(r + 1)).join("")}</sheetData></worksheet>`;
}

const workbookParts = [
  { name: "[Content_Types].xml", data: "<Types/>" },
  { name: "xl/workbook.xml", data: "<workbook/>" },
];

describe("checkZipLimits", () => {
  it("lets a real ledger workbook through", async () => {
    expect(checkZipLimits(await exportXlsx(seed000Ledger))).toBeUndefined();
  });

  it("refuses too many cells before parsing, from a file of a few hundred kilobytes", async () => {
    const bomb = zip([...workbookParts, { name: "xl/worksheets/sheet1.xml", data: sheet(20_000, 30) }]);
    expect(bomb.length).toBeLessThan(1_000_000);
    expect(checkZipLimits(bomb)).toMatchObject({ code: "too-many-cells" });
    const result = await importXlsx(bomb);
    expect(result).toMatchObject({ ok: false, error: { code: "too-many-cells" } });
    const viaFile = await importFile({ bytes: bomb, fileName: "bomb.xlsx" });
    expect(viaFile).toMatchObject({ ok: false, format: "xlsx", error: { code: "too-many-cells" } });
  });

  it("refuses too many rows", () => {
    const rows = zip([...workbookParts, { name: "xl/worksheets/sheet1.xml", data: sheet(1_001, 1) }]);
    expect(checkZipLimits(rows, { ...DEFAULT_ZIP_LIMITS, maxRows: 1_000 })).toMatchObject({ code: "too-many-rows" });
  });

  it("refuses by declared size, and by a capped inflate when the directory lies", () => {
    const big = zip([...workbookParts, { name: "xl/media/x.bin", data: "", declare: 200 * 1024 * 1024 }]);
    expect(checkZipLimits(big)).toMatchObject({ code: "too-large" });
    const liar = zip([
      ...workbookParts,
      { name: "xl/worksheets/sheet1.xml", data: " ".repeat(2_000_000), declare: 10 },
    ]);
    expect(checkZipLimits(liar, { ...DEFAULT_ZIP_LIMITS, maxSheetBytes: 1_000_000 })).toMatchObject({
      code: "too-large",
    });
  });

  it("refuses a damaged zip with a reason", () => {
    const cut = zip([...workbookParts]).subarray(0, 40);
    expect(checkZipLimits(cut)).toMatchObject({ code: "xlsx-unreadable" });
  });
});
