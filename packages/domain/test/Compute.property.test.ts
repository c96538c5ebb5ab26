import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Actor,
  computeLedger,
  type Deadline,
  deriveTaskState,
  type LedgerEvent,
  type Task,
} from "../src/index.ts";
import { ACTORS, START, shuffled, TYPES, UNITS } from "./support/ledgerSpec.ts";

const DEADLINES: Deadline[] = [
  { kind: "due", text: "2020年6月底前", due: "2020-06-30", precision: "month" },
  { kind: "due", text: "2020年2月底前", due: "2020-02-29", precision: "month" },
  { kind: "ongoing", text: "持续推进" },
  { kind: "recurring", text: "每年2月底前", frequency: "yearly", month: 2 },
  { kind: "external", text: "按照国家要求完成" },
  { kind: "done", text: "已完成" },
];

const ledger = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    tasks: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({ deadline: fc.constantFrom(...DEADLINES), lead: fc.nat(2), coop: fc.nat(2) }).map(
          ({ deadline, lead, coop }): Task => ({
            id: `t${i}`,
            planId: "p",
            parentId: i === 0 ? null : "t0",
            kind: i === 0 ? "section" : "task",
            path: [],
            text: "",
            order: i,
            people: [],
            targets: [],
            themes: [],
            deadline,
            responsibility: {
              rule: "explicit",
              text: "",
              assignments: [
                { unit: UNITS[lead] as string, kind: "department", role: "lead", primary: true },
                { unit: UNITS[coop] as string, kind: "department", role: "cooperating", primary: false },
              ],
            },
          }),
        ),
      ),
    ),
    // Distinct instants (minutes apart, over about a year), each written in UTC or China time.
    events: fc.uniqueArray(
      fc.record({
        minute: fc.integer({ min: 0, max: 600_000 }),
        task: fc.nat(n - 1),
        type: fc.constantFrom(...TYPES),
        actor: fc.constantFrom(...ACTORS),
        percent: fc.integer({ min: 0, max: 100 }),
        utc: fc.boolean(),
        extendDays: fc.integer({ min: -30, max: 400 }),
      }),
      { selector: (e) => e.minute, maxLength: 40 },
    ),
    shuffle: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
  }),
);

interface EventSpec {
  minute: number;
  task: number;
  type: (typeof TYPES)[number];
  actor: Actor;
  percent: number;
  utc: boolean;
  extendDays: number;
}

function toEvents(spec: readonly EventSpec[]): LedgerEvent[] {
  return spec.map((e, k) => {
    const ms = START + e.minute * 60_000;
    const at = e.utc
      ? new Date(ms).toISOString().replace(".000Z", "Z")
      : `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
    const common = { id: `e${k}`, taskId: `t${e.task}`, at, actor: e.actor };
    const due = new Date(ms + e.extendDays * 86_400_000).toISOString().slice(0, 10);
    switch (e.type) {
      case "report":
        return { ...common, type: "report", percent: e.percent, narrative: "", evidence: [] };
      case "complete":
        return { ...common, type: "complete", narrative: "", evidence: [] };
      case "extend":
        return { ...common, type: "extend", due, reason: "延期" };
      case "close":
        return { ...common, type: "close", reason: "" };
      default:
        return { ...common, type: e.type, reason: "原因" };
    }
  });
}

const AS_OFS = ["2020-01-31", "2020-06-30", "2020-12-31"];

describe("as-of calculations are order-independent", () => {
  it("gives the same states when events with distinct instants are shuffled", () => {
    fc.assert(
      fc.property(ledger, fc.constantFrom(...AS_OFS), ({ tasks, events: spec, shuffle }, asOf) => {
        const events = toEvents(spec);
        const mixed = shuffled(events, shuffle);
        for (const task of tasks)
          expect(deriveTaskState(task, mixed, asOf)).toEqual(deriveTaskState(task, events, asOf));
        const a = computeLedger({ tasks, events, asOf });
        const b = computeLedger({ tasks, events: mixed, asOf });
        expect(b.states).toEqual(a.states);
        expect(b.timeliness).toEqual(a.timeliness);
      }),
    );
  });

  it("gives each task the same results whatever the order of tasks, equal to the per-task fold", () => {
    fc.assert(
      fc.property(ledger, fc.constantFrom(...AS_OFS), ({ tasks, events: spec, shuffle }, asOf) => {
        const events = toEvents(spec);
        const a = computeLedger({ tasks, events, asOf });
        const reordered = shuffled(tasks, shuffle);
        const b = computeLedger({ tasks: reordered, events, asOf });
        tasks.forEach((task, i) => {
          const j = b.index.get(task.id) as number;
          expect(b.states[j]).toEqual(a.states[i]);
          expect(b.timeliness[j]).toEqual(a.timeliness[i]);
          expect(b.percent[j]).toBeCloseTo(a.percent[i] as number, 9);
          expect(a.states[i]).toEqual(deriveTaskState(task, events, asOf));
        });
        expect(b.scorecards).toEqual(a.scorecards);
        expect(b.summary).toEqual(a.summary);
      }),
    );
  });
});
