import { Clock, ConfigProvider, Effect, Exit, Layer } from "effect";
import { describe, expect, it } from "vitest";
import {
  compute,
  fixedClock,
  InvalidAsOfError,
  InvalidSettingsError,
  LedgerConfig,
  layerConfig,
  layerConfigFromEnv,
  today,
} from "../src/effect.ts";
import { createSdk, type LedgerEvent, type Task } from "../src/index.ts";

const task: Task = {
  id: "p/1",
  planId: "p",
  parentId: null,
  kind: "task",
  path: ["1."],
  text: "完成医改领导小组调整工作",
  order: 0,
  deadline: { kind: "due", text: "2020年3月底前", due: "2020-03-31", precision: "month" },
  responsibility: {
    rule: "explicit",
    text: "省卫生健康委",
    assignments: [{ unit: "省卫生健康委", kind: "department", role: "lead", primary: true }],
  },
  people: [],
  targets: [],
  themes: [],
};
const report: LedgerEvent = {
  id: "e1",
  type: "report",
  taskId: "p/1",
  at: "2020-03-01T09:00:00+08:00",
  actor: { role: "reporter", unit: "省卫生健康委" },
  percent: 40,
  narrative: "",
  evidence: [],
};

describe("Effect layer", () => {
  it("takes today from the Clock in China time", async () => {
    // 2020-03-31 16:30 UTC is already 2020-04-01 in China.
    const clock = fixedClock("2020-03-31T16:30:00Z");
    const day = await Effect.runPromise(Effect.provideService(today, Clock.Clock, clock));
    expect(day).toBe("2020-04-01");
  });

  it("computes as of today by default with the configured due-soon window", async () => {
    const run = (dueSoonDays: number) =>
      Effect.runPromise(
        compute({ tasks: [task], events: [report] }).pipe(
          Effect.provide(layerConfig({ dueSoonDays })),
          Effect.provideService(Clock.Clock, fixedClock("2020-03-10T12:00:00+08:00")),
        ),
      );
    const wide = await run(30);
    expect(wide.asOf).toBe("2020-03-10");
    expect(wide.timeliness[0]?.status).toBe("due-soon");
    const narrow = await run(7);
    expect(narrow.timeliness[0]?.status).toBe("not-yet-due");
  });

  it("reads settings from configuration and refuses bad values with a typed error", async () => {
    const fromEnv = (env: Record<string, string>) =>
      Effect.runPromiseExit(
        Effect.gen(function* () {
          return yield* LedgerConfig;
        }).pipe(
          Effect.provide(layerConfigFromEnv.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env }))))),
        ),
      );
    const ok = await fromEnv({ REFORM_DUE_SOON_DAYS: "14", REFORM_REPORT_EVERY: "month" });
    expect(Exit.isSuccess(ok) && ok.value.dueSoonDays).toBe(14);
    expect(Exit.isSuccess(ok) && ok.value.reportEvery).toBe("month");
    const bad = await fromEnv({ REFORM_TRAJECTORY_TOLERANCE: "400" });
    expect(Exit.isFailure(bad)).toBe(true);
    if (Exit.isFailure(bad)) {
      const error = bad.cause.reasons.find((r) => r._tag === "Fail");
      expect(error && "error" in error && error.error).toBeInstanceOf(InvalidSettingsError);
    }
  });
});

describe("Promise SDK", () => {
  it("computes with an injected clock", async () => {
    const sdk = createSdk({ now: () => new Date("2020-04-02T01:00:00+08:00") });
    expect(await sdk.today()).toBe("2020-04-02");
    const result = await sdk.compute({ tasks: [task], events: [report] });
    expect(result.asOf).toBe("2020-04-02");
    expect(result.timeliness[0]?.status).toBe("overdue");
    expect(result.timeliness[0]?.daysOverdue).toBe(2);
    const earlier = await sdk.compute({ tasks: [task], events: [report], asOf: "2020-02-01" });
    expect(earlier.states[0]?.status).toBe("not-started");
  });

  it("answers today synchronously from the same clock, following it as it moves", async () => {
    // 23:30 on 2020-04-01 in China is 15:30 UTC; half an hour later it is the 2nd in China.
    let now = Date.parse("2020-04-01T15:30:00Z");
    const sdk = createSdk({ now: () => now });
    expect(sdk.todaySync()).toBe("2020-04-01");
    expect(await sdk.today()).toBe(sdk.todaySync());
    now += 30 * 60 * 1000;
    expect(sdk.todaySync()).toBe("2020-04-02");
    expect(await sdk.today()).toBe("2020-04-02");
  });

  it("rejects a bad asOf with a typed error and refuses bad settings at creation", async () => {
    const sdk = createSdk();
    await expect(sdk.compute({ tasks: [task], events: [], asOf: "2020-02-30" })).rejects.toBeInstanceOf(
      InvalidAsOfError,
    );
    expect(() => createSdk({ settings: { dueSoonDays: -1 } })).toThrow();
  });

  it("validates a transition as a typed result", async () => {
    const sdk = createSdk({ now: () => Date.parse("2020-03-20T00:00:00Z") });
    const completeByCooperator = await sdk.validate(task, [report], {
      id: "e2",
      type: "complete",
      taskId: "p/1",
      at: "2020-03-15T09:00:00+08:00",
      actor: { role: "reporter", unit: "省财政厅" },
      narrative: "",
      evidence: [],
    });
    expect(completeByCooperator.ok).toBe(false);
    const state = await sdk.taskState(task, [report]);
    expect(state.status).toBe("in-progress");
    expect(state.percent).toBe(40);
  });
});
