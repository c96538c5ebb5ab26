/**
 * A decoded document as numbered lines. Each line keeps its raw form (tabs and no-break spaces
 * separate table cells) beside a cleaned form for reading: CR removed, U+00A0 and U+3000 as
 * spaces, markdown emphasis (** / __) removed, ends trimmed.
 */

export interface Line {
  /** 1-based line number in the decoded document. */
  no: number;
  raw: string;
  text: string;
  /** The raw line starts with a tab: a table cell in a Word table exported as text. */
  cell: boolean;
}

const SPACES = /[\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]/g;
const EMPHASIS = /\*\*|__/g;
const NEEDS_CLEANING = /[\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]|\*\*|__/;

/** Cleans one line of text for reading (see module comment). */
export function cleanLine(raw: string): string {
  if (!NEEDS_CLEANING.test(raw)) return raw.trim();
  return raw.replace(SPACES, " ").replace(EMPHASIS, "").trim();
}

/** Splits text into lines (LF, CRLF or CR). */
export function toLines(text: string): Line[] {
  // Splitting on a plain "\n" is several times faster than the regex; CR only in CRLF/CR files.
  const parts = text.includes("\r") ? text.split(/\r\n|\r|\n/) : text.split("\n");
  const lines: Line[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i]!;
    lines[i] = { no: i + 1, raw, text: cleanLine(raw), cell: raw.charCodeAt(0) === 9 };
  }
  return lines;
}

/**
 * Joins wrapped lines of Chinese text: no separator between CJK characters, one space between
 * two ASCII words.
 */
export function joinWrapped(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!.trim();
  let out = "";
  for (const p of parts) {
    const t = p.trim();
    if (t === "") continue;
    if (out !== "" && isAsciiWordChar(out.charCodeAt(out.length - 1)) && isAsciiWordChar(t.charCodeAt(0))) out += " ";
    out += t;
  }
  return out;
}

/** A-Z, a-z or 0-9. */
function isAsciiWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Collapses runs of spaces inside Chinese text ("张  力" → "张力"), keeping one between ASCII words. */
export function squeezeSpaces(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])/g, "")
    .trim();
}

/** Shortens text for a diagnostic. */
export function excerpt(text: string, max = 60): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}
