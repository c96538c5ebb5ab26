/** Validation of store inputs, reported as `ValidationError`s with the paths of the problems. */
import { Actor, Diagnostic, IsoDateTime, Ledger } from "@reform/domain";
import { z } from "zod";
import { type ApiToken, type CommitImportOptions, ValidationError } from "./Store.ts";

/** A `ValidationError` carrying zod's issues (path and message of each). */
export function validationError(message: string, error: { readonly issues: ZodIssues }): ValidationError {
  return new ValidationError({
    message: `${message}: ${error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ")}`,
    issues: prefixed([], error.issues),
  });
}

interface Issue {
  path: (string | number)[];
  message: string;
  code: string;
}

/** At most this many U+0000 issues are listed for one input. */
const MAX_NUL_ISSUES = 20;

/**
 * An issue for each string (or object key) in `value` that holds U+0000, which PostgreSQL can store
 * neither in `text` nor in `jsonb`: left in, it would fail the write with an error that names no
 * field. At most {@link MAX_NUL_ISSUES}. Walks the value once, allocating only for what it finds.
 */
export function nulIssues(value: unknown): Issue[] {
  if (!holdsNul(value)) return [];
  const out: Issue[] = [];
  const path: (string | number)[] = [];
  const found = (message: string): void => {
    out.push({ path: [...path], message, code: "invalid_characters" });
  };
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (v.includes("\u0000")) found("holds a NUL character (U+0000), which cannot be stored");
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length && out.length < MAX_NUL_ISSUES; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else if (typeof v === "object" && v !== null) {
      for (const key in v) {
        if (out.length >= MAX_NUL_ISSUES) break;
        if (!Object.hasOwn(v, key)) continue;
        path.push(key);
        if (key.includes("\u0000")) found("its name holds a NUL character (U+0000), which cannot be stored");
        walk((v as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(value);
  return out.slice(0, MAX_NUL_ISSUES);
}

/** Whether any string or key in `value` holds U+0000 (the quick check before {@link nulIssues} looks where). */
function holdsNul(v: unknown): boolean {
  if (typeof v === "string") return v.includes("\u0000");
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (holdsNul(v[i])) return true;
    return false;
  }
  for (const key in v) if (key.includes("\u0000") || holdsNul((v as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * Parses `input` with `schema`, refusing it as `what` with the paths of the problems: the schema's,
 * or else any U+0000 in its strings ({@link nulIssues}).
 */
export function parseInput<T>(
  schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: ZodIssues } } },
  input: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(what, parsed.error);
  const issues = nulIssues(parsed.data);
  if (issues.length > 0) throw validationError(what, { issues });
  return parsed.data;
}

type ZodIssues = ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code: string }>;

/** Parses a ledger; also refuses duplicate task ids, tasks of another plan and U+0000 in its text. */
export function parseLedger(input: Ledger): Ledger {
  const ledger = parseInput(Ledger, input, "invalid ledger");
  const seen = new Set<string>();
  const issues: Issue[] = [];
  ledger.tasks.forEach((task, index) => {
    if (seen.has(task.id)) issues.push({ path: ["tasks", index, "id"], message: "duplicate task id", code: "custom" });
    if (task.planId !== ledger.plan.id) {
      issues.push({ path: ["tasks", index, "planId"], message: "differs from plan.id", code: "custom" });
    }
    seen.add(task.id);
  });
  if (issues.length > 0) throw validationError("invalid ledger", { issues });
  return ledger;
}

/** An import's diagnostics, as a reader gives them. */
const Diagnostics = z.array(Diagnostic);

/**
 * Issues with what an import records beside its ledger — the reader's diagnostics, the file name
 * and the source hash — under `path` (the diagnostics checked against {@link Diagnostic}), or a
 * U+0000 in any of them ({@link nulIssues}): stored as they are, they would otherwise fail the write
 * with an error naming nothing, or be kept malformed for every front end to trip on.
 */
export function importRecordIssues(record: {
  readonly diagnostics?: unknown;
  readonly fileName?: unknown;
  readonly sourceSha256?: unknown;
}): Issue[] {
  const shape = Diagnostics.optional().safeParse(record.diagnostics);
  const issues: Issue[] = shape.success ? [] : prefixed(["diagnostics"], shape.error.issues);
  for (const key of ["fileName", "sourceSha256"] as const) {
    const value = record[key];
    if (value !== undefined && typeof value !== "string") {
      issues.push({ path: [key], message: "expected a string", code: "invalid_type" });
    }
  }
  if (issues.length > 0) return issues;
  return nulIssues({ diagnostics: record.diagnostics, fileName: record.fileName, sourceSha256: record.sourceSha256 });
}

/** zod's issues as the store's, their paths under `prefix` (symbol keys dropped). */
function prefixed(prefix: (string | number)[], issues: ZodIssues): Issue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.filter((key): key is string | number => typeof key !== "symbol")],
    message: issue.message,
    code: issue.code,
  }));
}

/** Validates the actor, the optional instant and what an import records beside its ledger. */
export function checkImportOptions(options: CommitImportOptions): void {
  const issues = [
    ...prefixed(["actor"], Actor.safeParse(options.actor).error?.issues ?? []),
    ...prefixed(["at"], options.at === undefined ? [] : (IsoDateTime.safeParse(options.at).error?.issues ?? [])),
    ...importRecordIssues(options),
  ];
  if (issues.length > 0) throw validationError("invalid import options", { issues });
}

/** A reporter token must name the units it reports for. */
export function checkReporterUnits(role: ApiToken["role"], units: ReadonlyArray<string>): void {
  if (role === "reporter" && units.length === 0) {
    throw new ValidationError({
      message: "a reporter token needs at least one unit",
      issues: [{ path: ["units"], message: "a reporter token needs at least one unit", code: "too_small" }],
    });
  }
}
