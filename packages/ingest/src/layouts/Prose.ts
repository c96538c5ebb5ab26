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

/**
 * One clause for a whole section: when only the last item of a section ends with a
 * responsibility clause and the items before it have no unit of their own, the clause (units and
 * deadline) holds for each of them — "（责任单位：A、B，2024年底前）" closing the section.
 */
function shareSectionClauses(nodes: readonly DraftNode[]): void {
  for (const node of nodes) {
    shareSectionClauses(node.children);
    const items = node.children.filter((c) => c.kind === "task");
    if (node.responsibility || items.length < 2 || items.length !== node.children.length) continue;
    const last = items[items.length - 1]!;
    const before = items.slice(0, -1);
    if (!last.responsibility?.units || before.some((i) => i.responsibility)) continue;
    for (const item of before) {
      item.responsibility = { ...last.responsibility };
      if (!item.deadline && last.deadline) item.deadline = { ...last.deadline };
    }
  }
}

/** Reads the item's trailing clause (if any) into its responsibility and deadline. */
function readClause(node: DraftNode, line: number, rule: { current?: ResponsibilityRule }): boolean {
  const clause = trailingClause(node.text);
  if (!clause) return false;
  // "（以下均需各片区配合落实，不再列出）" is a carry-forward rule, not this item's units.
  if (carryForwardCooperating(clause.source)) return false;
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
  const styles = new Set(lines.map((l) => readMarker(l.text)?.style));
  const hasChinese = styles.has("chinese");
  // Without numbered items (1. （1） ① 第一条), the deepest heading level present holds the items.
  const itemStyle =
    styles.has("arabic") || styles.has("article") || styles.has("paren-arabic") || styles.has("circled")
      ? undefined
      : styles.has("paren-chinese")
        ? "paren-chinese"
        : styles.has("chinese")
          ? "chinese"
          : undefined;
  let lastArabic = 0;
  const stack: Open[] = [];
  const rule: { current?: ResponsibilityRule } = {};
  let carried: string | undefined;
  let carriedDepth: number | undefined;
  const folded = new Set<DraftNode>();

  const containerOf = (): DraftNode | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.node.kind !== "task") return stack[i]!.node;
    return undefined;
  };
  const finish = (node: DraftNode) => {
    if (node.kind === "task" && node.text.includes("\n") === false) {
      // The title from the whole item, not from its first line: line breaks must not change it.
      const { title } = splitTitle(node.text);
      if (title) node.title = title;
      else delete node.title;
    }
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
    const marker = readMarker(text, lastArabic + 1);
    if (marker) {
      if (marker.style === "arabic") lastArabic = marker.ordinal;
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
        marker.style === itemStyle
          ? "task"
          : marker.style === "chinese"
            ? "section"
            : marker.style === "paren-chinese"
              ? hasChinese
                ? "subsection"
                : "section"
              : "task";
      const { title } = splitTitle(marker.rest);
      const node = draftNode(kind, line.no, marker.rest, { label: marker.label, ...(title ? { title } : {}) });
      if (kind === "task" && carried) node.carriedCooperating = carried;
      if (kind !== "task") {
        // "一、营商环境（以下均需各片区配合落实，不再列出）": a carry-forward rule for the heading's items.
        if (carriedDepth !== undefined && marker.depth <= carriedDepth) {
          carried = undefined;
          carriedDepth = undefined;
        }
        const carry = carryForwardCooperating(marker.rest);
        if (carry) {
          carried = carry;
          carriedDepth = marker.depth;
        }
      }
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
  shareSectionClauses(into);
  return { nodes: into, indicators: [], diagnostics };
}
