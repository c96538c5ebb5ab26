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

/** One row as a COPY text line, newline included. */
export function copyLine(values: ReadonlyArray<CopyValue>): string {
  let line = "";
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) line += "\t";
    line += copyField(values[i] as CopyValue);
  }
  return `${line}\n`;
}

/** A text array literal: every element double-quoted, `"` and `\` backslash-escaped. */
export function arrayLiteral(values: ReadonlyArray<string>): string {
  let literal = "{";
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) literal += ",";
    literal += `"${(values[i] as string).replace(/["\\]/g, (c) => `\\${c}`)}"`;
  }
  return `${literal}}`;
}

function escapeText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : text;
}
