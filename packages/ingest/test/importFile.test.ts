/**
 * `importFile`: format detection by bytes, name and content type; the same reading for the CLI
 * and the API where their old readers disagreed (.tsv, the region override of ledger JSON,
 * strict UTF-8); the reader registry as the place new formats plug in.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_READERS,
  detectFormat,
  exportXlsx,
  type FileReader,
  importFile,
  importFilePath,
  safeFileName,
  textReader,
} from "../src/index.ts";
import { seed000Ledger } from "./spreadsheetFixture.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);
const ZIP = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0);
const OLE = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1);
const PLAIN = utf8("一、总体要求\n");

const TSV =
  "序号\t工作任务\t牵头单位\t完成时限\n1\t建立现代医院管理制度\t市卫生健康委\t2020年底前\n2\t推进分级诊疗\t市医保局\t持续推进\n";
const DOC = "萍乡市深化医改重点工作任务\n\n1. 建立现代医院管理制度。（市卫生健康委负责，2020年底前完成）\n";
const ledgerJson = (ledger: unknown = seed000Ledger) => utf8(JSON.stringify(ledger));

describe("detectFormat", () => {
  it.each<[string, string | undefined, string | undefined, Uint8Array, string]>([
    ["a .csv name", "plan.csv", undefined, PLAIN, "csv"],
    ["a .tsv name", "plan.TSV", undefined, PLAIN, "csv"],
    ["a .json name", "ledger.json", undefined, PLAIN, "json"],
    ["a .md name", "施工图.md", undefined, PLAIN, "text"],
    ["an unknown extension", "plan.wps", undefined, PLAIN, "text"],
    ["a .doc name (an old Word file, or RTF saved as .doc)", "plan.doc", undefined, PLAIN, "doc"],
    ["no name and no type", undefined, undefined, PLAIN, "text"],
    ["a dot only in a folder name", "v1.2/plan", undefined, PLAIN, "text"],
    ["text/csv with a charset", undefined, "text/csv; charset=utf-8", PLAIN, "csv"],
    ["the TSV content type", undefined, "text/tab-separated-values", PLAIN, "csv"],
    ["application/json", undefined, "Application/JSON", PLAIN, "json"],
    [
      "the XLSX content type",
      undefined,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      PLAIN,
      "xlsx",
    ],
    ["a name that disagrees with the content type: the name wins", "plan.csv", "application/json", PLAIN, "csv"],
    ["zip bytes named .txt: the bytes win", "plan.txt", "text/plain", ZIP, "xlsx"],
    ["an old .xls (OLE) file", "plan.xls", undefined, OLE, "xlsx"],
    ["octet-stream says nothing", undefined, "application/octet-stream", PLAIN, "text"],
  ])("%s", (_, fileName, contentType, bytes, format) => {
    expect(detectFormat(bytes, { fileName, contentType })).toBe(format);
  });
});

describe("importFile", () => {
  it("passes impliedDeadlines to documents: an undated item of a one-year list is due at that year's end", async () => {
    const doc = utf8(
      "萍乡市2023年深化医改重点工作任务清单\n\n1. 推进分级诊疗。（市卫健委负责）\n2. 建立制度。（市医保局负责，2023年6月底前完成）\n",
    );
    const read = async (impliedDeadlines?: boolean) => {
      const result = await importFile(
        { bytes: doc, fileName: "清单.txt" },
        impliedDeadlines ? { impliedDeadlines } : {},
      );
      if (!result.ok) throw new Error(result.error.message);
      return result.ledger.tasks.filter((t) => t.kind === "task").map((t) => t.deadline);
    };
    expect((await read())[0]).toBeUndefined();
    const [implied, written] = await read(true);
    expect(implied).toMatchObject({ kind: "due", due: "2023-12-31", implied: true });
    expect(written).toMatchObject({ kind: "due", due: "2023-06-30" });
    expect(written && "implied" in written).toBe(false);
  });

  it("reads a .tsv as a spreadsheet table (the API read it as a text document)", async () => {
    const result = await importFile({ bytes: utf8(TSV), fileName: "萍乡.tsv" }, { issued: "2019-12-20" });
    expect(result).toMatchObject({ ok: true, format: "csv", layout: "csv-table" });
    const tasks = result.ok ? result.ledger.tasks.filter((t) => t.kind === "task") : [];
    expect(tasks.map((t) => t.text)).toEqual(["建立现代医院管理制度", "推进分级诊疗"]);
    expect(tasks[0]?.deadline).toMatchObject({ kind: "due", due: "2020-12-31" });
  });

  it("overrides the region and issue date of a ledger JSON (the API ignored them)", async () => {
    const result = await importFile(
      { bytes: ledgerJson(), fileName: "x.json" },
      { region: "萍乡市", issued: "2019-12-20" },
    );
    expect(result.ok && result.ledger.plan.region).toEqual({ name: "萍乡市", level: "city" });
    expect(result.ok && result.ledger.plan.issuedOn).toBe("2019-12-20");
    const plain = await importFile({ bytes: ledgerJson(), fileName: "x.json" });
    expect(plain.ok && plain.ledger).toEqual(seed000Ledger);
  });

  it("overrides the region of documents and spreadsheets alike", async () => {
    const doc = await importFile({ bytes: utf8(DOC), fileName: "x.txt" }, { region: "吉林省" });
    const tsv = await importFile({ bytes: utf8(TSV), fileName: "x.tsv" }, { region: "吉林省" });
    for (const r of [doc, tsv]) expect(r.ok && r.ledger.plan.region).toEqual({ name: "吉林省", level: "province" });
  });

  it("refuses ledger JSON that is not UTF-8 unless the encoding is lenient (the CLI replaced the bytes)", async () => {
    const text = JSON.stringify({ ...seed000Ledger, plan: { ...seed000Ledger.plan, title: "TITLE" } });
    const [before, after] = text.split("TITLE") as [string, string];
    const bytes = new Uint8Array([...utf8(before), 0xb8, 0xc4, 0xb8, 0xef, ...utf8(after)]); // 改革 in GBK
    const strict = await importFile({ bytes, fileName: "x.json" });
    expect(strict).toMatchObject({ ok: false, format: "json", error: { code: "bad-json" } });
    expect(!strict.ok && strict.error.message).toMatch(/not valid UTF-8/);
    const lenient = await importFile({ bytes, fileName: "x.json" }, { encoding: "lenient" });
    expect(lenient.ok && lenient.ledger.plan.title).toContain("\uFFFD");
    expect(lenient.diagnostics).toContainEqual(
      expect.objectContaining({ severity: "warning", code: "replaced-bytes" }),
    );
  });

  it("says why JSON is not a ledger, with the schema's findings", async () => {
    const bad = await importFile({ bytes: utf8('{"a":1}'), fileName: "x.json" });
    expect(bad).toMatchObject({ ok: false, error: { code: "not-a-ledger" } });
    expect(bad.diagnostics[0]).toMatchObject({ severity: "error", code: "ledger-schema" });
    const broken = await importFile({ bytes: utf8("{"), contentType: "application/json" });
    expect(broken).toMatchObject({ ok: false, format: "json", error: { code: "bad-json" } });
  });

  it("refuses a text document that is neither UTF-8 nor GB18030, lenient or not", async () => {
    const junk = new Uint8Array([...utf8(DOC), ...Array.from({ length: 40 }, (_, i) => (i % 2 ? 0xff : 0x80))]);
    for (const encoding of ["strict", "lenient"] as const) {
      const result = await importFile({ bytes: junk, fileName: "x.txt" }, { encoding });
      expect(result).toMatchObject({ ok: false, format: "text", error: { code: "undecodable" } });
    }
  });

  it("reads XLSX whatever the name says, and explains an old .xls", async () => {
    const bytes = await exportXlsx(seed000Ledger);
    const result = await importFile({ bytes, fileName: "named-wrong.txt" });
    expect(result.ok && result.ledger).toEqual(seed000Ledger);
    expect(result.format).toBe("xlsx");
    const xls = await importFile({ bytes: OLE, fileName: "old.xls" });
    expect(xls).toMatchObject({ ok: false, format: "xlsx", error: { code: "xls-unsupported" } });
  });

  it("refuses an empty file and can be told the format", async () => {
    expect(await importFile({ bytes: new Uint8Array(), fileName: "x.csv" })).toMatchObject({
      ok: false,
      format: "csv",
      error: { code: "empty" },
    });
    const forced = await importFile({ bytes: utf8(TSV), fileName: "x.txt" }, { format: "csv" });
    expect(forced).toMatchObject({ ok: true, format: "csv", layout: "csv-table" });
  });
});

describe("the reader registry", () => {
  /** A stand-in .docx reader (in place of the real one): a zip container recognised by its name. */
  const docx: FileReader = {
    format: "text",
    extensions: [".docx"],
    contentTypes: [],
    sniff: (bytes) => bytes[0] === 0x50 && bytes[1] === 0x4b,
    read: (_bytes, options) => textReader.read(utf8(DOC), options),
  };
  const readers = [...DEFAULT_READERS.filter((r) => r !== textReader && r.format !== "docx"), docx, textReader];

  it("lets a reader that shares a signature win by name, the first sniffing reader otherwise", async () => {
    expect(detectFormat(ZIP, { fileName: "a.docx" }, readers)).toBe("text");
    expect(detectFormat(ZIP, { fileName: "a.zip" }, readers)).toBe("xlsx");
    const result = await importFile({ bytes: ZIP, fileName: "方案.docx" }, { readers });
    expect(result.ok && result.ledger.plan.source?.file).toBe("方案.docx");
  });

  it("turns a reader that throws into an error result", async () => {
    const throwing: FileReader = { ...textReader, read: () => Promise.reject(new Error("boom")) };
    const result = await importFile({ bytes: PLAIN }, { readers: [throwing] });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "reader-failed", message: expect.stringContaining("boom") },
    });
  });
});

describe("importFilePath", () => {
  const dir = mkdtempSync(join(tmpdir(), "reform-import-file-"));

  it("names the path in what went wrong", async () => {
    writeFileSync(join(dir, "empty.txt"), "");
    mkdirSync(join(dir, "folder.csv"));
    expect(await importFilePath(join(dir, "none.txt"))).toMatchObject({
      ok: false,
      error: { code: "not-found", message: `${join(dir, "none.txt")}: no such file` },
    });
    expect(await importFilePath(join(dir, "empty.txt"))).toMatchObject({ ok: false, error: { code: "empty" } });
    expect(await importFilePath(join(dir, "folder.csv"))).toMatchObject({ ok: false, error: { code: "directory" } });
    writeFileSync(join(dir, "bad.json"), "{");
    const bad = await importFilePath(join(dir, "bad.json"));
    expect(!bad.ok && bad.error.message).toBe(`${join(dir, "bad.json")}: the JSON document could not be parsed`);
  });

  it("reads the file with its base name as the file name", async () => {
    writeFileSync(join(dir, "萍乡.tsv"), TSV);
    const result = await importFilePath(join(dir, "萍乡.tsv"));
    expect(result).toMatchObject({ ok: true, format: "csv" });
    expect(result.ok && result.ledger.plan.source?.file).toBe("萍乡.tsv");
  });
});

describe("safeFileName", () => {
  it("keeps only a safe base name", async () => {
    expect(safeFileName("../../../../tmp/x.txt")).toBe("x.txt");
    expect(safeFileName("C:\\Users\\a\\计划.xlsx")).toBe("计划.xlsx");
    expect(safeFileName("a\u0000b\nc.csv")).toBe("abc.csv");
    expect(safeFileName("../..")).toBeUndefined();
    expect(safeFileName("dir/")).toBeUndefined();
    expect(safeFileName(undefined)).toBeUndefined();
    expect(safeFileName("x".repeat(300))).toHaveLength(255);
    const result = await importFile({ bytes: utf8(TSV), fileName: "../../../../tmp/萍乡.tsv" });
    expect(result.ok && result.ledger.plan.source?.file).toBe("萍乡.tsv");
  });
});
