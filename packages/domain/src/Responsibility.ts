/**
 * Responsibility: which units lead (牵头), cooperate (配合/参与) or co-lead (共同牵头, 分别负责)
 * a task, as read from a document's responsibility text under its stated rule.
 */
import { z } from "zod";
import {
  classifyUnit,
  createDepartmentRegistry,
  type DepartmentRegistry,
  isGenericCollective,
  type ResponsibleUnit,
  splitOffice,
  UnitKind,
} from "./Department.ts";
import type { Region } from "./Plan.ts";
import { toHalfWidth } from "./Text.ts";

export const Role = z.enum(["lead", "cooperating", "co-lead"]);
export type Role = z.infer<typeof Role>;

/**
 * How a document assigns roles:
 * - `first-leads`: "列在第一位的部门为牵头部门" — the first unit leads, the rest cooperate;
 * - `all-responsible`: no stated rule — every listed unit is responsible, the first is primary;
 * - `explicit`: roles come from columns or words (牵头部门 / 配合部门, "X牵头，Y配合").
 */
export const ResponsibilityRule = z.enum(["first-leads", "all-responsible", "explicit"]);
export type ResponsibilityRule = z.infer<typeof ResponsibilityRule>;

export const Assignment = z.object({
  /** Unit name as the document wrote it (e.g. 市人力资源和社会保障局), without an office in brackets. */
  unit: z.string().min(1),
  /** Registry id, when the unit was resolved against a registry: the link to its canonical name, shared by every spelling. */
  unitId: z.string().optional(),
  kind: UnitKind,
  role: Role,
  /** The first listed unit when every listed unit is responsible. */
  primary: z.boolean().default(false),
  /** Office inside the unit: 省卫健委（规划处） → 规划处. */
  office: z.string().optional(),
});
export type Assignment = z.infer<typeof Assignment>;

export const Responsibility = z.object({
  assignments: z.array(Assignment),
  rule: ResponsibilityRule,
  /** The source text the assignments were read from. */
  text: z.string().default(""),
});
export type Responsibility = z.infer<typeof Responsibility>;

/** Units that answer for the task (leads and co-leads). */
export function leadsOf(r: Responsibility | undefined): Assignment[] {
  return r ? r.assignments.filter((a) => a.role === "lead" || a.role === "co-lead") : [];
}

/** Units that cooperate (配合/参与). */
export function cooperatorsOf(r: Responsibility | undefined): Assignment[] {
  return r ? r.assignments.filter((a) => a.role === "cooperating") : [];
}

/** How to read a responsibility text: the document's rule, and where its units belong. */
export interface ResponsibilityOptions {
  /** The rule the document states; defaults to `all-responsible`. Words in the text win over it. */
  rule?: ResponsibilityRule;
  /** The region the units belong to; gives them ids when no registry is passed. */
  region?: Region;
  /** Resolves every unit to its canonical name and id (and records offices and aliases). */
  registry?: DepartmentRegistry;
}

/** A responsibility text read in full: the assignments and everything that named no unit. */
export interface ResponsibilityReading {
  responsibility: Responsibility;
  /** Text that names no unit, in order: deadlines ("2017年10月底前完成"), status ("已完成"), notes. */
  rest: string[];
  /** Set when the text itself states its rule ("排在第一位的为牵头部门,下同"). */
  statedRule?: ResponsibilityRule;
}

/** "列在第一位的部门为牵头部门", "排在第一位的为牵头部门", "第一个为牵头单位", "列在首位的为牵头单位". */
const FIRST_LEADS = /(?:(?:列|排|放)在?|排名)?(?:第一|首)(?:位|个)?的?(?:部门|单位)?(?:为|是)牵头/;

/**
 * Finds a document's statement of how its responsibility lists are read ("列在第一位的部门为牵头部门",
 * "排在第一位的为牵头部门，下同") and the 1-based line it is on; the rule holds from that item on.
 */
export function detectResponsibilityRule(
  documentText: string,
): { rule: ResponsibilityRule; line?: number } | undefined {
  const lines = documentText.split("\n");
  const index = lines.findIndex((line) => FIRST_LEADS.test(toHalfWidth(line)));
  return index < 0 ? undefined : { rule: "first-leads", line: index + 1 };
}

/** What a role word says about the units before it (suffix) or after it (prefix). */
type Marker = "lead" | "co-lead" | "cooperating" | "responsible";

/** Role words after units: "A、B共同牵头", "A负责", "C参与". */
const SUFFIX_MARKERS = new Map<string, Marker>([
  ["共同牵头", "co-lead"],
  ["分别牵头", "co-lead"],
  ["共同负责", "co-lead"],
  ["分别负责", "co-lead"],
  ["牵头", "lead"],
  ["负责", "responsible"],
  ["主责", "responsible"],
  ["配合", "cooperating"],
  ["参与", "cooperating"],
  ["协助", "cooperating"],
  ["协办", "cooperating"],
]);
/** Role words before units: labels ("牵头部门:", "配合单位:") and "会同有关部门"; a plain label (责任单位) has no role. */
const PREFIX_MARKERS = new Map<string, Marker | undefined>([
  ["牵头部门", "lead"],
  ["牵头单位", "lead"],
  ["配合部门", "cooperating"],
  ["配合单位", "cooperating"],
  ["参与部门", "cooperating"],
  ["参与单位", "cooperating"],
  ["协办部门", "cooperating"],
  ["协办单位", "cooperating"],
  ["责任部门", undefined],
  ["责任单位", undefined],
  ["负责部门", undefined],
  ["负责单位", undefined],
  ["主办部门", undefined],
  ["主办单位", undefined],
  ["会同", "cooperating"],
]);
const MARKER_SPLIT =
  /((?:牵头|配合|参与|协办|责任|负责|主办)(?:部门|单位):|会同|共同牵头|分别牵头|共同负责|分别负责|牵头|负责|主责|配合|参与|协助|协办)/;

/** Deadlines and status at the end of a responsibility clause: "2017年10月底前完成", "已完成", "持续推进". */
const DEADLINE =
  /\d{2,4}\s*年|\d{1,2}\s*月|[一二三四五六七八九十]{1,3}月|年底|年内|月底|已完成|持续推进|长期坚持|常年|按照?国家|每年/;
/** Clauses that are notes, not units: "并根据具体督查任务确定配合部门". */
const NOTE = /^(?:并|其中|以上|注|另|同时|如|需)/;
/** Characters that end a unit name; a 省/市 right after one starts the next unit ("省卫生健康委省财政厅"). */
const GLUED = /(?<=[委厅局办部府会组联])(?=[省市](?!场|级|本级|直))/;
/** A fragment continuing the previous unit on the next line: "省医改领导小组\n秘书处". */
const CONTINUATION = /^[^省市县区各]{0,6}(?:秘书处|办公室|处|室|科)$/;
/** "太原、运城、长治" before "阳泉市": bare place names that take the last one's suffix. */
const BARE_PLACE = /^[\u4e00-\u9fff]{2,3}$/;
const PLACE_SUFFIX = /(市|县|区|州)$/;
/** Brackets after a unit that name an office inside it: (规划处), (医政医管局). */
const OFFICE = /(?:处|科|室|司|股|中心|办公室|局)$/;

const PLACEHOLDER = /\u0002(\d+)\u0003/g;
/** A bracket pair with no bracket inside. */
const INNERMOST_BRACKETS = /\(([^()]*)\)/;

interface Written {
  name: string;
  office?: string;
}

interface Group {
  units: Written[];
  marker?: Marker;
  /** "分别负责": each unit answers for its own part. */
  separately: boolean;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const CONTROL_OR_EMPHASIS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f*]/;

/** Removes wrapping brackets and emphasis: "**（责任部门：省医保局）**" → "责任部门:省医保局". */
function unwrap(text: string): string {
  let t = toHalfWidth(text);
  if (CONTROL_OR_EMPHASIS.test(t)) t = t.replace(CONTROL, "").replace(/\*/g, "");
  t = t.trim();
  while (t.startsWith("(") && t.endsWith(")") && closingBracket(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

/** Index of the bracket closing the one opened at `open`, or -1. */
function closingBracket(t: string, open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    if (t[i] === "(") depth++;
    else if (t[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

/** Marks a role word inside a collective's name ("各项目牵头单位") and the 、 of a place list ("各区、县级市"). */
const INSIDE = "\ue001";
const COLLECTIVE_ROLE = /(各[\u4e00-\u9fa5]{0,8}?)(牵头|责任|配合|参与)(单位|部门)/g;
const PLACE_LIST = /(各(?:区|县|市|县区|乡镇|街道))、(?=县级市|县|区|市辖区|乡镇|街道|开发区)/g;
const BY_DUTY = /等?(?:按照?|根据)?(?:各自)?职责分工/g;

/**
 * Keeps collectives whole and drops wording that is no unit: "各项目牵头单位" is one unit (not 各项目 and
 * a role word), "各区、县级市" one list of places, "区市场监管局等按职责分工负责" names 区市场监管局.
 */
function protectCollectives(text: string): string {
  let t = text;
  if (t.includes("各")) {
    t = t.replace(COLLECTIVE_ROLE, (_, a: string, role: string, b: string) => `${a}${role[0]}${INSIDE}${role[1]}${b}`);
    t = t.replace(PLACE_LIST, `$1${INSIDE}`);
  }
  if (t.includes("职责分工")) t = t.replace(BY_DUTY, "");
  return t;
}

/** Words that are no unit whatever stands around them ("落实" left over from "配合落实"). */
const NOT_A_UNIT = /^(?:落实|推进|完成|实施|组织|负责|做好|督促|指导|执行|办理|开展|按职责|分工)$/;

/**
 * Reads a responsibility text ("市卫计委、市教育局共同牵头,2017年9月底前完成", a 牵头部门 cell, "（责任单位:…,
 * 排在第一位的为牵头部门,下同）") into assignments, returning also the text that named no unit. Never throws.
 */
export function readResponsibleUnits(text: string, options: ResponsibilityOptions = {}): ResponsibilityReading {
  const rest: string[] = [];
  let statedRule: ResponsibilityRule | undefined;
  let t = protectCollectives(unwrap(text));
  if (t.includes("(")) t = t.replace(/\s+\(/g, "(");

  // Brackets inside the text become placeholders, so their commas and 和 do not split units.
  const brackets: string[] = [];
  if (t.includes("(") || t.includes(")")) {
    for (let m = INNERMOST_BRACKETS.exec(t); m; m = INNERMOST_BRACKETS.exec(t)) {
      brackets.push(restore(m[1]!, brackets));
      t = `${t.slice(0, m.index)}\u0002${brackets.length - 1}\u0003${t.slice(m.index + m[0].length)}`;
    }
    t = t.replace(/[()]/g, ",");
  }

  // Clauses: drop the stated rule, "下同", notes and deadlines.
  const kept: string[] = [];
  for (const raw of t.split(/[,;。]/)) {
    let clause = raw.trim();
    if (clause.endsWith("下同")) clause = clause.slice(0, -2);
    if (clause === "") continue;
    if (clause.includes("牵头") && FIRST_LEADS.test(clause)) {
      statedRule = "first-leads";
      continue;
    }
    if (NOTE.test(clause)) {
      rest.push(restore(clause, brackets));
      continue;
    }
    const deadline = DEADLINE.exec(clause);
    if (deadline) {
      rest.push(restore(clause.slice(deadline.index), brackets));
      clause = clause.slice(0, deadline.index);
    }
    kept.push(clause);
  }

  const groups = groupUnits(kept.join(","), brackets, rest);
  const rule = statedRule ?? options.rule ?? "all-responsible";
  const registry = options.registry ?? (options.region ? createDepartmentRegistry(options.region) : undefined);
  return {
    responsibility: assign(groups, rule, registry, text),
    rest,
    ...(statedRule ? { statedRule } : {}),
  };
}

/**
 * Reads a responsibility text into a `Responsibility` (see `readResponsibleUnits`). Splits units on
 * 、，,；; spaces, new lines and 和/及/与 between units; keeps offices in brackets; applies role words
 * (牵头, 配合, 参与, 共同牵头, 分别负责, 会同) and otherwise `rules.rule`. Never throws.
 */
export function parseResponsibleUnits(text: string, rules: ResponsibilityOptions = {}): Responsibility {
  return readResponsibleUnits(text, rules).responsibility;
}

/**
 * Reads the 牵头部门 and 配合部门 columns of a task table into one `Responsibility` with explicit roles.
 * Units written one per line are separate units; a lead column naming several units makes them co-leads.
 */
export function parseResponsibilityColumns(
  columns: { lead?: string; cooperating?: string },
  options: Omit<ResponsibilityOptions, "rule"> = {},
): Responsibility {
  const text = [
    columns.lead?.trim() ? `牵头部门:${columns.lead}` : "",
    columns.cooperating?.trim() ? `配合部门:${columns.cooperating}` : "",
  ]
    .filter((c) => c !== "")
    .join(";");
  const read = readResponsibleUnits(text, { ...options, rule: "explicit" });
  const source = [columns.lead, columns.cooperating].filter((c): c is string => c !== undefined).join("\n");
  return { ...read.responsibility, rule: "explicit", text: source };
}

/** Puts bracketed text back: "各县\u00020\u0003政府" → "各县(区)政府". */
function restore(text: string, brackets: readonly string[]): string {
  if (!text.includes("\u0002")) return text;
  return text.replace(PLACEHOLDER, (_, i: string) => `(${brackets[Number(i)] ?? ""})`);
}

/** Splits the kept clauses into units grouped by the role word that follows (or precedes) them. */
function groupUnits(text: string, brackets: readonly string[], rest: string[]): Group[] {
  const groups: Group[] = [];
  let current: Group = { units: [], separately: false };
  const close = (marker?: Marker, separately = false) => {
    if (current.units.length > 0) groups.push({ ...current, marker: marker ?? current.marker, separately });
  };
  for (const piece of text.split(MARKER_SPLIT)) {
    const word = piece.endsWith(":") ? piece.slice(0, -1) : piece;
    if (PREFIX_MARKERS.has(word)) {
      const marker = PREFIX_MARKERS.get(word);
      close();
      current = { units: [], separately: false, ...(marker ? { marker } : {}) };
      continue;
    }
    const suffix = SUFFIX_MARKERS.get(word);
    if (suffix) {
      // A label's role stands unless the word after the units is more specific than "负责".
      const marker = suffix === "responsible" && current.marker ? current.marker : suffix;
      close(marker, word.startsWith("分别"));
      current = { units: [], separately: false };
      continue;
    }
    for (const unit of splitUnits(piece, brackets, rest)) current.units.push(unit);
  }
  close();
  for (const group of groups) distributePlaceSuffix(group.units);
  return groups;
}

/** Splits a run of text without role words into unit names with their offices. */
function splitUnits(text: string, brackets: readonly string[], rest: string[]): Written[] {
  const units: Written[] = [];
  for (const token of tokensOf(text)) {
    const unit = cleanUnit(token, brackets, rest);
    if (!unit) continue;
    const previous = units[units.length - 1];
    if (previous && !unit.office && CONTINUATION.test(unit.name)) {
      // "省医改领导小组\n秘书处" is one body; "省卫健委\n规划处" is an office of the unit above.
      const kind = classifyUnit(previous.name).kind;
      if (kind === "leading-group" || kind === "government") previous.name += unit.name;
      else if (!previous.office) previous.office = unit.name;
      else units.push(unit);
      continue;
    }
    units.push(unit);
  }
  return units;
}

/** 和/及/与/以及 between two units: before a region or collective, or after a unit's last character. */
const AND = /(?:以及|和|及|与)(?=[省市县区各]|有关|相关|其他)|(?<=[委厅局办部府会组])(?:以及|和|及|与)/;

/**
 * The candidate unit names in `text`: split on 、,; and spaces, on 和/及/与 between units and
 * where a unit is glued to the next. The last two splits run only on pieces holding their characters.
 */
function tokensOf(text: string): string[] {
  const tokens: string[] = [];
  for (const piece of text.split(/[、,;\s]+/)) {
    const parts = piece.includes("和") || piece.includes("及") || piece.includes("与") ? piece.split(AND) : [piece];
    for (const part of parts) {
      if (part.indexOf("省", 1) > 0 || part.indexOf("市", 1) > 0)
        for (const token of part.split(GLUED)) tokens.push(token);
      else tokens.push(part);
    }
  }
  return tokens;
}

/** Words a unit name is written after ("由市卫计委负责"), dropped from its start. */
const LEADING_WORDS = new Set(["由", "及", "和", "与", "并", "是"]);
const COUNTED = /等(?:\d+|[一二三四五六七八九十]+)?个?(?:部门|单位)?$/;
const LAST_PLACEHOLDER = /\u0002(\d+)\u0003$/;

/** One unit name: trims 由/等, reads an office in brackets, and rejects what cannot be a unit. */
function cleanUnit(token: string, brackets: readonly string[], rest: string[]): Written | undefined {
  let name = LEADING_WORDS.has(token.charAt(0)) ? token.slice(1) : token;
  if (name.includes("等")) name = name.replace(COUNTED, "");
  name = name.trim();
  let office: string | undefined;
  const last = name.endsWith("\u0003") ? LAST_PLACEHOLDER.exec(name) : null;
  const inBrackets = last ? brackets[Number(last[1])] : undefined;
  if (last && inBrackets !== undefined && inBrackets.length > 1 && OFFICE.test(inBrackets)) {
    office = inBrackets;
    name = name.slice(0, last.index);
  }
  if (name.includes("\u0002")) {
    name = name.replace(PLACEHOLDER, (_, i: string) => {
      const inner = brackets[Number(i)] ?? "";
      if (inner.length <= 2) return `(${inner})`;
      rest.push(`(${inner})`);
      return "";
    });
  }
  if (name.includes(INSIDE)) name = name.replace(/\ue001(?=[^头任合与])/g, "、").replace(/\ue001/g, "");
  if (name === "" || name === "部门" || name === "单位" || name === "等" || NOT_A_UNIT.test(name)) return undefined;
  // Sentences and headings are not units: too long, digits, punctuation, or long with no unit ending.
  if (name.length > 30 || /[0-9。:"“”]/.test(name) || (name.length > 12 && classifyUnit(name).kind === "other")) {
    rest.push(name);
    return undefined;
  }
  return office ? { name, office } : { name };
}

/** "太原、运城、长治、晋中、阳泉市": the last place's suffix (市) belongs to every bare name before it. */
function distributePlaceSuffix(units: Written[]): void {
  for (let i = units.length - 1; i > 0; i--) {
    const suffix = PLACE_SUFFIX.exec(units[i]!.name)?.[1];
    if (!suffix || classifyUnit(units[i]!.name).kind !== "city") continue;
    for (let j = i - 1; j >= 0; j--) {
      const unit = units[j]!;
      if (!BARE_PLACE.test(unit.name) || classifyUnit(unit.name).kind !== "other") break;
      unit.name += suffix;
      i = j;
    }
  }
}

/** Turns groups into assignments: role words first, then the rule, then the registry's names. */
function assign(
  groups: readonly Group[],
  rule: ResponsibilityRule,
  registry: DepartmentRegistry | undefined,
  text: string,
): Responsibility {
  const separately = groups.some((g) => g.separately);
  // Resolve names first so that two spellings of one unit are listed once, at its first mention.
  const seen = new Set<string>();
  const marked: Array<{
    name: string;
    unit: ResponsibleUnit | undefined;
    office: string | undefined;
    marker: Marker | undefined;
  }> = [];
  for (const g of groups) {
    for (const { name, office } of g.units) {
      const unit = registry?.resolve(office ? `${name}(${office})` : name);
      // The document's spelling is shown; the registry's canonical unit only links spellings.
      const canonical = unit?.name ?? name;
      if (seen.has(canonical)) continue;
      seen.add(canonical);
      marked.push({ name: unit ? splitOffice(name).name : name, unit, office, marker: g.marker });
    }
  }
  const explicit = marked.some((m) => m.marker !== undefined && m.marker !== "responsible");
  const explicitLeads = marked.filter((m) => m.marker === "lead").length;
  const coLeads = separately || marked.some((m) => m.marker === "co-lead");
  const hasLead = explicitLeads > 0 || coLeads;
  const named = marked.some((m) => !isGenericCollective(m.name));

  let open = 0;
  const roleOf = (name: string, marker: Marker | undefined): Role => {
    // Several leads, or a lead beside co-leads, share the lead: each answers for its part.
    if (marker === "lead") return explicitLeads > 1 || coLeads ? "co-lead" : "lead";
    if (marker === "co-lead" || marker === "cooperating") return marker;
    if (separately) return "co-lead";
    if (hasLead || (named && isGenericCollective(name))) return "cooperating";
    open++;
    return rule === "first-leads" && open > 1 ? "cooperating" : "lead";
  };

  const assignments = marked.map(
    ({ name, unit, office, marker }): Assignment => ({
      unit: name,
      ...(unit ? { unitId: unit.id } : {}),
      kind: unit?.kind ?? classifyUnit(name).kind,
      role: roleOf(name, marker),
      primary: false,
      ...(office ? { office } : {}),
    }),
  );
  const primary = assignments.find((a) => a.role === "lead" || a.role === "co-lead");
  if (primary) primary.primary = true;
  return { assignments, rule: explicit ? "explicit" : rule, text };
}
