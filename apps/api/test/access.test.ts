/**
 * Access, table-driven: every endpoint × every kind of caller (admin, supervisor, reporter of the
 * right and of the wrong unit, viewer, anonymous, malformed, revoked and expired tokens) — what is allowed,
 * what is refused — and that phone numbers never reach a caller who may not see them, in JSON,
 * CSV, XLSX, Markdown, HTML, iCalendar and the event stream. A token expires when it was created
 * with `expiresAt` and the app's clock has passed it.
 */
import { type Ledger, leadsOf } from "@reform/domain";
import type { Store } from "@reform/storage";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, DEMO_NOW, importSeeds, memoryStore, testApp, token } from "./support/harness.ts";

const JILIN = "000_c83e502a6d759c52.txt";
type Who =
  | "admin"
  | "supervisor"
  | "reporter"
  | "stranger"
  | "viewer"
  | "anonymous"
  | "malformed"
  | "revoked"
  | "expired";
const EVERYONE: Who[] = [
  "admin",
  "supervisor",
  "reporter",
  "stranger",
  "viewer",
  "anonymous",
  "malformed",
  "revoked",
  "expired",
];
/** Callers who may not see personal data. */
const MASKED: Who[] = ["viewer", "anonymous"];
/** Callers whose token is refused with 401 whatever they ask. */
const BAD_TOKEN: Who[] = ["malformed", "revoked", "expired"];

let store: Store;
let app: ReturnType<typeof testApp>;
let closedApp: ReturnType<typeof testApp>;
let jilin: Ledger;
let phones: string[];
const tokens = {} as Record<Who, string | undefined>;
let taskId: string;

beforeAll(async () => {
  store = await memoryStore();
  jilin = (await importSeeds(store, [JILIN])).get(JILIN)!;
  app = testApp(store);
  closedApp = testApp(store, { config: { anonymousRead: false } });
  const task = jilin.tasks.find((t) => t.kind === "task" && leadsOf(t.responsibility).length === 1)!;
  taskId = task.id;
  const lead = leadsOf(task.responsibility)[0]!.unit;
  const other = jilin.units.find(
    (u) => u.name !== lead && !task.responsibility?.assignments.some((a) => a.unit === u.name),
  )!;
  tokens.admin = await token(store, "admin");
  tokens.supervisor = await token(store, "supervisor");
  tokens.reporter = await token(store, "reporter", [lead]);
  tokens.stranger = await token(store, "reporter", [other.name]);
  tokens.viewer = await token(store, "viewer");
  tokens.anonymous = undefined;
  tokens.malformed = "not-a-token";
  const revoked = await store.createToken({ name: "revoked", role: "admin", units: [] });
  await store.revokeToken(revoked.token.id);
  tokens.revoked = revoked.plainToken;
  // An admin token that expired a minute before the app's clock (DEMO_NOW).
  const expired = await store.createToken({
    name: "expired",
    role: "admin",
    expiresAt: new Date(DEMO_NOW.getTime() - 60_000).toISOString(),
  });
  tokens.expired = expired.plainToken;
  phones = [
    ...new Set(jilin.tasks.flatMap((t) => t.people.flatMap((p) => (p.contact.phone ? [p.contact.phone] : [])))),
  ];
  // A report whose narrative names a phone, so the event stream and report lists carry one.
  await store.appendEvent({
    id: "access-report-1",
    type: "report",
    taskId,
    at: "2020-09-01T01:00:00Z",
    actor: { role: "reporter", unit: lead, name: "李旭升" },
    percent: 20,
    narrative: `请联系 ${phones[0]}`,
    evidence: [],
  });
}, 120_000);
afterAll(async () => {
  await store?.close();
});

async function request(target: typeof app, who: Who, method: string, url: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (tokens[who] !== undefined) headers.authorization = `Bearer ${tokens[who]}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await target.request(url, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return res;
}

/** The text a reader gets from a response: XLSX cells are read out, everything else as text. */
async function textOf(res: Response): Promise<string> {
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("spreadsheetml")) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const cells: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? ""))));
    return cells.join("\n");
  }
  return res.text();
}

/** Reads the event stream until it has sent an event (or 3 s), then disconnects. */
async function streamText(who: Who): Promise<{ status: number; text: string }> {
  const res = await request(app, who, "GET", "/api/events/stream?afterSeq=0");
  if (res.status !== 200 || !res.body) return { status: res.status, text: await res.text() };
  const reader = res.body.getReader();
  let text = "";
  const until = Date.now() + 3000;
  while (Date.now() < until && !text.includes("access-report-1")) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<{ done: true; value: undefined }>((r) => setTimeout(() => r({ done: true, value: undefined }), 500)),
    ]);
    if (chunk.value) text += new TextDecoder().decode(chunk.value);
    if (chunk.done && chunk.value === undefined && text.includes("data:")) break;
  }
  await reader.cancel().catch(() => {});
  return { status: 200, text };
}

const READS = () => [
  "/api/plans",
  `/api/plans/${jilin.plan.id}/summary`,
  `/api/tasks?plan=${jilin.plan.id}&limit=500`,
  `/api/tasks/${encodeURIComponent(taskId)}`,
  "/api/reports",
  "/api/departments",
  `/api/people?plan=${jilin.plan.id}&limit=500`,
  "/api/indicators",
  "/api/targets",
  `/api/bulletin?plan=${jilin.plan.id}&format=json&asOf=2020-09-30`,
  `/api/bulletin?plan=${jilin.plan.id}&format=md&asOf=2020-09-30`,
  `/api/bulletin?plan=${jilin.plan.id}&format=html&asOf=2020-09-30`,
  `/api/bulletin?plan=${jilin.plan.id}&format=xlsx&asOf=2020-09-30`,
  `/api/exports/${jilin.plan.id}?format=json`,
  `/api/exports/${jilin.plan.id}?format=csv`,
  `/api/exports/${jilin.plan.id}?format=xlsx`,
  `/api/calendar?plan=${jilin.plan.id}`,
  "/api/events?afterSeq=0",
];

describe("reads: every endpoint × every caller", () => {
  it("serves readers and refuses malformed, revoked and expired tokens with 401", async () => {
    for (const url of READS()) {
      for (const who of EVERYONE) {
        const res = await request(app, who, "GET", url);
        const want = BAD_TOKEN.includes(who) ? 401 : 200;
        expect(res.status, `${who} GET ${url}`).toBe(want);
        await res.arrayBuffer();
      }
    }
  });

  it("refuses anonymous reading when it is off, but keeps health and the API document public", async () => {
    for (const url of READS()) {
      const res = await request(closedApp, "anonymous", "GET", url);
      expect(res.status, `anonymous GET ${url}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    for (const url of ["/health", "/openapi.json"]) {
      expect((await request(closedApp, "anonymous", "GET", url)).status).toBe(200);
    }
  });

  it("keeps token management to admins", async () => {
    const want: Record<Who, number> = {
      admin: 200,
      supervisor: 403,
      reporter: 403,
      stranger: 403,
      viewer: 403,
      anonymous: 401,
      malformed: 401,
      revoked: 401,
      expired: 401,
    };
    for (const who of EVERYONE) expect((await request(app, who, "GET", "/api/tokens")).status, who).toBe(want[who]);
  });

  it("a token created with expiresAt works until then, by the app's clock, and is a 401 from then on", async () => {
    let now = DEMO_NOW;
    const timed = testApp(store, { clock: () => now });
    const past = await call(timed, "POST", "/api/tokens", {
      token: tokens.admin,
      body: { name: "过期的", role: "viewer", expiresAt: "2020-09-30T03:00:00Z" },
    });
    expect(past.status).toBe(422);
    expect(past.body.error.details.issues[0]).toMatchObject({ path: ["expiresAt"] });
    const created = await call(timed, "POST", "/api/tokens", {
      token: tokens.admin,
      body: { name: "一小时", role: "viewer", expiresAt: "2020-09-30T13:00:00+08:00" },
    });
    expect(created.status).toBe(201);
    expect(created.body.token.expiresAt).toBe("2020-09-30T05:00:00.000Z");
    const viewer = created.body.plainToken as string;
    expect((await call(timed, "GET", "/api/plans", { token: viewer })).status).toBe(200);
    now = new Date("2020-09-30T04:59:59Z");
    expect((await call(timed, "GET", "/api/plans", { token: viewer })).status).toBe(200);
    now = new Date("2020-09-30T05:00:00Z");
    const refused = await call(timed, "GET", "/api/plans", { token: viewer });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/expired/);
  });
});

describe("phone numbers", () => {
  it("never reach viewers or anonymous readers, in any format; writers see them", async () => {
    expect(phones.length).toBeGreaterThan(5);
    for (const who of [...MASKED, "admin", "reporter"] as Who[]) {
      const seen = new Set<string>();
      for (const url of READS()) {
        const text = await textOf(await request(app, who, "GET", url));
        for (const phone of phones) {
          if (text.includes(phone)) {
            seen.add(url);
            if (MASKED.includes(who)) expect.fail(`${who} got ${phone} from ${url}`);
          }
        }
      }
      const stream = await streamText(who);
      expect(stream.text, `${who}: the stream sent the report`).toContain("access-report-1");
      if (stream.text.includes(phones[0]!)) seen.add("/api/events/stream");
      if (MASKED.includes(who)) expect(seen, who).toEqual(new Set());
      else {
        // Sanity: the same reads do carry phones for those who may see them.
        for (const url of [`/api/exports/${jilin.plan.id}?format=csv`, `/api/exports/${jilin.plan.id}?format=xlsx`]) {
          expect(seen, `${who} ${url}`).toContain(url);
        }
        expect(seen).toContain("/api/events/stream");
      }
    }
  }, 120_000);
});

describe("writes: who may do what", () => {
  it("reports: the responsible unit and the admin; not a stranger, a viewer or the anonymous", async () => {
    const want: Record<Who, number> = {
      admin: 201,
      supervisor: 403,
      reporter: 201,
      stranger: 403,
      viewer: 403,
      anonymous: 401,
      malformed: 401,
      revoked: 401,
      expired: 401,
    };
    for (const who of EVERYONE) {
      const version = (await store.getTask(taskId))!.version;
      const res = await request(app, who, "POST", `/api/tasks/${encodeURIComponent(taskId)}/reports`, {
        expectedVersion: version,
        percent: 30,
      });
      expect(res.status, who).toBe(want[who]);
      expect((await store.getTask(taskId))!.version).toBe(want[who] === 201 ? version + 1 : version);
    }
  });

  it("tokens are created by admins only; imports by admins and supervisors", async () => {
    for (const who of EVERYONE) {
      const res = await request(app, who, "POST", "/api/tokens", { name: "x", role: "viewer", units: [] });
      const want = who === "admin" ? 201 : who === "anonymous" || BAD_TOKEN.includes(who) ? 401 : 403;
      expect(res.status, `${who} POST /api/tokens`).toBe(want);
    }
    const doc = "示范市重点工作任务\n\n1. 建立制度。（市卫生健康委负责，2020年底前完成）\n";
    for (const who of EVERYONE) {
      const headers: Record<string, string> = { "content-type": "text/plain" };
      if (tokens[who] !== undefined) headers.authorization = `Bearer ${tokens[who]}`;
      const res = await app.request("/api/imports?fileName=x.txt", { method: "POST", headers, body: doc });
      const want =
        who === "admin" || who === "supervisor" ? 201 : who === "anonymous" || BAD_TOKEN.includes(who) ? 401 : 403;
      expect(res.status, `${who} POST /api/imports`).toBe(want);
    }
  });
});
