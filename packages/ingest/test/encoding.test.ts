import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeDocument } from "../src/Decode.ts";
import { importDocument } from "../src/Import.ts";
import { importSeed, type SeedName, seedBytes } from "./seedFiles.ts";

const utf8 = new TextEncoder();
const text = (name: SeedName) => new TextDecoder().decode(seedBytes(name));
/** The ledger without its source (bytes, hash, encoding differ by design). */
const content = (input: Uint8Array | string) => {
  const r = importDocument(input);
  if (!r.ok) throw new Error(r.error.message);
  const { source: _source, ...plan } = r.ledger.plan;
  return { ...r.ledger, plan };
};
const expected = (name: SeedName) => {
  const { source: _source, ...plan } = importSeed(name).ledger.plan;
  return { ...importSeed(name).ledger, plan };
};

describe("input encodings", () => {
  it("reads GB18030 bytes of a seed like its UTF-8 bytes", () => {
    const gb = iconv.encode(text("jilin"), "gb18030");
    expect(decodeDocument(gb)).toMatchObject({ ok: true, value: { encoding: "gb18030" } });
    expect(content(gb)).toEqual(expected("jilin"));
  });

  it("reads GBK bytes of a seed", () => {
    // GBK has no U+00A0, so the seeds that contain it cannot be written in GBK.
    const gbk = iconv.encode(text("shanxi"), "gbk");
    expect(content(gbk)).toEqual(expected("shanxi"));
  });

  it("ignores a UTF-8 byte order mark", () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...seedBytes("shanxi")]);
    expect(decodeDocument(withBom)).toMatchObject({ ok: true, value: { encoding: "utf-8-bom" } });
    expect(content(withBom)).toEqual(expected("shanxi"));
  });

  it("reads UTF-16 with its byte order mark", () => {
    const le = iconv.encode(`\ufeff${text("harbin")}`, "utf-16le");
    expect(content(le)).toEqual(expected("harbin"));
  });

  it("reads CRLF line ends like LF", () => {
    expect(content(text("jilin").replace(/\n/g, "\r\n"))).toEqual(expected("jilin"));
    expect(content(utf8.encode(text("harbin").replace(/\n/g, "\r\n")))).toEqual(expected("harbin"));
  });

  it("keeps the same plan id whatever the encoding", () => {
    const gb = importDocument(iconv.encode(text("shanxi"), "gb18030"));
    expect(gb.ok && gb.ledger.plan.id).toBe(importSeed("shanxi").ledger.plan.id);
  });
});

describe("input that is not a document", () => {
  it.each([
    ["empty bytes", new Uint8Array(0), "empty"],
    ["empty string", "", "empty"],
    ["whitespace only", " \n\t\u3000\r\n", "empty"],
    ["bytes with NUL (binary)", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]), "binary"],
    ["control characters", "\u0001\u0002\u0003\u0004 abc \u0005\u0006\u0007\u0008", "binary"],
    [
      "bytes neither UTF-8 nor GB18030",
      new Uint8Array(Array.from({ length: 200 }, (_, i) => (i % 2 ? 0xff : 0x80))),
      "undecodable",
    ],
  ] as const)("%s is a clear error", (_what, input, code) => {
    const r = importDocument(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(10);
    }
  });

  it("UTF-8 with a few damaged bytes is refused with where, not read as garbled GB18030", () => {
    const bytes = seedBytes("jilin").slice();
    const lines = text("jilin").split("\n");
    // Damage the first byte of the first Chinese character of the 3rd line that has one, and another byte further on.
    const lineNo = lines.map((l, i) => (/[\u4e00-\u9fff]/.test(l) ? i : -1)).filter((i) => i >= 0)[2]!;
    const start = utf8.encode(`${lines.slice(0, lineNo).join("\n")}\n`).length;
    const at = bytes.findIndex((b, i) => i >= start && b >= 0xe0);
    bytes[at] = 0xff;
    bytes[bytes.length - 10] = 0xc0;
    const r = decodeDocument(bytes);
    expect(r).toMatchObject({ ok: false, error: { code: "undecodable" } });
    if (!r.ok)
      expect(r.error.message).toMatch(
        new RegExp(`\\d+ invalid bytes \\(the first at byte ${at}, line ${lineNo + 1}\\)`),
      );
    // GB18030 bytes of the same seed still read as GB18030.
    const gb = iconv.encode(text("jilin"), "gb18030");
    expect(decodeDocument(gb)).toMatchObject({ ok: true, value: { encoding: "gb18030" } });
  });

  it("text with no headings, items or tables still keeps every paragraph as a task", () => {
    const r = importDocument("今年要做好三件事。\n\n加强组织领导，由市卫健委负责。\n");
    expect(r.ok && r.ledger.tasks.map((t) => t.text)).toEqual(["今年要做好三件事。", "加强组织领导，由市卫健委负责。"]);
  });
});
