/**
 * Benchmark: the store on a generated plan of N tasks (default 100,000).
 *
 *   node --conditions=@reform/source bench/store.ts [tasks] [--postgres | --data-dir]
 *
 * Uses in-memory PGlite (its tables UNLOGGED, as `openStore` makes them), with `--data-dir` PGlite in a new temporary data directory (what
 * `openStore()` uses by default, on disk), or with `--postgres` the server at DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test) in a fresh schema dropped afterwards. Prints the wall
 * and CPU time of: start-up, the first import, a preview and a commit of the same ledger again
 * (all tasks unchanged), a re-import in which every task moves (a new first section), loading the
 * ledger, a page of tasks by unit, 1,000 sequential reads of a task's version each followed by an
 * append with that expected version, and reading the plan's events back; each with the 1-minute
 * load average after it. The two imports that write rows are also run through the former path
 * (every row upserted with `jsonb_to_recordset`) on a second fresh database, where both paths
 * were first warmed up on small plans of their own. The CPU time is this Node process's; on
 * PostgreSQL the server's is printed beside it for the imports (the transaction's backend, read
 * from /proc: the server must run on this machine).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor, Ledger, Task } from "@reform/domain";
import pg from "pg";
import { unlogTables } from "../src/MemoryTables.ts";
import { migrate } from "../src/Migrations.ts";
import { openPglite, openPostgres, type Sql } from "../src/Sql.ts";
import { SqlStore } from "../src/SqlStore.ts";
import { dbFor } from "../src/sql/Db.ts";
import { commitImport } from "../src/sql/Imports.ts";
import type { CommitImportResult } from "../src/Store.ts";
import { upsertEveryRow as formerPath } from "../test/support/formerImport.ts";

const size = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 100_000);
const onServer = process.argv.includes("--postgres");
const onDisk = process.argv.includes("--data-dir");
const databaseUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const schema = `reform_bench_${randomBytes(4).toString("hex")}`;
const formerSchema = `${schema}_former`;
const dataDirs = onDisk
  ? [mkdtempSync(join(tmpdir(), "reform-bench-")), mkdtempSync(join(tmpdir(), "reform-bench-"))]
  : [];
const actor: Actor = { role: "admin", name: "bench" };
const units = Array.from({ length: 40 }, (_, i) => `省直部门${i + 1}`);

/** A plan of sections × subsections × tasks, leads and cooperators drawn from 40 units. */
function generateLedger(tasks: number, planId = "bench"): Ledger {
  const nodes: Task[] = [];
  const perSubsection = 30;
  const subsections = Math.ceil(tasks / perSubsection);
  for (let s = 0; s < subsections; s += 1) {
    const section = `${planId}/${Math.floor(s / 4) + 1}`;
    if (s % 4 === 0) nodes.push(node(section, null, "section", [`${Math.floor(s / 4) + 1}`], `第${s / 4 + 1}部分`));
    const sub = `${section}/${(s % 4) + 1}`;
    nodes.push(
      node(sub, section, "subsection", [`${Math.floor(s / 4) + 1}`, `${(s % 4) + 1}`], `第${s + 1}项重点工作`),
    );
    for (let t = 0; t < perSubsection && s * perSubsection + t < tasks; t += 1) {
      const i = s * perSubsection + t;
      const leaf = node(
        `${sub}/${t + 1}`,
        sub,
        "task",
        [`${Math.floor(s / 4) + 1}`, `${(s % 4) + 1}`, `${t + 1}.`],
        `任务${i}：推进医改重点工作第${i}项。`,
      );
      const month = 1 + (i % 12);
      leaf.deadline = {
        kind: "due",
        text: `2020年${month}月底前`,
        due: `2020-${String(month).padStart(2, "0")}-28`,
        precision: "month",
      };
      leaf.responsibility = {
        rule: "first-leads",
        text: "",
        assignments: [
          { unit: units[i % units.length] ?? "", kind: "department", role: "lead", primary: false },
          { unit: units[(i * 7 + 3) % units.length] ?? "", kind: "department", role: "cooperating", primary: false },
        ],
      };
      nodes.push(leaf);
    }
  }
  return {
    plan: { id: planId, title: "基准测试台账", source: {} },
    tasks: nodes,
    indicators: [],
    units: [],
  };
  function node(id: string, parentId: string | null, kind: Task["kind"], path: string[], text: string): Task {
    return { id, planId, parentId, kind, path, text, order: 0, people: [], targets: [], themes: [] };
  }
}

/**
 * Prints wall time and this process's CPU time (user + system, all threads), and the load average
 * after. On a shared, loaded machine the wall time grows with the load while the CPU time stays
 * closer to the work done.
 */
async function time<T>(label: string, run: () => Promise<T>, detail?: (value: T) => string): Promise<T> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const value = await run();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${label.padEnd(52)} ${ms.toFixed(0).padStart(8)} ms  cpu ${cpuMs.toFixed(0).padStart(8)} ms  load ${loadavg()[0]?.toFixed(1)}${detail ? `  ${detail(value)}` : ""}`,
  );
  return value;
}

/** CPU time (ms) a PostgreSQL backend process has used, from /proc (the server runs here). */
function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** A driver whose transactions add their backend's CPU time to `server.ms` (PostgreSQL only). */
function measuringServer(sql: Sql): { sql: Sql; server: { ms: number } } {
  const server = { ms: 0 };
  if (sql.driver !== "postgres") return { sql, server };
  return {
    server,
    sql: {
      ...sql,
      query: sql.query.bind(sql),
      transaction: (fn) =>
        sql.transaction(async (tx) => {
          const [row] = await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
          const start = row ? backendCpuMs(row.pid) : 0;
          try {
            return await fn(tx);
          } finally {
            if (row) server.ms += backendCpuMs(row.pid) - start;
          }
        }),
    },
  };
}

/** Opens the driver the run measures, on `schema` (or the second data directory). */
async function openDriver(which: string): Promise<Sql> {
  if (onServer) return openPostgres(databaseUrl, which, 2);
  return openPglite(onDisk ? (dataDirs[which === schema ? 0 : 1] as string) : "memory", which);
}

/** The same ledger with a new first section: every task moves one place down. */
function withNewFirstSection(source: Ledger): Ledger {
  const first: Task = {
    id: `${source.plan.id}/0`,
    planId: source.plan.id,
    parentId: null,
    kind: "section",
    path: ["0"],
    text: "新增部分",
    order: 0,
    people: [],
    targets: [],
    themes: [],
  };
  return { ...source, tasks: [first, ...source.tasks] };
}

const ledger = generateLedger(size);
const where = onServer ? "PostgreSQL" : onDisk ? "PGlite in a data directory" : "PGlite in memory";
console.log(`store bench: ${ledger.tasks.length} nodes (${size} tasks) on ${where}`);

// Two fresh databases: the store's, and one for the same imports through the former path (every
// row upserted with jsonb_to_recordset). Each path is first warmed up on a small plan of its own in
// its own database (a new plan, then every row moved), so that neither pays for compiling its code
// and both databases hold another plan, as they would in use.
const sql = await time("open (start-up + migrations)", async () => {
  const opened = await openDriver(schema);
  await migrate(opened, schema);
  // As openStore does: an in-memory database keeps no write-ahead log for its tables.
  if (!onServer && !onDisk) await unlogTables(opened, schema);
  return opened;
});
const driver = measuringServer(sql);
const former = measuringServer(await openDriver(formerSchema));
const store = new SqlStore(sql, schema);
try {
  await migrate(former.sql, formerSchema);
  if (!onServer && !onDisk) await unlogTables(former.sql, formerSchema);
  const formerDb = dbFor(former.sql, formerSchema);
  const warmup = generateLedger(Math.min(size, 5000), "warmup");
  for (const [db, path] of [
    [dbFor(sql, schema), undefined],
    [formerDb, formerPath],
  ] as const) {
    await commitImport(db, warmup, { actor }, path);
    await commitImport(db, withNewFirstSection(warmup), { actor }, path);
  }

  /** Runs an import on both databases, the former path second; prints both. */
  const both = async (label: string, next: Ledger, detail: (result: CommitImportResult) => string) => {
    driver.server.ms = 0;
    former.server.ms = 0;
    const server = (measured: { server: { ms: number } }) =>
      onServer ? `  server cpu ${measured.server.ms.toFixed(0)} ms` : "";
    // Each import starts after a checkpoint, so neither pays for the other's dirty pages or WAL.
    await driver.sql.query("CHECKPOINT");
    await time(
      `commitImport (${label})`,
      () => commitImport(dbFor(driver.sql, schema), next, { actor }),
      (result) => `${detail(result)}${server(driver)}`,
    );
    await former.sql.query("CHECKPOINT");
    await time(
      `  former path: all upserted`,
      () => commitImport(formerDb, next, { actor }, formerPath),
      (result) => `${detail(result)}${server(former)}`,
    );
  };
  await both("new plan", ledger, (result) => `added ${result.preview.summary.added}`);
  await time(
    "previewImport (same ledger)",
    () => store.previewImport(ledger),
    (p) => `unchanged ${p.summary.unchanged}`,
  );
  await time("commitImport (same ledger)", () => store.commitImport(ledger, { actor, expectedPlanVersion: 1 }));
  await both(
    "new first section: every row moves",
    withNewFirstSection(ledger),
    (result) => `added ${result.preview.summary.added}, rewritten ${result.preview.summary.unchanged} moved`,
  );
  await time(
    "loadLedger",
    () => store.loadLedger("bench"),
    (l) => `${l?.tasks.length} tasks`,
  );
  await time(
    "listTasks (unit, lead, page of 100)",
    () => store.listTasks({ planId: "bench", unit: units[5], role: "lead", limit: 100 }),
    (page) => `total ${page.total}`,
  );
  const leaves = ledger.tasks.filter((task) => task.kind === "task");
  const appends = 1000;
  await time(`getTask + appendEvent × ${appends} (sequential)`, async () => {
    for (let i = 0; i < appends; i += 1) {
      const task = leaves[(i * 97) % leaves.length];
      if (!task) continue;
      const { version } = (await store.getTask(task.id)) ?? { version: 0 };
      await store.appendEvent(
        { id: `e${i}`, taskId: task.id, type: "report", at: "2020-06-30T10:00:00+08:00", actor, percent: i % 101 },
        { expectedVersion: version },
      );
    }
  });
  await time(
    "eventsForPlan",
    () => store.eventsForPlan("bench"),
    (events) => `${events.length} events`,
  );
} finally {
  await former.sql.close();
  await store.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  if (onServer) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${formerSchema} CASCADE`);
    await client.end();
  }
}
