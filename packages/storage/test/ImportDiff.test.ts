import { describe, expect, it } from "vitest";
import { deepEqual, diffIndicators, diffTasks } from "../src/ImportDiff.ts";
import { shanxiLedger, taskId } from "./support/fixtures.ts";
import { revisedLedger } from "./support/suite.ts";

const v1 = shanxiLedger("sx");
const current = v1.tasks.map((task) => ({ task, removed: false }));

describe("diffTasks", () => {
  it("finds nothing to change when the same ledger is imported again", () => {
    const diff = diffTasks("sx", current, v1.tasks, new Set());
    expect(diff.entries.map((entry) => entry.status)).toEqual(v1.tasks.map(() => "unchanged"));
    expect(diff.changed).toEqual([]);
    expect(diff.removed).toEqual([]);
  });

  it("matches renumbered tasks by text and gives an inserted task a fresh id", () => {
    const v2 = revisedLedger("sx");
    const diff = diffTasks("sx", current, v2.tasks, new Set());
    const added = diff.entries.filter((entry) => entry.status === "added");
    // The new 3. was numbered like the old 3., which keeps its id (matched by its text as 4.).
    expect(added.map((entry) => entry.task.id)).toEqual([`${taskId("sx", "一", "（二）", "3.")}~2`]);
    expect(diff.entries.map((entry) => entry.task.id)).toEqual([
      taskId("sx", "一"),
      taskId("sx", "一", "（一）"),
      taskId("sx", "一", "（一）", "1."),
      taskId("sx", "一", "（二）"),
      `${taskId("sx", "一", "（二）", "3.")}~2`,
      taskId("sx", "一", "（二）", "3."),
      taskId("sx", "一", "（二）", "4."),
    ]);
    expect(diff.removed.map((task) => task.id)).toEqual([taskId("sx", "一", "（一）", "2.")]);
  });

  it("matches a task whose text changed by its id and lists the changed fields", () => {
    const tasks = v1.tasks.map((task) =>
      task.id === taskId("sx", "一", "（一）", "1.") ? { ...task, text: `${task.text}（修订）`, line: 99 } : task,
    );
    const diff = diffTasks("sx", current, tasks, new Set());
    expect(diff.changed.map((change) => [change.id, change.matchedBy, change.fields])).toEqual([
      [taskId("sx", "一", "（一）", "1."), "id", ["text"]],
    ]);
  });

  it("remaps the parent ids of children of a renumbered section", () => {
    // Section 一 becomes 二 (same text): its subtree is renumbered and keeps every stored id.
    const renamed = (id: string) => id.replace("sx/一", "sx/二");
    const tasks = v1.tasks.map((task) => ({
      ...task,
      id: renamed(task.id),
      parentId: task.parentId ? renamed(task.parentId) : task.parentId,
      path: ["二", ...task.path.slice(1)],
    }));
    const diff = diffTasks("sx", current, tasks, new Set());
    expect(diff.entries.map((entry) => entry.task.id)).toEqual(v1.tasks.map((task) => task.id));
    expect(diff.entries.map((entry) => entry.task.parentId)).toEqual(v1.tasks.map((task) => task.parentId));
    expect(diff.removed).toEqual([]);
  });

  it("revives a removed task that comes back unchanged, and never reuses another plan's id", () => {
    const gone = taskId("sx", "一", "（一）", "2.");
    const stored = v1.tasks.map((task) => ({ task, removed: task.id === gone }));
    const back = diffTasks("sx", stored, v1.tasks, new Set());
    expect(back.entries.find((entry) => entry.task.id === gone)).toMatchObject({ status: "added", revived: true });

    const foreign = diffTasks("sx", [], v1.tasks, new Set([gone]));
    expect(foreign.entries.find((entry) => entry.task.text === v1.tasks[3]?.text)?.task.id).toBe(`${gone}~2`);
  });
});

describe("diffIndicators", () => {
  it("reports indicators added, removed and changed by id", () => {
    const [indicator] = v1.indicators;
    if (!indicator) throw new Error("fixture has an indicator");
    const other = { ...indicator, id: "sx/indicator/2", name: "县域内住院就诊率" };
    expect(diffIndicators([indicator], [{ ...indicator, unit: "‰" }, other])).toEqual({
      added: ["sx/indicator/2"],
      removed: [],
      changed: [indicator.id],
    });
    expect(diffIndicators([indicator, other], [indicator])).toEqual({ added: [], removed: [other.id], changed: [] });
  });
});

describe("deepEqual", () => {
  it("ignores key order and treats null, undefined and absent keys alike", () => {
    expect(deepEqual({ a: 1, b: [1, { c: null }] }, { b: [1, {}], a: 1 })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: 0 }, { a: null })).toBe(false);
  });
});
