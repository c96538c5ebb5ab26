import { describe, expect, it } from "vitest";
import {
  type BulletinSource,
  buildBulletin,
  computeLedger,
  contactOf,
  DEMO_LABEL,
  isLeaf,
  type LedgerEvent,
  redactionFor,
} from "../src/index.ts";
import { AS_OF, allTasks, events, ledgerA, ledgerB, PHONE } from "./support/smallLedger.ts";

const computation = computeLedger({ tasks: allTasks, events, asOf: AS_OF });
const source: BulletinSource = {
  tasks: allTasks,
  computation,
  plans: [
    { id: "A", ledger: ledgerA, events: events.filter((e) => e.taskId?.startsWith("A") || e.type === "measurement") },
    { id: "B", ledger: ledgerB, events: events.filter((e) => e.taskId?.startsWith("B")) },
  ],
};

describe("buildBulletin", () => {
  const b = buildBulletin(source);

  it("lists the overdue leaf items, most days overdue first, with their figures", () => {
    const expected = allTasks
      .map((t, i) => ({ t, i, tl: computation.timelinessOf(i) }))
      .filter(({ t, tl }) => isLeaf(t) && tl.status === "overdue")
      .sort((a, b) => b.tl.daysOverdue - a.tl.daysOverdue);
    expect(expected.length).toBeGreaterThan(1);
    expect(b.overdue.map((x) => x.taskId)).toEqual(expected.map((x) => x.t.id));
    for (const [k, item] of b.overdue.entries()) {
      const { i, tl } = expected[k]!;
      expect(item.daysOverdue).toBe(tl.daysOverdue);
      expect(item.due).toBe(tl.due);
      expect(item.percent).toBe(computation.percent[i]);
      expect(item.status).toBe(computation.stateOf(i).status);
    }
    expect(b.overdue[0]?.planTitle).toBe("计划甲");
    expect(b.overdue.find((x) => x.taskId === "A.1.1")?.label).toBe("一 1.");
  });

  it("lists the stale leaf items in ledger order, and never a section", () => {
    const stale = allTasks.filter((_t, i) => computation.timelinessOf(i).status === "stale").map((t) => t.id);
    expect(b.stale.map((x) => x.taskId)).toEqual(stale.filter((id) => isLeaf(allTasks.find((t) => t.id === id)!)));
    expect([...b.overdue, ...b.stale].every((x) => isLeaf(allTasks.find((t) => t.id === x.taskId)!))).toBe(true);
  });

  it("names whom to call: the liaison before the handler, masked for readers who may not see them", () => {
    const item = b.overdue.find((x) => x.taskId === "A.1.1")!;
    expect(item.contact).toBe(`文日炫 ${PHONE}`);
    const masked = buildBulletin(source, redactionFor("anonymous"));
    expect(masked.overdue.find((x) => x.taskId === "A.1.1")?.contact).toBe("文** 186****0215");
    expect(JSON.stringify(masked)).not.toContain(PHONE);
    const handlerOnly = allTasks.find((t) => t.id === "A.1.2")!;
    expect(contactOf(handlerOnly)).toBe("李四 13700002222");
    expect(contactOf(allTasks.find((t) => t.id === "B.1")!)).toBeUndefined();
  });

  it("ranks units as the computation does, each with its region from the plans' registries", () => {
    expect(b.ranking.map((r) => r.scorecard.key)).toEqual(computation.ranking.map((r) => r.scorecard.key));
    const known = b.ranking.find((r) => r.scorecard.unit === "省卫健委")!;
    expect(known.region).toBe("吉林省");
    expect(b.ranking.find((r) => r.scorecard.unit === "省医保局")).not.toHaveProperty("region");
  });

  it("assesses indicators in the plan's region and every measured region", () => {
    expect(b.indicators.map((p) => p.planId)).toEqual(["A"]);
    const cells = b.indicators[0]!.rows[0]!.cells;
    expect(cells.map((c) => [c.region, c.status, c.value])).toEqual([
      ["吉林省", "met", 60],
      ["长春市", "not-met", 30],
    ]);
    expect(
      buildBulletin(source, redactionFor("viewer")).indicators[0]!.rows[0]!.cells[1]!.measurement?.reportedBy,
    ).toBe("钱*");
  });

  it("says when the ledger holds demo events, and lists a plan it does not hold by its id", () => {
    expect(b.demo).toBe(false);
    const demoEvent: LedgerEvent = {
      ...events[0]!,
      id: "demo",
      actor: { role: "reporter", unit: "省卫健委", name: DEMO_LABEL },
    };
    const demo = buildBulletin({ ...source, plans: [{ ...source.plans[1]!, events: [demoEvent] }, { id: "gone" }] });
    expect(demo.demo).toBe(true);
    expect(demo.plans).toEqual([
      { id: "B", title: "计划乙" },
      { id: "gone", title: "gone" },
    ]);
    expect(demo.title).toBe(`改革任务推进情况通报（截至${AS_OF}）`);
    expect(demo.summary).toBe(computation.summary);
  });
});
