/**
 * Bytes to text: UTF-8 with or without BOM, UTF-16 with BOM, and GB18030/GBK (common for
 * government files). Empty, binary and undecodable input are typed errors, never exceptions.
 */
import iconv from "iconv-lite";

export type DecodeErrorCode = "empty" | "binary" | "undecodable";

export interface DecodeError {
  code: DecodeErrorCode;
  message: string;
}

export interface Decoded {
  text: string;
  /** "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "gb18030" or "string" for text input. */
  encoding: string;
}

export type DecodeResult = { ok: true; value: Decoded } | { ok: false; error: DecodeError };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Share of characters that are control characters other than tab, newline, carriage return, form feed. */
function controlShare(text: string): number {
  if (text.length === 0) return 0;
  let control = 0;
  let replacement = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) control++;
    else if (c === 0xfffd) replacement++;
  }
  return (control + replacement) / text.length;
}

/** Length of the valid UTF-8 multi-byte sequence starting at `i` (2–4), or 0. */
function utf8Sequence(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  const cont = (k: number) => i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const b1 = bytes[i + 1] ?? 0;
    if ((b0 === 0xe0 && b1 < 0xa0) || (b0 === 0xed && b1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const b1 = bytes[i + 1] ?? 0;
    if ((b0 === 0xf0 && b1 < 0x90) || (b0 === 0xf4 && b1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * For bytes that are not valid UTF-8: when nearly all of their non-ASCII bytes still form valid
 * UTF-8 sequences, they are UTF-8 text with a few damaged bytes (a bad copy, a cut download), not
 * GB18030 — read as GB18030 they would come out garbled. Returns where the first bad byte is.
 */
function damagedUtf8(bytes: Uint8Array): { bad: number; offset: number; line: number } | undefined {
  let good = 0;
  let bad = 0;
  let offset = -1;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const n = utf8Sequence(bytes, i);
    if (n > 0) {
      good += n;
      i += n;
    } else {
      if (offset < 0) offset = i;
      bad++;
      i++;
    }
  }
  // GB18030 text read as UTF-8 has most of its high bytes invalid; damaged UTF-8 only a few.
  if (offset < 0 || good < 30 || bad > 0.02 * (good + bad)) return undefined;
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return { bad, offset, line };
}

function hasNul(bytes: Uint8Array): boolean {
  return bytes.indexOf(0) !== -1;
}

function finish(text: string, encoding: string): DecodeResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") return { ok: false, error: { code: "empty", message: "The document is empty." } };
  if (controlShare(body) > 0.05) {
    return {
      ok: false,
      error: { code: "binary", message: "The document is not text: it is mostly control characters (binary data)." },
    };
  }
  return { ok: true, value: { text: body, encoding } };
}

/**
 * Decodes a document. Strings are taken as they are (a leading BOM is removed); bytes are read as
 * UTF-8 when they are valid UTF-8, as UTF-16 when they carry its BOM, refused (with where) when they
 * are UTF-8 with a few damaged bytes, and read as GB18030 otherwise.
 */
export function decodeDocument(input: Uint8Array | string): DecodeResult {
  if (typeof input === "string") return finish(input, "string");
  if (input.length === 0) return { ok: false, error: { code: "empty", message: "The document is empty (0 bytes)." } };
  if (input[0] === 0xff && input[1] === 0xfe) return finish(new TextDecoder("utf-16le").decode(input), "utf-16le");
  if (input[0] === 0xfe && input[1] === 0xff) return finish(new TextDecoder("utf-16be").decode(input), "utf-16be");
  if (hasNul(input)) {
    return {
      ok: false,
      error: { code: "binary", message: "The document is not text: it contains NUL bytes (binary data)." },
    };
  }
  const bom = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf;
  try {
    return finish(utf8.decode(input), bom ? "utf-8-bom" : "utf-8");
  } catch {
    // Not valid UTF-8: damaged UTF-8, or the Chinese national encoding (a superset of GBK and GB2312).
  }
  const damaged = damagedUtf8(input);
  if (damaged) {
    return {
      ok: false,
      error: {
        code: "undecodable",
        message: `The document is UTF-8 text with ${damaged.bad} invalid byte${damaged.bad === 1 ? "" : "s"} (the first at byte ${damaged.offset}, line ${damaged.line}): it is damaged; save or download it again.`,
      },
    };
  }
  const text = iconv.decode(Buffer.from(input.buffer, input.byteOffset, input.byteLength), "gb18030");
  if (controlShare(text) > 0.05) {
    return {
      ok: false,
      error: { code: "undecodable", message: "The document is neither valid UTF-8 nor readable as GB18030/GBK text." },
    };
  }
  return finish(text, "gb18030");
}
