/**
 * Import throughput on each seed and on generated ~10 MB documents (numbered prose built from the
 * seeds' items, and a cell-per-line table built from 000's rows), beside a baseline that only
 * splits the same text into lines. Prints MB/s (UTF-8 bytes, best of several runs) for both and their ratio.
 *
 *   cd packages/ingest && node bench/index.ts [megabytes]
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

const { importDocument } = await import("../src/Import.ts");
const { generateProse, generateTable, SEEDS, seedText } = await import("./generate.ts");

const TARGET_MB = Number(process.argv[2] ?? 10);
/** Best time of several runs (at least 5 and 1 s): the machine is shared, the fastest run is the least disturbed. */
function time(run: () => void, minMs = 1000, minRuns = 5): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  const start = performance.now();
  for (let n = 0; n < minRuns || performance.now() - start < minMs; n++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

function report(name: string, text: string): void {
  const mb = Buffer.byteLength(text, "utf8") / 1e6;
  let tasks = 0;
  const importMs = time(() => {
    const r = importDocument(text);
    tasks = r.ok ? r.ledger.tasks.length : -1;
  });
  const splitMs = time(() => {
    text.split(/\r\n|\r|\n/);
  });
  const importRate = mb / (importMs / 1000);
  const splitRate = mb / (splitMs / 1000);
  console.log(
    [
      name.padEnd(28),
      `${mb.toFixed(2).padStart(6)} MB`,
      `${String(tasks).padStart(6)} tasks`,
      `import ${importRate.toFixed(1).padStart(6)} MB/s`,
      `split ${splitRate.toFixed(0).padStart(5)} MB/s`,
      `ratio ${(splitRate / importRate).toFixed(1)}×`,
    ].join("  "),
  );
}

console.log(`@reform/ingest import throughput (node ${process.version}); target ≥ 10 MB/s\n`);
for (const file of SEEDS) report(file, seedText(file));
report(`generated prose ~${TARGET_MB} MB`, generateProse(TARGET_MB * 1e6));
report(`generated table ~${TARGET_MB} MB`, generateTable(TARGET_MB * 1e6));
