/**
 * Reform themes, so plans from different regions can be compared theme by theme. A task belongs
 * to every theme whose keywords its title or text contains.
 */

export interface Theme {
  id: string;
  /** Chinese name as staff say it. */
  name: string;
  keywords: readonly string[];
}

/** The theme list, in display order. */
export const THEMES: readonly Theme[] = [
  {
    id: "drug-procurement",
    name: "药品耗材集中采购",
    keywords: [
      "集中采购",
      "带量采购",
      "集采",
      "招采",
      "两票制",
      "联合采购",
      "议价",
      "中选",
      "药品采购",
      "耗材采购",
      "短缺药品",
      "一致性评价",
    ],
  },
  {
    id: "drug-use",
    name: "合理用药与药事管理",
    keywords: ["合理用药", "处方点评", "基本药物", "重点监控", "抗菌药物", "药事管理", "用药目录"],
  },
  {
    id: "service-prices",
    name: "医疗服务价格",
    keywords: ["医疗服务价格", "调价", "价格动态调整", "比价关系", "价格改革", "取消药品加成", "耗材加成", "腾笼换鸟"],
  },
  { id: "pay-reform", name: "薪酬制度", keywords: ["薪酬", "绩效工资", "两个允许", "工资总量"] },
  {
    id: "insurance-payment",
    name: "医保支付",
    keywords: [
      "医保支付",
      "支付方式",
      "按病种",
      "DRG",
      "疾病诊断相关分组",
      "总额付费",
      "打包付费",
      "按人头",
      "按床日",
      "支付标准",
      "门诊统筹",
      "异地就医",
    ],
  },
  {
    id: "insurance-coverage",
    name: "医保制度与保障",
    keywords: [
      "城乡居民基本医疗保险",
      "基本医保",
      "大病保险",
      "医疗救助",
      "商业健康保险",
      "长期护理保险",
      "医保经办",
      "财政补助标准",
    ],
  },
  {
    id: "medical-alliances",
    name: "医联体与医共体",
    keywords: ["医联体", "医共体", "医疗联合体", "医疗集团", "专科联盟", "县域医疗卫生一体化", "紧密型"],
  },
  {
    id: "tiered-care",
    name: "分级诊疗",
    keywords: ["分级诊疗", "双向转诊", "基层首诊", "远程医疗", "远程会诊", "县域内就诊率", "县域内住院"],
  },
  { id: "family-doctors", name: "家庭医生签约", keywords: ["家庭医生", "签约服务"] },
  { id: "tcm", name: "中医药", keywords: ["中医", "中药", "中西医"] },
  { id: "performance-assessment", name: "绩效考核", keywords: ["绩效考核", "考核评价", "考评", "目标责任考核"] },
  {
    id: "hospital-governance",
    name: "现代医院管理",
    keywords: ["现代医院管理", "医院章程", "总会计师", "法人治理", "运营管理", "成本核算", "全面预算", "内部管理"],
  },
  {
    id: "government-funding",
    name: "政府投入",
    keywords: ["财政投入", "投入责任", "政府投入", "投入保障", "长期债务", "财政补助"],
  },
  {
    id: "organisation-leadership",
    name: "组织领导",
    keywords: ["领导小组", "组织领导", "一把手", "主要负责同志", "三医联动", "统筹协调", "组织实施"],
  },
  {
    id: "public-health",
    name: "公共卫生与健康促进",
    keywords: ["公共卫生", "健康中国", "健康促进", "疾病预防", "慢性病", "健康扶贫", "健康教育", "健康行动", "防控"],
  },
  {
    id: "information",
    name: "信息化",
    keywords: [
      "信息化",
      "信息平台",
      "互联互通",
      "互联网+",
      "智能监控",
      "电子证照",
      "电子病历",
      "健康档案",
      "大数据",
      "一卡通",
    ],
  },
  { id: "supervision", name: "综合监管", keywords: ["监管", "监督", "督查", "治理", "惩戒", "打击"] },
  {
    id: "workforce",
    name: "人才队伍",
    keywords: ["人才", "队伍建设", "全科医生", "乡村医生", "规范化培训", "编制", "职称", "培养"],
  },
  {
    id: "services",
    name: "便民服务",
    keywords: ["便民", "惠民", "改善医疗服务", "预约诊疗", "就医感受", "日间手术", "医养结合", "康复"],
  },
  { id: "social-capital", name: "社会办医", keywords: ["社会办医", "社会力量"] },
  {
    id: "monitoring",
    name: "监测评估与宣传",
    keywords: ["监测评估", "监测指标", "评估", "宣传", "培训", "通报", "台账"],
  },
];

/** Theme ids in display order. */
export const THEME_IDS: readonly string[] = THEMES.map((t) => t.id);

/** Keywords by the code of their first character, each with the themes it marks (a bit mask). */
const BY_FIRST_CHAR = new Map<number, { keyword: string; mask: number }[]>();
THEMES.forEach((theme, i) => {
  for (const keyword of theme.keywords) {
    const code = keyword.charCodeAt(0);
    const list = BY_FIRST_CHAR.get(code) ?? [];
    const entry = list.find((e) => e.keyword === keyword);
    if (entry) entry.mask |= 1 << i;
    else list.push({ keyword, mask: 1 << i });
    BY_FIRST_CHAR.set(code, list);
  }
});
/** A 16-bit hash of two UTF-16 code units. */
const pairHash = (first: number, second: number): number => (first * 0x9e37 + second) & 0xffff;
/**
 * 1 at the hash of the first two code units of some keyword (every keyword has at least two):
 * most positions, even at a common first character (医, 中, 公…), are rejected with one lookup.
 */
const STARTS = new Uint8Array(0x10000);
for (const theme of THEMES) {
  for (const keyword of theme.keywords) STARTS[pairHash(keyword.charCodeAt(0), keyword.charCodeAt(1))] = 1;
}

/** The themes a text belongs to, in display order (one pass over the text). */
export function themesOf(text: string): string[] {
  let mask = 0;
  for (let i = 0; i + 1 < text.length; i++) {
    const code = text.charCodeAt(i);
    if (STARTS[pairHash(code, text.charCodeAt(i + 1))] === 0) continue;
    const keywords = BY_FIRST_CHAR.get(code);
    if (keywords === undefined) continue;
    for (const { keyword, mask: m } of keywords) {
      if (text.startsWith(keyword, i)) mask |= m;
    }
  }
  if (mask === 0) return [];
  let ids = BY_MASK.get(mask);
  if (ids === undefined) {
    ids = THEMES.flatMap((t, i) => (mask & (1 << i) ? [t.id] : []));
    BY_MASK.set(mask, ids);
  }
  return [...ids];
}

/** Theme id lists by mask: few distinct combinations occur. */
const BY_MASK = new Map<number, readonly string[]>();
