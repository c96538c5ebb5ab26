/**
 * Scoring an import against a fixture's expected items (see eval/index.ts): items found, and of
 * those the share with the right lead, cooperators, deadline and targets.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { canonicalUnitName } from "@reform/domain";
import { importDocument } from "../src/Import.ts";
import { hardWrap, oneLine } from "../test/variants.ts";

export interface Expected {
  items: { text: string; lead: string[]; cooperating: string[]; due: string | null; targets?: number }[];
  options?: { issued?: string; region?: string; impliedDeadlines?: boolean };
}

const dir = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
export const names = readdirSync(dir)
  .filter((f) => f.endsWith(".expected.json"))
  .map((f) => f.slice(0, -".expected.json".length))
  .sort();
const squeeze = (s: string) => s.replace(/\s+/g, "");

export interface Score {
  expected: number;
  found: number;
  lead: number;
  cooperating: number;
  deadline: number;
  leadAndDeadline: number;
  targetsChecked: number;
  targets: number;
}
export const zero = (): Score => ({
  expected: 0,
  found: 0,
  lead: 0,
  cooperating: 0,
  deadline: 0,
  leadAndDeadline: 0,
  targetsChecked: 0,
  targets: 0,
});
export const add = (a: Score, b: Score) => {
  for (const k of Object.keys(a) as (keyof Score)[]) a[k] += b[k];
};

export function evaluate(text: string, expected: Expected, misses: string[]): Score {
  const score = zero();
  score.expected = expected.items.length;
  const result = importDocument(text, expected.options ?? {});
  if (!result.ok) {
    misses.push(`not imported: ${result.error.message}`);
    return score;
  }
  const region = result.ledger.plan.region;
  const canon = (units: readonly string[]) =>
    [...units]
      .map((u) => canonicalUnitName(u, region))
      .sort()
      .join("、");
  const leaves = result.ledger.tasks.filter((t) => t.kind === "task" || t.kind === "milestone");
  for (const item of expected.items) {
    const want = squeeze(item.text);
    const task =
      leaves.find((t) => squeeze(t.text).startsWith(want)) ?? leaves.find((t) => squeeze(t.text).includes(want));
    if (!task) {
      misses.push(`missing «${item.text}»`);
      continue;
    }
    score.found++;
    const assignments = task.responsibility?.assignments ?? [];
    const leads = canon(assignments.filter((a) => a.role !== "cooperating").map((a) => a.unit));
    const coops = canon(assignments.filter((a) => a.role === "cooperating").map((a) => a.unit));
    const leadOk = leads === canon(item.lead);
    const coopOk = coops === canon(item.cooperating);
    const d = task.deadline;
    const due = d && "due" in d ? (d.due ?? null) : null;
    const deadlineOk = due === item.due;
    if (leadOk) score.lead++;
    else misses.push(`lead «${item.text}»: ${leads || "—"} (expected ${canon(item.lead)})`);
    if (coopOk) score.cooperating++;
    else misses.push(`cooperators «${item.text}»: ${coops || "—"} (expected ${canon(item.cooperating) || "—"})`);
    if (deadlineOk) score.deadline++;
    else misses.push(`deadline «${item.text}»: ${due ?? d?.kind ?? "—"} (expected ${item.due ?? "none"})`);
    if (leadOk && deadlineOk) score.leadAndDeadline++;
    if (item.targets !== undefined) {
      score.targetsChecked++;
      if (task.targets.length === item.targets) score.targets++;
      else misses.push(`targets «${item.text}»: ${task.targets.length} (expected ${item.targets})`);
    }
  }
  return score;
}

/** A fixture's text and expected items. */
export function loadFixture(name: string): { text: string; expected: Expected } {
  return {
    text: readFileSync(`${dir}${name}.txt`, "utf8"),
    expected: JSON.parse(readFileSync(`${dir}${name}.expected.json`, "utf8")) as Expected,
  };
}

/** The forms a fixture is read in: as written, and — but for markdown tables — on one line and wrapped. */
export function formsOf(name: string, text: string): [string, string][] {
  const forms: [string, string][] = [["", text]];
  if (!name.startsWith("markdown-")) forms.push([" (one line)", oneLine(text)], [" (wrapped 40)", hardWrap(text, 40)]);
  return forms;
}
