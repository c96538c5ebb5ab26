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

/**
 * Texts that may hold a target: a number followed by a unit ("30%", "50个", "十个百分点"), or a
 * coverage or growth phrase (全覆盖, 较上年增长) — the forms extractTargets reads; a property test
 * keeps this in step with extractTargets. Not used as a prefilter any more: extractTargets passes
 * over sentences without these forms in its own single scan, more cheaply than this search.
 */
export const MAY_HOLD_TARGET =
  /[\d０-９〇零一二两三四五六七八九十百千]\s*(?:[个家名人张所种项支台床次例件户套天元%％‰万亿]|百分点)|全覆盖|实现全部|(?:较上年|比上年|同比|逐年|逐步|有所|稳步|持续)(?:增长|提高|提升|增加|上升)/;

/** The lines of `text` that contain `word`, joined (without splitting the whole text). */
function linesWith(text: string, word: string): string {
  const found: string[] = [];
  let end = -1;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, Math.max(at + 1, end + 1))) {
    const start = text.lastIndexOf("\n", at) + 1;
    end = text.indexOf("\n", at);
    if (end === -1) end = text.length;
    found.push(text.slice(start, end));
  }
  return found.join("\n");
}

/** Memoises a function of one string key: documents repeat the same unit lists row after row. */
function memo<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

/**
 * A registry unit under the name the document wrote first: the canonical name it is filed under
 * stays in its id and among its aliases, other spellings stay aliases.
 */
function shownAs(unit: ResponsibleUnit, written: string | undefined): ResponsibleUnit {
  if (written === undefined || written === unit.name) return unit;
  return { ...unit, name: written, aliases: [unit.name, ...unit.aliases.filter((a) => a !== written)] };
}

/** Creates the adapter for one plan: one department registry for the plan's region. */
export function createSemantics(ctx: SemanticsContext): Semantics {
  const registry = createDepartmentRegistry(ctx.region);
  /** Unit id → the spelling the document first used for it (the registry files it under its canonical name). */
  const spelling = new Map<string, string>();
  const note = (r: Responsibility): Responsibility => {
    for (const a of r.assignments)
      if (a.unitId !== undefined && !spelling.has(a.unitId)) spelling.set(a.unitId, a.unit);
    return r;
  };
  const units = memo((key) => {
    const [rule, text] = [key.slice(0, key.indexOf("\u0000")), key.slice(key.indexOf("\u0000") + 1)];
    return note(parseResponsibleUnits(text, { rule: rule as ResponsibilityRule, registry }));
  });
  const columns = memo((key) => {
    const [lead, cooperating] = key.split("\u0000") as [string, string];
    return note(parseResponsibilityColumns({ lead, cooperating }, { registry }));
  });
  const deadlineContext: DeadlineContext = {
    ...(ctx.year !== undefined ? { year: ctx.year } : {}),
    ...(ctx.issuedOn ? { issuedOn: ctx.issuedOn } : {}),
  };
  return {
    deadline: memo((text) => parseDeadline(text, deadlineContext)),
    deadlineInText: (text) => {
      const steps = extractMilestones(text, deadlineContext);
      const first = steps[0];
      if (first === undefined) return undefined;
      if (steps.length === 1) return { kind: "due", text: first.text, due: first.due, precision: first.precision };
      const due = steps.map((m) => m.due).sort()[steps.length - 1]!;
      return { kind: "milestones", text: steps.map((m) => m.text).join("；"), milestones: steps, due };
    },
    targets: extractTargets,
    responsibility: (text, rule) => units(`${rule}\u0000${text}`),
    columns: (lead, cooperating) => columns(`${lead}\u0000${cooperating}`),
    // Only lines that speak of leads can state the rule; skip the rest of a long document.
    detectRule: (text) => detectResponsibilityRule(linesWith(text, "牵头"))?.rule,
    units: () => registry.all().map((unit) => shownAs(unit, spelling.get(unit.id))),
  };
}
