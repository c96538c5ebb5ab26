import { describe, expect, it } from "vitest";
import {
  computeLedger,
  deriveTaskState,
  effectivePercent,
  type LedgerEvent,
  rollUp,
  type Task,
  timeliness,
} from "../src/index.ts";

// A slice of the 吉林 施工图: section 二, subsection （四）, two leaf rows; plus one 持续推进 row.
const base = { planId: "jilin-2019", path: [], text: "", order: 0, people: [], targets: [], themes: [] };
const leads = (unit: string, ...cooperating: string[]): Task["responsibility"] => ({
  rule: "explicit",
  text: "",
  assignments: [
    { unit, kind: "department", role: "lead", primary: true },
    ...cooperating.map((u) => ({ unit: u, kind: "department" as const, role: "cooperating" as const, primary: false })),
  ],
});
const tasks: Task[] = [
  { ...base, id: "二", kind: "section" },
  { ...base, id: "二.四", parentId: "二", kind: "subsection" },
  {
    ...base,
    id: "二.四.1",
    parentId: "二.四",
    kind: "task",
    deadline: { kind: "due", text: "2020年1月底前", due: "2020-01-31", precision: "month" },
    responsibility: leads("省医保局", "省卫生健康委"),
  },
  {
    ...base,
    id: "二.四.2",
    parentId: "二.四",
    kind: "task",
    deadline: { kind: "due", text: "2020年底前", due: "2020-12-31", precision: "year" },
    responsibility: leads("省医保局", "省政数局", "省卫生健康委"),
  },
  {
    ...base,
    id: "二.五.1",
    parentId: "二",
    kind: "task",
    deadline: { kind: "ongoing", text: "持续推进" },
    responsibility: leads("省卫生健康委"),
  },
];
const reporter = (unit: string) => ({ role: "reporter" as const, unit });
const events: LedgerEvent[] = [
  {
    id: "1",
    taskId: "二.四.1",
    at: "2020-01-10T09:00:00+08:00",
    actor: reporter("省医保局"),
    type: "report",
    percent: 50,
    narrative: "",
    evidence: [],
  },
  {
    id: "2",
    taskId: "二.四.2",
    at: "2020-03-10T09:00:00+08:00",
    actor: reporter("省医保局"),
    type: "report",
    percent: 30,
    narrative: "",
    evidence: [],
  },
  // Completion at 00:30 on 1 Feb China time: one day late.
  {
    id: "3",
    taskId: "二.四.1",
    at: "2020-01-31T16:30:00Z",
    actor: reporter("省医保局"),
    type: "complete",
    narrative: "",
    evidence: [],
  },
  {
    id: "4",
    taskId: "二.四.1",
    at: "2020-02-10T09:00:00+08:00",
    actor: { role: "supervisor" },
    type: "close",
    reason: "",
  },
  {
    id: "5",
    taskId: "二.五.1",
    at: "2020-02-01T09:00:00+08:00",
    actor: reporter("省卫生健康委"),
    type: "report",
    percent: 20,
    narrative: "",
    evidence: [],
  },
  // Refused: a cooperating unit cannot complete.
  {
    id: "6",
    taskId: "二.四.2",
    at: "2020-04-01T09:00:00+08:00",
    actor: reporter("省政数局"),
    type: "complete",
    narrative: "",
    evidence: [],
  },
  {
    id: "7",
    taskId: "九.九",
    at: "2020-04-01T09:00:00+08:00",
    actor: { role: "system" },
    type: "report",
    percent: 1,
    narrative: "",
    evidence: [],
  },
  {
    id: "8",
    taskId: "二.四.2",
    at: "2020-12-01T09:00:00+08:00",
    actor: reporter("省医保局"),
    type: "report",
    percent: 90,
    narrative: "",
    evidence: [],
  },
  {
    id: "9",
    at: "2020-02-20T09:00:00+08:00",
    actor: { role: "system" },
    type: "measurement",
    indicatorId: "x",
    region: "吉林省",
    period: "2019",
    value: 1,
  },
];
const AS_OF = "2020-07-20";

describe("computeLedger", () => {
  const r = computeLedger({ tasks, events, asOf: AS_OF });

  it("gives every task the same state and timeliness as the per-task functions", () => {
    tasks.forEach((task, i) => {
      const state = deriveTaskState(task, events, AS_OF);
      expect(r.states[i]).toEqual(state);
      expect(r.timeliness[i]).toEqual(timeliness(task, state, AS_OF));
    });
    expect(r.index.get("二.四.2")).toBe(3);
    expect(r.timeliness[2]).toMatchObject({ status: "completed-late", daysOverdue: 1 });
    expect(r.timeliness[4]).toMatchObject({ status: "stale", occurrence: { period: "2020-Q2" } });
  });

  it("rolls up like rollUp and summarises the plan", () => {
    const own = new Map(tasks.map((t, i) => [t.id, effectivePercent(r.states[i] ?? deriveTaskState(t, [], AS_OF))]));
    const expected = rollUp(tasks, own);
    for (const [i, t] of tasks.entries()) expect(r.percent[i]).toBeCloseTo(expected.tasks.get(t.id) ?? Number.NaN);
    expect(r.percent[1]).toBeCloseTo((100 + 30) / 2);
    expect(r.summary).toMatchObject({ items: 3, percent: ((100 + 30) / 2 + 20) / 2, invalidEvents: 1 });
    expect(r.summary.byTimeliness).toMatchObject({ "completed-late": 1, "not-yet-due": 1, stale: 1 });
    expect(r.plans.get("jilin-2019")?.percent).toBeCloseTo(r.summary.percent);
  });

  it("counts what happened to the events", () => {
    expect(r.events).toEqual({ applied: 5, refused: 1, afterAsOf: 1, unknownTask: 1, measurements: 1 });
  });

  it("scores and ranks the departments", () => {
    const ybj = r.scorecards.find((c) => c.unit === "省医保局");
    expect(ybj).toMatchObject({ led: 2, completed: 1, completedLate: 1, completedOnTime: 0, onTimeRate: 0 });
    const wjw = r.scorecards.find((c) => c.unit === "省卫生健康委");
    expect(wjw).toMatchObject({ led: 1, cooperated: 2, stale: 1, onTimeRate: null });
    expect(r.ranking.map((x) => [x.rank, x.scorecard.unit])).toEqual([
      [1, "省医保局"],
      [2, "省卫生健康委"],
      [3, "省政数局"], // cooperates only: nothing to rate
    ]);
  });
});
