/**
 * The importer's intermediate tree: what each layout parser read, before meaning (deadlines,
 * units, targets) is attached and ids are assigned. Every node keeps its source line.
 */
import type { PersonRole, ResponsibilityRule, TaskKind } from "@reform/domain";
import type { Diagnostic } from "./Diagnostic.ts";

/** A responsibility text as found: a clause "（责任部门：…）", a sentence subject or columns. */
export interface DraftResponsibility {
  /** Units in one list ("市卫计委、市财政局负责"), read under `rule`. */
  units?: string;
  /** Explicit columns. */
  lead?: string;
  cooperating?: string;
  /** Rule stated by the text itself or in force where it stands. */
  rule?: ResponsibilityRule;
  /** The text as written, for the ledger. */
  source: string;
  line: number;
}

export interface DraftPerson {
  role: PersonRole;
  name: string;
  phone?: string;
  office?: string;
}

export interface DraftNode {
  kind: TaskKind;
  label?: string;
  title?: string;
  /** The node's text; paragraphs separated by "\n". */
  text: string;
  line: number;
  children: DraftNode[];
  responsibility?: DraftResponsibility;
  /** Deadline text from a column or a clause. */
  deadline?: { text: string; line: number };
  people?: DraftPerson[];
  extra?: Record<string, string>;
  /** A trailing responsibility clause closed the item: later paragraphs are not its continuation. */
  closed?: boolean;
  /** Cooperating units a carry-forward rule adds ("以下均需各片区配合落实"). */
  carriedCooperating?: string;
}

/** An indicator as read: its sentence and the responsibility clause after it. */
export interface DraftIndicator {
  name: string;
  line: number;
  responsible?: string;
  /** Text of the section that introduced the indicators (collection month, frequency). */
  context: string;
}

/** What a layout parser produced for one part of the document. */
export interface ParsedPart {
  nodes: DraftNode[];
  indicators: DraftIndicator[];
  diagnostics: Diagnostic[];
}

export function draftNode(kind: TaskKind, line: number, text: string, extra?: Partial<DraftNode>): DraftNode {
  return { kind, line, text, children: [], ...extra };
}

/** Appends a paragraph (or a wrapped line) to a node's text. */
export function appendText(node: DraftNode, text: string, paragraph: boolean): void {
  if (node.text === "") node.text = text;
  else node.text += paragraph ? `\n${text}` : text;
}
