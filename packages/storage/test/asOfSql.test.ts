/**
 * The as-of SQL of the benchmark (bench/asOfSql.ts) gives the SDK's answers: on a generated ledger
 * whose events were each accepted by `validateTransition` when made (as a store appends them), plus
 * reports by units not named on the task (refused by both), loaded with COPY into a fresh schema
 * on the PostgreSQL server (dropped afterwards). Without a reachable server the suite fails under
 * CI=true and is skipped loudly otherwise.
 */
import { randomBytes } from "node:crypto";
import {
  type Actor,
  computeLedger,
  type Deadline,
  type LedgerEvent,
  type StateEvent,
  type Task,
  validateTransition,
} from "@reform/domain";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { aggregateAsOf, createTables, load, statesAsOf } from "../bench/asOfSql.ts";
import { databaseUrl, reachability } from "./support/postgres.ts";

const unreachable = await reachability(databaseUrl);

if (unreachable !== undefined) {
  const banner = `PostgreSQL at ${databaseUrl} is not reachable (${unreachable})`;
  if (process.env.CI === "true") {
    describe("as-of SQL on PostgreSQL", () => {
      it("is reachable (required when CI=true)", () => {
        throw new Error(`${banner}: the as-of SQL check cannot run.`);
      });
    });
  } else {
    console.warn(`\n${"!".repeat(100)}\n!!! ${banner}.\n!!! SKIPPING the as-of SQL check.\n${"!".repeat(100)}\n`);
  }
}

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

const UNITS = ["省卫健委", "省医保局", "省财政厅", "省发展改革委", "省民政厅", "省药监局"];
const SUPERVISOR: Actor = { role: "supervisor", unit: "省医改办" };
const DEADLINES: Deadline[] = [
  { kind: "due", text: "2020年3月底前", due: "2020-03-31", precision: "month" },
  { kind: "due", text: "2020年6月底前", due: "2020-06-30", precision: "month" },
  { kind: "due", text: "2020年底前", due: "2020-12-31", precision: "year" },
  { kind: "window", text: "（2020年4月-2020年9月）", start: "2020-04-01", due: "2020-09-30" },
  { kind: "starts", text: "自2020年5月1日起", start: "2020-05-01", precision: "day" },
  { kind: "ongoing", text: "持续推进" },
  { kind: "external", text: "按照国家要求完成" },
  { kind: "done", text: "已完成" },
];
/** Instants written as a store may hold them: China time, UTC (some on the next China day), a fraction. */
const TIMES = ["T09:00:00+08:00", "T23:30:00+08:00", "T17:45:00Z", "T01:15:00.250Z"];

/** A ledger of `n` tasks (sections of eight) whose events were each accepted when made. */
function generate(n: number, seed: number): { tasks: Task[]; events: LedgerEvent[] } {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const tasks: Task[] = [];
  const events: LedgerEvent[] = [];
  const base = { planId: "p", path: [], text: "", order: 0, people: [], targets: [], themes: [] };
  let section = "";
  for (let i = 0; tasks.length < n; i++) {
    if (i % 9 === 0) {
      section = `s${i}`;
      tasks.push({ ...base, id: section, parentId: null, kind: "section" });
      continue;
    }
    const lead = pick(UNITS);
    const coop = pick(UNITS.filter((u) => u !== lead));
    const task: Task = {
      ...base,
      id: `t${i}`,
      parentId: section,
      kind: random() < 0.1 ? "milestone" : "task",
      deadline: random() < 0.05 ? undefined : pick(DEADLINES),
      responsibility: {
        rule: "first-leads",
        text: "",
        assignments: [
          { unit: lead, kind: "department", role: "lead", primary: true },
          { unit: coop, kind: "department", role: "cooperating", primary: false },
        ],
      },
    };
    tasks.push(task);
    const accepted: LedgerEvent[] = [];
    let day = Date.parse("2019-12-01T00:00:00Z") + Math.floor(random() * 60) * 86_400_000;
    let percent = 0;
    for (let k = Math.floor(random() * 9); k > 0; k--) {
      day += Math.floor(1 + random() * 45) * 86_400_000;
      const at = new Date(day).toISOString().slice(0, 10) + pick(TIMES);
      const common = { id: `e${events.length}`, taskId: task.id, at };
      const r = random();
      let e: StateEvent;
      if (r < 0.45) {
        percent = Math.min(100, percent + Math.floor(random() * 40));
        e = {
          ...common,
          actor: { role: "reporter", unit: pick([lead, coop]) },
          type: "report",
          percent,
          narrative: "",
          evidence: [],
        };
      } else if (r < 0.5) {
        // A unit not named on the task: refused by the SDK, left out by the SQL.
        const stranger = pick(UNITS.filter((u) => u !== lead && u !== coop));
        e = {
          ...common,
          actor: { role: "reporter", unit: stranger },
          type: "report",
          percent: 99,
          narrative: "",
          evidence: [],
        };
      } else if (r < 0.65) {
        e = { ...common, actor: { role: "reporter", unit: lead }, type: "complete", narrative: "", evidence: [] };
      } else if (r < 0.75) {
        e = { ...common, actor: SUPERVISOR, type: "close", reason: "" };
      } else if (r < 0.83) {
        e = { ...common, actor: SUPERVISOR, type: "reject", reason: "材料不全" };
      } else if (r < 0.88) {
        e = { ...common, actor: SUPERVISOR, type: "reopen", reason: "复查" };
      } else {
        const due = new Date(day + Math.floor(30 + random() * 200) * 86_400_000).toISOString().slice(0, 10);
        e = { ...common, actor: SUPERVISOR, type: "extend", due, reason: "客观原因" };
      }
      const stranger = e.type === "report" && e.percent === 99 && e.actor.unit !== lead && e.actor.unit !== coop;
      if (stranger || validateTransition(task, accepted, e, "2099-12-31").ok) {
        accepted.push(e);
        events.push(e);
      }
    }
  }
  // A store returns events in time order across tasks, not grouped.
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { tasks, events };
}

/** Whether the as-of date is before the task's start date (a window's or a "starts" deadline's). */
function beforeStart(task: Task, asOf: string): boolean {
  const dl = task.deadline;
  return (dl?.kind === "window" || dl?.kind === "starts") && asOf < dl.start;
}

const AS_OFS = ["2020-01-31", "2020-05-15", "2020-07-01", "2020-10-31", "2021-06-30"];

describe.skipIf(unreachable !== undefined)("as-of SQL on PostgreSQL", () => {
  const schema = `reform_asof_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: databaseUrl });
  const { tasks, events } = generate(400, 2020);

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await client.end();
  });

  it("loads the tasks and events with COPY", async () => {
    await client.connect();
    await createTables(client, schema);
    const loaded = await load(client, schema, tasks, events);
    expect(loaded).toEqual({ tasks: tasks.length, events: events.length });
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${schema}.events WHERE type = 'complete'`);
    expect(rows[0].n).toBe(events.filter((e) => e.type === "complete").length);
  });

  it.each(AS_OFS)(
    "gives each task the SDK's status, percent, due date, completion and overdue days as of %s",
    async (asOf) => {
      const sdk = computeLedger({ tasks, events, asOf });
      // The data exercises what the SQL reads: refusals, completions, overdue tasks.
      expect(sdk.events.refused).toBeGreaterThan(0);
      const sql = await statesAsOf(client, schema, asOf);
      expect(sql).toHaveLength(tasks.length);
      tasks.forEach((task, i) => {
        const state = sdk.stateOf(i);
        const t = sdk.timelinessOf(i);
        const row = sql[i];
        expect({ task: task.id, ...row }).toEqual({
          task: task.id,
          pos: i,
          status: state.status,
          percent: state.percent,
          due: state.due ?? null,
          completedDay: state.status === "completed" || state.status === "closed" ? (state.completedOn ?? null) : null,
          timeliness:
            t.status === "completed-on-time" || t.status === "completed-late" || t.status === "overdue"
              ? t.status
              : beforeStart(task, asOf)
                ? "not-yet-due"
                : "other",
          daysOverdue: t.status === "overdue" ? t.daysOverdue : 0,
        });
      });
    },
  );

  it.each(AS_OFS)("counts the SDK's overdue items and scorecard figures as of %s", async (asOf) => {
    const sdk = computeLedger({ tasks, events, asOf });
    const sql = await aggregateAsOf(client, schema, asOf);
    expect(sql.overdue).toBe(sdk.summary.byTimeliness.overdue);
    const expected = sdk.scorecards
      .filter((c) => c.led > 0)
      .map((c) => ({
        unit: c.unit,
        led: c.led,
        completed: c.completed,
        completedOnTime: c.completedOnTime,
        completedLate: c.completedLate,
        overdue: c.overdue,
        overdueDaysTotal: c.overdueDaysTotal,
      }))
      .sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
    expect([...sql.scorecards].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0))).toEqual(expected);
    if (asOf === "2020-07-01") expect(sql.overdue).toBeGreaterThan(0);
  });
});
