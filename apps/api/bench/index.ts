/**
 * API benchmark (`pnpm bench`, i.e. `node bench/index.ts`): a generated 100,000-node ledger in an
 * in-memory store behind the API, and a bare node:http hello-world, each in its own worker thread on
 * a loopback port; autocannon (50 connections, 10 s each) measures the task list (first page, as of
 * a date), the plan summary and the bare server. Prints requests per second, p99 latency and the
 * ratio to the bare server. Targets: at least 40% of the bare throughput, p99 under 50 ms.
 *
 * Options: --duration=<s> (default 10), --connections=<n> (default 50), --tasks=<n> (default 100000),
 * --events=<n> (progress events appended one by one through the store, default 10000).
 * Workspace packages run from their sources (the script re-runs itself with
 * --conditions=@reform/source when needed), so no build is required.
 */
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import autocannon from "autocannon";

const CONDITION = "--conditions=@reform/source";
if (!process.execArgv.includes(CONDITION)) {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, [CONDITION, ...process.execArgv, self, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(run.status ?? 1);
}

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const duration = arg("duration", 10);
const connections = arg("connections", 50);
const tasks = arg("tasks", 100_000);
const events = arg("events", 10_000);

interface Started {
  port: number;
  tasks?: number;
  events?: number;
  setupMs?: number;
}

function start(file: string): Promise<{ worker: Worker; info: Started }> {
  const worker = new Worker(new URL(file, import.meta.url), {
    execArgv: [...process.execArgv],
    workerData: { tasks, events },
  });
  return new Promise((resolve, reject) => {
    worker.once("message", (info) => resolve({ worker, info }));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

interface Figure {
  name: string;
  rps: number;
  p99: number;
  errors: number;
}

async function measure(name: string, url: string): Promise<Figure> {
  // Warm-up: the first request computes and caches the ledger as of the date.
  const warm = await fetch(url);
  if (!warm.ok) throw new Error(`${name}: ${warm.status} ${await warm.text()}`);
  await warm.arrayBuffer();
  const r = await autocannon({ url, connections, duration });
  return { name, rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

console.log(
  `API benchmark: ${connections} connections, ${duration} s per endpoint, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`,
);
const setup = performance.now();
const [api, bare] = await Promise.all([start("./server.ts"), start("./bare.ts")]);
console.log(
  `ledger: ${api.info.tasks} nodes, ${api.info.events} events, loaded into in-memory PGlite in ${((api.info.setupMs ?? 0) / 1000).toFixed(1)} s (total setup ${((performance.now() - setup) / 1000).toFixed(1)} s)`,
);
const base = `http://127.0.0.1:${api.info.port}`;
const figures: Figure[] = [];
try {
  figures.push(await measure("bare node:http hello-world", `http://127.0.0.1:${bare.info.port}/`));
  figures.push(await measure("GET /api/tasks (first page, asOf)", `${base}/api/tasks?plan=bench-plan&asOf=2020-09-30`));
  figures.push(
    await measure("GET /api/plans/:id/summary (asOf)", `${base}/api/plans/bench-plan/summary?asOf=2020-09-30`),
  );
} finally {
  api.worker.postMessage("stop");
  bare.worker.postMessage("stop");
}
const bareRps = figures[0]?.rps ?? 1;
console.log("");
console.log(
  `${"endpoint".padEnd(40)} ${"req/s".padStart(9)} ${"p99 ms".padStart(7)} ${"vs bare".padStart(8)} ${"errors".padStart(7)}  targets (≥40%, p99<50ms)`,
);
for (const f of figures) {
  const ratio = f.rps / bareRps;
  const verdict = f === figures[0] ? "" : ratio >= 0.4 && f.p99 < 50 ? "met" : "NOT met";
  console.log(
    `${f.name.padEnd(40)} ${f.rps.toFixed(0).padStart(9)} ${f.p99.toFixed(0).padStart(7)} ${`${(ratio * 100).toFixed(0)}%`.padStart(8)} ${String(f.errors).padStart(7)}  ${verdict}`,
  );
}
console.log("\nThe API runs with its rate limiter off (it is per process and would throttle one load generator).");
process.exit(0);
