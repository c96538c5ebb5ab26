/**
 * The JSON view of an imported ledger: what `reform import FILE --json` prints. It is a flat,
 * stable contract for scripts, smaller than the ledger itself: units as names, sections and tasks
 * only (subsections are sections, milestones are tasks), no personal data unless asked for
 * (`{ people: true }`: each task's people, as the caller passes them — masked or not).
 */
import { cooperatorsOf, Indicator, IsoDate, type Ledger, leadsOf, Person, Target, type Task } from "@reform/domain";
import { z } from "zod";
import { type Diagnostic, Severity } from "@reform/domain";

export const LedgerJsonDeadline = z.object({
  /** The deadline kind of the ledger: due, ongoing, recurring, external, done, starts, window, relative, milestones, unknown. */
  kind: z.string(),
  /** Due date when the deadline has one. */
  due: IsoDate.optional(),
  /** The deadline as written. */
  text: z.string(),
});
export type LedgerJsonDeadline = z.infer<typeof LedgerJsonDeadline>;

export const LedgerJsonTask = z.object({
  id: z.string(),
  /** Parent id; null for top-level items. */
  parentId: z.string().nullable(),
  kind: z.enum(["section", "task"]),
  path: z.array(z.string()),
  text: z.string(),
  /** Lead and co-lead unit names. */
  leads: z.array(z.string()),
  cooperators: z.array(z.string()),
  /** null when the item has no deadline (most sections). */
  deadline: LedgerJsonDeadline.nullable(),
  targets: z.array(Target),
  themes: z.array(z.string()),
  /** The task's people (names, roles, contacts), only when asked for. */
  people: z.array(Person).optional(),
  /** Line in the source document; null when unknown. */
  line: z.number().int().positive().nullable(),
});
export type LedgerJsonTask = z.infer<typeof LedgerJsonTask>;

export const LedgerJsonDiagnostic = z.object({
  severity: Severity,
  code: z.string(),
  /** Line in the source; null for whole-document findings. */
  line: z.number().int().positive().nullable(),
  message: z.string(),
});
export type LedgerJsonDiagnostic = z.infer<typeof LedgerJsonDiagnostic>;

export const LedgerJson = z.object({
  plan: z.object({
    id: z.string(),
    title: z.string(),
    issuer: z.string().optional(),
    docNumber: z.string().optional(),
    issuedOn: IsoDate.optional(),
    /** Region name (吉林省, 萍乡市). */
    region: z.string().optional(),
    /** Year used for deadlines written without one. */
    year: z.number().int().optional(),
  }),
  tasks: z.array(LedgerJsonTask),
  indicators: z.array(Indicator),
  /** How much of the document was read into items (absent for spreadsheets and ledgers). */
  coverage: z
    .object({ bodyChars: z.number().int(), itemChars: z.number().int(), share: z.number().min(0).max(1) })
    .optional(),
  /** Warnings first: what the reader must know before trusting the ledger. */
  warnings: z.array(z.string()),
  diagnostics: z.array(LedgerJsonDiagnostic),
});
export type LedgerJson = z.infer<typeof LedgerJson>;

function deadlineJson(task: Task): LedgerJsonDeadline | null {
  const d = task.deadline;
  if (!d) return null;
  return { kind: d.kind, ...("due" in d && d.due !== undefined ? { due: d.due } : {}), text: d.text };
}

/** The JSON view of an imported ledger and its diagnostics; `people` adds each task's people. */
export function toLedgerJson(
  result: {
    ledger: Ledger;
    diagnostics: readonly Diagnostic[];
    coverage?: { bodyChars: number; itemChars: number; share: number } | undefined;
  },
  options: { people?: boolean } = {},
): LedgerJson {
  const { plan, tasks, indicators } = result.ledger;
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      ...(plan.issuer !== undefined ? { issuer: plan.issuer } : {}),
      ...(plan.docNumber !== undefined ? { docNumber: plan.docNumber } : {}),
      ...(plan.issuedOn !== undefined ? { issuedOn: plan.issuedOn } : {}),
      ...(plan.region ? { region: plan.region.name } : {}),
      ...(plan.year !== undefined ? { year: plan.year } : {}),
    },
    tasks: tasks.map((t) => ({
      id: t.id,
      parentId: t.parentId ?? null,
      kind: t.kind === "section" || t.kind === "subsection" ? "section" : "task",
      path: t.path,
      text: t.text,
      leads: leadsOf(t.responsibility).map((a) => a.unit),
      cooperators: cooperatorsOf(t.responsibility).map((a) => a.unit),
      deadline: deadlineJson(t),
      targets: t.targets,
      themes: t.themes,
      ...(options.people ? { people: t.people } : {}),
      line: t.line ?? null,
    })),
    indicators,
    ...(result.coverage ? { coverage: result.coverage } : {}),
    warnings: result.diagnostics.filter((d) => d.severity !== "info").map((d) => d.message),
    diagnostics: result.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      line: d.line ?? null,
      message: d.message,
    })),
  };
}
