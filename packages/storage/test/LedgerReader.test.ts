/**
 * The ledger reader: the cached, revision-aware view over a store that the API (and any process
 * with a store) reads the ledger through. On PGlite in memory.
 */
import { computeLedger, queryTasks } from "@reform/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LedgerReader, openStore, planSources, type Store, unitsOf } from "../src/index.ts";
import { shanxiLedger, taskId } from "./support/fixtures.ts";
import { eventually, report, revisedLedger, supervisor } from "./support/suite.ts";

const ASOF = "2020-06-30";

describe("LedgerReader", () => {
  let store: Store;
  let reader: LedgerReader;
  beforeEach(async () => {
    store = await openStore({ dataDir: "memory", databaseUrl: "" });
    await store.commitImport(shanxiLedger("a"), { actor: supervisor });
    await store.commitImport(shanxiLedger("b"), { actor: supervisor });
    reader = new LedgerReader(store, { checkEachRead: false });
  });
  afterEach(async () => {
    await reader.stop();
    await store.close();
  });

  it("computes what the domain computes over the store's plans and events", async () => {
    const task = taskId("a", "一", "（二）", "3.");
    await store.appendEvent(report(task, "r1", 40), { expectedVersion: 0 });
    const view = await reader.view(ASOF);
    expect(view.planIds).toEqual(["a", "b"]);
    const tasks = [...shanxiLedger("a").tasks, ...shanxiLedger("b").tasks];
    const events = (await store.listEvents({ limit: 100 })).map((s) => s.event);
    const expected = computeLedger({ tasks, events, asOf: ASOF });
    expect(view.computation.summary).toEqual(expected.summary);
    expect(Array.from(view.computation.percent)).toEqual(Array.from(expected.percent));
    expect(view.versions.get(task)).toBe(1);
    // A view is a TaskSource: the domain's query reads it directly.
    const page = queryTasks(view, { text: "", limit: 500 });
    expect(page.items.find((r) => r.task.id === task)).toMatchObject({ version: 1, state: { percent: 40 } });
    expect(planSources(view).map((p) => [p.id, p.ledger?.plan.id, p.events?.length])).toEqual([
      ["a", "a", 1],
      ["b", "b", 0],
    ]);
    expect(unitsOf(view).length).toBeGreaterThan(0);
    // Selections and answers are memoised per view.
    let built = 0;
    const select = () => {
      built++;
      return Int32Array.of(1, 2);
    };
    expect(reader.selection(view, "k", select)).toBe(reader.selection(view, "k", select));
    expect(built).toBe(1);
    const bytes = reader.memoJson(view, "j", () => ({ a: 1 }));
    expect(new TextDecoder().decode(bytes)).toBe('{"a":1}');
    expect(reader.memoJson(view, "j", () => ({ a: 2 }))).toBe(bytes);
  });

  it("keeps a view while nothing changes, and moves to a new revision after a write", async () => {
    const first = await reader.view(ASOF, ["a"]);
    expect(await reader.view(ASOF, ["a"])).toBe(first);
    const revision = first.snapshot.revision;
    expect(reader.currentRevision()).toBe(revision);
    const task = taskId("a", "一", "（二）", "3.");
    await store.appendEvent(report(task, "r2", 70), { expectedVersion: 0 });
    // This process's own write is noticed through the store's change feed.
    await eventually(() => reader.currentRevision() === undefined);
    const next = await reader.view(ASOF, ["a"]);
    expect(next).not.toBe(first);
    expect(next.snapshot.revision).toBeGreaterThan(revision);
    expect(next.computation.stateOf(next.computation.index.get(task)!).percent).toBe(70);
  });

  it("reloads a plan's task tree after a new version is imported", async () => {
    const before = await reader.view(ASOF, ["a"]);
    await store.commitImport(revisedLedger("a"), { actor: supervisor });
    reader.notice({ planId: "a", type: "import" });
    const after = await reader.view(ASOF, ["a"]);
    const stored = await store.loadLedger("a");
    expect(after.tasks.map((t) => t.id)).toEqual(stored?.tasks.map((t) => t.id));
    expect(after.tasks.map((t) => t.id)).not.toEqual(before.tasks.map((t) => t.id));
  });

  it("sees another writer's events at once when asked to check each read", async () => {
    const checking = new LedgerReader(store, { checkEachRead: true });
    try {
      await checking.view(ASOF);
      const task = taskId("b", "一", "（二）", "3.");
      await store.appendEvent(report(task, "r3", 55), { expectedVersion: 0 });
      const view = await checking.view(ASOF);
      expect(view.versions.get(task)).toBe(1);
    } finally {
      await checking.stop();
    }
  });
});
