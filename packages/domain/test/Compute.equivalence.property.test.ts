import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  computeLedger,
  type Deadline,
  departmentScorecards,
  deriveTaskState,
  effectivePercent,
  EventLog,
  type LedgerComputation,
  type LedgerEvent,
  Rag,
  rollUp,
  type Task,
  TaskStatus,
  timeliness,
  TimelinessStatus,
} from "../src/index.ts";
import { chinaDayOfMs, instantMs, mayReport, type StateEvent } from "../src/TaskState.ts";
import { ACTORS, START, shuffled, TYPES, UNITS } from "./support/ledgerSpec.ts";

// computeLedger folds every task in one pass and builds states only on demand; these properties
// hold it to the per-task functions on random ledgers: trees whose parents may come after their
// children or be missing, instants in several forms (and unreadable ones), measurements and events
// of unknown tasks mixed in, events grouped by task or in any order.

const DEADLINES: Deadline[] = [
  { kind: "due", text: "2020年6月底前", due: "2020-06-30", precision: "month" },
  { kind: "due", text: "2020年2月底前", due: "2020-02-29", precision: "month" },
  { kind: "window", text: "（2019年12月-2020年6月）", start: "2019-12-01", due: "2020-06-30" },
  { kind: "starts", text: "自2020年3月1日起", start: "2020-03-01", precision: "day" },
  { kind: "ongoing", text: "持续推进" },
  { kind: "recurring", text: "每年2月底前", frequency: "yearly", month: 2 },
  { kind: "external", text: "按照国家要求完成" },
  { kind: "done", text: "已完成" },
  { kind: "unknown", text: "适时推进", reason: "no date" },
];

/** An instant written in one of several forms; form 5 is not an instant at all. */
function instant(ms: number, form: number): string {
  const utc = new Date(ms).toISOString();
  const china = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);
  const west = new Date(ms - 5 * 3_600_000).toISOString().slice(0, 19);
  switch (form) {
    case 0:
      return utc.replace(".000Z", "Z");
    case 1:
      return utc;
    case 2:
      return `${china}+08:00`;
    case 3:
      return `${china}.250+08:00`;
    case 4:
      return `${west}-05:00`;
    default:
      return `${china} +08`;
  }
}

/** Values in an event array that are not readable events: a log and `computeLedger` skip them. */
const JUNK: unknown[] = [
  null,
  "report",
  42,
  { type: "report", at: "2020-01-10T09:00:00+08:00", actor: { role: "system" }, percent: 5 },
  { type: "report", taskId: "t0", actor: { role: "system" }, percent: 5 },
  { type: "report", taskId: "t0", at: "2020-01-10T09:00:00+08:00", percent: 5 },
  { type: "approve", taskId: "t0", at: "2020-01-10T09:00:00+08:00", actor: { role: "system" } },
  { type: "extend", taskId: "t0", at: "2020-01-10T09:00:00+08:00", actor: { role: "supervisor" }, reason: "r" },
];

/** `events` with the spec's unreadable values put among them. */
function withJunk(events: readonly LedgerEvent[], junk: readonly (readonly [number, number])[]): LedgerEvent[] {
  const out: unknown[] = [...events];
  for (const [at, which] of junk) out.splice(at % (out.length + 1), 0, JUNK[which]);
  return out as LedgerEvent[];
}

/** Ledgers of up to `maxTasks` tasks and `minEvents`–`maxEvents` events. */
const ledgerOf = (maxTasks: number, maxEvents: number, minEvents = 0) =>
  fc.integer({ min: 1, max: maxTasks }).chain((n) =>
    fc.record({
      nodes: fc.array(
        fc.record({
          parent: fc.integer({ min: -2, max: n - 1 }),
          deadline: fc.constantFrom(...DEADLINES),
          lead: fc.nat(2),
          coop: fc.nat(2),
          plan: fc.nat(1),
          weight: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        }),
        { minLength: n, maxLength: n },
      ),
      events: fc.array(
        fc.record({
          // Some instants shared, to check that ties keep input order.
          minute: fc.oneof(
            { arbitrary: fc.integer({ min: 0, max: 700_000 }), weight: 1 },
            { arbitrary: fc.constantFrom(150_000, 300_000, 450_000), weight: 2 },
          ),
          task: fc.integer({ min: -1, max: n - 1 }),
          type: fc.constantFrom(...TYPES, "measurement" as const),
          actor: fc.constantFrom(...ACTORS),
          // Whole percents mostly; some not whole, and a negative zero, which a log keeps apart.
          percent: fc.oneof(
            { arbitrary: fc.integer({ min: 0, max: 100 }), weight: 8 },
            { arbitrary: fc.constantFrom(12.5, 33.3, 99.99, -0), weight: 1 },
          ),
          form: fc.integer({ min: 0, max: 12 }),
          period: fc.option(fc.constantFrom("2020", "2021", "2020-Q2"), { nil: undefined }),
          extendDays: fc.integer({ min: -30, max: 400 }),
        }),
        { minLength: minEvents, maxLength: maxEvents },
      ),
      shuffle: fc.array(fc.nat(), { minLength: maxEvents, maxLength: maxEvents }),
      // Where unreadable values go among the events, and which.
      junk: fc.array(fc.tuple(fc.nat(), fc.nat(JUNK.length - 1)), { maxLength: 8 }),
    }),
  );
const ledger = ledgerOf(12, 60);
/** Few tasks with many events each, so that a task's run of events is long. */
const crowded = ledgerOf(3, 240, 100);
/** More tasks and events than `computeLedger` and a log look up or gather at once (512 events, 64 tasks). */
const wide = ledgerOf(200, 1400, 600);

type Spec = typeof ledger extends fc.Arbitrary<infer T> ? T : never;

function tasksOf({ nodes }: Spec): Task[] {
  return nodes.map((node, i) => ({
    id: `t${i}`,
    planId: `p${node.plan}`,
    // -2: a parent that is not in the ledger; a parent may also come after its child.
    parentId: node.parent === -1 || node.parent === i ? null : `t${node.parent === -2 ? "x" : node.parent}`,
    kind: node.parent === -1 ? "section" : "task",
    path: [],
    text: "",
    order: i,
    people: [],
    targets: [],
    themes: [],
    deadline: node.deadline,
    weight: node.weight,
    responsibility: {
      rule: "explicit",
      text: "",
      assignments: [
        { unit: UNITS[node.lead] as string, kind: "department", role: "lead", primary: true },
        { unit: UNITS[node.coop] as string, kind: "department", role: "cooperating", primary: false },
      ],
    },
  }));
}

/** The spec's events; with `distinct`, only the first event at each minute (no ties to order). */
function eventsOf({ events }: Spec, distinct = false): LedgerEvent[] {
  const seen = new Set<number>();
  const kept = distinct ? events.filter((e) => !seen.has(e.minute) && seen.add(e.minute)) : events;
  return kept.map((e, k) => {
    const ms = START + e.minute * 60_000;
    const common = { id: `e${k}`, taskId: e.task < 0 ? "unknown" : `t${e.task}`, at: instant(ms, e.form % 6) };
    const actor = e.actor;
    const due = new Date(ms + e.extendDays * 86_400_000).toISOString().slice(0, 10);
    switch (e.type) {
      case "report":
        return { ...common, actor, type: "report", percent: e.percent, narrative: "", evidence: [], period: e.period };
      case "complete":
        return { ...common, actor, type: "complete", narrative: "", evidence: [], period: e.period };
      case "extend":
        return { ...common, actor, type: "extend", due, reason: "延期" };
      case "close":
        return { ...common, actor, type: "close", reason: "" };
      case "measurement":
        return {
          id: `e${k}`,
          at: common.at,
          actor,
          type: "measurement",
          indicatorId: "i",
          region: "省",
          period: "2020",
          value: 1,
        };
      default:
        return { ...common, actor, type: e.type, reason: "原因" };
    }
  });
}

/** The events grouped by task in task order (input order kept within a task), measurements first. */
function grouped(events: readonly LedgerEvent[], tasks: readonly Task[]): LedgerEvent[] {
  const rank = new Map(tasks.map((t, i) => [t.id, i]));
  const key = (e: LedgerEvent): number => (e.type === "measurement" ? -2 : (rank.get(e.taskId) ?? -1));
  return events
    .map((e, k) => [key(e), k, e] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, , e]) => e);
}

const AS_OFS = ["2020-02-29", "2020-07-15", "2021-03-31"];

describe("computeLedger equals the per-task functions", () => {
  it("gives each task deriveTaskState's state and timeliness's result, by accessor, array and code", () => {
    fc.assert(
      fc.property(ledger, fc.constantFrom(...AS_OFS), (spec, asOf) => {
        const tasks = tasksOf(spec);
        const events = eventsOf(spec);
        const r = computeLedger({ tasks, events, asOf });
        tasks.forEach((task, i) => {
          const state = deriveTaskState(task, events, asOf);
          const t = timeliness(task, state, asOf);
          expect(r.stateOf(i)).toEqual(state);
          expect(r.timelinessOf(i)).toEqual(t);
          expect(r.states[i]).toEqual(state);
          expect(r.timeliness[i]).toEqual(t);
          expect(TaskStatus.options[r.columns.status[i] as number]).toBe(state.status);
          expect(TimelinessStatus.options[r.columns.timeliness[i] as number]).toBe(t.status);
          expect(Rag.options[r.columns.rag[i] as number]).toBe(t.rag);
          expect(r.index.get(task.id)).toBe(i);
        });
        const states = new Map(tasks.map((t, i) => [t.id, r.stateOf(i)]));
        const times = new Map(tasks.map((t, i) => [t.id, r.timelinessOf(i)]));
        const expected = rollUp(tasks, new Map([...states].map(([id, s]) => [id, effectivePercent(s)])));
        tasks.forEach((task, i) => {
          expect(r.percent[i]).toBeCloseTo(expected.tasks.get(task.id) ?? Number.NaN, 9);
        });
        expect(r.scorecards).toEqual(departmentScorecards(tasks, states, times, asOf));
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same results whether the events come grouped by task or in any order", () => {
    fc.assert(
      fc.property(ledger, fc.constantFrom(...AS_OFS), (spec, asOf) => {
        const tasks = tasksOf(spec);
        const events = eventsOf(spec, true);
        const a = computeLedger({ tasks, events: grouped(events, tasks), asOf });
        const b = computeLedger({ tasks, events: shuffled(events, spec.shuffle), asOf });
        expect(b.states).toEqual(a.states);
        expect(b.timeliness).toEqual(a.timeliness);
        expect(b.events).toEqual(a.events);
        expect(b.summary).toEqual(a.summary);
        expect(b.scorecards).toEqual(a.scorecards);
        expect([...b.percent]).toEqual([...a.percent]);
        const counts = a.events;
        const stateEvents = events.filter((e) => e.type !== "measurement");
        expect(counts.measurements).toBe(events.length - stateEvents.length);
        expect(counts.unknownTask).toBe(stateEvents.filter((e) => e.taskId === "unknown").length);
      }),
      { numRuns: 300 },
    );
  });

  it("gives each task deriveTaskState's state when tasks have long runs of events, in time order or shuffled", () => {
    fc.assert(
      fc.property(crowded, fc.constantFrom(...AS_OFS), fc.boolean(), (spec, asOf, shuffle) => {
        const tasks = tasksOf(spec);
        const all = eventsOf(spec);
        const events = shuffle ? shuffled(all, spec.shuffle) : all;
        const r = computeLedger({ tasks, events, asOf });
        tasks.forEach((task, i) => {
          expect(r.stateOf(i)).toEqual(deriveTaskState(task, events, asOf));
          expect(TaskStatus.options[r.columns.status[i] as number]).toBe(r.stateOf(i).status);
        });
        // A log filled at once, and one appended to event by event, agree with the array.
        const appended = new EventLog(tasks, 1);
        for (const e of events) appended.append(e);
        expect(everything(computeLedger({ tasks, events: EventLog.of(tasks, events), asOf }))).toEqual(everything(r));
        expect(everything(computeLedger({ tasks, events: appended, asOf }))).toEqual(everything(r));
      }),
      { numRuns: 150 },
    );
  });

  it("reads instants of years 1019–9575 as Date.parse does, and refuses what is not an RFC 3339 instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: -500_000_000, max: 4_000_000_000 }), fc.nat(5), (minute, form) => {
        const at = instant(minute * 60_000 + 1_234, form);
        if (form === 5) expect(instantMs(at)).toBeNaN();
        else expect(instantMs(at)).toBe(Date.parse(at));
      }),
      { numRuns: 2000 },
    );
  });
});

/** Every figure of two computations, states and timeliness built for every task. */
function everything(r: LedgerComputation): unknown {
  return {
    states: r.states,
    timeliness: r.timeliness,
    columns: r.columns,
    percent: [...r.percent],
    plans: r.plans,
    summary: r.summary,
    scorecards: r.scorecards,
    ranking: r.ranking,
    events: r.events,
    index: r.index,
  };
}

describe("computeLedger over an EventLog equals computeLedger over the array of its events", () => {
  it("for events in any order (ties, unknown tasks, measurements, events after the as-of date), appended in two steps, regrouped or not", () => {
    fc.assert(
      fc.property(ledger, fc.constantFrom(...AS_OFS), fc.nat(), fc.nat(3), (spec, asOf, cut, regroup) => {
        const tasks = tasksOf(spec);
        const events = shuffled(eventsOf(spec), spec.shuffle);
        const split = events.length ? cut % (events.length + 1) : 0;
        const head = events.slice(0, split);
        // A small first capacity, so that appending grows the columns.
        const log = new EventLog(tasks, 1);
        log.appendAll(head);
        const first = computeLedger({ tasks, events: log, asOf });
        expect(everything(first)).toEqual(everything(computeLedger({ tasks, events: head, asOf })));
        // Regrouping (automatic on large logs) moves events into the grouped part, at either step.
        if (regroup & 1) log.regroup();
        log.appendAll(events.slice(split));
        if (regroup & 2) log.regroup();
        const second = computeLedger({ tasks, events: log, asOf });
        expect(everything(second)).toEqual(everything(computeLedger({ tasks, events, asOf })));
        // The first computation is a snapshot: events appended since do not show in it.
        tasks.forEach((task, i) => {
          expect(first.stateOf(i)).toEqual(deriveTaskState(task, head, asOf));
        });
        const unknown = events.filter((e) => e.type !== "measurement" && e.taskId === "unknown").length;
        const measurements = events.filter((e) => e.type === "measurement").length;
        expect([log.length, log.unknownTask, log.measurements, log.skipped]).toEqual([
          events.length - unknown - measurements,
          unknown,
          measurements,
          0,
        ]);
      }),
      { numRuns: 300 },
    );
  });
});

/** The reference for a log's columns: each task's readable events in time order (ties in input order, unreadable instants last). */
function groupedByTime(tasks: readonly Task[], events: readonly LedgerEvent[]): StateEvent[][] {
  return tasks.map((task) =>
    events
      .map((e, k) => [e, k, e.type === "measurement" ? Number.NaN : instantMs(e.at)] as const)
      .filter(([e]) => e.type !== "measurement" && e.taskId === task.id)
      .sort(([, ka, a], [, kb, b]) =>
        Number.isNaN(a) || Number.isNaN(b)
          ? Number(Number.isNaN(a)) - Number(Number.isNaN(b)) || ka - kb
          : a - b || ka - kb,
      )
      .map(([e]) => e as StateEvent),
  );
}

/** Whether a report is applied from a log's columns alone (the rule of `EventLogColumns.plain`), as a reference. */
function isPlain(task: Task, e: StateEvent): boolean {
  return (
    e.type === "report" &&
    e.period === undefined &&
    typeof e.percent === "number" &&
    task.deadline?.kind !== "recurring" &&
    mayReport(task, e.actor)
  );
}

describe("computeLedger and EventLog beyond one batch of lookups and one gathering of tasks", () => {
  it("give deriveTaskState's states, the same figures from the array (in any order, unreadable values mixed in) and from logs, and a log's columns hold each task's events in time order", () => {
    fc.assert(
      fc.property(wide, fc.constantFrom(...AS_OFS), fc.nat(2), (spec, asOf, order) => {
        const tasks = tasksOf(spec);
        const all = eventsOf(spec);
        // As generated, shuffled, or grouped by task (ids repeating across batches of lookups).
        const events = order === 0 ? all : order === 1 ? shuffled(all, spec.shuffle) : grouped(all, tasks);
        const mixed = withJunk(events, spec.junk);
        const r = computeLedger({ tasks, events: mixed, asOf });
        tasks.forEach((task, i) => {
          expect(r.stateOf(i)).toEqual(deriveTaskState(task, events, asOf));
        });
        const stateEvents = events.filter((e) => e.type !== "measurement");
        expect(r.events.measurements).toBe(events.length - stateEvents.length);
        expect(r.events.unknownTask).toBe(stateEvents.filter((e) => e.taskId === "unknown").length);
        expect(r.events.applied + r.events.refused + r.events.afterAsOf).toBe(
          stateEvents.length - r.events.unknownTask,
        );
        // A log filled at once, and one appended to in two steps (regrouped between), agree with the array.
        const log = EventLog.of(tasks, mixed);
        expect([log.length, log.skipped]).toEqual([stateEvents.length - r.events.unknownTask, spec.junk.length]);
        expect(everything(computeLedger({ tasks, events: log, asOf }))).toEqual(everything(r));
        const appended = new EventLog(tasks, 1);
        const half = Math.floor(mixed.length / 2);
        appended.appendAll(mixed.slice(0, half));
        appended.regroup();
        appended.appendAll(mixed.slice(half));
        expect(everything(computeLedger({ tasks, events: appended, asOf }))).toEqual(everything(r));
        // The filled log's columns: each task's events in time order, instants, days and plain reports.
        const c = log.columns();
        const byTask = groupedByTime(tasks, events);
        tasks.forEach((task, j) => {
          const own = byTask[j] as StateEvent[];
          const from = c.start[j] as number;
          expect((c.start[j + 1] as number) - from).toBe(own.length);
          own.forEach((e, q) => {
            const p = from + q;
            const ms = instantMs(e.at);
            expect(c.events[p]).toBe(e);
            expect(c.ms[p]).toBe(ms);
            expect(c.day[p]).toBe(Number.isNaN(ms) ? 0 : chinaDayOfMs(ms));
            expect(c.plain[p]).toBe(isPlain(task, e) ? 1 : 0);
            expect(c.percent[p]).toBe(isPlain(task, e) ? (e as { percent: number }).percent : Number.NaN);
          });
        });
        expect(c.recentLength).toBe(0);
      }),
      { numRuns: 60 },
    );
    // Large ledgers: allow for a loaded machine.
  }, 60_000);
});
