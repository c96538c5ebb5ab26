import { describe, expect, it } from "vitest";
import {
  compareThemes,
  computeLedger,
  deriveTaskState,
  planSummary,
  type TaskState,
  type TaskSource,
  ThemeComparison,
  type Timeliness,
  timeliness,
} from "../src/index.ts";
import { AS_OF, allTasks, events } from "./support/smallLedger.ts";

const computation = computeLedger({ tasks: allTasks, events, asOf: AS_OF });
const source: TaskSource = { tasks: allTasks, computation };
const planIds = [...new Set(allTasks.map((t) => t.planId))];
const themeIds = [...new Set(allTasks.flatMap((t) => t.themes))];
const themes = [...themeIds.map((id) => ({ id, name: `theme ${id}` })), { id: "untagged", name: "nobody" }];

/** planSummary over each theme's tasks of each plan, each task folded on its own: the reference. */
function reference(themeId: string, planId: string) {
  const tasks = allTasks.filter((t) => t.planId === planId && t.themes.includes(themeId));
  const states = new Map<string, TaskState>();
  const times = new Map<string, Timeliness>();
  for (const task of tasks) {
    const state = deriveTaskState(
      task,
      events.filter((e) => e.taskId === task.id),
      AS_OF,
    );
    states.set(task.id, state);
    times.set(task.id, timeliness(task, state, AS_OF));
  }
  return { nodes: tasks.length, summary: planSummary(tasks, states, times, AS_OF) };
}

describe("compareThemes", () => {
  const result = compareThemes(source, themes, planIds);

  it("the fixture has tagged tasks to compare", () => {
    expect(themeIds.length).toBeGreaterThan(0);
  });

  it("gives every theme, in order, with one entry per plan in order", () => {
    expect(result.map((t) => t.id)).toEqual(themes.map((t) => t.id));
    for (const t of result) expect(t.plans.map((p) => p.planId)).toEqual(planIds);
    expect(() => ThemeComparison.array().parse(result)).not.toThrow();
  });

  it("agrees with planSummary over the theme's tasks folded one by one", () => {
    for (const theme of result) {
      for (const p of theme.plans) {
        const ref = reference(theme.id, p.planId);
        expect(p.nodes, `${theme.id} in ${p.planId}`).toBe(ref.nodes);
        expect(p.summary, `${theme.id} in ${p.planId}`).toEqual(ref.summary);
      }
    }
    const counted = result.flatMap((t) => t.plans).reduce((n, p) => n + p.nodes, 0);
    expect(counted).toBe(allTasks.reduce((n, t) => n + t.themes.length, 0));
  });

  it("gives an empty summary for a theme no task carries", () => {
    const none = result.find((t) => t.id === "untagged");
    for (const p of none?.plans ?? []) expect(p).toMatchObject({ nodes: 0, summary: { items: 0, percent: 0 } });
  });

  it("leaves out plans not asked for", () => {
    const [first] = planIds;
    const only = compareThemes(source, themes, first ? [first] : []);
    for (const t of only) expect(t.plans.map((p) => p.planId)).toEqual(first ? [first] : []);
  });
});
