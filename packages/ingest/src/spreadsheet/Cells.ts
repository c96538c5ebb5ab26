/**
 * How list-like values are written into a single cell and read back.
 *
 * - Lists (path, themes) are written one item a line. When that would be ambiguous (an item is
 *   empty, holds a line break, or the first item starts with "["), the cell holds a JSON array.
 * - Unit lists written by people use any of 、，,；; or line breaks; "省卫健委（规划处）" names an office.
 * - People cells hold "处室 姓名 电话" per line; a phone alone on a line belongs to the person
 *   before it, and an office alone on a line to the person after it (the layout of seed 000).
 */
import { type Person, type PersonRole, splitNameAndPhone, toHalfWidth } from "@reform/domain";

/** Writes a list of strings into one cell. */
export function encodeList(items: readonly string[]): string {
  const plain =
    items.length > 0 &&
    !(items.length === 1 && items[0] === "") &&
    items.every((item) => item !== "" && !/[\r\n]/.test(item)) &&
    !items[0]!.startsWith("[");
  if (items.length === 0) return "";
  return plain ? items.join("\n") : JSON.stringify(items);
}

/** Reads a cell written by `encodeList` (or typed by hand, one item a line). */
export function decodeList(cell: string): string[] {
  if (cell === "") return [];
  if (cell.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(cell);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string")) return parsed;
    } catch {
      // not JSON: read as plain lines
    }
  }
  return cell
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** A unit named in a cell, with the office in brackets when there is one. */
export interface NamedUnit {
  unit: string;
  office?: string;
}

const OFFICE_IN_BRACKETS = /^(.+?)[（(]([^（()）]+)[)）]$/;

/** A line that starts a unit name of its own (a region or organ prefix), not a wrapped tail. */
const UNIT_START = /^(?:省|市|县|区|州|盟|旗|各|国家|全|自治|中共|中央|共青团|团|妇联|总工会|红十字)/;

/**
 * Reads "省卫健委（规划处）、省财政厅" into units with offices. Units are separated by 、，,；; or
 * line breaks; a short line that does not start like a unit name ("省医改领导小组\n秘书处") is the
 * wrapped tail of the line before, as in Word tables.
 */
export function decodeUnits(cell: string): NamedUnit[] {
  const names: string[] = [];
  for (const part of cell.split(/[、，,；;]+/)) {
    part.split(/\r?\n/).forEach((line, i) => {
      const name = line.replace(/[\s\u3000\u00a0]+/g, "");
      if (name === "") return;
      if (i > 0 && names.length > 0 && name.length <= 5 && !UNIT_START.test(name)) names[names.length - 1] += name;
      else names.push(name);
    });
  }
  return names.map((s) => {
    const m = OFFICE_IN_BRACKETS.exec(s);
    return m ? { unit: m[1]!, office: m[2]! } : { unit: s };
  });
}

/** Writes units one a line, offices in full-width brackets. */
export function encodeUnits(units: readonly NamedUnit[]): string {
  return units.map((u) => (u.office ? `${u.unit}（${u.office}）` : u.unit)).join("\n");
}

const OFFICE = /^(\S*?(?:处|科|室|中心|办公室|办|股|所))\s*/;
/** A personal name: two to four Chinese characters, possibly padded with spaces ("张  力"). */
const NAME = /^[\u4e00-\u9fff]{2,4}$/;
const PHONE_ONLY = /^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** Writes the people of one role into a cell, one person a line. */
export function encodePeople(people: readonly Person[]): string {
  return people
    .map((p) => [p.office, p.name, p.contact.phone].filter((s): s is string => s !== undefined && s !== "").join(" "))
    .join("\n");
}

/** Reads the people of one role from a cell ("体制改革处\n文日炫", "李旭升\n18686530355", "王  爽 177…"). */
export function decodePeople(cell: string, role: PersonRole, unit?: string): Person[] {
  const people: Person[] = [];
  let pendingOffice: string | undefined;
  for (const raw of cell.split(/[\r\n、，,；;]+/)) {
    let line = toHalfWidth(raw).replace(/\s+/g, " ").trim();
    if (line === "") continue;
    if (PHONE_ONLY.test(line.replace(/ /g, ""))) {
      const last = people.at(-1);
      if (last && last.contact.phone === undefined) last.contact = { ...last.contact, phone: line.replace(/ /g, "") };
      continue;
    }
    let office = pendingOffice;
    const m = role === "office-head" ? OFFICE.exec(line) : null;
    const after = m ? splitNameAndPhone(line.slice(m[0].length)).name : "";
    if (m && (NAME.test(after) || (m[0].length > m[1]!.length && after !== ""))) {
      office = m[1]!;
      line = line.slice(m[0].length);
    } else if (role === "office-head" && /(?:处|科|室|中心|办公室)$/.test(line)) {
      pendingOffice = line;
      continue;
    }
    pendingOffice = undefined;
    const { name, phone } = splitNameAndPhone(line);
    if (name === "") continue;
    people.push({
      name,
      role,
      ...(unit ? { unit } : {}),
      ...(office ? { office } : {}),
      contact: phone ? { phone } : {},
    });
  }
  if (pendingOffice !== undefined && people.length === 0) {
    people.push({ name: pendingOffice, role, ...(unit ? { unit } : {}), contact: {} });
  }
  return people;
}

/** Header text normalised for matching: half-width, no spaces or line breaks, no "*" marks. */
export function normalizeHeader(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s*＊]/g, "")
    .replace(/[（]/g, "(")
    .replace(/[）]/g, ")")
    .toLowerCase();
}
