/**
 * Global setup: starts the real API (the built `apps/api/dist/main.js`) on the embedded database in
 * a temporary data directory, on an ephemeral port, with the four seed plans and the demo history,
 * and hands its address and admin token to the tests. Stopped (and its directory removed) at the end.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    apiUrl: string;
    adminToken: string;
  }
}

const root = join(import.meta.dirname, "../../../..");
const MAIN = join(root, "apps/api/dist/main.js");

export default async function setup(project: TestProject) {
  if (!existsSync(MAIN)) {
    throw new Error(
      `the API is not built (${MAIN} is missing): run 'pnpm turbo run build --filter=@reform/cli...' first`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "reform-cli-api-"));
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd: root,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      REFORM_DATA_DIR: join(dir, "data"),
      REFORM_RATE_LIMIT: "off",
      DATABASE_URL: "",
      REFORM_DB_SCHEMA: "",
      REFORM_SEEDS_DIR: join(root, "seeds"),
      REFORM_DEMO: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    let url: string | undefined;
    const timer = setTimeout(() => reject(new Error(`the API did not start within 120 s:\n${log}`)), 120_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      url ??= /listening on (http:\/\/\S+)/.exec(log)?.[1];
      const token = /admin token \(shown once[^)]*\): (\S+)/.exec(log)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolve({ url, token });
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (${code}) before it was ready:\n${log}`));
    });
  });
  const { url, token } = await ready;
  project.provide("apiUrl", url);
  project.provide("adminToken", token);
  return async () => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => {
        child.kill("SIGKILL");
        resolve();
      }, 5000).unref();
    });
    rmSync(dir, { recursive: true, force: true });
  };
}
