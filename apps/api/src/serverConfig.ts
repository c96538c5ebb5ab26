/** The server's settings, read from the environment and the command line. */
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { ApiConfigInput } from "./config.ts";

const flag = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return undefined;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    ctx.addIssue({ code: "custom", message: `expected true or false, got ${v}` });
    return z.NEVER;
  });

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.string().optional(),
  REFORM_DATA_DIR: z.string().default("./.reform/data"),
  REFORM_DB_SCHEMA: z.string().optional(),
  REFORM_ANONYMOUS_READ: flag,
  REFORM_SEEDS_DIR: z.string().optional(),
  REFORM_WEB_ROOT: z.string().optional(),
  REFORM_DEMO: flag,
  REFORM_CORS_ORIGINS: z.string().optional(),
  /** "off", or "<burst>/<perSecond>", e.g. "120/20". */
  REFORM_RATE_LIMIT: z
    .string()
    .regex(/^(off|\d+\/\d+(\.\d+)?)$/, 'expected "off" or "<burst>/<perSecond>"')
    .optional(),
});

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly schema: string | undefined;
  readonly seedsDir: string | undefined;
  readonly demo: boolean;
  readonly newAdminToken: boolean;
  readonly api: ApiConfigInput;
}

export type ServerConfigResult = { ok: true; config: ServerConfig } | { ok: false; message: string };

/** Walks up from `from` to find a folder named `name` for which `accept` holds. */
export function findUp(from: string, name: string, accept: (dir: string) => boolean): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate) && accept(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads the server's settings; `here` is the running module's directory (to find seeds/ and the web build). */
export function readServerConfig(env: NodeJS.ProcessEnv, argv: readonly string[], here: string): ServerConfigResult {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    };
  }
  const unknown = argv.filter((a) => a !== "--new-admin-token");
  if (unknown.length > 0) return { ok: false, message: `unknown argument(s): ${unknown.join(" ")}` };
  const e = parsed.data;
  const seedsDir = e.REFORM_SEEDS_DIR ?? findUp(here, "seeds", (d) => existsSync(path.join(d, "README.md")));
  const webRoot =
    e.REFORM_WEB_ROOT ?? findUp(here, "apps", (d) => existsSync(path.join(d, "web", "dist", "index.html")));
  const rate = e.REFORM_RATE_LIMIT;
  const [burst, perSecond] = rate && rate !== "off" ? rate.split("/").map(Number) : [];
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      databaseUrl: e.DATABASE_URL || undefined,
      dataDir: e.REFORM_DATA_DIR,
      schema: e.REFORM_DB_SCHEMA,
      seedsDir,
      demo: e.REFORM_DEMO ?? true,
      newAdminToken: argv.includes("--new-admin-token"),
      api: {
        anonymousRead: e.REFORM_ANONYMOUS_READ ?? true,
        corsOrigins: e.REFORM_CORS_ORIGINS ? e.REFORM_CORS_ORIGINS.split(",").map((s) => s.trim()) : [],
        ...(webRoot ? { webRoot: e.REFORM_WEB_ROOT ?? path.join(webRoot, "web", "dist") } : {}),
        ...(rate === "off"
          ? { rateLimit: { enabled: false } }
          : burst !== undefined && perSecond !== undefined
            ? { rateLimit: { enabled: true, burst, perSecond } }
            : {}),
      },
    },
  };
}
