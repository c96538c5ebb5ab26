/**
 * How a request's query string says which plans and tasks it is about: the comma-separated plan
 * list every resource accepts, and the task filter of `GET /api/tasks` read into the domain's
 * `TaskFilter` (the domain's `selectTasks` answers it).
 */
import { z } from "@hono/zod-openapi";
import { Rag, type TaskFilter, TaskKind, TaskSort, TaskStatus, TimelinessStatus, UnitRoleFilter } from "@reform/domain";

/** A comma-separated list of enum values. */
function csv<V extends string>(values: readonly V[], description: string) {
  const allowed = new Set<string>(values);
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === "") return undefined;
      const parts = s.split(",").map((x) => x.trim());
      const bad = parts.filter((x) => !allowed.has(x));
      if (bad.length > 0) {
        ctx.addIssue({ code: "custom", message: `unknown value(s) ${bad.join(", ")}; expected ${values.join(", ")}` });
        return z.NEVER;
      }
      return parts as V[];
    })
    .openapi({ type: "string", description: `${description} Comma-separated: ${values.join(", ")}.` });
}

/** The task filter's query parameters. */
export const TaskFilterQuery = z.object({
  plan: z.string().optional().openapi({ description: "Plan id(s), comma-separated." }),
  section: z.string().optional().openapi({ description: "Id of a section or subsection: it and its descendants." }),
  department: z.string().optional().openapi({ description: "Responsible unit (canonical name or unit id)." }),
  role: z
    .enum(UnitRoleFilter.options)
    .default("any")
    .openapi({ description: "With `department`: lead (leads or co-leads), cooperating, or any." }),
  state: csv(TaskStatus.options, "Task status."),
  timeliness: csv(TimelinessStatus.options, "Timeliness status."),
  rag: csv(Rag.options, "Red/amber/green rating."),
  kind: csv(TaskKind.options, "Node kind (default: every node)."),
  theme: z.string().optional().openapi({ description: "Theme tag." }),
  text: z.string().optional().openapi({ description: "Case-insensitive text search in label, title and text." }),
  sort: z
    .enum(TaskSort.options)
    .default("ledger")
    .openapi({
      description:
        "ledger (default): the order of the task tree; due: earliest due date in force first; overdue: most " +
        "days overdue first; progress: lowest percent first. Ties keep ledger order.",
    }),
});
export type TaskFilterParams = z.infer<typeof TaskFilterQuery>;

/** The set of plan ids a query covers (undefined: all). */
export function planIdsOf(query: { readonly plan?: string | undefined }): string[] | undefined {
  return query.plan
    ? query.plan
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

/**
 * The domain's filter for the query's parameters. Plans are not part of it: the API computes the
 * view over the plans asked for (`planIdsOf`), so every task in it already belongs to one.
 */
export function taskFilterOf(q: Omit<TaskFilterParams, "plan" | "sort">): TaskFilter {
  return {
    ...(q.section ? { section: q.section } : {}),
    ...(q.department ? { department: q.department, role: q.role } : {}),
    ...(q.state ? { state: q.state } : {}),
    ...(q.timeliness ? { timeliness: q.timeliness } : {}),
    ...(q.rag ? { rag: q.rag } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.theme ? { theme: q.theme } : {}),
    ...(q.text ? { text: q.text } : {}),
  };
}
