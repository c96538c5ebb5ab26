/**
 * The `reform` command: argument parsing (node:util parseArgs) and the commands. `main` is pure of
 * process globals: output goes through `io`, the exit code is returned, so tests run it in-process.
 */
import { parseArgs } from "node:util";
import { isValidIsoDate } from "@reform/domain";
import { importFilePath, toLedgerJson } from "@reform/ingest";
import { summarize } from "./Summary.ts";
import { defaultOutPath, FORMATS, type Format, writeLedgerFile } from "./Write.ts";

/** Where the command writes. stdout carries only the requested output (JSON with --json). */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes: 0 a ledger was produced, 1 none could be, 2 the command line was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const HELP = `reform — read Chinese reform task lists (改革任务台账) into a ledger

Usage:
  reform import FILE [--json] [--issued YYYY-MM-DD] [--region NAME] [--format xlsx|csv|json] [--out PATH]
  reform export FILE --format xlsx|csv|json [--out PATH] [--issued YYYY-MM-DD] [--region NAME]
  reform --help

FILE is a document (.txt, .md: UTF-8 or GB18030), a spreadsheet ledger (.xlsx, .csv, .tsv) or a
ledger written with --format json.

Options:
  --json            print the ledger as JSON on stdout, and nothing else
  --issued DATE     the plan's issue date (YYYY-MM-DD); overrides the document's
  --region NAME     the plan's region (吉林省, 萍乡市); overrides the document's
  --format FORMAT   also write the ledger to a file: xlsx, csv or json (the full ledger)
  --out PATH        where --format writes (default: next to FILE, <name>.ledger.<format>)
  -h, --help        show this help

Exit status: 0 when a ledger was produced (warnings or not), 1 when none could be, 2 on usage errors.
`;

function usage(io: Io, message: string): number {
  io.stderr(`reform: ${message}\nTry 'reform --help'.\n`);
  return EXIT.usage;
}

/** Runs the command line `argv` (without node and the script). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    return usage(io, e instanceof Error ? e.message.split("\n")[0]! : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const [command, file, ...rest] = positionals;
  if (command === undefined) return usage(io, "missing command (import or export)");
  if (command !== "import" && command !== "export") return usage(io, `unknown command '${command}'`);
  if (file === undefined) return usage(io, `${command}: missing FILE`);
  if (rest.length > 0) return usage(io, `unexpected argument '${rest[0]}'`);
  if (values.issued !== undefined && !isValidIsoDate(values.issued)) {
    return usage(io, `--issued must be a date YYYY-MM-DD, got '${values.issued}'`);
  }
  if (values.region !== undefined && values.region.trim() === "") return usage(io, "--region must not be empty");
  const format = values.format as Format | undefined;
  if (format !== undefined && !FORMATS.includes(format)) {
    return usage(io, `--format must be one of ${FORMATS.join(", ")}, got '${values.format}'`);
  }
  if (command === "export" && format === undefined) return usage(io, "export: --format is required");
  if (values.out !== undefined && format === undefined) return usage(io, "--out needs --format");

  const result = await importFilePath(file, {
    ...(values.issued ? { issued: values.issued } : {}),
    ...(values.region ? { region: values.region.trim() } : {}),
  });
  if (!result.ok) {
    const first = result.diagnostics.find((d) => d.severity === "error");
    io.stderr(`reform: ${result.error.message}${first ? ` (${first.message})` : ""}\n`);
    return EXIT.failed;
  }
  if (format !== undefined) {
    const out = values.out ?? defaultOutPath(file, format);
    const error = await writeLedgerFile(result.ledger, format, out);
    if (error) {
      io.stderr(`reform: ${error}\n`);
      return EXIT.failed;
    }
    io.stderr(`reform: wrote ${out}\n`);
  }
  if (values.json) io.stdout(`${JSON.stringify(toLedgerJson(result), null, 2)}\n`);
  else if (command === "import") io.stdout(`${summarize(result).join("\n")}\n`);
  return EXIT.ok;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean" },
      issued: { type: "string" },
      region: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
