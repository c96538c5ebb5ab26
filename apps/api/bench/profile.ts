/**
 * Per-request cost without the network: the app over a memory store with a small generated ledger,
 * N `app.request()` calls per endpoint. Run with `node --cpu-prof bench/profile.ts` to profile.
 */
import { openStore } from "@reform/storage";
import { createApp } from "../src/app.ts";
import { generate } from "./generate.ts";

const n = Number(process.argv[2] ?? 20_000);
const { ledger, events } = generate(2_000, 2_000);
const store = await openStore({ dataDir: "memory" });
await store.commitImport(ledger, { actor: { role: "system", name: "bench" } });
for (const event of events) await store.appendEvent(event);
const app = createApp({
  store,
  clock: () => new Date("2020-09-30T04:00:00Z"),
  config: { rateLimit: { enabled: false } },
});
const paths = [
  "/health",
  "/api/tasks?plan=bench-plan&asOf=2020-09-30",
  "/api/plans/bench-plan/summary?asOf=2020-09-30",
];
for (const path of paths) {
  const url = `http://localhost${path}`;
  await (await app.request(url)).arrayBuffer();
  const started = performance.now();
  for (let i = 0; i < n; i++) await (await app.request(url)).arrayBuffer();
  const us = ((performance.now() - started) * 1000) / n;
  process.stdout.write(`${path.padEnd(52)} ${us.toFixed(1)} µs/request\n`);
}
await store.close();
