import { type Assignment, cooperatorsOf, leadsOf, type Task } from "@reform/domain";
import { describe, expect, it } from "vitest";
import { importDocument } from "../src/Import.ts";
import { importSeed, seedBytes } from "./seedFiles.ts";

function ledger(text: string, options = {}) {
  const result = importDocument(text, options);
  if (!result.ok) throw new Error(result.error.message);
  return result;
}
/** The registry's canonical name a unit is linked to (its id without the region); the ledger shows the document's spelling. */
const canonical = (a: Assignment) => (a.unitId === undefined ? a.unit : a.unitId.slice(a.unitId.indexOf(":") + 1));
const leads = (t: Task | undefined) => leadsOf(t?.responsibility).map(canonical);
const cooperators = (t: Task | undefined) => cooperatorsOf(t?.responsibility).map(canonical);
const at = (tasks: readonly Task[], path: string) => tasks.find((t) => t.path.join(" ") === path);

describe("general rules on layouts the seeds do not have", () => {
  it("gives items without a clause their heading's clause (one clause per section)", () => {
    const { ledger: l } = ledger(
      [
        "某某市2020年医改重点任务",
        "一、加强组织领导（牵头单位：市卫健委；配合单位：市财政局）",
        "1.调整医改领导小组。",
        "2.建立工作台账。（市医保局负责）",
      ].join("\n"),
    );
    expect(leads(at(l.tasks, "一 1."))).toEqual(["市卫生健康委"]);
    expect(cooperators(at(l.tasks, "一 1."))).toEqual(["市财政局"]);
    expect(leads(at(l.tasks, "一 2."))).toEqual(["市医保局"]);
  });

  it("reads the responsible body as the subject of a sentence", () => {
    const { ledger: l, diagnostics } = ledger(
      "某市医改任务清单\n一、重点任务\n1.由市医保局牵头负责，推进按病种付费改革。\n2.推进家庭医生签约。",
    );
    expect(leads(at(l.tasks, "一 1."))).toEqual(["市医保局"]);
    expect(diagnostics.find((d) => d.code === "no-responsibility")?.line).toBe(4);
  });

  it("applies a carry-forward rule to the items after it", () => {
    const { ledger: l } = ledger(
      [
        "某区2021年医改任务",
        "一、重点任务",
        "以下均需各片区配合落实，不再列出。",
        "1.推进医联体建设。（区卫健局负责）",
        "2.推进家庭医生签约。（区卫健局、区医保局负责）",
      ].join("\n"),
    );
    expect(cooperators(at(l.tasks, "一 1."))).toContain("各片区");
    expect(cooperators(at(l.tasks, "一 2."))).toContain("各片区");
    expect(at(l.tasks, "一")?.text).toContain("以下均需各片区配合落实");
  });

  it("nests （1） and ① items under their numbered task", () => {
    const { ledger: l } = ledger(
      "某市任务\n一、重点任务\n1.推进支付方式改革。\n（1）扩大按病种付费范围。\n（2）开展DRG付费试点。\n①选择试点医院。\n2.加强监管。",
    );
    expect(at(l.tasks, "一 1. （1）")?.parentId).toBe(at(l.tasks, "一 1.")?.id);
    expect(at(l.tasks, "一 1. （2） ①")?.text).toBe("选择试点医院。");
    expect(at(l.tasks, "一 2.")?.parentId).toBe(at(l.tasks, "一")?.id);
  });

  it("reads a tab-separated table with grouping columns and explicit lead/cooperating columns", () => {
    const { ledger: l, layout } = ledger(
      [
        "某县深化医改任务分工表",
        "工作任务\t具体措施\t牵头单位\t配合单位\t完成时限",
        "一、推进分级诊疗\t1.组建县域医共体\t县卫健局\t县医保局、县财政局\t2021年6月底前",
        "\t2.推进家庭医生签约\t县卫健局\t各乡镇卫生院\t持续推进",
        "二、深化医保改革\t1.推进DRG付费\t县医保局\t县卫健局\t2021年底前",
      ].join("\n"),
    );
    expect(layout).toBe("tab-table");
    expect(l.tasks.filter((t) => t.kind === "section").map((t) => t.title)).toEqual(["推进分级诊疗", "深化医保改革"]);
    const first = at(l.tasks, "一 1.");
    expect(leads(first)).toEqual(["县卫健局"]);
    expect(cooperators(first)).toEqual(["县医保局", "县财政局"]);
    expect(first?.deadline).toMatchObject({ kind: "due", due: "2021-06-30" });
    expect(at(l.tasks, "一 2.")?.deadline?.kind).toBe("ongoing");
  });

  it("reads 000 re-exported with one row per line (cells joined by tabs) into the same tree", () => {
    const cells: string[] = [];
    for (const line of new TextDecoder().decode(seedBytes("jilin")).split("\n")) {
      if (line.startsWith("\t")) cells.push(line.slice(1));
      else if (cells.length > 0) cells[cells.length - 1] += line.trim();
    }
    const rows = Array.from({ length: Math.ceil(cells.length / 10) }, (_, i) =>
      cells.slice(i * 10, i * 10 + 10).join("\t"),
    );
    const { ledger: l, layout } = ledger(
      ["吉林省推广福建省和三明市医改经验深化医改工作任务施工图", ...rows].join("\n"),
    );
    expect(layout).toBe("tab-table");
    const original = importSeed("jilin").ledger.tasks;
    const shape = (tasks: readonly Task[]) =>
      tasks.map((t) => [t.path.join(" "), t.deadline?.kind, leads(t).join(), t.people.map((p) => p.name).join()]);
    expect(shape(l.tasks)).toEqual(shape(original));
  });

  it("reads 001's annex flattened (tabs removed) into the same rows as the tab-separated one", () => {
    const { ledger: l, layout } = ledger(new TextDecoder().decode(seedBytes("shanxi")).replace(/\t/g, ""));
    expect(layout).toBe("numbered-prose+flattened-table");
    const rows = (tasks: readonly Task[]) =>
      tasks
        .filter((t) => t.path[0] === "附件" && t.kind === "task")
        .map((t) => [
          t.label,
          t.deadline?.kind,
          t.deadline && "due" in t.deadline ? t.deadline.due : "",
          leads(t).join(),
        ]);
    expect(rows(l.tasks)).toHaveLength(20);
    expect(rows(l.tasks)).toEqual(rows(importSeed("shanxi").ledger.tasks));
  });

  it("reads a markdown pipe table", () => {
    const { ledger: l, layout } = ledger(
      [
        "某市医改任务清单",
        "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |",
        "|---|---|---|---|---|",
        "| 1 | 推进**医联体**建设 | 市卫健委 | 市医保局 | 2021年底前 |",
        "| 2 | 推进家庭医生签约服务 | 市卫健委 |  | 持续推进 |",
      ].join("\n"),
    );
    expect(layout).toBe("tab-table");
    const rows = l.tasks.filter((t) => t.kind === "task");
    expect(rows.map((t) => [t.label, t.text])).toEqual([
      ["1", "推进医联体建设"],
      ["2", "推进家庭医生签约服务"],
    ]);
    expect(cooperators(rows[0])).toEqual(["市医保局"]);
    expect(rows[1]?.deadline?.kind).toBe("ongoing");
  });

  it("reads a flattened table with a deadline column after the units", () => {
    const { ledger: l, layout } = ledger(
      [
        "某市医改任务清单",
        "序号重点任务责任单位完成时限",
        "1推进医联体建设,年内建成2个医联体。市卫健委市医保局、市财政局2021年底前",
        "2推进家庭医生签约服务。市卫健委2021年6月底前",
      ].join("\n"),
    );
    expect(layout).toBe("flattened-table");
    const rows = l.tasks.filter((t) => t.kind === "task");
    expect(rows.map((t) => t.label)).toEqual(["1", "2"]);
    expect(rows[0]?.text).toBe("推进医联体建设,年内建成2个医联体。");
    expect(leads(rows[0])).toEqual(
      ["市卫健委", "市医保局", "市财政局"].map((u) => (u === "市卫健委" ? "市卫生健康委" : u)),
    );
    expect(rows[1]?.deadline).toMatchObject({ kind: "due", due: "2021-06-30" });
  });

  it("re-aligns a cell-per-line table row that lost a cell, and says so", () => {
    const header = ["\t工作任务", "\t推进措施", "\t完成时限", "\t牵头部门", ""];
    const rows = [
      "\t一、加强组织领导",
      "\t1.调整领导小组",
      "\t2020年底前",
      "\t省卫生健康委",
      "",
      // The next row lost its deadline cell.
      "\t",
      "\t2.建立台账",
      "\t省卫生健康委",
      "",
      "\t二、推进医保改革",
      "\t1.推进DRG付费",
      "\t持续推进",
      "\t省医保局",
      "",
    ];
    const { ledger: l, diagnostics, layout } = ledger(["某省施工图", "", ...header, ...rows].join("\n"));
    expect(layout).toBe("wide-table");
    expect(l.tasks.filter((t) => t.kind === "section").map((t) => t.label)).toEqual(["一", "二"]);
    expect(leads(at(l.tasks, "二 1."))).toEqual(["省医保局"]);
    expect(diagnostics.some((d) => d.code === "row-misaligned")).toBe(true);
  });

  it("drops web page junk around a document but reports it with line ranges", () => {
    const text = [
      "首页 > 政务公开 > 政策文件",
      "来源：市卫健委  发布时间：2020-03-01",
      "某市卫生健康委员会关于印发2020年医改重点任务的通知",
      "某卫发〔2020〕5号",
      "一、重点任务",
      "1.推进医联体建设。（市卫健委负责）",
      "【打印本页】",
      "上一篇：关于开展义诊活动的通知",
    ].join("\n");
    const { ledger: l, diagnostics } = ledger(text);
    expect(l.tasks.map((t) => t.path.join(" "))).toEqual(["一", "一 1."]);
    const junk = diagnostics.filter((d) => d.code === "junk-dropped");
    expect(junk.map((d) => d.line)).toEqual([1, 7]);
    expect(junk[1]?.message).toContain("lines 7–8");
    expect(l.plan).toMatchObject({ docNumber: "某卫发〔2020〕5号", year: 2020 });
  });

  it("keeps text before a table and rows without text as diagnostics or tasks, never silently", () => {
    const text = [
      "某市医改方案",
      "一、重点任务",
      "1.推进医联体建设。（市卫健委负责）",
      "附件：任务表",
      "说明：本表为初稿",
      "序号\t重点任务\t负责单位",
      "1\t推进医联体建设\t市卫健委",
      "2\t\t市医保局",
    ].join("\n");
    const { ledger: l, diagnostics, layout } = ledger(text);
    expect(layout).toBe("numbered-prose+tab-table");
    const annex = l.tasks.find((t) => t.label === "附件");
    expect(annex).toMatchObject({ kind: "section", parentId: null, title: "任务表" });
    expect(l.tasks.filter((t) => t.parentId === annex?.id).map((t) => t.label)).toEqual(["1", "2"]);
    expect(diagnostics.find((d) => d.code === "row-without-text")?.line).toBe(8);
    expect(diagnostics.find((d) => d.code === "unplaced-text")?.line).toBe(5);
  });

  it("takes the region and issue date from the options over the document", () => {
    const { ledger: l } = ledger("某某方案\n一、任务\n1.9月底前出台方案，年底前全部实行。", {
      issued: "2018-03-01",
      region: "安源区",
    });
    expect(l.plan).toMatchObject({ issuedOn: "2018-03-01", year: 2018, region: { name: "安源区", level: "county" } });
    expect(at(l.tasks, "一 1.")?.deadline).toMatchObject({ kind: "milestones", due: "2018-12-31" });
  });
});
