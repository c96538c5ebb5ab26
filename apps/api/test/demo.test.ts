/** The synthetic demo history: deterministic, labelled, within its dates, accepted by the domain's rules. */
import { computeLedger, type Ledger, validateTransition, type StateEvent } from "@reform/domain";
import { describe, expect, it } from "vitest";
import { DEMO_LABEL, demoHistory, prng } from "../src/demo.ts";
import { seedFiles, seedLedger } from "./support/harness.ts";

const ledgers: Ledger[] = seedFiles().map(seedLedger);

describe("demoHistory", () => {
  it("is deterministic and changes with the seed", () => {
    const a = demoHistory(ledgers, { until: "2020-09-30", seed: 7 });
    const b = demoHistory(ledgers, { until: "2020-09-30", seed: 7 });
    const c = demoHistory(ledgers, { until: "2020-09-30", seed: 8 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a.map((e) => e.id)).size).toBe(a.length);
  });

  it("labels every event as synthetic, in its actor and its text", () => {
    for (const e of demoHistory(ledgers)) {
      expect(e.actor.name).toBe(DEMO_LABEL);
      if ("narrative" in e) expect(e.narrative).toContain(DEMO_LABEL);
      if ("reason" in e && e.type !== "extend") expect(e.reason).toContain(DEMO_LABEL);
    }
  });

  it("stays on or before the demo date and every task event passes the domain's rules in order", () => {
    const until = "2020-06-30";
    const events = demoHistory(ledgers, { until });
    expect(events.every((e) => e.at.slice(0, 10) <= until)).toBe(true);
    const tasks = new Map(ledgers.flatMap((l) => l.tasks).map((t) => [t.id, t]));
    const byTask = new Map<string, StateEvent[]>();
    for (const e of events) {
      if (e.type === "measurement") continue;
      const prior = byTask.get(e.taskId) ?? [];
      expect(validateTransition(tasks.get(e.taskId)!, prior, e, until).ok).toBe(true);
      byTask.set(e.taskId, [...prior, e]);
    }
    const types = new Set(events.map((e) => e.type));
    for (const t of ["report", "complete", "close", "reject", "extend", "measurement"]) expect(types).toContain(t);
  });

  it("gives every view something to show: progress, completions, overdue and stale items", () => {
    const tasks = ledgers.flatMap((l) => l.tasks);
    const { summary } = computeLedger({ tasks, events: demoHistory(ledgers), asOf: "2020-09-30" });
    expect(summary.byStatus["in-progress"]).toBeGreaterThan(10);
    expect(summary.byStatus.completed + summary.byStatus.closed).toBeGreaterThan(10);
    expect(summary.byTimeliness.overdue).toBeGreaterThan(0);
    expect(summary.byTimeliness.stale).toBeGreaterThan(0);
    expect(summary.percent).toBeGreaterThan(5);
  });
});

describe("prng", () => {
  it("is uniform enough in [0, 1)", () => {
    const next = prng(42);
    const values = Array.from({ length: 10_000 }, next);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
