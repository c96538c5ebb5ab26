/**
 * One read model: the API's answers equal a plain SDK call's on the same ledger and date. The SDK
 * side reads the same store with no API in between — the plans and events — computes with
 * `createSdk` (its "today" from the same clock the app was given) and asks `@reform/domain`'s
 * query, bulletin, privacy and indicator functions directly.
 */
import {
  buildBulletin,
  createSdk,
  indicatorAttainment,
  type Ledger,
  type LedgerComputation,
  type LedgerEvent,
  queryTasks,
  type ReaderRole,
  redactionFor,
  streamVersions,
  type Task,
  type TaskQuery,
} from "@reform/domain";
import type { Store } from "@reform/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo.ts";
import { call, DEMO_NOW, importSeeds, memoryStore, testApp, token } from "./support/harness.ts";

const ASOF = "2020-09-30";
/** JSON as it travels: undefined fields dropped. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe("the API and a plain SDK call give the same answers", () => {
  let store: Store;
  let app: ReturnType<typeof testApp>;
  const tokens: Partial<Record<ReaderRole, string>> = {};
  const plans: { id: string; ledger: Ledger; events: LedgerEvent[] }[] = [];
  let tasks: Task[];
  let events: LedgerEvent[];
  let computation: LedgerComputation;
  const sdk = createSdk({ now: () => DEMO_NOW });

  beforeAll(async () => {
    store = await memoryStore();
    await importSeeds(store);
    await seedDemo(store, { until: ASOF });
    app = testApp(store);
    for (const role of ["admin", "supervisor", "viewer"] as const) tokens[role] = await token(store, role);
    // The SDK side: the store's plans (in id order, as the API's view takes them) and their events.
    for (const s of [...(await store.listPlans())].sort((a, b) => a.plan.id.localeCompare(b.plan.id))) {
      const ledger = (await store.loadLedger(s.plan.id))!;
      const stored = await store.listEvents({ planId: s.plan.id, limit: 100_000 });
      plans.push({ id: s.plan.id, ledger, events: stored.map((e) => e.event) });
    }
    tasks = plans.flatMap((p) => p.ledger.tasks);
    events = plans.flatMap((p) => p.events);
    // No asOf: the SDK's today, from the same clock as the app's.
    computation = await sdk.compute({ tasks, events });
  }, 180_000);
  afterAll(async () => {
    await store?.close();
  });

  it("agree on today", async () => {
    expect(await sdk.today()).toBe(ASOF);
    expect(computation.asOf).toBe(ASOF);
    const { body } = await call(app, "GET", "/api/tasks?limit=1");
    expect(body.asOf).toBe(ASOF);
  });

  const queries: { url: string; query: TaskQuery }[] = [
    { url: "limit=20", query: { limit: 20 } },
    { url: "timeliness=overdue&sort=overdue&limit=50", query: { timeliness: ["overdue"], sort: "overdue", limit: 50 } },
    {
      url: "rag=red,amber&kind=task&offset=10&limit=15",
      query: { rag: ["red", "amber"], kind: ["task"], offset: 10, limit: 15 },
    },
    {
      url: "state=completed,closed&sort=due&detail=full",
      query: { state: ["completed", "closed"], sort: "due", detail: "full" },
    },
    { url: "text=医&sort=progress&limit=30", query: { text: "医", sort: "progress", limit: 30 } },
  ];
  for (const role of ["viewer", "supervisor"] as const) {
    for (const { url, query } of queries) {
      it(`on GET /api/tasks?${url} for a ${role}`, async () => {
        const { status, body } = await call(app, "GET", `/api/tasks?${url}`, { token: tokens[role]! });
        expect(status).toBe(200);
        const answer = queryTasks({ tasks, computation, versions: streamVersions(events) }, query, redactionFor(role));
        expect(answer.total).toBeGreaterThan(0);
        expect(body).toEqual(wire({ asOf: ASOF, ...answer }));
      });
    }
  }

  it("on a department's tasks within one plan", async () => {
    const plan = plans[0]!;
    const lead = plan.ledger.tasks.flatMap((t) => t.responsibility?.assignments ?? []).find((a) => a.role === "lead")!;
    const params = new URLSearchParams({ plan: plan.id, department: lead.unit, role: "lead", limit: "100" });
    const { body } = await call(app, "GET", `/api/tasks?${params}`);
    const one = await sdk.compute({ tasks: plan.ledger.tasks, events: plan.events });
    const answer = queryTasks(
      { tasks: plan.ledger.tasks, computation: one, versions: streamVersions(plan.events) },
      { department: lead.unit, role: "lead", limit: 100 },
      redactionFor("anonymous"),
    );
    expect(answer.total).toBeGreaterThan(0);
    expect(body).toEqual(wire({ asOf: ASOF, ...answer }));
  });

  for (const role of ["anonymous", "admin"] as const) {
    it(`on the bulletin for ${role === "anonymous" ? "an anonymous reader" : "an admin"}`, async () => {
      const { body } = await call(app, "GET", "/api/bulletin", role === "admin" ? { token: tokens.admin! } : {});
      const bulletin = buildBulletin({ tasks, computation, plans }, redactionFor(role));
      expect(bulletin.overdue.length).toBeGreaterThan(0);
      expect(body).toEqual(wire(bulletin));
    });
  }

  it("on indicator attainment", async () => {
    const { body } = await call(app, "GET", "/api/indicators");
    const expected = plans.flatMap((p) =>
      p.ledger.indicators.map((indicator) => ({
        planId: p.id,
        indicator,
        attainment: indicatorAttainment(p.ledger, p.events, indicator, {
          asOf: ASOF,
          redaction: redactionFor("anonymous"),
        }),
      })),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(body).toEqual(wire({ asOf: ASOF, items: expected }));
  });
});
