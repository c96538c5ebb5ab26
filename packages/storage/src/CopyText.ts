/**
 * PostgreSQL's COPY text format (`COPY … FROM STDIN`, the default format): one line per row,
 * fields separated by tabs, `\N` for NULL, and backslash escapes for the characters that would
 * end a field or a line. Arrays are written as array literals (`{"a","b"}`), which COPY then reads
 * with the column type's input function, as an `INSERT` would. Pure: the store builds the lines
 * and the driver sends them.
 */

/** A field value: text (also dates, and `jsonb` as its JSON text), an integer, a text array, or NULL. */
export type CopyValue = string | number | ReadonlyArray<string> | null;

const SPECIAL = /[\\\n\r\t]/;
const QUOTED = /["\\]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** One field as COPY text: escaped so that tabs, line breaks and backslashes stay data. */
export function copyField(value: CopyValue): string {
  if (value === null) return "\\N";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`COPY field: not a finite number: ${value}`);
    return String(value);
  }
  return escapeText(typeof value === "string" ? value : arrayLiteral(value));
}

/** A text array literal: every element double-quoted, `"` and `\` backslash-escaped. */
export function arrayLiteral(values: ReadonlyArray<string>): string {
  let literal = "{";
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) literal += ",";
    const value = values[i] as string;
    literal += `"${QUOTED.test(value) ? value.replace(/["\\]/g, (c) => `\\${c}`) : value}"`;
  }
  return `${literal}}`;
}

function escapeText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : text;
}

/**
 * JSON text (`JSON.stringify`'s output) as a COPY field: JSON escapes every control character, so
 * only its backslashes need doubling. Faster than {@link copyField} on long texts.
 */
export function copyJson(json: string): string {
  return json.includes("\\") ? json.replaceAll("\\", "\\\\") : json;
}

/**
 * COPY text lines as UTF-8 bytes, in chunks of whole lines: a chunk ends after `maxLines` lines,
 * or sooner once it holds `maxBytes` bytes. Each line is encoded straight into one buffer (no text
 * of the whole chunk is built), reused: a chunk is valid until the next one is asked for.
 */
export function* copyChunks<T>(
  rows: Iterable<T>,
  line: (row: T) => string,
  maxLines: number,
  maxBytes: number,
): Generator<Uint8Array> {
  let bytes = Buffer.allocUnsafe(1 << 16);
  let length = 0;
  let lines = 0;
  for (const row of rows) {
    const text = line(row);
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const needed = length + text.length * 3;
    if (needed > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, bytes.length * 2));
      bytes.copy(grown, 0, 0, length);
      bytes = grown;
    }
    length += bytes.write(text, length, "utf8");
    lines += 1;
    if (lines === maxLines || length >= maxBytes) {
      yield bytes.subarray(0, length);
      length = 0;
      lines = 0;
    }
  }
  if (lines > 0) yield bytes.subarray(0, length);
}
