import { describe, expect, it } from "vitest";
import {
  type Assignment,
  createDepartmentRegistry,
  departmentScorecards,
  parseResponsibleUnits,
  rankDepartments,
  type Scorecard,
  type Task,
  type TaskState,
  type Timeliness,
} from "../src/index.ts";

// 哈尔滨 2017: "(责任单位:市卫生计生委、市财政局…,排在第一位的为牵头部门)".
const unit = (name: string, role: Assignment["role"]): Assignment => ({
  unit: name,
  kind: "department",
  role,
  primary: false,
});
const task = (id: string, ...assignments: Assignment[]): Task => ({
  id,
  planId: "harbin-2017",
  kind: "task",
  path: [id],
  text: id,
  order: 0,
  people: [],
  targets: [],
  themes: [],
  responsibility: { rule: "first-leads", text: "", assignments },
});
const state = (status: TaskState["status"], percent = 0): TaskState => ({
  status,
  percent,
  extensions: [],
  rejections: 0,
  reopenings: 0,
  invalidEvents: 0,
});
const t = (status: Timeliness["status"], daysOverdue = 0): Timeliness => ({
  status,
  rag: status === "overdue" ? "red" : "green",
  daysOverdue,
  behindTrajectory: false,
});

const tasks = [
  task("1", unit("市卫生计生委", "lead"), unit("市财政局", "cooperating")),
  task("2", unit("市卫生计生委", "lead"), unit("市人社局", "cooperating")),
  task("3", unit("市卫生计生委", "lead")),
  task("4", unit("市财政局", "lead"), unit("市卫生计生委", "cooperating")),
  task("5", unit("市人社局", "co-lead"), unit("市财政局", "co-lead"), unit("市人社局", "cooperating")),
];
const states = new Map([
  ["1", state("closed", 100)],
  ["2", state("in-progress", 50)],
  ["3", state("completed", 80)],
  ["4", state("in-progress", 20)],
  ["5", state("in-progress", 60)],
]);
const timeliness = new Map([
  ["1", t("completed-on-time")],
  ["2", t("overdue", 40)],
  ["3", t("completed-late", 5)],
  ["4", t("overdue", 10)],
  ["5", t("stale")],
]);

describe("departmentScorecards", () => {
  const cards = departmentScorecards(tasks, states, timeliness, "2017-12-31");
  const byUnit = new Map(cards.map((c) => [c.unit, c]));

  it("counts tasks led and cooperated, completion, on time, overdue days and stale per unit", () => {
    expect(byUnit.get("市卫生计生委")).toMatchObject({
      led: 3,
      cooperated: 1,
      completed: 2,
      completedOnTime: 1,
      completedLate: 1,
      overdue: 1,
      overdueDaysTotal: 40,
      overdueDaysMax: 40,
      onTimeRate: 1 / 3,
      completionRate: 2 / 3,
    });
    expect(byUnit.get("市卫生计生委")?.meanPercent).toBeCloseTo((100 + 50 + 100) / 3);
    expect(byUnit.get("市财政局")).toMatchObject({ led: 2, cooperated: 1, overdue: 1, stale: 1, onTimeRate: 0 });
    // Listed as co-lead and cooperating on one task: counted once, as a lead.
    expect(byUnit.get("市人社局")).toMatchObject({ led: 1, cooperated: 1, stale: 1, onTimeRate: null });
  });
});

describe("rankDepartments", () => {
  const card = (key: string, onTimeRate: number | null, overdueDaysTotal: number, completionRate: number): Scorecard =>
    ({ key, unit: key, onTimeRate, overdueDaysTotal, completionRate, meanPercent: 50 }) as Scorecard;

  it("ranks by on-time rate, then overdue days, then completion, sharing ranks on ties (1, 2, 2, 4)", () => {
    const ranked = rankDepartments([
      card("D", 0.5, 30, 0.5),
      card("B", 0.8, 10, 0.5),
      card("A", 0.8, 10, 0.5),
      card("C", 0.8, 0, 0.1),
      card("E", null, 0, 0),
    ]);
    expect(ranked.map((r) => [r.rank, r.scorecard.key])).toEqual([
      [1, "C"],
      [2, "A"],
      [2, "B"],
      [4, "D"],
      [5, "E"],
    ]);
  });

  it("ranks by another key first when asked", () => {
    const ranked = rankDepartments([card("A", 0.9, 50, 0.2), card("B", 0.1, 5, 0.9)], "overdue-days");
    expect(ranked.map((r) => r.scorecard.key)).toEqual(["B", "A"]);
    expect(rankDepartments([card("A", 0.9, 50, 0.2), card("B", 0.1, 5, 0.9)], "completion")[0]?.scorecard.key).toBe(
      "B",
    );
  });
});

describe("departmentScorecards over spellings", () => {
  it("counts two spellings of one unit (read through one registry) as one card under its id", () => {
    const registry = createDepartmentRegistry({ name: "萍乡市", level: "city" });
    const read = (text: string) => parseResponsibleUnits(text, { registry, rule: "first-leads" }).assignments;
    const spelled = [
      task("1", ...read("市人力资源和社会保障局、市财政局")),
      task("2", ...read("市人社局")),
      task("3", ...read("市人力资源社会保障局")),
    ];
    expect(spelled.map((x) => x.responsibility?.assignments[0]?.unit)).toEqual([
      "市人力资源和社会保障局",
      "市人社局",
      "市人力资源社会保障局",
    ]);
    const cards = departmentScorecards(spelled, states, timeliness, "2017-12-31");
    const hr = cards.filter((c) => c.unitId === "萍乡市:市人力资源社会保障局");
    expect(hr).toHaveLength(1);
    expect(hr[0]).toMatchObject({ led: 3, unit: "市人力资源和社会保障局" });
    expect(cards).toHaveLength(2);
  });
});
