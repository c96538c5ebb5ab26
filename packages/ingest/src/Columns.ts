/**
 * Table headers: which column holds what, recognised by name ("牵头部门", "完成时限", "承办人及联系方式").
 * Shared by every table layout (cell-per-line, tab-separated and flattened).
 */

export type ColumnRole =
  | "seq"
  | "text"
  | "goal"
  | "deadline"
  | "lead"
  | "cooperating"
  | "responsible"
  | "leader"
  | "office"
  | "handler"
  | "liaison"
  | "remark";

/** Header words per role, most specific roles first (联络员 before 联系方式, 分管领导 before 牵头部门). */
const VOCABULARY: readonly (readonly [ColumnRole, readonly string[]])[] = [
  ["liaison", ["联络员"]],
  ["handler", ["承办人", "经办人", "联系人"]],
  ["leader", ["分管领导", "责任领导", "分管负责人"]],
  ["office", ["责任处室", "负责处室", "处室"]],
  ["cooperating", ["配合部门", "配合单位", "参与部门", "参与单位", "协同部门", "协办单位", "配合"]],
  ["lead", ["牵头部门", "牵头单位", "主责部门", "牵头"]],
  ["responsible", ["责任部门", "责任单位", "负责单位", "负责部门", "责任主体", "实施主体", "承担单位"]],
  ["deadline", ["完成时限", "完成时间", "时间节点", "时间安排", "进度安排", "时限要求", "时限"]],
  ["goal", ["工作目标", "目标任务", "预期目标", "预期成果", "成果形式", "目标"]],
  ["seq", ["序号", "编号"]],
  [
    "text",
    [
      "推进措施",
      "具体措施",
      "工作措施",
      "主要措施",
      "重点任务",
      "改革任务",
      "工作任务",
      "主要任务",
      "具体任务",
      "任务内容",
      "工作内容",
      "具体内容",
      "改革事项",
      "工作事项",
      "任务名称",
      "事项",
      "任务",
      "内容",
      "措施",
    ],
  ],
  ["remark", ["备注", "说明"]],
];

/** Every header word, longest first, for reading headers written without separators. */
const WORDS: readonly (readonly [string, ColumnRole])[] = VOCABULARY.flatMap(([role, words]) =>
  words.map((w) => [w, role] as const),
).sort((a, b) => b[0].length - a[0].length);

function compact(text: string): string {
  return text.replace(/[\s\u3000\u00a0]+/g, "");
}

/** The role of one header cell, or undefined when it is not a known header. */
export function columnRole(header: string): ColumnRole | undefined {
  const h = compact(header);
  if (h === "" || h.length > 24) return undefined;
  for (const [role, words] of VOCABULARY) {
    if (words.some((w) => h.includes(w))) return role;
  }
  return undefined;
}

/**
 * Reads a header row written without separators ("序号改革任务工作目标牵头部门配合部门备注") into its
 * column names, or undefined when the line is not made only of header words (at least three).
 */
export function splitFlattenedHeader(line: string): string[] | undefined {
  const h = compact(line);
  if (h.length < 6 || h.length > 60) return undefined;
  const names: string[] = [];
  let i = 0;
  while (i < h.length) {
    let found: string | undefined;
    for (const [w] of WORDS) {
      if (h.startsWith(w, i)) {
        found = w;
        break;
      }
    }
    if (!found) return undefined;
    names.push(found);
    i += found.length;
  }
  return names.length >= 3 ? names : undefined;
}

/** Roles for a header row; the text columns before the last one are grouping columns. */
export interface TableColumns {
  roles: (ColumnRole | undefined)[];
  names: string[];
  /** Indexes of grouping columns (工作任务, 具体内容 before 推进措施), outermost first. */
  groups: number[];
  /** Index of the column holding each row's own text. */
  text: number;
}

/** Maps header names to roles; undefined when there is no text column or fewer than three known columns. */
export function tableColumns(names: readonly string[]): TableColumns | undefined {
  const roles = names.map(columnRole);
  const known = roles.filter((r) => r !== undefined).length;
  const textCols = roles.flatMap((r, i) => (r === "text" ? [i] : []));
  if (known < 3 || (textCols.length === 0 && !roles.includes("goal"))) return undefined;
  const text = textCols.length > 0 ? textCols[textCols.length - 1]! : roles.indexOf("goal");
  return { roles, names: names.map(compact), groups: textCols.slice(0, -1), text };
}

/** The longest header word `text` ends with ("部分重点改革任务清单序号" → "序号"), if any. */
export function headerWordSuffix(text: string): string | undefined {
  const h = compact(text);
  for (const [w] of WORDS) if (h.endsWith(w)) return w;
  return undefined;
}

/** The header words `text` starts with, read greedily ("序号改革任务工作目标…1全面" → 序号, 改革任务, 工作目标, …). */
export function leadingHeaderWords(text: string): { names: string[]; length: number } {
  const names: string[] = [];
  let i = 0;
  for (;;) {
    let found: string | undefined;
    for (const [w] of WORDS) {
      if (text.startsWith(w, i)) {
        found = w;
        break;
      }
    }
    if (!found) break;
    names.push(found);
    i += found.length;
  }
  return { names, length: i };
}
