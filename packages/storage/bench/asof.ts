/**
 * Benchmark: the as-of aggregate (state per task as of a date, overdue items, leading units'
 * scorecards) by `computeLedger` and by SQL on PostgreSQL (bench/asOfSql.ts), on the generated
 * ledger of the domain bench (events in time order, as a store appends them), loaded with COPY into
 * a fresh schema on DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) that is dropped
 * afterwards.
 *
 *   node --expose-gc --max-old-space-size=3072 bench/asof.ts [tasks] [events]
 *
 * Prints the COPY load time, then for each side the median of 3 runs (wall; CPU for the Node side:
 * the server's CPU is another process's), the ratio, and the figures both give (the SQL checks who
 * may act but not the status rules, and skips recurring occurrences; see asOfSql.ts).
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { computeLedger } from "@reform/domain";
import pg from "pg";
import { generateLedger } from "../../domain/bench/generate.ts";
import { aggregateAsOf, createTables, load } from "./asOfSql.ts";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const TASKS = Number(args[0] ?? 1_000_000);
const EVENTS = Number(args[1] ?? 5_000_000);
const AS_OF = "2020-09-30";
const databaseUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

const fmt = (n: number): string => n.toLocaleString("en-US");
const loadAvg = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const collect = (globalThis as { gc?: () => void }).gc;

async function timed<T>(f: () => T | Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  collect?.();
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  const value = await f();
  const wall = (performance.now() - w0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { value, wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

const median = <T extends { wall: number }>(runs: T[]): T => [...runs].sort((a, b) => a.wall - b.wall)[1] as T;

const { tasks, events } = generateLedger(TASKS, EVENTS, "time");
console.log(
  `generated ${fmt(tasks.length)} tasks / ${fmt(events.length)} events (in time order); load average ${loadAvg()}`,
);

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const schema = `reform_bench_${randomBytes(6).toString("hex")}`;
try {
  await createTables(client, schema);
  const loaded = await timed(() => load(client, schema, tasks, events));
  console.log(
    `COPY into PostgreSQL (and index, analyze): ${fmt(loaded.value.events)} events in ${loaded.wall.toFixed(2)} s; load average ${loadAvg()}`,
  );

  const sdkRuns = [];
  for (let r = 0; r < 3; r++) sdkRuns.push(await timed(() => computeLedger({ tasks, events, asOf: AS_OF })));
  const sqlRuns = [];
  for (let r = 0; r < 3; r++) sqlRuns.push(await timed(() => aggregateAsOf(client, schema, AS_OF)));
  const sdk = median(sdkRuns);
  const sql = median(sqlRuns);
  console.log(
    `computeLedger (array, in time order): median ${sdk.wall.toFixed(2)} s (cpu ${sdk.cpu.toFixed(2)} s); runs ${sdkRuns.map((r) => r.wall.toFixed(2)).join(", ")}`,
  );
  console.log(
    `SQL as-of aggregate on PostgreSQL: median ${sql.wall.toFixed(2)} s (wall; server cpu not counted); runs ${sqlRuns.map((r) => r.wall.toFixed(2)).join(", ")}`,
  );
  console.log(`SQL / computeLedger (wall): ${(sql.wall / sdk.wall).toFixed(1)}×; load average ${loadAvg()}`);
  const cards = sdk.value.scorecards.filter((c) => c.led > 0);
  console.log(
    `overdue items: SDK ${fmt(sdk.value.summary.byTimeliness.overdue)}, SQL ${fmt(sql.value.overdue)} ` +
      `(the SQL does not apply status rules or recurring occurrences); units: SDK ${cards.length}, SQL ${sql.value.scorecards.length}`,
  );
} finally {
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}
