/**
 * Benchmark worker: the API over an in-memory PGlite store (or, with `postgres`, a fresh schema on
 * the PostgreSQL server at DATABASE_URL, dropped when stopped) holding the generated ledger, on a
 * free loopback port. Loads and computes the ledger once (a first task page), then posts
 * { port, tasks, events, setupMs, memory } when it listens.
 */
import { randomBytes } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import pg from "pg";
import { serve } from "@hono/node-server";
import { openStore } from "@reform/storage";
import { createApp } from "../src/app.ts";
import { generate } from "./generate.ts";

const started = performance.now();
const options = workerData as { tasks: number; events: number; postgres: boolean };
const { ledger, events } = generate(options.tasks, options.events);
const databaseUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const schema = `reform_apibench_${randomBytes(6).toString("hex")}`;
const store = options.postgres ? await openStore({ databaseUrl, schema }) : await openStore({ dataDir: "memory" });
await store.commitImport(ledger, { actor: { role: "system", name: "bench" } });
for (const event of events) await store.appendEvent(event);
const app = createApp({
  store,
  clock: () => new Date("2020-09-30T04:00:00Z"),
  config: { rateLimit: { enabled: false } },
  log: (error) => console.error(error),
});
// The same API without its GET response cache, for comparison (every request validated and handled).
const uncached = createApp({
  store,
  clock: () => new Date("2020-09-30T04:00:00Z"),
  config: { rateLimit: { enabled: false }, responseCache: false },
  log: (error) => console.error(error),
});
// The ledger loaded and computed as of the date (what the first request would do), then memory.
await (await app.request("/api/tasks?plan=bench-plan&asOf=2020-09-30")).arrayBuffer();
const { rss, heapUsed } = process.memoryUsage();
const memory = { rss, heapUsed };
const other = await new Promise<{ port: number; server: ReturnType<typeof serve> }>((resolve) => {
  const server = serve({ fetch: uncached.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
    resolve({ port: info.port, server }),
  );
});
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  parentPort?.postMessage({
    port: info.port,
    uncachedPort: other.port,
    tasks: ledger.tasks.length,
    events: events.length,
    setupMs: Math.round(performance.now() - started),
    memory,
  });
});
parentPort?.on("message", (message) => {
  if (message === "stop") {
    other.server.close();
    server.close(
      () =>
        void store
          .close()
          .then(async () => {
            if (!options.postgres) return;
            const client = new pg.Client({ connectionString: databaseUrl });
            await client.connect();
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await client.end();
          })
          .finally(() => process.exit(0)),
    );
  }
});
