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

  it("computes from event logs kept across writes, as-of dates and plan sets: always what the domain computes from the store afresh", async () => {
    const expectFresh = async (asOf: string, planIds: string[]) => {
      const view = await reader.view(asOf, planIds);
      const tasks = planIds.flatMap((id) => view.snapshot.plans.get(id)?.ledger.tasks ?? []);
      const events = (await store.listEvents({ limit: 1000 }))
        .map((s) => s.event)
        .filter((e) => planIds.some((id) => e.taskId?.startsWith(`${id}/`)));
      const fresh = computeLedger({ tasks, events, asOf });
      expect(view.computation.summary).toEqual(fresh.summary);
      expect(view.computation.scorecards).toEqual(fresh.scorecards);
      expect(view.computation.events).toEqual(fresh.events);
      expect(Array.from(view.computation.columns.status)).toEqual(Array.from(fresh.columns.status));
      expect(view.tasks.map((_, i) => view.computation.stateOf(i))).toEqual(tasks.map((_, i) => fresh.stateOf(i)));
      return view;
    };
    const a1 = taskId("a", "一", "（一）", "1.");
    const a2 = taskId("a", "一", "（二）", "3.");
    const b1 = taskId("b", "一", "（一）", "1.");
    await expectFresh(ASOF, ["a", "b"]);
    await store.appendEvent(report(a1, "k1", 30, "2020-03-01T09:00:00+08:00"), { expectedVersion: 0 });
    await store.appendEvent(report(b1, "k2", 50, "2020-05-01T09:00:00+08:00"), { expectedVersion: 0 });
    await eventually(() => reader.currentRevision() === undefined);
    const both = await expectFresh(ASOF, ["a", "b"]);
    await expectFresh("2020-04-01", ["a", "b"]);
    await expectFresh(ASOF, ["a"]);
    // An event dated before those already held, appended later: the log sorts it into place.
    await store.appendEvent(report(a1, "k3", 10, "2020-01-15T09:00:00+08:00"), { expectedVersion: 1 });
    await store.appendEvent(report(a2, "k4", 70, "2020-06-01T09:00:00+08:00"), { expectedVersion: 0 });
    await eventually(() => reader.currentRevision() === undefined);
    const later = await expectFresh(ASOF, ["a", "b"]);
    // The same tasks array (the kept log's), with the new events folded in; the earlier view is as it was.
    expect(later.tasks).toBe(both.tasks);
    expect(both.computation.stateOf(both.tasks.findIndex((t) => t.id === a2)).percent).toBe(0);
    await expectFresh("2020-02-01", ["a"]);
    // A new version of plan a: its logs are built again from the reloaded plan.
    await store.commitImport(revisedLedger("a"), { actor: supervisor });
    await eventually(() => reader.currentRevision() === undefined);
    const reloaded = await expectFresh(ASOF, ["a", "b"]);
    expect(reloaded.tasks).not.toBe(both.tasks);
    await expectFresh(ASOF, ["a"]);
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
