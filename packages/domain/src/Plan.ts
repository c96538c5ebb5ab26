/** A plan: one published reform task list (施工图, 重点工作任务, 任务清单). */
import { z } from "zod";
import { IsoDate } from "./Dates.ts";

export const RegionLevel = z.enum(["national", "province", "city", "county"]);
export type RegionLevel = z.infer<typeof RegionLevel>;

/** A region: 吉林省 (province), 萍乡市 (city), 某某县 (county). */
export const Region = z.object({
  name: z.string().min(1),
  level: RegionLevel,
});
export type Region = z.infer<typeof Region>;

export const PlanSource = z.object({
  /** File name the plan was read from. */
  file: z.string().optional(),
  /** Address of the page the document was saved from (an archive header's 原文链接). */
  url: z.string().optional(),
  /** SHA-256 of the source bytes, to recognise a re-import of the same document. */
  sha256: z.string().optional(),
  format: z.enum(["text", "xlsx", "csv", "json"]).optional(),
  encoding: z.string().optional(),
});
export type PlanSource = z.infer<typeof PlanSource>;

export const Plan = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  /** Issuing body, e.g. 山西省深化医药卫生体制改革领导小组. */
  issuer: z.string().optional(),
  /** Document number, e.g. 晋医改组发〔2019〕1号. */
  docNumber: z.string().optional(),
  issuedOn: IsoDate.optional(),
  region: Region.optional(),
  /** Year used for deadlines written without one ("9月底前"). */
  year: z.number().int().min(1949).max(2200).optional(),
  /** First day the plan runs from, for trajectories; defaults to the issue date. */
  startsOn: IsoDate.optional(),
  source: PlanSource.default({}),
});
export type Plan = z.infer<typeof Plan>;

/** The year a plan's year-less deadlines refer to: explicit year, else issue year. */
export function planYear(plan: Pick<Plan, "year" | "issuedOn">): number | undefined {
  return plan.year ?? (plan.issuedOn ? Number(plan.issuedOn.slice(0, 4)) : undefined);
}
