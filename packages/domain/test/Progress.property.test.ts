import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rollUp, type Task } from "../src/index.ts";

/** A random forest: node i's parent is a lower index or none; random own percents and weights. */
const forest = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    parents: fc.tuple(...Array.from({ length: n }, (_, i) => fc.integer({ min: -1, max: i - 1 }))),
    percents: fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
    weights: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
    shuffle: fc.array(fc.nat(), { minLength: n, maxLength: n }),
  }),
);

function build(parents: number[], weights: number[]): Task[] {
  return parents.map((p, i) => ({
    id: `n${i}`,
    planId: "plan",
    parentId: p < 0 ? null : `n${p}`,
    kind: "task",
    path: [],
    text: "",
    order: i,
    people: [],
    targets: [],
    themes: [],
    weight: weights[i],
  }));
}

describe("rollUp properties", () => {
  it("keeps every percent within 0–100, in any node order", () => {
    fc.assert(
      fc.property(forest, ({ parents, percents, weights, shuffle }) => {
        const tasks = build(parents, weights);
        const own = new Map(tasks.map((t, i) => [t.id, percents[i] ?? 0]));
        const r = rollUp(tasks, own);
        const shuffled = tasks.map((t, i) => [shuffle[i] ?? 0, t] as const).sort((a, b) => a[0] - b[0]);
        const r2 = rollUp(
          shuffled.map(([, t]) => t),
          own,
        );
        for (const t of tasks) {
          const v = r.tasks.get(t.id) ?? Number.NaN;
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(100);
          expect(r2.tasks.get(t.id)).toBeCloseTo(v, 9);
        }
        const plan = r.plans.get("plan") ?? Number.NaN;
        expect(plan).toBeGreaterThanOrEqual(0);
        expect(plan).toBeLessThanOrEqual(100);
      }),
    );
  });

  it("never lowers an ancestor's percent when a leaf is completed", () => {
    fc.assert(
      fc.property(forest, fc.nat(), ({ parents, percents, weights }, pick) => {
        const tasks = build(parents, weights);
        const hasChild = new Set(parents.filter((p) => p >= 0));
        const leaves = tasks.filter((_, i) => !hasChild.has(i));
        const leaf = leaves[pick % leaves.length] as Task;
        const own = new Map(tasks.map((t, i) => [t.id, percents[i] ?? 0]));
        const before = rollUp(tasks, own);
        const after = rollUp(tasks, new Map(own).set(leaf.id, 100));
        for (let id: string | null | undefined = leaf.id; id; id = tasks.find((t) => t.id === id)?.parentId) {
          expect(after.tasks.get(id) ?? 0).toBeGreaterThanOrEqual((before.tasks.get(id) ?? 0) - 1e-9);
        }
        expect(after.plans.get("plan") ?? 0).toBeGreaterThanOrEqual((before.plans.get("plan") ?? 0) - 1e-9);
      }),
    );
  });
});
