/**
 * Layout detection: each part of a document (main text, annexes) is read by the parser that fits
 * its form — a cell-per-line table ("wide-table"), a tab-separated table ("tab-table"), a table
 * flattened without separators ("flattened-table") or numbered prose ("numbered-prose").
 */
import type { DraftNode, ParsedPart } from "./Draft.ts";
import type { Line } from "./Lines.ts";
import { findFlatHeader, parseFlatTable } from "./layouts/FlatTable.ts";
import { parseProse } from "./layouts/Prose.ts";
import { findTabHeader, parseTabTable } from "./layouts/TabTable.ts";
import { readMarker } from "./Numbering.ts";
import { isWideTable, parseWideTable } from "./layouts/WideTable.ts";

export const LAYOUTS = ["wide-table", "tab-table", "flattened-table", "numbered-prose"] as const;
export type LayoutKind = (typeof LAYOUTS)[number];

/** Detects the layout of one part of a document. */
export function detectLayout(lines: readonly Line[]): LayoutKind {
  if (isWideTable(lines)) return "wide-table";
  const tab = findTabHeader(lines);
  if (tab !== -1) return "tab-table";
  if (findFlatHeader(lines) !== -1) return "flattened-table";
  return "numbered-prose";
}

/**
 * Parses a part with its layout. A table that starts after some prose is read as prose up to
 * its header and as a table from there.
 */
export function parseWithLayout(layout: LayoutKind, lines: readonly Line[], into: DraftNode[] = []): ParsedPart {
  switch (layout) {
    case "wide-table":
      return parseWideTable(lines, into);
    case "tab-table":
    case "flattened-table": {
      // Numbered prose before the table is read as prose; other text before it is reported by the table parser.
      const at = layout === "tab-table" ? findTabHeader(lines) : findFlatHeader(lines);
      const prose = lines.slice(0, at).some((l) => readMarker(l.text) !== undefined);
      const before = prose ? parseProse(lines.slice(0, at), into) : undefined;
      const rest = prose ? lines.slice(at) : lines;
      const table = layout === "tab-table" ? parseTabTable(rest, into) : parseFlatTable(rest, into);
      return {
        nodes: into,
        indicators: [...(before?.indicators ?? []), ...table.indicators],
        diagnostics: [...(before?.diagnostics ?? []), ...table.diagnostics],
      };
    }
    case "numbered-prose":
      return parseProse(lines, into);
  }
}
