import { describe, expect, it } from "vitest";
import {
  canonicalUnitName,
  classifyUnit,
  createDepartmentRegistry,
  type Region,
  ResponsibleUnit,
  splitOffice,
} from "../src/index.ts";

const JILIN: Region = { name: "吉林省", level: "province" };
const SHANXI: Region = { name: "山西省", level: "province" };
const PINGXIANG: Region = { name: "萍乡市", level: "city" };

describe("createDepartmentRegistry", () => {
  it("files the aliases of one body in a region under one canonical unit", () => {
    const jilin = createDepartmentRegistry(JILIN);
    const health = jilin.resolve("省卫生健康委");
    expect(health.id).toBe("吉林省:省卫生健康委");
    for (const alias of ["省卫健委", "省卫生健康委员会", "吉林省卫生健康委员会", " 省卫生健康委 "]) {
      expect(jilin.resolve(alias).id).toBe(health.id);
    }
    expect(jilin.find("省卫健委")?.aliases).toEqual(["省卫健委", "省卫生健康委员会", "吉林省卫生健康委员会"]);

    const ids = (names: string[]) => new Set(names.map((n) => jilin.resolve(n).id));
    expect(ids(["省人社厅", "省人力资源社会保障厅", "省人力资源和社会保障厅"])).toEqual(
      new Set(["吉林省:省人力资源社会保障厅"]),
    );
    expect(ids(["省发改委", "省发展改革委", "省发展和改革委员会"])).toEqual(new Set(["吉林省:省发展改革委"]));
    expect(ids(["省医保局", "省医疗保障局"])).toEqual(new Set(["吉林省:省医保局"]));
    expect(jilin.all()).toHaveLength(4);
  });

  it("maps 萍乡's 市卫计委 and its full names to 市卫生计生委, and the city's own name to 市", () => {
    const pingxiang = createDepartmentRegistry(PINGXIANG);
    const names = ["市卫计委", "市卫生计生委", "市卫生和计划生育委员会", "萍乡市卫生和计划生育委员会"];
    expect(new Set(names.map((n) => pingxiang.resolve(n).id))).toEqual(new Set(["萍乡市:市卫生计生委"]));
    expect(pingxiang.resolve("市医保局").id).toBe(pingxiang.resolve("市医疗保障局").id);
    expect(pingxiang.resolve("市市场和质量监督管理局").name).toBe("市市场和质量监管局");
  });

  it("reads 000's typo 省中医局 as 省中医药局", () => {
    const jilin = createDepartmentRegistry(JILIN);
    const tcm = jilin.resolve("省中医药局");
    expect(jilin.resolve("省中医局")).toMatchObject({ id: tcm.id, name: "省中医药局", departmentKind: "tcm" });
  });

  it("keeps Shanxi's 省卫健委 and Jilin's 省卫生健康委 apart, with the same department kind", () => {
    const shanxi = createDepartmentRegistry(SHANXI).resolve("省卫健委");
    const jilin = createDepartmentRegistry(JILIN).resolve("省卫生健康委");
    expect(shanxi.id).toBe("山西省:省卫生健康委");
    expect(jilin.id).toBe("吉林省:省卫生健康委");
    expect(shanxi.id).not.toBe(jilin.id);
    expect(shanxi.departmentKind).toBe("health");
    expect(jilin.departmentKind).toBe("health");
    expect(shanxi.region).toEqual(SHANXI);
  });

  it("keeps 001's offices out of the unit name and records them on the unit", () => {
    const shanxi = createDepartmentRegistry(SHANXI);
    const planning = shanxi.resolve("省卫健委（规划处）");
    expect(planning.name).toBe("省卫生健康委");
    expect(planning.offices).toEqual(["规划处"]);
    const unit = shanxi.resolve("省卫健委(医政医管局)");
    expect(unit.id).toBe(planning.id);
    expect(unit.offices).toEqual(["规划处", "医政医管局"]);
    expect(shanxi.all()).toHaveLength(1);
  });

  it("lets seeded units keep their own names and ids, and merges what is added later", () => {
    const seed = ResponsibleUnit.parse({
      id: "sx-health",
      name: "省卫健委",
      region: SHANXI,
      kind: "department",
      departmentKind: "health",
      aliases: ["山西省卫健委"],
    });
    const shanxi = createDepartmentRegistry(SHANXI, [seed]);
    expect(shanxi.canonicalName("省卫生健康委员会")).toBe("省卫健委");
    expect(shanxi.resolve("省卫生健康委").id).toBe("sx-health");
    const merged = shanxi.add({ ...seed, id: "other", name: "省卫生健康委", aliases: [], offices: ["财务处"] });
    expect(merged).toMatchObject({ id: "sx-health", name: "省卫健委", offices: ["财务处"] });
    expect(shanxi.all()).toHaveLength(1);
  });

  it("gives a unit without a region an id of its canonical name", () => {
    expect(createDepartmentRegistry().resolve("市卫计委").id).toBe("市卫生计生委");
  });
});

describe("canonicalUnitName and splitOffice", () => {
  it("unwraps one-character bracket notes and turns 人民政府 into 政府", () => {
    expect(canonicalUnitName("各县(区)人民政府")).toBe(canonicalUnitName("各县区政府"));
    expect(canonicalUnitName("市人民政府办公室")).toBe("市政府办公室");
    expect(canonicalUnitName("省食品药品监督管理局")).toBe("省食品药品监管局");
    expect(canonicalUnitName("省药品监督管理局")).toBe("省药监局");
  });

  it("splits full- and half-width office brackets but not name brackets", () => {
    expect(splitOffice("省卫健委（规划处）")).toEqual({ name: "省卫健委", office: "规划处" });
    expect(splitOffice("省卫健委(体改处)")).toEqual({ name: "省卫健委", office: "体改处" });
    expect(splitOffice("各县(区)政府")).toEqual({ name: "各县(区)政府" });
  });
});

describe("classifyUnit", () => {
  it("reads the department kind from the name", () => {
    const kinds: Array<[string, string]> = [
      ["省卫健委", "health"],
      ["省卫生健康委", "health"],
      ["市卫计委", "health"],
      ["市卫生计生委", "health"],
      ["省医保局", "healthcare-security"],
      ["省医疗保障局", "healthcare-security"],
      ["省财政厅", "finance"],
      ["市发改委", "development-reform"],
      ["省发展改革委", "development-reform"],
      ["省人社厅", "human-resources"],
      ["省人力资源社会保障厅", "human-resources"],
      ["市民政局", "civil-affairs"],
      ["省中医药局", "tcm"],
      ["省药监局", "drug-administration"],
      ["市食药监局", "drug-administration"],
      ["市市场和质量监管局", "market-regulation"],
      ["市场监管局", "market-regulation"],
      ["市教育局", "education"],
      ["市工信委", "industry-it"],
      ["市商务局", "commerce"],
      ["市地税局", "taxation"],
      ["市审计局", "audit"],
      ["市编办", "organisation"],
      ["市编委办", "organisation"],
      ["省委组织部", "organisation"],
      ["市委宣传部", "publicity"],
      ["省医改办", "reform-office"],
      ["省医改领导小组秘书处", "reform-office"],
      ["省政府办公厅", "government-office"],
      ["省银保监局", "insurance-regulation"],
    ];
    for (const [name, kind] of kinds) expect([name, classifyUnit(name).departmentKind]).toEqual([name, kind]);
    expect(classifyUnit("市扶贫办").departmentKind).toBeUndefined();
  });

  it("tells departments from governments, cities, collectives, party organs, associations and groups", () => {
    const kinds: Array<[string, string]> = [
      ["省卫生健康委", "department"],
      ["省政数局", "department"],
      ["市政府", "government"],
      ["各县区人民政府", "government"],
      ["各县(区)政府", "government"],
      ["太原市", "city"],
      ["临汾市", "city"],
      ["健康中国行动推进委员会成员单位", "collective"],
      ["省医改领导小组相关成员单位", "collective"],
      ["各有关单位", "collective"],
      ["有关部门", "collective"],
      ["各地", "collective"],
      ["市委宣传部", "party"],
      ["省委组织部", "party"],
      ["市保险行业协会", "association"],
      ["市残联", "association"],
      ["省医改领导小组秘书处", "leading-group"],
      ["省医改办", "leading-group"],
      ["萍乡市人民医院", "enterprise"],
      ["健康", "other"],
    ];
    for (const [name, kind] of kinds) expect([name, classifyUnit(name).kind]).toEqual([name, kind]);
  });
});
