import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../src/index.ts";
import { groupByTask, readableTaskId, TaskRuns } from "../src/TaskGroups.ts";
import { TaskIndex } from "../src/TaskIndex.ts";

const actor = { role: "system" as const };
const at = "2020-01-10T09:00:00+08:00";

/** An event of task `t`, a measurement, an event of an unknown task, or a value that is not a readable event. */
function value(kind: number, t: number): unknown {
  switch (kind) {
    case 0:
      return { id: "m", at, actor, type: "measurement", indicatorId: "i", region: "省", period: "2020", value: 1 };
    case 1:
      return { id: "u", taskId: "不在台账", at, actor, type: "close", reason: "" };
    case 2:
      return null;
    case 3:
      return { id: "x", taskId: `t${t}`, at, actor, type: "extend", reason: "no due date" };
    case 4:
      return { id: "y", taskId: `t${t}`, actor, type: "reopen", reason: "no instant" };
    default:
      return { id: "e", taskId: `t${t}`, at, actor, type: "report", percent: t };
  }
}

describe("groupByTask", () => {
  it("chains each task's events in array order and counts the rest, with heap or typed links; TaskRuns gathers them back", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 150 }),
        fc.array(fc.tuple(fc.nat(12), fc.nat(149)), { maxLength: 1500 }),
        fc.boolean(),
        (n, spec, typed) => {
          const tasks = Array.from({ length: n }, (_, i) => ({ id: `t${i}` }));
          const events = spec.map(([kind, t]) => value(kind, t % n)) as LedgerEvent[];
          const g = groupByTask(new TaskIndex(tasks), events, typed);
          // The reference: positions by task id, and the counts.
          const counts = { measurements: 0, skipped: 0 };
          const byTask = tasks.map(() => [] as number[]);
          let unknownTask = 0;
          events.forEach((e, k) => {
            const taskId = readableTaskId(e, counts);
            if (taskId === undefined) return;
            const t = tasks.findIndex((task) => task.id === taskId);
            if (t < 0) unknownTask++;
            else byTask[t]?.push(k);
          });
          expect([g.kept, g.unknownTask, g.measurements, g.skipped]).toEqual([
            byTask.flat().length,
            unknownTask,
            counts.measurements,
            counts.skipped,
          ]);
          expect(g.last.length).toBe(n + 1);
          const runs = new TaskRuns(g);
          byTask.forEach((own, j) => {
            // The chain, walked from the task's last event.
            const chain: number[] = [];
            for (let c = g.last[j] as number; c > 0; c = g.before[c - 1] as number) chain.unshift(c - 1);
            expect(chain).toEqual(own);
            const t = runs.of(j, events);
            expect([...runs.positions.subarray(runs.from[t], runs.from[t + 1])]).toEqual(own);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
