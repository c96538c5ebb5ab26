/**
 * Acknowledged writes survive a restart: a report and an import acknowledged by the API are there
 * after the PGlite data directory is closed and opened again; a second start does not re-seed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore } from "@reform/storage";
import { afterAll, describe, expect, it } from "vitest";
import { bootstrap } from "../src/bootstrap.ts";
import { call, SEEDS_DIR, testApp, token } from "./support/harness.ts";

const dir = mkdtempSync(path.join(tmpdir(), "reform-api-restart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("restart on a PGlite data directory", () => {
  it("keeps acknowledged writes and does not seed again", async () => {
    const first = await openStore({ dataDir: dir });
    const boot = await bootstrap(first, { seedsDir: SEEDS_DIR, demo: false });
    expect(boot.imported).toHaveLength(4);
    expect(boot.adminToken).toMatch(/^rl_/);
    const admin = boot.adminToken!;
    const app = testApp(first);
    const list = await call(app, "GET", "/api/tasks?kind=task&state=not-started&limit=1");
    const task = list.body.items[0].task;
    expect(task.leads.length).toBeGreaterThan(0);
    const wrote = await call(app, "POST", `/api/tasks/${encodeURIComponent(task.id)}/reports`, {
      token: admin,
      body: { expectedVersion: 0, percent: 35, narrative: "重启前的报告" },
    });
    expect(wrote.status).toBe(201);
    const viewer = await token(first, "viewer");
    await first.close();

    const second = await openStore({ dataDir: dir });
    const again = await bootstrap(second, { seedsDir: SEEDS_DIR, demo: false });
    expect(again.imported).toEqual([]);
    expect(again.adminToken).toBeUndefined();
    const app2 = testApp(second);
    const after = await call(app2, "GET", `/api/tasks/${encodeURIComponent(task.id)}?asOf=2020-09-30`, {
      token: admin,
    });
    expect(after.status).toBe(200);
    expect(after.body.version).toBe(1);
    expect(after.body.state.percent).toBe(35);
    expect(after.body.events[0].event.narrative).toBe("重启前的报告");
    expect((await call(app2, "GET", "/api/plans", { token: viewer })).body.items).toHaveLength(4);
    const renewed = await bootstrap(second, { seedsDir: SEEDS_DIR, newAdminToken: true });
    expect(renewed.adminToken).toMatch(/^rl_/);
    expect(renewed.adminToken).not.toBe(admin);
    expect((await call(app2, "GET", "/api/tokens", { token: renewed.adminToken! })).status).toBe(200);
    await second.close();
  }, 180_000);
});
