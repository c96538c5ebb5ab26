/**
 * Reading uploaded documents into ledgers (with `@reform/ingest`) and keeping previews until they
 * are committed. Previews live in this process's memory for a while; a commit that reaches another
 * process (or comes late) is told to upload again — the document, not the process, is the state.
 */
import { createHash } from "node:crypto";
import { Ledger } from "@reform/domain";
import { type Diagnostic, importCsv, importDocument, importXlsx } from "@reform/ingest";

export type DocumentFormat = "text" | "xlsx" | "csv" | "json";

export interface UploadOptions {
  fileName?: string | undefined;
  issued?: string | undefined;
  region?: string | undefined;
}

/** A document read into a ledger, or why it could not be. */
export type ReadResult =
  | { ok: true; ledger: Ledger; diagnostics: Diagnostic[]; format: DocumentFormat; layout: string }
  | { ok: false; code: string; message: string; diagnostics: Diagnostic[]; format: DocumentFormat };

/** The format of an upload from its file name and content type (XLSX by its zip signature too). */
export function formatOf(
  bytes: Uint8Array,
  fileName: string | undefined,
  contentType: string | undefined,
): DocumentFormat {
  const name = (fileName ?? "").toLowerCase();
  const type = (contentType ?? "").toLowerCase();
  if (name.endsWith(".xlsx") || type.includes("spreadsheetml") || (bytes[0] === 0x50 && bytes[1] === 0x4b))
    return "xlsx";
  if (name.endsWith(".csv") || type.startsWith("text/csv")) return "csv";
  if (name.endsWith(".json") || type.startsWith("application/json")) return "json";
  return "text";
}

/** Reads an upload with the importer for its format. Never throws. */
export async function readDocument(
  bytes: Uint8Array,
  format: DocumentFormat,
  options: UploadOptions,
): Promise<ReadResult> {
  const opts = {
    ...(options.fileName ? { fileName: options.fileName } : {}),
    ...(options.issued ? { issued: options.issued } : {}),
    ...(options.region ? { region: options.region } : {}),
  };
  if (format === "json") {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
      return { ok: false, code: "bad-json", message: "the JSON document could not be parsed", diagnostics: [], format };
    }
    const parsed = Ledger.safeParse(value);
    if (!parsed.success) {
      const diagnostics = parsed.error.issues.slice(0, 50).map(
        (i): Diagnostic => ({
          severity: "error",
          code: "ledger-schema",
          message: `${i.path.join(".")}: ${i.message}`,
        }),
      );
      return { ok: false, code: "not-a-ledger", message: "the JSON is not a ledger", diagnostics, format };
    }
    return { ok: true, ledger: parsed.data, diagnostics: [], format, layout: "ledger-json" };
  }
  const result =
    format === "xlsx"
      ? await importXlsx(bytes, opts)
      : format === "csv"
        ? importCsv(bytes, opts)
        : importDocument(bytes, opts);
  if (!result.ok)
    return {
      ok: false,
      code: result.error.code,
      message: result.error.message,
      diagnostics: result.diagnostics,
      format,
    };
  return { ok: true, ledger: result.ledger, diagnostics: result.diagnostics, format, layout: result.layout };
}

/** SHA-256 (hex) of bytes. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface Preview {
  readonly id: string;
  readonly sha256: string;
  readonly fileName?: string | undefined;
  readonly format: DocumentFormat;
  readonly layout: string;
  readonly ledger: Ledger;
  readonly diagnostics: Diagnostic[];
}
