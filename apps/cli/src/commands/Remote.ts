/**
 * Commands that move documents to and from a server: `import FILE` (upload → preview with
 * diagnostics and diff → `--commit`), `export PLAN` and `bulletin`.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Values } from "../Args.ts";
import { type Io, progress, progressDone } from "../Io.ts";
import { ApiFailure, type Connection, call, EXIT, response } from "../Server.ts";
import { flat } from "../Text.ts";

const str = (v: Values[string]) => (typeof v === "string" ? v : undefined);

interface TaskRef {
  id: string;
  label: string;
  title: string;
}

/** The API's import preview. */
export interface Preview {
  previewId: string;
  sha256: string;
  fileName?: string;
  format: string;
  layout: string;
  planId: string;
  planTitle: string;
  currentVersion: number;
  isNew: boolean;
  diagnostics: { severity: string; code: string; message: string; line?: number }[];
  diff: {
    summary: { added: number; removed: number; changed: number; unchanged: number };
    planFields: string[];
    added: TaskRef[];
    removed: TaskRef[];
    changed: (TaskRef & { fields: string[] })[];
    indicators: { added: string[]; removed: string[]; changed: string[] };
  };
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new ApiFailure(`${file} is a directory, not a file`, EXIT.failed, "input");
    const bytes = new Uint8Array(await readFile(file));
    if (bytes.length === 0) throw new ApiFailure(`${file} is empty (0 bytes)`, EXIT.failed, "input");
    return bytes;
  } catch (e) {
    if (e instanceof ApiFailure) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(e);
    throw new ApiFailure(`${file}: ${why}`, EXIT.failed, "input");
  }
}

/** The preview as lines: what would change, and what the importer could not read. */
export function previewLines(p: Preview, committed?: { version: number }): string[] {
  const s = p.diff.summary;
  const out = [
    `${p.planTitle}`,
    `  plan ${p.planId} · ${p.isNew ? "new plan" : `current version ${p.currentVersion}`} · ${p.format} (${p.layout})${p.fileName ? ` · ${p.fileName}` : ""}`,
    `  tasks: ${s.added} added, ${s.removed} removed, ${s.changed} changed, ${s.unchanged} unchanged` +
      (p.diff.planFields.length ? ` · plan fields changed: ${p.diff.planFields.join(", ")}` : ""),
  ];
  const list = (title: string, refs: readonly TaskRef[], extra?: (r: TaskRef) => string) => {
    if (refs.length === 0) return;
    out.push(`  ${title}:`);
    for (const r of refs.slice(0, 10)) out.push(`    ${r.label} ${flat(r.title).slice(0, 50)}${extra ? extra(r) : ""}`);
    if (refs.length > 10) out.push(`    … ${refs.length - 10} more`);
  };
  if (!p.isNew) {
    list("added", p.diff.added);
    list("removed", p.diff.removed);
    list("changed", p.diff.changed, (r) => ` [${(r as TaskRef & { fields: string[] }).fields.join(", ")}]`);
  }
  const ind = p.diff.indicators;
  if (ind.added.length + ind.removed.length + ind.changed.length > 0) {
    out.push(`  indicators: ${ind.added.length} added, ${ind.removed.length} removed, ${ind.changed.length} changed`);
  }
  const count = (sev: string) => p.diagnostics.filter((d) => d.severity === sev).length;
  out.push(`  diagnostics: ${count("error")} errors, ${count("warning")} warnings, ${count("info")} info`);
  for (const d of p.diagnostics.filter((x) => x.severity !== "info").slice(0, 10)) {
    out.push(
      `    ${d.severity} ${d.line !== undefined ? `line ${d.line}: ` : ""}${flat(d.message).slice(0, 100)} [${d.code}]`,
    );
  }
  out.push(
    committed
      ? `committed as version ${committed.version} of plan ${p.planId}`
      : "preview only: nothing was changed. Run again with --commit to make it the plan's next version.",
  );
  return out;
}

/** `reform import FILE --server URL [--commit]`. */
export async function runRemoteImport(conn: Connection, file: string, values: Values, io: Io): Promise<number> {
  const bytes = await readInput(file);
  const issued = str(values.issued);
  const region = str(values.region);
  const url = conn.client.api.imports.$url({
    query: {
      fileName: basename(file),
      ...(issued ? { issued } : {}),
      ...(region ? { region } : {}),
      ...(values["implied-deadlines"] === true ? { impliedDeadlines: "true" } : {}),
    },
  });
  progress(io, `uploading ${basename(file)} (${bytes.length} bytes)…`);
  const headers: Record<string, string> = { "content-type": "application/octet-stream" };
  if (conn.token) headers.authorization = `Bearer ${conn.token}`;
  const preview = await call<Preview>(conn, `import ${file}`, () =>
    conn.fetch(url, { method: "POST", headers, body: bytes }),
  );
  let committed: { version: number } | undefined;
  if (values.commit) {
    progress(io, `committing ${preview.planId}…`);
    committed = await call<{ version: number }>(conn, `commit ${file}`, () =>
      conn.client.api.imports[":previewId"].commit.$post({
        param: { previewId: preview.previewId },
        json: { expectedPlanVersion: preview.currentVersion, sha256: preview.sha256 },
      }),
    );
  }
  progressDone(io);
  if (values.json) io.stdout(`${JSON.stringify(committed ? { preview, committed } : preview, null, 2)}\n`);
  else io.stdout(`${previewLines(preview, committed).join("\n")}\n`);
  return EXIT.ok;
}

/** Writes a body to `out`, or stdout (binary only when stdout is not a terminal). */
export async function deliver(
  res: Response | Uint8Array,
  io: Io,
  out: string | undefined,
  binary: boolean,
  what: string,
): Promise<number> {
  const bytes = res instanceof Uint8Array ? res : new Uint8Array(await res.arrayBuffer());
  if (out !== undefined) {
    try {
      await writeFile(out, bytes);
    } catch (e) {
      throw new ApiFailure(
        `cannot write ${out} (${e instanceof Error ? e.message : String(e)})`,
        EXIT.failed,
        "output",
      );
    }
    io.stderr(`reform: wrote ${out}\n`);
    return EXIT.ok;
  }
  if (binary) {
    if (io.stdoutIsTTY || !io.stdoutBytes) {
      throw new ApiFailure(`${what} is binary: give --out PATH (or pipe stdout to a file)`, EXIT.usage, "usage");
    }
    io.stdoutBytes(bytes);
    return EXIT.ok;
  }
  // Keep a byte-order mark (the CSV export starts with one, for Excel).
  io.stdout(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes));
  return EXIT.ok;
}

/** `reform export PLAN --format xlsx|csv|json --server URL`. */
export async function runRemoteExport(conn: Connection, planId: string, values: Values, io: Io): Promise<number> {
  const format = str(values.format) as "json" | "xlsx" | "csv";
  progress(io, `exporting ${planId}…`);
  const res = await response(conn, `export ${planId}`, () =>
    conn.client.api.exports[":planId"].$get({ param: { planId }, query: { format } }),
  );
  progressDone(io);
  const out = str(values.out) ?? (format === "xlsx" && io.stdoutIsTTY ? `${planId}.xlsx` : undefined);
  return deliver(res, io, out, format === "xlsx", `the ${format} export`);
}

export const BULLETIN_FORMATS = ["md", "html", "xlsx", "json"] as const;

/** `reform bulletin --as-of DATE --format md|html|xlsx|json`. */
export async function runBulletin(conn: Connection, values: Values, io: Io): Promise<number> {
  const format = (str(values.format) ?? "md") as (typeof BULLETIN_FORMATS)[number];
  const asOf = str(values["as-of"]);
  const plan = str(values.plan);
  progress(io, "building the bulletin…");
  const res = await response(conn, "bulletin", () =>
    conn.client.api.bulletin.$get({
      query: { format, ...(asOf ? { asOf } : {}), ...(plan ? { plan } : {}) },
    }),
  );
  progressDone(io);
  return deliver(res, io, str(values.out), format === "xlsx", "the xlsx bulletin");
}
