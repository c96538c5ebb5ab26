import { describe, expect, it } from "vitest";
import {
  type Actor,
  type Deadline,
  deriveTaskState,
  occurrences,
  type StateEvent,
  type Task,
  type Timeliness,
  type TimelinessOptions,
  timeliness,
} from "../src/index.ts";

const lead: Actor = { role: "reporter", unit: "省医保局" };
const supervisor: Actor = { role: "supervisor", unit: "省医改办" };

// 山西 附件 2: "全面执行国家组织药品集中采购和使用改革试点25种药品的采购和使用政策。 省医保局 2019年12月底前"
function taskWith(deadline: Deadline): Task {
  return {
    id: "sx-annex-2",
    planId: "shanxi-2019",
    kind: "task",
    path: ["2"],
    text: "全面执行国家组织药品集中采购和使用改革试点25种药品的采购和使用政策。",
    order: 2,
    deadline,
    responsibility: {
      rule: "explicit",
      text: "省医保局",
      assignments: [{ unit: "省医保局", kind: "department", role: "lead", primary: true }],
    },
    people: [],
    targets: [],
    themes: [],
  };
}
const dec2019 = taskWith({ kind: "due", text: "2019年12月底前", due: "2019-12-31", precision: "month" });

let seq = 0;
const ev = (type: StateEvent["type"], at: string, more: object = {}): StateEvent =>
  ({
    id: `ev${seq++}`,
    taskId: "sx-annex-2",
    at,
    actor: type === "report" || type === "complete" ? lead : supervisor,
    type,
    narrative: "",
    evidence: [],
    reason: "原因",
    ...more,
  }) as StateEvent;

function asOf(task: Task, events: StateEvent[], date: string, options?: TimelinessOptions): Timeliness {
  return timeliness(task, deriveTaskState(task, events, date), date, options);
}

describe("dated deadlines", () => {
  it("is on time on the due day itself and overdue from the day after", () => {
    expect(asOf(dec2019, [], "2019-12-31")).toMatchObject({ status: "due-soon", daysLeft: 0, daysOverdue: 0 });
    expect(asOf(dec2019, [], "2020-01-01")).toMatchObject({
      status: "overdue",
      daysOverdue: 1,
      rag: "red",
      due: "2019-12-31",
    });
    expect(asOf(dec2019, [], "2020-03-01").daysOverdue).toBe(61);
  });

  it("is due soon within 30 days (configurable), not yet due before", () => {
    expect(asOf(dec2019, [], "2019-12-01")).toMatchObject({ status: "due-soon", daysLeft: 30 });
    expect(asOf(dec2019, [], "2019-11-30")).toMatchObject({ status: "not-yet-due", daysLeft: 31, rag: "green" });
    expect(asOf(dec2019, [], "2019-11-30", { dueSoonDays: 31 }).status).toBe("due-soon");
  });

  it("counts leap days: 2020年2月底前 is due 2020-02-29", () => {
    const feb = taskWith({ kind: "due", text: "2020年2月底前", due: "2020-02-29", precision: "month" });
    expect(asOf(feb, [], "2020-02-29").status).toBe("due-soon");
    expect(asOf(feb, [], "2020-03-01")).toMatchObject({ status: "overdue", daysOverdue: 1 });
    expect(asOf(feb, [], "2020-01-30").daysLeft).toBe(30);
  });

  it("judges completion by the China-time day of the event", () => {
    // 15:30 UTC on 31 Dec is 23:30 in Beijing: on time. 16:30 UTC is already 1 January: late.
    const onTime = asOf(dec2019, [ev("complete", "2019-12-31T15:30:00Z")], "2020-02-01");
    expect(onTime).toMatchObject({ status: "completed-on-time", daysOverdue: 0, rag: "green" });
    const late = asOf(dec2019, [ev("complete", "2019-12-31T16:30:00Z")], "2020-02-01");
    expect(late).toMatchObject({ status: "completed-late", daysOverdue: 1, rag: "amber" });
    // A closed task keeps its completion's timeliness.
    const closed = asOf(
      dec2019,
      [ev("complete", "2019-12-20T10:00:00+08:00"), ev("close", "2020-01-10T10:00:00+08:00")],
      "2020-02-01",
    );
    expect(closed.status).toBe("completed-on-time");
  });

  it("moves the due date with an extension granted after the original passed, keeping the original", () => {
    const extended = [ev("extend", "2020-01-15T10:00:00+08:00", { due: "2020-03-31" })];
    expect(asOf(dec2019, extended, "2020-01-14")).toMatchObject({ status: "overdue", daysOverdue: 14 });
    expect(asOf(dec2019, extended, "2020-01-15")).toMatchObject({
      status: "not-yet-due",
      due: "2020-03-31",
      originalDue: "2019-12-31",
      daysOverdue: 0,
    });
    expect(asOf(dec2019, extended, "2020-03-31").status).toBe("due-soon");
    expect(asOf(dec2019, extended, "2020-04-01")).toMatchObject({
      status: "overdue",
      daysOverdue: 1,
      due: "2020-03-31",
    });
    // Completed within the extension: on time, against the due date in force then.
    const done = [...extended, ev("complete", "2020-03-20T10:00:00+08:00")];
    expect(asOf(dec2019, done, "2020-06-30")).toMatchObject({ status: "completed-on-time", due: "2020-03-31" });
    // Completed before the extension was granted: judged against the original.
    const before = [
      ev("complete", "2020-01-10T10:00:00+08:00"),
      ev("extend", "2020-01-15T10:00:00+08:00", { due: "2020-03-31" }),
    ];
    expect(asOf(dec2019, before, "2020-06-30")).toMatchObject({ status: "completed-late", daysOverdue: 10 });
  });

  it("waits for a window's start", () => {
    const window = taskWith({
      kind: "window",
      text: "（2014年12月-2015年3月）",
      start: "2014-12-01",
      due: "2015-03-31",
    });
    expect(asOf(window, [], "2014-11-15")).toMatchObject({ status: "not-yet-due", daysLeft: 136 });
    expect(asOf(window, [], "2015-04-01").status).toBe("overdue");
  });
});

describe("trajectory and RAG", () => {
  const year2020 = taskWith({ kind: "due", text: "2020年底前", due: "2020-12-31", precision: "year" });
  const opts = { planStart: "2020-01-01" };
  it("is behind trajectory when well under the straight line from plan start to due", () => {
    const behind = asOf(year2020, [ev("report", "2020-06-01T10:00:00+08:00", { percent: 10 })], "2020-07-02", opts);
    expect(behind.expectedPercent).toBeCloseTo(50, 0);
    expect(behind).toMatchObject({ status: "not-yet-due", behindTrajectory: true, rag: "amber" });
    const onLine = asOf(year2020, [ev("report", "2020-06-01T10:00:00+08:00", { percent: 40 })], "2020-07-02", opts);
    expect(onLine).toMatchObject({ behindTrajectory: false, rag: "green" });
    expect(asOf(year2020, [], "2020-07-02", { ...opts, trajectoryTolerance: 60 }).behindTrajectory).toBe(false);
    expect(asOf(year2020, [], "2020-07-02").expectedPercent).toBeUndefined();
  });

  it("rates due-soon amber with little progress, green with much", () => {
    const low = asOf(year2020, [ev("report", "2020-11-01T10:00:00+08:00", { percent: 20 })], "2020-12-15");
    expect(low).toMatchObject({ status: "due-soon", rag: "amber" });
    const high = asOf(year2020, [ev("report", "2020-11-01T10:00:00+08:00", { percent: 90 })], "2020-12-15");
    expect(high).toMatchObject({ status: "due-soon", rag: "green" });
  });
});

describe("recurring deadlines", () => {
  // 山西: "每年2月份省医改办完成对上年度全省及各地重点监测指标情况的收集汇总" from 2020.
  const feb = taskWith({
    kind: "recurring",
    text: "2020—2022年每年2月底前",
    frequency: "yearly",
    month: 2,
    fromYear: 2020,
    toYear: 2022,
  });

  it("lists one occurrence a year, each with its own due date, within the years", () => {
    expect(occurrences(feb.deadline, { from: "2015-01-01", to: "2030-12-31" })).toEqual([
      { period: "2020", start: "2019-03-01", due: "2020-02-29" },
      { period: "2021", start: "2020-03-01", due: "2021-02-28" },
      { period: "2022", start: "2021-03-01", due: "2022-02-28" },
    ]);
    expect(occurrences(feb.deadline, { from: "2021-01-01", to: "2021-12-31" }).map((o) => o.period)).toEqual(["2021"]);
    const day15 = { kind: "recurring", text: "每年6月15日前", frequency: "yearly", month: 6, day: 15 } as const;
    expect(occurrences(day15, { from: "2020-01-01", to: "2021-06-14" }).map((o) => o.due)).toEqual(["2020-06-15"]);
  });

  it("is overdue when the latest past occurrence was not reported", () => {
    const reported2020 = [ev("report", "2020-02-20T10:00:00+08:00", { percent: 100, period: "2020" })];
    expect(asOf(feb, reported2020, "2021-03-01")).toMatchObject({
      status: "overdue",
      daysOverdue: 1,
      occurrence: { period: "2021", due: "2021-02-28" },
    });
    expect(asOf(feb, reported2020, "2021-02-10")).toMatchObject({ status: "due-soon", occurrence: { period: "2021" } });
    expect(asOf(feb, reported2020, "2020-06-30")).toMatchObject({
      status: "not-yet-due",
      occurrence: { period: "2021" },
    });
    expect(asOf(feb, [], "2020-03-01").status).toBe("overdue");
  });

  it("attributes a report without a period to the occurrence whose window it falls in", () => {
    const events = [ev("report", "2021-02-20T10:00:00+08:00", { percent: 100 })];
    const state = deriveTaskState(feb, events, "2021-03-01");
    expect(state.reportsByPeriod).toEqual({ "2021": "2021-02-20" });
    expect(timeliness(feb, state, "2021-03-01").status).toBe("not-yet-due");
  });

  it("counts a completion naming the period, and ends on time or late after the last year", () => {
    const done = [
      ev("complete", "2020-02-27T10:00:00+08:00", { period: "2020" }),
      ev("complete", "2021-02-26T10:00:00+08:00", { period: "2021" }),
      ev("complete", "2022-03-02T10:00:00+08:00", { period: "2022" }),
    ];
    expect(deriveTaskState(feb, done, "2022-06-30").status).toBe("in-progress");
    expect(asOf(feb, done, "2022-06-30")).toMatchObject({
      status: "completed-late",
      daysOverdue: 2,
      occurrence: { period: "2022" },
    });
    expect(asOf(feb, done.slice(0, 2), "2021-02-27")).toMatchObject({ status: "completed-on-time" });
  });
});

describe("ongoing and other deadlines", () => {
  // 吉林: 持续推进.
  const ongoing = taskWith({ kind: "ongoing", text: "持续推进" });

  it("lists reporting periods", () => {
    expect(occurrences(ongoing.deadline, { from: "2020-01-01", to: "2020-06-30" })).toEqual([
      { period: "2020-Q1", start: "2020-01-01", due: "2020-03-31" },
      { period: "2020-Q2", start: "2020-04-01", due: "2020-06-30" },
    ]);
    expect(
      occurrences(ongoing.deadline, { from: "2020-01-01", to: "2020-12-31", every: "half" }).map((o) => o.period),
    ).toEqual(["2020-H1", "2020-H2"]);
    expect(
      occurrences(ongoing.deadline, { from: "2020-02-01", to: "2020-03-31", every: "month" }).map((o) => o.period),
    ).toEqual(["2020-02", "2020-03"]);
  });

  it("is never overdue, but stale without a report for the last period past its 15 days' grace", () => {
    const q4 = [ev("report", "2019-11-05T10:00:00+08:00", { percent: 30 })];
    // Until 15 April the report for Q1 may still come: Q4 2019 is the period that counts.
    expect(asOf(ongoing, q4, "2020-04-15")).toMatchObject({ status: "not-yet-due", occurrence: { period: "2020-Q2" } });
    expect(asOf(ongoing, q4, "2020-04-16")).toMatchObject({
      status: "stale",
      rag: "amber",
      daysOverdue: 0,
      occurrence: { period: "2020-Q1" },
    });
    expect(asOf(ongoing, q4, "2021-06-30").status).toBe("stale");
    const q1 = [...q4, ev("report", "2020-04-10T10:00:00+08:00", { percent: 40, period: "2020-Q1" })];
    expect(asOf(ongoing, q1, "2020-04-16").status).toBe("not-yet-due");
    expect(asOf(ongoing, [], "2020-04-16", { graceDays: 20 }).status).toBe("stale");
    expect(asOf(ongoing, [], "2020-04-16", { planStart: "2020-04-01" }).status).toBe("not-yet-due");
    expect(asOf(ongoing, [], "2020-04-16", { reportEvery: "year" }).status).toBe("stale");
  });

  it("starts dated tasks as ongoing once started", () => {
    const from = taskWith({ kind: "starts", text: "自2017年9月1日起", start: "2017-09-01", precision: "day" });
    expect(asOf(from, [], "2017-08-31").status).toBe("not-yet-due");
    expect(asOf(from, [], "2017-10-10").status).toBe("not-yet-due");
    expect(asOf(from, [], "2018-01-20").status).toBe("stale");
  });

  it("awaits national schedules, and has no deadline when none could be read", () => {
    const external = taskWith({ kind: "external", text: "按照国家要求完成" });
    expect(asOf(external, [], "2020-06-30")).toMatchObject({ status: "awaiting-external", rag: "green" });
    const unknown = taskWith({ kind: "unknown", text: "适时", reason: "no date" });
    expect(asOf(unknown, [], "2020-06-30").status).toBe("no-deadline");
    const relative = taskWith({ kind: "relative", text: "5年内", amount: 5, unit: "year" });
    expect(asOf(relative, [], "2020-06-30").status).toBe("no-deadline");
    // The supervisor may set a date on an external task by extension.
    const dated = asOf(external, [ev("extend", "2020-01-10T10:00:00+08:00", { due: "2020-03-31" })], "2020-06-30");
    expect(dated).toMatchObject({ status: "overdue", due: "2020-03-31" });
  });

  it("treats 已完成 tasks as completed on time", () => {
    const done = taskWith({ kind: "done", text: "已完成" });
    expect(asOf(done, [], "2017-09-14")).toMatchObject({ status: "completed-on-time", rag: "green" });
  });
});
