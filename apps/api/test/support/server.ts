/**
 * Real server processes for tests: the tsup build of src/main.ts (dist/main.js when it is newer than
 * the sources, else a fresh build into node_modules/.cache/test-server/), run with
 * `--conditions=@reform/source` so workspace packages run from their sources. Listens on 127.0.0.1
 * on a free ephemeral port.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The newest modification time under a directory. */
function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return max;
}

/** The built server entry: dist/main.js if up to date, else a fresh tsup build of it. */
export async function serverEntry(): Promise<string> {
  const dist = path.join(PACKAGE, "dist", "main.js");
  if (existsSync(dist) && statSync(dist).mtimeMs >= newest(path.join(PACKAGE, "src"))) return dist;
  const { build } = await import("tsup");
  const outDir = path.join(PACKAGE, "node_modules", ".cache", "test-server");
  await build({
    entry: { main: path.join(PACKAGE, "src", "main.ts") },
    outDir,
    format: ["esm"],
    platform: "node",
    target: "node22",
    dts: false,
    sourcemap: false,
    clean: true,
    silent: true,
    config: false,
    external: [/^@reform\//, /^@hono\//, "hono", /^hono\//, "zod", "effect", "exceljs", "swagger-ui-dist"],
  });
  return path.join(outDir, "main.js");
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** The admin token a first start printed ("" when none was). */
export const adminTokenOf = (server: Server): string => /admin token[^:]*: (rl_\S+)/.exec(server.output())?.[1] ?? "";

/** Spawns the server with extra environment; does not wait. */
export function spawnServer(entry: string, env: Record<string, string>, port: number): Server {
  const child = spawn(process.execPath, ["--conditions=@reform/source", entry], {
    cwd: PACKAGE,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", REFORM_RATE_LIMIT: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { url: `http://127.0.0.1:${port}`, child, output: () => out, exited };
}

/** Starts a server process and waits until it listens; fails with its output if it exits. */
export async function startServer(entry: string, env: Record<string, string>): Promise<Server> {
  const server = spawnServer(entry, env, await freePort());
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${server.output()}`)), 90_000);
    const check = setInterval(() => {
      if (server.output().includes("listening on")) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 50);
    void server.exited.then((code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${server.output()}`));
    });
  });
  return server;
}

/** Stops a server (SIGTERM, then SIGKILL after 5 s). */
export async function stopServer(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill("SIGTERM");
  await Promise.race([server.exited, new Promise((r) => setTimeout(r, 5000))]);
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
}

/** Kills a server at once (no shutdown) and waits for it to be gone. */
export async function killServer(server: Server): Promise<void> {
  server.child.kill("SIGKILL");
  await server.exited;
}
