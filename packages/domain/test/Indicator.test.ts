import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  attainment,
  attainmentTable,
  evaluateTarget,
  extractTargets,
  Indicator,
  inferDirection,
  type Measurement,
  previousPeriod,
  type Target,
  targetFor,
} from "../src/index.ts";

const seedLines = (name: string): string[] =>
  readFileSync(new URL(`../../../seeds/${name}`, import.meta.url), "utf8").split("\n");
const SHANXI = seedLines("001_1bcf024aac55a25f.txt");
const PINGXIANG = seedLines("002_84b7797c4af70c34.txt");
const HARBIN = seedLines("003_d2b59fd790b2730b.txt");

/** Targets of the one seed line containing `marker`. */
function seedTargets(lines: readonly string[], marker: string): Target[] {
  const found = lines.filter((l) => l.includes(marker));
  expect(found, marker).toHaveLength(1);
  return extractTargets(found[0]!);
}

const target = (comparator: Target["comparator"], value: number, unit = "%", period?: string): Target => ({
  comparator,
  value,
  unit,
  text: `${comparator}${value}`,
  span: [0, 0],
  ...(period === undefined ? {} : { period }),
});

let nextId = 0;
const measure = (
  indicatorId: string,
  region: string,
  period: string,
  value: number,
  reportedAt: string,
): Measurement => ({ id: `m${++nextId}`, indicatorId, region, period, value, reportedAt });

describe("inferDirection", () => {
  it("reads the four Shanxi monitoring indicators as higher-is-better", () => {
    const names = [
      "（一）公立医院医疗服务收入",
      "（二）公立医院人员支出",
      "（三）县域内住院就诊率",
      "（四）基层医疗卫生机构",
    ].map((marker) => {
      const l = SHANXI.find((x) => x.startsWith(marker));
      expect(l, marker).toBeDefined();
      // "（一）公立医院医疗服务收入（不含药品、耗材…）占医疗收入的比例。（**责任部门：…**）" → the name.
      return l!.slice(3, l!.indexOf("。"));
    });
    expect(names[0]).toBe("公立医院医疗服务收入（不含药品、耗材、检查、化验收入）占医疗收入的比例");
    for (const name of names) expect(inferDirection(name), name).toBe("higher");
  });

  it("reads cost and drug-share indicators as lower-is-better", () => {
    for (const name of [
      "城市公立医院药占比(不含中药饮片)",
      "百元医疗收入(不含药品收入)中消耗的卫生材料",
      "公立医院医疗费用平均增长幅度",
      "个人卫生支出占卫生总费用的比重",
      "住院患者自付比例",
      "门诊病人次均医药费用",
      "三级医院普通门诊就诊人次占医疗卫生机构总诊疗人次的比重",
    ]) {
      expect(inferDirection(name), name).toBe("lower");
    }
    for (const name of ["签约服务覆盖率", "患者满意度", "基层医疗卫生机构门急诊人次占比"]) {
      expect(inferDirection(name), name).toBe("higher");
    }
  });

  it("follows a target's limit before the name", () => {
    const [, cap] = seedTargets(HARBIN, "提供特需服务的比例不超过");
    expect(cap?.comparator).toBe("lte");
    expect(inferDirection("提供特需服务的比例", cap)).toBe("lower");
    expect(inferDirection("药占比", target("gte", 10))).toBe("higher");
    // ≈ and = say nothing about direction: the name decides.
    const [drugShare] = seedTargets(PINGXIANG, "20.持续推进");
    expect(drugShare?.comparator).toBe("approx");
    expect(inferDirection("城市公立医院药占比", drugShare)).toBe("lower");
  });
});

describe("evaluateTarget", () => {
  it("applies each comparator", () => {
    expect(evaluateTarget(target("gte", 30), 30)).toBe(true);
    expect(evaluateTarget(target("gte", 30), 29.9)).toBe(false);
    expect(evaluateTarget(target("gt", 30), 30)).toBe(false);
    expect(evaluateTarget(target("gt", 30), 30.1)).toBe(true);
    expect(evaluateTarget(target("lte", 10), 10)).toBe(true);
    expect(evaluateTarget(target("lte", 10), 10.01)).toBe(false);
    expect(evaluateTarget(target("lt", 20, "元"), 20)).toBe(false);
    expect(evaluateTarget(target("lt", 20, "元"), 19.5)).toBe(true);
    expect(evaluateTarget(target("eq", 450, "元"), 450)).toBe(true);
    expect(evaluateTarget(target("eq", 450, "元"), 460)).toBe(false);
    expect(evaluateTarget(target("eq", 450, "元"), 460, undefined, { direction: "higher" })).toBe(true);
    expect(evaluateTarget(target("gte", 0.3), 0.1 + 0.2)).toBe(true);
  });

  it("reads 左右 as a band, one-sided when the direction is known", () => {
    const about30 = target("approx", 30);
    expect(evaluateTarget(about30, 31.4)).toBe(true);
    expect(evaluateTarget(about30, 28.6)).toBe(true);
    expect(evaluateTarget(about30, 32)).toBe(false);
    expect(evaluateTarget(about30, 20)).toBe(false);
    expect(evaluateTarget(about30, 20, undefined, { direction: "lower" })).toBe(true);
    expect(evaluateTarget(about30, 32, undefined, { direction: "lower" })).toBe(false);
    expect(evaluateTarget(about30, 32, undefined, { tolerance: 0.1 })).toBe(true);
  });

  it("compares growth with the previous period's value", () => {
    const [growth] = seedTargets(PINGXIANG, "门急诊人次占比较上年增长");
    expect(growth).toMatchObject({ comparator: "increase", value: 0 });
    expect(evaluateTarget(growth!, 52, 50)).toBe(true);
    expect(evaluateTarget(growth!, 50, 50)).toBe(false);
    expect(evaluateTarget(growth!, 52)).toBe(false); // nothing to compare with
    // 增长10% is relative; 新增30元 and 个百分点 are absolute.
    expect(evaluateTarget(target("increase", 10), 110, 100)).toBe(true);
    expect(evaluateTarget(target("increase", 10), 109, 100)).toBe(false);
    const [plus30] = seedTargets(PINGXIANG, "28.城乡居民");
    expect(plus30).toMatchObject({ comparator: "increase", value: 30, unit: "元" });
    expect(evaluateTarget(plus30!, 450, 420)).toBe(true);
    expect(evaluateTarget(plus30!, 449, 420)).toBe(false);
    expect(evaluateTarget(target("increase", 5, "个百分点"), 35, 30)).toBe(true);
  });
});

describe("attainment as of a date", () => {
  const [coverageTarget] = seedTargets(HARBIN, "18.推进家庭医生签约服务");
  const coverage = Indicator.parse({
    id: "coverage",
    name: "医生签约服务覆盖率",
    unit: "%",
    direction: "higher",
    targets: [coverageTarget],
  });
  const ms = [
    measure("coverage", "哈尔滨市", "2017", 28, "2018-02-20T09:00:00+08:00"),
    // A revision reported later.
    measure("coverage", "哈尔滨市", "2017", 31, "2018-03-10T09:00:00+08:00"),
    // 2018-02-28T16:30Z is 2018-03-01 00:30 in China.
    measure("coverage", "道里区", "2017", 35, "2018-02-28T16:30:00Z"),
    measure("coverage", "哈尔滨市", "2017", 99, "2018-02-01T00:00:00+08:00"),
  ].map((m, i) => (i === 3 ? { ...m, indicatorId: "other" } : m));

  it("uses the latest report on or before the date and ignores later ones", () => {
    expect(coverageTarget).toMatchObject({ comparator: "gte", value: 30, period: "2017" });
    const early = attainment(coverage, ms, { asOf: "2018-03-01", region: "哈尔滨市" });
    expect(early).toMatchObject({ status: "not-met", value: 28, period: "2017", gap: 2, target: coverageTarget });
    expect(early.measurement?.id).toBe(ms[0]!.id);
    const later = attainment(coverage, ms, { asOf: "2018-03-10", region: "哈尔滨市" });
    expect(later).toMatchObject({ status: "met", value: 31, gap: -1 });
  });

  it("dates reports by their China-time calendar day", () => {
    expect(attainment(coverage, ms, { asOf: "2018-02-28", region: "道里区" })).toEqual({ status: "no-data" });
    expect(attainment(coverage, ms, { asOf: "2018-03-01", region: "道里区" })).toMatchObject({
      status: "met",
      value: 35,
    });
  });

  it("says no-data when nothing was reported for the region, date or period", () => {
    expect(attainment(coverage, ms, { asOf: "2018-12-31", region: "南岗区" })).toEqual({ status: "no-data" });
    expect(attainment(coverage, ms, { asOf: "2018-01-31", region: "哈尔滨市" })).toEqual({ status: "no-data" });
    expect(attainment(coverage, ms, { asOf: "2018-12-31", region: "哈尔滨市", period: "2018" })).toEqual({
      status: "no-data",
      period: "2018",
    });
  });

  it("respects lower-is-better indicators: gap is positive when above the target", () => {
    const [drugShare, materials] = seedTargets(PINGXIANG, "20.持续推进");
    const indicator = Indicator.parse({
      id: "drug-share",
      name: "城市公立医院药占比(不含中药饮片)",
      unit: "%",
      direction: inferDirection("城市公立医院药占比(不含中药饮片)", drugShare),
      targets: [drugShare],
    });
    expect(indicator.direction).toBe("lower");
    const at = (value: number) =>
      attainment(indicator, [measure("drug-share", "萍乡市", "2017", value, "2018-02-10T10:00:00+08:00")], {
        asOf: "2018-06-30",
        region: "萍乡市",
      });
    expect(at(26)).toMatchObject({ status: "met", gap: -4 });
    expect(at(31)).toMatchObject({ status: "met", gap: 1 }); // within 左右
    expect(at(33)).toMatchObject({ status: "not-met", gap: 3 });
    // "降到20元以下" is an upper limit whatever the indicator says.
    const materialsIndicator = Indicator.parse({ id: "mat", name: "卫生材料", unit: "元", direction: "higher" });
    const result = attainment(materialsIndicator, [measure("mat", "萍乡市", "2017", 21.5, "2018-02-10T10:00:00Z")], {
      asOf: "2018-06-30",
      region: "萍乡市",
      target: materials,
    });
    expect(result).toMatchObject({ status: "not-met", gap: 1.5 });
  });

  it("judges growth against the previous period", () => {
    const [growth] = seedTargets(PINGXIANG, "门急诊人次占比较上年增长");
    const indicator = Indicator.parse({
      id: "primary-share",
      name: "基层医疗卫生机构门急诊人次占比",
      unit: "%",
      direction: "higher",
      targets: [growth],
    });
    const data = [
      measure("primary-share", "芦溪县", "2016", 50, "2017-02-15T09:00:00+08:00"),
      measure("primary-share", "芦溪县", "2017", 52.5, "2018-02-15T09:00:00+08:00"),
      measure("primary-share", "安源区", "2017", 40, "2018-02-15T09:00:00+08:00"),
      measure("primary-share", "上栗县", "2016", 45, "2017-02-15T09:00:00+08:00"),
      measure("primary-share", "上栗县", "2017", 45, "2018-02-15T09:00:00+08:00"),
    ];
    const asOf = "2018-03-31";
    const luxi = attainment(indicator, data, { asOf, region: "芦溪县" });
    expect(luxi).toMatchObject({ status: "met", value: 52.5, period: "2017", gap: -2.5 });
    expect(luxi.previous?.period).toBe("2016");
    expect(attainment(indicator, data, { asOf, region: "上栗县" })).toMatchObject({ status: "not-met", gap: 0 });
    // No 2016 value for 安源区: growth cannot be judged.
    expect(attainment(indicator, data, { asOf, region: "安源区" })).toMatchObject({ status: "no-data", value: 40 });
    // Before the 2017 value arrives the latest period is 2016, which has no 2015 to compare with.
    expect(attainment(indicator, data, { asOf: "2018-01-31", region: "芦溪县" })).toMatchObject({
      status: "no-data",
      period: "2016",
    });
  });

  it("picks the target for the period and reports no-target when none applies", () => {
    const targets = [target("gte", 30, "%", "2017"), target("gte", 60, "%", "2020")];
    const indicator = Indicator.parse({ id: "c", name: "签约服务覆盖率", unit: "%", direction: "higher", targets });
    expect(targetFor(targets, "2017")).toBe(targets[0]);
    expect(targetFor(targets, "2018-Q2")).toBe(targets[0]); // 2017's target still stands
    expect(targetFor(targets, "2021")).toBe(targets[1]);
    expect(targetFor(targets, "2016")).toBeUndefined();
    expect(targetFor([target("gte", 5, "%", "2020-2022")], "2021")).toMatchObject({ value: 5 });
    const data = [measure("c", "全市", "2016", 20, "2017-02-01T00:00:00+08:00")];
    expect(attainment(indicator, data, { asOf: "2017-12-31", region: "全市" })).toMatchObject({
      status: "no-target",
      value: 20,
      period: "2016",
    });
  });

  it("takes the latest period by its end, preferring the whole year on a tie", () => {
    const indicator = Indicator.parse({
      id: "q",
      name: "县域内住院就诊率",
      unit: "%",
      direction: "higher",
      targets: [target("approx", 90)],
    });
    const data = [
      measure("q", "太原市", "2019-Q4", 80, "2020-01-10T00:00:00+08:00"),
      measure("q", "太原市", "2019", 88, "2020-02-10T00:00:00+08:00"),
      measure("q", "太原市", "2019-Q3", 70, "2020-03-01T00:00:00+08:00"),
    ];
    expect(attainment(indicator, data, { asOf: "2020-12-31", region: "太原市" })).toMatchObject({
      status: "met",
      period: "2019",
      value: 88,
    });
    expect(attainment(indicator, data, { asOf: "2020-01-31", region: "太原市" })).toMatchObject({
      status: "not-met",
      period: "2019-Q4",
    });
  });

  it("steps back one period of the same length", () => {
    expect(previousPeriod("2020")).toBe("2019");
    expect(previousPeriod("2020-H1")).toBe("2019-H2");
    expect(previousPeriod("2020-H2")).toBe("2020-H1");
    expect(previousPeriod("2020-Q1")).toBe("2019-Q4");
    expect(previousPeriod("2020-Q3")).toBe("2020-Q2");
    expect(previousPeriod("2020-01")).toBe("2019-12");
    expect(previousPeriod("2020-10")).toBe("2020-09");
    expect(previousPeriod("spring")).toBeUndefined();
  });
});

describe("attainmentTable", () => {
  it("builds indicator × region cells for a bulletin as of a date", () => {
    const [coverage] = seedTargets(HARBIN, "18.推进家庭医生签约服务");
    const [costGrowth] = seedTargets(HARBIN, "2017年全市公立医院医疗费用平均增长幅度控制在10%以下");
    const indicators = [
      Indicator.parse({ id: "cov", name: "签约服务覆盖率", unit: "%", direction: "higher", targets: [coverage] }),
      Indicator.parse({
        id: "cost",
        name: "医疗费用平均增长幅度",
        unit: "%",
        direction: "lower",
        targets: [costGrowth],
      }),
    ];
    const regions = ["道里区", "南岗区", "香坊区"];
    const data = [
      measure("cov", "道里区", "2017", 32, "2018-02-10T00:00:00+08:00"),
      measure("cov", "南岗区", "2017", 25, "2018-02-10T00:00:00+08:00"),
      measure("cov", "香坊区", "2017", 40, "2018-04-10T00:00:00+08:00"), // after the bulletin date
      measure("cost", "道里区", "2017", 9.5, "2018-02-10T00:00:00+08:00"),
      measure("cost", "南岗区", "2017", 12, "2018-02-10T00:00:00+08:00"),
      measure("cost", "香坊区", "2017", 8, "2018-02-10T00:00:00+08:00"),
      measure("cost", "平房区", "2017", 30, "2018-02-10T00:00:00+08:00"), // not asked for
    ];
    const rows = attainmentTable(indicators, data, { asOf: "2018-03-31", regions });
    expect(rows.map((r) => r.cells.map((c) => [c.region, c.status]))).toEqual([
      [
        ["道里区", "met"],
        ["南岗区", "not-met"],
        ["香坊区", "no-data"],
      ],
      [
        ["道里区", "met"],
        ["南岗区", "not-met"],
        ["香坊区", "met"],
      ],
    ]);
    expect(rows.map((r) => [r.met, r.notMet, r.noData])).toEqual([
      [1, 1, 1],
      [2, 1, 0],
    ]);
    expect(rows[1]?.cells[1]).toMatchObject({ value: 12, gap: 2 });
    // The same cells as asking one by one.
    for (const [i, row] of rows.entries()) {
      for (const cell of row.cells) {
        const { region, ...rest } = cell;
        expect(rest).toEqual(attainment(indicators[i]!, data, { asOf: "2018-03-31", region }));
      }
    }
  });
});
