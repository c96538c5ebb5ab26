/** `/api/me` and `/api/tasks/{id}/actions`: who the caller is and what the domain lets them do. */
import type { Store } from "@reform/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, importSeeds, memoryStore, testApp, token } from "./support/harness.ts";

let store: Store;
let app: ReturnType<typeof testApp>;
let taskId: string;
let lead: string;
let other: string;

beforeAll(async () => {
  store = await memoryStore();
  await importSeeds(store, ["000_c83e502a6d759c52.txt"]);
  app = testApp(store);
  const list = await call(app, "GET", "/api/tasks?kind=task&limit=500");
  const withLead = list.body.items.find((i: { task: { leads: string[] } }) => i.task.leads.length === 1);
  taskId = withLead.task.id;
  lead = withLead.task.leads[0];
  other = list.body.items
    .map((i: { task: { leads: string[] } }) => i.task.leads[0])
    .find((u: string) => u && u !== lead);
}, 120_000);
afterAll(() => store.close());

const allowed = (body: { items: { action: string; allowed: boolean }[] }) =>
  body.items.filter((i) => i.allowed).map((i) => i.action);

describe("GET /api/me", () => {
  it("names an anonymous caller who sees no personal data", async () => {
    const res = await call(app, "GET", "/api/me");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ role: "anonymous", units: [], seesPersonalData: false, permissions: [] });
  });

  it("names a reporter with its units and a viewer without personal data", async () => {
    const reporter = await call(app, "GET", "/api/me", { token: await token(store, "reporter", [lead]) });
    expect(reporter.body).toMatchObject({ role: "reporter", units: [lead], seesPersonalData: true });
    const viewer = await call(app, "GET", "/api/me", { token: await token(store, "viewer") });
    expect(viewer.body).toMatchObject({ role: "viewer", seesPersonalData: false, permissions: [] });
    expect(reporter.body.permissions).toEqual(expect.arrayContaining(["report", "complete", "see-contacts"]));
    expect(reporter.body.permissions).not.toContain("import");
    const supervisor = await call(app, "GET", "/api/me", { token: await token(store, "supervisor") });
    expect(supervisor.body.permissions).toEqual(expect.arrayContaining(["close", "import", "extend"]));
    expect(supervisor.body.permissions).not.toContain("manage-tokens");
  });

  it("tells an admin it may manage tokens and which token it uses (the web viewer offers its token view by this, and no revoking of that token)", async () => {
    const plain = await token(store, "admin");
    const admin = await call(app, "GET", "/api/me", { token: plain });
    expect(admin.body).toMatchObject({ role: "admin" });
    expect(admin.body.permissions).toEqual(expect.arrayContaining(["manage-tokens", "import"]));
    const own = (await store.listTokens()).filter((t) => plain.startsWith(`rl_${t.id}_`));
    expect(own).toHaveLength(1);
    expect(admin.body.tokenId).toBe(own[0]?.id);
    expect((await call(app, "GET", "/api/me")).body.tokenId).toBeUndefined();
  });

  it("refuses an unknown token", async () => {
    expect((await call(app, "GET", "/api/me", { token: "rl_nope" })).status).toBe(401);
  });
});

describe("GET /api/tasks/{id}/actions", () => {
  it("lets a lead reporter report and complete, not close; a supervisor extend, not close an open task", async () => {
    const reporter = await call(app, "GET", `/api/tasks/${taskId}/actions`, {
      token: await token(store, "reporter", [lead]),
    });
    expect(reporter.status).toBe(200);
    expect(allowed(reporter.body)).toEqual(["report", "complete"]);
    expect(reporter.body.items.find((i: { action: string }) => i.action === "report").units).toEqual([lead]);
    const close = reporter.body.items.find((i: { action: string }) => i.action === "close");
    expect(close.code).toBe("not-supervisor");
    expect(close.reason).toMatch(/supervisor/);
    expect(close).toMatchObject({ rule: "supervisor-only", params: { action: "close" } });

    const supervisor = await call(app, "GET", `/api/tasks/${taskId}/actions`, {
      token: await token(store, "supervisor"),
    });
    expect(allowed(supervisor.body)).toEqual(["extend"]);
    expect(supervisor.body.items.find((i: { action: string }) => i.action === "close").code).toBe("invalid-transition");
  });

  it("gives a refusal's rule and values beside its message, for a front end to word in its language", async () => {
    const supervisor = await token(store, "supervisor");
    const actions = await call(app, "GET", `/api/tasks/${taskId}/actions`, { token: supervisor });
    const refused = await call(app, "POST", `/api/tasks/${taskId}/extend`, {
      token: supervisor,
      body: { expectedVersion: actions.body.version, due: "2001-01-31", reason: "r" },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toMatchObject({
      reason: "bad-date",
      rule: "due-not-later",
      params: { due: "2001-01-31", current: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
    expect(refused.body.error.message).toContain(refused.body.error.details.params.current);
  });

  it("follows the task's state: after completion the supervisor may close, reject and reopen", async () => {
    const reporterToken = await token(store, "reporter", [lead]);
    const before = await call(app, "GET", `/api/tasks/${taskId}/actions`, { token: reporterToken });
    const done = await call(app, "POST", `/api/tasks/${taskId}/complete`, {
      token: reporterToken,
      body: { expectedVersion: before.body.version, narrative: "done" },
    });
    expect(done.status).toBe(201);
    const supervisor = await call(app, "GET", `/api/tasks/${taskId}/actions`, {
      token: await token(store, "supervisor"),
    });
    expect(supervisor.body.version).toBe(before.body.version + 1);
    expect(allowed(supervisor.body)).toEqual(["close", "reject", "reopen", "extend"]);
  });

  it("offers nothing to a viewer, an anonymous caller or a reporter of another unit", async () => {
    for (const t of [await token(store, "viewer"), undefined, await token(store, "reporter", [other])]) {
      const res = await call(app, "GET", `/api/tasks/${taskId}/actions`, t ? { token: t } : {});
      expect(res.status).toBe(200);
      expect(allowed(res.body)).toEqual([]);
      expect(res.body.items.every((i: { reason?: string }) => typeof i.reason === "string")).toBe(true);
    }
  });

  it("answers 404 for an unknown task and lists both routes in the OpenAPI document", async () => {
    expect((await call(app, "GET", "/api/tasks/nope/actions")).status).toBe(404);
    const doc = await call(app, "GET", "/openapi.json");
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(["/api/me", "/api/tasks/{taskId}/actions"]));
  });
});
