/**
 * The storage suite on a real PostgreSQL server (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test), each run in a fresh schema dropped afterwards; plus
 * what needs two stores on one server: concurrent start-up, cross-store visibility and
 * notifications. Without a reachable server the suite fails under CI=true and is skipped loudly
 * otherwise.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type ChangeNotice, LedgerReader, openStore, type Store } from "../src/index.ts";
import { migrations } from "../src/Migrations.ts";
import { hashToken } from "../src/Tokens.ts";
import { shanxiLedger, taskId } from "./support/fixtures.ts";
import { defineStoreSuite, eventually, report, supervisor } from "./support/suite.ts";
import { databaseUrl, reachability } from "./support/postgres.ts";

const unreachable = await reachability(databaseUrl);

if (unreachable !== undefined) {
  const banner = `PostgreSQL at ${databaseUrl} is not reachable (${unreachable})`;
  if (process.env.CI === "true") {
    describe("PostgreSQL", () => {
      it("is reachable (required when CI=true)", () => {
        throw new Error(`${banner}: the PostgreSQL storage suite cannot run.`);
      });
    });
  } else {
    console.warn(
      `\n${"!".repeat(100)}\n!!! ${banner}.\n!!! SKIPPING the PostgreSQL storage suite. Set DATABASE_URL or start a server; CI=true makes this a failure.\n${"!".repeat(100)}\n`,
    );
  }
}

const schemas: string[] = [];
/** A fresh schema name, dropped after the file. */
function freshSchema(): string {
  const schema = `reform_test_${randomBytes(6).toString("hex")}`;
  schemas.push(schema);
  return schema;
}

afterAll(async () => {
  if (unreachable !== undefined || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe.skipIf(unreachable !== undefined)("PostgreSQL server", () => {
  const schema = freshSchema();
  defineStoreSuite("store suite", {
    open: () => openStore({ databaseUrl, schema }),
    openPeer: () => openStore({ databaseUrl, schema }),
  });

  describe("two stores on one server", () => {
    it("start up concurrently on a fresh schema and apply each migration once", async () => {
      const fresh = freshSchema();
      const stores = await Promise.all([1, 2, 3].map(() => openStore({ databaseUrl, schema: fresh })));
      await Promise.all(stores.map((store) => store.close()));
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const { rows } = await client.query(`SELECT version FROM ${fresh}.schema_migrations ORDER BY version`);
      await client.end();
      expect(rows.map((row) => row.version)).toEqual(migrations.map((m) => m.version));
    });

    it("see each other's writes at once and receive each other's notifications", async () => {
      const shared = freshSchema();
      const a: Store = await openStore({ databaseUrl, schema: shared });
      const b: Store = await openStore({ databaseUrl, schema: shared });
      try {
        const heardByB: ChangeNotice[] = [];
        const heardByA: ChangeNotice[] = [];
        const stopB = await b.subscribe((notice) => heardByB.push(notice));
        const stopA = await a.subscribe((notice) => heardByA.push(notice));
        await a.commitImport(shanxiLedger("sx"), { actor: supervisor, expectedPlanVersion: 0 });
        expect((await b.getPlan("sx"))?.version).toBe(1);

        const task = taskId("sx", "一", "（一）", "1.");
        const { stored } = await a.appendEvent(report(task, "sx-a1", 20), { expectedVersion: 0 });
        expect(await b.listEvents({ taskId: task })).toEqual([stored]);
        await eventually(() => heardByB.length === 2);
        expect(heardByB).toEqual([
          { seq: expect.any(Number), planId: "sx", taskId: null, type: "import" },
          { seq: stored.seq, planId: "sx", taskId: task, type: "report" },
        ]);

        const fromB = await b.appendEvent(report(task, "sx-b1", 40), { expectedVersion: 1 });
        await eventually(() => heardByA.length === 3);
        expect(heardByA[2]).toEqual({ seq: fromB.stored.seq, planId: "sx", taskId: task, type: "report" });
        await stopA();
        await stopB();
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("a reader on one store shows another store's write once its notice arrives, and while notices are lost", async () => {
      const shared = freshSchema();
      const a: Store = await openStore({ databaseUrl, schema: shared });
      const b: Store = await openStore({ databaseUrl, schema: shared });
      const reader = new LedgerReader(b, { checkEachRead: false });
      const gaps: string[] = [];
      const stopProbe = await b.subscribe(
        () => {},
        (state) => gaps.push(state),
      );
      try {
        await a.commitImport(shanxiLedger("sx"), { actor: supervisor, expectedPlanVersion: 0 });
        const task = taskId("sx", "一", "（一）", "1.");
        const heard: number[] = [];
        await reader.listen((notice) => heard.push(notice.seq));
        expect((await reader.view("2020-06-30")).versions.get(task) ?? 0).toBe(0);

        // Once the notice is delivered, the next read shows the write (no query per read before it).
        const first = await a.appendEvent(report(task, "sx-n1", 20), { expectedVersion: 0 });
        await eventually(() => heard.includes(first.stored.seq));
        expect((await reader.view("2020-06-30")).versions.get(task)).toBe(1);

        // The listening connection dies: until it listens again, reads ask the database.
        const admin = new pg.Client({ connectionString: databaseUrl });
        await admin.connect();
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query = $1",
          [`LISTEN ${shared}_changes`],
        );
        await admin.end();
        await eventually(() => gaps.includes("lost"));
        const second = await a.appendEvent(report(task, "sx-n2", 40), { expectedVersion: 1 });
        expect((await reader.view("2020-06-30")).versions.get(task)).toBe(2);
        expect(heard).not.toContain(second.stored.seq);

        // It listens again; notices flow and invalidate as before.
        await eventually(() => gaps.includes("resumed"), 10_000);
        const third = await a.appendEvent(report(task, "sx-n3", 60), { expectedVersion: 2 });
        await eventually(() => heard.includes(third.stored.seq));
        expect((await reader.view("2020-06-30")).versions.get(task)).toBe(3);
      } finally {
        await stopProbe();
        await reader.stop();
        await a.close();
        await b.close();
      }
    });

    it("keeps acknowledged writes when a store is closed and a new one opened", async () => {
      const durable = freshSchema();
      const first = await openStore({ databaseUrl, schema: durable });
      await first.commitImport(shanxiLedger("sx"), { actor: supervisor });
      const { stored } = await first.appendEvent(report(taskId("sx", "一", "（二）", "4."), "sx-r", 90));
      const { plainToken } = await first.createToken({ name: "管理员", role: "admin" });
      await first.close();
      const second = await openStore({ databaseUrl, schema: durable });
      try {
        expect(await second.loadLedger("sx")).toEqual(shanxiLedger("sx"));
        expect(await second.listEvents({ planId: "sx" })).toEqual([stored]);
        expect(await second.verifyToken(plainToken)).toMatchObject({ role: "admin" });
      } finally {
        await second.close();
      }
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const { rows } = await client.query(
        `SELECT row_to_json(t)::text AS row, token_hash FROM ${durable}.api_tokens t`,
      );
      await client.end();
      expect(rows[0]?.row).not.toContain(plainToken.slice(20));
      expect(rows[0]?.token_hash).toBe(hashToken(plainToken));
    });
  });
});
