/**
 * Numbered prose: headings and items marked 一、/（一）/1./（1）/①, each item possibly ending with a
 * responsibility clause. Unnumbered paragraphs continue the open item (a paragraph broken across
 * lines) until its clause closes it, and otherwise belong to the heading above them.
 */
import type { ResponsibilityRule } from "@reform/domain";
import {
  carryForwardCooperating,
  listsOnlyLeadsAbove,
  statedRule,
  subjectResponsibility,
  trailingClause,
} from "../Clause.ts";
import type { Diagnostic } from "../Diagnostic.ts";
import { appendText, type DraftNode, draftNode, type ParsedPart } from "../Draft.ts";
import type { Line } from "../Lines.ts";
import { readMarker, splitTitle } from "../Numbering.ts";

/** Headings whose numbered items are principles or goals, not tasks (基本原则 1. 2. 3.). */
const FRAMEWORK = /指导思想|基本原则|总体要求|总体目标|工作目标|主要目标|适用范围|改革范围|工作原则/;
const SENTENCE_END = /[。；;！!？?：:”」）)]$/;

interface Open {
  node: DraftNode;
  depth: number;
}

/** Reads the item's trailing clause (if any) into its responsibility and deadline. */
function readClause(node: DraftNode, line: number, rule: { current?: ResponsibilityRule }): boolean {
  const clause = trailingClause(node.text);
  if (!clause) return false;
  if (clause.rule && clause.carries) rule.current = clause.rule;
  const ruleHere = clause.rule ?? rule.current;
  node.responsibility = { units: clause.units, source: clause.source, line, ...(ruleHere ? { rule: ruleHere } : {}) };
  if (clause.deadline) node.deadline = { text: clause.deadline, line };
  node.text = node.text.slice(0, clause.start).trim();
  if (node.title !== undefined && node.title.length > node.text.length) node.title = node.text;
  return true;
}

/** Reads numbered prose lines into nodes, appended to `into` (an annex section's children or the roots). */
export function parseProse(lines: readonly Line[], into: DraftNode[] = []): ParsedPart {
  const diagnostics: Diagnostic[] = [];
  const hasChinese = lines.some((l) => readMarker(l.text)?.style === "chinese");
  const stack: Open[] = [];
  const rule: { current?: ResponsibilityRule } = {};
  let carried: string | undefined;
  const folded = new Set<DraftNode>();

  const containerOf = (): DraftNode | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.node.kind !== "task") return stack[i]!.node;
    return undefined;
  };
  const finish = (node: DraftNode) => {
    if (node.kind === "task" && !node.responsibility) {
      const subject = subjectResponsibility(node.text);
      if (subject) {
        node.responsibility = {
          units: subject,
          source: subject,
          line: node.line,
          ...(rule.current ? { rule: rule.current } : {}),
        };
      }
    }
  };
  const pop = () => finish(stack.pop()!.node);

  for (const line of lines) {
    const text = line.text;
    if (text === "") continue;
    const marker = readMarker(text);
    if (marker) {
      while (stack.length > 0 && stack[stack.length - 1]!.depth >= marker.depth) pop();
      const container = containerOf();
      const isItem = marker.depth >= 2;
      if (isItem && container && FRAMEWORK.test(container.title ?? "")) {
        // Principles under 基本原则 are part of their heading, not tasks.
        appendText(container, text, true);
        if (!folded.has(container)) {
          folded.add(container);
          diagnostics.push({
            severity: "info",
            code: "framework-items",
            line: line.no,
            message: `Numbered items under “${container.title}” are read as the heading's text, not as tasks`,
          });
        }
        continue;
      }
      const kind =
        marker.style === "chinese"
          ? "section"
          : marker.style === "paren-chinese"
            ? hasChinese
              ? "subsection"
              : "section"
            : "task";
      const { title } = splitTitle(marker.rest);
      const node = draftNode(kind, line.no, marker.rest, { label: marker.label, ...(title ? { title } : {}) });
      if (kind === "task" && carried) node.carriedCooperating = carried;
      (stack[stack.length - 1]?.node.children ?? into).push(node);
      stack.push({ node, depth: marker.depth });
      if (readClause(node, line.no, rule)) node.closed = kind === "task";
      continue;
    }
    const top = stack[stack.length - 1]?.node;
    if (top && top.kind === "task" && !top.closed) {
      // A paragraph broken across lines continues without a break; a new paragraph keeps one.
      appendText(top, text, SENTENCE_END.test(top.text));
      if (readClause(top, line.no, rule)) top.closed = true;
      continue;
    }
    const stated = statedRule(text);
    if (stated) rule.current = stated;
    const carry = carryForwardCooperating(text);
    if (carry) carried = carry;
    const target = containerOf() ?? top;
    if (target) {
      if (listsOnlyLeadsAbove(text)) {
        for (const child of target.children) {
          if (child.responsibility && !child.responsibility.rule) child.responsibility.rule = "all-responsible";
        }
      }
      appendText(target, text, true);
      continue;
    }
    // No heading yet: an unnumbered paragraph stands as its own item.
    const node = draftNode("task", line.no, text);
    const { title } = splitTitle(text);
    if (title) node.title = title;
    if (readClause(node, line.no, rule)) node.closed = true;
    finish(node);
    into.push(node);
    diagnostics.push({
      severity: "info",
      code: "unnumbered-item",
      line: line.no,
      message: "An unnumbered paragraph outside any heading was kept as its own task",
    });
  }
  while (stack.length > 0) pop();
  return { nodes: into, indicators: [], diagnostics };
}
