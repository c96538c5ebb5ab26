/**
 * Issue 8: the CLI, the API and a plain SDK call give the same answers for the same ledger and date.
 * One seed plan is imported (by the same importer the CLI's file mode uses) into a fresh in-memory
 * store served by the real API on an ephemeral port; `reform status --json` and `reform bulletin`
 * are run on the file (computed locally) and against that server, and compared with each other and
 * with `createSdk().compute` + `queryTasks` over the same tasks and events.
 */
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createApp } from "@reform/api";
import { createSdk, type Ledger, type LedgerEvent, queryTasks } from "@reform/domain";
import { importFilePath } from "@reform/ingest";
import { openStore, type Store } from "@reform/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli.ts";

const SEED = join(import.meta.dirname, "../../../seeds/002_84b7797c4af70c34.txt");
const AS_OF = "2018-06-30";
const WORK = ["task", "milestone"] as const;

let store: Store;
let server: ReturnType<typeof serve>;
let url: string;
let token: string;
let ledger: Ledger;

async function reform(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
  });
  return { code, stdout, stderr };
}

const remoteEnv = () => ({ REFORM_URL: url, REFORM_TOKEN: token });

beforeAll(async () => {
  const read = await importFilePath(SEED);
  if (!read.ok) throw new Error(read.error.message);
  ledger = read.ledger;
  store = await openStore({ dataDir: "memory" });
  await store.commitImport(ledger, { actor: { role: "system", name: "parity test" } });
  token = (await store.createToken({ name: "parity", role: "admin", units: [] })).plainToken;
  const app = createApp({
    store,
    clock: () => new Date(`${AS_OF}T04:00:00Z`),
    log: () => {},
    config: { rateLimit: { enabled: false, burst: 1, perSecond: 1 } },
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      url = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await store?.close();
});

/** `reform status --json` without its `source` (a file name or the server's address). */
const statusOf = async (argv: string[], env: Record<string, string | undefined> = {}) => {
  const run = await reform(["status", ...argv, "--as-of", AS_OF, "--json"], env);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const { source, ...rest } = JSON.parse(run.stdout);
  expect(typeof source).toBe("string");
  return rest;
};

/** The events the server holds, oldest first. */
async function storedEvents(): Promise<LedgerEvent[]> {
  return (await store.listEvents({ afterSeq: 0, limit: 100_000 })).map((e) => e.event);
}

/** What a plain SDK call answers, in the shape `status --json` prints. */
async function sdkStatus(events: readonly LedgerEvent[]) {
  const computation = await createSdk().compute({ tasks: ledger.tasks, events, asOf: AS_OF });
  const source = { tasks: ledger.tasks, computation };
  const overdue = queryTasks(source, { kind: [...WORK], timeliness: ["overdue"], sort: "overdue", limit: 20 });
  const dueSoon = queryTasks(source, { kind: [...WORK], timeliness: ["due-soon"], sort: "due", limit: 20 });
  const summary = JSON.parse(JSON.stringify(computation.plans.get(ledger.plan.id)));
  return {
    asOf: AS_OF,
    plans: [{ id: ledger.plan.id, percent: summary.percent, summary }],
    overdueTotal: overdue.total,
    dueSoonTotal: dueSoon.total,
    overdue: overdue.items.map((r) => ({
      id: r.task.id,
      status: r.state.status,
      daysOverdue: r.timeliness.daysOverdue,
    })),
    dueSoon: dueSoon.items.map((r) => ({ id: r.task.id, status: r.state.status, daysLeft: r.timeliness.daysLeft })),
  };
}

/** The parts of a `status --json` answer the SDK comparison looks at. */
function core(status: {
  asOf: string;
  plans: { id: string; percent: number; summary: unknown }[];
  overdueTotal: number;
  dueSoonTotal: number;
  overdue: { id: string; status: string; daysOverdue: number }[];
  dueSoon: { id: string; status: string; daysLeft?: number }[];
}) {
  return {
    asOf: status.asOf,
    plans: status.plans.map(({ id, percent, summary }) => ({ id, percent, summary })),
    overdueTotal: status.overdueTotal,
    dueSoonTotal: status.dueSoonTotal,
    overdue: status.overdue.map(({ id, status: s, daysOverdue }) => ({ id, status: s, daysOverdue })),
    dueSoon: status.dueSoon.map(({ id, status: s, daysLeft }) => ({ id, status: s, daysLeft })),
  };
}

describe("the CLI, the API and a plain SDK call agree (issue 8)", () => {
  it("status: the file computed locally, the server and the SDK give the same figures", async () => {
    const file = await statusOf([SEED]);
    const remote = await statusOf([], remoteEnv());
    expect(file.overdueTotal).toBeGreaterThan(0);
    expect(remote).toEqual(file);
    expect(core(remote)).toEqual(await sdkStatus(await storedEvents()));
  });

  it("bulletin: the file's Markdown is the server's Markdown", async () => {
    const file = await reform(["bulletin", SEED, "--as-of", AS_OF, "--format", "md"]);
    const remote = await reform(["bulletin", "--as-of", AS_OF, "--format", "md"], remoteEnv());
    expect(file.code).toBe(0);
    expect(remote.code).toBe(0);
    expect(file.stdout).toContain("#");
    expect(remote.stdout).toBe(file.stdout);
  });

  it("status after reports through the CLI: the server and the SDK over the stored events agree", async () => {
    const rows = (await statusOf([], remoteEnv())).overdue as { id: string; status: string }[];
    const target = rows[0];
    expect(target).toBeDefined();
    const before = (await storedEvents()).length;
    const report = await reform(
      ["report", target!.id, "--percent", "40", "--note", "parity test progress"],
      remoteEnv(),
    );
    expect(report.stderr).toBe("");
    const events = await storedEvents();
    expect(events.length).toBe(before + 1);
    const remote = await statusOf([], remoteEnv());
    expect(core(remote)).toEqual(await sdkStatus(events));
    expect(remote.overdue.find((r: { id: string }) => r.id === target!.id)?.percent).toBe(40);
  });
});
