/**
 * Scale-out: two real API processes (the built `main.js`) on different ports share one PostgreSQL
 * schema and keep no state of their own. A report written through one arrives on the other's event
 * stream (LISTEN/NOTIFY), and the other's next read shows it (its caches are invalidated by the
 * notice: no query per read); an import previewed through one is committed through the other.
 *
 * The server is the tsup build of src/main.ts: dist/main.js when it is newer than the sources,
 * else a fresh build into node_modules/.cache/test-server/ (support/server.ts). Workspace packages run from their sources
 * (`--conditions=@reform/source`, Node 24 strips their types), so the test needs no other build.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_URL, dropSchemas, freshSchema, postgresUnreachable, SEEDS_DIR } from "./support/harness.ts";
import { adminTokenOf, type Server, serverEntry, startServer, stopServer } from "./support/server.ts";

const unreachable = await postgresUnreachable();

/** A server process on the shared schema (seeds imported by whichever starts first, no demo). */
const startOn = (entry: string, schema: string) =>
  startServer(entry, { DATABASE_URL, REFORM_DB_SCHEMA: schema, REFORM_SEEDS_DIR: SEEDS_DIR, REFORM_DEMO: "false" });

if (unreachable !== undefined) {
  if (process.env.CI === "true") {
    describe("scale-out on PostgreSQL", () => {
      it("needs a reachable server when CI=true", () => {
        throw new Error(`PostgreSQL at ${DATABASE_URL} is not reachable (${unreachable})`);
      });
    });
  } else {
    console.warn(
      `\n!! PostgreSQL at ${DATABASE_URL} is not reachable (${unreachable}): the scale-out test is SKIPPED.\n`,
    );
    describe.skip("scale-out on PostgreSQL (server not reachable)", () => {
      it("runs two processes", () => {});
    });
  }
} else {
  describe("scale-out on PostgreSQL", () => {
    const schema = freshSchema("api_scale");
    let a: Server | undefined;
    let b: Server | undefined;
    let adminToken = "";

    beforeAll(async () => {
      const entry = await serverEntry();
      a = await startOn(entry, schema);
      adminToken = adminTokenOf(a);
      b = await startOn(entry, schema);
    }, 240_000);
    afterAll(async () => {
      await Promise.all([stopServer(a), stopServer(b)]);
      await dropSchemas();
    });

    it("the first process seeds the shared database and prints an admin token; the second reuses them", () => {
      expect(a!.output()).toContain("database: PostgreSQL");
      expect(a!.output()).toContain("imported 000_c83e502a6d759c52.txt");
      expect(adminToken).toMatch(/^rl_[0-9a-f]{16}_/);
      expect(b!.output()).not.toContain("imported ");
      expect(b!.output()).not.toContain(adminToken);
    });

    it("shows a report written through one process through the other once its notice is delivered", async () => {
      const auth = { authorization: `Bearer ${adminToken}` };
      const plans = (await (await fetch(`${b!.url}/api/plans`)).json()) as { items: { plan: { id: string } }[] };
      expect(plans.items).toHaveLength(4);
      const planId = plans.items[0]!.plan.id;
      const list = (await (
        await fetch(`${a!.url}/api/tasks?plan=${planId}&kind=task&state=not-started&limit=1`)
      ).json()) as { items: { task: { id: string } }[] };
      const taskId = list.items[0]!.task.id;

      // B has read the task (its view and caches are warm) before the write.
      const before = (await (
        await fetch(`${b!.url}/api/tasks/${encodeURIComponent(taskId)}`, { headers: auth })
      ).json()) as { version: number };
      expect(before.version).toBe(0);

      // Listen on B before writing through A.
      const controller = new AbortController();
      const stream = await fetch(`${b!.url}/api/events/stream?plan=${planId}`, { signal: controller.signal });
      expect(stream.headers.get("content-type")).toContain("text/event-stream");
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      let received = "";
      const gotReport = (async () => {
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline && !/event: report\n/.test(received)) {
          const { value, done } = await reader.read();
          if (done) break;
          received += decoder.decode(value, { stream: true });
        }
      })();
      while (!received.includes("event: ready")) await new Promise((r) => setTimeout(r, 20));

      const write = await fetch(`${a!.url}/api/tasks/${encodeURIComponent(taskId)}/reports`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ expectedVersion: 0, percent: 45, narrative: "经 A 进程写入" }),
      });
      expect(write.status).toBe(201);
      const written = (await write.json()) as { event: { seq: number } };

      // B's event stream carries the notice: from then on, B's next read shows the write (no retries).
      await gotReport;
      expect(received).toContain(`id: ${written.event.seq}\n`);
      const seen = (await (
        await fetch(`${b!.url}/api/tasks/${encodeURIComponent(taskId)}`, { headers: auth })
      ).json()) as {
        version: number;
        state: { percent: number };
        events: { event: { narrative: string } }[];
      };
      expect(seen.version).toBe(1);
      expect(seen.state.percent).toBe(45);
      expect(seen.events[0]!.event.narrative).toBe("经 A 进程写入");

      // A stale write through B is refused: the version lives in the database, not in a process.
      const stale = await fetch(`${b!.url}/api/tasks/${encodeURIComponent(taskId)}/reports`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ expectedVersion: 0, percent: 50 }),
      });
      expect(stale.status).toBe(409);

      controller.abort();
      await reader.cancel().catch(() => {});
      expect(received).toContain("event: report\n");
      expect(received).toContain(`id: ${written.event.seq}\n`);
      expect(received).toContain("经 A 进程写入");
    });

    it("commits through one process an import previewed through the other", async () => {
      const auth = { authorization: `Bearer ${adminToken}` };
      const document = readFileSync(path.join(SEEDS_DIR, "003_d2b59fd790b2730b.txt"));
      const upload = await fetch(`${a!.url}/api/imports?fileName=copy-of-003.txt`, {
        method: "POST",
        headers: { ...auth, "content-type": "text/plain" },
        body: document,
      });
      expect(upload.status).toBe(201);
      const preview = (await upload.json()) as { previewId: string; currentVersion: number; planId: string };
      const shown = await fetch(`${b!.url}/api/imports/${preview.previewId}`, { headers: auth });
      expect(shown.status).toBe(200);
      expect(((await shown.json()) as { planId: string }).planId).toBe(preview.planId);
      const commit = await fetch(`${b!.url}/api/imports/${preview.previewId}/commit`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ expectedPlanVersion: preview.currentVersion }),
      });
      expect(commit.status).toBe(201);
      expect(((await commit.json()) as { version: number }).version).toBe(preview.currentVersion + 1);
      // Committed once: the preview is gone for both processes.
      expect((await fetch(`${a!.url}/api/imports/${preview.previewId}`, { headers: auth })).status).toBe(404);
    });
  });
}
