/**
 * Benchmark: the store on a generated plan of N tasks (default 100,000).
 *
 *   node --conditions=@reform/source bench/store.ts [tasks] [--postgres]
 *
 * Uses in-memory PGlite, or with `--postgres` the server at DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test) in a fresh schema dropped afterwards. Prints the wall
 * and CPU time of: start-up, the first import, a preview and a commit of the same ledger again (all
 * tasks unchanged), loading the ledger, a page of tasks by unit, 1,000 sequential reads of a task's
 * version each followed by an append with that expected version, and reading the plan's events
 * back. The CPU time is this Node process's: on PostgreSQL the server's work is not in it.
 */
import { randomBytes } from "node:crypto";
import type { Actor, Ledger, Task } from "@reform/domain";
import pg from "pg";
import { openStore } from "../src/index.ts";

const size = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 100_000);
const onServer = process.argv.includes("--postgres");
const databaseUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const schema = `reform_bench_${randomBytes(4).toString("hex")}`;
const actor: Actor = { role: "admin", name: "bench" };
const units = Array.from({ length: 40 }, (_, i) => `省直部门${i + 1}`);

/** A plan of sections × subsections × tasks, leads and cooperators drawn from 40 units. */
function generateLedger(tasks: number): Ledger {
  const planId = "bench";
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
 * Prints wall time and this process's CPU time (user + system, all threads). On a shared, loaded
 * machine the wall time grows with the load while the CPU time stays close to the work done.
 */
async function time<T>(label: string, run: () => Promise<T>, detail?: (value: T) => string): Promise<T> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const value = await run();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(0).padStart(8)} ms  cpu ${cpuMs.toFixed(0).padStart(8)} ms${detail ? `  ${detail(value)}` : ""}`,
  );
  return value;
}

const ledger = generateLedger(size);
console.log(
  `store bench: ${ledger.tasks.length} nodes (${size} tasks) on ${onServer ? "PostgreSQL" : "PGlite in memory"}`,
);
const store = await time("open (start-up + migrations)", () =>
  openStore(onServer ? { databaseUrl, schema } : { dataDir: "memory", databaseUrl: "" }),
);
try {
  await time("commitImport (new plan)", () => store.commitImport(ledger, { actor }));
  await time(
    "previewImport (same ledger)",
    () => store.previewImport(ledger),
    (p) => `unchanged ${p.summary.unchanged}`,
  );
  await time("commitImport (same ledger)", () => store.commitImport(ledger, { actor, expectedPlanVersion: 1 }));
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
  await store.close();
  if (onServer) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}
