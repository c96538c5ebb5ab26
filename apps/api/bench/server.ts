/**
 * Benchmark worker: the API over an in-memory PGlite store holding the generated ledger, on a free
 * loopback port. Posts { port, tasks, events, setupMs } when it listens.
 */
import { parentPort, workerData } from "node:worker_threads";
import { serve } from "@hono/node-server";
import { openStore } from "@reform/storage";
import { createApp } from "../src/app.ts";
import { generate } from "./generate.ts";

const started = performance.now();
const options = workerData as { tasks: number; events: number };
const { ledger, events } = generate(options.tasks, options.events);
const store = await openStore({ dataDir: "memory" });
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
  });
});
parentPort?.on("message", (message) => {
  if (message === "stop") {
    other.server.close();
    server.close(() => void store.close().then(() => process.exit(0)));
  }
});
