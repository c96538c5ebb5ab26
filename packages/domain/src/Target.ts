/** Quantitative targets found in text: "达到30%以上" → ≥ 30 %. */
import { z } from "zod";

export const Comparator = z.enum(["gte", "gt", "lte", "lt", "approx", "eq", "increase"]);
export type Comparator = z.infer<typeof Comparator>;

export const Target = z.object({
  comparator: Comparator,
  /** Target value; for `increase` the minimum growth (0 when the text gives none). */
  value: z.number(),
  /** Unit as written: %, 个, 元, 名, 张/千人, 家… (empty when there is none). */
  unit: z.string(),
  /** What is measured, when the sentence says (e.g. 县域内就诊率). */
  subject: z.string().optional(),
  /** The phrase the target came from. */
  text: z.string(),
  /** [start, end) offsets of `text` in the sentence it was extracted from. */
  span: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  /** Year or period the target is for ("到2020年"). */
  period: z.string().optional(),
  /** Region the target applies to ("全市"). */
  region: z.string().optional(),
  /** Population the target applies to ("重点人群"). */
  population: z.string().optional(),
});
export type Target = z.infer<typeof Target>;
