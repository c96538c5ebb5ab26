/**
 * Database faults: the real server process on PostgreSQL under write load while its connections are
 * cut with `pg_terminate_backend` (only its own: they carry a unique application_name). Clients get
 * 201 or a clear 503 `unavailable` (never a 500); a retried write with the same event id is never
 * stored twice; once the cuts stop, the API answers again without a restart.
 */
import { writeFileSync } from "node:fs";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DATABASE_URL, dropSchemas, freshSchema, postgresUnreachable, SEEDS_DIR } from "./support/harness.ts";
import { indicatorsFor, load, tasksFor, verify } from "./support/load.ts";
import { adminTokenOf, type Server, serverEntry, startServer, stopServer } from "./support/server.ts";

const CLIENTS = Number(process.env.FAULT_CLIENTS ?? 20);
const SECONDS = Number(process.env.FAULT_SECONDS ?? 8);
const unreachable = await postgresUnreachable();
let server: Server | undefined;

afterAll(async () => {
  await stopServer(server);
  await dropSchemas();
});

if (unreachable !== undefined && process.env.CI === "true") {
  describe("database faults on PostgreSQL", () => {
    it("needs a reachable server when CI=true", () => {
      throw new Error(`PostgreSQL at ${DATABASE_URL} is not reachable (${unreachable})`);
    });
  });
} else if (unreachable !== undefined) {
  console.warn(`\n!! PostgreSQL at ${DATABASE_URL} is not reachable (${unreachable}): the fault test is SKIPPED.\n`);
} else {
  describe("database faults on PostgreSQL", () => {
    it("answers 503 while its connections are cut, recovers without a restart, never duplicates a retry", async () => {
      const schema = freshSchema("api_fault");
      const name = `reform_${schema}`;
      const url = new URL(DATABASE_URL);
      url.searchParams.set("application_name", name);
      server = await startServer(await serverEntry(), {
        DATABASE_URL: url.toString(),
        REFORM_DB_SCHEMA: schema,
        REFORM_SEEDS_DIR: SEEDS_DIR,
        REFORM_DEMO: "false",
      });
      const admin = adminTokenOf(server);
      const taskIds = (await tasksFor(server.url, admin, CLIENTS)).slice(0, CLIENTS);
      expect(taskIds).toHaveLength(CLIENTS);

      const killer = new pg.Client({ connectionString: DATABASE_URL });
      await killer.connect();
      let terminated = 0;
      let cutting = true;
      const cuts = (async () => {
        await new Promise((r) => setTimeout(r, 1000));
        while (cutting) {
          const { rows } = await killer.query<{ n: string }>(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()",
            [name],
          );
          terminated += Number(rows[0]!.n);
          await new Promise((r) => setTimeout(r, 300));
        }
      })();
      const stopCutting = new Promise<void>((r) => setTimeout(r, SECONDS * 1000)).then(async () => {
        cutting = false;
        await cuts;
      });
      const faulted = await load("fault", server.url, admin, taskIds, stopCutting, {
        retryUnavailable: true,
        indicatorIds: await indicatorsFor(server.url, admin),
      });
      await stopCutting;
      await killer.end();
      // FAULT_LOG=<file> keeps the server's output (its logged errors) for a look after a run.
      if (process.env.FAULT_LOG) writeFileSync(process.env.FAULT_LOG, server.output());
      expect(server.child.exitCode, `the server died:\n${server.output().slice(-3000)}`).toBeNull();
      console.log(
        `[faults] ${CLIENTS} clients × ${SECONDS} s, connections terminated ${terminated}, acknowledged ${faulted.acknowledged.length}, statuses ${JSON.stringify(Object.fromEntries(faulted.statuses))}`,
      );
      expect(terminated).toBeGreaterThan(0);
      expect(faulted.statuses.get(503) ?? 0).toBeGreaterThan(0);
      expect([...faulted.statuses.keys()].filter((s) => s !== 201 && s !== 503)).toEqual([]);

      // No restart: the same process answers every read and write again.
      const recovered = await load("after", server.url, admin, taskIds, new Promise((r) => setTimeout(r, 2000)));
      expect([...recovered.statuses.keys()]).toEqual([201]);
      expect(recovered.unknown).toEqual([]);
      expect(server.child.exitCode).toBeNull();

      // Every acknowledged write once; retries (same id) never stored twice; a write still unanswered
      // when the load stopped is there at most once.
      const all = {
        acknowledged: [...faulted.acknowledged, ...recovered.acknowledged],
        unknown: faulted.unknown,
        statuses: new Map(),
      };
      expect(await verify(server.url, admin, all, taskIds)).toBe(all.acknowledged.length);
    }, 180_000);
  });
}
