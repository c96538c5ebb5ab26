/**
 * Benchmark: computeLedger on a generated ledger of 1,000,000 tasks and 5,000,000 events.
 *
 *   node --max-old-space-size=3072 --expose-gc bench/ledger.ts [tasks] [events] [--by-task | --shuffled] [--log-only]
 *
 * The ledger is deterministic (seeded PRNG): 1,000 plans of 8 sections × 4 subsections × 30 tasks,
 * 40 departments, mixed deadline kinds, about one event in ten dated in UTC ("…Z") so the China-time
 * conversion is exercised. Instants come from a pool of flat strings (one per day and time of day)
 * to keep the input's memory close to a real store's. By default the events come in time order, as
 * an append-only log would (the worst case: every event's task is looked up by id); `--by-task`
 * gives them grouped by task in task order, as a store returns them for `ORDER BY task position, at`
 * (one pass, no lookups); `--shuffled` gives them in a random order (every task's events out of
 * time order, so each task's run is sorted). `--log-only` skips the array input.
 *
 * Prints generation time, then for the array input and for an {@link EventLog} of the same events
 * (built once, its building timed on its own) the median of 3 compute runs by wall time with its
 * CPU time (all threads, so GC helpers count; the machine may be shared), peak RSS, heap after a
 * run, each run and the load average, and whether both inputs give the same summary and scorecards.
 * With --expose-gc each run starts from a collected heap and pays only for its own garbage.
 */
import { loadavg } from "node:os";
import {
  type Actor,
  computeLedger,
  type Deadline,
  EventLog,
  endOfMonth,
  fromDayNumber,
  dayNumber,
  type LedgerEvent,
  type Responsibility,
  type Task,
} from "../src/index.ts";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const BY_TASK = process.argv.includes("--by-task");
const SHUFFLED = process.argv.includes("--shuffled");
const LOG_ONLY = process.argv.includes("--log-only");
const TASKS = Number(args[0] ?? 1_000_000);
const EVENTS = Number(args[1] ?? 5_000_000);
const AS_OF = "2020-09-30";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20191226);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const NAMED = [
  "省卫健委",
  "省医保局",
  "省财政厅",
  "省发展改革委",
  "省人力资源社会保障厅",
  "省民政厅",
  "省中医药局",
  "省药监局",
];
const UNITS = Array.from({ length: 40 }, (_, i) => NAMED[i] ?? `省直单位${i + 1}`);
const REPORTERS: Actor[] = UNITS.map((unit) => ({ role: "reporter", unit }));
const SUPERVISOR: Actor = { role: "supervisor", unit: "省医改办", name: "督办员" };

const responsibilities: Responsibility[] = Array.from({ length: 2000 }, () => {
  const lead = Math.floor(random() * UNITS.length);
  const coop = Array.from({ length: Math.floor(random() * 3) }, () => (lead + 1 + Math.floor(random() * 39)) % 40);
  return {
    rule: "first-leads",
    text: "",
    assignments: [lead, ...new Set(coop)].map((u, i) => ({
      unit: UNITS[u] as string,
      kind: "department",
      role: i === 0 ? "lead" : "cooperating",
      primary: i === 0,
    })),
  };
});

const leadOf = new Map(
  responsibilities.map((r) => [r, REPORTERS[UNITS.indexOf(r.assignments[0]?.unit ?? "")] as Actor]),
);

const dueDeadlines: Deadline[] = [];
for (let y = 2018; y <= 2021; y++) {
  for (let m = 1; m <= 12; m++) {
    dueDeadlines.push({ kind: "due", text: `${y}年${m}月底前`, due: endOfMonth(y, m), precision: "month" });
  }
}
const otherDeadlines: [number, Deadline][] = [
  [0.1, { kind: "ongoing", text: "持续推进" }],
  [0.08, { kind: "recurring", text: "每年2月底前", frequency: "yearly", month: 2 }],
  [0.04, { kind: "external", text: "按照国家要求完成" }],
  [0.04, { kind: "done", text: "已完成" }],
  [0.03, { kind: "starts", text: "自2019年9月1日起", start: "2019-09-01", precision: "day" }],
  [0.04, { kind: "window", text: "（2019年12月-2020年6月）", start: "2019-12-01", due: "2020-06-30" }],
  [0.02, { kind: "unknown", text: "适时推进", reason: "no date" }],
];
function deadline(): Deadline {
  let r = random();
  for (const [p, d] of otherDeadlines) {
    if (r < p) return d;
    r -= p;
  }
  return pick(dueDeadlines);
}

const FIRST_DAY = dayNumber("2018-01-01");
const DAYS = dayNumber("2020-12-31") - FIRST_DAY + 1;
const TIMES = ["T09:00:00+08:00", "T14:30:00+08:00", "T16:30:00.000+08:00", "T03:15:00Z", "T17:45:00Z"];
const atPool: string[] = [];
function at(day: number): string {
  const slot = random() < 0.9 ? Math.floor(random() * 3) : 3 + Math.floor(random() * 2);
  const key = day * TIMES.length + slot;
  let s = atPool[key];
  if (s === undefined) {
    // Flat, like the strings JSON.parse gives (a concatenation would be a rope).
    s = JSON.parse(JSON.stringify(fromDayNumber(FIRST_DAY + day) + TIMES[slot])) as string;
    atPool[key] = s;
  }
  return s;
}

function generate(): { tasks: Task[]; events: LedgerEvent[] } {
  const tasks: Task[] = [];
  const leaves: Task[] = [];
  const empty: string[] = [];
  const node = (id: string, planId: string, parentId: string | null, kind: Task["kind"], order: number): Task => ({
    id,
    planId,
    parentId,
    kind,
    path: empty,
    text: "",
    order,
    people: [],
    targets: [],
    themes: [],
  });
  for (let p = 0; tasks.length < TASKS; p++) {
    const planId = `p${p}`;
    for (let s = 0; s < 8 && tasks.length < TASKS; s++) {
      const section = node(`${planId}.${s}`, planId, null, "section", s);
      tasks.push(section);
      for (let u = 0; u < 4 && tasks.length < TASKS; u++) {
        const sub = node(`${section.id}.${u}`, planId, section.id, "subsection", u);
        tasks.push(sub);
        for (let t = 0; t < 30 && tasks.length < TASKS; t++) {
          const leaf = node(`${sub.id}.${t}`, planId, sub.id, "task", t);
          leaf.deadline = deadline();
          leaf.responsibility = pick(responsibilities);
          tasks.push(leaf);
          leaves.push(leaf);
        }
      }
    }
  }

  // Events bucketed by month so the log comes out in time order (or one bucket: grouped by task).
  const buckets: LedgerEvent[][] = Array.from({ length: BY_TASK ? 1 : Math.ceil(DAYS / 28) + 1 }, () => []);
  let id = 0;
  const evidence: string[] = [];
  for (let l = 0; l < leaves.length; l++) {
    const task = leaves[l] as Task;
    const taskId = task.id;
    const count = Math.floor(((l + 1) * EVENTS) / leaves.length) - Math.floor((l * EVENTS) / leaves.length);
    const lead = leadOf.get(task.responsibility as Responsibility) as Actor;
    const completes = count >= 3 && random() < 0.5;
    const rejected = completes && count >= 5 && random() < 0.1;
    const extended = count >= 4 && random() < 0.05;
    let day = Math.floor(random() * (DAYS / (count + 1)));
    let percent = 0;
    for (let j = 0; j < count; j++) {
      const eid = `e${id++}`;
      const when = at(day);
      // Object literals of the store's shapes (no spreads: they make generation several times slower).
      let e: LedgerEvent;
      if (completes && j === count - 1) e = { id: eid, taskId, at: when, actor: SUPERVISOR, type: "close", reason: "" };
      else if (completes && (j === count - 2 || (rejected && j === count - 4))) {
        e = { id: eid, taskId, at: when, actor: lead, type: "complete", narrative: "", evidence };
      } else if (rejected && j === count - 3) {
        e = { id: eid, taskId, at: when, actor: SUPERVISOR, type: "reject", reason: "材料不全" };
      } else if (extended && j === 1) {
        const due = fromDayNumber(FIRST_DAY + Math.min(DAYS + 300, day + 90 + Math.floor(random() * 300)));
        e = { id: eid, taskId, at: when, actor: SUPERVISOR, type: "extend", due, reason: "客观原因" };
      } else {
        percent = Math.min(100, percent + Math.floor(random() * 30));
        const actor = random() < 0.01 ? pick(REPORTERS) : lead;
        e = { id: eid, taskId, at: when, actor, type: "report", percent, narrative: "", evidence };
      }
      (buckets[BY_TASK ? 0 : Math.floor(day / 28)] as LedgerEvent[]).push(e);
      day += 1 + Math.floor(random() * ((2 * (DAYS - day)) / (count - j + 1)));
      if (day >= DAYS) day = DAYS - 1;
    }
  }
  const events = buckets.length === 1 ? (buckets[0] as LedgerEvent[]) : buckets.flat();
  if (SHUFFLED) {
    for (let k = events.length - 1; k > 0; k--) {
      const r = Math.floor(random() * (k + 1));
      const e = events[k] as LedgerEvent;
      events[k] = events[r] as LedgerEvent;
      events[r] = e;
    }
  }
  return { tasks, events };
}

const GiB = 1024 ** 3;
const fmt = (n: number): string => n.toLocaleString("en-US");
const gib = (bytes: number): string => `${(bytes / GiB).toFixed(2)} GiB`;

const t0 = performance.now();
const { tasks, events } = generate();
const genSeconds = (performance.now() - t0) / 1000;
const afterGen = process.memoryUsage();
const order = BY_TASK ? "grouped by task" : SHUFFLED ? "shuffled" : "in time order";
console.log(
  `generate ${fmt(tasks.length)} tasks / ${fmt(events.length)} events (${order}): ${genSeconds.toFixed(2)} s`,
);
console.log(`after generation: heap ${gib(afterGen.heapUsed)}, rss ${gib(afterGen.rss)}`);

// Wall and CPU time (all threads, so GC helpers count) of each run; the machine may be shared.
interface Run {
  wall: number;
  cpu: number;
}
// With --expose-gc, each run starts from a collected heap, so it pays only for its own garbage.
const collect = (globalThis as { gc?: () => void }).gc;
const s2 = (x: number): string => `${x.toFixed(2)} s`;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** Times `f` (wall and CPU) after a collection. */
function timed<T>(f: () => T): { value: T; run: Run } {
  collect?.();
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  const value = f();
  const wall = (performance.now() - w0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { value, run: { wall, cpu: (cpu.user + cpu.system) / 1e6 } };
}

/** Runs computeLedger three times on `input` and prints the median (by wall time), peak RSS and each run. */
function measure(label: string, input: LedgerEvent[] | EventLog): ReturnType<typeof computeLedger> {
  const runs: Run[] = [];
  let peakHeap = 0;
  let last: ReturnType<typeof computeLedger> | undefined;
  for (let run = 0; run < 3; run++) {
    last = undefined;
    const r = timed(() => computeLedger({ tasks, events: input, asOf: AS_OF }));
    last = r.value;
    runs.push(r.run);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const median = [...runs].sort((a, b) => a.wall - b.wall)[1] as Run;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  console.log(
    `computeLedger (${label}) ${fmt(tasks.length)} tasks / ${fmt(events.length)} events: ` +
      `median ${s2(median.wall)} (cpu ${s2(median.cpu)}), peak rss ${gib(peakRss)}, heap ${gib(peakHeap)} after a run`,
  );
  console.log(`  runs: ${runs.map((r) => `${s2(r.wall)} (cpu ${s2(r.cpu)})`).join(", ")}; load average ${load()}`);
  return last as ReturnType<typeof computeLedger>;
}

const fromArray = LOG_ONLY ? undefined : measure(`array, ${order}`, events);

// The log is built once per process and then appended to; its building is timed on its own.
const built = timed(() => EventLog.of(tasks, events));
const log = built.value;
console.log(
  `build EventLog from ${fmt(events.length)} events (${order}): ${s2(built.run.wall)} (cpu ${s2(built.run.cpu)}), ` +
    `${fmt(log.length)} held; load average ${load()}`,
);
const fromLog = measure("EventLog", log);
if (fromArray) {
  const same =
    JSON.stringify([fromArray.summary, fromArray.events, fromArray.scorecards]) ===
    JSON.stringify([fromLog.summary, fromLog.events, fromLog.scorecards]);
  console.log(`EventLog and array results ${same ? "agree" : "DIFFER"}`);
}
const last = fromLog;
{
  const s = last.summary;
  console.log(
    `as of ${AS_OF}: ${fmt(s.items)} items, ${s.percent.toFixed(1)}% done, overdue ${fmt(s.byTimeliness.overdue)}, ` +
      `stale ${fmt(s.byTimeliness.stale)}, events applied ${fmt(last.events.applied)}, refused ${fmt(last.events.refused)}, ` +
      `after as-of ${fmt(last.events.afterAsOf)}; ${last.scorecards.length} units, top ${last.ranking[0]?.scorecard.unit}`,
  );
}
