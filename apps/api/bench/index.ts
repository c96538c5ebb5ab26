/**
 * API benchmark (`pnpm bench`, i.e. `node bench/index.ts`): a generated 100,000-node ledger in an
 * in-memory store behind the API, and a bare node:http hello-world, each in its own worker thread on
 * a loopback port; autocannon (50 connections, 10 s each) measures the task list (first page, as of
 * a date), the plan summary and /health (the framework's floor), each alternating with the bare
 * server; and, for comparison, the task list on the same API with its GET response cache off. Prints
 * requests per second, p99 latency and the ratio to the bare server. Targets: at least 40% of the
 * bare throughput, p99 under 50 ms.
 *
 * Options: --duration=<s> (default 10), --connections=<n> (default 50), --tasks=<n> (default 100000),
 * --events=<n> (progress events appended one by one through the store, default 10000), --rounds=<n>
 * (slices alternating with the bare server, default 5), --postgres (the store on the PostgreSQL server
 * at DATABASE_URL, in a fresh schema dropped afterwards, instead of in-memory PGlite: reads are
 * invalidated by LISTEN/NOTIFY, not checked against the database each time).
 * Also prints the resident memory of the process (the API, the bare server and the load generator
 * share it) and the API isolate's heap once the ledger is loaded and computed.
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
const rounds = arg("rounds", 5);
const postgres = process.argv.includes("--postgres");

interface Started {
  port: number;
  /** The same API without its response cache. */
  uncachedPort?: number;
  tasks?: number;
  events?: number;
  setupMs?: number;
  memory?: { rss: number; heapUsed: number };
}

function start(file: string): Promise<{ worker: Worker; info: Started }> {
  const worker = new Worker(new URL(file, import.meta.url), {
    execArgv: [...process.execArgv],
    workerData: { tasks, events, postgres },
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
  /** Median of the rounds' p99 latencies, and the worst of them. */
  p99: number;
  p99Max: number;
  errors: number;
  /** Requests per second of the bare server in the rounds interleaved with this endpoint's. */
  bareRps: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * Measures an endpoint in `rounds` slices alternating with the bare server, so that both meet the
 * same machine load (the machine may be shared). Warms the endpoint up first: the first request
 * computes and caches the ledger as of the date.
 */
async function measure(name: string, url: string, bareUrl: string): Promise<Figure> {
  const warm = await fetch(url);
  if (!warm.ok) throw new Error(`${name}: ${warm.status} ${await warm.text()}`);
  await warm.arrayBuffer();
  const slice = duration / rounds;
  let requests = 0;
  let bareRequests = 0;
  let errors = 0;
  const p99s: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const bare = await autocannon({ url: bareUrl, connections, duration: slice });
    bareRequests += bare.requests.total;
    const run = await autocannon({ url, connections, duration: slice });
    requests += run.requests.total;
    errors += run.errors + run.timeouts + run.non2xx;
    p99s.push(run.latency.p99);
  }
  return {
    name,
    rps: requests / duration,
    p99: median(p99s),
    p99Max: Math.max(...p99s),
    errors,
    bareRps: bareRequests / duration,
  };
}

console.log(
  `API benchmark: ${connections} connections, ${duration} s per endpoint in ${rounds} rounds, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`,
);
const setup = performance.now();
const [api, bare] = await Promise.all([start("./server.ts"), start("./bare.ts")]);
const where = postgres ? "PostgreSQL (fresh schema)" : "in-memory PGlite";
console.log(
  `ledger: ${api.info.tasks} nodes, ${api.info.events} events, loaded into ${where} in ${((api.info.setupMs ?? 0) / 1000).toFixed(1)} s (total setup ${((performance.now() - setup) / 1000).toFixed(1)} s)`,
);
const mib = (bytes = 0): string => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
console.log(
  `memory with the ledger loaded and computed: process rss ${mib(api.info.memory?.rss)} (API, bare server and load generator), API heap ${mib(api.info.memory?.heapUsed)}`,
);
const base = `http://127.0.0.1:${api.info.port}`;
const bareUrl = `http://127.0.0.1:${bare.info.port}/`;
const figures: Figure[] = [];
try {
  figures.push(await measure("GET /health (framework floor)", `${base}/health`, bareUrl));
  figures.push(
    await measure("GET /api/tasks (first page, asOf)", `${base}/api/tasks?plan=bench-plan&asOf=2020-09-30`, bareUrl),
  );
  figures.push(
    await measure(
      "  same, response cache off",
      `http://127.0.0.1:${api.info.uncachedPort}/api/tasks?plan=bench-plan&asOf=2020-09-30`,
      bareUrl,
    ),
  );
  figures.push(
    await measure("GET /api/plans/:id/summary (asOf)", `${base}/api/plans/bench-plan/summary?asOf=2020-09-30`, bareUrl),
  );
} finally {
  api.worker.postMessage("stop");
  bare.worker.postMessage("stop");
}
console.log("");
console.log(
  `${"endpoint".padEnd(36)} ${"req/s".padStart(7)} ${"bare req/s".padStart(10)} ${"ratio".padStart(6)} ${"p99 ms".padStart(7)} ${"worst".padStart(6)} ${"errors".padStart(6)}  target (≥40%, p99<50ms)`,
);
for (const f of figures) {
  const ratio = f.rps / f.bareRps;
  const verdict = !f.name.startsWith("GET /api") ? "" : ratio >= 0.4 && f.p99 < 50 ? "met" : "NOT met";
  console.log(
    `${f.name.padEnd(36)} ${f.rps.toFixed(0).padStart(7)} ${f.bareRps.toFixed(0).padStart(10)} ${`${(ratio * 100).toFixed(0)}%`.padStart(6)} ${f.p99.toFixed(0).padStart(7)} ${f.p99Max.toFixed(0).padStart(6)} ${String(f.errors).padStart(6)}  ${verdict}`,
  );
}
console.log(
  "\nEach endpoint ran in rounds alternating with the bare server (the same load on a shared machine).\n" +
    "The API's rate limiter is off here: it is per process and would throttle the single load generator.\n" +
    "Repeated GETs of one URL are answered from the API's response cache (the default); the row marked\n" +
    "'response cache off' is the same request validated and handled every time (bytes still memoised per view).",
);
process.exit(0);
