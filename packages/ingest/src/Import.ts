/**
 * The document importer: a reform document as text (or bytes) in, a ledger with diagnostics out.
 * decode → lines → bounds (junk, head, body, annexes, closing) → metadata → a layout per part →
 * indicators → meaning (deadlines, units, targets, themes) → ledger.
 */
import { createHash } from "node:crypto";
import { type IsoDate, isValidIsoDate, type Ledger, type Plan, type Region } from "@reform/domain";
import { assembleTasks } from "./Assemble.ts";
import { type Bounds, findBounds, type Part } from "./Bounds.ts";
import { decodeDocument } from "./Decode.ts";
import type { Diagnostic } from "./Diagnostic.ts";
import { type DraftIndicator, type DraftNode, draftNode } from "./Draft.ts";
import { takeIndicators, toIndicators } from "./Indicators.ts";
import { detectLayout, type LayoutKind, parseWithLayout } from "./Layout.ts";
import { type Line, toLines } from "./Lines.ts";
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
  /**
   * When the title names one year ("古溪市2023年重大改革任务清单"), give tasks without a deadline that
   * year's end as an implied deadline (marked `implied`, with a diagnostic). Off by default.
   */
  impliedDeadlines?: boolean;
}

export type ImportErrorCode = "empty" | "binary" | "undecodable" | "no-content";

/**
 * How much of the document was read: non-blank characters of the document outside its head and
 * closing (the body, and web page text around it), and of those the characters that ended up in
 * the ledger (task and heading texts, responsibility clauses, deadlines, indicators).
 */
export interface Coverage {
  bodyChars: number;
  itemChars: number;
  /** itemChars / bodyChars, 0…1. */
  share: number;
}

export type ImportResult =
  | { ok: true; ledger: Ledger; diagnostics: Diagnostic[]; layout: string; coverage: Coverage }
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

function nonBlank(text: string | undefined): number {
  if (!text) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Table rules and pipes ("|---|") are layout, not text.
    if (c > 0x20 && c !== 0x3000 && c !== 0xa0 && c !== 0xfeff && c !== 0x7c && c !== 0x2d) n++;
  }
  return n;
}

/** See {@link Coverage}. */
function coverageOf(lines: readonly Line[], bounds: Bounds, ledger: Ledger): Coverage {
  const aside = new Set<Line>([...bounds.head, ...bounds.closing]);
  let bodyChars = 0;
  for (const l of lines) if (l.text !== "" && !aside.has(l)) bodyChars += nonBlank(l.text);
  let itemChars = 0;
  for (const t of ledger.tasks) {
    itemChars += nonBlank(t.text) + nonBlank(t.responsibility?.text);
    if (t.deadline && !t.text.includes(t.deadline.text) && !("implied" in t.deadline))
      itemChars += nonBlank(t.deadline.text);
    for (const p of t.people) itemChars += nonBlank(p.name) + nonBlank(p.contact.phone) + nonBlank(p.office);
  }
  for (const i of ledger.indicators) itemChars += nonBlank(i.name);
  itemChars = Math.min(itemChars, bodyChars);
  return { bodyChars, itemChars, share: bodyChars === 0 ? 0 : itemChars / bodyChars };
}

/** Warnings when the reading is poor: most of the body set aside, no unit or no deadline anywhere. */
function readingWarnings(coverage: Coverage, ledger: Ledger): Diagnostic[] {
  const out: Diagnostic[] = [];
  const pct = Math.round(coverage.share * 100);
  if (coverage.share < 0.5) {
    out.push({
      severity: "warning",
      code: "little-read",
      message: `Only ${pct}% of the document's text (${coverage.itemChars} of ${coverage.bodyChars} characters outside its head) was read into items; the rest was set aside (see the diagnostics with their lines)`,
    });
  }
  const leaves = ledger.tasks.filter((t) => t.kind === "task" || t.kind === "milestone");
  if (leaves.length > 0 && leaves.every((t) => (t.responsibility?.assignments.length ?? 0) === 0)) {
    out.push({
      severity: "warning",
      code: "no-units",
      message: `None of the ${leaves.length} items has a responsible unit`,
    });
  }
  if (leaves.length > 0 && leaves.every((t) => t.deadline === undefined)) {
    out.push({
      severity: "warning",
      code: "no-deadlines",
      message: `None of the ${leaves.length} items has a deadline`,
    });
  }
  return out;
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
  const titleYears = [...title.matchAll(/((?:19|20)\d{2})\s*年/g)];
  const impliedYear =
    options.impliedDeadlines && titleYears.length === 1
      ? { year: Number(titleYears[0]![1]), text: titleYears[0]![0] }
      : undefined;
  const tasks = assembleTasks(roots, {
    planId,
    semantics,
    defaultRule,
    diagnostics,
    ...(impliedYear ? { impliedYear } : {}),
  });
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
  const coverage = coverageOf(lines, bounds, ledger);
  diagnostics.push(...readingWarnings(coverage, ledger));
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: true, ledger, diagnostics, layout: layouts.join("+") || "empty", coverage };
}
