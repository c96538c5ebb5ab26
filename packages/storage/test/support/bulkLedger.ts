/**
 * Generated ledgers for the bulk-import tests: sections of subsections of tasks, with text that a
 * bulk load must carry through unchanged — tabs, line breaks, backslashes (also `\N` and `\.`),
 * quotes, braces and commas inside array elements, "NULL" as an element, empty strings, CJK and
 * characters outside the BMP — and every kind of deadline (so the indexed due date is set, left
 * empty, or taken from a window, milestones or a relative deadline).
 */
import { type Assignment, type Deadline, Ledger, type Task } from "@reform/domain";

/** Strings a row encoding could get wrong; task i uses `AWKWARD[i % AWKWARD.length]`. */
export const AWKWARD: ReadonlyArray<string> = [
  "plain",
  "tab\there",
  "line\nbreak",
  "carriage\rreturn",
  "back\\slash",
  "\\N",
  "\\.",
  'quote " and \\" escaped',
  "{braces},commas",
  "NULL",
  "",
  " leading and trailing ",
  "推进医改重点工作：「三医联动」",
  "😀 outside the BMP 𠀋",
  "e\u0301 combining",
];

const DEADLINES: ReadonlyArray<Deadline | undefined> = [
  { kind: "due", text: "2020年6月底前", due: "2020-06-30", precision: "month" },
  undefined,
  { kind: "ongoing", text: "持续推进" },
  { kind: "window", text: "（2020年3月-2020年9月）", start: "2020-03-01", due: "2020-09-30" },
  {
    kind: "milestones",
    text: "3月底前…9月底前",
    due: "2020-09-30",
    milestones: [
      { due: "2020-03-31", precision: "month", text: "3月底前", what: "出台方案" },
      { due: "2020-09-30", precision: "month", text: "9月底前" },
    ],
  },
  { kind: "relative", text: "两年内", amount: 2, unit: "year", due: "2021-12-31" },
  { kind: "relative", text: "一年内", amount: 1, unit: "year" },
  { kind: "unknown", text: "适时", reason: "no date" },
];

const lead = (unit: string): Assignment => ({ unit, kind: "department", role: "lead", primary: false });
const coLead = (unit: string): Assignment => ({ unit, kind: "department", role: "co-lead", primary: false });
const cooperating = (unit: string): Assignment => ({ unit, kind: "department", role: "cooperating", primary: false });

/**
 * A plan `planId` of `tasks` leaf tasks (30 per subsection, 4 subsections per section). Ids are
 * `${idPrefix}/section/subsection/task` (default prefix: the plan id), so two plans can be given
 * the same ids.
 */
export function bulkLedger(planId: string, tasks: number, idPrefix = planId): Ledger {
  const nodes: Task[] = [];
  const node = (path: string[], kind: Task["kind"], text: string, fields: Partial<Task> = {}): Task => ({
    id: [idPrefix, ...path].join("/"),
    planId,
    parentId: path.length > 1 ? [idPrefix, ...path.slice(0, -1)].join("/") : null,
    kind,
    path,
    text,
    order: 0,
    people: [],
    targets: [],
    themes: [],
    ...fields,
  });
  const perSubsection = 30;
  for (let s = 0; s * perSubsection < tasks; s += 1) {
    const section = String(Math.floor(s / 4) + 1);
    const subsection = `（${(s % 4) + 1}）`;
    if (s % 4 === 0) nodes.push(node([section], "section", `第${section}部分 ${AWKWARD[s % AWKWARD.length]}`));
    nodes.push(node([section, subsection], "subsection", `第${s + 1}项重点工作`, { order: s % 4 }));
    for (let t = 0; t < perSubsection && s * perSubsection + t < tasks; t += 1) {
      const i = s * perSubsection + t;
      const awkward = AWKWARD[i % AWKWARD.length] as string;
      const units = [`省直部门${i % 40}`, `部门"${awkward}"`, `省直部门${(i * 7 + 3) % 40}`];
      const deadline = DEADLINES[i % DEADLINES.length];
      nodes.push(
        node([section, subsection, `${t + 1}.${i % 7 === 0 ? awkward : ""}`], "task", `任务${i}：${awkward}`, {
          order: t,
          ...(i % 3 === 0 ? { title: awkward } : {}),
          ...(deadline ? { deadline } : {}),
          ...(i % 5 === 4
            ? {}
            : {
                responsibility: {
                  rule: "explicit",
                  text: awkward,
                  assignments:
                    i % 5 === 3
                      ? [coLead(units[0] as string), coLead(units[1] as string)]
                      : [lead(units[0] as string), cooperating(units[1] as string), cooperating(units[2] as string)],
                },
              }),
          themes: i % 4 === 0 ? [] : ["finance", awkward],
          line: i + 1,
          ...(i % 6 === 0 ? { extra: { 备注: awkward, "tab\tkey": "value" } } : {}),
        }),
      );
    }
  }
  return Ledger.parse({
    plan: { id: planId, title: `批量导入测试 ${planId}`, year: 2020, source: { file: "bulk.xlsx", format: "xlsx" } },
    tasks: nodes,
    indicators: [],
    units: [],
  });
}
