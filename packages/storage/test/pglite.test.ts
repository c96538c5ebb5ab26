/**
 * The storage suite on embedded PGlite: in memory, and in a data directory where acknowledged
 * writes survive closing and reopening.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Effect } from "effect";
import { afterAll, describe, expect, it } from "vitest";
import { LedgerStore, layer, openStore, useStore } from "../src/index.ts";
import { migrate, migrations } from "../src/Migrations.ts";
import { openPglite } from "../src/Sql.ts";
import { hashToken } from "../src/Tokens.ts";
import { shanxiLedger, taskId } from "./support/fixtures.ts";
import { defineStoreSuite, report, supervisor } from "./support/suite.ts";

defineStoreSuite("PGlite in memory", { open: () => openStore({ dataDir: "memory", databaseUrl: "" }) });

describe("PGlite in a data directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "reform-storage-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps acknowledged writes across close and reopen, migrating only once", async () => {
    const first = await openStore({ dataDir: dir, schema: "ledger", databaseUrl: "" });
    await first.commitImport(shanxiLedger("sx"), { actor: supervisor });
    const task = taskId("sx", "一", "（二）", "3.");
    const { stored } = await first.appendEvent(report(task, "sx-r1", 40), { expectedVersion: 0 });
    const { plainToken } = await first.createToken({ name: "督办员", role: "supervisor" });
    await first.close();

    const raw = await openPglite(dir, "ledger");
    expect(await migrate(raw, "ledger")).toEqual([]);
    const versions = await raw.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
    expect(versions.map((row) => row.version)).toEqual(migrations.map((m) => m.version));
    // The token table holds the hash, never the token.
    const tokens = await raw.query<{ row: string; token_hash: string }>(
      "SELECT row_to_json(t)::text AS row, token_hash FROM api_tokens t",
    );
    await raw.close();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.row).not.toContain(plainToken.slice(20));
    expect(tokens[0]?.token_hash).toBe(hashToken(plainToken));

    const second = await openStore({ dataDir: dir, schema: "ledger", databaseUrl: "" });
    expect(await second.loadLedger("sx")).toEqual(shanxiLedger("sx"));
    expect(await second.listEvents({ taskId: task })).toEqual([stored]);
    expect((await second.getTask(task))?.version).toBe(1);
    expect(await second.verifyToken(plainToken)).toMatchObject({ role: "supervisor" });
    await second.close();
  });
});

describe("LedgerStore (Effect)", () => {
  it("opens the store for the layer's scope and fails with typed errors", async () => {
    const program = Effect.gen(function* () {
      yield* useStore((store) => store.commitImport(shanxiLedger("sx"), { actor: supervisor }));
      const stale = yield* useStore((store) =>
        store.commitImport(shanxiLedger("sx"), { actor: supervisor, expectedPlanVersion: 0 }),
      ).pipe(Effect.catchTag("ConflictError", (error) => Effect.succeed(error.currentVersion)));
      const store = yield* LedgerStore;
      return { stale, plans: yield* Effect.promise(() => store.listPlans()), driver: store.driver };
    });
    const result = await Effect.runPromise(program.pipe(Effect.provide(layer({ dataDir: "memory", databaseUrl: "" }))));
    expect(result.stale).toBe(1);
    expect(result.plans.map((plan) => plan.plan.id)).toEqual(["sx"]);
    expect(result.driver).toBe("pglite");
  });
});
