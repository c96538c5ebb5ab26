/**
 * End-to-end support: builds the web app, starts the real API (`main.ts`, as `npm start` does) as a
 * child process on an ephemeral port over a fresh embedded database with the seeds and the demo
 * history, and drives Debian's Chromium through playwright-core. Screenshots go to
 * `.test-results/screenshots/`; `axe` runs axe-core in the page.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = path.resolve(WEB_DIR, "../..");
export const SHOTS = path.join(WEB_DIR, ".test-results/screenshots");
export const CHROMIUM = process.env.REFORM_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser suite cannot run here (undefined when it can). In CI a missing browser is a failure. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `Chromium not found at ${CHROMIUM} (install Debian's chromium: tooling/scripts/system-deps.sh)`;
  if (process.env.CI === "true") throw new Error(`${why}; CI=true, so the end-to-end suite fails`);
  console.warn(`\n[web e2e] SKIPPED: ${why}\n`);
  return why;
}

/** Builds the app into a temporary folder (the test always serves what the sources build today). */
export async function buildApp(outDir: string): Promise<void> {
  await build({ root: WEB_DIR, logLevel: "warn", build: { outDir, emptyOutDir: true } });
}

export interface Server {
  readonly url: string;
  readonly adminToken: string;
  stop(): Promise<void>;
}

/** The real API (`apps/api/src/main.ts`) serving `webRoot`, on port 0 over a fresh data directory. */
export async function startServer(webRoot: string): Promise<Server> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "reform-web-e2e-"));
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=@reform/source", path.join(ROOT, "apps/api/src/main.ts")],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: "",
        REFORM_DATA_DIR: dataDir,
        REFORM_WEB_ROOT: webRoot,
        REFORM_SEEDS_DIR: path.join(ROOT, "seeds"),
        REFORM_RATE_LIMIT: "off",
        REFORM_DEMO: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  const ready = new Promise<{ url: string; adminToken: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start:\n${out}`)), 150_000);
    const look = () => {
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const adminToken = /admin token \(shown once[^)]*\): (\S+)/.exec(out)?.[1];
      if (url && adminToken) {
        clearTimeout(timer);
        resolve({ url, adminToken });
      }
    };
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      look();
    });
    child.stderr?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited with ${code}:\n${out}`));
    });
  });
  const { url, adminToken } = await ready;
  return {
    url,
    adminToken,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--lang=zh-CN"] });
}

/** Saves a screenshot of the page as a test artifact. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: string[];
}

/** Serious and critical axe-core violations on the page as it is now. */
export async function axeSerious(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const result = await w.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Calls the API directly (as another client would). */
export async function api(
  server: Server,
  method: string,
  url: string,
  options: { token?: string; body?: unknown } = {},
  // biome-ignore lint/suspicious/noExplicitAny: test helper returning parsed JSON read field by field.
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(server.url + url, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, body: type.includes("json") ? await res.json() : await res.text() };
}

/** Creates a token of a role through the API (as an admin would). */
export async function makeToken(server: Server, role: string, units: string[] = []): Promise<string> {
  const res = await api(server, "POST", "/api/tokens", {
    token: server.adminToken,
    body: { name: `e2e ${role}`, role, units },
  });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.plainToken;
}
