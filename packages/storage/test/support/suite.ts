/**
 * The storage suite, run unchanged against every driver: PGlite in memory and PostgreSQL.
 * One store is opened per suite (PGlite start-up is slow); tests isolate themselves by plan id.
 */
import { readFileSync } from "node:fs";
import { type Actor, Ledger, type LedgerEvent } from "@reform/domain";
import { importDocument } from "@reform/ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ChangeNotice,
  ConflictError,
  NotFoundError,
  type Store,
  type TaskQuery,
  ValidationError,
} from "../../src/index.ts";
import { shanxiLedger, taskId } from "./fixtures.ts";

/** The seeds committed by the suite: the Shanxi plan (prose) and the Jilin table. */
const seedDocuments = ["001_1bcf024aac55a25f.txt", "000_c83e502a6d759c52.txt"];

export interface SuiteTarget {
  /** Opens the store under test. */
  readonly open: () => Promise<Store>;
  /** Opens a second store on the same database, when the driver allows two (a server). */
  readonly openPeer?: (() => Promise<Store>) | undefined;
}

export const supervisor: Actor = { role: "supervisor", unit: "省医改办", name: "王磊" };
export const reporter: Actor = { role: "reporter", unit: "省医保局", name: "李娜" };

/** A progress report on a task. */
export function report(task: string, id: string, percent: number, at = "2020-03-31T09:00:00+08:00"): LedgerEvent {
  return { id, taskId: task, type: "report", at, actor: reporter, percent, narrative: `完成${percent}%`, evidence: [] };
}

/** Waits until `predicate` holds (notifications arrive asynchronously), or fails after `ms`. */
export async function eventually(predicate: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function defineStoreSuite(name: string, target: SuiteTarget): void {
  describe(name, () => {
    let store: Store;
    let peer: Store | undefined;
    /** The store a concurrent writer uses: the peer on a server, the same store on PGlite. */
    const other = () => peer ?? store;
    let planCount = 0;
    /** Imports a fresh copy of the Shanxi ledger under a new plan id. */
    const importPlan = async () => {
      planCount += 1;
      const planId = `sx-${planCount}`;
      await store.commitImport(shanxiLedger(planId), { actor: supervisor, expectedPlanVersion: 0 });
      return planId;
    };

    beforeAll(async () => {
      store = await target.open();
      peer = await target.openPeer?.();
    });
    afterAll(async () => {
      await peer?.close();
      await store?.close();
    });

    it("imports a ledger and loads it back as it was given", async () => {
      const planId = await importPlan();
      const ledger = await store.loadLedger(planId);
      expect(ledger).toEqual(shanxiLedger(planId));
      const summary = await store.getPlan(planId);
      expect(summary).toMatchObject({ version: 1, taskCount: 7, indicatorCount: 1 });
      expect((await store.listPlans()).map((plan) => plan.plan.id)).toContain(planId);
      const [version] = await store.listPlanVersions(planId);
      expect(version).toMatchObject({ planId, version: 1, actor: supervisor, fileName: "001_1bcf024aac55a25f.txt" });
      expect(version?.summary).toEqual({ added: 7, removed: 0, changed: 0, unchanged: 0 });
    });

    it("appends events and reads them back with stream versions", async () => {
      const planId = await importPlan();
      const task = taskId(planId, "一", "（二）", "3.");
      const first = await store.appendEvent(report(task, `${planId}-r1`, 30), { expectedVersion: 0 });
      const second = await store.appendEvent(report(task, `${planId}-r2`, 60), { expectedVersion: 1 });
      expect(first).toMatchObject({ version: 1, duplicate: false, stored: { planId } });
      expect(second.version).toBe(2);
      expect(second.stored.seq).toBeGreaterThan(first.stored.seq);
      expect((await store.getTask(task))?.version).toBe(2);
      const events = await store.listEvents({ taskId: task });
      expect(events.map((stored) => stored.event)).toEqual([
        report(task, `${planId}-r1`, 30),
        report(task, `${planId}-r2`, 60),
      ]);
      expect(await store.listEvents({ planId, afterSeq: first.stored.seq })).toHaveLength(1);
      expect(await store.eventsForPlan(planId)).toEqual(events.map((stored) => stored.event));
      expect((await other().listEvents({ taskId: task })).map((stored) => stored.seq)).toEqual(
        events.map((stored) => stored.seq),
      );
    });

    it("lists tasks by the stored fields, with stream versions and a total", async () => {
      const planId = await importPlan();
      const ids = async (query: TaskQuery) =>
        (await store.listTasks({ planId, ...query })).tasks.map((stored) => stored.task.path.at(-1));
      expect(await ids({ unit: "省医保局", role: "lead" })).toEqual(["3.", "4."]);
      expect(await ids({ unit: "省卫健委", role: "cooperating" })).toEqual(["3."]);
      expect(await ids({ unit: "省卫健委", role: "lead" })).toEqual([]);
      expect(await ids({ unit: "省财政厅" })).toEqual(["2."]);
      expect(await ids({ theme: "procurement" })).toEqual(["3.", "4."]);
      expect(await ids({ text: "带量采购" })).toEqual(["3.", "4."]);
      expect(await ids({ text: "一把手" })).toEqual(["1."]);
      expect(await ids({ text: "100%_" })).toEqual([]);
      expect(await ids({ dueTo: "2020-06-30" })).toEqual(["1.", "4."]);
      expect(await ids({ dueFrom: "2020-07-01", kind: "task" })).toEqual(["3."]);
      expect(await ids({ parentId: null })).toEqual(["一"]);
      expect(await ids({ parentId: taskId(planId, "一", "（一）") })).toEqual(["1.", "2."]);
      await store.appendEvent(report(taskId(planId, "一", "（二）", "3."), `${planId}-v1`, 10));
      const page = await store.listTasks({ planId, kind: "task", limit: 2, offset: 1 });
      expect(page.total).toBe(4);
      expect(page.tasks.map((stored) => [stored.task.path.at(-1), stored.version])).toEqual([
        ["2.", 0],
        ["3.", 1],
      ]);
      expect((await store.listTasks({ planId, offset: 50 })).total).toBe(7);
    });

    it("refuses a stale expectedVersion with the current version, never applying it", async () => {
      const planId = await importPlan();
      const task = taskId(planId, "一", "（一）", "1.");
      await store.appendEvent(report(task, `${planId}-r1`, 10), { expectedVersion: 0 });
      const stale = store.appendEvent(report(task, `${planId}-r2`, 20), { expectedVersion: 0 });
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      await expect(stale).rejects.toMatchObject({ reason: "stale-version", currentVersion: 1, expectedVersion: 0 });
      expect(await store.listEvents({ taskId: task })).toHaveLength(1);
    });

    it("lets exactly one of two concurrent writers on the same version win", async () => {
      const planId = await importPlan();
      const task = taskId(planId, "一", "（二）", "4.");
      await store.appendEvent(report(task, `${planId}-base`, 10));
      const results = await Promise.allSettled([
        store.appendEvent(report(task, `${planId}-a`, 40), { expectedVersion: 1 }),
        other().appendEvent(report(task, `${planId}-b`, 50), { expectedVersion: 1 }),
      ]);
      const won = results.filter((result) => result.status === "fulfilled");
      const lost = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(ConflictError);
      expect(lost[0]).toMatchObject({ currentVersion: 2 });
      expect((await store.getTask(task))?.version).toBe(2);
      expect(await store.listEvents({ taskId: task })).toHaveLength(2);
    });

    it("rejects invalid events with the paths of the problems and writes nothing", async () => {
      const planId = await importPlan();
      const task = taskId(planId, "一", "（一）", "2.");
      const tooMuch = store.appendEvent({ ...report(task, `${planId}-bad`, 10), percent: 150 });
      await expect(tooMuch).rejects.toBeInstanceOf(ValidationError);
      await expect(tooMuch).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["percent"] })] });
      const noReason = store.appendEvent({
        id: `${planId}-x`,
        taskId: task,
        type: "reject",
        at: "2020-04-01T10:00:00+08:00",
        actor: supervisor,
      });
      await expect(noReason).rejects.toMatchObject({
        _tag: "ValidationError",
        issues: [expect.objectContaining({ path: ["reason"] })],
      });
      const badDate = store.appendEvent({ ...report(task, `${planId}-y`, 10), at: "2020-04-01" });
      await expect(badDate).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["at"] })] });
      const unknownTask = store.appendEvent(report(`${planId}/九`, `${planId}-z`, 10));
      await expect(unknownTask).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.listEvents({ planId })).toEqual([]);
    });

    it("treats a re-sent event id as idempotent, and a different event under it as a conflict", async () => {
      const planId = await importPlan();
      const task = taskId(planId, "一", "（二）", "3.");
      const event = report(task, `${planId}-once`, 25);
      const first = await store.appendEvent(event, { expectedVersion: 0 });
      const again = await other().appendEvent(event, { expectedVersion: 0 });
      expect(again).toEqual({ ...first, duplicate: true });
      expect((await store.getTask(task))?.version).toBe(1);
      const changed = store.appendEvent({ ...event, percent: 26 });
      await expect(changed).rejects.toMatchObject({ _tag: "ConflictError", reason: "duplicate-id" });
    });

    it("answers a retry with the original result however far the stream has moved, and finds events by id", async () => {
      const planId = await importPlan();
      const task = taskId(planId, "一", "（二）", "3.");
      const first = await store.appendEvent(report(task, `${planId}-a`, 10), { expectedVersion: 0 });
      await store.appendEvent(report(task, `${planId}-b`, 20), { expectedVersion: 1 });
      await store.appendEvent(report(task, `${planId}-c`, 30), { expectedVersion: 2 });
      const again = await other().appendEvent(report(task, `${planId}-a`, 10), { expectedVersion: 0 });
      expect(again).toEqual({ ...first, duplicate: true });
      expect(await store.getEvent(`${planId}-b`)).toMatchObject({ version: 2, duplicate: true });
      expect(await other().getEvent(`${planId}-a`)).toEqual({ ...first, duplicate: true });
      expect(await store.getEvent(`${planId}-none`)).toBeUndefined();
      expect((await store.getTask(task))?.version).toBe(3);
    });

    it("stores measurements against an indicator, with or without a task", async () => {
      const planId = await importPlan();
      const indicatorId = taskId(planId, "indicator", "1");
      const measurement: LedgerEvent = {
        id: `${planId}-m2019`,
        type: "measurement",
        indicatorId,
        region: "山西省",
        period: "2019",
        value: 31.5,
        at: "2020-02-20T10:00:00+08:00",
        actor: { role: "reporter", unit: "省卫健委", name: "赵敏" },
      };
      const stored = await store.appendEvent(measurement);
      expect(stored.version).toBe(1);
      const missing = store.appendEvent({ ...measurement, id: `${planId}-m0`, indicatorId: `${planId}/none` });
      await expect(missing).rejects.toMatchObject({ _tag: "NotFoundError", entity: "indicator" });
      expect((await store.listMeasurements({ indicatorId })).map((s) => s.event)).toEqual([measurement]);
      expect(await store.listMeasurements({ indicatorId, region: "太原市" })).toEqual([]);
    });

    it("previews a re-import as added, removed and changed tasks without writing", async () => {
      const planId = await importPlan();
      const v2 = revisedLedger(planId);
      const preview = await store.previewImport(v2);
      expect(preview.currentVersion).toBe(1);
      expect(preview.tasks.added.map((task) => task.text)).toEqual(["落实医保基金总额打包付费。"]);
      expect(preview.tasks.removed.map((task) => task.id)).toEqual([taskId(planId, "一", "（一）", "2.")]);
      expect(preview.tasks.changed.map((change) => [change.id, change.matchedBy, change.fields])).toEqual([
        // Renumbered 3. → 4. and 4. → 5.: matched by text, they keep their ids; 4. also got a new deadline.
        [taskId(planId, "一", "（二）", "3."), "text", ["label", "path"]],
        [taskId(planId, "一", "（二）", "4."), "text", ["deadline", "label", "path"]],
      ]);
      expect(preview.summary).toEqual({ added: 1, removed: 1, changed: 2, unchanged: 4 });
      expect((await store.getPlan(planId))?.version).toBe(1);
      expect(await store.loadLedger(planId)).toEqual(shanxiLedger(planId));
    });

    it("commits a re-import keeping the history of unchanged and renumbered tasks", async () => {
      const planId = await importPlan();
      const kept = taskId(planId, "一", "（一）", "1.");
      const renumbered = taskId(planId, "一", "（二）", "3.");
      const removed = taskId(planId, "一", "（一）", "2.");
      for (const task of [kept, renumbered, removed]) await store.appendEvent(report(task, `${task}#r1`, 50));

      const before = await other().lastSeq();
      const { preview, version } = await store.commitImport(revisedLedger(planId), {
        actor: supervisor,
        expectedPlanVersion: 1,
        sourceSha256: "c".repeat(64),
        diagnostics: [{ severity: "warning", code: "deadline-unknown", line: 40, message: "未能识别完成时限" }],
      });
      expect(version).toMatchObject({ version: 2, sourceSha256: "c".repeat(64), summary: preview.summary });
      expect(version.diagnostics).toHaveLength(1);
      expect(await other().lastSeq()).toBe(version.seq);
      expect(version.seq).toBeGreaterThan(before);

      const ledger = await store.loadLedger(planId);
      expect(ledger?.tasks.map((task) => task.path.at(-1))).toEqual(["一", "（一）", "1.", "（二）", "3.", "4.", "5."]);
      expect(ledger?.tasks.find((task) => task.id === renumbered)?.path).toEqual(["一", "（二）", "4."]);
      expect(ledger?.tasks.some((task) => task.id === removed)).toBe(false);
      expect((await store.loadLedger(planId, { includeRemoved: true }))?.tasks.some((t) => t.id === removed)).toBe(
        true,
      );
      for (const task of [kept, renumbered, removed]) {
        expect((await store.listEvents({ taskId: task })).map((s) => s.event.id)).toEqual([`${task}#r1`]);
      }
      expect((await store.getTask(kept))?.planVersion).toBe(1);
      expect(await store.getTask(removed)).toMatchObject({ version: 1, removedAt: expect.any(String) });
      await expect(store.appendEvent(report(removed, `${removed}#r2`, 60))).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store.appendEvent(report(renumbered, `${renumbered}#r2`, 80), { expectedVersion: 1 }),
      ).resolves.toMatchObject({ version: 2 });

      const stale = store.commitImport(revisedLedger(planId), { actor: supervisor, expectedPlanVersion: 1 });
      await expect(stale).rejects.toMatchObject({
        _tag: "ConflictError",
        reason: "stale-plan-version",
        currentVersion: 2,
      });
      const same = await store.previewImport(revisedLedger(planId));
      expect(same.summary).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 7 });
    });

    it("rejects an invalid ledger with paths", async () => {
      const ledger = shanxiLedger("sx-invalid");
      const broken = { ...ledger, tasks: [...ledger.tasks, { ...ledger.tasks[2], kind: "chapter" }] };
      const preview = store.previewImport(broken as never);
      await expect(preview).rejects.toMatchObject({
        _tag: "ValidationError",
        issues: [expect.objectContaining({ path: ["tasks", 7, "kind"] })],
      });
      expect(await store.getPlan("sx-invalid")).toBeUndefined();
    });

    it("refuses text holding U+0000 (which PostgreSQL cannot store) in a ledger, an event or a token, naming where, and writes nothing", async () => {
      const ledger = shanxiLedger("sx-nul");
      const task = ledger.tasks[2] as Ledger["tasks"][number];
      const broken = {
        ...ledger,
        tasks: ledger.tasks.map((t) => (t === task ? { ...t, text: `组建医联体\u0000，推进分级诊疗` } : t)),
      };
      for (const attempt of [
        store.previewImport(broken),
        store.commitImport(broken, { actor: supervisor, expectedPlanVersion: 0 }),
      ]) {
        await expect(attempt).rejects.toMatchObject({
          _tag: "ValidationError",
          issues: [expect.objectContaining({ path: ["tasks", 2, "text"], code: "invalid_characters" })],
        });
      }
      await expect(store.commitImport(broken, { actor: supervisor, expectedPlanVersion: 0 })).rejects.toThrow(
        /tasks\.2\.text.*U\+0000/,
      );
      expect(await store.getPlan("sx-nul")).toBeUndefined();

      const planId = await importPlan();
      const target = taskId(planId, "一", "（一）", "1.");
      const bad = { ...report(target, `${planId}-nul`, 10), narrative: "完成\u0000", evidence: ["a", "b\u0000"] };
      await expect(store.appendEvent(bad)).rejects.toMatchObject({
        _tag: "ValidationError",
        issues: [
          expect.objectContaining({ path: ["narrative"], code: "invalid_characters" }),
          expect.objectContaining({ path: ["evidence", 1], code: "invalid_characters" }),
        ],
      });
      expect(await store.listEvents({ planId })).toEqual([]);
      await expect(store.createToken({ name: "nul\u0000", role: "viewer", units: [] })).rejects.toMatchObject({
        _tag: "ValidationError",
        issues: [expect.objectContaining({ path: ["name"], code: "invalid_characters" })],
      });
    });

    it("refuses an import whose diagnostics, file name or source hash are malformed or hold U+0000, naming where, and writes nothing", async () => {
      const ledger = shanxiLedger("sx-nul-record");
      const finding = { severity: "warning", code: "deadline-unknown", line: 3, message: "时限未识别" } as const;
      const attempts: [Promise<unknown>, ReadonlyArray<Record<string, unknown>>][] = [
        [
          store.commitImport(ledger, {
            actor: supervisor,
            diagnostics: [finding, { ...finding, text: "2020年\u0000底" }],
            fileName: "施工图\u0000.pdf",
          }),
          [
            { path: ["diagnostics", 1, "text"], code: "invalid_characters" },
            { path: ["fileName"], code: "invalid_characters" },
          ],
        ],
        [
          store.commitImport(ledger, {
            actor: supervisor,
            diagnostics: [{ ...finding, severity: "fatal" } as never, { ...finding, line: 0 }],
            sourceSha256: 7 as never,
          }),
          [
            { path: ["diagnostics", 0, "severity"] },
            { path: ["diagnostics", 1, "line"] },
            { path: ["sourceSha256"], code: "invalid_type" },
          ],
        ],
        [
          store.stageImport({
            id: "stage-nul",
            ledger,
            sourceSha256: "a".repeat(64),
            now: new Date("2020-09-30T04:00:00Z"),
            diagnostics: [{ ...finding, message: "\u0000" }],
          }),
          [{ path: ["diagnostics", 0, "message"], code: "invalid_characters" }],
        ],
      ];
      for (const [attempt, issues] of attempts) {
        await expect(attempt).rejects.toMatchObject({
          _tag: "ValidationError",
          issues: issues.map((issue) => expect.objectContaining(issue)),
        });
      }
      expect(await store.getPlan("sx-nul-record")).toBeUndefined();
      expect(await store.getStagedImport("stage-nul", new Date("2020-09-30T04:00:00Z"))).toBeUndefined();
      const kept = await store.commitImport(ledger, {
        actor: supervisor,
        diagnostics: [{ ...finding, text: "2020年底" }],
        fileName: "施工图.pdf",
      });
      expect(kept.version).toMatchObject({ fileName: "施工图.pdf", diagnostics: [{ ...finding, text: "2020年底" }] });
    });

    it("keeps staged imports for every store on the database until they expire or are discarded", async () => {
      const ledger = shanxiLedger("sx-staged");
      const now = new Date("2020-09-30T04:00:00Z");
      const later = (ms: number) => new Date(now.getTime() + ms);
      const sha = "a".repeat(64);
      const staged = await store.stageImport({
        id: "stage-1",
        ledger,
        sourceSha256: sha,
        fileName: "shanxi.txt",
        details: { format: "text", layout: "numbered-prose" },
        diagnostics: [{ severity: "info", code: "note", line: 3, message: "a note" }],
        now,
        ttlMs: 60_000,
      });
      expect(staged).toMatchObject({
        id: "stage-1",
        stagedAt: now.toISOString(),
        expiresAt: later(60_000).toISOString(),
      });
      const seen = await other().getStagedImport("stage-1", later(59_000));
      expect(seen?.ledger).toEqual(ledger);
      expect(seen).toMatchObject({
        sourceSha256: sha,
        fileName: "shanxi.txt",
        details: { format: "text", layout: "numbered-prose" },
        diagnostics: [{ severity: "info", code: "note", line: 3, message: "a note" }],
      });
      expect(await store.getStagedImport("stage-1", later(60_000))).toBeUndefined();
      // Staging again under the same id replaces it; staging after expiry drops expired ones.
      await store.stageImport({ id: "stage-2", ledger, sourceSha256: sha, now, ttlMs: 1000 });
      await store.stageImport({ id: "stage-1", ledger, sourceSha256: "b".repeat(64), now: later(5000) });
      expect((await store.getStagedImport("stage-1", later(6000)))?.sourceSha256).toBe("b".repeat(64));
      expect(await store.discardStagedImport("stage-2")).toBe(false);
      expect(await store.discardStagedImport("stage-1")).toBe(true);
      expect(await store.getStagedImport("stage-1", later(6000))).toBeUndefined();
      // Nothing is staged for an invalid ledger or input, and nothing else is touched.
      const broken = { ...ledger, tasks: [...ledger.tasks, { ...ledger.tasks[2], kind: "chapter" }] };
      await expect(
        store.stageImport({ id: "stage-3", ledger: broken as never, sourceSha256: sha, now }),
      ).rejects.toMatchObject({
        _tag: "ValidationError",
        issues: [expect.objectContaining({ path: ["tasks", 7, "kind"] })],
      });
      await expect(store.stageImport({ id: "", ledger, sourceSha256: "nope", now })).rejects.toMatchObject({
        _tag: "ValidationError",
      });
      expect(await store.getStagedImport("stage-3", now)).toBeUndefined();
      await expect(store.getStagedImport("stage-3", "not an instant")).rejects.toMatchObject({
        _tag: "ValidationError",
      });
      expect(await store.getPlan("sx-staged")).toBeUndefined();
    });

    it("notifies subscribers of every committed write, across stores", async () => {
      const planId = await importPlan();
      const task = taskId(planId, "一", "（二）", "3.");
      const seen: ChangeNotice[] = [];
      const seenByPeer: ChangeNotice[] = [];
      const stop = await store.subscribe((notice) => seen.push(notice));
      const stopPeer = await other().subscribe((notice) => seenByPeer.push(notice));
      const { stored } = await store.appendEvent(report(task, `${planId}-n1`, 70));
      const refused = store.appendEvent(report(task, `${planId}-n2`, 80), { expectedVersion: 0 });
      await expect(refused).rejects.toBeInstanceOf(ConflictError);
      const expected: ChangeNotice = { seq: stored.seq, planId, taskId: task, type: "report" };
      await eventually(() => seen.length > 0 && seenByPeer.length > 0);
      await stop();
      await stopPeer();
      // Let any notification of the refused write arrive before asserting there is none.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toEqual([expected]);
      expect(seenByPeer).toEqual([expected]);
    });

    it("imports seeds 001 and 000, and re-importing the same document changes nothing", async () => {
      const imported = seedDocuments.map((fileName) => {
        const result = importDocument(readFileSync(new URL(`../../../../seeds/${fileName}`, import.meta.url)), {
          fileName,
        });
        if (!result.ok) throw new Error(`${fileName}: ${result.error.message}`);
        return { ...result, ledger: Ledger.parse(result.ledger) };
      });
      for (const { ledger, diagnostics } of imported) {
        const preview = await store.previewImport(ledger);
        expect(preview).toMatchObject({ isNew: true, currentVersion: 0 });
        expect(preview.summary.added).toBe(ledger.tasks.length);
        const { version } = await store.commitImport(ledger, {
          actor: supervisor,
          expectedPlanVersion: 0,
          diagnostics,
        });
        expect(version).toMatchObject({ version: 1, sourceSha256: ledger.plan.source.sha256 });
        expect(version.diagnostics).toEqual(diagnostics);
        expect(await store.loadLedger(ledger.plan.id)).toEqual(ledger);
      }

      const [shanxi] = imported;
      if (!shanxi) throw new Error("seed 001 missing");
      const { ledger } = shanxi;
      expect((await store.getPlan(ledger.plan.id))?.indicatorCount).toBe(ledger.indicators.length);
      const leaf = ledger.tasks.find((task) => task.kind === "task");
      if (!leaf) throw new Error("seed 001 has no leaf task");
      await store.appendEvent(report(leaf.id, `${ledger.plan.id}-seed-r1`, 35), { expectedVersion: 0 });
      const again = await store.commitImport(ledger, { actor: supervisor, expectedPlanVersion: 1 });
      expect(again.preview.summary).toEqual({ added: 0, removed: 0, changed: 0, unchanged: ledger.tasks.length });
      expect(await store.getTask(leaf.id)).toMatchObject({ version: 1, planVersion: 1 });
      expect((await store.listPlanVersions(ledger.plan.id)).map((v) => v.version)).toEqual([1, 2]);
    });

    it("hashes API tokens, verifies them and refuses revoked ones", async () => {
      const { token, plainToken } = await store.createToken({
        name: "医保局联络员",
        role: "reporter",
        units: ["省医保局"],
      });
      expect(plainToken).toMatch(/^rl_[0-9a-f]{16}_/);
      expect(JSON.stringify(token)).not.toContain(plainToken.slice(20));
      expect(token).toMatchObject({ name: "医保局联络员", role: "reporter", units: ["省医保局"] });
      expect(await other().verifyToken(plainToken)).toMatchObject({ id: token.id, role: "reporter" });
      expect((await store.getToken(token.id))?.lastUsedAt).toEqual(expect.any(String));
      expect(
        await store.verifyToken(`${plainToken.slice(0, -1)}${plainToken.endsWith("A") ? "B" : "A"}`),
      ).toBeUndefined();
      expect(await store.verifyToken("not a token")).toBeUndefined();

      const updated = await store.updateToken(token.id, { units: ["省医保局", "省卫健委"] });
      expect(updated.units).toEqual(["省医保局", "省卫健委"]);
      await expect(store.updateToken(token.id, { units: [] })).rejects.toMatchObject({
        _tag: "ValidationError",
        issues: [expect.objectContaining({ path: ["units"] })],
      });
      await expect(store.createToken({ name: "", role: "admin" })).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: ["name"] })],
      });

      const revoked = await store.revokeToken(token.id);
      expect(revoked.revokedAt).toEqual(expect.any(String));
      expect(await store.verifyToken(plainToken)).toBeUndefined();
      expect((await store.listTokens()).map((t) => t.id)).toContain(token.id);
      expect(await store.deleteToken(token.id)).toBe(true);
      expect(await store.deleteToken(token.id)).toBe(false);
      await expect(store.revokeToken(token.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it("refuses a token from its expiresAt on, as of the caller's instant", async () => {
      const { token, plainToken } = await store.createToken({
        name: "限时查看",
        role: "viewer",
        expiresAt: "2031-01-01T08:00:00+08:00",
      });
      expect(token.expiresAt).toBe("2031-01-01T00:00:00.000Z");
      expect(await store.verifyToken(plainToken)).toMatchObject({ id: token.id });
      expect(await store.verifyToken(plainToken, { now: new Date("2030-12-31T23:59:59Z") })).toMatchObject({
        id: token.id,
      });
      expect(await store.verifyToken(plainToken, { now: new Date("2031-01-01T00:00:00Z") })).toBeUndefined();
      expect((await store.getToken(token.id))?.expiresAt).toBe("2031-01-01T00:00:00.000Z");
      await expect(store.createToken({ name: "x", role: "viewer", expiresAt: "明天" })).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: ["expiresAt"] })],
      });
      const lasting = await store.createToken({ name: "长期", role: "viewer" });
      expect(lasting.token.expiresAt).toBeUndefined();
      expect(await store.verifyToken(lasting.plainToken, { now: new Date("2999-01-01T00:00:00Z") })).toBeDefined();
    });
  });
}

/**
 * Version 2 of the Shanxi ledger: task 2. dropped, a new task 3. inserted (so 3. and 4. become
 * 4. and 5.), and the former 4. gets a later deadline.
 */
export function revisedLedger(planId: string) {
  const v1 = shanxiLedger(planId);
  const [section, sub1, t1, , sub2, t3, t4] = v1.tasks;
  if (!section || !sub1 || !t1 || !sub2 || !t3 || !t4) throw new Error("fixture changed");
  const renumber = (task: typeof t3, label: string, order: number) => {
    const path = [...task.path.slice(0, -1), label];
    return { ...task, id: [planId, ...path].join("/"), path, label, order };
  };
  const inserted = {
    ...renumber(t3, "3.", 0),
    text: "落实医保基金总额打包付费。",
    title: undefined,
    deadline: { kind: "due" as const, text: "2020年12月底前", due: "2020-12-31", precision: "month" as const },
    line: 33,
  };
  const moved3 = { ...renumber(t3, "4.", 1), line: 35 };
  const moved4 = {
    ...renumber(t4, "5.", 2),
    deadline: { kind: "due" as const, text: "2020年9月底前", due: "2020-09-30", precision: "month" as const },
    line: 37,
  };
  return { ...v1, tasks: [section, sub1, t1, sub2, inserted, moved3, moved4] };
}
