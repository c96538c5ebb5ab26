/**
 * What a reader could not fully read, with where it was: the finding the importer reports and
 * the store keeps with a staged import. In the domain so that every package (ingest, storage, the
 * front ends) speaks of the same value without depending on the importer.
 */
import { z } from "zod";

export const Severity = z.enum(["error", "warning", "info"]);
export type Severity = z.infer<typeof Severity>;

export const Diagnostic = z.object({
  severity: Severity,
  /** Stable machine-readable code, e.g. "deadline-unknown", "year-inferred", "unplaced-text". */
  code: z.string(),
  /** 1-based line in the (decoded) source; absent for whole-document findings. */
  line: z.number().int().positive().optional(),
  message: z.string(),
  /** The source text concerned, shortened. */
  text: z.string().optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;
