import { describe, expect, it } from "vitest";
import {
  deriveTaskState,
  effectivePercent,
  planSummary,
  rollUp,
  type StateEvent,
  type Task,
  type TaskState,
  type Timeliness,
  timeliness,
} from "../src/index.ts";

// 萍乡 2017: 一、(section) with tasks 1.–3.; 二、 with task 4. (已完成 at issue).
const node = (id: string, parentId: string | null, kind: Task["kind"], extra: Partial<Task> = {}): Task => ({
  id,
  planId: "pingxiang-2017",
  parentId,
  kind,
  path: [],
  text: id,
  order: 0,
  people: [],
  targets: [],
  themes: [],
  responsibility: {
    rule: "first-leads",
    text: "市卫计委负责",
    assignments: [{ unit: "市卫计委", kind: "department", role: "lead", primary: true }],
  },
  ...extra,
});
const tasks: Task[] = [
  node("一", null, "section"),
  node("1", "一", "task", { deadline: { kind: "due", text: "2017年10月底前", due: "2017-10-31", precision: "month" } }),
  node("2", "一", "task", { deadline: { kind: "due", text: "2017年12月底前", due: "2017-12-31", precision: "month" } }),
  node("3", "一", "task", { deadline: { kind: "ongoing", text: "持续推进" }, weight: 2 }),
  node("二", null, "section"),
  node("4", "二", "task", { deadline: { kind: "done", text: "已完成" } }),
];
const report = (taskId: string, percent: number, at = "2017-10-20T10:00:00+08:00"): StateEvent => ({
  id: `r-${taskId}-${percent}`,
  taskId,
  at,
  actor: { role: "reporter", unit: "市卫计委" },
  type: "report",
  percent,
  narrative: "",
  evidence: [],
});
const events: StateEvent[] = [
  report("1", 60),
  report("2", 30),
  report("3", 40),
  { ...report("2", 0), id: "c2", type: "complete", at: "2017-11-05T10:00:00+08:00" } as StateEvent,
];
const AS_OF = "2017-11-10";
const states = new Map<string, TaskState>(tasks.map((t) => [t.id, deriveTaskState(t, events, AS_OF)]));
const percents = new Map([...states].map(([id, s]) => [id, effectivePercent(s)]));

describe("rollUp", () => {
  it("takes the weighted mean of children; completed counts as 100; a plan is the mean of its top items", () => {
    const r = rollUp(tasks, percents);
    expect(r.tasks.get("1")).toBe(60);
    expect(r.tasks.get("2")).toBe(100); // completed, though its last report said 30
    expect(r.tasks.get("一")).toBeCloseTo((60 + 100 + 2 * 40) / 4);
    expect(r.tasks.get("二")).toBe(100);
    expect(r.plans.get("pingxiang-2017")).toBeCloseTo((60 + 100) / 2);
  });

  it("accepts weight overrides and any node order", () => {
    const r = rollUp([...tasks].reverse(), percents, new Map([["3", 1]]));
    expect(r.tasks.get("一")).toBeCloseTo((60 + 100 + 40) / 3);
    const orphan = rollUp([node("9", "missing", "task")], new Map([["9", 250]]));
    expect(orphan.tasks.get("9")).toBe(100);
    expect(orphan.plans.get("pingxiang-2017")).toBe(100);
  });
});

describe("planSummary", () => {
  it("counts work items by status, timeliness and RAG", () => {
    const t = new Map<string, Timeliness>(
      tasks.map((task) => [task.id, timeliness(task, states.get(task.id) as TaskState, AS_OF)]),
    );
    const s = planSummary(tasks, states, t, AS_OF);
    expect(s.items).toBe(4);
    expect(s.byStatus).toEqual({ "not-started": 0, "in-progress": 2, completed: 2, closed: 0 });
    expect(s.byTimeliness).toMatchObject({ overdue: 1, "completed-on-time": 2, "not-yet-due": 1 });
    expect(s.byRag).toEqual({ red: 1, amber: 0, green: 3 });
    expect(s.overdueDaysTotal).toBe(10);
    expect(s.overdueDaysMax).toBe(10);
    expect(s.percent).toBeCloseTo(((60 + 100 + 80) / 4 + 100) / 2);
  });
});
