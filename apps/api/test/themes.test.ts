/** `/api/themes`: each theme's summary in every plan, as the domain computes it for the theme's tasks. */
import { computeLedger, type Ledger, planSummary } from "@reform/domain";
import type { Store } from "@reform/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, importSeeds, memoryStore, seedFiles, testApp } from "./support/harness.ts";

let store: Store;
let app: ReturnType<typeof testApp>;
let ledgers: Ledger[];

beforeAll(async () => {
  store = await memoryStore();
  ledgers = [...(await importSeeds(store, seedFiles())).values()];
  app = testApp(store);
}, 120_000);
afterAll(() => store.close());

describe("GET /api/themes", () => {
  it("lists every plan and, per theme, each plan's summary of the theme's tasks", async () => {
    const res = await call(app, "GET", "/api/themes?asOf=2020-06-30");
    expect(res.status).toBe(200);
    expect(res.body.plans).toHaveLength(4);
    expect(res.body.plans.map((p: { region?: string }) => p.region).sort()).toEqual([
      "吉林省",
      "哈尔滨市",
      "山西省",
      "萍乡市",
    ]);
    const alliances = res.body.items.find((t: { id: string }) => t.id === "medical-alliances");
    expect(alliances.name).toBe("医联体与医共体");
    expect(alliances.plans).toHaveLength(4);

    // The same figures the domain gives for that theme's tasks of one plan.
    const plan = res.body.plans[0].id;
    const tasks = (await call(app, "GET", `/api/tasks?plan=${plan}&theme=medical-alliances&detail=full&limit=500`)).body
      .items;
    const entry = alliances.plans.find((p: { planId: string }) => p.planId === plan);
    expect(entry.nodes).toBe(tasks.length);
    const all = ledgers.find((l) => l.plan.id === plan)!.tasks;
    const ledger = computeLedger({ tasks: all, events: [], asOf: "2020-06-30" });
    const ids = new Set(tasks.map((r: { task: { id: string } }) => r.task.id));
    const mine = all.filter((t) => ids.has(t.id));
    const idx = (id: string) => ledger.index.get(id)!;
    const expected = planSummary(
      mine,
      new Map(mine.map((t) => [t.id, ledger.states[idx(t.id)]!])),
      new Map(mine.map((t) => [t.id, ledger.timeliness[idx(t.id)]!])),
      "2020-06-30",
    );
    expect(entry.summary).toEqual(expected);
  });

  it("moves with the as-of date and narrows to the plans asked for", async () => {
    const a = await call(app, "GET", "/api/themes?asOf=2017-01-01");
    const b = await call(app, "GET", "/api/themes?asOf=2021-01-01");
    const overdue = (body: { items: { plans: { summary: { byTimeliness: { overdue: number } } }[] }[] }) =>
      body.items.flatMap((t) => t.plans.map((p) => p.summary.byTimeliness.overdue)).reduce((x, y) => x + y, 0);
    expect(overdue(b.body)).toBeGreaterThan(overdue(a.body));
    const one = a.body.plans[1].id;
    const only = await call(app, "GET", `/api/themes?plan=${one}`);
    expect(only.body.plans.map((p: { id: string }) => p.id)).toEqual([one]);
    expect((await call(app, "GET", "/api/themes?asOf=2020-13-40")).status).toBe(400);
  });
});
