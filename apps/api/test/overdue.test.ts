/** `/api/overdue` (督办 board) and `/api/timeline/{planId}`. */
import { waitingFor } from "@reform/domain";
import type { Store } from "@reform/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, importSeeds, memoryStore, seedFiles, testApp } from "./support/harness.ts";

let store: Store;
let app: ReturnType<typeof testApp>;

beforeAll(async () => {
  store = await memoryStore();
  await importSeeds(store, seedFiles());
  app = testApp(store);
}, 120_000);
afterAll(() => store.close());

interface Item {
  task: { id: string; leads: string[] };
  state: { status: string; lastReportOn?: string };
  timeliness: { status: string; daysOverdue: number };
  waitingFor?: string;
}

describe("GET /api/overdue", () => {
  it("holds every overdue and due-soon item of the task list, grouped under each lead, most overdue first", async () => {
    const res = await call(app, "GET", "/api/overdue?asOf=2020-06-30");
    expect(res.status).toBe(200);
    const list = await call(app, "GET", "/api/tasks?asOf=2020-06-30&kind=task,milestone&timeliness=overdue&limit=1");
    const soon = await call(app, "GET", "/api/tasks?asOf=2020-06-30&kind=task,milestone&timeliness=due-soon&limit=1");
    expect(res.body.overdue).toBe(list.body.total);
    expect(res.body.dueSoon).toBe(soon.body.total);
    expect(res.body.overdue).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const g of res.body.groups) {
      expect(g.overdue + g.dueSoon).toBe(g.items.length);
      const days = g.items.map((i: Item) => i.timeliness.daysOverdue);
      expect(days).toEqual([...days].sort((a: number, b: number) => b - a));
      for (const i of g.items as Item[]) {
        ids.add(i.task.id);
        expect(i.task.leads.length === 0 ? "—" : i.task.leads).toContain(g.unit);
        expect(i.waitingFor).toBe(waitingFor(i.state as never, i.timeliness as never));
      }
    }
    expect(ids.size).toBe(res.body.overdue + res.body.dueSoon);
    const counts = res.body.groups.map((g: { overdue: number }) => g.overdue);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it("changes with the as-of date and narrows to a plan", async () => {
    const early = await call(app, "GET", "/api/overdue?asOf=2017-01-01");
    const late = await call(app, "GET", "/api/overdue?asOf=2021-06-30");
    expect(late.body.overdue).toBeGreaterThan(early.body.overdue);
    const plans = await call(app, "GET", "/api/plans");
    const one = plans.body.items[0].plan.id;
    const only = await call(app, "GET", `/api/overdue?asOf=2021-06-30&plan=${one}`);
    const total = await call(
      app,
      "GET",
      `/api/tasks?plan=${one}&asOf=2021-06-30&kind=task,milestone&timeliness=overdue&limit=1`,
    );
    expect(only.body.overdue).toBe(total.body.total);
  });
});

describe("GET /api/timeline/{planId}", () => {
  it("lists every work item of the plan under its top-level section with its dates and figures", async () => {
    const plans = await call(app, "GET", "/api/plans");
    const plan = plans.body.items.find(
      (p: { plan: { region?: { name: string } } }) => p.plan.region?.name === "吉林省",
    );
    const res = await call(app, "GET", `/api/timeline/${plan.plan.id}?asOf=2020-06-30`);
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe("2020-06-30");
    expect(res.body.today).toBe("2020-09-30");
    const items = res.body.sections.flatMap((s: { items: unknown[] }) => s.items);
    expect(items).toHaveLength(plan.summary.items);
    const tasks = await call(
      app,
      "GET",
      `/api/tasks?plan=${plan.plan.id}&asOf=2020-06-30&kind=task,milestone&limit=500`,
    );
    for (const row of tasks.body.items) {
      const item = items.find((i: { id: string }) => i.id === row.task.id);
      expect(item.due).toBe(row.state.due);
      expect(item.timeliness).toBe(row.timeliness.status);
      expect(item.status).toBe(row.state.status);
      expect(
        item.id.startsWith(res.body.sections.find((s: { items: { id: string }[] }) => s.items.includes(item)).id),
      ).toBe(true);
    }
    expect((await call(app, "GET", "/api/timeline/nope")).status).toBe(404);
  });
});
