/**
 * Bench helper process: the API over an in-memory PGlite store holding either the four seed plans
 * (`seeds`) or a generated ledger (`generated:N`), on a free loopback port, clock fixed at
 * 2020-09-30. Prints `{"url":…,"token":…}` on stdout once it listens.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createApp } from "@reform/api";
import { importFilePath } from "@reform/ingest";
import { openStore } from "@reform/storage";
import { generate } from "./generate.ts";

const what = process.argv[2] ?? "seeds";
const store = await openStore({ dataDir: "memory" });
const actor = { actor: { role: "system" as const, name: "bench" } };
if (what.startsWith("generated:")) {
  await store.commitImport(generate(Number(what.slice("generated:".length))), actor);
} else {
  const dir = join(import.meta.dirname, "../../../seeds");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".txt"))) {
    const read = await importFilePath(join(dir, file));
    if (!read.ok) throw new Error(`${file}: ${read.error.message}`);
    await store.commitImport(read.ledger, actor);
  }
}
const { plainToken } = await store.createToken({ name: "bench", role: "admin", units: [] });
const app = createApp({
  store,
  clock: () => new Date("2020-09-30T04:00:00Z"),
  config: { rateLimit: { enabled: false } },
  log: (error) => console.error(error),
});
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}`, token: plainToken })}\n`);
});
process.on("SIGTERM", () => void store.close().then(() => process.exit(0)));
