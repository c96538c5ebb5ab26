/** The readable summary `reform import FILE` prints: plan, counts, a tree, diagnostics. */
import { type Deadline, type Ledger, leadsOf, type Task } from "@reform/domain";
import type { Diagnostic, Severity } from "@reform/ingest";

const LEVEL: Record<string, string> = { national: "国家", province: "省级", city: "市级", county: "县级" };
const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function deadlineText(d: Deadline | undefined): string {
  if (!d) return "no deadline";
  if ("due" in d && d.due) return d.due;
  return d.kind === "unknown" ? `“${shorten(d.text, 12)}”` : d.kind;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Options for the summary's length. */
export interface SummaryOptions {
  /** Task lines shown under each section (default 2). */
  tasksPerSection?: number;
  /** Diagnostics listed per severity (default 8). */
  diagnosticsPerSeverity?: number;
}

/** The summary as lines of text. */
export function summarize(
  result: {
    ledger: Ledger;
    diagnostics: readonly Diagnostic[];
    layout: string;
    coverage?: { bodyChars: number; itemChars: number; share: number } | undefined;
  },
  options: SummaryOptions = {},
): string[] {
  const { plan, tasks, indicators, units } = result.ledger;
  const perSection = options.tasksPerSection ?? 2;
  const perSeverity = options.diagnosticsPerSeverity ?? 8;
  const out: string[] = [plan.title];
  const meta = [
    plan.docNumber && `文号 ${plan.docNumber}`,
    plan.issuer && `发文 ${plan.issuer}`,
    plan.issuedOn && `印发 ${plan.issuedOn}`,
    plan.region && `地区 ${plan.region.name}（${LEVEL[plan.region.level] ?? plan.region.level}）`,
    plan.year !== undefined && `年度 ${plan.year}`,
  ].filter((s): s is string => typeof s === "string");
  if (meta.length > 0) out.push(`  ${meta.join("  ")}`);
  out.push(`  plan id ${plan.id} · layout ${result.layout}${plan.source.file ? ` · from ${plan.source.file}` : ""}`);
  if (result.coverage) {
    const { share, itemChars, bodyChars } = result.coverage;
    out.push(
      `  read ${Math.round(share * 100)}% of the document's text into items (${itemChars} of ${bodyChars} characters outside its head)`,
    );
  }
  const serious = result.diagnostics.filter((d) => ["little-read", "no-units", "no-deadlines"].includes(d.code));
  for (const d of serious) out.push(`  WARNING: ${d.message}`);
  const count = (kind: Task["kind"]) => tasks.filter((t) => t.kind === kind).length;
  out.push(
    "",
    [
      plural(count("section"), "section"),
      plural(count("subsection"), "subsection"),
      plural(count("task"), "task"),
      plural(count("milestone"), "milestone"),
      plural(indicators.length, "indicator"),
      plural(units.length, "unit"),
    ].join(" · "),
    "",
  );

  const children = new Map<string, Task[]>();
  for (const t of tasks) {
    const key = t.parentId ?? "";
    children.set(key, [...(children.get(key) ?? []), t]);
  }
  const leafCount = (t: Task): number =>
    (children.get(t.id) ?? []).reduce(
      (n, c) => n + (c.kind === "task" || c.kind === "milestone" ? 1 : 0) + leafCount(c),
      0,
    );
  const label = (t: Task) => (t.label ? `${t.label} ` : "");
  const walk = (parentId: string, depth: number) => {
    const kids = children.get(parentId) ?? [];
    const leaves = kids.filter((k) => k.kind === "task" || k.kind === "milestone");
    for (const k of kids) {
      if (k.kind === "section" || k.kind === "subsection") {
        out.push(`${"  ".repeat(depth)}${label(k)}${shorten(k.text, 40)} (${plural(leafCount(k), "task")})`);
        walk(k.id, depth + 1);
      }
    }
    for (const t of leaves.slice(0, perSection)) {
      const leads = leadsOf(t.responsibility).map((a) => a.unit);
      const who = leads.length > 0 ? ` — ${shorten(leads.join("、"), 24)}` : "";
      out.push(`${"  ".repeat(depth)}- ${label(t)}${shorten(t.text, 36)} [${deadlineText(t.deadline)}]${who}`);
    }
    if (leaves.length > perSection) out.push(`${"  ".repeat(depth)}  … ${leaves.length - perSection} more`);
  };
  walk("", 0);

  const bySeverity = SEVERITIES.map((s) => [s, result.diagnostics.filter((d) => d.severity === s)] as const);
  out.push(
    "",
    `Diagnostics: ${bySeverity.map(([s, list]) => `${list.length} ${s}${list.length === 1 || s === "info" ? "" : "s"}`).join(", ")}`,
  );
  for (const [severity, list] of bySeverity) {
    if (list.length === 0) continue;
    out.push(`  ${severity}:`);
    for (const d of list.slice(0, perSeverity)) {
      out.push(`    ${d.line !== undefined ? `line ${d.line}: ` : ""}${shorten(d.message, 100)} [${d.code}]`);
    }
    if (list.length > perSeverity) out.push(`    … ${list.length - perSeverity} more`);
  }
  return out;
}
