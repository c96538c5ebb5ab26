/**
 * The task table's field codecs: how each task field is shown in 000-style columns and read back.
 */
import {
  type Assignment,
  type Deadline,
  type DeadlineContext,
  type DeadlineKind,
  extractTargets,
  isValidIsoDate,
  parseDeadline,
  type PersonRole,
  type ResponsibleUnit,
  type Task,
  type TaskKind,
  type UnitKind,
} from "@reform/domain";
import { decodeList, decodePeople, decodeUnits, encodeList, encodePeople, encodeUnits } from "./Cells.ts";
import type { TaskColumn } from "./Columns.ts";
import { type FieldCodec, field, type RowCells } from "./RecordCodec.ts";

/** 类型 column values. English kind names are accepted too. */
export const KIND_LABEL: Record<TaskKind, string> = {
  section: "章节",
  subsection: "小节",
  task: "任务",
  milestone: "节点",
};

/** 时限类型 column values. English kind names are accepted too. */
export const DEADLINE_KIND_LABEL: Record<DeadlineKind, string> = {
  due: "限期完成",
  ongoing: "持续推进",
  recurring: "每年定期",
  external: "按上级部署",
  done: "已完成",
  starts: "起始日期",
  window: "时间段",
  relative: "相对期限",
  milestones: "分阶段",
  unknown: "未识别",
};

function labelLookup<K extends string>(labels: Record<K, string>): (text: string) => K | undefined {
  const map = new Map<string, K>();
  for (const [k, v] of Object.entries(labels) as [K, string][]) {
    map.set(v, k);
    map.set(k.toLowerCase(), k);
  }
  return (text) => map.get(text.trim().toLowerCase()) ?? map.get(text.trim());
}

export const readKind = labelLookup(KIND_LABEL);
export const readDeadlineKind = labelLookup(DEADLINE_KIND_LABEL);

/** What reading a task row needs beyond its cells: the plan, units and tasks read so far. */
export interface TaskContext {
  planId: string;
  /** Top-level parent as the ledger writes it (`null`, or `undefined` for absent). */
  topParent: null | undefined;
  /** Units of the ledger by name and alias, for assignment kinds and ids. */
  units: ReadonlyMap<string, ResponsibleUnit>;
  /** Tasks read so far, by id. */
  byId: ReadonlyMap<string, Task>;
  /** Children read so far per parent id ("" for top level). */
  childCount: ReadonlyMap<string, number>;
  /** The plan's year and issue date, for deadlines typed by hand ("9月底前"). */
  deadline: DeadlineContext;
}

/** A unit kind guessed from a name when the ledger's registry does not know it. */
export function guessUnitKind(name: string): UnitKind {
  if (/(?:成员单位|有关单位|有关部门|各单位|各部门)$/.test(name)) return "collective";
  if (/领导小组|委员会$|秘书处$/.test(name)) return "leading-group";
  if (/^各.*(?:政府|县|区|市)/.test(name) || /政府$/.test(name)) return "government";
  if (/(?:党委|市委|省委|县委|宣传部|组织部|编办)/.test(name)) return "party";
  if (/协会|学会$/.test(name)) return "association";
  if (/(?:公司|集团)$/.test(name)) return "enterprise";
  if (/^[\u4e00-\u9fff]{1,4}(?:市|县|区|州|盟)$/.test(name)) return "city";
  return "department";
}

const PEOPLE_COLUMNS: [PersonRole, TaskColumn][] = [
  ["leader", "leader"],
  ["office-head", "officeHead"],
  ["handler", "handler"],
  ["liaison", "liaison"],
];

const TEXT_COLUMN: Record<TaskKind, TaskColumn> = {
  section: "section",
  subsection: "subsection",
  task: "task",
  milestone: "task",
};

function optionalText<K extends "label" | "title">(key: K, column: TaskColumn): FieldCodec<Task, TaskColumn> {
  return field<Task, TaskColumn, K>({
    key,
    columns: [column],
    render: (t) => ({ [column]: t[key] ?? "" }),
    read: (cells) => cells.get(column) || undefined,
  });
}

function readNumber(
  cells: RowCells<TaskColumn>,
  column: TaskColumn,
  valid: (n: number) => boolean,
  what: string,
): number | undefined {
  const text = cells.get(column).trim();
  if (text === "") return undefined;
  const n = Number(text);
  if (Number.isFinite(n) && valid(n)) return n;
  cells.report("warning", "cell-invalid", column, `“${text}”不是有效的${what}，已忽略`);
  return undefined;
}

function dueOf(d: Deadline): string | undefined {
  return "due" in d ? d.due : undefined;
}

/** Reads 完成时限 / 截止日期 / 时限类型 cells into a deadline. */
function readDeadline(cells: RowCells<TaskColumn>, ctx: TaskContext): Deadline | undefined {
  const text = cells.get("deadlineText");
  const dueText = cells.get("due").trim();
  const kindText = cells.get("deadlineKind").trim();
  if (text === "" && dueText === "" && kindText === "") return undefined;
  let due: string | undefined;
  if (dueText !== "") {
    if (isValidIsoDate(dueText)) due = dueText;
    else cells.report("error", "date-invalid", "due", `“${dueText}”不是有效日期（应为 YYYY-MM-DD），按未识别时限处理`);
  }
  let kind: DeadlineKind | undefined;
  if (kindText !== "") {
    kind = readDeadlineKind(kindText);
    if (kind === undefined) cells.report("warning", "cell-invalid", "deadlineKind", `未知的时限类型“${kindText}”`);
  }
  if (kind === "ongoing" || kind === "external" || kind === "done") return { kind, text };
  if (due !== undefined && (kind === undefined || kind === "due")) return { kind: "due", text, due, precision: "day" };
  if (dueText !== "" && due === undefined) return { kind: "unknown", text, reason: `截止日期“${dueText}”无效` };
  const parsed = parseDeadline(text, ctx.deadline);
  if (kind !== undefined && parsed.kind !== kind) {
    cells.report(
      "warning",
      "deadline-kind-mismatch",
      "deadlineKind",
      `时限类型“${kindText}”与完成时限不符，按完成时限读作“${DEADLINE_KIND_LABEL[parsed.kind]}”`,
    );
  }
  return parsed;
}

function unitOf(name: string, office: string | undefined, role: Assignment["role"], ctx: TaskContext): Assignment {
  const known = ctx.units.get(name);
  return {
    unit: name,
    ...(known ? { unitId: known.id } : {}),
    kind: known?.kind ?? guessUnitKind(name),
    role,
    primary: false,
    ...(office ? { office } : {}),
  };
}

/** The task table's fields, in reading order (kind before text; parent and label before path). */
export function taskFields(ctx: TaskContext): FieldCodec<Task, TaskColumn>[] {
  return [
    field<Task, TaskColumn, "kind">({
      key: "kind",
      columns: ["kind"],
      render: (t) => ({ kind: KIND_LABEL[t.kind] }),
      read: (cells) => {
        const text = cells.get("kind");
        const kind = text.trim() === "" ? undefined : readKind(text);
        if (kind) return kind;
        if (text.trim() !== "")
          cells.report("warning", "cell-invalid", "kind", `未知的类型“${text}”，按内容所在列推断`);
        if (cells.get("task") !== "") return "task";
        if (cells.get("subsection") !== "") return "subsection";
        if (cells.get("section") !== "") return "section";
        return "task";
      },
    }),
    field<Task, TaskColumn, "parentId">({
      key: "parentId",
      columns: ["parentId"],
      render: (t) => ({ parentId: t.parentId ?? "" }),
      read: (cells) => {
        const id = cells.get("parentId");
        if (id === "") return ctx.topParent;
        if (!ctx.byId.has(id)) cells.report("warning", "parent-unknown", "parentId", `上级ID“${id}”不在此前各行中`);
        return id;
      },
    }),
    optionalText("label", "label"),
    field<Task, TaskColumn, "path">({
      key: "path",
      columns: ["path"],
      render: (t) => ({ path: encodeList(t.path) }),
      read: (cells, draft) => {
        const cell = cells.get("path");
        if (cell !== "") return decodeList(cell);
        const parent = draft.parentId ? ctx.byId.get(draft.parentId) : undefined;
        return [...(parent?.path ?? []), ...(draft.label ? [draft.label] : [])];
      },
    }),
    optionalText("title", "title"),
    field<Task, TaskColumn, "text">({
      key: "text",
      columns: ["section", "subsection", "task"],
      render: (t) => ({ [TEXT_COLUMN[t.kind]]: t.text }),
      read: (cells, draft) => {
        const own = cells.get(TEXT_COLUMN[draft.kind ?? "task"]);
        if (own !== "") return own;
        return cells.get("task") || cells.get("subsection") || cells.get("section");
      },
    }),
    field<Task, TaskColumn, "order">({
      key: "order",
      columns: [],
      render: () => ({}),
      read: (_cells, draft) => ctx.childCount.get(draft.parentId ?? "") ?? 0,
    }),
    field<Task, TaskColumn, "deadline">({
      key: "deadline",
      columns: ["deadlineText", "due", "deadlineKind"],
      render: (t) =>
        t.deadline
          ? {
              deadlineText: t.deadline.text,
              due: dueOf(t.deadline) ?? "",
              deadlineKind: DEADLINE_KIND_LABEL[t.deadline.kind],
            }
          : {},
      read: (cells) => readDeadline(cells, ctx),
    }),
    field<Task, TaskColumn, "responsibility">({
      key: "responsibility",
      columns: ["leads", "cooperators"],
      render: (t) => {
        const as = t.responsibility?.assignments ?? [];
        return {
          leads: encodeUnits(as.filter((a) => a.role !== "cooperating")),
          cooperators: encodeUnits(as.filter((a) => a.role === "cooperating")),
        };
      },
      read: (cells) => {
        const leads = decodeUnits(cells.get("leads"));
        const cooperators = decodeUnits(cells.get("cooperators"));
        if (leads.length === 0 && cooperators.length === 0) return undefined;
        return {
          assignments: [
            ...leads.map((u) => unitOf(u.unit, u.office, "lead", ctx)),
            ...cooperators.map((u) => unitOf(u.unit, u.office, "cooperating", ctx)),
          ],
          rule: "explicit",
          text: "",
        };
      },
    }),
    field<Task, TaskColumn, "people">({
      key: "people",
      columns: PEOPLE_COLUMNS.map(([, c]) => c),
      render: (t) =>
        Object.fromEntries(
          PEOPLE_COLUMNS.map(([role, c]) => [c, encodePeople(t.people.filter((p) => p.role === role))]),
        ),
      read: (cells) => PEOPLE_COLUMNS.flatMap(([role, c]) => decodePeople(cells.get(c), role)),
    }),
    field<Task, TaskColumn, "targets">({
      key: "targets",
      columns: ["targets"],
      render: (t) => ({ targets: encodeList(t.targets.map((x) => x.text)) }),
      // Lines without a readable target are kept in `extra` (see the extra field).
      read: (cells) => decodeList(cells.get("targets")).flatMap((line) => extractTargets(line)),
    }),
    field<Task, TaskColumn, "themes">({
      key: "themes",
      columns: ["themes"],
      render: (t) => ({ themes: encodeList(t.themes) }),
      read: (cells) => decodeList(cells.get("themes")),
    }),
    field<Task, TaskColumn, "weight">({
      key: "weight",
      columns: ["weight"],
      render: (t) => ({ weight: t.weight === undefined ? "" : String(t.weight) }),
      read: (cells) => readNumber(cells, "weight", (n) => n > 0, "权重（正数）"),
    }),
    field<Task, TaskColumn, "line">({
      key: "line",
      columns: ["line"],
      render: (t) => ({ line: t.line === undefined ? "" : String(t.line) }),
      read: (cells) => readNumber(cells, "line", (n) => Number.isInteger(n) && n > 0, "行号（正整数）"),
    }),
  ];
}
