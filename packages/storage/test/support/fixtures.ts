/**
 * Hand-built ledgers for the storage tests, taken from the Shanxi plan (seeds/001: 晋医改组发
 * 〔2019〕1号): section 一, subsections (一) and (二), tasks 1–4, and a monitored indicator.
 */
import { type Assignment, Ledger, type Task } from "@reform/domain";

const lead = (unit: string): Assignment => ({ unit, kind: "department", role: "lead", primary: false });
const cooperating = (unit: string): Assignment => ({ unit, kind: "department", role: "cooperating", primary: false });

/** The Shanxi ledger under `planId` (ids are derived from the plan id and numbering path). */
export function shanxiLedger(planId: string): Ledger {
  const id = (...path: string[]) => [planId, ...path].join("/");
  const node = (path: string[], fields: Partial<Task> & Pick<Task, "kind" | "text">): Task => ({
    id: id(...path),
    planId,
    parentId: path.length > 1 ? id(...path.slice(0, -1)) : null,
    path,
    label: path.at(-1),
    order: 0,
    people: [],
    targets: [],
    themes: [],
    ...fields,
  });
  const tasks: Task[] = [
    node(["一"], { kind: "section", text: "推广福建省和三明市医改经验的重点任务及责任分工" }),
    node(["一", "（一）"], { kind: "subsection", text: "切实加强医改组织领导" }),
    node(["一", "（一）", "1."], {
      kind: "task",
      order: 0,
      title: "完善医改工作“一把手”负责制",
      text: "由党委和政府主要负责同志或一位主要负责同志担任医改领导小组组长，将医改任务完成情况纳入全面深化改革和政府目标管理绩效考核。",
      deadline: { kind: "due", text: "2019年12月底前", due: "2019-12-31", precision: "month" },
      responsibility: { assignments: [lead("省医改领导小组")], rule: "all-responsible", text: "省医改领导小组" },
      themes: ["organisation"],
      line: 27,
    }),
    node(["一", "（一）", "2."], {
      kind: "task",
      order: 1,
      title: "落实投入保障责任",
      text: "各级财政要积极支持深化医改工作，确保政府对公立医院的投入责任得到有效落实，并对中医医院给予适当倾斜。",
      deadline: { kind: "ongoing", text: "持续推进" },
      responsibility: { assignments: [lead("省财政厅")], rule: "all-responsible", text: "省财政厅" },
      themes: ["finance"],
      line: 29,
    }),
    node(["一", "（二）"], { kind: "subsection", order: 1, text: "加大药品耗材集中采购改革力度" }),
    node(["一", "（二）", "3."], {
      kind: "task",
      order: 0,
      text: "落实国家组织联盟地区药品集中采购和使用扩围工作，推进省际联盟医用耗材带量采购。",
      deadline: { kind: "due", text: "2020年", due: "2020-12-31", precision: "year" },
      responsibility: {
        assignments: [lead("省医保局"), cooperating("省卫健委")],
        rule: "first-leads",
        text: "省医保局、省卫健委",
      },
      themes: ["procurement"],
      line: 33,
    }),
    node(["一", "（二）", "4."], {
      kind: "task",
      order: 1,
      title: "开展省级集中带量采购",
      text: "对国家及省际联盟组织的带量采购品种以外的药品耗材品种，分批分类组织开展本省范围内的带量采购。",
      deadline: { kind: "due", text: "2020年6月底前", due: "2020-06-30", precision: "month" },
      responsibility: { assignments: [lead("省医保局")], rule: "all-responsible", text: "省医保局" },
      themes: ["procurement"],
      line: 35,
    }),
  ];
  return Ledger.parse({
    plan: {
      id: planId,
      title: "推广福建省和三明市医改经验进一步深化我省医改工作的实施方案",
      issuer: "山西省深化医药卫生体制改革领导小组",
      docNumber: "晋医改组发〔2019〕1号",
      issuedOn: "2019-12-26",
      region: { name: "山西省", level: "province" },
      year: 2019,
      source: { file: "001_1bcf024aac55a25f.txt", format: "text" },
    },
    tasks,
    indicators: [
      {
        id: id("indicator", "1"),
        planId,
        name: "公立医院医疗服务收入占医疗收入的比例",
        unit: "%",
        direction: "higher",
        responsible: "省卫健委",
        frequency: "yearly",
        collectMonth: 2,
        definition: "医疗服务收入（不含药品、耗材、检查、化验收入）占医疗收入的比例",
      },
    ],
    units: [
      { id: "sx-wjw", name: "省卫健委", region: { name: "山西省", level: "province" }, kind: "department" },
      { id: "sx-ybj", name: "省医保局", region: { name: "山西省", level: "province" }, kind: "department" },
      { id: "sx-czt", name: "省财政厅", region: { name: "山西省", level: "province" }, kind: "department" },
    ],
  });
}

/** Task id in {@link shanxiLedger}. */
export function taskId(planId: string, ...path: string[]): string {
  return [planId, ...path].join("/");
}
