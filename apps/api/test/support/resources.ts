/**
 * The rest of the API on the same seeds plus the labelled demo history: departments, people,
 * indicators and measurements, bulletins, import with diff, export, iCalendar, the event stream
 * and tokens. Run unchanged on PGlite and PostgreSQL.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { isLeaf, type Ledger, leadsOf } from "@reform/domain";
import { importCsv, importXlsx } from "@reform/ingest";
import type { Store } from "@reform/storage";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LABEL, seedDemo } from "../../src/demo.ts";
import { call, importSeeds, SEEDS_DIR, testApp, token } from "./harness.ts";

const JILIN = "000_c83e502a6d759c52.txt";
const SHANXI = "001_1bcf024aac55a25f.txt";
const ASOF = "2020-09-30";

/** Reads server-sent events from a streaming response until `until` accepts one (or times out). */
async function readEvents(
  res: Response,
  until: (e: { event: string; id?: string; data: string }) => boolean,
  timeoutMs = 10_000,
): Promise<{ event: string; id?: string; data: string }[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const seen: { event: string; id?: string; data: string }[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<{ done: true; value: undefined }>((r) =>
          setTimeout(() => r({ done: true, value: undefined }), deadline - Date.now()),
        ),
      ]);
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const fields = Object.fromEntries(
          block
            .split("\n")
            .filter((l) => l && !l.startsWith(":"))
            .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]),
        );
        if (fields.event || fields.data) {
          const e = {
            event: fields.event ?? "message",
            data: fields.data ?? "",
            ...(fields.id ? { id: fields.id } : {}),
          };
          seen.push(e);
          if (until(e)) return seen;
        }
        cut = buffer.indexOf("\n\n");
      }
    }
    return seen;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

export function defineResourceSuite(name: string, open: () => Promise<Store>): void {
  describe(name, () => {
    let store: Store;
    let app: ReturnType<typeof testApp>;
    let ledgers: Map<string, Ledger>;
    let admin: string;
    let supervisor: string;
    let viewer: string;
    let demoEvents = 0;

    beforeAll(async () => {
      store = await open();
      ledgers = await importSeeds(store);
      demoEvents = await seedDemo(store, { until: ASOF });
      app = testApp(store);
      admin = await token(store, "admin");
      supervisor = await token(store, "supervisor");
      viewer = await token(store, "viewer");
    }, 180_000);
    afterAll(async () => {
      await store?.close();
    });

    describe("demo history", () => {
      it("is labelled on every event and moves the figures", async () => {
        expect(demoEvents).toBeGreaterThan(100);
        const events = await store.listEvents({ limit: 10_000 });
        expect(events.length).toBe(demoEvents);
        for (const e of events) expect(e.event.actor.name).toBe(DEMO_LABEL);
        const { body } = await call(app, "GET", `/api/plans?asOf=${ASOF}`);
        const completed = body.items.reduce(
          (n: number, p: { summary: { byStatus: { completed: number; closed: number } } }) =>
            n + p.summary.byStatus.completed + p.summary.byStatus.closed,
          0,
        );
        expect(completed).toBeGreaterThan(0);
      });
    });

    describe("departments", () => {
      it("ranks scorecards as of a date, best on-time rate first", async () => {
        const { status, body } = await call(app, "GET", `/api/departments?asOf=${ASOF}`);
        expect(status).toBe(200);
        expect(body.items.length).toBeGreaterThan(10);
        expect(body.items[0].rank).toBe(1);
        const rates = body.items
          .map((i: { scorecard: { onTimeRate: number | null } }) => i.scorecard.onTimeRate)
          .filter((r: number | null) => r !== null);
        expect(rates).toEqual([...rates].sort((a, b) => b - a));
        for (const i of body.items) expect(i.rank).toBeGreaterThanOrEqual(1);
      });

      it("serves one department and re-ranks by another key", async () => {
        const jilin = ledgers.get(JILIN)!;
        const lead = leadsOf(jilin.tasks.find((t) => isLeaf(t) && t.responsibility)!.responsibility)[0]!;
        const key = lead.unitId ?? lead.unit;
        const one = await call(
          app,
          "GET",
          `/api/departments/${encodeURIComponent(key)}?plan=${jilin.plan.id}&asOf=${ASOF}`,
        );
        expect(one.status).toBe(200);
        expect(one.body.scorecard.unit).toBe(lead.unit);
        expect(one.body.scorecard.led).toBe(
          jilin.tasks.filter((t) => isLeaf(t) && leadsOf(t.responsibility).some((a) => a.unit === lead.unit)).length,
        );
        const byOverdue = await call(app, "GET", `/api/departments?asOf=${ASOF}&rankBy=overdue-days`);
        const days = byOverdue.body.items.map(
          (i: { scorecard: { overdueDaysTotal: number } }) => i.scorecard.overdueDaysTotal,
        );
        expect(days).toEqual([...days].sort((a, b) => a - b));
        expect((await call(app, "GET", "/api/departments/nobody")).status).toBe(404);
      });
    });

    describe("people", () => {
      it("lists contacts with their tasks, masked for anonymous readers, who cannot search names", async () => {
        const jilin = ledgers.get(JILIN)!;
        const person = jilin.tasks.flatMap((t) => t.people).find((p) => p.contact.phone)!;
        const full = await call(
          app,
          "GET",
          `/api/people?plan=${jilin.plan.id}&text=${encodeURIComponent(person.name)}`,
          {
            token: supervisor,
          },
        );
        expect(full.status).toBe(200);
        expect(full.body.items.map((i: { person: { name: string } }) => i.person.name)).toContain(person.name);
        expect(full.body.items[0].taskIds.length).toBeGreaterThan(0);
        const anon = await call(
          app,
          "GET",
          `/api/people?plan=${jilin.plan.id}&text=${encodeURIComponent(person.name)}`,
        );
        expect(anon.body.total).toBe(0);
        const all = await call(app, "GET", `/api/people?plan=${jilin.plan.id}&limit=500`, { token: viewer });
        expect(all.body.total).toBeGreaterThan(5);
        expect(JSON.stringify(all.body)).not.toContain(person.contact.phone!);
      });
    });

    describe("indicators and measurements", () => {
      it("shows attainment from the demo measurements as of a date", async () => {
        const shanxi = ledgers.get(SHANXI)!;
        expect(shanxi.indicators.length).toBeGreaterThan(0);
        const { status, body } = await call(app, "GET", `/api/indicators?plan=${shanxi.plan.id}&asOf=${ASOF}`);
        expect(status).toBe(200);
        expect(body.items).toHaveLength(shanxi.indicators.length);
        const cell = body.items[0].attainment[0];
        expect(cell.region).toBe("山西省");
        expect(["met", "not-met", "no-target"]).toContain(cell.status);
        const early = await call(app, "GET", `/api/indicators?plan=${shanxi.plan.id}&asOf=2019-01-01`);
        expect(early.body.items[0].attainment[0].status).toBe("no-data");
      });

      it("records a measurement for supervisors and the responsible unit only", async () => {
        const shanxi = ledgers.get(SHANXI)!;
        const indicator = shanxi.indicators.find((i) => i.responsible)!;
        const url = `/api/indicators/${encodeURIComponent(indicator.id)}/measurements`;
        const body = { region: "太原市", period: "2019", value: 31.5 };
        expect((await call(app, "POST", url, { token: viewer, body })).status).toBe(403);
        const other = await token(store, "reporter", ["某某无关单位"]);
        expect((await call(app, "POST", url, { token: other, body })).status).toBe(403);
        const own = await token(store, "reporter", [indicator.responsible!]);
        const ok = await call(app, "POST", url, { token: own, body });
        expect(ok.status).toBe(201);
        expect(ok.body.event.event).toMatchObject({ type: "measurement", region: "太原市", value: 31.5 });
        const bad = await call(app, "POST", url, { token: supervisor, body: { ...body, period: "2019年" } });
        expect(bad.status).toBe(400);
        const detail = await call(
          app,
          "GET",
          `/api/indicators/${encodeURIComponent(indicator.id)}?region=${encodeURIComponent("太原市")}`,
        );
        expect(detail.body.attainment[0].value).toBe(31.5);
      });

      it("lists targets found in task texts", async () => {
        const { body } = await call(app, "GET", "/api/targets?limit=500");
        expect(body.total).toBeGreaterThan(5);
        expect(body.items[0].target.text.length).toBeGreaterThan(0);
      });
    });

    describe("bulletin", () => {
      it("ranks departments and lists overdue items, in JSON, Markdown, HTML and XLSX", async () => {
        const json = await call(app, "GET", `/api/bulletin?asOf=${ASOF}`);
        expect(json.status).toBe(200);
        expect(json.body.demo).toBe(true);
        expect(json.body.overdue.length).toBe(json.body.summary.byTimeliness.overdue);
        const days = json.body.overdue.map((i: { daysOverdue: number }) => i.daysOverdue);
        expect(days).toEqual([...days].sort((a, b) => b - a));
        expect(json.body.ranking.length).toBeGreaterThan(10);
        // The same name is a different body in another region: the ranking says which.
        for (const r of json.body.ranking) expect(r.scorecard.key.startsWith(`${r.region}:`)).toBe(true);

        const md = await call(app, "GET", `/api/bulletin?asOf=${ASOF}&format=md`);
        expect(md.res.headers.get("content-type")).toContain("text/markdown");
        expect(md.body).toContain(`截至${ASOF}`);
        expect(md.body).toContain(DEMO_LABEL);
        expect(md.body).toContain(json.body.overdue[0].title.replace(/\|/g, "\\|"));

        const html = await call(app, "GET", `/api/bulletin?asOf=${ASOF}&format=html`);
        expect(html.res.headers.get("content-type")).toContain("text/html");
        expect(html.body).toContain("<h2>责任单位排名</h2>");
        expect(html.body).not.toContain("<script");

        const xlsx = await app.request(`/api/bulletin?asOf=${ASOF}&format=xlsx`);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(await xlsx.arrayBuffer());
        expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["排名", "逾期任务"]));
        expect(wb.getWorksheet("逾期任务")!.rowCount).toBe(json.body.overdue.length + 1);
      });

      it("masks contacts for anonymous readers", async () => {
        const full = await call(app, "GET", `/api/bulletin?asOf=${ASOF}`, { token: supervisor });
        const withContact = full.body.overdue.find((i: { contact?: string }) => i.contact && /\d{11}/.test(i.contact));
        expect(withContact).toBeDefined();
        const anon = await call(app, "GET", `/api/bulletin?asOf=${ASOF}`);
        expect(JSON.stringify(anon.body)).not.toContain(withContact.contact);
        const same = anon.body.overdue.find((i: { taskId: string }) => i.taskId === withContact.taskId);
        expect(same.contact).toMatch(/^.\*+ \d{3}\*+\d{4}$/);
      });
    });

    describe("import and export", () => {
      const shanxiText = () => readFileSync(path.join(SEEDS_DIR, SHANXI), "utf8");

      it("previews an unchanged re-import as all unchanged and refuses non-admins", async () => {
        const shanxi = ledgers.get(SHANXI)!;
        const upload = (tok?: string) =>
          call(app, "POST", `/api/imports?fileName=${SHANXI}`, {
            ...(tok ? { token: tok } : {}),
            body: shanxiText(),
            headers: { "content-type": "text/plain; charset=utf-8" },
          });
        expect((await upload()).status).toBe(401);
        expect((await upload(viewer)).status).toBe(403);
        const { status, body } = await upload(supervisor);
        expect(status).toBe(201);
        expect(body.planId).toBe(shanxi.plan.id);
        expect(body.currentVersion).toBe(1);
        expect(body.diff.summary).toMatchObject({ added: 0, removed: 0, changed: 0 });
        expect(body.diff.summary.unchanged).toBe(shanxi.tasks.length);
      });

      it("shows what a new version changes, keeps the history of unchanged tasks, refuses a stale commit", async () => {
        const shanxi = ledgers.get(SHANXI)!;
        const kept = shanxi.tasks.find((t) => isLeaf(t) && t.path.at(-1) === "3.")!;
        const before = await call(app, "GET", `/api/tasks/${encodeURIComponent(kept.id)}`, { token: admin });
        const edited = shanxiText()
          .replace("各级财政要积极支持深化医改工作", "各级财政要大力支持深化医改工作")
          .replace(/\n5\. 加大集中采购结算方式改革探索力度[^\n]*\n/, "\n");
        const form = new FormData();
        form.set("file", new File([edited], SHANXI, { type: "text/plain" }));
        const preview = await call(app, "POST", "/api/imports", { token: admin, body: form });
        expect(preview.status).toBe(201);
        expect(preview.body.diff.summary.changed).toBeGreaterThanOrEqual(1);
        expect(preview.body.diff.summary.removed).toBeGreaterThanOrEqual(1);
        const changed = preview.body.diff.changed.find((c: { label: string }) => c.label.endsWith("2."));
        expect(changed.fields).toContain("text");
        expect(preview.body.diff.removed.map((r: { label: string }) => r.label).join(" ")).toContain("5.");

        const commit = await call(app, "POST", `/api/imports/${preview.body.previewId}/commit`, {
          token: admin,
          body: { expectedPlanVersion: preview.body.currentVersion },
        });
        expect(commit.status).toBe(201);
        expect(commit.body.version).toBe(2);

        const after = await call(app, "GET", `/api/tasks/${encodeURIComponent(kept.id)}`, { token: admin });
        expect(after.status).toBe(200);
        expect(after.body.version).toBe(before.body.version);
        expect(after.body.events.length).toBe(before.body.events.length);
        const plan = await call(app, "GET", `/api/plans/${shanxi.plan.id}`);
        expect(plan.body.version).toBe(2);

        // A second preview made against version 1 (stale) is refused.
        const again = await call(app, "POST", `/api/imports?fileName=${SHANXI}`, {
          token: admin,
          body: shanxiText(),
          headers: { "content-type": "text/plain" },
        });
        const stale = await call(app, "POST", `/api/imports/${again.body.previewId}/commit`, {
          token: admin,
          body: { expectedPlanVersion: 1 },
        });
        expect(stale.status).toBe(409);
        expect(stale.body.error.details.currentVersion).toBe(2);
        expect(
          (await call(app, "POST", "/api/imports/unknown/commit", { token: admin, body: { expectedPlanVersion: 0 } }))
            .status,
        ).toBe(404);
      });

      it("imports a ledger sent as JSON as a new plan", async () => {
        const shanxi = ledgers.get(SHANXI)!;
        const copy = {
          ...shanxi,
          plan: { ...shanxi.plan, id: "json-copy", title: "JSON 导入副本" },
          tasks: shanxi.tasks.map((t) => ({
            ...t,
            id: t.id.replace(shanxi.plan.id, "json-copy"),
            planId: "json-copy",
            parentId: t.parentId ? t.parentId.replace(shanxi.plan.id, "json-copy") : t.parentId,
          })),
          indicators: shanxi.indicators.map((i) => ({ ...i, id: `json-copy-${i.id}`, planId: "json-copy" })),
        };
        const preview = await call(app, "POST", "/api/imports?fileName=copy.json", { token: admin, body: copy });
        expect(preview.status).toBe(201);
        expect(preview.body).toMatchObject({ format: "json", planId: "json-copy", isNew: true, currentVersion: 0 });
        expect(preview.body.diff.summary.added).toBe(shanxi.tasks.length);
        const commit = await call(app, "POST", `/api/imports/${preview.body.previewId}/commit`, {
          token: admin,
          body: { expectedPlanVersion: 0, sha256: preview.body.sha256 },
        });
        expect(commit.status).toBe(201);
        expect((await call(app, "GET", "/api/plans/json-copy")).body.taskCount).toBe(shanxi.tasks.length);
        const notLedger = await call(app, "POST", "/api/imports", { token: admin, body: { hello: "world" } });
        expect(notLedger.status).toBe(422);
        expect(notLedger.body.error.details.diagnostics.length).toBeGreaterThan(0);
      });

      it("answers 422 with diagnostics for an unreadable document and 415 for an odd content type", async () => {
        const empty = await call(app, "POST", "/api/imports?fileName=x.txt", {
          token: admin,
          body: "   \n",
          headers: { "content-type": "text/plain" },
        });
        expect(empty.status).toBe(422);
        expect(empty.body.error.code).toBe("unprocessable");
        expect(empty.body.error.details.reason).toBeDefined();
        const odd = await call(app, "POST", "/api/imports", {
          token: admin,
          body: "x",
          headers: { "content-type": "image/png" },
        });
        expect(odd.status).toBe(415);
      });

      it("takes raw uploads in every content type the importer reads (web page, PDF, Word .doc)", async () => {
        const page =
          '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>某某市改革任务清单</p>' +
          "<p>1.制定实施方案。（责任单位：市发改委）</p></body></html>";
        const html = await call(app, "POST", "/api/imports?fileName=page.html", {
          token: admin,
          body: page,
          headers: { "content-type": "text/html; charset=utf-8" },
        });
        expect(html.status).toBe(201);
        expect(html.body.format).toBe("html");
        // Read as their formats (not refused as content types): a broken PDF and an empty .doc.
        const pdf = await call(app, "POST", "/api/imports", {
          token: admin,
          body: "%PDF-1.7 broken",
          headers: { "content-type": "application/pdf" },
        });
        expect(pdf.status).toBe(422);
        expect(pdf.body.error.details).toMatchObject({ format: "pdf", reason: "bad-pdf" });
        const doc = await call(app, "POST", "/api/imports", {
          token: admin,
          body: new Uint8Array(0),
          headers: { "content-type": "application/msword" },
        });
        expect(doc.status).toBe(422);
        expect(doc.body.error.details).toMatchObject({ format: "doc", reason: "empty" });
      });

      it("exports JSON, XLSX and CSV that the importer reads back unchanged", async () => {
        const jilin = ledgers.get(JILIN)!;
        const json = await call(app, "GET", `/api/exports/${jilin.plan.id}?format=json`, { token: admin });
        expect(json.status).toBe(200);
        expect(json.body.plan.id).toBe(jilin.plan.id);
        expect(json.body.tasks).toHaveLength(jilin.tasks.length);

        const csv = await call(app, "GET", `/api/exports/${jilin.plan.id}?format=csv`, { token: admin });
        expect(csv.res.headers.get("content-type")).toContain("text/csv");
        const fromCsv = importCsv(csv.body);
        expect(fromCsv.ok).toBe(true);
        if (fromCsv.ok) expect(fromCsv.ledger.tasks).toEqual(jilin.tasks);

        const xlsx = await app.request(`/api/exports/${jilin.plan.id}?format=xlsx`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        const fromXlsx = await importXlsx(new Uint8Array(await xlsx.arrayBuffer()));
        expect(fromXlsx.ok).toBe(true);
        if (fromXlsx.ok) expect(fromXlsx.ledger.tasks.map((t) => t.id)).toEqual(jilin.tasks.map((t) => t.id));
      });

      it("masks people in exports for anonymous readers", async () => {
        const jilin = ledgers.get(JILIN)!;
        const phone = jilin.tasks.flatMap((t) => t.people).find((p) => p.contact.phone)!.contact.phone!;
        for (const format of ["json", "csv"]) {
          const res = await app.request(`/api/exports/${jilin.plan.id}?format=${format}`);
          expect(await res.text()).not.toContain(phone);
        }
      });
    });

    describe("iCalendar feed", () => {
      it("is RFC 5545 text/calendar with one all-day event per deadline of the department", async () => {
        const jilin = ledgers.get(JILIN)!;
        const unit = "省卫生健康委";
        const due = jilin.tasks.filter(
          (t) => isLeaf(t) && t.deadline?.kind === "due" && t.responsibility?.assignments.some((a) => a.unit === unit),
        );
        const res = await app.request(
          `/api/calendar?plan=${jilin.plan.id}&department=${encodeURIComponent(unit)}&asOf=${ASOF}`,
        );
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toContain("text/calendar");
        const text = await res.text();
        expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
        expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
        for (const line of text.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
        expect(text.split("BEGIN:VEVENT").length - 1).toBe(due.length);
        expect(text).toMatch(/DTSTART;VALUE=DATE:\d{8}\r\n/);
        const phone = jilin.tasks.flatMap((t) => t.people).find((p) => p.contact.phone)!.contact.phone!;
        expect(text.replace(/\r\n /g, "")).not.toContain(phone);
      });
    });

    describe("event stream", () => {
      it("delivers a report written after connecting, with its log position", async () => {
        const jilin = ledgers.get(JILIN)!;
        const open = await call(
          app,
          "GET",
          `/api/tasks?plan=${jilin.plan.id}&kind=task&state=not-started,in-progress&limit=1`,
        );
        const task = open.body.items[0].task;
        const controller = new AbortController();
        const res = await app.request(`/api/events/stream?plan=${jilin.plan.id}`, { signal: controller.signal });
        expect(res.headers.get("content-type")).toContain("text/event-stream");
        const events = readEvents(res, (e) => e.event === "report" && e.data.includes("流推送测试"));
        await new Promise((r) => setTimeout(r, 200));
        const detail = await call(app, "GET", `/api/tasks/${encodeURIComponent(task.id)}`, { token: admin });
        const wrote = await call(app, "POST", `/api/tasks/${encodeURIComponent(task.id)}/reports`, {
          token: admin,
          body: { expectedVersion: detail.body.version, percent: 77, narrative: "流推送测试" },
        });
        expect(wrote.status).toBe(201);
        const seen = await events;
        controller.abort();
        expect(seen[0]!.event).toBe("ready");
        const report = seen.find((e) => e.event === "report")!;
        expect(report.id).toBe(String(wrote.body.event.seq));
        expect(JSON.parse(report.data).event.percent).toBe(77);
      });

      it("lists events in log order after a position", async () => {
        const first = await call(app, "GET", "/api/events?limit=5");
        expect(first.body.items).toHaveLength(5);
        const seqs = first.body.items.map((e: { seq: number }) => e.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        const next = await call(app, "GET", `/api/events?limit=5&afterSeq=${first.body.nextAfterSeq}`);
        expect(next.body.items[0].seq).toBeGreaterThan(seqs.at(-1));
      });
    });

    describe("tokens", () => {
      it("lets admins create and revoke tokens; the revoked token stops working", async () => {
        expect((await call(app, "GET", "/api/tokens", { token: supervisor })).status).toBe(403);
        const created = await call(app, "POST", "/api/tokens", {
          token: admin,
          body: { name: "省财政厅联络员", role: "reporter", units: ["吉林省:省财政厅"] },
        });
        expect(created.status).toBe(201);
        const plain = created.body.plainToken;
        expect((await call(app, "GET", "/api/plans", { token: plain })).status).toBe(200);
        const list = await call(app, "GET", "/api/tokens", { token: admin });
        expect(JSON.stringify(list.body)).not.toContain(plain);
        expect((await call(app, "DELETE", `/api/tokens/${created.body.token.id}`, { token: admin })).status).toBe(200);
        expect((await call(app, "GET", "/api/plans", { token: plain })).status).toBe(401);
        const noUnits = await call(app, "POST", "/api/tokens", { token: admin, body: { name: "x", role: "reporter" } });
        expect(noUnits.status).toBe(422);
      });
    });
  });
}
