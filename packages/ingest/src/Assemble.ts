/**
 * From the draft tree to ledger tasks: ids from the plan id and numbering path, deadlines,
 * responsibility with roles, people, targets and themes. Items without their own responsibility
 * take their heading's ("one clause per section").
 */
import {
  type Person,
  parseChineseNumber,
  type Responsibility,
  type ResponsibilityRule,
  type Task,
} from "@reform/domain";
import type { Diagnostic } from "./Diagnostic.ts";
import type { DraftNode } from "./Draft.ts";
import { excerpt } from "./Lines.ts";
import type { Semantics } from "./Semantics.ts";
import { themesOf } from "./Themes.ts";

export interface AssembleContext {
  planId: string;
  semantics: Semantics;
  /** Rule for unit lists where the text states none where they stand. */
  defaultRule: ResponsibilityRule;
  diagnostics: Diagnostic[];
  /** The one year a list's title names, implied as the deadline of rows without one (opt-in). */
  impliedYear?: { year: number; text: string };
}

/** Id segment for a label: "一" / "（一）" / "1." → "1", "附件2" → "a2"; unlabeled → "n3". */
function segment(label: string | undefined, order: number, annexIndex: number): string {
  if (label === undefined) return `n${order + 1}`;
  if (label.startsWith("附件")) return `a${label.slice(2) || annexIndex}`;
  let id = LABEL_SEGMENTS.get(label);
  if (id === undefined) {
    id = labelSegment(label);
    if (LABEL_SEGMENTS.size < 10_000) LABEL_SEGMENTS.set(label, id);
  }
  return id;
}

/** Segments of numbering labels, which repeat across documents ("1.", "（一）"). */
const LABEL_SEGMENTS = new Map<string, string>();

function labelSegment(label: string): string {
  const core = label.replace(/[（）().．、\s]/g, "").replace(/^第(.+)条$/, "$1");
  const circled = core.length === 1 ? core.charCodeAt(0) - 0x2460 + 1 : 0;
  if (circled >= 1 && circled <= 20) return String(circled);
  const n = parseChineseNumber(core);
  return n === undefined ? core : String(n);
}

function readResponsibility(node: DraftNode, ctx: AssembleContext): Responsibility | undefined {
  const draft = node.responsibility;
  let r: Responsibility | undefined;
  if (draft?.units !== undefined) r = ctx.semantics.responsibility(draft.units, draft.rule ?? ctx.defaultRule);
  else if (draft) r = ctx.semantics.columns(draft.lead ?? "", draft.cooperating ?? "");
  if (r && draft) r = { ...r, text: draft.source };
  if (node.carriedCooperating) {
    const carried = ctx.semantics
      .responsibility(node.carriedCooperating, "all-responsible")
      .assignments.map((a) => ({ ...a, role: "cooperating" as const, primary: false }));
    r = r
      ? {
          ...r,
          assignments: [
            ...r.assignments,
            ...carried.filter((c) => !r!.assignments.some((a) => (a.unitId ?? a.unit) === (c.unitId ?? c.unit))),
          ],
        }
      : { rule: "explicit", text: node.carriedCooperating, assignments: carried };
  }
  return r;
}

/** Converts the draft tree into tasks in document order (parents before children). */
export function assembleTasks(roots: readonly DraftNode[], ctx: AssembleContext): Task[] {
  const tasks: Task[] = [];
  let annexIndex = 0;
  const visit = (
    nodes: readonly DraftNode[],
    parent: { id: string; path: string[]; responsibility?: Responsibility } | undefined,
  ) => {
    // A label repeated among siblings (a numbering slip) gets a suffix: 3, 3~2, 3~3.
    const segments = new Map<string, number>();
    nodes.forEach((node, order) => {
      if (node.label?.startsWith("附件")) annexIndex++;
      let own = segment(node.label, order, annexIndex);
      const seen = segments.get(own);
      segments.set(own, (seen ?? 0) + 1);
      if (seen !== undefined) own = `${own}~${seen + 1}`;
      const id = `${parent?.id ?? ctx.planId}.${own}`;
      const path = [...(parent?.path ?? []), node.label ?? `#${order + 1}`];
      const leaf = node.kind === "task" || node.kind === "milestone";
      const ownResponsibility = readResponsibility(node, ctx);
      const responsibility = ownResponsibility ?? (leaf ? parent?.responsibility : undefined);
      if (leaf && !responsibility && node.children.length === 0) {
        ctx.diagnostics.push({
          severity: "info",
          code: "no-responsibility",
          line: node.line,
          message: "No responsible unit found for this task",
          text: excerpt(node.text),
        });
      }
      let deadline = node.deadline ? ctx.semantics.deadline(node.deadline.text) : undefined;
      if (!deadline && leaf) deadline = ctx.semantics.deadlineInText(node.text);
      if (!deadline && leaf && ctx.impliedYear !== undefined) {
        // "2023年…任务清单": an undated row is due by that year's end — implied, and marked so.
        const { year, text } = ctx.impliedYear;
        deadline = { kind: "due", text, due: `${year}-12-31`, precision: "year", implied: true };
        ctx.diagnostics.push({
          severity: "info",
          code: "deadline-implied",
          line: node.line,
          message: `No deadline written; ${year}-12-31 implied by the title's year (“${text}”)`,
          text: excerpt(node.text),
        });
      }
      if (deadline?.kind === "unknown") {
        ctx.diagnostics.push({
          severity: "warning",
          code: "deadline-unknown",
          line: node.deadline?.line ?? node.line,
          message: `Deadline not understood: ${deadline.reason}`,
          text: deadline.text,
        });
      }
      const lead = responsibility?.assignments.find((a) => a.role === "lead" || a.role === "co-lead")?.unit;
      const people: Person[] = (node.people ?? []).map((p) => {
        const person: Person = { name: p.name, role: p.role, contact: p.phone ? { phone: p.phone } : {} };
        if (lead) person.unit = lead;
        if (p.office) person.office = p.office;
        return person;
      });
      // Optional fields are set only when present (no undefined keys), without spreading.
      const task: Task = {
        id,
        planId: ctx.planId,
        parentId: parent ? parent.id : null,
        kind: node.kind,
        path,
        text: node.text,
        order,
        people,
        targets: node.text === "" ? [] : ctx.semantics.targets(node.text),
        themes: themesOf(node.text),
        line: node.line,
      };
      if (node.label !== undefined) task.label = node.label;
      if (node.title) task.title = node.title;
      if (deadline) task.deadline = deadline;
      if (responsibility) task.responsibility = responsibility;
      if (node.extra) task.extra = node.extra;
      tasks.push(task);
      const inherited = ownResponsibility ?? parent?.responsibility;
      visit(node.children, inherited ? { id, path, responsibility: inherited } : { id, path });
    });
  };
  visit(roots, undefined);
  return tasks;
}
