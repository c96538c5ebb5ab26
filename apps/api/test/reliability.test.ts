/**
 * Issue 12's defects, each with the behaviour that fixes it: idempotent retries by event id,
 * department scope within a region, no events from the future, UTF-8 JSON bodies, escaped Markdown,
 * safe upload file names, no NUL in iCalendar, XLSX size limits and the small items.
 */
import { isLeaf, type Ledger, leadsOf, type Task } from "@reform/domain";
import type { Store } from "@reform/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendar } from "../src/ical.ts";
import { call, DEMO_NOW, importSeeds, memoryStore, testApp, token } from "./support/harness.ts";

const SHANXI = "001_1bcf024aac55a25f.txt";
const PINGXIANG = "002_84b7797c4af70c34.txt";
const HARBIN = "003_d2b59fd790b2730b.txt";
const JILIN = "000_c83e502a6d759c52.txt";

let store: Store;
let app: ReturnType<typeof testApp>;
let shanxi: Ledger;
let ledgers: Map<string, Ledger>;
let admin: string;
let supervisor: string;

beforeAll(async () => {
  store = await memoryStore();
  ledgers = await importSeeds(store, [SHANXI, PINGXIANG, HARBIN, JILIN]);
  shanxi = ledgers.get(SHANXI)!;
  // A clock that moves a second per reading, as a real one does between a write and its retry.
  let ticks = 0;
  app = testApp(store, { clock: () => new Date(DEMO_NOW.getTime() + 1000 * ticks++) });
  admin = await token(store, "admin");
  supervisor = await token(store, "supervisor");
}, 120_000);
afterAll(async () => {
  await store?.close();
});

/** Leaf tasks of the plan with exactly one lead unit, in order. */
function ledTasks(): { task: Task; lead: string }[] {
  return shanxi.tasks
    .filter((t) => isLeaf(t) && t.kind === "task" && leadsOf(t.responsibility).length === 1)
    .map((task) => ({ task, lead: leadsOf(task.responsibility)[0]!.unit }));
}

const post = (taskId: string, action: string, tok: string, body: Record<string, unknown>) =>
  call(app, "POST", `/api/tasks/${encodeURIComponent(taskId)}/${action}`, { token: tok, body });

describe("1. idempotent retries by event id", () => {
  it("answers a retried report with the original result, whatever the version sent", async () => {
    const { task, lead } = ledTasks()[0]!;
    const reporter = await token(store, "reporter", [lead]);
    const body = { expectedVersion: 0, id: "retry-report-1", percent: 30, narrative: "启动" };
    const first = await post(task.id, "reports", reporter, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ version: 1, duplicate: false });
    const again = await post(task.id, "reports", reporter, body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    // The stream moves on; the retry still answers what the first write did.
    const next = await post(task.id, "reports", reporter, { expectedVersion: 1, percent: 50 });
    expect(next.body.version).toBe(2);
    for (const expectedVersion of [0, 1, 2, 7]) {
      const retry = await post(task.id, "reports", reporter, { ...body, expectedVersion });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual({ ...first.body, duplicate: true });
    }
    expect((await store.getTask(task.id))?.version).toBe(2);
  });

  it("refuses the same id for different content or from a caller who could not have written it", async () => {
    const [{ task, lead }, other] = [ledTasks()[1]!, ledTasks().find((t) => t.lead !== ledTasks()[1]!.lead)!];
    const reporter = await token(store, "reporter", [lead]);
    const body = { expectedVersion: 0, id: "retry-report-2", percent: 10 };
    expect((await post(task.id, "reports", reporter, body)).status).toBe(201);
    const changed = await post(task.id, "reports", reporter, { ...body, percent: 11 });
    expect(changed.status).toBe(409);
    expect(changed.body.error.details.reason).toBe("duplicate-id");
    const stranger = await token(store, "reporter", [other.lead]);
    expect((await post(task.id, "reports", stranger, body)).status).toBe(409);
    const before = (await store.getTask(other.task.id))?.version ?? 0;
    const elsewhere = await post(other.task.id, "reports", stranger, { ...body, expectedVersion: before });
    expect(elsewhere.status).toBe(409);
    expect((await store.getTask(other.task.id))?.version).toBe(before);
  });

  it("answers a retried admin write with its explicit time, and a retried measurement", async () => {
    const { task } = ledTasks()[2]!;
    const body = { expectedVersion: 0, id: "retry-admin-1", percent: 5, at: "2020-09-01T02:00:00Z" };
    const first = await post(task.id, "reports", admin, body);
    expect(first.status).toBe(201);
    expect((await post(task.id, "reports", admin, { ...body, expectedVersion: 1 })).body).toEqual({
      ...first.body,
      duplicate: true,
    });
    expect((await post(task.id, "reports", admin, { ...body, at: "2020-09-01T03:00:00Z" })).status).toBe(409);

    const indicator = shanxi.indicators[0]!;
    const url = `/api/indicators/${encodeURIComponent(indicator.id)}/measurements`;
    const m = { region: "太原市", period: "2019", value: 12.5, id: "retry-measure-1" };
    const measured = await call(app, "POST", url, { token: supervisor, body: m });
    expect(measured.status).toBe(201);
    const retried = await call(app, "POST", url, { token: supervisor, body: { ...m, expectedVersion: 9 } });
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual({ ...measured.body, duplicate: true });
    expect((await call(app, "POST", url, { token: supervisor, body: { ...m, value: 13 } })).status).toBe(409);
  });
});

describe("2. a token's units are canonical units of a region", () => {
  const create = (units: string[]) =>
    call(app, "POST", "/api/tokens", { token: admin, body: { name: "联络员", role: "reporter", units } });
  /** A leaf task of a plan that 市财政局 leads or cooperates on. */
  const financeTask = (file: string) =>
    ledgers
      .get(file)!
      .tasks.find((t) => isLeaf(t) && t.responsibility?.assignments.some((a) => a.unit === "市财政局"))!;

  it("refuses unknown units and names of several regions, saying which ids they could be", async () => {
    const unknown = await create(["不存在的部门"]);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.issues[0]).toMatchObject({ path: ["units", 0], code: "unknown-unit" });
    const ambiguous = await create(["市财政局"]);
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.body.error.details.issues[0]).toMatchObject({
      code: "ambiguous-unit",
      candidates: expect.arrayContaining(["萍乡市:市财政局", "哈尔滨市:市财政局"]),
    });
  });

  it("scopes a reporter to one city's bureau: it reports there and not on the other city's tasks", async () => {
    const created = await create(["萍乡市:市财政局"]);
    expect(created.status).toBe(201);
    expect(created.body.token.units).toEqual(["萍乡市:市财政局"]);
    const reporter = created.body.plainToken;
    const own = financeTask(PINGXIANG);
    const foreign = financeTask(HARBIN);
    expect(foreign).toBeDefined();
    const there = await post(own.id, "reports", reporter, { expectedVersion: 0, percent: 20 });
    expect(there.status).toBe(201);
    expect(there.body.event.event.actor.unit).toBe("萍乡市:市财政局");
    const elsewhere = await post(foreign.id, "reports", reporter, { expectedVersion: 0, percent: 20 });
    expect(elsewhere.status).toBe(403);
    const named = await post(foreign.id, "reports", reporter, { expectedVersion: 0, percent: 20, unit: "市财政局" });
    expect(named.status).toBe(403);
  });
});

describe("3. events dated in the future are refused for every role", () => {
  const later = (ms: number) => new Date(DEMO_NOW.getTime() + ms).toISOString();

  it("refuses an admin's time later the same day, so reporters are never blocked by it", async () => {
    const { task, lead } = ledTasks()[3]!;
    const reporter = await token(store, "reporter", [lead]);
    const future = await post(task.id, "reports", admin, { expectedVersion: 0, percent: 10, at: later(3 * 3600_000) });
    expect(future.status).toBe(422);
    expect(future.body.error.details).toMatchObject({ field: "at", reason: "future-time" });
    const skewed = await post(task.id, "reports", admin, { expectedVersion: 0, percent: 10, at: later(120_000) });
    expect(skewed.status).toBe(201);
    const report = await post(task.id, "reports", reporter, { expectedVersion: 1, percent: 20 });
    expect(report.status).toBe(201);
  });

  it("refuses a measurement dated later today", async () => {
    const url = `/api/indicators/${encodeURIComponent(shanxi.indicators[0]!.id)}/measurements`;
    const body = { region: "太原市", period: "2019", value: 1, at: later(3 * 3600_000) };
    const future = await call(app, "POST", url, { token: admin, body });
    expect(future.status).toBe(422);
    expect(future.body.error.details.reason).toBe("future-time");
  });
});

describe("4. JSON bodies that are not UTF-8", () => {
  it("are refused with 400 and store nothing", async () => {
    const { task, lead } = ledTasks()[4]!;
    const reporter = await token(store, "reporter", [lead]);
    const json = '{"expectedVersion":0,"percent":40,"narrative":"X"}';
    const [head, tail] = json.split("X") as [string, string];
    const body = new Uint8Array([
      ...new TextEncoder().encode(head),
      0xb8,
      0xc4,
      0xb8,
      0xef,
      ...new TextEncoder().encode(tail),
    ]);
    const res = await call(app, "POST", `/api/tasks/${encodeURIComponent(task.id)}/reports`, {
      token: reporter,
      body,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0]).toMatchObject({ path: ["body"], code: "invalid_encoding" });
    expect((await store.getTask(task.id))?.version).toBe(0);
    const ok = await call(app, "POST", `/api/tasks/${encodeURIComponent(task.id)}/reports`, {
      token: reporter,
      body: new TextEncoder().encode(json.replace("X", "改革")),
      headers: { "content-type": "application/json" },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.event.event.narrative).toBe("改革");
  });
});

describe("5. hostile text: Markdown, file names, iCalendar", () => {
  it("escapes raw HTML from task text in the Markdown bulletin, as the HTML one does", async () => {
    const planId = "hostile-md";
    const base = ledTasks()[5]!.task;
    const task: Task = {
      ...base,
      id: `${planId}-t1`,
      planId,
      parentId: null,
      title: "<script>alert(1)</script>",
      text: "<img src=x onerror=alert(1)>",
      deadline: { kind: "due", text: "2020年1月底前", due: "2020-01-31", precision: "month" },
    };
    const ledger: Ledger = {
      ...shanxi,
      plan: { ...shanxi.plan, id: planId, title: "<b>计划</b>" },
      tasks: [task],
      indicators: [],
    };
    await store.commitImport(ledger, { actor: { role: "system" } });
    const md = await call(app, "GET", `/api/bulletin?plan=${planId}&format=md&asOf=2020-09-30`, { token: admin });
    expect(md.status).toBe(200);
    expect(md.body).not.toMatch(/<script|<img|<b>/);
    expect(md.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const html = await call(app, "GET", `/api/bulletin?plan=${planId}&format=html&asOf=2020-09-30`, { token: admin });
    expect(html.body).not.toContain("<script>alert");
  });

  it("keeps only a safe base name of an uploaded file", async () => {
    const form = new FormData();
    const doc = "萍乡市深化医改重点工作任务\n\n1. 建立现代医院管理制度。（市卫生健康委负责，2020年底前完成）\n";
    form.append("file", new File([doc], "../../../../tmp/x.txt", { type: "text/plain" }));
    const res = await call(app, "POST", "/api/imports", { token: admin, body: form });
    expect(res.status).toBe(201);
    expect(res.body.fileName).toBe("x.txt");
    const raw = await call(app, "POST", `/api/imports?fileName=${encodeURIComponent("..\\..\\evil\u0007.txt")}`, {
      token: admin,
      body: doc,
      headers: { "content-type": "text/plain" },
    });
    expect(raw.status).toBe(201);
    expect(raw.body.fileName).toBe("evil.txt");
  });

  it("never lets a NUL byte reach the calendar", async () => {
    const res = await call(
      app,
      "GET",
      `/api/calendar?plan=${shanxi.plan.id}&department=${encodeURIComponent("省医保局\u0000x")}`,
    );
    expect(typeof res.body === "string" ? res.body : JSON.stringify(res.body)).not.toContain("\u0000");
    const ics = calendar(
      "台账\u0000名",
      [{ uid: "u1", date: "2020-01-31", summary: "任务\u0000\u0007一\r\n二" }],
      DEMO_NOW,
      (d) => d,
    );
    expect(ics).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(ics).toContain("X-WR-CALNAME:台账名");
    expect(ics).toContain("SUMMARY:任务一\\n二");
  });
});

describe("7. small items", () => {
  it("says 'closed', not 'closeed', when closing a task that is not completed", async () => {
    const { task } = ledTasks()[6]!;
    const res = await post(task.id, "close", supervisor, { expectedVersion: 0 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("only a completed task can be closed");
    expect(res.body.error.message).not.toContain("closeed");
  });

  it("writes the calendar in Chinese only, and 404s for an unknown department", async () => {
    const ics = await call(app, "GET", `/api/calendar?plan=${shanxi.plan.id}`);
    expect(ics.status).toBe(200);
    const text = String(ics.body);
    expect(text).toMatch(/CATEGORIES:/);
    expect(text).not.toMatch(/overdue|not-yet-due|due-soon|no-deadline|completed-on-time|awaiting-external|stale/);
    const unknown = await call(app, "GET", "/api/calendar?department=nonexistent");
    expect(unknown.status).toBe(404);
    const lead = ledTasks()[0]!.lead;
    expect((await call(app, "GET", `/api/calendar?department=${encodeURIComponent(lead)}`)).status).toBe(200);
  });

  it("masks a long actor name (the demo's label) to its first character and two stars", async () => {
    const { task } = ledTasks()[7]!;
    await store.appendEvent({
      id: "demo-like-1",
      type: "report",
      taskId: task.id,
      at: "2020-09-01T00:00:00Z",
      actor: { role: "reporter", unit: ledTasks()[7]!.lead, name: "演示数据 (synthetic demo)" },
      percent: 10,
      narrative: "",
      evidence: [],
    });
    const res = await call(app, "GET", `/api/reports?task=${encodeURIComponent(task.id)}`);
    expect(res.status).toBe(200);
    expect(res.body.items[0].event.actor.name).toBe("演**");
  });

  it("exports people in JSON as in CSV: in full for an admin, masked for anonymous readers", async () => {
    const ledger = ledgers.get(JILIN)!;
    const task = ledger.tasks.find((t) => t.people.some((p) => p.contact.phone))!;
    const phone = task.people.find((p) => p.contact.phone)!.contact.phone!;
    const full = await call(app, "GET", `/api/exports/${ledger.plan.id}?format=json`, { token: admin });
    expect(full.status).toBe(200);
    expect(full.body.tasks.find((t: { id: string }) => t.id === task.id).people).toEqual(task.people);
    const csv = await call(app, "GET", `/api/exports/${ledger.plan.id}?format=csv`, { token: admin });
    expect(String(csv.body)).toContain(phone);
    const anonymous = await call(app, "GET", `/api/exports/${ledger.plan.id}?format=json`);
    expect(JSON.stringify(anonymous.body)).not.toContain(phone);
    expect(anonymous.body.tasks.find((t: { id: string }) => t.id === task.id).people.length).toBe(task.people.length);
  });

  it("declares a server in the OpenAPI document (redocly's no-empty-servers)", async () => {
    const doc = await call(app, "GET", "/openapi.json");
    expect(doc.body.servers).toEqual([{ url: "/", description: "This server" }]);
  });
});

describe("NUL characters found by the hostile-input test", () => {
  it("are a 400 in a JSON body or a path, never a 500 from the database", async () => {
    const { task, lead } = ledTasks()[8]!;
    const reporter = await token(store, "reporter", [lead]);
    const body = await post(task.id, "reports", reporter, { expectedVersion: 0, percent: 1, narrative: "a\u0000b" });
    expect(body.status).toBe(400);
    expect(body.body.error.details.issues[0].code).toBe("invalid_characters");
    const path = await call(app, "GET", "/api/plans/%00/versions");
    expect(path.status).toBe(400);
    expect((await store.getTask(task.id))?.version).toBe(0);
  });
});
