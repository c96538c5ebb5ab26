/** What the URL carries: the as-of date everywhere, and each view's filters (validated with zod). */
import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const RootSearch = z.object({ asOf: isoDate.optional().catch(undefined) });
export type RootSearch = z.infer<typeof RootSearch>;

export const PlanSearch = z.object({
  department: z.string().optional().catch(undefined),
  role: z.enum(["any", "lead", "cooperating"]).optional().catch(undefined),
  timeliness: z.string().optional().catch(undefined),
  state: z.string().optional().catch(undefined),
  theme: z.string().optional().catch(undefined),
  q: z.string().optional().catch(undefined),
  /** Column id and direction, e.g. "percent.desc". */
  sort: z
    .string()
    .regex(/^[a-z]+\.(asc|desc)$/)
    .optional()
    .catch(undefined),
});
export type PlanSearch = z.infer<typeof PlanSearch>;

export const DepartmentsSearch = z.object({
  rankBy: z.enum(["on-time-rate", "overdue-days", "completion", "mean-percent"]).optional().catch(undefined),
  plan: z.string().optional().catch(undefined),
});

/** A plan to show (overdue board, timeline). */
export const PlanPick = z.object({ plan: z.string().optional().catch(undefined) });

export const DepartmentSearch = z.object({ sort: PlanSearch.shape.sort });
