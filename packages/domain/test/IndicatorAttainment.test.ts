import { describe, expect, it } from "vitest";
import {
  defaultRegions,
  findIndicator,
  indicatorAttainment,
  isMeasurementEvent,
  MASKED,
  type MeasurementEvent,
  measurementOfEvent,
  measurementsOf,
} from "../src/index.ts";
import { AS_OF, events, indicator, ledgerA, ledgerB } from "./support/smallLedger.ts";

const measured = events.filter(isMeasurementEvent);

describe("measurements from events", () => {
  it("names the reporting unit, else the actor as the reader may see them", () => {
    const [byUnit, byName] = measured as [MeasurementEvent, MeasurementEvent];
    expect(measurementOfEvent(byUnit)).toMatchObject({
      indicatorId: "ind-1",
      region: "吉林省",
      value: 60,
      reportedBy: "省卫健委",
    });
    expect(measurementOfEvent(byName).reportedBy).toBe("钱七");
    expect(measurementOfEvent(byName, MASKED).reportedBy).toBe("钱*");
    expect(measurementsOf(events)).toHaveLength(measured.length);
  });

  it("assesses the plan's region first, then each measured region once", () => {
    expect(defaultRegions(ledgerA, measurementsOf(events))).toEqual(["吉林省", "长春市"]);
    expect(defaultRegions(ledgerB, measurementsOf(events))).toEqual(["吉林省", "长春市"]);
    expect(defaultRegions(ledgerB, [])).toEqual([]);
  });
});

describe("indicatorAttainment", () => {
  it("judges the latest value per region against the target as of a date", () => {
    const cells = indicatorAttainment(ledgerA, events, indicator, { asOf: AS_OF });
    expect(cells.map((c) => [c.region, c.status])).toEqual([
      ["吉林省", "met"],
      ["长春市", "not-met"],
    ]);
    // Before anything was reported there is no data (in every region ever measured).
    expect(indicatorAttainment(ledgerA, events, indicator, { asOf: "2020-02-01" }).map((c) => c.status)).toEqual([
      "no-data",
      "no-data",
    ]);
    expect(indicatorAttainment(ledgerA, events, indicator, { asOf: AS_OF, regions: ["长春市"] })).toHaveLength(1);
  });
});

describe("findIndicator", () => {
  const plans = [
    { ledger: ledgerA, events },
    { ledger: ledgerB, events: [] },
  ];
  it("finds an indicator with its plan", () => {
    const found = findIndicator(plans, "ind-1");
    expect(found.ok && found.plan.ledger.plan.id).toBe("A");
  });
  it("says when no plan has it, and when several do", () => {
    expect(findIndicator(plans, "nope")).toMatchObject({ ok: false, code: "not-found" });
    const twice = [...plans, { ledger: { ...ledgerB, indicators: [indicator] }, events: [] }];
    expect(findIndicator(twice, "ind-1")).toMatchObject({ ok: false, code: "ambiguous", plans: ["A", "B"] });
  });
});
