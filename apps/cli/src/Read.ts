/**
 * Reads any file the CLI accepts into a ledger: documents (.txt, .md and other text) through
 * `importDocument`, spreadsheets (.xlsx, .csv) through the spreadsheet importers, and ledgers
 * written by `--format json` through the Ledger schema. XLSX is recognised by content too.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { Ledger } from "@reform/domain";
import { type Diagnostic, importCsv, importDocument, importXlsx } from "@reform/ingest";

/** Options the import commands pass on. */
export interface ReadOptions {
  issued?: string;
  region?: string;
}

/** A ledger read from a file, or the one-line reason none could be. */
export type ReadResult =
  | { ok: true; ledger: Ledger; diagnostics: Diagnostic[]; layout: string }
  | { ok: false; message: string };

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function readLedgerJson(bytes: Uint8Array, options: ReadOptions): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return { ok: false, message: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const parsed = Ledger.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `not a ledger: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"}` };
  }
  let ledger = parsed.data;
  if (options.issued) ledger = { ...ledger, plan: { ...ledger.plan, issuedOn: options.issued } };
  if (options.region && ledger.plan.region) {
    ledger = { ...ledger, plan: { ...ledger.plan, region: { ...ledger.plan.region, name: options.region } } };
  }
  return { ok: true, ledger, diagnostics: [], layout: "ledger-json" };
}

/** Reads FILE into a ledger; never throws. */
export async function readLedgerFile(file: string, options: ReadOptions = {}): Promise<ReadResult> {
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { ok: false, message: `${file} is a directory, not a file` };
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, message: `${file}: no such file` };
    if (code === "EACCES") return { ok: false, message: `${file}: permission denied` };
    return { ok: false, message: `${file}: cannot read (${e instanceof Error ? e.message : String(e)})` };
  }
  if (bytes.length === 0) return { ok: false, message: `${file} is empty (0 bytes)` };
  const fileName = basename(file);
  const common = { fileName, ...options };
  const ext = extname(file).toLowerCase();
  const result =
    ext === ".xlsx" || isZip(bytes)
      ? await importXlsx(bytes, common)
      : ext === ".csv" || ext === ".tsv"
        ? importCsv(bytes, common)
        : ext === ".json"
          ? readLedgerJson(bytes, options)
          : importDocument(bytes, common);
  if ("message" in result) return result;
  if (!result.ok) return { ok: false, message: `${file}: ${result.error.message}` };
  return { ok: true, ledger: result.ledger, diagnostics: result.diagnostics, layout: result.layout };
}
