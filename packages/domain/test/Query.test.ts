import { describe, expect, it } from "vitest";
import {
  computeLedger,
  deriveTaskState,
  type LedgerComputation,
  leadsOf,
  MASKED,
  matchTasks,
  pageOfTasks,
  queryTasks,
  selectTasks,
  streamVersions,
  type Task,
  type TaskFilter,
  type TaskSource,
  TaskRow,
  taskRow,
  timeliness,
} from "../src/index.ts";
import { AS_OF, allTasks, events, PHONE } from "./support/smallLedger.ts";

const computation = computeLedger({ tasks: allTasks, events, asOf: AS_OF });
const versions = streamVersions(events);
const source: TaskSource = { tasks: allTasks, computation, versions };

/** Each task's state and timeliness folded on its own, the slow way: what the columns must agree with. */
const reference = allTasks.map((task) => {
  const own = events.filter((e) => e.taskId === task.id);
  const state = deriveTaskState(task, own, AS_OF);
  return { task, state, timeliness: timeliness(task, state, AS_OF) };
});

/** The filter written out over the reference objects. */
function referenceMatch(filter: TaskFilter): string[] {
  return reference
    .filter(({ task, state, timeliness: t }) => {
      if (filter.plans && !filter.plans.includes(task.planId)) return false;
      if (filter.state && !filter.state.includes(state.status)) return false;
      if (filter.timeliness && !filter.timeliness.includes(t.status)) return false;
      if (filter.rag && !filter.rag.includes(t.rag)) return false;
      if (filter.kind && !filter.kind.includes(task.kind)) return false;
      return true;
    })
    .map((r) => r.task.id);
}

const ids = (positions: ArrayLike<number>) => Array.from(positions, (i) => (allTasks[i] as Task).id);

/** A computation whose per-task object arrays refuse to be built: a query must not need them. */
function columnsOnly(c: LedgerComputation): LedgerComputation {
  return new Proxy(c, {
    get(target, key, receiver) {
      if (key === "states" || key === "timeliness") throw new Error(`the query read computation.${String(key)}`);
      return Reflect.get(target, key, receiver);
    },
  });
}

describe("matchTasks", () => {
  const filters: TaskFilter[] = [
    {},
    { state: ["in-progress"] },
    { state: ["closed", "completed"] },
    { timeliness: ["overdue"] },
    { timeliness: ["overdue", "completed-on-time"], kind: ["task"] },
    { rag: ["red"] },
    { rag: ["green", "amber"], plans: ["B"] },
    { kind: ["milestone"] },
  ];
  it.each(filters)("agrees with the states and timeliness folded task by task: %j", (filter) => {
    expect(ids(matchTasks(source, filter))).toEqual(referenceMatch(filter));
  });

  it("reads the columns only, never every task's state", () => {
    const cheap = { ...source, computation: columnsOnly(computation) };
    expect(ids(matchTasks(cheap, { timeliness: ["overdue"], rag: ["red"], section: "A.1", text: "医" }))).toEqual(
      ids(matchTasks(source, { timeliness: ["overdue"], rag: ["red"], section: "A.1", text: "医" })),
    );
    expect(() => queryTasks(cheap, { sort: "overdue", limit: 3 })).not.toThrow();
  });

  it("filters by department and its role on the task", () => {
    expect(ids(matchTasks(source, { department: "省医保局", role: "lead" }))).toEqual(["A.1.2", "A.2.1"]);
    expect(ids(matchTasks(source, { department: "省医保局", role: "cooperating" }))).toEqual(["A.1.1"]);
    expect(ids(matchTasks(source, { department: "省医保局" }))).toEqual(["A.1.1", "A.1.2", "A.2.1"]);
    // By unit id too.
    expect(ids(matchTasks(source, { department: "id-省卫健委", role: "lead" }))).toEqual(["A.1.1", "B.1"]);
  });

  it("finds a unit spelled otherwise by the canonical name its id links to", () => {
    const spelled = allTasks.map((t) =>
      t.responsibility
        ? {
            ...t,
            responsibility: {
              ...t.responsibility,
              assignments: t.responsibility.assignments.map((a) =>
                a.unit === "省卫健委" ? { ...a, unitId: "吉林省:省卫生健康委" } : a,
              ),
            },
          }
        : t,
    );
    const other = { ...source, tasks: spelled };
    expect(ids(matchTasks(other, { department: "省卫生健康委", role: "lead" }))).toEqual(["A.1.1", "B.1"]);
    expect(ids(matchTasks(other, { department: "省卫健委", role: "lead" }))).toEqual(["A.1.1", "B.1"]);
    expect(ids(matchTasks(other, { department: "卫生健康委", role: "lead" }))).toEqual([]);
  });

  it("takes a section with its descendants, a theme, and text in any case", () => {
    expect(ids(matchTasks(source, { section: "A.1" }))).toEqual(["A.1", "A.1.1", "A.1.2", "A.1.3"]);
    expect(ids(matchTasks(source, { theme: "医保" }))).toEqual(["A.2.1"]);
    expect(ids(matchTasks(source, { text: "drug procurement" }))).toEqual(["A.1.2"]);
    expect(ids(matchTasks(source, { text: "2." }))).toEqual(["A.1.2"]);
  });

  it("ignores empty fields, as an absent filter", () => {
    expect(ids(matchTasks(source, { department: "", theme: "", section: "", text: "" }))).toEqual(
      ids(matchTasks(source)),
    );
  });
});

describe("sorting", () => {
  it("puts the earliest due date in force first, tasks without one last", () => {
    const sorted = ids(selectTasks(source, { kind: ["task", "milestone"] }, "due"));
    const dues = sorted.map((id) => reference.find((r) => r.task.id === id)!.timeliness.due);
    const dated = dues.filter((d) => d !== undefined);
    expect(dated).toEqual([...dated].sort());
    expect(dues.slice(dated.length).every((d) => d === undefined)).toBe(true);
  });

  it("puts the most days overdue first, ties in ledger order", () => {
    const sorted = selectTasks(source, {}, "overdue");
    const days = ids(sorted).map((id) => reference.find((r) => r.task.id === id)!.timeliness.daysOverdue);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    const zero = Array.from(sorted).filter((i) => days[Array.from(sorted).indexOf(i)] === 0);
    expect(zero).toEqual([...zero].sort((a, b) => a - b));
    expect(days[0]).toBeGreaterThan(0);
  });

  it("puts the lowest percent first", () => {
    const percents = Array.from(selectTasks(source, {}, "progress"), (i) => computation.percent[i]!);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });
});

describe("rows and pages", () => {
  it("gives a row the task's place, units, state in force, timeliness, percent and version", () => {
    const i = allTasks.findIndex((t) => t.id === "A.1.2");
    const row = taskRow(source, i);
    const ref = reference[i]!;
    expect(TaskRow.parse(row)).toEqual(row);
    expect(row.task.leads).toEqual(leadsOf(ref.task.responsibility).map((a) => a.unit));
    expect(row.task.cooperators).toEqual(["省卫健委"]);
    expect(row.task).not.toHaveProperty("people");
    expect(row.state).toEqual({
      status: ref.state.status,
      percent: ref.state.percent,
      lastReportOn: ref.state.lastReportOn,
      completedOn: ref.state.completedOn,
      closedOn: ref.state.closedOn,
      due: ref.state.due,
    });
    expect(row.timeliness).toEqual(ref.timeliness);
    expect(row.percent).toBe(computation.percent[i]);
    expect(row.version).toBe(events.filter((e) => e.taskId === "A.1.2").length);
    const full = taskRow(source, i, { detail: "full" });
    expect(full.state).toEqual(ref.state);
    expect(full.task.people).toEqual(ref.task.people);
  });

  it("masks phone numbers for a reader who may not see them", () => {
    const i = allTasks.findIndex((t) => t.id === "A.1.1");
    expect(taskRow(source, i).task.text).toContain(PHONE);
    const masked = taskRow(source, i, { redaction: MASKED, detail: "full" });
    expect(JSON.stringify(masked)).not.toContain(PHONE);
    expect(masked.task.people?.[1]?.name).toBe("文**");
  });

  it("pages the answer with its total and the next offset", () => {
    const all = queryTasks(source, { limit: 500 });
    expect(all.total).toBe(allTasks.length);
    expect(all.nextOffset).toBeNull();
    const first = queryTasks(source, { limit: 3 });
    const second = queryTasks(source, { limit: 3, offset: 3 });
    expect(first.nextOffset).toBe(3);
    expect([...first.items, ...second.items].map((r) => r.task.id)).toEqual(
      all.items.slice(0, 6).map((r) => r.task.id),
    );
    expect(pageOfTasks(source, selectTasks(source), { offset: 0, limit: 2 }).items).toEqual(first.items.slice(0, 2));
  });

  it("defaults versions to 0 without a version map", () => {
    expect(queryTasks({ tasks: allTasks, computation }, { limit: 1 }).items[0]?.version).toBe(0);
  });
});
