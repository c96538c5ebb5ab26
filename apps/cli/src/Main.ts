/**
 * The `reform` command: the command table (Args.ts) parsed with node:util parseArgs, then one
 * function per command. `main` is pure of process globals: output goes through `io`, the exit code
 * is returned, so tests run it in-process. Each command loads what it needs when it runs (help and
 * usage errors load nothing heavy; a write does not load the importers).
 */
import {
  COMMANDS,
  type CommandSpec,
  commandHelp,
  commandNamed,
  completionScript,
  HELP,
  type Lang,
  langOf,
  parseCommand,
  type Values,
  WRITE_COMMANDS,
} from "./Args.ts";
import type { WriteCommand } from "./commands/Operate.ts";
import type { Source } from "./dashboard/Model.ts";
import type { Io } from "./Io.ts";
import { ApiFailure, type Connection, connect, EXIT, serverOf } from "./Server.ts";

export { EXIT } from "./Server.ts";
export { HELP } from "./Args.ts";
export type { Io } from "./Io.ts";

const usageError = (message: string) => new ApiFailure(message, EXIT.usage, "usage");
const str = (v: Values[string]) => (typeof v === "string" ? v : undefined);

function usage(io: Io, message: string, command?: string): number {
  io.stderr(`reform: ${message}\nTry 'reform ${command ? `help ${command}` : "--help"}'.\n`);
  return EXIT.usage;
}

/** Runs the command line `argv` (without node and the script). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) return usage(io, `missing command (${COMMANDS.map((c) => c.name).join(", ")})`);
  if (name === "--help" || name === "-h") {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (name === "help") {
    const topic = rest[0] === undefined ? undefined : commandNamed(rest[0]);
    if (rest[0] !== undefined && !topic) return usage(io, `unknown command '${rest[0]}'`);
    io.stdout(topic ? commandHelp(topic) : HELP);
    return EXIT.ok;
  }
  const spec = commandNamed(name);
  if (!spec) return usage(io, `unknown command '${name}'`);
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(spec, rest);
  } catch (e) {
    return usage(io, `${spec.name}: ${e instanceof Error ? e.message.split("\n")[0]! : String(e)}`, spec.name);
  }
  if (parsed.values.help) {
    io.stdout(commandHelp(spec));
    return EXIT.ok;
  }
  try {
    await checkCommon(parsed.values);
    return await run(spec, parsed.values, parsed.positionals, io);
  } catch (e) {
    if (e instanceof ApiFailure) {
      if (e.exit === EXIT.usage) return usage(io, e.message, spec.name);
      io.stderr(`reform: ${e.message}\n`);
      return e.exit;
    }
    throw e;
  }
}

/** Checks the options several commands share. */
async function checkCommon(values: Values): Promise<void> {
  if (values["as-of"] === undefined && values.issued === undefined && values.region === undefined) return;
  const { isValidIsoDate } = await import("@reform/domain");
  const asOf = str(values["as-of"]);
  if (asOf !== undefined && !isValidIsoDate(asOf)) throw usageError(`--as-of must be a date YYYY-MM-DD, got '${asOf}'`);
  const issued = str(values.issued);
  if (issued !== undefined && !isValidIsoDate(issued)) {
    throw usageError(`--issued must be a date YYYY-MM-DD, got '${issued}'`);
  }
  if (values.region !== undefined && str(values.region)?.trim() === "") throw usageError("--region must not be empty");
}

/** The server the command line names (flags, else the environment); undefined when none. */
function serverFrom(values: Values, io: Io): Connection | undefined {
  const found = serverOf({ server: str(values.server), token: str(values.token) }, io.env ?? {});
  if (found === undefined) return undefined;
  if ("error" in found) throw usageError(found.error);
  return connect(found.url, found.token, io.fetch);
}

function needServer(values: Values, io: Io, command: string): Connection {
  const conn = serverFrom(values, io);
  if (!conn) throw usageError(`${command}: no server: give --server URL or set REFORM_URL`);
  return conn;
}

/** Reads FILE for the local modes; a failure is one line. */
async function readLocal(file: string, values: Values) {
  const { importFilePath } = await import("@reform/ingest");
  const region = str(values.region)?.trim();
  const issued = str(values.issued);
  const result = await importFilePath(file, {
    ...(issued ? { issued } : {}),
    ...(region ? { region } : {}),
    ...(values["implied-deadlines"] === true ? { impliedDeadlines: true } : {}),
  });
  if (!result.ok) {
    const first = result.diagnostics.find((d) => d.severity === "error");
    throw new ApiFailure(`${result.error.message}${first ? ` (${first.message})` : ""}`, EXIT.failed, "input");
  }
  return result;
}

/** The dashboard's (and status's) source: FILE locally, else the server. */
export async function sourceFor(
  values: Values,
  file: string | undefined,
  io: Io,
  command: string,
  now?: () => Date,
): Promise<Source> {
  if (file !== undefined) {
    const result = await readLocal(file, values);
    const { fileSource } = await import("./dashboard/FileSource.ts");
    const reread = async () => (await readLocal(file, values)).ledger;
    return fileSource(result.ledger, { label: file, reread, ...(now ? { now } : {}) });
  }
  const conn = serverFrom(values, io);
  if (!conn) throw usageError(`${command}: no server: give --server URL or set REFORM_URL, or a FILE`);
  const { apiSource } = await import("./dashboard/ApiSource.ts");
  return apiSource(conn);
}

/** The labels' language for `command` ({@link langOf}); a value it does not know is a usage error. */
function langFor(values: Values, io: Io, command: string): Lang {
  try {
    return langOf(str(values.lang), io.env?.REFORM_LANG);
  } catch (e) {
    throw usageError(`${command}: ${(e as Error).message}`);
  }
}

async function run(spec: CommandSpec, values: Values, positionals: string[], io: Io): Promise<number> {
  const [first] = positionals;
  switch (spec.name) {
    case "status": {
      const lang = langFor(values, io, "status");
      const source = await sourceFor(values, first, io, "status", io.now);
      const snapshot = await source.load({ asOf: str(values["as-of"]), plan: str(values.plan) });
      const { statusJson, statusLines } = await import("./commands/Status.ts");
      const { stringsFor } = await import("./dashboard/Strings.ts");
      const columns = io.stdoutIsTTY ? (io.columns ?? 80) : 100;
      if (values.json) io.stdout(`${JSON.stringify(statusJson(snapshot, source.label), null, 2)}\n`);
      else io.stdout(`${statusLines(snapshot, source.label, columns, stringsFor(lang)).join("\n")}\n`);
      return EXIT.ok;
    }
    case "dashboard": {
      const lang = langFor(values, io, "dashboard");
      const source = await sourceFor(values, first, io, "dashboard", io.now);
      const { runDashboard } = await import("./dashboard/run.tsx");
      return runDashboard(source, {
        asOf: str(values["as-of"]),
        plan: str(values.plan),
        color: !values["no-color"] && !(io.env?.NO_COLOR ?? ""),
        lang,
      });
    }
    case "bulletin": {
      const { BULLETIN_FORMATS, runBulletin } = await import("./commands/Remote.ts");
      const format = str(values.format);
      if (format !== undefined && !(BULLETIN_FORMATS as readonly string[]).includes(format)) {
        throw usageError(`--format must be one of ${BULLETIN_FORMATS.join(", ")}, got '${format}'`);
      }
      if (first !== undefined) return localBulletin(first, values, io);
      return runBulletin(needServer(values, io, "bulletin"), values, io);
    }
    case "import":
    case "export":
      return importExport(spec.name, values, first!, io);
    case "completion": {
      const script = completionScript(first!);
      if (!script) throw usageError(`completion: unknown shell '${first}' (bash or zsh)`);
      io.stdout(script);
      return EXIT.ok;
    }
    default:
      if ((WRITE_COMMANDS as readonly string[]).includes(spec.name)) {
        const { runWrite } = await import("./commands/Operate.ts");
        return runWrite(spec.name as WriteCommand, needServer(values, io, spec.name), first!, values, io);
      }
      throw usageError(`unknown command '${spec.name}'`);
  }
}

/** `reform bulletin FILE`: the domain's bulletin model of a local file, rendered as the API renders it. */
async function localBulletin(file: string, values: Values, io: Io): Promise<number> {
  const result = await readLocal(file, values);
  const { buildBulletin, chinaDate } = await import("@reform/domain");
  const { computeFile } = await import("./dashboard/FileSource.ts");
  const { deliver } = await import("./commands/Remote.ts");
  const asOf = str(values["as-of"]) ?? chinaDate(io.now?.() ?? new Date());
  const source = computeFile(result.ledger, asOf);
  const bulletin = buildBulletin({
    tasks: source.tasks,
    computation: source.computation,
    plans: [{ id: result.ledger.plan.id, ledger: result.ledger }],
  });
  const render = await import("@reform/api/bulletin");
  const format = str(values.format) ?? "md";
  const body =
    format === "xlsx"
      ? await render.bulletinXlsx(bulletin)
      : new TextEncoder().encode(
          format === "html"
            ? render.bulletinHtml(bulletin)
            : format === "json"
              ? `${JSON.stringify(bulletin, null, 2)}\n`
              : render.bulletinMarkdown(bulletin),
        );
  return deliver(body, io, str(values.out), format === "xlsx", "the xlsx bulletin");
}

/** import/export: to or from a server when one is given (and not --local), else locally. */
async function importExport(command: "import" | "export", values: Values, file: string, io: Io): Promise<number> {
  const { FORMATS } = await import("./Args.ts");
  const format = str(values.format) as (typeof FORMATS)[number] | undefined;
  if (format !== undefined && !FORMATS.includes(format)) {
    throw usageError(`--format must be one of ${FORMATS.join(", ")}, got '${values.format}'`);
  }
  if (command === "export" && format === undefined) throw usageError("export: --format is required");
  const conn = values.local ? undefined : serverFrom(values, io);
  if (conn) {
    const { runRemoteExport, runRemoteImport } = await import("./commands/Remote.ts");
    if (command === "export") return runRemoteExport(conn, file, values, io);
    if (format !== undefined)
      throw usageError("import: --format writes a local file; use 'reform export PLAN' with a server");
    return runRemoteImport(conn, file, values, io);
  }
  if (values.commit) throw usageError("import: --commit needs a server (--server URL or REFORM_URL)");
  if (values.out !== undefined && format === undefined) throw usageError("--out needs --format");
  const result = await readLocal(file, values);
  const { defaultOutPath, writeLedgerFile } = await import("./Write.ts");
  if (format !== undefined) {
    const out = str(values.out) ?? defaultOutPath(file, format);
    const error = await writeLedgerFile(result.ledger, format, out);
    if (error) throw new ApiFailure(error, EXIT.failed, "output");
    io.stderr(`reform: wrote ${out}\n`);
  }
  const { toLedgerJson } = await import("@reform/ingest");
  const { summarize } = await import("./Summary.ts");
  if (values.json) io.stdout(`${JSON.stringify(toLedgerJson(result), null, 2)}\n`);
  else if (command === "import") io.stdout(`${summarize(result).join("\n")}\n`);
  return EXIT.ok;
}
