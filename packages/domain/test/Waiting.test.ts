import { describe, expect, it } from "vitest";
import { waitingFor } from "../src/Waiting.ts";

describe("waitingFor", () => {
  it("a completed task waits for the supervisor's close-out; a closed one for nothing", () => {
    expect(waitingFor({ status: "completed", lastReportOn: "2020-01-01" }, { status: "completed-late" })).toBe(
      "closeout",
    );
    expect(waitingFor({ status: "closed" }, { status: "completed-on-time" })).toBeUndefined();
  });

  it("an external deadline waits for the national schedule", () => {
    expect(waitingFor({ status: "in-progress", lastReportOn: "2020-01-01" }, { status: "awaiting-external" })).toBe(
      "external",
    );
  });

  it("a task never reported on, or with its report overdue, waits for a report", () => {
    expect(waitingFor({ status: "not-started" }, { status: "overdue" })).toBe("report");
    expect(waitingFor({ status: "in-progress", lastReportOn: "2019-01-01" }, { status: "stale" })).toBe("report");
  });

  it("a task reported on and overdue or due soon waits for its completion", () => {
    expect(waitingFor({ status: "in-progress", lastReportOn: "2020-05-01" }, { status: "overdue" })).toBe("completion");
    expect(waitingFor({ status: "in-progress", lastReportOn: "2020-05-01" }, { status: "due-soon" })).toBe(
      "completion",
    );
  });
});
