/**
 * The one place the importer reads meaning from clause text: deadlines, milestones, targets and
 * responsible units. All of it is delegated to @reform/domain; this module only adapts calls and
 * keeps the plan's context (year, issue date, region, the units met so far).
 */
import {
  createDepartmentRegistry,
  type Deadline,
  type DeadlineContext,
  detectResponsibilityRule,
  extractMilestones,
  extractTargets,
  parseDeadline,
  parseResponsibilityColumns,
  parseResponsibleUnits,
  type Region,
  type Responsibility,
  type ResponsibilityRule,
  type ResponsibleUnit,
  type Target,
} from "@reform/domain";

export interface Semantics {
  /** Reads a deadline text (a column, a clause part). */
  deadline(text: string): Deadline;
  /** Dated steps inside a task's text: none, one (a due date) or several (milestones). */
  deadlineInText(text: string): Deadline | undefined;
  targets(text: string): Target[];
  /** Units listed in one text under a rule ("市卫计委、市财政局负责"). */
  responsibility(text: string, rule: ResponsibilityRule): Responsibility;
  /** Units from separate lead and cooperating columns. */
  columns(lead: string, cooperating: string): Responsibility;
  /** The rule a document states for its unit lists, if any. */
  detectRule(text: string): ResponsibilityRule | undefined;
  /** Every unit named so far, canonicalised within the plan's region. */
  units(): ResponsibleUnit[];
}

export interface SemanticsContext extends DeadlineContext {
  region?: Region;
}

/** Creates the adapter for one plan: one department registry for the plan's region. */
export function createSemantics(ctx: SemanticsContext): Semantics {
  const registry = createDepartmentRegistry(ctx.region);
  const deadlineContext: DeadlineContext = {
    ...(ctx.year !== undefined ? { year: ctx.year } : {}),
    ...(ctx.issuedOn ? { issuedOn: ctx.issuedOn } : {}),
  };
  return {
    deadline: (text) => parseDeadline(text, deadlineContext),
    deadlineInText: (text) => {
      const steps = extractMilestones(text, deadlineContext);
      const first = steps[0];
      if (first === undefined) return undefined;
      if (steps.length === 1) return { kind: "due", text: first.text, due: first.due, precision: first.precision };
      const due = steps.map((m) => m.due).sort()[steps.length - 1]!;
      return { kind: "milestones", text: steps.map((m) => m.text).join("；"), milestones: steps, due };
    },
    targets: (text) => extractTargets(text),
    responsibility: (text, rule) => parseResponsibleUnits(text, { rule, registry }),
    columns: (lead, cooperating) => parseResponsibilityColumns({ lead, cooperating }, { registry }),
    detectRule: (text) => detectResponsibilityRule(text)?.rule,
    units: () => registry.all(),
  };
}
