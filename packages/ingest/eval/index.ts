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

const { add, evaluate, formsOf, loadFixture, names, zero } = await import("./score.ts");

const pct = (n: number, d: number) => (d === 0 ? "   –  " : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const total = zero();
const verbose = process.argv.includes("--verbose");
console.log(`${"fixture".padEnd(40)} found   lead  coop.  deadl. lead+dl targets`);
for (const name of names) {
  const { text, expected } = loadFixture(name);
  for (const [form, input] of formsOf(name, text)) {
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
