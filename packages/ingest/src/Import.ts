/**
 * The document importer: a reform document as text (or bytes) in, a ledger with diagnostics out.
 * decode → lines → bounds (junk, head, body, annexes, closing) → metadata → a layout per part →
 * indicators → meaning (deadlines, units, targets, themes) → ledger.
 */
import { createHash } from "node:crypto";
import { type IsoDate, isValidIsoDate, type Ledger, type Plan, type Region } from "@reform/domain";
import { assembleTasks } from "./Assemble.ts";
import { findBounds, type Part } from "./Bounds.ts";
import { decodeDocument } from "./Decode.ts";
import type { Diagnostic } from "./Diagnostic.ts";
import { type DraftIndicator, type DraftNode, draftNode } from "./Draft.ts";
import { takeIndicators, toIndicators } from "./Indicators.ts";
import { detectLayout, type LayoutKind, parseWithLayout } from "./Layout.ts";
import { toLines } from "./Lines.ts";
import { type DocumentMetadata, readMetadata, regionLevel } from "./Metadata.ts";
import { halfWidthDigits, segmentLines } from "./Segment.ts";
import { createSemantics } from "./Semantics.ts";

export interface ImportOptions {
  /** File name, kept in the plan's source. */
  fileName?: string;
  /** Issue date (YYYY-MM-DD); overrides the date read from the document. */
  issued?: string;
  /** Region name (吉林省, 萍乡市); overrides the region read from the document. */
  region?: string;
}

export type ImportErrorCode = "empty" | "binary" | "undecodable" | "no-content";

export type ImportResult =
  | { ok: true; ledger: Ledger; diagnostics: Diagnostic[]; layout: string }
  | { ok: false; error: { code: ImportErrorCode; message: string }; diagnostics: Diagnostic[] };

function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A plan id stable across re-imports of one document: from its region and number, else region and title. */
export function planIdFor(meta: Pick<DocumentMetadata, "docNumber" | "title" | "region">): string {
  const basis = `${meta.region?.name ?? ""}|${meta.docNumber ?? meta.title ?? ""}`;
  const docYear = meta.docNumber ? /(\d{4})/.exec(meta.docNumber)?.[1] : undefined;
  const serial = meta.docNumber ? /(\d{1,4})\s*号/.exec(meta.docNumber)?.[1] : undefined;
  const prefix = docYear && serial ? `${docYear}-${serial}-` : "";
  return `plan-${prefix}${sha256(basis).slice(0, 8)}`;
}

const YEAR = /((?:19|20)\d{2})\s*年/g;

/** Earliest year named in deadline texts, else in task texts: the plan year when nothing states it. */
function inferYear(roots: readonly DraftNode[]): { year: number; from: string; line: number } | undefined {
  let best: { year: number; from: string; line: number } | undefined;
  let fallback: { year: number; from: string; line: number } | undefined;
  const visit = (nodes: readonly DraftNode[]) => {
    for (const n of nodes) {
      if (n.deadline?.text.includes("年")) {
        for (const m of n.deadline.text.matchAll(YEAR)) {
          const y = Number(m[1]);
          if (!best || y < best.year) best = { year: y, from: n.deadline.text, line: n.deadline.line };
        }
      }
      if (!fallback) {
        const m = /((?:19|20)\d{2})\s*年/.exec(n.text);
        if (m) fallback = { year: Number(m[1]), from: m[0], line: n.line };
      }
      visit(n.children);
    }
  };
  visit(roots);
  return best ?? fallback;
}

/** The task tree, each part read with its layout; annexes become top-level sections. */
function readTree(
  parts: readonly Part[],
  diagnostics: Diagnostic[],
): { roots: DraftNode[]; layouts: LayoutKind[]; indicators: DraftIndicator[] } {
  const roots: DraftNode[] = [];
  const layouts: LayoutKind[] = [];
  const indicators: DraftIndicator[] = [];
  for (const part of parts) {
    let into = roots;
    if (part.kind === "annex") {
      const label = part.label ?? "附件";
      const annex = draftNode("section", part.line ?? part.lines[0]?.no ?? 1, part.title ?? label, {
        label,
        ...(part.title ? { title: part.title } : {}),
      });
      roots.push(annex);
      into = annex.children;
    }
    if (part.lines.some((l) => l.text !== "")) {
      const layout = detectLayout(part.lines);
      const parsed = parseWithLayout(layout, part.lines, into);
      diagnostics.push(...parsed.diagnostics);
      indicators.push(...parsed.indicators);
      if (!layouts.includes(layout)) layouts.push(layout);
    }
  }
  return { roots, layouts, indicators };
}

/**
 * The issue date (the option wins over the document) and the plan year: from the issue date, else
 * the title ("2017年重点工作任务"), else the earliest year the deadlines name — each fallback said in
 * a diagnostic.
 */
function planDates(
  meta: DocumentMetadata,
  options: ImportOptions,
  roots: readonly DraftNode[],
  diagnostics: Diagnostic[],
): { issuedOn?: IsoDate; year?: number } {
  let issuedOn = meta.issuedOn;
  if (options.issued !== undefined) {
    if (isValidIsoDate(options.issued)) issuedOn = options.issued;
    else {
      diagnostics.push({
        severity: "warning",
        code: "issued-invalid",
        message: `The issue date given (${options.issued}) is not a YYYY-MM-DD date and was ignored`,
      });
    }
  }
  if (issuedOn) return { issuedOn, year: Number(issuedOn.slice(0, 4)) };
  if (meta.titleYear !== undefined) {
    diagnostics.push({
      severity: "info",
      code: "year-from-title",
      message: `The document states no issue date; plan year ${meta.titleYear} is taken from its title.`,
    });
    return { year: meta.titleYear };
  }
  const inferred = inferYear(roots);
  if (inferred) {
    diagnostics.push({
      severity: "warning",
      code: "year-inferred",
      line: inferred.line,
      message: `The document states no issue date; plan year ${inferred.year} was inferred from “${inferred.from}”. Pass the issue date to override.`,
    });
    return { year: inferred.year };
  }
  diagnostics.push({
    severity: "warning",
    code: "year-unknown",
    message: "The document states no issue date or year; deadlines without a year cannot be dated.",
  });
  return {};
}

/** Reads a reform document (text or bytes: UTF-8, UTF-8 with BOM, GB18030/GBK) into a ledger with diagnostics. */
export function importDocument(input: Uint8Array | string, options: ImportOptions = {}): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const decoded = decodeDocument(input);
  if (!decoded.ok) return { ok: false, error: decoded.error, diagnostics };
  const { encoding } = decoded.value;
  const text = halfWidthDigits(decoded.value.text);
  const lines = segmentLines(toLines(text));
  const bounds = findBounds(lines);
  diagnostics.push(...bounds.diagnostics);
  const meta = readMetadata(bounds.head, bounds.closing);

  const { roots, layouts, indicators } = readTree(bounds.parts, diagnostics);
  indicators.push(...takeIndicators(roots, diagnostics));
  if (roots.length === 0) {
    return {
      ok: false,
      error: { code: "no-content", message: "No headings, numbered items or table rows were found in the document." },
      diagnostics,
    };
  }

  const { issuedOn, year } = planDates(meta, options, roots, diagnostics);
  const region: Region | undefined = options.region
    ? { name: options.region, level: regionLevel(options.region) }
    : meta.region;
  const title = meta.title ?? options.fileName?.replace(/\.[^.]+$/, "") ?? "未命名文件";
  // The id depends on what the document says, not on options, so re-imports keep it.
  const idRegion = meta.region ?? region;
  const planId = planIdFor({ ...meta, title, ...(idRegion ? { region: idRegion } : {}) });
  const semantics = createSemantics({
    ...(year !== undefined ? { year } : {}),
    ...(issuedOn ? { issuedOn } : {}),
    ...(region ? { region } : {}),
  });
  const defaultRule = semantics.detectRule(text) ?? "all-responsible";
  const tasks = assembleTasks(roots, { planId, semantics, defaultRule, diagnostics });
  const plan: Plan = {
    id: planId,
    title,
    ...(meta.issuer ? { issuer: meta.issuer } : {}),
    ...(meta.docNumber ? { docNumber: meta.docNumber } : {}),
    ...(issuedOn ? { issuedOn } : {}),
    ...(region ? { region } : {}),
    ...(year !== undefined ? { year } : {}),
    source: {
      ...(options.fileName ? { file: options.fileName } : {}),
      ...(meta.url ? { url: meta.url } : {}),
      sha256: sha256(input),
      format: "text",
      encoding,
    },
  };
  const ledger: Ledger = {
    plan,
    tasks,
    indicators: toIndicators(indicators, planId, (units) => {
      const r = semantics.responsibility(units, "all-responsible");
      return r.assignments[0]?.unit;
    }),
    units: semantics.units(),
  };
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: true, ledger, diagnostics, layout: layouts.join("+") || "empty" };
}
