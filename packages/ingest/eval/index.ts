/**
 * Evaluation on the fixtures in test/fixtures (our own documents, one or more per layout class):
 * for each fixture, and for its one-line and hard-wrapped forms, the items found against those
 * expected (`<name>.expected.json`) and the share of found items with the right lead, cooperators,
 * deadline and targets; then the overall figures. Expected items are matched to leaf tasks by the
 * start of their text; units are compared by their canonical names within the plan's region.
 *
 *   cd packages/ingest && node eval/index.ts [--min 0.95]   (or pnpm --filter @reform/ingest eval)
 *
 * With --min, exits 1 when the share of expected items found with the right lead and deadline is
 * lower.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Workspace packages resolve to their sources under the "@reform/source" condition; re-run with it.
if (!process.execArgv.some((a) => a.includes("@reform/source"))) {
  const run = spawnSync(
    process.execPath,
    ["--conditions=@reform/source", ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  process.exit(run.status ?? 1);
}

const { canonicalUnitName } = await import("@reform/domain");
const { importDocument } = await import("../src/Import.ts");
const { hardWrap, oneLine } = await import("../test/variants.ts");

interface Expected {
  items: { text: string; lead: string[]; cooperating: string[]; due: string | null; targets?: number }[];
  options?: { issued?: string; region?: string; impliedDeadlines?: boolean };
}

const dir = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".expected.json"))
  .map((f) => f.slice(0, -".expected.json".length))
  .sort();
const squeeze = (s: string) => s.replace(/\s+/g, "");

interface Score {
  expected: number;
  found: number;
  lead: number;
  cooperating: number;
  deadline: number;
  leadAndDeadline: number;
  targetsChecked: number;
  targets: number;
}
const zero = (): Score => ({
  expected: 0,
  found: 0,
  lead: 0,
  cooperating: 0,
  deadline: 0,
  leadAndDeadline: 0,
  targetsChecked: 0,
  targets: 0,
});
const add = (a: Score, b: Score) => {
  for (const k of Object.keys(a) as (keyof Score)[]) a[k] += b[k];
};

function evaluate(text: string, expected: Expected, misses: string[]): Score {
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

const pct = (n: number, d: number) => (d === 0 ? "   –  " : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const total = zero();
const verbose = process.argv.includes("--verbose");
console.log(`${"fixture".padEnd(40)} found   lead  coop.  deadl. lead+dl targets`);
for (const name of names) {
  const text = readFileSync(`${dir}${name}.txt`, "utf8");
  const expected = JSON.parse(readFileSync(`${dir}${name}.expected.json`, "utf8")) as Expected;
  // Markdown tables are line-based by definition; every other layout must survive lost or moved line breaks.
  const forms: [string, string][] = [["", text]];
  if (!name.startsWith("markdown-")) forms.push([" (one line)", oneLine(text)], [" (wrapped 40)", hardWrap(text, 40)]);
  for (const [form, input] of forms) {
    const misses: string[] = [];
    const s = evaluate(input, expected, misses);
    add(total, s);
    console.log(
      `${(name + form).padEnd(40)} ${`${s.found}/${s.expected}`.padStart(5)} ${pct(s.lead, s.found)} ${pct(s.cooperating, s.found)} ${pct(s.deadline, s.found)} ${pct(s.leadAndDeadline, s.expected)} ${pct(s.targets, s.targetsChecked)}`,
    );
    if (verbose) for (const m of misses) console.log(`    ${m}`);
  }
}
const share = total.leadAndDeadline / Math.max(1, total.expected);
console.log(
  `\noverall: ${total.found}/${total.expected} items found (${pct(total.found, total.expected).trim()}); of those found: lead ${pct(total.lead, total.found).trim()}, cooperators ${pct(total.cooperating, total.found).trim()}, deadline ${pct(total.deadline, total.found).trim()}, targets ${pct(total.targets, total.targetsChecked).trim()} (${total.targetsChecked} checked); expected items found with the right lead and deadline: ${pct(total.leadAndDeadline, total.expected).trim()}`,
);
const min = process.argv.indexOf("--min");
if (min !== -1 && share < Number(process.argv[min + 1])) process.exit(1);
