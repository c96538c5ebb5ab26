import { describe, expect, it } from "vitest";
import {
  type Actor,
  deriveTaskState,
  type LedgerEvent,
  type StateEvent,
  type Task,
  type TaskState,
  transition,
  validateTransition,
} from "../src/index.ts";
import { instantMs } from "../src/TaskState.ts";

// 吉林 施工图, 二（四）2: "2020年，严格按照国家要求，做好国家组织药品集中采购和使用扩大品种落实工作。"
// 完成时限 2020年底前; 牵头 省医保局; 配合 省政数局、省卫生健康委、省中医药局.
const task: Task = {
  id: "jl-2-4-2",
  planId: "jilin-2019",
  parentId: "jl-2-4",
  kind: "task",
  path: ["二", "（四）", "2."],
  text: "2020年，严格按照国家要求，做好国家组织药品集中采购和使用扩大品种落实工作。",
  order: 1,
  deadline: { kind: "due", text: "2020年底前", due: "2020-12-31", precision: "year" },
  responsibility: {
    rule: "explicit",
    text: "",
    assignments: [
      { unit: "省医保局", unitId: "jl-ybj", kind: "department", role: "lead", primary: true },
      { unit: "省政数局", kind: "department", role: "cooperating", primary: false },
      { unit: "省卫生健康委", kind: "department", role: "cooperating", primary: false },
      { unit: "省中医药局", kind: "department", role: "cooperating", primary: false },
    ],
  },
  people: [],
  targets: [],
  themes: [],
};

const lead: Actor = { role: "reporter", unit: "省医保局", name: "张增龙" };
const cooperating: Actor = { role: "reporter", unit: "省卫生健康委" };
const outsider: Actor = { role: "reporter", unit: "省财政厅" };
const supervisor: Actor = { role: "supervisor", unit: "省医改办" };

let seq = 0;
function report(at: string, percent: number, actor: Actor = lead, extra: Partial<StateEvent> = {}): StateEvent {
  return {
    id: `r${seq++}`,
    taskId: task.id,
    at,
    actor,
    type: "report",
    percent,
    narrative: "",
    evidence: [],
    ...extra,
  } as StateEvent;
}
const complete = (at: string, actor: Actor = lead): StateEvent => ({
  id: `c${seq++}`,
  taskId: task.id,
  at,
  actor,
  type: "complete",
  narrative: "已完成",
  evidence: [],
});
const close = (at: string, actor: Actor = supervisor): StateEvent => ({
  id: `x${seq++}`,
  taskId: task.id,
  at,
  actor,
  type: "close",
  reason: "",
});
const reject = (at: string, actor: Actor = supervisor): StateEvent => ({
  id: `j${seq++}`,
  taskId: task.id,
  at,
  actor,
  type: "reject",
  reason: "佐证材料不全",
});
const reopen = (at: string, actor: Actor = supervisor): StateEvent => ({
  id: `o${seq++}`,
  taskId: task.id,
  at,
  actor,
  type: "reopen",
  reason: "复查发现问题",
});
const extend = (at: string, due: string, actor: Actor = supervisor): StateEvent => ({
  id: `e${seq++}`,
  taskId: task.id,
  at,
  actor,
  type: "extend",
  due,
  reason: "国家集采批次推迟",
});

const AS_OF = "2021-06-30";
const stateAfter = (events: StateEvent[], asOf = AS_OF): TaskState => deriveTaskState(task, events, asOf);

/** Applies `event` after `events` and returns the refusal code, or "ok". */
function outcome(events: StateEvent[], event: StateEvent): string {
  const r = transition(stateAfter(events), event, { task });
  return r.ok ? "ok" : r.error.code;
}

describe("task state machine", () => {
  it("starts not started and moves to in progress on any report", () => {
    expect(stateAfter([])).toMatchObject({
      status: "not-started",
      percent: 0,
      due: "2020-12-31",
      originalDue: "2020-12-31",
    });
    const s = stateAfter([report("2020-03-10T10:00:00+08:00", 0)]);
    expect(s).toMatchObject({ status: "in-progress", percent: 0, lastReportOn: "2020-03-10" });
  });

  it("lets leads and cooperating units report progress, and no one else", () => {
    expect(outcome([], report("2020-03-10T10:00:00+08:00", 30))).toBe("ok");
    expect(outcome([], report("2020-03-10T10:00:00+08:00", 30, cooperating))).toBe("ok");
    expect(outcome([], report("2020-03-10T10:00:00+08:00", 30, outsider))).toBe("not-responsible");
    expect(outcome([], report("2020-03-10T10:00:00+08:00", 30, { role: "viewer", unit: "省医保局" }))).toBe(
      "not-responsible",
    );
    // The registry id identifies the unit as well as its name.
    expect(outcome([], report("2020-03-10T10:00:00+08:00", 30, { role: "reporter", unit: "jl-ybj" }))).toBe("ok");
  });

  it("lets only a leading or co-leading unit report completion", () => {
    const r = transition(stateAfter([]), complete("2020-11-20T09:00:00+08:00", cooperating), { task });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ _tag: "TransitionError", code: "not-lead", taskId: task.id });
      expect(r.error.message).toContain("省卫生健康委");
    }
    const done = transition(stateAfter([]), complete("2020-11-20T09:00:00+08:00"), { task });
    expect(done.ok && done.state).toMatchObject({
      status: "completed",
      completedOn: "2020-11-20",
      dueAtCompletion: "2020-12-31",
    });
    const coLed: Task = {
      ...task,
      responsibility: {
        rule: "explicit",
        text: "共同牵头",
        assignments: [
          { unit: "省医保局", kind: "department", role: "co-lead", primary: true },
          { unit: "省卫生健康委", kind: "department", role: "co-lead", primary: false },
        ],
      },
    };
    const byCoLead = transition(deriveTaskState(coLed, [], AS_OF), complete("2020-11-20T09:00:00+08:00", cooperating), {
      task: coLed,
    });
    expect(byCoLead.ok).toBe(true);
  });

  it("closes, rejects and reopens only as the supervisor and only from the right status", () => {
    const completed = [report("2020-06-01T09:00:00+08:00", 60), complete("2020-11-20T09:00:00+08:00")];
    expect(outcome(completed, close("2020-12-01T09:00:00+08:00", lead))).toBe("not-supervisor");
    expect(outcome(completed, reject("2020-12-01T09:00:00+08:00", lead))).toBe("not-supervisor");
    expect(outcome(completed, reopen("2020-12-01T09:00:00+08:00", lead))).toBe("not-supervisor");
    expect(outcome(completed, close("2020-12-01T09:00:00+08:00"))).toBe("ok");
    expect(outcome(completed, reject("2020-12-01T09:00:00+08:00"))).toBe("ok");
    expect(outcome(completed, reopen("2020-12-01T09:00:00+08:00"))).toBe("ok");
    expect(outcome(completed, close("2020-12-01T09:00:00+08:00", { role: "admin" }))).toBe("ok");

    const inProgress = completed.slice(0, 1);
    expect(outcome(inProgress, close("2020-12-01T09:00:00+08:00"))).toBe("invalid-transition");
    expect(outcome(inProgress, reject("2020-12-01T09:00:00+08:00"))).toBe("invalid-transition");
    expect(outcome(inProgress, reopen("2020-12-01T09:00:00+08:00"))).toBe("invalid-transition");
    expect(outcome(completed, complete("2020-11-25T09:00:00+08:00"))).toBe("invalid-transition");
  });

  it("records a rejection (退回) and goes back to in progress with the reported percent", () => {
    const s = stateAfter([
      report("2020-06-01T09:00:00+08:00", 60),
      complete("2020-11-20T09:00:00+08:00"),
      reject("2020-11-25T09:00:00+08:00"),
    ]);
    expect(s).toMatchObject({ status: "in-progress", percent: 60, rejections: 1, completedOn: undefined });
  });

  it("closes (销号) and refuses reports on a closed task until it is reopened", () => {
    const closed = [complete("2020-11-20T09:00:00+08:00"), close("2020-12-01T09:00:00+08:00")];
    expect(stateAfter(closed)).toMatchObject({ status: "closed", closedOn: "2020-12-01", completedOn: "2020-11-20" });
    expect(outcome(closed, report("2020-12-05T09:00:00+08:00", 100))).toBe("invalid-transition");
    expect(outcome(closed, extend("2020-12-05T09:00:00+08:00", "2021-06-30"))).toBe("invalid-transition");
    const reopened = stateAfter([...closed, reopen("2021-01-10T09:00:00+08:00")]);
    expect(reopened).toMatchObject({
      status: "in-progress",
      closedOn: undefined,
      completedOn: undefined,
      reopenings: 1,
    });
  });

  it("extends the deadline keeping the original, even after it passed, and only later dates", () => {
    const s = stateAfter([extend("2021-01-15T09:00:00+08:00", "2021-03-31")]);
    expect(s).toMatchObject({ due: "2021-03-31", originalDue: "2020-12-31" });
    expect(s.extensions).toEqual([
      expect.objectContaining({ on: "2021-01-15", from: "2020-12-31", due: "2021-03-31", reason: "国家集采批次推迟" }),
    ]);
    expect(outcome([], extend("2020-06-01T09:00:00+08:00", "2020-11-30"))).toBe("bad-date");
    expect(outcome([], extend("2021-06-01T09:00:00+08:00", "2021-05-31"))).toBe("bad-date");
    expect(outcome([], extend("2020-06-01T09:00:00+08:00", "2021-06-30", lead))).toBe("not-supervisor");
  });

  it("names the rule that refused an event and the values it speaks of, for a front end to word", () => {
    const refusal = (events: StateEvent[], event: StateEvent, asOf = AS_OF) => {
      const r = validateTransition(task, events, event, asOf);
      return r.ok ? undefined : { code: r.error.code, rule: r.error.rule, params: r.error.params };
    };
    expect(refusal([], extend("2020-06-01T09:00:00+08:00", "2020-11-30"))).toEqual({
      code: "bad-date",
      rule: "due-not-later",
      params: { due: "2020-11-30", current: "2020-12-31" },
    });
    expect(refusal([], extend("2021-06-01T09:00:00+08:00", "2021-05-31"))).toMatchObject({
      rule: "due-before-granted",
      params: { due: "2021-05-31", granted: "2021-06-01" },
    });
    expect(refusal([], complete("2020-11-20T09:00:00+08:00", cooperating))).toEqual({
      code: "not-lead",
      rule: "not-lead",
      params: { actor: expect.stringContaining("省卫生健康委") },
    });
    expect(refusal([], close("2020-11-20T09:00:00+08:00"))).toEqual({
      code: "invalid-transition",
      rule: "not-completed",
      params: { action: "close", status: "not-started" },
    });
    expect(refusal([], reopen("2020-11-20T09:00:00+08:00", lead))).toMatchObject({
      rule: "supervisor-only",
      params: { action: "reopen" },
    });
    expect(refusal([], report("2021-07-01T09:00:00+08:00", 10))).toMatchObject({
      rule: "after-as-of",
      params: { at: "2021-07-01T09:00:00+08:00", asOf: AS_OF },
    });
    expect(refusal([], report("2020-03-10T10:00:00+08:00", 30, { role: "viewer" }))).toMatchObject({ rule: "viewer" });
  });

  it("does not extend recurring tasks, whose occurrences each have a due date", () => {
    const yearly: Task = {
      ...task,
      deadline: { kind: "recurring", text: "每年2月底前", frequency: "yearly", month: 2 },
    };
    const r = transition(deriveTaskState(yearly, [], AS_OF), extend("2020-03-01T09:00:00+08:00", "2020-04-30"), {
      task: yearly,
    });
    expect(!r.ok && r.error.code).toBe("invalid-transition");
  });

  it("lets the system role do anything valid by status", () => {
    const system: Actor = { role: "system", name: "导入" };
    expect(outcome([], complete("2020-11-20T09:00:00+08:00", system))).toBe("ok");
    expect(outcome([complete("2020-11-20T09:00:00+08:00")], close("2020-12-01T09:00:00+08:00", system))).toBe("ok");
    expect(outcome([], close("2020-12-01T09:00:00+08:00", system))).toBe("invalid-transition");
  });

  it("starts completed when the deadline says 已完成", () => {
    const done: Task = { ...task, deadline: { kind: "done", text: "已完成" } };
    expect(deriveTaskState(done, [], AS_OF)).toMatchObject({ status: "completed", percent: 100 });
  });

  it("is pure: transition does not change the state it is given", () => {
    const before = stateAfter([report("2020-06-01T09:00:00+08:00", 60)]);
    const copy = structuredClone(before);
    transition(before, complete("2020-11-20T09:00:00+08:00"), { task });
    expect(before).toEqual(copy);
  });
});

describe("deriveTaskState", () => {
  it("ignores events after the as-of date by their China-time day", () => {
    // 16:30 UTC on 31 January is 00:30 on 1 February in China.
    const events = [report("2020-01-31T16:30:00Z", 40)];
    expect(deriveTaskState(task, events, "2020-01-31").status).toBe("not-started");
    expect(deriveTaskState(task, events, "2020-02-01")).toMatchObject({
      status: "in-progress",
      lastReportOn: "2020-02-01",
    });
  });

  it("folds in time order, whatever the array order, ties in array order", () => {
    const a = report("2020-03-01T09:00:00+08:00", 20);
    const b = report("2020-05-01T09:00:00+08:00", 70);
    expect(stateAfter([b, a]).percent).toBe(70);
    // Same instant written two ways: array order decides.
    const c = report("2020-06-01T01:00:00Z", 80);
    const d = report("2020-06-01T09:00:00+08:00", 90);
    expect(stateAfter([c, d]).percent).toBe(90);
    expect(stateAfter([d, c]).percent).toBe(80);
  });

  it("skips and counts refused and undated events, ignores other tasks and measurements", () => {
    const events: LedgerEvent[] = [
      report("2020-03-01T09:00:00+08:00", 20, outsider),
      close("2020-03-02T09:00:00+08:00"),
      { ...report("2020-03-03T09:00:00+08:00", 30), at: "2020-03-03" },
      report("2020-03-04T09:00:00+08:00", 35),
      { ...report("2020-03-05T09:00:00+08:00", 99), taskId: "another" } as LedgerEvent,
      {
        id: "m1",
        taskId: task.id,
        at: "2020-03-06T09:00:00+08:00",
        actor: lead,
        type: "measurement",
        indicatorId: "i1",
        region: "吉林省",
        period: "2019",
        value: 31.2,
      },
    ];
    expect(deriveTaskState(task, events, AS_OF)).toMatchObject({
      status: "in-progress",
      percent: 35,
      invalidEvents: 3,
    });
  });
});

describe("validateTransition", () => {
  const history = [report("2020-06-01T09:00:00+08:00", 60)];
  it("accepts a valid new event and returns the next state", () => {
    const r = validateTransition(task, history, complete("2020-11-20T09:00:00+08:00"), "2020-11-20");
    expect(r.ok && r.state.status).toBe("completed");
  });
  it("refuses events dated after the as-of date or before the latest event", () => {
    const future = validateTransition(task, history, complete("2020-11-20T16:30:00Z"), "2020-11-20");
    expect(!future.ok && future.error.code).toBe("bad-date");
    const backdated = validateTransition(task, history, report("2020-05-01T09:00:00+08:00", 10), "2020-11-20");
    expect(!backdated.ok && backdated.error.code).toBe("bad-date");
    const unreadable = validateTransition(task, history, { ...complete("x"), at: "2020-11-20" }, "2020-11-20");
    expect(!unreadable.ok && unreadable.error.code).toBe("bad-date");
  });
  it("refuses events for another task", () => {
    const other = { ...complete("2020-11-20T09:00:00+08:00"), taskId: "another" };
    const r = validateTransition(task, history, other, "2020-11-20");
    expect(!r.ok && r.error.code).toBe("wrong-task");
  });
});

describe("instantMs", () => {
  it("agrees with Date.parse on RFC 3339 instants", () => {
    for (const at of [
      "2020-01-31T16:30:00Z",
      "2020-02-01T00:30:00+08:00",
      "2020-02-29T23:59:59.999+08:00",
      "2019-12-31T20:00:00-05:00",
      "2020-06-30T12:00:00.5Z",
    ]) {
      expect(instantMs(at)).toBe(Date.parse(at));
    }
  });
  it("returns NaN for anything else", () => {
    for (const at of ["2020-01-31", "2020-02-30T10:00:00Z", "2020-01-31T24:00:00Z", "2020-01-31T10:00:00", "x"]) {
      expect(instantMs(at)).toBeNaN();
    }
  });
});
