/**
 * Responsible units: departments and the other bodies a plan names (cities, collectives,
 * party organs, associations, leading groups), each belonging to a region.
 */
import { z } from "zod";
import { Region } from "./Plan.ts";
import { toHalfWidth } from "./Text.ts";

export const UnitKind = z.enum([
  "department",
  "government",
  "city",
  "collective",
  "party",
  "association",
  "leading-group",
  "enterprise",
  "other",
]);
export type UnitKind = z.infer<typeof UnitKind>;

/**
 * What a department does, so staff can compare like with like across regions
 * (山西 省卫健委 and 吉林 省卫生健康委 are both `health`).
 */
export const DepartmentKind = z.enum([
  "health",
  "healthcare-security",
  "finance",
  "development-reform",
  "human-resources",
  "civil-affairs",
  "tcm",
  "drug-administration",
  "market-regulation",
  "education",
  "industry-it",
  "commerce",
  "taxation",
  "audit",
  "organisation",
  "publicity",
  "reform-office",
  "government-office",
  "insurance-regulation",
  "other",
]);
export type DepartmentKind = z.infer<typeof DepartmentKind>;

export const ResponsibleUnit = z.object({
  id: z.string().min(1),
  /** Canonical name within its region, e.g. 省卫生健康委. */
  name: z.string().min(1),
  region: Region.optional(),
  kind: UnitKind,
  departmentKind: DepartmentKind.optional(),
  aliases: z.array(z.string()).default([]),
  offices: z.array(z.string()).default([]),
});
export type ResponsibleUnit = z.infer<typeof ResponsibleUnit>;

/** What `classifyUnit` reads from a unit name. */
export interface UnitClass {
  kind: UnitKind;
  departmentKind?: DepartmentKind;
}

/** Keyword table for department kinds, first match wins (so 医改办 is read before 办, 银保监 before 医保). */
const DEPARTMENT_KIND_KEYWORDS: ReadonlyArray<readonly [RegExp, DepartmentKind]> = [
  [/医改办|医改领导小组|医药卫生体制改革领导小组/, "reform-office"],
  [/政府办公厅|政府办公室|政府办$/, "government-office"],
  [/银保监|银行保险监督/, "insurance-regulation"],
  [/中医药|中医局/, "tcm"],
  [/医保|医疗保障|医疗保险/, "healthcare-security"],
  [/卫健|卫生健康|卫计|卫生计生|卫生和计划生育/, "health"],
  [/药监|药品监督|食药监|食品药品监/, "drug-administration"],
  [/市场监管|市场监督|市场和质量监|质监|工商局/, "market-regulation"],
  [/发改|发展改革|发展和改革|物价局/, "development-reform"],
  [/人社|人力资源/, "human-resources"],
  [/民政/, "civil-affairs"],
  [/财政/, "finance"],
  [/教育/, "education"],
  [/工信|工业和信息化|经信/, "industry-it"],
  [/商务/, "commerce"],
  [/税务|地税|国税/, "taxation"],
  [/审计/, "audit"],
  [/编办|编委办|机构编制|组织部/, "organisation"],
  [/宣传部/, "publicity"],
];

/** Collectives: several bodies named at once ("有关部门", "推进委员会成员单位", "各地"). */
const COLLECTIVE = /成员单位|有关部门|有关单位|相关部门|相关单位|其他部门|各级|各部门|各单位|^各地/;
/** Generic collectives carry no name of their own and cooperate when named units are listed. */
const GENERIC_COLLECTIVE = /^(各)?(有关|相关|其他)(部门|单位)$/;
const PARTY = /党委|纪委|[省市县区]委(宣传|组织|统战|政法|编)|宣传部|组织部|统战部|政法委|团[省市县区]委/;
const ASSOCIATION = /协会|学会|商会|联合会|残联|妇联|科协|工会|红十字会/;
const LEADING_GROUP = /领导小组|医改办|联席会议|推进委员会$/;
const GOVERNMENT = /政府$/;
const ENTERPRISE = /公司|集团|企业|银行|医院|卫生院|保健院|保险机构$/;
/** A place: 太原市, 临汾市, 芦溪县, 安源区 (no 省/市 prefix of its own). */
const PLACE = /^[^\s省市县区各()]{1,6}(市|自治州|州|地区|盟|县|区|旗)$/;
const DEPARTMENT_SUFFIX = /(委|厅|局|办|部|署|委员会|办公室|中心|院|处|室|所|站|队)$/;

/**
 * Classifies a responsible unit by its name: its kind (department, city, party organ, …) and, for
 * departments and the like, what it does (`health`, `finance`, …) so like can be compared with like.
 */
export function classifyUnit(name: string): UnitClass {
  let known = CLASSES.get(name);
  if (known === undefined) {
    known = readUnitClass(name);
    if (CLASSES.size >= NAMES_KEPT) CLASSES.clear();
    CLASSES.set(name, known);
  }
  // A copy: callers may extend the object they get.
  return { ...known };
}

/** Unit classes by name, shared by all documents: ~19 regexes run once per distinct name. */
const CLASSES = new Map<string, UnitClass>();

function readUnitClass(name: string): UnitClass {
  const n = name.trim();
  const departmentKind = DEPARTMENT_KIND_KEYWORDS.find(([re]) => re.test(n))?.[1];
  const withKind = (kind: UnitKind): UnitClass => (departmentKind ? { kind, departmentKind } : { kind });
  if (COLLECTIVE.test(n)) return withKind("collective");
  if (LEADING_GROUP.test(n)) return withKind("leading-group");
  if (PARTY.test(n)) return withKind("party");
  if (GOVERNMENT.test(n)) return withKind("government");
  if (ASSOCIATION.test(n)) return withKind("association");
  if (ENTERPRISE.test(n)) return withKind("enterprise");
  if (/^各/.test(n)) return withKind("collective");
  if (departmentKind) return withKind("department");
  if (PLACE.test(n)) return { kind: "city" };
  if (DEPARTMENT_SUFFIX.test(n)) return { kind: "department" };
  return { kind: "other" };
}

/** True for "有关部门", "各相关单位": a collective with no name of its own. */
export function isGenericCollective(name: string): boolean {
  return GENERIC_COLLECTIVE.test(name.trim());
}

/**
 * Abbreviations of Chinese government body names: each canonical ending (the official short form,
 * 规范简称) with the endings that mean the same body. Applied to the end of a name, so the region
 * prefix (省, 市, 吉林省…) is kept: 省卫健委 → 省卫生健康委.
 */
const ABBREVIATIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["卫生健康委", ["卫生健康委员会", "卫健委"]],
  ["卫生计生委", ["卫生和计划生育委员会", "卫生计划生育委员会", "卫生计生委员会", "卫计委"]],
  ["发展改革委", ["发展和改革委员会", "发展改革委员会", "发改委"]],
  ["人力资源社会保障厅", ["人力资源和社会保障厅", "人社厅"]],
  ["人力资源社会保障局", ["人力资源和社会保障局", "人社局"]],
  ["医保局", ["医疗保障局"]],
  ["中医药局", ["中医药管理局"]],
  ["食品药品监管局", ["食品药品监督管理局", "食药监局"]],
  ["药监局", ["药品监督管理局"]],
  ["市场监管局", ["市场监督管理局"]],
  ["市场和质量监管局", ["市场和质量监督管理局"]],
  ["工业和信息化厅", ["工信厅"]],
  ["工业和信息化局", ["工信局"]],
  ["工业和信息化委", ["工业和信息化委员会", "工信委"]],
  ["编办", ["机构编制委员会办公室", "编委办"]],
  ["国资委", ["国有资产监督管理委员会"]],
  ["银保监局", ["银行保险监督管理局"]],
  ["医改办", ["深化医药卫生体制改革领导小组办公室", "医改领导小组办公室"]],
  ["医改领导小组", ["深化医药卫生体制改革领导小组"]],
  ["政务服务和数字化局", ["政务服务和数字化建设管理局", "政数局"]],
  ["科技厅", ["科学技术厅"]],
  ["科技局", ["科学技术局"]],
  ["地税局", ["地方税务局"]],
  ["残联", ["残疾人联合会"]],
  ["扶贫办", ["扶贫开发办公室", "扶贫开发领导小组办公室"]],
  ["政府办公厅", ["人民政府办公厅"]],
  ["政府办公室", ["人民政府办公室"]],
  ["政府", ["人民政府"]],
];

/** Common misspellings seen in published lists (省中医局 for 省中医药局). */
const TYPOS: ReadonlyArray<readonly [string, string]> = [["中医局", "中医药局"]];

/** Every alias ending → canonical ending, longest alias first so 食品药品监督管理局 wins over 药品监督管理局. */
const ENDINGS: ReadonlyArray<readonly [string, string]> = [
  ...ABBREVIATIONS.flatMap(([canonical, aliases]) => aliases.map((alias) => [alias, canonical] as const)),
  ...TYPOS,
].sort((a, b) => b[0].length - a[0].length);

/** {@link ENDINGS} by the char code of their last character, in the same order. */
const ENDINGS_BY_LAST = new Map<number, Array<readonly [string, string]>>();
for (const ending of ENDINGS) {
  const last = ending[0].charCodeAt(ending[0].length - 1);
  const list = ENDINGS_BY_LAST.get(last) ?? [];
  list.push(ending);
  ENDINGS_BY_LAST.set(last, list);
}

const OFFICE_SUFFIX = /(处|科|室|司|股|中心|办公室|秘书处|局)$/;

/** A unit name and the office inside it: 省卫健委（规划处） → 省卫健委 + 规划处. */
export interface UnitAndOffice {
  name: string;
  office?: string;
}

/**
 * Splits an office written in brackets (full- or half-width) off a unit name:
 * "省卫健委（规划处）" → { name: "省卫健委", office: "规划处" }. Brackets that are part of the name
 * ("各县(区)政府") stay.
 */
export function splitOffice(text: string): UnitAndOffice {
  const t = toHalfWidth(text).replace(/\s+/g, "");
  const m = t.endsWith(")") ? /^(.+?)\(([^()]+)\)$/.exec(t) : null;
  if (m && m[2]!.length > 1 && OFFICE_SUFFIX.test(m[2]!)) return { name: m[1]!, office: m[2]! };
  return { name: t };
}

/**
 * Canonical form of a unit name regardless of region: half-width, no spaces, region name shortened
 * to its level (吉林省卫生健康委员会 → 省卫生健康委 when the region is 吉林省), abbreviations and known
 * typos mapped to the official short form, one-character bracket notes unwrapped (各县(区)政府 → 各县区政府).
 */
export function canonicalUnitName(name: string, region?: Region): string {
  const key = region ? `${region.name}\u0000${name}` : name;
  let canonical = CANONICAL_NAMES.get(key);
  if (canonical === undefined) {
    canonical = readCanonicalName(name, region);
    if (CANONICAL_NAMES.size >= NAMES_KEPT) CANONICAL_NAMES.clear();
    CANONICAL_NAMES.set(key, canonical);
  }
  return canonical;
}

/** Canonical names by region name and name as written, shared by all registries. */
const CANONICAL_NAMES = new Map<string, string>();

function readCanonicalName(name: string, region?: Region): string {
  let n = splitOffice(name).name;
  if (n.includes("(")) n = n.replace(/\(([^()])\)/g, "$1");
  if (region) {
    const level = region.name.slice(-1);
    if ("省市县区".includes(level) && n.startsWith(region.name) && n.length > region.name.length) {
      n = level + n.slice(region.name.length);
    }
  }
  const ending = ENDINGS_BY_LAST.get(n.charCodeAt(n.length - 1))?.find(([alias]) => n.endsWith(alias));
  return ending ? n.slice(0, n.length - ending[0].length) + ending[1] : n;
}

/** Stable id of a unit: region name and canonical name, e.g. "吉林省:省卫生健康委". */
export function unitIdFor(canonicalName: string, region?: Region): string {
  return region ? `${region.name}:${canonicalName}` : canonicalName;
}

/**
 * The responsible units of one region, each under its canonical name with the aliases it was met
 * under. Different regions are different bodies: use one registry per region.
 */
export interface DepartmentRegistry {
  readonly region: Region | undefined;
  /** The name this registry files `name` under (seeded aliases first, then the general rules). */
  canonicalName(name: string): string;
  /** The unit `name` refers to, created on first sight; an office in brackets is recorded, not named. */
  resolve(name: string): ResponsibleUnit;
  /** The unit `name` refers to, if already known. */
  find(name: string): ResponsibleUnit | undefined;
  /** Adds (or merges into an existing unit) a unit with its aliases and offices. */
  add(unit: ResponsibleUnit): ResponsibleUnit;
  /** Every unit, in the order first seen. */
  all(): ResponsibleUnit[];
}

/** How many names as written a registry remembers the reading of (it forgets them all when full). */
const NAMES_KEPT = 4096;

/** `read` memoised for the names of one registry: a document repeats its unit names many times. */
function memoName<T>(read: (name: string) => T): (name: string) => T {
  const cache = new Map<string, T>();
  return (name) => {
    let value = cache.get(name);
    if (value === undefined) {
      value = read(name);
      if (cache.size >= NAMES_KEPT) cache.clear();
      cache.set(name, value);
    }
    return value;
  };
}

/** Creates a registry for `region`, optionally seeded with known units and their aliases. */
export function createDepartmentRegistry(region?: Region, seed: readonly ResponsibleUnit[] = []): DepartmentRegistry {
  const units = new Map<string, ResponsibleUnit>();
  /** General canonical form → the registry's name for it (seeded names may differ from the general rules). */
  const aliases = new Map<string, string>();
  /** Name as written → its general canonical form. */
  const generalName = memoName((name) => canonicalUnitName(name, region));
  /** Name as written → the unit name and the office in brackets (read only, never handed out). */
  const nameAndOffice = memoName(splitOffice);

  const canonicalName = (name: string): string => {
    const canonical = generalName(name);
    return aliases.get(canonical) ?? canonical;
  };

  const merge = (unit: ResponsibleUnit, names: readonly string[], offices: readonly string[]): ResponsibleUnit => {
    const newAliases = names.filter((n) => n !== unit.name && !unit.aliases.includes(n));
    const newOffices = offices.filter((o) => !unit.offices.includes(o));
    if (newAliases.length === 0 && newOffices.length === 0) return unit;
    const merged = {
      ...unit,
      aliases: [...unit.aliases, ...new Set(newAliases)],
      offices: [...unit.offices, ...new Set(newOffices)],
    };
    units.set(unit.name, merged);
    return merged;
  };

  const add = (unit: ResponsibleUnit): ResponsibleUnit => {
    const written = [unit.name, ...unit.aliases].map((n) => splitOffice(n).name);
    const known = written.map(canonicalName).find((n) => units.has(n));
    // A unit's own name is authoritative: seeding 省卫健委 files its aliases under 省卫健委.
    const name = known ?? written[0]!;
    for (const n of written) aliases.set(generalName(n), name);
    const existing = units.get(name) ?? { ...unit, name, aliases: [], offices: [] };
    units.set(name, existing);
    return merge(existing, written, unit.offices);
  };

  const find = (name: string): ResponsibleUnit | undefined => units.get(canonicalName(name));

  const resolve = (name: string): ResponsibleUnit => {
    const { name: written, office } = nameAndOffice(name);
    const canonical = canonicalName(written);
    const existing = units.get(canonical);
    const offices = office ? [office] : [];
    if (existing) return merge(existing, [written], offices);
    return add({
      id: unitIdFor(canonical, region),
      name: canonical,
      ...(region ? { region } : {}),
      ...classifyUnit(canonical),
      aliases: written === canonical ? [] : [written],
      offices,
    });
  };

  for (const unit of seed) add(unit);
  return { region, canonicalName, resolve, find, add, all: () => [...units.values()] };
}
