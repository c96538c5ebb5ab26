/** Validation of store inputs, reported as `ValidationError`s with the paths of the problems. */
import { Actor, IsoDateTime, Ledger } from "@reform/domain";
import { type ApiToken, type CommitImportOptions, ValidationError } from "./Store.ts";

/** A `ValidationError` carrying zod's issues (path and message of each). */
export function validationError(
  message: string,
  error: { readonly issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code: string }> },
): ValidationError {
  return new ValidationError({
    message: `${message}: ${error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ")}`,
    issues: error.issues.map((issue) => ({
      path: issue.path.filter((key): key is string | number => typeof key !== "symbol"),
      message: issue.message,
      code: issue.code,
    })),
  });
}

/** Parses a ledger; also refuses duplicate task ids and tasks of another plan. */
export function parseLedger(input: Ledger): Ledger {
  const parsed = Ledger.safeParse(input);
  if (!parsed.success) throw validationError("invalid ledger", parsed.error);
  const ledger = parsed.data;
  const seen = new Set<string>();
  const issues = ledger.tasks.flatMap((task, index) => {
    const problems = [];
    if (seen.has(task.id))
      problems.push({ path: ["tasks", index, "id"], message: "duplicate task id", code: "custom" });
    if (task.planId !== ledger.plan.id) {
      problems.push({ path: ["tasks", index, "planId"], message: "differs from plan.id", code: "custom" });
    }
    seen.add(task.id);
    return problems;
  });
  if (issues.length > 0) throw validationError("invalid ledger", { issues });
  return ledger;
}

/** Validates the actor and the optional instant of an import. */
export function checkImportOptions(options: CommitImportOptions): void {
  const issues = [
    ...(Actor.safeParse(options.actor).error?.issues.map((issue) => ({ ...issue, path: ["actor", ...issue.path] })) ??
      []),
    ...(options.at === undefined ? [] : (IsoDateTime.safeParse(options.at).error?.issues ?? [])).map((issue) => ({
      ...issue,
      path: ["at", ...issue.path],
    })),
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
