/**
 * People columns of a task table: 分管领导 (leader), 责任处室及负责人 (office and its head),
 * 承办人及联系方式 (handler), 联络员及联系方式 (liaison). Names lose the spaces used to pad two-character
 * names ("张  力" → "张力"); phones glued to names are split off ("佟学颖18643190215").
 */
import { type PersonRole, splitNameAndPhone } from "@reform/domain";
import type { DraftPerson } from "./Draft.ts";

const PHONE = /(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)/;
const OFFICE_SUFFIX = /(?:办公室|处|室|科|局|办|中心|所|站|部|组|队|股)/g;
const NAME = /^[\u4e00-\u9fa5·]{2,4}$/;

function compact(text: string): string {
  return text.replace(/[\s\u3000\u00a0]+/g, "");
}

/**
 * Reads people from a cell's lines: a line with a phone completes the person named on it or on the
 * line before; several people may share a cell ("张三、李四").
 */
export function readPeople(lines: readonly string[], role: PersonRole): DraftPerson[] {
  const people: DraftPerson[] = [];
  let pending: string | undefined;
  const push = (name: string, phone?: string) => {
    if (name !== "") people.push({ role, name, ...(phone ? { phone } : {}) });
  };
  for (const raw of lines.flatMap((l) => l.split(/[、，,；;/]/))) {
    const line = raw.trim();
    if (line === "") continue;
    const { name, phone } = splitNameAndPhone(line);
    if (phone) {
      if (name !== "") {
        if (pending !== undefined) push(pending);
        push(name, phone);
      } else push(pending ?? "", phone);
      pending = undefined;
    } else {
      if (pending !== undefined) push(pending);
      pending = compact(line);
    }
  }
  if (pending !== undefined) push(pending);
  return people;
}

/**
 * Reads an office cell: "体制改革处\n文日炫", "医政医管处张  艳", "医药服务\n管理处\n刘良军" →
 * the office and its head.
 */
export function readOffice(lines: readonly string[]): { office?: string; head?: DraftPerson } {
  const parts = lines.map(compact).filter((l) => l !== "");
  if (parts.length === 0) return {};
  const last = parts[parts.length - 1]!;
  if (parts.length > 1 && NAME.test(last) && !/(?:处|室|科|局|办|中心)$/.test(last)) {
    return { office: parts.slice(0, -1).join(""), head: { role: "office-head", name: last } };
  }
  const joined = parts.join("");
  if (PHONE.test(joined)) {
    const { name, phone } = splitNameAndPhone(joined);
    const split = readOffice([name]);
    return split.head && phone ? { ...split, head: { ...split.head, phone } } : split;
  }
  let cut = -1;
  for (const m of joined.matchAll(OFFICE_SUFFIX)) {
    const end = m.index + m[0].length;
    if (NAME.test(joined.slice(end))) cut = end;
  }
  if (cut > 0) return { office: joined.slice(0, cut), head: { role: "office-head", name: joined.slice(cut) } };
  if (NAME.test(joined) && !/(?:处|室|科|局|办|中心)$/.test(joined)) {
    return { head: { role: "office-head", name: joined } };
  }
  return { office: joined };
}
