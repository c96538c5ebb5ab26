/**
 * `npm start`: opens the store (embedded PGlite in ./.reform/data, or PostgreSQL with DATABASE_URL),
 * seeds it on first start (the four seed plans and a labelled synthetic demo history), makes sure an
 * admin token exists, and serves the API (and the web viewer, once built) on 127.0.0.1:8787.
 *
 * Environment: PORT, HOST, DATABASE_URL, REFORM_DATA_DIR, REFORM_DB_SCHEMA, REFORM_ANONYMOUS_READ,
 * REFORM_SEEDS_DIR, REFORM_WEB_ROOT, REFORM_DEMO, REFORM_CORS_ORIGINS, REFORM_RATE_LIMIT.
 * Flag: --new-admin-token (creates and prints another admin token).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { openStore } from "@reform/storage";
import { createApp } from "./app.ts";
import { bootstrap } from "./bootstrap.ts";
import { DEMO_DATE } from "./demo.ts";
import { readServerConfig } from "./serverConfig.ts";

const say = (line: string) => process.stdout.write(`[reform] ${line}\n`);

async function main(): Promise<number> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const read = readServerConfig(process.env, process.argv.slice(2), here);
  if (!read.ok) {
    process.stderr.write(`[reform] bad configuration: ${read.message}\n`);
    return 2;
  }
  const config = read.config;
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ...(config.schema ? { schema: config.schema } : {}),
  });
  say(
    store.driver === "postgres"
      ? `database: PostgreSQL (schema ${store.schema})`
      : `database: embedded PGlite in ${path.resolve(config.dataDir)}`,
  );
  const boot = await bootstrap(store, {
    seedsDir: config.seedsDir,
    demo: config.demo,
    newAdminToken: config.newAdminToken,
    log: say,
  });
  if (boot.imported.length === 0 && config.seedsDir === undefined && (await store.listPlans()).length === 0) {
    say("no seeds/ folder found (set REFORM_SEEDS_DIR): starting with an empty ledger");
  }

  const app = createApp({ store, config: config.api });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const url = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`;
    // One write, so that a script reading the output gets the address and the token together.
    process.stdout.write(
      [
        `listening on ${url}  (API reference: ${url}/docs)`,
        `the synthetic demo history (演示数据) runs to ${DEMO_DATE}: add ?asOf=${DEMO_DATE} to see it as of then`,
        boot.adminToken
          ? `admin token (shown once; only its hash is stored): ${boot.adminToken}`
          : "an admin token was created at first start; to get a new one, restart with: npm start -- --new-admin-token",
      ]
        .map((line) => `[reform] ${line}\n`)
        .join(""),
    );
  });

  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: shutting down`);
    server.close();
    await store.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`[reform] could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
