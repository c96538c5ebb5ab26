/**
 * Load and crash: the real server process (embedded PGlite in a temporary data directory, and
 * PostgreSQL in a fresh schema) under N concurrent clients, each posting progress reports with its
 * own event ids to its own task. Every acknowledged (201) write is recorded; afterwards the store
 * holds every one of them, by count and content, and nothing the clients did not send. The server
 * answers no 5xx. A SIGKILL in the middle of such a load, then a restart on the same data directory:
 * every acknowledged write is there, every task's version equals its events, and the server starts
 * without repair. A damaged or foreign data directory is refused with a clear error and left as it was.
 *
 * CI: LOAD_CLIENTS=50 clients for LOAD_SECONDS=8 s per run; `pnpm soak` runs 200 × 60 s.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DATABASE_URL, dropSchemas, freshSchema, postgresUnreachable, SEEDS_DIR } from "./support/harness.ts";
import { indicatorsFor, type LoadResult, load, type Sent, send, tasksFor, verify } from "./support/load.ts";
import { adminTokenOf, killServer, type Server, serverEntry, startServer, stopServer } from "./support/server.ts";

const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 8);
/** Each test's time limit: starts, loads and checks, with room for a slow machine. */
const LIMIT = 180_000 + SECONDS * 4000;
const unreachable = await postgresUnreachable();
const dirs: string[] = [];
const servers: Server[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => stopServer(s)));
  await dropSchemas();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "reform-api-load-"));
  dirs.push(dir);
  return dir;
}

async function start(env: Record<string, string>): Promise<Server> {
  const server = await startServer(await serverEntry(), { REFORM_SEEDS_DIR: SEEDS_DIR, REFORM_DEMO: "false", ...env });
  servers.push(server);
  return server;
}

const afterSeconds = (s: number) => new Promise<void>((r) => setTimeout(r, s * 1000));
const report = (label: string, r: LoadResult, seconds: number) =>
  console.log(
    `[load] ${label}: ${CLIENTS} clients × ${seconds} s, acknowledged ${r.acknowledged.length}, unanswered ${r.unknown.length}, retried ${r.retried ?? 0}${r.failures?.length ? ` (${[...new Set(r.failures)].join("; ")})` : ""}, statuses ${JSON.stringify(Object.fromEntries(r.statuses))}`,
  );

describe("load and crash on embedded PGlite", () => {
  it(
    "keeps every acknowledged write under load, answers no 5xx, and survives a SIGKILL",
    async () => {
      const dir = tempDir();
      const first = await start({ REFORM_DATA_DIR: dir });
      const admin = adminTokenOf(first);
      expect(admin).toMatch(/^rl_/);
      const taskIds = (await tasksFor(first.url, admin, CLIENTS)).slice(0, CLIENTS);
      expect(taskIds.length).toBeGreaterThanOrEqual(Math.min(CLIENTS, 150));
      const indicatorIds = await indicatorsFor(first.url, admin);
      const steady = await load("steady", first.url, admin, taskIds, afterSeconds(SECONDS), {
        indicatorIds,
        clients: CLIENTS,
      });
      report("PGlite", steady, SECONDS);
      expect([...steady.statuses.keys()].filter((s) => s >= 500)).toEqual([]);
      expect(steady.unknown).toEqual([]);
      expect(steady.idle).toBe(0);
      expect(steady.acknowledged.length).toBeGreaterThan(CLIENTS);
      expect(await verify(first.url, admin, steady, taskIds)).toBe(steady.acknowledged.length);

      // Crash in the middle of the next load (reports and measurements): no shutdown, no flush.
      const crashAt = Math.max(2, SECONDS / 2);
      const crashed = load("crash", first.url, admin, taskIds, new Promise(() => {}), {
        indicatorIds,
        clients: CLIENTS,
      });
      await afterSeconds(crashAt);
      await killServer(first);
      const during = await crashed;
      report("PGlite until SIGKILL", during, crashAt);
      expect(during.acknowledged.length).toBeGreaterThan(0);
      expect([...during.statuses.keys()].filter((s) => s >= 500)).toEqual([]);

      const second = await start({ REFORM_DATA_DIR: dir });
      expect(second.output()).not.toContain("imported ");
      const all: LoadResult = {
        acknowledged: [...steady.acknowledged, ...during.acknowledged],
        unknown: during.unknown,
        statuses: new Map(),
      };
      expect(await verify(second.url, admin, all, taskIds)).toBe(all.acknowledged.length);

      // Writes whose answer the crash swallowed: a retry with the same event id settles each, once.
      const settled: Sent[] = [];
      for (const sent of during.unknown) {
        let version = 0;
        if (!sent.indicatorId) {
          const current = await fetch(`${second.url}/api/tasks/${encodeURIComponent(sent.taskId!)}`, {
            headers: { authorization: `Bearer ${admin}` },
          });
          version = ((await current.json()) as { version: number }).version;
        }
        const retry = await send(second.url, admin, sent, version);
        expect(retry.status).toBe(201);
        settled.push(sent);
      }
      const settledAll = { ...all, acknowledged: [...all.acknowledged, ...settled], unknown: [] };
      expect(await verify(second.url, admin, settledAll, taskIds)).toBe(settledAll.acknowledged.length);
      await stopServer(second);

      // A damaged copy of this data directory (its control file gone) is refused, not reset.
      const damaged = tempDir();
      cpSync(dir, damaged, { recursive: true });
      rmSync(path.join(damaged, "global", "pg_control"));
      const files = readdirSync(damaged, { recursive: true }).map(String);
      const refused = await start({ REFORM_DATA_DIR: damaged }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(refused).toBeInstanceOf(Error);
      console.log(`[load] damaged data directory: ${refused?.message.split("\n").slice(1).join(" | ")}`);
      expect(refused!.message).toMatch(
        /could not start: .*embedded database in .* could not be opened.*damaged.*left as it is/,
      );
      // Nothing removed or reset: every file is still there.
      const after = new Set(readdirSync(damaged, { recursive: true }).map(String));
      for (const file of files) expect(after.has(file), `${file} was removed`).toBe(true);
    },
    LIMIT,
  );

  it("refuses a damaged or foreign data directory with a clear error and leaves it as it was", async () => {
    const foreign = tempDir();
    writeFileSync(path.join(foreign, "notes.txt"), "不是数据库");
    writeFileSync(path.join(foreign, "PG_VERSION"), "garbage\n");
    const before = readdirSync(foreign).sort();
    const server = await start({ REFORM_DATA_DIR: foreign }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(server).toBeInstanceOf(Error);
    console.log(`[load] foreign data directory: ${server?.message.split("\n").slice(1).join(" | ")}`);
    expect(server!.message).toMatch(/could not start: .*embedded database in .*could not be opened.*left as it is/);
    expect(readdirSync(foreign).sort()).toEqual(before);
    expect(readFileSync(path.join(foreign, "notes.txt"), "utf8")).toBe("不是数据库");
    expect(readFileSync(path.join(foreign, "PG_VERSION"), "utf8")).toBe("garbage\n");

    const other = tempDir();
    writeFileSync(path.join(other, "report.xlsx"), "别人的文件");
    const refused = await start({ REFORM_DATA_DIR: other }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(refused!.message).toMatch(
      /could not start: .* is not empty and is not an embedded database directory .*report\.xlsx/,
    );
    expect(readdirSync(other)).toEqual(["report.xlsx"]);
  }, 120_000);
});

if (unreachable !== undefined && process.env.CI === "true") {
  describe("load on PostgreSQL", () => {
    it("needs a reachable server when CI=true", () => {
      throw new Error(`PostgreSQL at ${DATABASE_URL} is not reachable (${unreachable})`);
    });
  });
} else if (unreachable !== undefined) {
  console.warn(
    `\n!! PostgreSQL at ${DATABASE_URL} is not reachable (${unreachable}): the load test on it is SKIPPED.\n`,
  );
} else {
  describe("load on PostgreSQL", () => {
    it(
      "keeps every acknowledged write under load and answers no 5xx",
      async () => {
        const server = await start({ DATABASE_URL, REFORM_DB_SCHEMA: freshSchema("api_load") });
        const admin = adminTokenOf(server);
        const taskIds = (await tasksFor(server.url, admin, CLIENTS)).slice(0, CLIENTS);
        expect(taskIds.length).toBeGreaterThanOrEqual(Math.min(CLIENTS, 150));
        const result = await load("pg", server.url, admin, taskIds, afterSeconds(SECONDS), {
          indicatorIds: await indicatorsFor(server.url, admin),
          clients: CLIENTS,
        });
        report("PostgreSQL", result, SECONDS);
        expect([...result.statuses.keys()].filter((s) => s >= 500)).toEqual([]);
        expect(result.unknown).toEqual([]);
        expect(result.idle).toBe(0);
        expect(await verify(server.url, admin, result, taskIds)).toBe(result.acknowledged.length);
        await stopServer(server);
      },
      LIMIT,
    );
  });
}
