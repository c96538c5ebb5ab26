/**
 * Text measured by terminal display width (a CJK character takes two columns), so columns of
 * Chinese text line up: width, truncation with an ellipsis, padding, and a progress bar.
 */
import stringWidth from "string-width";

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Columns `text` takes on a terminal. */
export function width(text: string): number {
  return stringWidth(text);
}

/** `text` on one line (whitespace runs as one space). */
export function flat(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/g, " ").trim();
}

/** `text` cut to at most `columns` columns, ending in "…" when cut; never splits a character. */
export function truncate(text: string, columns: number): string {
  if (columns <= 0) return "";
  if (width(text) <= columns) return text;
  let out = "";
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = width(segment);
    if (used + w > columns - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/** `text` cut or padded with spaces to exactly `columns` columns (`align` right for numbers). */
export function fit(text: string, columns: number, align: "left" | "right" = "left"): string {
  const cut = truncate(text, columns);
  const gap = " ".repeat(Math.max(0, columns - width(cut)));
  return align === "left" ? cut + gap : gap + cut;
}

/** A progress bar of `columns` cells for a percent (0–100). */
export function bar(percent: number, columns: number, glyphs: { full: string; empty: string } = BAR): string {
  const cells = Math.max(0, columns);
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * cells);
  return glyphs.full.repeat(filled) + glyphs.empty.repeat(cells - filled);
}

export const BAR = { full: "█", empty: "░" } as const;

const SPARKS = "▁▂▃▄▅▆▇█";

/** A sparkline of values (oldest first), scaled between their minimum and maximum. */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return "";
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values
    .map((v) => SPARKS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (SPARKS.length - 1))])
    .join("");
}

/** A percent for display: "63%", or "—" when there is none. */
export function pct(value: number | null | undefined, scale = 1): string {
  return value === null || value === undefined ? "—" : `${Math.round(value * scale)}%`;
}
