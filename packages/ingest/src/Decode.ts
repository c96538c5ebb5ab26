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
 * UTF-8 when they are valid UTF-8, as UTF-16 when they carry its BOM, and as GB18030 otherwise.
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
    // Not valid UTF-8: try the Chinese national encoding, a superset of GBK and GB2312.
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
