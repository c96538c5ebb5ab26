import { extractTargets } from "@reform/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { carryForwardCooperating, listsOnlyLeadsAbove, subjectResponsibility, trailingClause } from "../src/Clause.ts";
import { columnRole, splitFlattenedHeader, tableColumns } from "../src/Columns.ts";
import { readDate, regionOf } from "../src/Metadata.ts";
import { readMarker, splitTitle } from "../src/Numbering.ts";
import { readOffice, readPeople } from "../src/People.ts";
import { MAY_HOLD_TARGET } from "../src/Semantics.ts";
import { THEME_IDS, THEMES, themesOf } from "../src/Themes.ts";
import { importSeed, SEEDS, type SeedName } from "./seedFiles.ts";

describe("numbering grammar", () => {
  it.each([
    ["一、切实加强医改组织领导", "chinese", 1, "一"],
    ["二十八、保障措施", "chinese", 28, "二十八"],
    ["（一）调整医改领导小组", "paren-chinese", 1, "（一）"],
    ["(三) 及时动态调整", "paren-chinese", 3, "（三）"],
    ["（二十八）加强宣传培训", "paren-chinese", 28, "（二十八）"],
    ["1.省级医改领导小组", "arabic", 1, "1."],
    ["19. 合理控制", "arabic", 19, "1."],
    ["3、各地要", "arabic", 3, "3."],
    ["2．加强", "arabic", 2, "2."],
    ["2.2020年，严格按照国家要求", "arabic", 2, "2."],
    ["1.2020—2022年，各地要每年进行调价评估", "arabic", 1, "1."],
    ["1.9月底前出台方案", "arabic", 1, "1."],
    ["（1）建立", "paren-arabic", 1, "（1）"],
    ["③推进", "circled", 3, "③"],
  ])("%s → %s %i", (text, style, ordinal, label) => {
    const m = readMarker(text);
    expect(m).toMatchObject({ style, ordinal });
    if (label !== "1." || ordinal === 1) expect(m?.label).toBe(label);
  });

  it.each([
    "2020年底前",
    "2.5%的",
    "一是加强",
    "一方面",
    "一把手负责制",
    "（不含中药饮片）",
    "18686530355",
    "10→所有公立医院",
  ])("%s is not a marker", (text) => expect(readMarker(text)).toBeUndefined());

  it("splits a short first sentence off as the title", () => {
    expect(splitTitle("破除“以药补医”机制。按照全省统一部署")).toEqual({
      title: "破除“以药补医”机制",
      body: "破除“以药补医”机制。按照全省统一部署",
    });
    expect(splitTitle("强化政府责任").title).toBe("强化政府责任");
    expect(splitTitle("很长的一句话".repeat(10)).title).toBeUndefined();
  });
});

describe("responsibility clauses", () => {
  it("reads a labelled clause and where it starts", () => {
    const text = "落实投入保障责任。要积极创新完善财政投入方式。（责任部门：省财政厅、省卫健委）";
    expect(trailingClause(text)).toMatchObject({
      units: "责任部门：省财政厅、省卫健委",
      carries: false,
      start: text.indexOf("（"),
    });
    expect(trailingClause("x。（牵头单位：市卫健委；配合单位：市财政局）")?.units).toBe(
      "牵头单位：市卫健委，配合单位：市财政局",
    );
  });

  it("reads units, a deadline and a done status", () => {
    expect(trailingClause("制定实施方案。(市卫计委负责,2017年10月底前完成)")).toMatchObject({
      units: "市卫计委负责",
      deadline: "2017年10月底前完成",
    });
    expect(trailingClause("制定行动计划。(市卫计委负责,已完成)")?.deadline).toBe("已完成");
    expect(trailingClause("推进试点。(市卫计委、市教育局共同牵头,2017年9月底前完成)")?.units).toBe(
      "市卫计委、市教育局共同牵头",
    );
  });

  it("reads a stated first-leads rule that carries forward (下同)", () => {
    const clause = trailingClause("全面深化改革。(市卫计委、市发改委等负责, 列在第一位的部门为牵头部门,下同)");
    expect(clause).toMatchObject({ units: "市卫计委、市发改委等负责", rule: "first-leads", carries: true });
    expect(trailingClause("x。(责任单位:市卫生计生委、市财政局,排在第一位的为牵头部门,下同)")).toMatchObject({
      units: "责任单位:市卫生计生委、市财政局",
      rule: "first-leads",
      carries: true,
    });
  });

  it("keeps nested brackets and drops notes that name no unit", () => {
    expect(trailingClause("建立医改任务台账。(各县(区)政府负责)")?.units).toBe("各县(区)政府负责");
    expect(trailingClause("加强督促检查。(市医改办负责,并根据具体督查任务确定配合部门)")?.units).toBe("市医改办负责");
    expect(trailingClause("x。(市人社局、市卫计委分别负责,市保险行业协会参与)")?.units).toBe(
      "市人社局、市卫计委分别负责，市保险行业协会参与",
    );
  });

  it("ignores brackets that are not responsibility clauses", () => {
    expect(trailingClause("贯彻落实文件(国办发[2017]13号)")).toBeUndefined();
    expect(trailingClause("制定《区域卫生规划(2017-2020年)》")).toBeUndefined();
    expect(trailingClause("无括号的句子。")).toBeUndefined();
  });

  it("finds the responsible body as the subject of a sentence", () => {
    expect(subjectResponsibility("由市医改办牵头负责，建立督查机制。")).toBe("市医改办牵头");
    expect(subjectResponsibility("由市卫健委和市医保局负责组织实施。")).toBe("市卫健委和市医保局负责");
    expect(subjectResponsibility("由其主管部门制定具体办法")).toBeUndefined();
  });

  it("reads carry-forward rules", () => {
    expect(carryForwardCooperating("以下均需各片区配合落实，不再列出。")).toBe("各片区");
    expect(carryForwardCooperating("以下任务由各县区政府配合。")).toBe("各县区政府");
    expect(listsOnlyLeadsAbove("以上任务只列牵头部门,不列参与部门。")).toBe(true);
    expect(carryForwardCooperating("现将有关事项通知如下。")).toBeUndefined();
  });
});

describe("table headers", () => {
  it("maps header names to roles, most specific first", () => {
    expect(columnRole("牵头部门分管领导")).toBe("leader");
    expect(columnRole("定期上报（反馈）联络员及联系方式")).toBe("liaison");
    expect(columnRole("承办人及\n联系方式")).toBe("handler");
    expect(columnRole("责任处室及负责人")).toBe("office");
    expect(columnRole("配合部门")).toBe("cooperating");
    expect(columnRole("负责单位")).toBe("responsible");
    expect(columnRole("完成时限")).toBe("deadline");
    expect(columnRole("一、切实加强医改组织领导")).toBeUndefined();
  });

  it("makes the text columns before the last one grouping columns", () => {
    const columns = tableColumns(["工作任务", "具体内容", "推进措施", "完成时限", "牵头部门", "配合部门"]);
    expect(columns).toMatchObject({ groups: [0, 1], text: 2 });
    expect(tableColumns(["姓名", "电话"])).toBeUndefined();
  });

  it("reads a header written without separators", () => {
    expect(splitFlattenedHeader("序号改革任务工作目标牵头部门配合部门备注")).toEqual([
      "序号",
      "改革任务",
      "工作目标",
      "牵头部门",
      "配合部门",
      "备注",
    ]);
    expect(splitFlattenedHeader("序号 重点任务 责任单位 完成时限")).toHaveLength(4);
    expect(splitFlattenedHeader("加强组织领导工作任务")).toBeUndefined();
  });
});

describe("people cells", () => {
  it("reads names padded with spaces and phones on the next line or glued", () => {
    expect(readPeople(["张  力"], "leader")).toEqual([{ role: "leader", name: "张力" }]);
    expect(readPeople(["李  健", "13578666688"], "handler")).toEqual([
      { role: "handler", name: "李健", phone: "13578666688" },
    ]);
    expect(readPeople(["佟学颖18643190215"], "liaison")).toEqual([
      { role: "liaison", name: "佟学颖", phone: "18643190215" },
    ]);
    expect(readPeople(["张三", "13800000000", "李四", "13900000000"], "handler").map((p) => p.name)).toEqual([
      "张三",
      "李四",
    ]);
    expect(readPeople(["", " "], "handler")).toEqual([]);
  });

  it("splits an office from its head", () => {
    expect(readOffice(["体制改革处", "文日炫"])).toMatchObject({ office: "体制改革处", head: { name: "文日炫" } });
    expect(readOffice(["医政医管处张  艳"])).toMatchObject({ office: "医政医管处", head: { name: "张艳" } });
    expect(readOffice(["医药服务", "管理处", "刘良军"])).toMatchObject({
      office: "医药服务管理处",
      head: { name: "刘良军" },
    });
    expect(readOffice(["基层卫生", "健康处", "", "徐明莉"])).toMatchObject({
      office: "基层卫生健康处",
      head: { name: "徐明莉" },
    });
    expect(readOffice(["综合监督处"])).toEqual({ office: "综合监督处" });
  });
});

describe("metadata helpers", () => {
  it("reads dates in Arabic, Chinese and ISO forms", () => {
    expect(readDate("2019年12月26日")).toBe("2019-12-26");
    expect(readDate("2019年12月26日印发")).toBe("2019-12-26");
    expect(readDate("二〇一九年十二月二十六日")).toBe("2019-12-26");
    expect(readDate("2017-09-14")).toBe("2017-09-14");
    expect(readDate("2019年2月30日")).toBeUndefined();
  });

  it("reads the most specific region a name starts with, and its level", () => {
    expect(regionOf("山西省深化医药卫生体制改革领导小组")).toEqual({ name: "山西省", level: "province" });
    expect(regionOf("江西省萍乡市人民政府办公室")).toEqual({ name: "萍乡市", level: "city" });
    expect(regionOf("北京市卫生健康委员会")).toEqual({ name: "北京市", level: "province" });
    expect(regionOf("芦溪县人民政府")).toEqual({ name: "芦溪县", level: "county" });
    expect(regionOf("关于推进城市医疗集团建设的方案")).toBeUndefined();
    expect(regionOf("国务院办公厅")).toBeUndefined();
  });
});

describe("themes", () => {
  it("has unique theme ids, each with keywords", () => {
    expect(new Set(THEME_IDS).size).toBe(THEMES.length);
    for (const theme of THEMES) expect(theme.keywords.length).toBeGreaterThan(0);
  });

  it("tags a text with every theme whose keywords it contains, in display order", () => {
    expect(themesOf("开展药品耗材带量采购，同步调整医疗服务价格")).toEqual(["drug-procurement", "service-prices"]);
    expect(themesOf("推进按疾病诊断相关分组（DRG）付费")).toEqual(["insurance-payment"]);
    expect(themesOf("做实家庭医生签约服务")).toEqual(["family-doctors"]);
    expect(themesOf("今天天气很好")).toEqual([]);
  });

  it("tags every leaf task of the seeds with at least one theme in most cases", () => {
    for (const name of Object.keys(SEEDS) as SeedName[]) {
      const leaves = importSeed(name).ledger.tasks.filter((t) => t.kind === "task");
      const tagged = leaves.filter((t) => t.themes.length > 0).length;
      expect(tagged / leaves.length, name).toBeGreaterThan(0.75);
    }
  });
});

describe("target prefilter", () => {
  it("skips only texts in which extractTargets finds nothing (seed sentences)", () => {
    const sentences = (Object.keys(SEEDS) as SeedName[]).flatMap((name) =>
      importSeed(name).ledger.tasks.flatMap((t) => t.text.split(/(?<=[。；;\n])/)),
    );
    const missed = sentences.filter((s) => !MAY_HOLD_TARGET.test(s) && extractTargets(s).length > 0);
    expect(missed).toEqual([]);
  });

  it("skips only texts in which extractTargets finds nothing (generated phrases)", () => {
    const piece = fc.constantFrom(
      ..."达到 不少于 控制在 降到 提高到 左右 以上 以下 以内 全覆盖 实现全部 较上年 增长 逐步 提升 每千人口 个 % ％ 元 张 名 家 人次 个百分点 万人 一 两 三 十 百 1 2 5 30 ３０ 1.5 ，。 、 年 月 市 率 比例".split(
        " ",
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const text = pieces.join("");
        return MAY_HOLD_TARGET.test(text) || extractTargets(text).length === 0;
      }),
      { seed: 7, numRuns: 3000 },
    );
  });
});
