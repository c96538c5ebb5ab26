/**
 * Test harness: a store (PGlite in memory, or a fresh schema on the PostgreSQL server), the four
 * seed plans imported through the real importer, tokens per role, and a small request helper
 * over `app.request()`.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Ledger } from "@reform/domain";
import { importDocument } from "@reform/ingest";
import { openStore, type Store, type TokenRole } from "@reform/storage";
import pg from "pg";
import { createApp, type CreateAppOptions } from "../../src/app.ts";

export const SEEDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../seeds");
export const DATABASE_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

/** The seed documents' file names, in order. */
export function seedFiles(): string[] {
  return readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith(".txt"))
    .sort();
}

/** A seed document read into a ledger by the real importer. */
export function seedLedger(file: string): Ledger {
  const result = importDocument(readFileSync(path.join(SEEDS_DIR, file)), { fileName: file });
  if (!result.ok) throw new Error(`seed ${file} did not import: ${result.error.message}`);
  return result.ledger;
}

/** Imports the seed plans into a store; returns their ledgers by file. */
export async function importSeeds(store: Store, files = seedFiles()): Promise<Map<string, Ledger>> {
  const out = new Map<string, Ledger>();
  for (const file of files) {
    const ledger = seedLedger(file);
    await store.commitImport(ledger, { actor: { role: "system", name: "test seed" } });
    out.set(file, ledger);
  }
  return out;
}

/** An in-memory PGlite store. */
export function memoryStore(): Promise<Store> {
  return openStore({ dataDir: "memory" });
}

/** Schemas this test process made on the PostgreSQL server, dropped by `dropSchemas`. */
const schemas = new Set<string>();

/** A fresh schema name on the PostgreSQL server, remembered for `dropSchemas`. */
export function freshSchema(prefix = "api_test"): string {
  const schema = `${prefix}_${randomBytes(5).toString("hex")}`;
  schemas.add(schema);
  return schema;
}

/** Drops every schema made through `freshSchema` (call once the stores and servers on them are closed). */
export async function dropSchemas(): Promise<void> {
  if (schemas.size === 0) return;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    schemas.clear();
  } finally {
    await client.end();
  }
}

/** Whether the PostgreSQL server answers; the reason when it does not. */
export async function postgresUnreachable(): Promise<string | undefined> {
  try {
    const store = await openStore({ databaseUrl: DATABASE_URL, schema: freshSchema("api_probe") });
    await store.close();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A store in a fresh schema on the PostgreSQL server. */
export function postgresStore(): Promise<Store> {
  return openStore({ databaseUrl: DATABASE_URL, schema: freshSchema() });
}

/** A fixed clock: 2020-09-30 noon in China. */
export const DEMO_NOW = new Date("2020-09-30T04:00:00Z");

/** The app over a store with a fixed clock and a generous rate limit unless told otherwise. */
export function testApp(store: Store, options: Partial<CreateAppOptions> = {}) {
  return createApp({
    store,
    clock: () => DEMO_NOW,
    log: () => {},
    ...options,
    config: { rateLimit: { enabled: false, burst: 1, perSecond: 1 }, ...options.config },
  });
}

/** Creates a token; returns the plain token. */
export async function token(store: Store, role: TokenRole, units: string[] = []): Promise<string> {
  return (await store.createToken({ name: `test ${role}`, role, units })).plainToken;
}

type App = { request: (input: string, init?: RequestInit) => Response | Promise<Response> };

/** Sends a request; JSON bodies are encoded. */
export async function call(
  app: App,
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field and assert each.
): Promise<{ status: number; body: any; res: Response }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: RequestInit["body"];
  if (options.body !== undefined) {
    if (typeof options.body === "string" || options.body instanceof Uint8Array || options.body instanceof FormData) {
      body = options.body as RequestInit["body"];
    } else {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
  }
  const res = await app.request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const type = res.headers.get("content-type") ?? "";
  const parsed = type.includes("json") ? await res.json() : await res.text();
  return { status: res.status, body: parsed, res };
}
