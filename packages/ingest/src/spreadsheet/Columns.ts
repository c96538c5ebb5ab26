/**
 * The columns of a spreadsheet ledger: the header written on export and the synonyms accepted on
 * import. Columns are matched by header name (after `normalizeHeader`), never by position.
 */
import { normalizeHeader } from "./Cells.ts";

/** A column: its export header and other headers that mean the same. */
export interface ColumnSpec {
  header: string;
  synonyms?: readonly string[];
}

/** Task table columns, in export order. The first thirteen follow seed 000's table. */
export const TASK_COLUMNS = {
  seq: { header: "序号", synonyms: ["编次"] },
  depth: { header: "层级", synonyms: ["级别"] },
  label: { header: "编号", synonyms: ["条目编号"] },
  section: { header: "工作任务", synonyms: ["重点任务", "主要任务", "重点工作", "任务类别", "改革任务"] },
  subsection: { header: "具体内容", synonyms: ["主要内容", "任务分解", "二级任务"] },
  task: {
    header: "推进措施",
    synonyms: ["具体措施", "工作措施", "任务内容", "工作内容", "具体任务", "任务措施", "目标任务及措施"],
  },
  deadlineText: { header: "完成时限", synonyms: ["完成时间", "时限要求", "完成期限", "时间节点", "时间安排", "时限"] },
  leads: {
    header: "牵头部门",
    synonyms: ["牵头单位", "责任单位", "责任部门", "负责单位", "负责部门", "牵头部门(单位)", "责任主体"],
  },
  cooperators: { header: "配合部门", synonyms: ["配合单位", "参与部门", "参与单位", "协同部门", "协办单位"] },
  leader: { header: "牵头部门分管领导", synonyms: ["分管领导", "分管负责同志"] },
  officeHead: { header: "责任处室及负责人", synonyms: ["责任处室", "责任处室负责人", "处室负责人"] },
  handler: { header: "承办人及联系方式", synonyms: ["承办人", "经办人", "经办人及联系方式"] },
  liaison: {
    header: "定期上报（反馈）联络员及联系方式",
    synonyms: ["联络员及联系方式", "联络员", "定期上报联络员及联系方式", "上报联络员"],
  },
  id: { header: "任务ID", synonyms: ["任务编码", "id"] },
  parentId: { header: "上级ID", synonyms: ["上级任务ID", "父任务ID", "parentid"] },
  kind: { header: "类型", synonyms: ["节点类型", "任务类型"] },
  path: { header: "编号路径" },
  title: { header: "标题" },
  due: { header: "截止日期", synonyms: ["截止日期(规范化)", "到期日", "截止日"] },
  deadlineKind: { header: "时限类型" },
  targets: { header: "目标", synonyms: ["工作目标", "量化目标", "目标要求"] },
  themes: { header: "主题", synonyms: ["改革主题", "主题标签"] },
  weight: { header: "权重" },
  line: { header: "行号", synonyms: ["原文行号"] },
  residue: { header: "结构化数据" },
} as const satisfies Record<string, ColumnSpec>;

export type TaskColumn = keyof typeof TASK_COLUMNS;

/** Where each known column sits in a table's header, plus the unknown columns by index. */
export interface HeaderMap<C extends string> {
  known: Partial<Record<C, number>>;
  unknown: { index: number; header: string }[];
  /** Headers that matched a column already taken (kept as unknown columns). */
  duplicates: { index: number; header: string; column: C }[];
}

/** Maps a header row onto columns by name; unmatched headers are unknown columns. */
export function mapHeader<C extends string>(header: readonly string[], specs: Record<C, ColumnSpec>): HeaderMap<C> {
  const lookup = new Map<string, C>();
  for (const [column, spec] of Object.entries(specs) as [C, ColumnSpec][]) {
    lookup.set(normalizeHeader(spec.header), column);
    for (const synonym of spec.synonyms ?? []) {
      const key = normalizeHeader(synonym);
      if (!lookup.has(key)) lookup.set(key, column);
    }
  }
  const map: HeaderMap<C> = { known: {}, unknown: [], duplicates: [] };
  header.forEach((text, index) => {
    if (text.trim() === "") return;
    const column = lookup.get(normalizeHeader(text));
    if (column === undefined) map.unknown.push({ index, header: text.trim() });
    else if (map.known[column] !== undefined) {
      map.duplicates.push({ index, header: text.trim(), column });
      map.unknown.push({ index, header: text.trim() });
    } else map.known[column] = index;
  });
  return map;
}

/** True when a header text names one of the given columns. */
export function isKnownHeader<C extends string>(text: string, specs: Record<C, ColumnSpec>): boolean {
  return mapHeader([text], specs).unknown.length === 0;
}
