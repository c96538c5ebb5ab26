/** Writes a ledger to a file as XLSX, CSV or JSON (the full ledger, readable again by `reform import`). */
import { writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import type { Ledger } from "@reform/domain";
import { exportCsv, exportXlsx } from "@reform/ingest";

import type { FORMATS } from "./Args.ts";

export type Format = (typeof FORMATS)[number];

/** The default output path: next to the input, `<name>.ledger.<format>`. */
export function defaultOutPath(input: string, format: Format): string {
  return join(dirname(input), `${basename(input, extname(input))}.ledger.${format}`);
}

/** The bytes or text of a ledger in a format. */
export async function encodeLedger(ledger: Ledger, format: Format): Promise<Uint8Array | string> {
  if (format === "xlsx") return exportXlsx(ledger);
  if (format === "csv") return exportCsv(ledger);
  return `${JSON.stringify(ledger, null, 2)}\n`;
}

/** Writes the ledger; returns the one-line reason when it could not. */
export async function writeLedgerFile(ledger: Ledger, format: Format, path: string): Promise<string | undefined> {
  try {
    await writeFile(path, await encodeLedger(ledger, format));
    return undefined;
  } catch (e) {
    return `cannot write ${path} (${e instanceof Error ? e.message : String(e)})`;
  }
}
