/** Monitored indicators, their targets and the measurements reported for them. */
import { z } from "zod";
import { IsoDateTime } from "./Dates.ts";
import { Target } from "./Target.ts";

export const Direction = z.enum(["higher", "lower"]);
export type Direction = z.infer<typeof Direction>;

export const Frequency = z.enum(["yearly", "half-yearly", "quarterly", "monthly"]);
export type Frequency = z.infer<typeof Frequency>;

export const Indicator = z.object({
  id: z.string().min(1),
  planId: z.string().optional(),
  name: z.string().min(1),
  /** %, 元, 个, 名, 张/千人… */
  unit: z.string(),
  direction: Direction,
  /** Responsible unit name. */
  responsible: z.string().optional(),
  frequency: Frequency.default("yearly"),
  /** Month in which last period's value is collected ("每年2月" → 2). */
  collectMonth: z.number().int().min(1).max(12).optional(),
  numerator: z.string().optional(),
  denominator: z.string().optional(),
  definition: z.string().optional(),
  targets: z.array(Target).default([]),
});
export type Indicator = z.infer<typeof Indicator>;

export const Measurement = z.object({
  id: z.string().min(1),
  indicatorId: z.string().min(1),
  /** Region the value is for (吉林省, 长春市…). */
  region: z.string().min(1),
  /** Period: "2020", "2020-H1", "2020-Q3" or "2020-07". */
  period: z.string().regex(/^\d{4}(-(H[12]|Q[1-4]|\d{2}))?$/, "expected YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM"),
  value: z.number().finite(),
  reportedBy: z.string().optional(),
  reportedAt: IsoDateTime,
});
export type Measurement = z.infer<typeof Measurement>;
