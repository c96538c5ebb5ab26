/**
 * Builds task nodes from table rows, whatever the table's text form (cell per line, tab-separated,
 * flattened). Grouping columns (工作任务 / 具体内容) open sections and subsections; a group repeated
 * after a page break reopens the same node instead of creating a duplicate. With a goal column
 * (工作目标), the task column groups goal rows, which become milestones of their task.
 */
import type { TaskKind } from "@reform/domain";
import type { Diagnostic } from "./Diagnostic.ts";
import type { ColumnRole, TableColumns } from "./Columns.ts";
import { type DraftNode, type DraftPerson, draftNode } from "./Draft.ts";
import { excerpt, joinWrapped, type Line } from "./Lines.ts";
import { readMarker, splitTitle } from "./Numbering.ts";
import { readOffice, readPeople } from "./People.ts";

const NO_LINES: readonly string[] = [];

/** One table row: each column's cell as its lines. */
export interface Row {
  cells: string[][];
  line: number;
}

const UNIT_PREFIX = /^(?:[省市县区州盟旗]|各|国家|中央|自治)/;
const UNIT_SUFFIX = /(?:委员会|委|局|厅|办|部|会|院|中心|政府|公司|单位|协会|联)$/;

/** Joins a units cell's lines: a line not starting like a unit name continues the previous one ("省医改领导小组\n秘书处"). */
export function joinUnitLines(lines: readonly string[]): string {
  if (lines.length === 1) return lines[0]!.trim();
  const units: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    const prev = units[units.length - 1];
    if (prev !== undefined && !UNIT_PREFIX.test(line) && (!UNIT_SUFFIX.test(prev) || /[处室科组]$/.test(line))) {
      units[units.length - 1] = prev + line;
    } else units.push(line);
  }
  return units.join("、");
}

function kindForGroup(label: string | undefined, level: number, last: boolean, goalTable: boolean): TaskKind {
  // A major task that only groups its goal rows is a group node; it becomes a task again if no
  // goal row falls under it (see buildTable).
  if (goalTable && last) return "subsection";
  const style = label ? readMarker(label)?.style : undefined;
  if (style === "chinese") return "section";
  if (style === "paren-chinese") return "subsection";
  return level === 0 ? "section" : "subsection";
}

/** Reports the non-empty lines before a table's header: kept as warnings with their line numbers. */
export function reportTextBeforeTable(lines: readonly Line[], diagnostics: Diagnostic[]): void {
  for (const l of lines) {
    if (l.text === "") continue;
    diagnostics.push({
      severity: "warning",
      code: "unplaced-text",
      line: l.no,
      message: "Text before the table could not be placed",
      text: excerpt(l.text),
    });
  }
}

export interface TableBuild {
  nodes: DraftNode[];
  diagnostics: Diagnostic[];
}

/** Builds nodes from rows under `columns`. Appends to `into` (an annex section's children or the roots). */
export function buildTable(columns: TableColumns, rows: readonly Row[], into: DraftNode[] = []): TableBuild {
  const diagnostics: Diagnostic[] = [];
  const { roles } = columns;
  const goalCol = roles.indexOf("goal");
  const goalTable = goalCol !== -1 && goalCol !== columns.text;
  const groupCols = goalTable ? [...columns.groups, columns.text] : columns.groups;
  const leafCol = goalTable ? goalCol : columns.text;
  const seqCol = roles.indexOf("seq");
  const open: (DraftNode | undefined)[] = [];
  /** The goal table's major-task nodes, group nodes unless no goal row falls under them. */
  const majorTasks: DraftNode[] = [];
  // Groups already opened under each parent, by label and text, so a heading repeated after a page
  // break finds its node without a scan; and the latest group per label for rows that repeat only it.
  const indexes = new Map<DraftNode[], Map<string, DraftNode>>();
  const latest = new Map<DraftNode[], Map<string, DraftNode>>();
  const groupIndex = (list: DraftNode[]) => {
    let index = indexes.get(list);
    if (!index) {
      index = new Map();
      indexes.set(list, index);
    }
    return index;
  };

  // Tables repeat the same contacts row after row: read each distinct set of people cells once.
  const peopleCache = new Map<string, DraftPerson[]>();
  const peopleCols = [
    roles.indexOf("leader"),
    roles.indexOf("office"),
    roles.indexOf("handler"),
    roles.indexOf("liaison"),
  ];
  const readRowPeople = (row: Row): DraftPerson[] => {
    const cells = peopleCols.map((i) => cellAt(row, i));
    let key = "";
    for (const c of cells) key += `${c.join("\n")}\u0000`;
    let people = peopleCache.get(key);
    if (!people) {
      people = [...readPeople(cells[0]!, "leader")];
      const office = readOffice(cells[1]!);
      if (office.head) people.push(office.office ? { ...office.head, office: office.office } : office.head);
      people.push(...readPeople(cells[2]!, "handler"), ...readPeople(cells[3]!, "liaison"));
      peopleCache.set(key, people);
    }
    return people;
  };
  const cellAt = (row: Row, i: number): readonly string[] => (i === -1 ? NO_LINES : (row.cells[i] ?? NO_LINES));
  const colIndex = (role: ColumnRole) => roles.indexOf(role);
  const [deadlineCol, leadCol, cooperatingCol, responsibleCol] = (
    ["deadline", "lead", "cooperating", "responsible"] as const
  ).map(colIndex) as [number, number, number, number];
  // Columns kept as extra fields: unknown roles, remarks, and text columns neither leaf nor group.
  const extraCols: { index: number; name: string }[] = [];
  roles.forEach((role, i) => {
    if (role === undefined || role === "remark" || (role === "text" && i !== leafCol && !groupCols.includes(i))) {
      extraCols.push({ index: i, name: columns.names[i] ?? `列${i + 1}` });
    }
  });
  const text = (lines: readonly string[]) => joinWrapped(lines);

  for (const row of rows) {
    const seq = seqCol === -1 ? "" : text(row.cells[seqCol] ?? []);
    // Grouping cells: an empty cell continues the open group (a merged cell).
    for (let level = 0; level < groupCols.length; level++) {
      const value = text(row.cells[groupCols[level]!] ?? []);
      const last = level === groupCols.length - 1;
      const keyed = goalTable && last && seq !== "";
      if (value === "" && !keyed) continue;
      const parentList = level === 0 ? into : (open[level - 1]?.children ?? into);
      const marker = readMarker(value);
      const body = marker ? marker.rest : value;
      const label = marker?.label ?? (keyed ? seq : undefined);
      const key = `${label ?? ""}\u0000${body}`;
      let node =
        body === "" && label !== undefined ? latest.get(parentList)?.get(label) : groupIndex(parentList).get(key);
      if (!node) {
        const { title } = splitTitle(body);
        node = draftNode(kindForGroup(marker?.label, level, last, goalTable), row.line, body, {
          ...(label !== undefined ? { label } : {}),
          title: title ?? body,
        });
        if (goalTable && last) majorTasks.push(node);
        parentList.push(node);
        groupIndex(parentList).set(key, node);
        if (label !== undefined) {
          const byLabel = latest.get(parentList) ?? new Map<string, DraftNode>();
          byLabel.set(label, node);
          latest.set(parentList, byLabel);
        }
      }
      if (open[level] !== node) open.length = level;
      open[level] = node;
    }
    const parent = open[open.length - 1];
    const leafText = text(row.cells[leafCol] ?? []);
    const deadline = text(cellAt(row, deadlineCol));
    const lead = joinUnitLines(cellAt(row, leadCol));
    const cooperating = joinUnitLines(cellAt(row, cooperatingCol));
    const responsible = joinUnitLines(cellAt(row, responsibleCol));
    const people = readRowPeople(row);
    let extra: Record<string, string> | undefined;
    for (const { index, name } of extraCols) {
      const value = text(row.cells[index] ?? NO_LINES);
      if (value !== "") {
        extra ??= {};
        extra[name] = value;
      }
    }
    if (
      leafText === "" &&
      !goalTable &&
      seq !== "" &&
      parent === undefined &&
      deadline === "" &&
      lead === "" &&
      responsible === ""
    ) {
      continue;
    }
    let target: DraftNode;
    if (leafText !== "" || parent === undefined) {
      const marker = readMarker(leafText);
      const body = marker ? marker.rest : leafText;
      const label = marker?.label ?? (!goalTable && seq !== "" ? seq : undefined);
      const { title } = splitTitle(body);
      target = draftNode("task", row.line, body, {
        ...(label !== undefined ? { label } : {}),
        ...(title ? { title } : {}),
      });
      (parent?.children ?? into).push(target);
      if (body === "") {
        diagnostics.push({
          severity: "warning",
          code: "row-without-text",
          line: row.line,
          message: "A table row has no task text; kept as an untitled task",
          text: excerpt(row.cells.map((c) => c.join("")).join(" | ")),
        });
      }
    } else {
      // No leaf text: the row's columns belong to the group it sits in.
      target = parent;
    }
    if (deadline !== "" && !target.deadline) target.deadline = { text: deadline, line: row.line };
    if ((lead !== "" || cooperating !== "") && !target.responsibility) {
      target.responsibility = {
        lead,
        cooperating,
        rule: "explicit",
        source: [lead, cooperating].filter(Boolean).join("；"),
        line: row.line,
      };
    } else if (responsible !== "" && !target.responsibility) {
      target.responsibility = { units: responsible, source: responsible, line: row.line };
    }
    if (people.length > 0) target.people = [...(target.people ?? []), ...people];
    if (extra !== undefined) target.extra = { ...target.extra, ...extra };
  }
  if (goalTable) for (const group of majorTasks) if (group.children.length === 0) group.kind = "task";
  return { nodes: into, diagnostics };
}
