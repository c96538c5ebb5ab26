/**
 * Reading a file into a ledger, whatever its format: the one entry point the CLI, the API and
 * embedders share. The format is detected from the bytes, the name and the content type (see
 * `FileReaders.ts`, where new formats plug in); the issue date and region can be overridden for
 * every format; bytes that are not valid in their encoding are refused unless `encoding` is
 * `lenient`. Never throws.
 */
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { Ledger } from "@reform/domain";
import type { Diagnostic, DiagnosticCode } from "./Diagnostic.ts";
import {
  DEFAULT_READERS,
  type FileEncoding,
  type FileFormat,
  type FileHints,
  type FileReader,
  readerFor,
} from "./FileReaders.ts";
import type { Coverage } from "./Import.ts";

/** A file: its bytes and, when known, its name and content type. */
export interface FileInput extends FileHints {
  bytes: Uint8Array;
}

export interface ImportFileOptions {
  /** Issue date (YYYY-MM-DD), overriding the file's. */
  issued?: string | undefined;
  /** Region name (吉林省, 萍乡市), overriding the file's. */
  region?: string | undefined;
  /** Documents: undated items of a list whose title names one year are due at its end, marked implied. */
  impliedDeadlines?: boolean | undefined;
  /** `strict` (default): bytes not valid in their encoding refuse the file; `lenient`: replaced, with a warning. */
  encoding?: FileEncoding | undefined;
  /** Read as this format instead of detecting it. */
  format?: FileFormat | undefined;
  /** The readers to choose from (default {@link DEFAULT_READERS}). */
  readers?: readonly FileReader[] | undefined;
}

/** A file read into a ledger, or the reason it could not be, with the format it was read as. */
export type ImportFileResult =
  | { ok: true; format: FileFormat; ledger: Ledger; diagnostics: Diagnostic[]; layout: string; coverage?: Coverage }
  | {
      ok: false;
      format: FileFormat | undefined;
      error: { code: DiagnosticCode; message: string };
      diagnostics: Diagnostic[];
    };

/**
 * A file name as it is safe to keep: its base name only (no folders, so `../../../../tmp/x.txt`
 * is `x.txt`), without control characters, at most 255 characters; undefined when nothing is left.
 */
export function safeFileName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const base = name.split(/[/\\]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (clean === "" || clean === "." || clean === "..") return undefined;
  return clean.slice(0, 255);
}

/** Reads a file's bytes into a ledger with the reader for its format. Never throws. */
export async function importFile(input: FileInput, options: ImportFileOptions = {}): Promise<ImportFileResult> {
  const readers = options.readers ?? DEFAULT_READERS;
  const fileName = safeFileName(input.fileName);
  input = { ...input, fileName };
  const forced = options.format === undefined ? undefined : readers.find((r) => r.format === options.format);
  const reader = forced ?? readerFor(input.bytes, input, readers);
  const format = reader.format;
  if (input.bytes.length === 0) {
    return { ok: false, format, error: { code: "empty", message: "the file is empty (0 bytes)" }, diagnostics: [] };
  }
  try {
    const result = await reader.read(input.bytes, {
      ...(input.fileName ? { fileName: input.fileName } : {}),
      ...(options.issued ? { issued: options.issued } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.impliedDeadlines ? { impliedDeadlines: true } : {}),
      encoding: options.encoding ?? "strict",
    });
    return { ...result, format };
  } catch (e) {
    // A reader must not throw; should one, the file is still refused with a reason, not a crash.
    const message = `the ${format} reader failed: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, format, error: { code: "reader-failed", message }, diagnostics: [] };
  }
}

/**
 * Reads the file at `path` (Node) into a ledger; a missing, unreadable or empty file and a
 * directory are errors (`not-found`, `unreadable`, `empty`, `directory`) naming the path. The
 * file's base name is its `fileName`. Never throws.
 */
export async function importFilePath(path: string, options: ImportFileOptions = {}): Promise<ImportFileResult> {
  const fail = (code: DiagnosticCode, message: string): ImportFileResult => ({
    ok: false,
    format: undefined,
    error: { code, message },
    diagnostics: [],
  });
  let bytes: Uint8Array;
  try {
    if ((await stat(path)).isDirectory()) return fail("directory", `${path} is a directory, not a file`);
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return fail("not-found", `${path}: no such file`);
    if (code === "EACCES") return fail("unreadable", `${path}: permission denied`);
    return fail("unreadable", `${path}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
  if (bytes.length === 0) return fail("empty", `${path} is empty (0 bytes)`);
  const result = await importFile({ bytes, fileName: basename(path) }, options);
  return result.ok ? result : { ...result, error: { ...result.error, message: `${path}: ${result.error.message}` } };
}
