/**
 * The API suite, run unchanged on PGlite and on the PostgreSQL server: the four seed plans imported
 * by the real importer, requests through `app.request()`, every role rule and error status.
 */
import { isLeaf, type Ledger, leadsOf, cooperatorsOf, type Task } from "@reform/domain";
import type { Store } from "@reform/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, importSeeds, testApp, token } from "./harness.ts";

const JILIN = "000_c83e502a6d759c52.txt";
const SHANXI = "001_1bcf024aac55a25f.txt";

/** A leaf task with a due date, a lead and a cooperating unit (the n-th such). */
function dueTaskWithCooperator(ledger: Ledger, n = 0): { task: Task; lead: string; cooperator: string } {
  const found = ledger.tasks.filter(
    (t) =>
      isLeaf(t) &&
      t.deadline?.kind === "due" &&
      leadsOf(t.responsibility).length === 1 &&
      cooperatorsOf(t.responsibility).length > 0,
  )[n];
  if (!found) throw new Error("no such task in the seed");
  return {
    task: found,
    lead: leadsOf(found.responsibility)[0]!.unit,
    cooperator: cooperatorsOf(found.responsibility)[0]!.unit,
  };
}

export function defineApiSuite(name: string, open: () => Promise<Store>): void {
  describe(name, () => {
    let store: Store;
    let app: ReturnType<typeof testApp>;
    let ledgers: Map<string, Ledger>;
    const tokens: Record<string, string> = {};
    let jilin: Ledger;

    beforeAll(async () => {
      store = await open();
      ledgers = await importSeeds(store);
      jilin = ledgers.get(JILIN)!;
      app = testApp(store);
      tokens.admin = await token(store, "admin");
      tokens.supervisor = await token(store, "supervisor");
      tokens.viewer = await token(store, "viewer");
    }, 120_000);
    afterAll(async () => {
      await store?.close();
    });

    /** A reporter token for a unit. */
    const reporter = async (...units: string[]) => token(store, "reporter", units);
    const version = async (taskId: string) =>
      (await call(app, "GET", `/api/tasks/${encodeURIComponent(taskId)}`, { token: tokens.admin })).body.version;
    const post = (taskId: string, action: string, tok: string | undefined, body: Record<string, unknown>) =>
      call(app, "POST", `/api/tasks/${encodeURIComponent(taskId)}/${action}`, {
        ...(tok ? { token: tok } : {}),
        body,
      });

    describe("reading", () => {
      it("lists the four seed plans with summaries as of a date", async () => {
        const { status, body } = await call(app, "GET", "/api/plans?asOf=2020-09-30");
        expect(status).toBe(200);
        expect(body.asOf).toBe("2020-09-30");
        expect(body.items).toHaveLength(4);
        const titles = body.items.map((p: { plan: { title: string } }) => p.plan.title);
        expect(titles).toContain(jilin.plan.title);
        const j = body.items.find((p: { plan: { id: string } }) => p.plan.id === jilin.plan.id);
        expect(j.version).toBe(1);
        expect(j.summary.items).toBe(jilin.tasks.filter(isLeaf).length);
      });

      it("serves a plan's summary and 404 for an unknown plan", async () => {
        const ok = await call(app, "GET", `/api/plans/${jilin.plan.id}/summary?asOf=2020-09-30`);
        expect(ok.status).toBe(200);
        expect(ok.body.asOf).toBe("2020-09-30");
        expect(ok.body.items).toBe(jilin.tasks.filter(isLeaf).length);
        const missing = await call(app, "GET", "/api/plans/no-such-plan");
        expect(missing.status).toBe(404);
        expect(missing.body.error.code).toBe("not-found");
      });

      it("filters tasks by plan, department and role, kind and text, with totals and pages", async () => {
        const shanxi = ledgers.get(SHANXI)!;
        const led = shanxi.tasks.filter((t) => leadsOf(t.responsibility).some((a) => a.unit === "省医保局"));
        expect(led.length).toBeGreaterThan(2);
        const url = `/api/tasks?plan=${shanxi.plan.id}&department=${encodeURIComponent("省医保局")}&role=lead&limit=2`;
        const first = await call(app, "GET", url);
        expect(first.status).toBe(200);
        expect(first.body.total).toBe(led.length);
        expect(first.body.items).toHaveLength(2);
        expect(first.body.nextOffset).toBe(2);
        const last = await call(app, "GET", `${url}&offset=${led.length - 1}`);
        expect(last.body.items).toHaveLength(1);
        expect(last.body.nextOffset).toBeNull();
        const texts = await call(app, "GET", `/api/tasks?text=${encodeURIComponent("带量采购")}&kind=task`);
        expect(texts.body.total).toBeGreaterThan(0);
        for (const item of texts.body.items) expect(item.task.text).toContain("带量采购");
      });

      it("lists rows (place, text, deadline, unit names) by default and whole tasks with detail=full", async () => {
        const { task, lead, cooperator } = dueTaskWithCooperator(jilin);
        const url = `/api/tasks?plan=${jilin.plan.id}&kind=task&limit=500`;
        const find = (body: { items: { task: { id: string } }[] }) => body.items.find((i) => i.task.id === task.id);
        const row = find((await call(app, "GET", url, { token: tokens.supervisor })).body) as {
          task: object;
          state: object;
        };
        expect(row.state).toMatchObject({
          status: "not-started",
          percent: 0,
          due: (task.deadline as { due: string }).due,
        });
        expect(Object.keys(row.state)).not.toEqual(expect.arrayContaining(["extensions"]));
        expect(row.task).toMatchObject({
          id: task.id,
          path: task.path,
          text: task.text,
          deadline: task.deadline,
          leads: leadsOf(task.responsibility).map((a) => a.unit),
          cooperators: cooperatorsOf(task.responsibility).map((a) => a.unit),
        });
        expect((row.task as { leads: string[] }).leads).toContain(lead);
        expect((row.task as { cooperators: string[] }).cooperators).toContain(cooperator);
        expect(Object.keys(row.task)).not.toEqual(expect.arrayContaining(["people"]));
        expect(Object.keys(row.task)).not.toEqual(expect.arrayContaining(["responsibility"]));
        const full = find((await call(app, "GET", `${url}&detail=full`, { token: tokens.supervisor })).body);
        expect(full).toMatchObject({ task: { ...task, leads: expect.any(Array), cooperators: expect.any(Array) } });
        expect(full).toMatchObject({ state: { status: "not-started", extensions: [], rejections: 0 } });
        expect((await call(app, "GET", `${url}&detail=everything`)).status).toBe(400);
      });

      it("computes timeliness as of the requested date", async () => {
        const { task } = dueTaskWithCooperator(jilin);
        const before = await call(app, "GET", `/api/tasks/${encodeURIComponent(task.id)}?asOf=2019-06-30`);
        const after = await call(app, "GET", `/api/tasks/${encodeURIComponent(task.id)}?asOf=2026-01-01`);
        expect(before.body.timeliness.status).toBe("not-yet-due");
        expect(after.body.timeliness.status).toBe("overdue");
        const overdue = await call(app, "GET", `/api/tasks?plan=${jilin.plan.id}&timeliness=overdue&asOf=2026-01-01`);
        expect(
          overdue.body.items.every((i: { timeliness: { status: string } }) => i.timeliness.status === "overdue"),
        ).toBe(true);
      });

      it("filters by section: the section and its descendants", async () => {
        const section = jilin.tasks.find((t) => t.kind === "section")!;
        const inside = jilin.tasks.filter((t) => t.path[0] === section.path[0]);
        const { body } = await call(app, "GET", `/api/tasks?section=${encodeURIComponent(section.id)}&limit=500`);
        expect(body.total).toBe(inside.length);
      });

      it("rejects bad queries with 400 and the zod issue paths", async () => {
        const { status, body } = await call(app, "GET", "/api/tasks?limit=0&state=done&asOf=2020-02-30");
        expect(status).toBe(400);
        expect(body.error.code).toBe("validation");
        const paths = body.error.details.issues.map((i: { path: string[] }) => i.path.join("."));
        expect(paths).toEqual(expect.arrayContaining(["query.limit", "query.state", "query.asOf"]));
      });

      it("answers unknown paths with a JSON 404", async () => {
        const { status, body } = await call(app, "GET", "/api/nothing-here");
        expect(status).toBe(404);
        expect(body.error.code).toBe("not-found");
      });
    });

    describe("masking personal data", () => {
      const withPhone = () => jilin.tasks.find((t) => t.people.some((p) => p.contact.phone && p.name.length >= 2))!;

      it("shows names and phones to supervisors, masks them for viewers and anonymous readers", async () => {
        const task = withPhone();
        const person = task.people.find((p) => p.contact.phone)!;
        const url = `/api/tasks/${encodeURIComponent(task.id)}`;
        const full = await call(app, "GET", url, { token: tokens.supervisor });
        expect(full.body.task.people).toContainEqual(person);
        for (const tok of [tokens.viewer, undefined]) {
          const masked = await call(app, "GET", url, tok ? { token: tok } : {});
          expect(masked.status).toBe(200);
          const text = JSON.stringify(masked.body);
          expect(text).not.toContain(person.contact.phone!);
          expect(text).not.toContain(person.name);
          expect(masked.body.task.people).toHaveLength(task.people.length);
          expect(masked.body.task.people[0].name).toMatch(/^.\*+$/);
        }
      });

      it("masks people in task lists too", async () => {
        const task = withPhone();
        const person = task.people.find((p) => p.contact.phone)!;
        const url = `/api/tasks?plan=${jilin.plan.id}&limit=500&detail=full`;
        const { body } = await call(app, "GET", url);
        expect(body.items.find((i: { task: { id: string } }) => i.task.id === task.id).task.people).toHaveLength(
          task.people.length,
        );
        expect(JSON.stringify(body)).not.toContain(person.contact.phone!);
        expect(JSON.stringify((await call(app, "GET", url, { token: tokens.supervisor })).body)).toContain(
          person.contact.phone!,
        );
      });
    });

    describe("writing: roles, rules and conflicts", () => {
      it("refuses anonymous writes (401), viewers (403) and unknown tokens (401)", async () => {
        const { task } = dueTaskWithCooperator(jilin, 0);
        const body = { expectedVersion: 0, percent: 10 };
        expect((await post(task.id, "reports", undefined, body)).status).toBe(401);
        const viewer = await post(task.id, "reports", tokens.viewer, body);
        expect(viewer.status).toBe(403);
        expect(viewer.body.error.code).toBe("forbidden");
        const unknown = await post(
          task.id,
          "reports",
          "rl_0123456789abcdef_notarealtokennotarealtokennotarealtokenxxxx",
          body,
        );
        expect(unknown.status).toBe(401);
        const malformed = await call(app, "GET", "/api/plans", { headers: { authorization: "Basic abc" } });
        expect(malformed.status).toBe(401);
      });

      it("lets a cooperating unit report but not complete; the lead completes; only supervisors close", async () => {
        const { task, lead, cooperator } = dueTaskWithCooperator(jilin, 1);
        const coop = await reporter(cooperator);
        const leader = await reporter(lead);
        const outsider = await reporter("某某无关单位");

        const reported = await post(task.id, "reports", coop, { expectedVersion: 0, percent: 40, narrative: "进展" });
        expect(reported.status).toBe(201);
        expect(reported.body.version).toBe(1);
        expect(reported.body.state.status).toBe("in-progress");
        expect(reported.body.event.event.actor).toMatchObject({ role: "reporter", unit: cooperator });

        const notLead = await post(task.id, "complete", coop, { expectedVersion: 1 });
        expect(notLead.status).toBe(403);
        expect(notLead.body.error.details.reason).toBe("not-lead");

        const stranger = await post(task.id, "reports", outsider, { expectedVersion: 1, percent: 50 });
        expect(stranger.status).toBe(403);
        expect(stranger.body.error.details.reason).toBe("not-responsible");

        const foreignUnit = await post(task.id, "reports", coop, { expectedVersion: 1, percent: 50, unit: lead });
        expect(foreignUnit.status).toBe(403);

        const done = await post(task.id, "complete", leader, { expectedVersion: 1, narrative: "完成" });
        expect(done.status).toBe(201);
        expect(done.body.state.status).toBe("completed");

        const reporterCloses = await post(task.id, "close", leader, { expectedVersion: 2 });
        expect(reporterCloses.status).toBe(403);
        expect(reporterCloses.body.error.details.reason).toBe("not-supervisor");

        const closed = await post(task.id, "close", tokens.supervisor, { expectedVersion: 2, reason: "核查通过" });
        expect(closed.status).toBe(201);
        expect(closed.body.state.status).toBe("closed");

        const reportOnClosed = await post(task.id, "reports", leader, { expectedVersion: 3, percent: 100 });
        expect(reportOnClosed.status).toBe(409);
        expect(reportOnClosed.body.error.details.reason).toBe("invalid-transition");

        const reopened = await post(task.id, "reopen", tokens.admin, { expectedVersion: 3, reason: "复核发现问题" });
        expect(reopened.status).toBe(201);
        expect(reopened.body.state.status).toBe("in-progress");

        const view = await call(app, "GET", `/api/tasks/${encodeURIComponent(task.id)}`, { token: tokens.admin });
        expect(view.body.version).toBe(4);
        expect(view.body.events.map((e: { event: { type: string } }) => e.event.type)).toEqual([
          "report",
          "complete",
          "close",
          "reopen",
        ]);
      });

      it("rejects a completion with a reason; refuses to reject what is not completed (409)", async () => {
        const { task, lead } = dueTaskWithCooperator(jilin, 2);
        const leader = await reporter(lead);
        const early = await post(task.id, "reject", tokens.supervisor, { expectedVersion: 0, reason: "不符合" });
        expect(early.status).toBe(409);
        expect(early.body.error.details.reason).toBe("invalid-transition");
        expect((await post(task.id, "complete", leader, { expectedVersion: 0 })).status).toBe(201);
        const noReason = await post(task.id, "reject", tokens.supervisor, { expectedVersion: 1 });
        expect(noReason.status).toBe(400);
        const rejected = await post(task.id, "reject", tokens.supervisor, { expectedVersion: 1, reason: "材料不全" });
        expect(rejected.status).toBe(201);
        expect(rejected.body.state.status).toBe("in-progress");
        expect(rejected.body.state.rejections).toBe(1);
      });

      it("extends a deadline for supervisors only, keeping the original; refuses an earlier date (422)", async () => {
        const { task, lead } = dueTaskWithCooperator(jilin, 3);
        const due = (task.deadline as { due: string }).due;
        const leader = await reporter(lead);
        const byReporter = await post(task.id, "extend", leader, {
          expectedVersion: 0,
          due: "2027-06-30",
          reason: "x",
        });
        expect(byReporter.status).toBe(403);
        const earlier = await post(task.id, "extend", tokens.supervisor, {
          expectedVersion: 0,
          due: "2019-01-31",
          reason: "提前",
        });
        expect(earlier.status).toBe(422);
        const ok = await post(task.id, "extend", tokens.supervisor, {
          expectedVersion: 0,
          due: "2027-06-30",
          reason: "客观原因",
        });
        expect(ok.status).toBe(201);
        expect(ok.body.state.due).toBe("2027-06-30");
        expect(ok.body.state.originalDue).toBe(due);
      });

      it("refuses a stale write with 409 and the current version", async () => {
        const { task, lead } = dueTaskWithCooperator(jilin, 4);
        const leader = await reporter(lead);
        expect((await post(task.id, "reports", leader, { expectedVersion: 0, percent: 20 })).status).toBe(201);
        const stale = await post(task.id, "reports", leader, { expectedVersion: 0, percent: 30 });
        expect(stale.status).toBe(409);
        expect(stale.body.error.code).toBe("conflict");
        expect(stale.body.error.details.currentVersion).toBe(1);
        expect(await version(task.id)).toBe(1);
      });

      it("returns 404 for an unknown task and 400 for a bad body", async () => {
        const missing = await post("no-such-task", "reports", tokens.admin, { expectedVersion: 0, percent: 5 });
        expect(missing.status).toBe(404);
        const { task } = dueTaskWithCooperator(jilin, 0);
        const bad = await post(task.id, "reports", tokens.admin, { expectedVersion: -1, percent: 150 });
        expect(bad.status).toBe(400);
        const paths = bad.body.error.details.issues.map((i: { path: string[] }) => i.path.join("."));
        expect(paths).toEqual(expect.arrayContaining(["json.expectedVersion", "json.percent"]));
      });

      it("refuses non-JSON bodies with 415", async () => {
        const { task } = dueTaskWithCooperator(jilin, 0);
        const res = await call(app, "POST", `/api/tasks/${encodeURIComponent(task.id)}/reports`, {
          token: tokens.admin,
          body: "percent=5",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        });
        expect(res.status).toBe(415);
        expect(res.body.error.code).toBe("unsupported-media-type");
      });

      it("shows a write at once in lists and summaries", async () => {
        const { task, lead } = dueTaskWithCooperator(jilin, 5);
        const url = `/api/tasks?plan=${jilin.plan.id}&state=completed&asOf=2020-09-30&limit=500`;
        const before = (await call(app, "GET", url)).body.total;
        const leader = await reporter(lead);
        expect((await post(task.id, "complete", leader, { expectedVersion: 0 })).status).toBe(201);
        const after = await call(app, "GET", url);
        expect(after.body.total).toBe(before + 1);
        expect(after.body.items.map((i: { task: { id: string } }) => i.task.id)).toContain(task.id);
      });
    });

    describe("anonymous reading switched off", () => {
      it("needs a token for resources but not for health and docs", async () => {
        const closed = testApp(store, { config: { anonymousRead: false } });
        const plans = await call(closed, "GET", "/api/plans");
        expect(plans.status).toBe(401);
        expect((await call(closed, "GET", "/api/plans", { token: tokens.viewer })).status).toBe(200);
        expect((await call(closed, "GET", "/health")).status).toBe(200);
        expect((await call(closed, "GET", "/openapi.json")).status).toBe(200);
      });
    });
  });
}
