import { type Assignment, cooperatorsOf, Ledger, leadsOf, type Task } from "@reform/domain";
import { describe, expect, it } from "vitest";
import { Diagnostic } from "../src/Diagnostic.ts";
import { importDocument } from "../src/Import.ts";
import { importSeed, SEEDS, type SeedName, seedBytes } from "./seedFiles.ts";

const jilin = importSeed("jilin");
const shanxi = importSeed("shanxi");
const pingxiang = importSeed("pingxiang");
const harbin = importSeed("harbin");

const kinds = (tasks: readonly Task[], kind: Task["kind"]) => tasks.filter((t) => t.kind === kind);
const byPath = (tasks: readonly Task[], path: string) => {
  const found = tasks.find((t) => t.path.join(" ") === path);
  if (!found) throw new Error(`no task at ${path}`);
  return found;
};
/** The registry's canonical name a unit is linked to (its id without the region); the ledger shows the document's spelling. */
const canonical = (a: Assignment) => (a.unitId === undefined ? a.unit : a.unitId.slice(a.unitId.indexOf(":") + 1));
const leads = (t: Task) => leadsOf(t.responsibility).map(canonical);
const cooperators = (t: Task) => cooperatorsOf(t.responsibility).map(canonical);
const under = (tasks: readonly Task[], prefix: string) =>
  tasks.filter((t) => t.path[0] === prefix && t.kind === "task");

describe("every seed", () => {
  it.each(Object.keys(SEEDS) as SeedName[])("%s validates against the Ledger and Diagnostic schemas", (name) => {
    const result = importSeed(name);
    expect(Ledger.safeParse(result.ledger).success).toBe(true);
    for (const d of result.diagnostics) expect(Diagnostic.safeParse(d).success).toBe(true);
    const ids = result.ledger.tasks.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of result.ledger.tasks) {
      if (t.parentId) expect(ids.indexOf(t.parentId)).toBeLessThan(ids.indexOf(t.id));
    }
  });

  it.each(Object.keys(SEEDS) as SeedName[])("%s imports to the same ids twice (stable plan and task ids)", (name) => {
    const again = importDocument(seedBytes(name), { fileName: "renamed.txt" });
    expect(again.ok && again.ledger.tasks.map((t) => t.id)).toEqual(importSeed(name).ledger.tasks.map((t) => t.id));
  });
});

describe("000 Jilin wide table", () => {
  const { plan, tasks } = jilin.ledger;

  it("reads 8 sections, 28 subsections and 55 leaf tasks", () => {
    expect(jilin.layout).toBe("wide-table");
    expect(kinds(tasks, "section")).toHaveLength(8);
    expect(kinds(tasks, "subsection").map((t) => t.label)).toHaveLength(28);
    expect(kinds(tasks, "subsection")[27]!.label).toBe("（二十八）");
    expect(kinds(tasks, "task")).toHaveLength(55);
  });

  it("gives every leaf task a deadline, a lead and the four people with phones for handler and liaison", () => {
    for (const t of kinds(tasks, "task")) {
      expect(t.deadline, t.text).toBeDefined();
      expect(leads(t).length, t.text).toBeGreaterThan(0);
      expect(t.people.map((p) => p.role)).toEqual(["leader", "office-head", "handler", "liaison"]);
      for (const p of t.people.filter((p) => p.role === "handler" || p.role === "liaison")) {
        expect(p.contact.phone, `${t.path.join(" ")} ${p.name}`).toMatch(/^1\d{10}$/);
      }
    }
  });

  it("does not duplicate a section or subsection repeated after a page break", () => {
    const second = kinds(tasks, "subsection").filter((t) => t.label === "（二）");
    expect(second).toHaveLength(1);
    expect(tasks.filter((t) => t.parentId === second[0]!.id).map((t) => t.label)).toEqual(["1.", "2.", "3."]);
  });

  it("reads a cell continued on the next line, lead and cooperators, and the people columns", () => {
    const t = byPath(tasks, "一 （一） 1.");
    expect(t.deadline).toMatchObject({ kind: "due", due: "2020-01-31" });
    expect(leads(t)).toEqual(["省医改领导小组秘书处"]);
    const people = Object.fromEntries(t.people.map((p) => [p.role, p]));
    expect(people.leader?.name).toBe("张力");
    expect(people["office-head"]).toMatchObject({ name: "文日炫", office: "体制改革处" });
    expect(people.handler).toMatchObject({ name: "李旭升", contact: { phone: "18686530355" } });
    expect(people.liaison).toMatchObject({ name: "王爽", contact: { phone: "17704315408" } });
  });

  it("splits glued office/name and name/phone cells", () => {
    const t = byPath(tasks, "三 （七） 1.");
    expect(cooperators(t)).toEqual(["省医保局", "省药监局"]);
    expect(t.people.find((p) => p.role === "office-head")).toMatchObject({ name: "张艳", office: "医政医管处" });
    expect(t.people.find((p) => p.role === "handler")).toMatchObject({
      name: "佟学颖",
      contact: { phone: "18643190215" },
    });
  });

  it("keeps an unnumbered row as a task of its subsection, and ongoing deadlines", () => {
    const t = byPath(tasks, "二 （五） #1");
    expect(t.deadline?.kind).toBe("ongoing");
    expect(cooperators(t)).toEqual(["省政务服务和数字化局", "省卫生健康委", "省中医药局"]);
  });

  it("infers the plan year from the deadlines, says so, and lets the issue date override it", () => {
    expect(plan.issuedOn).toBeUndefined();
    expect(plan.year).toBe(2019);
    expect(plan.region).toEqual({ name: "吉林省", level: "province" });
    expect(plan.title).toBe("吉林省推广福建省和三明市医改经验深化医改工作任务施工图");
    expect(jilin.diagnostics.find((d) => d.code === "year-inferred")?.message).toContain("2019");
    const issued = importDocument(seedBytes("jilin"), { issued: "2020-01-10" });
    expect(issued.ok && issued.ledger.plan).toMatchObject({ issuedOn: "2020-01-10", year: 2020 });
    expect(issued.ok && issued.diagnostics.some((d) => d.code === "year-inferred")).toBe(false);
    expect(issued.ok && issued.ledger.plan.id).toBe(plan.id);
  });

  it("tags themes", () => {
    expect(byPath(tasks, "二 （四） 1.").themes).toContain("drug-procurement");
    expect(byPath(tasks, "六 （十八） 3.").themes).toContain("insurance-payment");
    expect(byPath(tasks, "七 （二十二） 1.").themes).toContain("family-doctors");
  });
});

describe("001 Shanxi prose with indicators and a tab-separated annex", () => {
  const { plan, tasks, indicators, units } = shanxi.ledger;

  it("reads the metadata", () => {
    expect(plan).toMatchObject({
      title: "推广福建省和三明市医改经验进一步深化我省医改工作的实施方案",
      issuer: "山西省深化医药卫生体制改革领导小组",
      docNumber: "晋医改组发〔2019〕1号",
      issuedOn: "2019-12-26",
      region: { name: "山西省", level: "province" },
      year: 2019,
    });
  });

  it("reads 17 tasks in 7 subsections, each with its responsible departments", () => {
    const main = under(tasks, "一");
    expect(main.map((t) => t.label)).toEqual(Array.from({ length: 17 }, (_, i) => `${i + 1}.`));
    for (const t of main) expect(leads(t).length, t.text).toBeGreaterThan(0);
    expect(leads(byPath(tasks, "一 （三） 6."))).toEqual(["省医保局", "省卫生健康委"]);
    expect(leads(byPath(tasks, "一 （一） 1."))).toEqual(["省医改办"]);
  });

  it("joins a paragraph broken across lines and strips bold markers from its clause", () => {
    const t = byPath(tasks, "一 （四） 9.");
    expect(t.text).toContain("继续探索对紧密型医联体、县级医疗集团实行医保基金总额打包付费。");
    expect(t.text).not.toContain("责任部门");
    expect(byPath(tasks, "一 （七） 16.").text).not.toContain("**");
  });

  it("reads the 4 monitoring indicators with unit, direction, responsible department and collection month", () => {
    expect(indicators).toHaveLength(4);
    expect(indicators[0]).toMatchObject({
      name: "公立医院医疗服务收入（不含药品、耗材、检查、化验收入）占医疗收入的比例",
      unit: "%",
      direction: "higher",
      responsible: "省卫健委", // as the document spells it
      frequency: "yearly",
      collectMonth: 2,
      numerator: "公立医院医疗服务收入（不含药品、耗材、检查、化验收入）",
      denominator: "医疗收入",
    });
    expect(indicators[2]).toMatchObject({ name: "县域内住院就诊率", responsible: "省医保局" });
    expect(tasks.some((t) => t.text.startsWith("县域内住院就诊率"))).toBe(false);
  });

  it("reads the annex as its own top-level section with 20 dated rows", () => {
    const annex = byPath(tasks, "附件");
    expect(annex).toMatchObject({ kind: "section", title: "部分重点改革任务清单", parentId: null });
    const rows = tasks.filter((t) => t.parentId === annex.id);
    expect(rows).toHaveLength(20);
    for (const r of rows) expect(r.deadline, r.text).toBeDefined();
    expect(byPath(tasks, "附件 1").deadline).toMatchObject({ kind: "due", due: "2019-12-31" });
    expect(byPath(tasks, "附件 6").deadline).toMatchObject({ kind: "recurring", fromYear: 2020, toYear: 2022 });
    expect(byPath(tasks, "附件 11").deadline?.kind).toBe("external");
    expect(byPath(tasks, "附件 7").deadline?.kind).toBe("ongoing");
    expect(byPath(tasks, "附件 1").responsibility?.assignments[0]).toMatchObject({
      unit: "省卫健委", // as the annex spells it
      office: "规划处",
    });
    expect(leads(byPath(tasks, "附件 9"))).toEqual(["省医保局", "太原市", "运城市", "长治市", "晋中市", "阳泉市"]);
    expect(units.find((u) => u.name === "太原市")?.kind).toBe("city");
  });

  it("reports the head and closing lines it read instead of dropping them", () => {
    const codes = shanxi.diagnostics.map((d) => d.code);
    expect(codes).toContain("document-head");
    expect(shanxi.diagnostics.find((d) => d.code === "document-closing")).toMatchObject({ line: 128 });
  });
});

describe("002 Pingxiang prose with a flattened annex", () => {
  const { plan, tasks } = pingxiang.ledger;

  it("shows each unit as the document spells it, linked to one canonical unit by id", () => {
    // The text writes 市人社局 throughout, never 市人力资源社会保障局 (the registry's canonical name).
    const item8 = byPath(tasks, "一 8.");
    expect(item8.responsibility?.assignments.map((a) => [a.unit, a.unitId])).toEqual([
      ["市人社局", "萍乡市:市人力资源社会保障局"],
    ]);
    const shown = new Set(tasks.flatMap((t) => t.responsibility?.assignments.map((a) => a.unit) ?? []));
    expect(shown.has("市人力资源社会保障局")).toBe(false);
    const hr = pingxiang.ledger.units.filter((u) => u.id === "萍乡市:市人力资源社会保障局");
    expect(hr.map((u) => [u.name, u.aliases.includes("市人力资源社会保障局")])).toEqual([["市人社局", true]]);
  });

  it("reads the metadata from the notice, not the web page around it", () => {
    expect(plan).toMatchObject({
      title: "萍乡市深化医药卫生体制改革2017年重点工作任务",
      issuer: "萍乡市人民政府办公室",
      docNumber: "萍府办发[2017]38号",
      issuedOn: "2017-09-14",
      region: { name: "萍乡市", level: "city" },
    });
    const junk = pingxiang.diagnostics.filter((d) => d.code === "junk-dropped");
    expect(junk.map((d) => d.line)).toEqual([1, 148]);
  });

  it("reads 63 tasks (9 + 54)", () => {
    expect(under(tasks, "一")).toHaveLength(9);
    expect(under(tasks, "二")).toHaveLength(54);
  });

  it("reads done items, dated clauses and joint leads", () => {
    expect(byPath(tasks, "一 1.").deadline?.kind).toBe("done");
    expect(byPath(tasks, "一 2.").deadline).toMatchObject({ kind: "due", due: "2017-10-31" });
    const joint = byPath(tasks, "一 9.");
    expect(joint.responsibility?.assignments.map((a) => [a.unit, a.role])).toEqual([
      ["市卫计委", "co-lead"],
      ["市教育局", "co-lead"],
    ]);
  });

  it("applies the first-leads rule from where it is stated", () => {
    const t = byPath(tasks, "二 10.");
    expect(t.responsibility?.rule).toBe("first-leads");
    expect(leads(t)).toEqual(["市卫生计生委"]);
    expect(cooperators(t)).toEqual(["市发展改革委", "市财政局", "市人力资源社会保障局", "市市场和质量监管局"]);
    expect(leads(byPath(tasks, "二 24."))).toEqual(["市财政局"]);
    expect(cooperators(byPath(tasks, "二 27."))).toEqual(["市保险行业协会"]);
  });

  it("reads targets inside task text", () => {
    const t = byPath(tasks, "二 12.");
    expect(t.targets.map((g) => [g.comparator, g.value, g.unit])).toEqual([
      ["eq", 30, "%"],
      ["eq", 60, "%"],
    ]);
  });

  it("reads the flattened annex: 9 major tasks grouping their goal rows, each goal a task with lead and cooperators", () => {
    const annex = byPath(tasks, "附件");
    const major = tasks.filter((t) => t.parentId === annex.id);
    expect(major.map((t) => t.title)).toEqual([
      "全面启动多种形式的医联体建设试点",
      "做实家庭医生签约服务",
      "推行按病种为主的复合型支付方式",
      "异地就医直接结算",
      "全面推进公立医院综合改革",
      "推进药品全流程改革",
      "加强医疗机构绩效考核",
      "推进医药卫生信息化建设",
      "推进健康扶贫",
    ]);
    // A major task only groups its goal rows: a group node, not a task counted beside them.
    expect(major.map((t) => t.kind)).toEqual(Array(9).fill("subsection"));
    const goals = tasks.filter((t) => major.some((m) => m.id === t.parentId));
    expect(goals).toHaveLength(20);
    expect(goals.every((g) => g.kind === "task")).toBe(true);
    expect(kinds(tasks, "milestone")).toHaveLength(0);
    expect(tasks.filter((t) => t.parentId === major[5]!.id)).toHaveLength(5);
    const first = tasks.find((t) => t.parentId === major[0]!.id)!;
    expect(leads(first)).toEqual(["市卫生计生委"]);
    expect(cooperators(first)).toEqual(["市人力资源社会保障局", "市发展改革委", "市财政局", "市编办"]);
    expect(first.extra?.备注).toBe("医联体建设方案应探索总额打包付费,需精密测算。");
    expect(first.deadline).toMatchObject({ kind: "milestones", due: "2017-12-31" });
    for (const g of goals) expect(leads(g).length, g.text).toBe(1);
  });
});

describe("003 Harbin prose plan", () => {
  const { plan, tasks } = harbin.ledger;

  it("reads the metadata under web junk", () => {
    expect(plan).toMatchObject({
      title: "哈尔滨市城市公立医院综合改革实施方案",
      issuer: "哈尔滨市人民政府办公厅",
      docNumber: "哈政办规〔2017〕28号",
      issuedOn: "2017-06-08",
      region: { name: "哈尔滨市", level: "city" },
    });
    expect(harbin.diagnostics.find((d) => d.code === "junk-dropped")?.line).toBe(1);
  });

  it("reads 25 tasks in 7 subsections, leads by the first-leads rule", () => {
    const section = byPath(tasks, "二");
    const subsections = tasks.filter((t) => t.parentId === section.id);
    expect(subsections).toHaveLength(7);
    expect(under(tasks, "二")).toHaveLength(25);
    for (const t of under(tasks, "二")) expect(t.responsibility?.rule, t.text).not.toBe("all-responsible");
    const first = byPath(tasks, "二 （一） 1.");
    expect(leads(first)).toEqual(["市卫生计生委"]);
    expect(cooperators(first)).toEqual(["市财政局", "市人力资源社会保障局", "市发展改革委"]);
    expect(leads(byPath(tasks, "二 （二） 7."))).toEqual(["市人力资源社会保障局"]);
  });

  it("keeps the principles under 基本原则 as their heading's text", () => {
    expect(byPath(tasks, "一 （二）").text).toContain("1.坚持政策联动");
    expect(under(tasks, "一")).toHaveLength(0);
  });

  it("reads targets from the goals and from task text", () => {
    const goals = byPath(tasks, "一 （四）");
    expect(goals.targets.map((g) => [g.comparator, g.value, g.unit])).toContainEqual(["lte", 10, "%"]);
    expect(goals.targets.map((g) => [g.comparator, g.value, g.unit])).toContainEqual(["approx", 35, "%"]);
    const alliances = byPath(tasks, "二 （五） 17.");
    expect(alliances.targets[0]).toMatchObject({ comparator: "gte", value: 50, unit: "个" });
    expect(alliances.deadline).toMatchObject({ kind: "due", due: "2017-12-31" });
  });
});
