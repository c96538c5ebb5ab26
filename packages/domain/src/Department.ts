/**
 * Responsible units: departments and the other bodies a plan names (cities, collectives,
 * party organs, associations, leading groups), each belonging to a region.
 */
import { z } from "zod";
import { Region } from "./Plan.ts";

export const UnitKind = z.enum([
  "department",
  "government",
  "city",
  "collective",
  "party",
  "association",
  "leading-group",
  "enterprise",
  "other",
]);
export type UnitKind = z.infer<typeof UnitKind>;

/**
 * What a department does, so staff can compare like with like across regions
 * (山西 省卫健委 and 吉林 省卫生健康委 are both `health`).
 */
export const DepartmentKind = z.enum([
  "health",
  "healthcare-security",
  "finance",
  "development-reform",
  "human-resources",
  "civil-affairs",
  "tcm",
  "drug-administration",
  "market-regulation",
  "education",
  "industry-it",
  "commerce",
  "taxation",
  "audit",
  "organisation",
  "publicity",
  "reform-office",
  "government-office",
  "insurance-regulation",
  "other",
]);
export type DepartmentKind = z.infer<typeof DepartmentKind>;

export const ResponsibleUnit = z.object({
  id: z.string().min(1),
  /** Canonical name within its region, e.g. 省卫生健康委. */
  name: z.string().min(1),
  region: Region.optional(),
  kind: UnitKind,
  departmentKind: DepartmentKind.optional(),
  aliases: z.array(z.string()).default([]),
  offices: z.array(z.string()).default([]),
});
export type ResponsibleUnit = z.infer<typeof ResponsibleUnit>;
