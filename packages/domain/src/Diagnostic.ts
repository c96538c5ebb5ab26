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

/**
 * Every code a reader of this project gives, in a diagnostic or as the reason it refused a file, so
 * that a front end can name each finding in its own language (the `message` is the reader's own
 * sentence, with the details). `Diagnostic.code` stays a string: a stored diagnostic may come from
 * a later version.
 */
export const DIAGNOSTIC_CODES = [
  // The file as a whole.
  "not-found",
  "directory",
  "unreadable",
  "binary",
  "empty",
  "too-large",
  "undecodable",
  "replaced-bytes",
  "no-text",
  "no-content",
  "little-read",
  "reader-failed",
  "converted",
  "bad-docx",
  "bad-pdf",
  "bad-json",
  "doc-needs-converter",
  "doc-conversion-failed",
  "not-xlsx",
  "xls-unsupported",
  "xlsx-unreadable",
  "too-many-rows",
  "too-many-cells",
  "not-a-ledger",
  "ledger-schema",
  "ledger-invalid",
  "plan-invalid",
  "missing-header",
  "header-duplicate",
  "csv-unterminated-quote",
  // The document's parts.
  "junk-dropped",
  "document-head",
  "document-closing",
  "page-number",
  "unplaced-text",
  "unnumbered-item",
  "framework-items",
  "indicators",
  "plan-defaulted",
  // Dates and years.
  "issued-invalid",
  "year-inferred",
  "year-from-title",
  "year-unknown",
  "no-deadlines",
  "deadline-implied",
  "deadline-unknown",
  "deadline-kind-mismatch",
  // Responsibility.
  "no-responsibility",
  "no-units",
  // Table rows and cells.
  "flat-row-split",
  "flat-row-units",
  "row-misaligned",
  "row-short",
  "row-without-text",
  "row-invalid",
  "task-invalid",
  "cells-edited",
  "cell-invalid",
  "date-invalid",
  "parent-unknown",
  "id-generated",
  "id-duplicate",
  "residue-invalid",
  "targets-unstructured",
  "task-text-missing",
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];
