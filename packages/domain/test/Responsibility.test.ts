import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Assignment,
  createDepartmentRegistry,
  detectResponsibilityRule,
  leadsOf,
  parseResponsibilityColumns,
  parseResponsibleUnits,
  type Region,
  type Responsibility,
  readResponsibleUnits,
} from "../src/index.ts";

const seed = (file: string) => readFileSync(new URL(`../../../seeds/${file}`, import.meta.url), "utf8");
const JILIN_000 = seed("000_c83e502a6d759c52.txt");
const SHANXI_001 = seed("001_1bcf024aac55a25f.txt");
const PINGXIANG_002 = seed("002_84b7797c4af70c34.txt");
const HARBIN_003 = seed("003_d2b59fd790b2730b.txt");

/** 000's table cells: each starts with a tab at the start of a line and runs to the next such line. */
const cells000 = JILIN_000.split(/\n\t/).map((cell) => cell.replace(/\s+$/, ""));

/** A clause as it stands in a seed (the test fails if the seed does not contain it). */
function clause(document: string, text: string): string {
  expect(document).toContain(text);
  return text;
}

/** Unit, role and primary flag of each assignment, for compact expectations. */
const roles = (r: Responsibility) => r.assignments.map((a) => [a.unit, a.role, a.primary]);

describe("parseResponsibleUnits: 001 (山西, no stated rule)", () => {
  it("reads （责任部门：…） with every listed unit responsible and the first primary", () => {
    const r = parseResponsibleUnits(clause(SHANXI_001, "（责任部门：省医保局、省卫健委）"));
    expect(r.rule).toBe("all-responsible");
    expect(roles(r)).toEqual([
      ["省医保局", "lead", true],
      ["省卫健委", "lead", false],
    ]);
    expect(r.assignments.map((a) => a.kind)).toEqual(["department", "department"]);
  });

  it("strips markdown bold around the wrapper", () => {
    for (const text of ["**（责任部门：省医保局）**", "（**责任部门：省财政厅**）"]) {
      const r = parseResponsibleUnits(clause(SHANXI_001, text));
      expect(r.assignments).toHaveLength(1);
      expect(r.assignments[0]).toMatchObject({ role: "lead", primary: true, kind: "department" });
    }
    expect(parseResponsibleUnits("（**责任部门：省医改办**）").assignments[0]).toMatchObject({
      unit: "省医改办",
      kind: "leading-group",
    });
  });

  it("keeps annex offices in brackets out of the unit name", () => {
    const planning = parseResponsibleUnits(clause(SHANXI_001, "省卫健委（规划处）"));
    expect(planning.assignments).toEqual([
      { unit: "省卫健委", kind: "department", role: "lead", primary: true, office: "规划处" },
    ]);
    const pricing = parseResponsibleUnits(clause(SHANXI_001, "省医保局、省卫健委（财务处）"));
    expect(pricing.assignments.map((a) => [a.unit, a.office])).toEqual([
      ["省医保局", undefined],
      ["省卫健委", "财务处"],
    ]);
    const halfWidth = parseResponsibleUnits(clause(SHANXI_001, "省卫健委(医政医管局)"));
    expect(halfWidth.assignments[0]).toMatchObject({ unit: "省卫健委", office: "医政医管局" });
  });

  it("distributes the suffix 市 over a list of cities and keeps them as cities", () => {
    const r = parseResponsibleUnits(clause(SHANXI_001, "省卫健委、省医保局、省人社厅,太原、运城、长治、晋中、阳泉市"));
    expect(r.assignments.map((a) => [a.unit, a.kind])).toEqual([
      ["省卫健委", "department"],
      ["省医保局", "department"],
      ["省人社厅", "department"],
      ["太原市", "city"],
      ["运城市", "city"],
      ["长治市", "city"],
      ["晋中市", "city"],
      ["阳泉市", "city"],
    ]);
    expect(r.assignments.every((a) => a.role === "lead")).toBe(true);
    expect(parseResponsibleUnits(clause(SHANXI_001, "省医保局，临汾市")).assignments[1]).toMatchObject({
      unit: "临汾市",
      kind: "city",
    });
  });

  it("resolves units through a registry: the document's spelling, linked to the canonical id", () => {
    const registry = createDepartmentRegistry({ name: "山西省", level: "province" });
    const r = parseResponsibleUnits(clause(SHANXI_001, "省人社厅,省卫健委"), { registry });
    expect(r.assignments.map((a) => [a.unit, a.unitId])).toEqual([
      ["省人社厅", "山西省:省人力资源社会保障厅"],
      ["省卫健委", "山西省:省卫生健康委"],
    ]);
    expect(registry.find("省人社厅")?.name).toBe("省人力资源社会保障厅");
    parseResponsibleUnits("省卫健委（规划处）", { registry });
    expect(registry.find("省卫生健康委员会")?.offices).toEqual(["规划处"]);
  });
});

describe("parseResponsibleUnits: 002 (萍乡)", () => {
  it("keeps only the units of '(市卫计委负责,2017年10月底前完成)' and returns the deadline as rest", () => {
    const read = readResponsibleUnits(clause(PINGXIANG_002, "(市卫计委负责,2017年10月底前完成)"));
    expect(roles(read.responsibility)).toEqual([["市卫计委", "lead", true]]);
    expect(read.rest).toEqual(["2017年10月底前完成"]);
    expect(readResponsibleUnits(clause(PINGXIANG_002, "(市人社局负责,已完成)")).rest).toEqual(["已完成"]);
  });

  it("applies the stated rule '列在第一位的部门为牵头部门' and strips 等", () => {
    const text = clause(
      PINGXIANG_002,
      "(市卫计委、市发改委、市财政局、市人社局、市市场和质量监管局等负责, 列在第一位的部门为牵头部门,下同)",
    );
    const read = readResponsibleUnits(text);
    expect(read.statedRule).toBe("first-leads");
    expect(read.rest).toEqual([]);
    expect(read.responsibility.rule).toBe("first-leads");
    expect(roles(read.responsibility)).toEqual([
      ["市卫计委", "lead", true],
      ["市发改委", "cooperating", false],
      ["市财政局", "cooperating", false],
      ["市人社局", "cooperating", false],
      ["市市场和质量监管局", "cooperating", false],
    ]);
  });

  it("reads later items under first-leads: the first leads, the rest cooperate", () => {
    const r = parseResponsibleUnits(clause(PINGXIANG_002, "(市财政局、市卫计委、市发改委负责)"), {
      rule: "first-leads",
    });
    expect(r.rule).toBe("first-leads");
    expect(roles(r)).toEqual([
      ["市财政局", "lead", true],
      ["市卫计委", "cooperating", false],
      ["市发改委", "cooperating", false],
    ]);
  });

  it("reads 共同牵头 as co-leads over the rule", () => {
    const r = parseResponsibleUnits(clause(PINGXIANG_002, "(市卫计委、市教育局共同牵头,2017年9月底前完成)"), {
      rule: "first-leads",
    });
    expect(r.rule).toBe("explicit");
    expect(roles(r)).toEqual([
      ["市卫计委", "co-lead", true],
      ["市教育局", "co-lead", false],
    ]);
  });

  it("reads 分别负责 as every unit a co-lead, and 参与 as cooperating", () => {
    const r = parseResponsibleUnits(clause(PINGXIANG_002, "(市人社局、市卫计委分别负责,市保险行业协会参与)"), {
      rule: "first-leads",
    });
    expect(r.assignments.map((a) => [a.unit, a.kind, a.role])).toEqual([
      ["市人社局", "department", "co-lead"],
      ["市卫计委", "department", "co-lead"],
      ["市保险行业协会", "association", "cooperating"],
    ]);
    const mixed = parseResponsibleUnits(clause(PINGXIANG_002, "(市国资委负责、市卫计委分别负责)"), {
      rule: "first-leads",
    });
    expect(roles(mixed)).toEqual([
      ["市国资委", "co-lead", true],
      ["市卫计委", "co-lead", false],
    ]);
  });

  it("reads party organs, governments and notes", () => {
    const party = parseResponsibleUnits(clause(PINGXIANG_002, "(市医改办、市委宣传部负责)"), { rule: "first-leads" });
    expect(party.assignments.map((a) => [a.unit, a.kind, a.role])).toEqual([
      ["市医改办", "leading-group", "lead"],
      ["市委宣传部", "party", "cooperating"],
    ]);
    const counties = parseResponsibleUnits(clause(PINGXIANG_002, "(各县(区)政府负责)"));
    expect(counties.assignments).toEqual([{ unit: "各县(区)政府", kind: "government", role: "lead", primary: true }]);
    const note = readResponsibleUnits(clause(PINGXIANG_002, "(市医改办负责,并根据具体督查任务确定配合部门)"));
    expect(roles(note.responsibility)).toEqual([["市医改办", "lead", true]]);
    expect(note.rest).toEqual(["并根据具体督查任务确定配合部门"]);
  });

  it("canonicalises through a 萍乡 registry", () => {
    const registry = createDepartmentRegistry({ name: "萍乡市", level: "city" });
    const r = parseResponsibleUnits("(市卫计委、市市场和质量监管局负责)", { registry, rule: "first-leads" });
    expect(r.assignments.map((a) => [a.unit, a.unitId, a.role])).toEqual([
      ["市卫计委", "萍乡市:市卫生计生委", "lead"],
      ["市市场和质量监管局", "萍乡市:市市场和质量监管局", "cooperating"],
    ]);
  });
});

describe("parseResponsibleUnits: 003 (哈尔滨)", () => {
  it("reads '(责任单位:…,排在第一位的为牵头部门,下同)' as first-leads", () => {
    const text = clause(
      HARBIN_003,
      "(责任单位:市卫生计生委、市财政局、市人社局、市发改委,排在第一位的为牵头部门,下同)",
    );
    const read = readResponsibleUnits(text);
    expect(read.statedRule).toBe("first-leads");
    expect(roles(read.responsibility)).toEqual([
      ["市卫生计生委", "lead", true],
      ["市财政局", "cooperating", false],
      ["市人社局", "cooperating", false],
      ["市发改委", "cooperating", false],
    ]);
  });

  it("reads '(责任单位:…分别负责)' as co-leads even under first-leads", () => {
    const r = parseResponsibleUnits(clause(HARBIN_003, "(责任单位:市卫生计生委、市工信委、市人社局分别负责)"), {
      rule: "first-leads",
    });
    expect(r.assignments.map((a) => a.role)).toEqual(["co-lead", "co-lead", "co-lead"]);
    expect(leadsOf(r)).toHaveLength(3);
  });
});

describe("parseResponsibleUnits: 000 (吉林 table cells)", () => {
  const cell = (text: string) => {
    expect(cells000).toContain(text);
    return text;
  };

  it("splits a multi-line cell into one unit per line", () => {
    const r = parseResponsibleUnits(cell("省发改委\n省卫生健康委\n省中医药局"));
    expect(r.assignments.map((a) => a.unit)).toEqual(["省发改委", "省卫生健康委", "省中医药局"]);
  });

  it("joins a leading group broken over two lines and keeps collectives", () => {
    const lead = parseResponsibleUnits(cell("省医改领导小组\n秘书处"));
    expect(lead.assignments).toEqual([
      { unit: "省医改领导小组秘书处", kind: "leading-group", role: "lead", primary: true },
    ]);
    const members = parseResponsibleUnits(cell("健康中国行动推进委员会成员单位"));
    expect(members.assignments[0]).toMatchObject({ unit: "健康中国行动推进委员会成员单位", kind: "collective" });
    expect(parseResponsibleUnits(cell("省医改领导小组相关成员单位")).assignments[0]?.kind).toBe("collective");
  });

  it("splits units glued together and skips blank lines", () => {
    const r = parseResponsibleUnits(cell("省卫生健康委省财政厅\n\n省中医药局"));
    expect(r.assignments.map((a) => a.unit)).toEqual(["省卫生健康委", "省财政厅", "省中医药局"]);
  });

  it("reads the 牵头部门 and 配合部门 columns with explicit roles through a registry", () => {
    const registry = createDepartmentRegistry({ name: "吉林省", level: "province" });
    const lead = cell("省医改领导小组\n秘书处");
    const cooperating = cell("省医保局\n省卫生健康委\n省财政厅\n省中医局");
    const r = parseResponsibilityColumns({ lead, cooperating }, { registry });
    expect(r.rule).toBe("explicit");
    expect(r.assignments.map((a) => [a.unit, a.unitId, a.role, a.primary])).toEqual([
      ["省医改领导小组秘书处", "吉林省:省医改领导小组秘书处", "lead", true],
      ["省医保局", "吉林省:省医保局", "cooperating", false],
      ["省卫生健康委", "吉林省:省卫生健康委", "cooperating", false],
      ["省财政厅", "吉林省:省财政厅", "cooperating", false],
      ["省中医局", "吉林省:省中医药局", "cooperating", false],
    ]);
    const empty = parseResponsibilityColumns({ lead: cell("省卫生健康委"), cooperating: "\u3000" });
    expect(roles(empty)).toEqual([["省卫生健康委", "lead", true]]);
  });
});

describe("parseResponsibleUnits: role words", () => {
  it("reads 'A牵头，B、C配合' and 'B参与'", () => {
    const r = parseResponsibleUnits("省卫健委牵头，省医保局、省财政厅配合", { rule: "all-responsible" });
    expect(r.rule).toBe("explicit");
    expect(roles(r)).toEqual([
      ["省卫健委", "lead", true],
      ["省医保局", "cooperating", false],
      ["省财政厅", "cooperating", false],
    ]);
  });

  it("reads 'A、B共同牵头，C配合'", () => {
    expect(roles(parseResponsibleUnits("市卫计委、市教育局共同牵头，市财政局配合"))).toEqual([
      ["市卫计委", "co-lead", true],
      ["市教育局", "co-lead", false],
      ["市财政局", "cooperating", false],
    ]);
  });

  it("reads 会同有关部门 and 各有关单位 as collective cooperating units", () => {
    const r = parseResponsibleUnits("省卫健委会同有关部门");
    expect(r.assignments.map((a) => [a.unit, a.kind, a.role])).toEqual([
      ["省卫健委", "department", "lead"],
      ["有关部门", "collective", "cooperating"],
    ]);
    const listed = parseResponsibleUnits("省卫健委、各有关单位", { rule: "all-responsible" });
    expect(listed.assignments.map((a) => [a.unit, a.kind, a.role])).toEqual([
      ["省卫健委", "department", "lead"],
      ["各有关单位", "collective", "cooperating"],
    ]);
  });

  it("splits on 和 between units but not inside a name", () => {
    expect(parseResponsibleUnits("省卫健委和省医保局").assignments.map((a) => a.unit)).toEqual([
      "省卫健委",
      "省医保局",
    ]);
    expect(parseResponsibleUnits("省人力资源和社会保障厅").assignments.map((a) => a.unit)).toEqual([
      "省人力资源和社会保障厅",
    ]);
  });

  it("keeps a heading that names no unit as rest instead of inventing a unit", () => {
    const heading = "吉林省推广福建省和三明市医改经验深化医改工作任务施工图";
    expect(JILIN_000).toContain(heading);
    const read = readResponsibleUnits(heading);
    expect(read.responsibility.assignments).toEqual([]);
    expect(read.rest).toEqual([heading]);
  });

  it("returns no assignments for an empty cell", () => {
    expect(parseResponsibleUnits("\u3000").assignments).toEqual([]);
    expect(parseResponsibleUnits("").assignments).toEqual([]);
  });
});

describe("detectResponsibilityRule", () => {
  it("finds the stated rule and its line in 002 and 003, none in 000 and 001", () => {
    expect(detectResponsibilityRule(PINGXIANG_002)).toEqual({ rule: "first-leads", line: 68 });
    expect(detectResponsibilityRule(HARBIN_003)).toEqual({ rule: "first-leads", line: 73 });
    expect(detectResponsibilityRule(JILIN_000)).toBeUndefined();
    expect(detectResponsibilityRule(SHANXI_001)).toBeUndefined();
  });

  it("recognises the common wordings", () => {
    for (const text of [
      "列在第一位的部门为牵头部门",
      "排在第一位的为牵头部门，下同",
      "第一个为牵头单位",
      "列在首位的为牵头单位",
    ]) {
      expect([text, detectResponsibilityRule(`任务清单\n${text}`)]).toEqual([text, { rule: "first-leads", line: 2 }]);
    }
    expect(detectResponsibilityRule("省卫健委牵头，省医保局配合")).toBeUndefined();
  });
});

describe("parseResponsibleUnits properties", () => {
  const UNITS = [
    "省卫健委",
    "市卫计委",
    "省医保局",
    "市财政局",
    "市委宣传部",
    "太原市",
    "各县(区)政府",
    "有关部门",
    "省中医局",
  ];
  const SEPARATORS = ["、", "，", ",", "；", ";", " ", "\n", "和"];
  const MARKERS = ["", "", "负责", "牵头", "配合", "参与", "共同牵头", "分别负责"];
  const list = fc
    .array(fc.tuple(fc.constantFrom(...UNITS), fc.constantFrom(...SEPARATORS), fc.constantFrom(...MARKERS)), {
      minLength: 1,
      maxLength: 6,
    })
    .map((parts) => parts.map(([unit, sep, marker]) => `${unit}${marker}${sep}`).join(""));
  const region: Region = { name: "山西省", level: "province" };

  it("never throws and every assignment is a valid Assignment", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme", maxLength: 80 }), list), (text) => {
        const r = parseResponsibleUnits(text, { region });
        for (const a of r.assignments) expect(Assignment.safeParse(a).success).toBe(true);
        expect(r.assignments.filter((a) => a.primary).length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("under first-leads names exactly one lead unless co-lead words are used", () => {
    fc.assert(
      fc.property(list, (text) => {
        const r = parseResponsibleUnits(text, { rule: "first-leads" });
        const leads = r.assignments.filter((a) => a.role === "lead").length;
        const coLeads = r.assignments.filter((a) => a.role === "co-lead").length;
        if (coLeads > 0) expect(leads).toBe(0);
        else if (r.assignments.some((a) => a.role !== "cooperating") || !/配合|参与/.test(text)) {
          expect(leads).toBe(1);
        }
      }),
    );
  });
});

describe("parseResponsibleUnits: collectives, place lists and wording that is no unit", () => {
  const units = (text: string) => parseResponsibleUnits(text).assignments.map((a) => `${a.role}:${a.unit}`);
  it("keeps a collective that contains a role word whole", () => {
    expect(units("各项目牵头单位负责")).toEqual(["lead:各项目牵头单位"]);
    expect(units("市卫健委牵头，各项目牵头单位配合")).toEqual(["lead:市卫健委", "cooperating:各项目牵头单位"]);
  });
  it("keeps a list of places as one unit", () => {
    expect(units("各区、县级市负责")).toEqual(["lead:各区、县级市"]);
  });
  it("reads the unit in “X等按职责分工负责” and drops words that are no unit", () => {
    expect(units("区市场监管局等按职责分工负责")).toEqual(["lead:区市场监管局"]);
    expect(units("市卫健委负责，落实")).toEqual(["lead:市卫健委"]);
  });
});
