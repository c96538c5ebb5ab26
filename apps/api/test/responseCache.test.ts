/**
 * The GET response cache: repeated requests are answered from memory, but never across a change of
 * the ledger, of the day, or of the caller's role (masking).
 */
import { isLeaf, type Ledger, leadsOf } from "@reform/domain";
import type { Store } from "@reform/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, DEMO_NOW, importSeeds, memoryStore, testApp, token } from "./support/harness.ts";

const SEED = "000_c83e502a6d759c52.txt";
let store: Store;
let ledger: Ledger;
let supervisor: string;
let viewer: string;

beforeAll(async () => {
  store = await memoryStore();
  ledger = [...(await importSeeds(store, [SEED])).values()][0]!;
  supervisor = await token(store, "supervisor");
  viewer = await token(store, "viewer");
}, 120_000);
afterAll(async () => {
  await store?.close();
});

describe("GET response cache", () => {
  it("answers a repeated request with the same bytes, and a changed ledger with fresh ones", async () => {
    const app = testApp(store);
    const task = ledger.tasks.find((t) => isLeaf(t) && t.deadline?.kind === "due" && leadsOf(t.responsibility)[0])!;
    const lead = await token(store, "reporter", [leadsOf(task.responsibility)[0]!.unit]);
    const url = `/api/tasks?plan=${ledger.plan.id}&kind=task&limit=500&asOf=2020-09-30`;
    const stateOf = (body: { items: { task: { id: string }; state: { status: string; percent: number } }[] }) =>
      body.items.find((i) => i.task.id === task.id)?.state;

    const first = await call(app, "GET", url, { token: supervisor });
    const again = await call(app, "GET", url, { token: supervisor });
    expect(again.body).toEqual(first.body);
    expect(stateOf(first.body)).toMatchObject({ status: "not-started", percent: 0 });

    const report = await call(app, "POST", `/api/tasks/${encodeURIComponent(task.id)}/reports`, {
      token: lead,
      body: { expectedVersion: 0, percent: 30, narrative: "进展" },
    });
    expect(report.status).toBe(201);
    // Another request catches the ledger up first; the list's entry is then one revision behind.
    const summary = await call(app, "GET", `/api/plans/${ledger.plan.id}/summary?asOf=2020-09-30`);
    expect(summary.body.byStatus["in-progress"]).toBeGreaterThanOrEqual(1);
    const after = await call(app, "GET", url, { token: supervisor });
    expect(stateOf(after.body)).toMatchObject({ status: "in-progress", percent: 30 });
  });

  it("never answers one role with another role's response", async () => {
    const app = testApp(store);
    const task = ledger.tasks.find((t) => t.people.some((p) => p.contact.phone))!;
    const phone = task.people.find((p) => p.contact.phone)!.contact.phone!;
    const url = `/api/tasks?plan=${ledger.plan.id}&limit=500&asOf=2020-09-30&detail=full`;
    const seen = async (tok?: string) =>
      JSON.stringify((await call(app, "GET", url, tok ? { token: tok } : {})).body).includes(phone);

    expect(await seen(supervisor)).toBe(true);
    expect(await seen(viewer)).toBe(false);
    expect(await seen()).toBe(false);
    expect(await seen(supervisor)).toBe(true);
  });

  it("moves to the next day when the clock does (requests without asOf)", async () => {
    let now = DEMO_NOW.getTime();
    const app = testApp(store, { clock: () => new Date(now) });
    const url = `/api/plans/${ledger.plan.id}/summary`;
    expect((await call(app, "GET", url)).body.asOf).toBe("2020-09-30");
    expect((await call(app, "GET", url)).body.asOf).toBe("2020-09-30");
    now += 24 * 60 * 60 * 1000;
    expect((await call(app, "GET", url)).body.asOf).toBe("2020-10-01");
  });

  it("answers from memory with the CORS headers of each request", async () => {
    const app = testApp(store, { config: { corsOrigins: ["https://ledger.example.org"] } });
    const url = `/api/plans/${ledger.plan.id}/summary?asOf=2020-09-30`;
    for (let i = 0; i < 2; i++) {
      const allowed = await app.request(url, { headers: { origin: "https://ledger.example.org" } });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get("access-control-allow-origin")).toBe("https://ledger.example.org");
      expect(allowed.headers.get("x-content-type-options")).toBe("nosniff");
      const other = await app.request(url, { headers: { origin: "https://evil.example.com" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  it("keeps errors out of the cache", async () => {
    const app = testApp(store);
    const bad = await call(app, "GET", "/api/tasks?limit=0");
    expect(bad.status).toBe(400);
    expect((await call(app, "GET", "/api/tasks?limit=0")).status).toBe(400);
    expect((await call(app, "GET", "/api/plans/no-such-plan/summary")).status).toBe(404);
    expect((await call(app, "GET", "/api/plans/no-such-plan/summary")).status).toBe(404);
  });
});
