/** Helpers for suites that talk to the test API: tokens per role and running `main` in-process. */
import { createClient } from "@reform/api/client";
import { inject } from "vitest";
import { main } from "../../src/cli.ts";

export const apiUrl = () => inject("apiUrl");
export const adminToken = () => inject("adminToken");

/** Creates a token of `role` (units for reporters) through the API; returns the plain token. */
export async function tokenFor(role: "admin" | "supervisor" | "reporter" | "viewer", units: string[] = []) {
  const client = createClient(apiUrl(), { token: adminToken() });
  const res = await client.api.tokens.$post({ json: { name: `cli test ${role}`, role, units } });
  if (res.status !== 201) throw new Error(`could not create a ${role} token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { plainToken: string }).plainToken;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  bytes: Uint8Array[];
}

/** Runs `reform ARGV` in-process with REFORM_URL / REFORM_TOKEN set (unless `env` says otherwise). */
export async function reform(argv: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const out: Run = { code: -1, stdout: "", stderr: "", bytes: [] };
  out.code = await main(argv, {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    stdoutBytes: (b) => {
      out.bytes.push(b);
    },
    env: { REFORM_URL: apiUrl(), REFORM_TOKEN: adminToken(), ...env },
  });
  return out;
}
