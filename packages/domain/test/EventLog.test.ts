import { describe, expect, it } from "vitest";
import { computeLedger, EventLog, type LedgerEvent, type Task } from "../src/index.ts";

// Two rows of the 吉林 施工图 (section 二, subsection （四）), with the events a store would hold.
const base = { planId: "jilin-2019", path: [], text: "", order: 0, people: [], targets: [], themes: [] };
const tasks: Task[] = [
  { ...base, id: "二", kind: "section" },
  {
    ...base,
    id: "二.四.1",
    parentId: "二",
    kind: "task",
    deadline: { kind: "due", text: "2020年1月底前", due: "2020-01-31", precision: "month" },
    responsibility: {
      rule: "explicit",
      text: "",
      assignments: [{ unit: "省医保局", kind: "department", role: "lead", primary: true }],
    },
  },
];
const reporter = { role: "reporter" as const, unit: "省医保局" };
const report = (id: string, at: string, percent: number, taskId = "二.四.1"): LedgerEvent => ({
  id,
  taskId,
  at,
  actor: reporter,
  type: "report",
  percent,
  narrative: "",
  evidence: [],
});
const complete: LedgerEvent = {
  id: "c",
  taskId: "二.四.1",
  at: "2020-01-20T10:00:00+08:00",
  actor: reporter,
  type: "complete",
  narrative: "医保目录调整完成",
  evidence: [],
};

describe("EventLog", () => {
  it("keeps a task's events, counts unknown tasks and measurements, and grows as events are appended", () => {
    const log = new EventLog(tasks, 1);
    for (let k = 0; k < 40; k++) log.append(report(`r${k}`, "2020-01-10T09:00:00+08:00", k));
    expect(log.append(report("x", "2020-01-10T09:00:00+08:00", 10, "三.一.1"))).toBe(false);
    log.append({
      id: "m",
      at: "2020-01-10T09:00:00+08:00",
      actor: { role: "system" },
      type: "measurement",
      indicatorId: "人均预期寿命",
      region: "吉林省",
      period: "2020",
      value: 78.4,
    });
    expect([log.length, log.unknownTask, log.measurements, log.skipped]).toEqual([40, 1, 1, 0]);
    const r = computeLedger({ tasks, events: log, asOf: "2020-01-31" });
    expect(r.stateOf(1).percent).toBe(39);
    expect(r.events).toEqual({ applied: 40, refused: 0, afterAsOf: 0, unknownTask: 1, measurements: 1 });
  });

  it("folds a late-arriving older event in time order, as of the date asked", () => {
    const log = EventLog.of(tasks, [complete, report("r1", "2020-01-10T09:00:00+08:00", 60)]);
    const before = computeLedger({ tasks, events: log, asOf: "2020-01-15" });
    expect(before.stateOf(1)).toMatchObject({ status: "in-progress", percent: 60, lastReportOn: "2020-01-10" });
    expect(before.events.afterAsOf).toBe(1);
    const after = computeLedger({ tasks, events: log, asOf: "2020-02-01" });
    // Completed on the 20th, before the due date (the report of the 10th came first).
    expect(after.stateOf(1)).toMatchObject({ status: "completed", completedOn: "2020-01-20", invalidEvents: 0 });
    expect(after.timelinessOf(1).status).toBe("completed-on-time");
  });

  it("leaves a computation as it was when events are appended after it", () => {
    const log = EventLog.of(tasks, [report("r1", "2020-01-10T09:00:00+08:00", 60)]);
    const first = computeLedger({ tasks, events: log, asOf: "2020-02-01" });
    log.append(complete);
    expect(first.stateOf(1).status).toBe("in-progress");
    expect(computeLedger({ tasks, events: log, asOf: "2020-02-01" }).stateOf(1).status).toBe("completed");
  });

  it("counts and skips values that are not readable events, without throwing", () => {
    const log = new EventLog(tasks);
    const bad = [
      null,
      "report",
      { type: "report", at: "2020-01-10T09:00:00+08:00", actor: reporter, percent: 5 },
      { type: "report", taskId: "二.四.1", actor: reporter, percent: 5 },
      { type: "report", taskId: "二.四.1", at: "2020-01-10T09:00:00+08:00", percent: 5 },
      { type: "approve", taskId: "二.四.1", at: "2020-01-10T09:00:00+08:00", actor: reporter },
      { type: "extend", taskId: "二.四.1", at: "2020-01-10T09:00:00+08:00", actor: { role: "supervisor" } },
    ] as unknown as LedgerEvent[];
    expect(log.appendAll(bad)).toBe(0);
    expect([log.length, log.skipped]).toEqual([0, bad.length]);
    // An unreadable instant is kept and counted as refused, as with an array.
    log.append(report("r", "2020-01-10 09:00", 5));
    const r = computeLedger({ tasks, events: log, asOf: "2020-02-01" });
    expect(r.events.refused).toBe(1);
    expect(r.stateOf(1).invalidEvents).toBe(1);
  });

  it("refuses to compute with a log built for other tasks", () => {
    const log = new EventLog(tasks);
    expect(() => computeLedger({ tasks: [...tasks], events: log, asOf: "2020-02-01" })).toThrow(RangeError);
  });
});
