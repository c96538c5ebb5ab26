/**
 * Responsibility: which units lead (牵头), cooperate (配合/参与) or co-lead (共同牵头, 分别负责)
 * a task, as read from a document's responsibility text under its stated rule.
 */
import { z } from "zod";
import { UnitKind } from "./Department.ts";

export const Role = z.enum(["lead", "cooperating", "co-lead"]);
export type Role = z.infer<typeof Role>;

/**
 * How a document assigns roles:
 * - `first-leads`: "列在第一位的部门为牵头部门" — the first unit leads, the rest cooperate;
 * - `all-responsible`: no stated rule — every listed unit is responsible, the first is primary;
 * - `explicit`: roles come from columns or words (牵头部门 / 配合部门, "X牵头，Y配合").
 */
export const ResponsibilityRule = z.enum(["first-leads", "all-responsible", "explicit"]);
export type ResponsibilityRule = z.infer<typeof ResponsibilityRule>;

export const Assignment = z.object({
  /** Unit name as written after canonicalisation (e.g. 省卫健委). */
  unit: z.string().min(1),
  /** Registry id, when the unit was resolved against a registry. */
  unitId: z.string().optional(),
  kind: UnitKind,
  role: Role,
  /** The first listed unit when every listed unit is responsible. */
  primary: z.boolean().default(false),
  /** Office inside the unit: 省卫健委（规划处） → 规划处. */
  office: z.string().optional(),
});
export type Assignment = z.infer<typeof Assignment>;

export const Responsibility = z.object({
  assignments: z.array(Assignment),
  rule: ResponsibilityRule,
  /** The source text the assignments were read from. */
  text: z.string().default(""),
});
export type Responsibility = z.infer<typeof Responsibility>;

/** Units that answer for the task (leads and co-leads). */
export function leadsOf(r: Responsibility | undefined): Assignment[] {
  return r ? r.assignments.filter((a) => a.role === "lead" || a.role === "co-lead") : [];
}

export function cooperatorsOf(r: Responsibility | undefined): Assignment[] {
  return r ? r.assignments.filter((a) => a.role === "cooperating") : [];
}
