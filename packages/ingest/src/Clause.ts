/**
 * Responsibility clauses in prose: the bracketed clause that ends an item ("（责任部门：省医保局）",
 * "(市卫计委负责,2017年10月底前完成)", "(责任单位:…,排在第一位的为牵头部门,下同)"), the subject of a
 * sentence ("由市医改办负责"), and carry-forward rules ("以下均需各片区配合落实，不再列出").
 * This module only finds and splits the clause; units and deadlines are read by @reform/domain.
 */
import type { ResponsibilityRule } from "@reform/domain";

export interface Clause {
  /** Unit list with its verbs ("市人社局、市卫计委分别负责，市保险行业协会参与"). */
  units: string;
  /** Deadline part ("2017年10月底前完成", "已完成"). */
  deadline?: string;
  /** Rule the clause states ("列在第一位的部门为牵头部门"). */
  rule?: ResponsibilityRule;
  /** The rule holds for the items after this one too ("下同"). */
  carries: boolean;
  /** The whole clause as written, without its brackets. */
  source: string;
  /** Offset in the item's text where the clause (with its bracket) starts. */
  start: number;
}

const RESPONSIBILITY_WORDS = /责任(?:部门|单位|处室|主体)|牵头|负责|配合|参与|承办|主办|协办/;
const LABEL =
  /^(?:责任(?:部门|单位|处室|主体)|牵头(?:部门|单位)|负责(?:部门|单位)|主办(?:部门|单位)|承办(?:部门|单位)|(?:配合|参与|协办)(?:部门|单位))\s*[:：]\s*/;
const FIRST_LEADS = /(?:列|排)在(?:第一位|首位|最前)的?(?:部门|单位)?(?:为|是)牵头/;
const DEADLINE_PART =
  /^(?:\d{4}\s*年|\d{1,2}\s*月|年底|年内|年中|已完成|完成|持续|长期|常年|每年|按照?国家|按国家|按省|\d{4}\s*[-—–]\s*\d{4})/;
const UNIT_START =
  /^(?:[省市县区州镇乡村旗盟]|各|国家|中央|自治|团|[\u4e00-\u9fa5]{1,8}(?:省|市|县|区|州|局|委|厅|办|部|会|院|中心|政府))/;
const OPEN = new Set(["（", "("]);
const CLOSE = new Set(["）", ")"]);

/** Finds the bracketed group that ends `text` (nested brackets allowed), with its offsets. */
function trailingGroup(text: string): { start: number; inner: string } | undefined {
  let end = text.length;
  while (end > 0 && /[\s。.；;，,]/.test(text[end - 1]!)) end--;
  if (end === 0 || !CLOSE.has(text[end - 1]!)) return undefined;
  let depth = 0;
  for (let i = end - 1; i >= 0; i--) {
    const ch = text[i]!;
    if (CLOSE.has(ch)) depth++;
    else if (OPEN.has(ch)) {
      depth--;
      if (depth === 0) return { start: i, inner: text.slice(i + 1, end - 1) };
    }
  }
  return undefined;
}

/** Splits a clause body at commas and semicolons that are not inside brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (OPEN.has(ch)) depth++;
    else if (CLOSE.has(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (ch === "," || ch === "，" || ch === ";" || ch === "；")) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

/** Reads the rule a text states, if any. */
export function statedRule(text: string): ResponsibilityRule | undefined {
  return FIRST_LEADS.test(text) ? "first-leads" : undefined;
}

/** Reads a clause body into its unit list, deadline and stated rule. */
export function readClauseBody(body: string, start = 0): Clause | undefined {
  const source = body.trim();
  const labelled = LABEL.test(source);
  const units: string[] = [];
  let deadline: string | undefined;
  let rule: ResponsibilityRule | undefined;
  let carries = false;
  // Labels stay with their units ("牵头单位：X；配合单位：Y"): the unit reader gives them their roles.
  for (const part of splitTopLevel(source)) {
    if (FIRST_LEADS.test(part)) {
      rule = "first-leads";
      carries ||= /下同/.test(part);
    } else if (part === "下同") carries = true;
    else if (DEADLINE_PART.test(part) && !UNIT_START.test(part.replace(DEADLINE_PART, ""))) deadline = part;
    else if (LABEL.test(part) || UNIT_START.test(part) || units.length === 0) {
      units.push(part.replace(/[,，]?\s*下同$/, ""));
    }
  }
  if (units.length === 0) return undefined;
  const text = units.join("，");
  if (!labelled && !RESPONSIBILITY_WORDS.test(text)) return undefined;
  return { units: text, ...(deadline ? { deadline } : {}), ...(rule ? { rule } : {}), carries, source, start };
}

/** Finds the responsibility clause that ends an item's text, if it has one. */
export function trailingClause(text: string): Clause | undefined {
  const group = trailingGroup(text);
  if (!group || group.inner.length > 300) return undefined;
  if (!RESPONSIBILITY_WORDS.test(group.inner)) return undefined;
  return readClauseBody(group.inner, group.start);
}

const UNIT_NAME = "[省市县区各][\\u4e00-\\u9fa5（）()]{1,20}?(?:委员会|委|局|办|厅|部|中心|政府|院|会)";
const UNIT_LIST = `${UNIT_NAME}(?:[、和及与]${UNIT_NAME})*`;
/** "由A牵头，B配合" / "由A负责": the units after 由, with the cooperators named right after. */
const BY = new RegExp(
  `由(${UNIT_LIST})(牵头负责|牵头|负责|组织实施)(?:[，,]\\s*(${UNIT_LIST})(?:等)?(?:配合|参与|协助))?`,
);
/** "市卫健委要加快…", "县卫健局负责制定…": a unit opening a sentence as its subject. */
const SUBJECT = new RegExp(`(?:^|[。；;])\\s*(${UNIT_LIST})(?:要|应当|应|将|负责|牵头)`);

/**
 * The responsible units as the subject of a sentence: "由市医改办牵头负责…", "由A牵头，B配合",
 * "市卫健委要加快…" (in the item's first sentences).
 */
export function subjectResponsibility(text: string): string | undefined {
  const by = BY.exec(text);
  if (by) {
    const role = /牵头/.test(by[2]!) ? "牵头" : "负责";
    return by[3] ? `${by[1]}${role}，${by[3]}配合` : `${by[1]}${role}`;
  }
  const subject = SUBJECT.exec(text.slice(0, 120));
  return subject ? `${subject[1]}负责` : undefined;
}

/** A carry-forward rule: "以下均需各片区配合落实，不再列出" → cooperating units for the items that follow. */
export function carryForwardCooperating(text: string): string | undefined {
  const m =
    /以下(?:各项|任务|工作)?(?:均|都|全部)?(?:需|由|请)?([\u4e00-\u9fa5、（）()]{2,30}?)(?:配合|参与)(?:落实|完成|实施)?/.exec(
      text,
    );
  return m ? m[1] : undefined;
}

/** "以上任务只列牵头部门" — the units listed in the items above are leads, not a first-leads list. */
export function listsOnlyLeadsAbove(text: string): boolean {
  return /以上(?:各项|任务|工作)?(?:只|仅)列(?:出)?牵头(?:部门|单位)/.test(text);
}
