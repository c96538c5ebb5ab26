/**
 * Import throughput on each seed and on generated ~10 MB documents (numbered prose built from the
 * seeds' items, and a cell-per-line table built from 000's rows), beside a baseline that only
 * splits the same text into lines. Prints MB/s (UTF-8 bytes, best of several runs) for both and their ratio;
 * beside the import's wall-clock rate, its rate per second of CPU (steadier on a shared machine).
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
/** Milliseconds of CPU (user + system) this process has used. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Best wall and best CPU time of several runs (at least 5 and 1 s): the machine is shared, the
 * fastest run is the least disturbed; CPU time is what the import itself costs, whatever the load.
 */
function time(run: () => void, minMs = 1000, minRuns = 5): { wall: number; cpu: number } {
  run();
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  const start = performance.now();
  for (let n = 0; n < minRuns || performance.now() - start < minMs; n++) {
    const t = performance.now();
    const c = cpuMs();
    run();
    cpu = Math.min(cpu, cpuMs() - c);
    wall = Math.min(wall, performance.now() - t);
  }
  return { wall, cpu };
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
  const importRate = mb / (importMs.wall / 1000);
  const importCpuRate = mb / (importMs.cpu / 1000);
  const splitRate = mb / (splitMs.wall / 1000);
  console.log(
    [
      name.padEnd(28),
      `${mb.toFixed(2).padStart(6)} MB`,
      `${String(tasks).padStart(6)} tasks`,
      `import ${importRate.toFixed(1).padStart(6)} MB/s (CPU ${importCpuRate.toFixed(1).padStart(5)})`,
      `split ${splitRate.toFixed(0).padStart(5)} MB/s`,
      `ratio ${(splitRate / importRate).toFixed(1)}×`,
    ].join("  "),
  );
}

console.log(`@reform/ingest import throughput (node ${process.version}); target ≥ 10 MB/s\n`);
for (const file of SEEDS) report(file, seedText(file));
report(`generated prose ~${TARGET_MB} MB`, generateProse(TARGET_MB * 1e6));
report(`generated table ~${TARGET_MB} MB`, generateTable(TARGET_MB * 1e6));
