/**
 * The benchmarks' generated ledger (deterministic: seeded PRNG): 1,000 plans of 8 sections × 4
 * subsections × 30 tasks, 40 departments, mixed deadline kinds, about one event in ten dated in UTC
 * ("…Z"). Instants come from a pool of flat strings (one per day and time of day) to keep the
 * input's memory close to a real store's. `order`: "time" (as an append-only log), "by-task"
 * (grouped in task order, as a store returns them for `ORDER BY task position, at`) or "shuffled".
 *
 * `allocation`: "in-order" (the default) makes the event objects in the array's order, as
 * `JSON.parse`, a database driver or an application appending events as they happen makes them, so
 * that they lie in memory in the array's order; "by-task" keeps the objects made task by task and
 * only the array reordered (the events of one task lie together, and reading the array in order
 * jumps about memory: a worst case that none of those sources gives).
 */
import {
  type Actor,
  type Deadline,
  dayNumber,
  endOfMonth,
  fromDayNumber,
  type LedgerEvent,
  type Responsibility,
  type Task,
} from "../src/index.ts";

export type EventOrder = "time" | "by-task" | "shuffled";
export type Allocation = "in-order" | "by-task";

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
/** Generates `TASKS` tasks and `EVENTS` events in the given order. */
export function generateLedger(
  TASKS: number,
  EVENTS: number,
  order: EventOrder,
  allocation: Allocation = "in-order",
): { tasks: Task[]; events: LedgerEvent[] } {
  const BY_TASK = order === "by-task";
  const SHUFFLED = order === "shuffled";
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
        if (completes && j === count - 1)
          e = { id: eid, taskId, at: when, actor: SUPERVISOR, type: "close", reason: "" };
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
    // Each object made again in the array's order (same shape, same strings); the first ones are dropped.
    if (allocation === "in-order" && !BY_TASK) {
      for (let k = 0; k < events.length; k++) events[k] = { ...events[k] } as LedgerEvent;
    }
    return { tasks, events };
  }
  return generate();
}
