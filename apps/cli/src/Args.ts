/**
 * The command table: every command's arguments and options, from which the command line is parsed
 * (node:util `parseArgs`, strict), `reform --help` and `reform help COMMAND` are written and the
 * shell completion scripts are generated — one description, so they cannot drift apart.
 */
import { parseArgs } from "node:util";

export interface OptionSpec {
  readonly name: string;
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Placeholder for the value (`DATE`, `N`). */
  readonly value?: string;
  /** Values offered by shell completion. */
  readonly choices?: readonly string[];
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Positional arguments: `TASK`, `[FILE]`. */
  readonly args: readonly string[];
  readonly options: readonly OptionSpec[];
  /** Paragraphs after the options. */
  readonly notes?: string;
}

const server: OptionSpec[] = [
  { name: "server", type: "string", value: "URL", help: "the API's address (default: $REFORM_URL)" },
  { name: "token", type: "string", value: "TOKEN", help: "API token (default: $REFORM_TOKEN)" },
];
const asOf: OptionSpec = {
  name: "as-of",
  type: "string",
  value: "DATE",
  help: "compute every figure as of this date, YYYY-MM-DD (default: today, China time)",
};
const json: OptionSpec = { name: "json", type: "boolean", help: "print JSON on stdout, and nothing else" };
const plan: OptionSpec = { name: "plan", type: "string", value: "ID", help: "only these plan(s), comma-separated" };
const write: OptionSpec[] = [
  ...server,
  {
    name: "unit",
    type: "string",
    value: "UNIT",
    help: "the unit a reporter's token acts for (default: the first that may)",
  },
  {
    name: "expected-version",
    type: "string",
    value: "N",
    help: "the task version this write is based on (default: the task's current version, read first)",
  },
  { name: "json", type: "boolean", help: "print the API's answer as JSON" },
];
const help: OptionSpec = { name: "help", type: "boolean", short: "h", help: "show this help" };
const readOptions: OptionSpec[] = [
  {
    name: "issued",
    type: "string",
    value: "DATE",
    help: "the plan's issue date (YYYY-MM-DD); overrides the document's",
  },
  {
    name: "region",
    type: "string",
    value: "NAME",
    help: "the plan's region (吉林省, 萍乡市); overrides the document's",
  },
  {
    name: "implied-deadlines",
    type: "boolean",
    help: "give undated items of a list whose title names one year that year's end (marked implied)",
  },
];

/** The commands that write to a task (they share their options and their handling). */
export const WRITE_COMMANDS = ["report", "complete", "close", "reject", "reopen", "extend"] as const;

/** The languages of the dashboard and `status` (`--lang`, `$REFORM_LANG`); the first is the default. */
export const LANGS = ["zh-CN", "en"] as const;
export type Lang = (typeof LANGS)[number];

/**
 * The labels' language: `--lang`, else `$REFORM_LANG`, else zh-CN. Throws naming the value refused
 * and the accepted ones.
 */
export function langOf(flag: string | undefined, env: string | undefined): Lang {
  const [value, where] = flag !== undefined ? [flag, "--lang"] : [env || undefined, "REFORM_LANG"];
  if (value === undefined) return LANGS[0];
  if ((LANGS as readonly string[]).includes(value)) return value as Lang;
  throw new Error(`${where} must be one of ${LANGS.join(", ")}, got '${value}'`);
}

const lang: OptionSpec = {
  name: "lang",
  type: "string",
  value: "LANG",
  choices: LANGS,
  help: "the labels' language: zh-CN (default) or en (also: REFORM_LANG)",
};

/** Ledger file formats `import --format` and `export --format` write. */
export const FORMATS = ["xlsx", "csv", "json"] as const;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "dashboard",
    summary: "the interactive terminal dashboard (a server, or a FILE with no server)",
    args: ["[FILE]"],
    options: [
      ...server,
      asOf,
      plan,
      { name: "no-color", type: "boolean", help: "no colours (also: NO_COLOR=1)" },
      lang,
      ...readOptions,
      help,
    ],
    notes: `With FILE (a document, .xlsx, .csv or ledger .json) everything is computed locally by
@reform/domain; without it the dashboard reads the API at --server / $REFORM_URL and follows its
event stream. Keys: ←/→ or tab switch screens, ↑/↓ or j/k move, enter opens a task, esc goes back,
/ searches, f filters, a sets the as-of date, r refreshes, ? shows help, q quits.
Labels are in Chinese (zh-CN) unless --lang en or REFORM_LANG=en; the data is shown as it is.`,
  },
  {
    name: "status",
    summary: "one screen of status: each plan's progress, timeliness and RAG counts",
    args: ["[FILE]"],
    options: [...server, asOf, plan, json, lang, ...readOptions, help],
    notes: `Without FILE it asks the server; with FILE it computes locally. Labels are in Chinese
(zh-CN) unless --lang en or REFORM_LANG=en; --json is the same in both.`,
  },
  {
    name: "report",
    summary: "post a progress report on a task",
    args: ["TASK"],
    options: [
      { name: "percent", type: "string", value: "N", help: "percent done, 0–100 (required)" },
      { name: "note", type: "string", value: "TEXT", help: "the narrative (进展情况)" },
      {
        name: "period",
        type: "string",
        value: "PERIOD",
        help: "the period reported on (recurring tasks: 2020, 2020-Q2)",
      },
      ...write,
      help,
    ],
  },
  {
    name: "complete",
    summary: "report a task completed (已完成; a lead unit's reporter or an admin)",
    args: ["TASK"],
    options: [
      { name: "note", type: "string", value: "TEXT", help: "the narrative" },
      { name: "period", type: "string", value: "PERIOD", help: "the occurrence completed (recurring tasks)" },
      ...write,
      help,
    ],
  },
  {
    name: "close",
    summary: "close a completed task out (销号; supervisors and admins)",
    args: ["TASK"],
    options: [{ name: "reason", type: "string", value: "TEXT", help: "why (optional)" }, ...write, help],
  },
  {
    name: "reject",
    summary: "reject a completion (退回; supervisors and admins)",
    args: ["TASK"],
    options: [{ name: "reason", type: "string", value: "TEXT", help: "why (required)" }, ...write, help],
  },
  {
    name: "reopen",
    summary: "reopen a completed or closed task (supervisors and admins)",
    args: ["TASK"],
    options: [{ name: "reason", type: "string", value: "TEXT", help: "why (required)" }, ...write, help],
  },
  {
    name: "extend",
    summary: "extend a task's deadline (延期; supervisors and admins; the original is kept)",
    args: ["TASK"],
    options: [
      { name: "to", type: "string", value: "DATE", help: "the new due date, YYYY-MM-DD (required)" },
      { name: "reason", type: "string", value: "TEXT", help: "why (required)" },
      ...write,
      help,
    ],
  },
  {
    name: "bulletin",
    summary: "the bulletin (通报) as of a date: ranking, overdue and stale items, indicators",
    args: ["[FILE]"],
    options: [
      ...server,
      asOf,
      plan,
      {
        name: "format",
        type: "string",
        value: "FORMAT",
        choices: ["md", "html", "xlsx", "json"],
        help: "md (default), html, xlsx or json",
      },
      {
        name: "out",
        type: "string",
        value: "PATH",
        help: "write to PATH instead of stdout (required for xlsx on a terminal)",
      },
      help,
    ],
  },
  {
    name: "import",
    summary: "read a document into a ledger (locally), or upload it to a server: preview, then --commit",
    args: ["FILE"],
    options: [
      ...server,
      { name: "commit", type: "boolean", help: "server: commit the preview as the plan's next version" },
      { name: "local", type: "boolean", help: "read locally even when $REFORM_URL is set" },
      {
        name: "json",
        type: "boolean",
        help: "print the ledger (local) or the preview (server) as JSON, and nothing else",
      },
      ...readOptions,
      {
        name: "format",
        type: "string",
        value: "FORMAT",
        choices: ["xlsx", "csv", "json"],
        help: "local: also write the ledger to a file: xlsx, csv or json",
      },
      {
        name: "out",
        type: "string",
        value: "PATH",
        help: "where --format writes (default: next to FILE, <name>.ledger.<format>)",
      },
      help,
    ],
    notes: `Local or server: with --server URL, or $REFORM_URL set (and no --local), FILE is uploaded to
that server: the preview (diagnostics and the difference from the plan's current version) is
printed, and nothing changes until you run it again with --commit. Otherwise FILE is read here and
summarised (or written with --format); nothing is sent anywhere.

FILE is a document (.txt, .md: UTF-8 or GB18030), a spreadsheet ledger (.xlsx, .csv) or a ledger
written with --format json.`,
  },
  {
    name: "export",
    summary: "write a ledger as xlsx, csv or json: a plan from the server, or a local FILE",
    args: ["PLAN|FILE"],
    options: [
      ...server,
      { name: "local", type: "boolean", help: "read FILE locally even when $REFORM_URL is set" },
      {
        name: "format",
        type: "string",
        value: "FORMAT",
        choices: ["xlsx", "csv", "json"],
        help: "xlsx, csv or json (required)",
      },
      {
        name: "out",
        type: "string",
        value: "PATH",
        help: "where to write (server default: stdout for csv/json, PLAN.xlsx for xlsx; local default: next to FILE)",
      },
      ...readOptions,
      help,
    ],
    notes:
      "Same rule as import: with --server or $REFORM_URL (and no --local) the argument is a plan id on the server.",
  },
  {
    name: "completion",
    summary: "print a shell completion script (bash or zsh)",
    args: ["SHELL"],
    options: [help],
    notes: 'bash: eval "$(reform completion bash)"   zsh: eval "$(reform completion zsh)"',
  },
];

export const commandNamed = (name: string) => COMMANDS.find((c) => c.name === name);

function optionLine(o: OptionSpec): string {
  const flag = `${o.short ? `-${o.short}, ` : ""}--${o.name}${o.value ? ` ${o.value}` : ""}`;
  return `  ${flag.padEnd(26)} ${o.help}`;
}

/** `reform COMMAND --help`. */
export function commandHelp(spec: CommandSpec): string {
  const optional = spec.options.filter((o) => o.name !== "help");
  const lines = [
    `reform ${spec.name} — ${spec.summary}`,
    "",
    `Usage: reform ${spec.name}${spec.args.length ? ` ${spec.args.join(" ")}` : ""}${optional.length ? " [options]" : ""}`,
    "",
    "Options:",
    ...spec.options.map(optionLine),
  ];
  if (spec.notes) lines.push("", spec.notes);
  lines.push("", EXIT_HELP);
  return `${lines.join("\n")}\n`;
}

const EXIT_HELP =
  "Exit status: 0 done, 1 failed or refused by the rules, 2 usage error, 3 server unreachable,\n4 token or role refused (401/403), 5 conflict: the task changed meanwhile (409).";

/** `reform --help`. */
export const HELP = `reform — run Chinese reform task lists (改革任务台账) as a ledger

Usage: reform COMMAND [arguments] [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(11)} ${c.summary}`).join("\n")}
  help [CMD]  show this help, or a command's

Server: commands that talk to the API take --server URL and --token TOKEN, or read $REFORM_URL and
$REFORM_TOKEN. import and export work locally unless a server is given (see 'reform help import').
Output: results go to stdout; messages, progress (on a terminal only) and errors go to stderr.

${EXIT_HELP}
`;

export type Values = Record<string, string | boolean | undefined>;

/** Parses `argv` (after the command name) against `spec`; throws with a one-line message. */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): { values: Values; positionals: string[] } {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const o of spec.options) options[o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
  const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  const values = parsed.values as Values;
  if (!values.help) {
    const max = spec.args.length;
    const required = spec.args.filter((a) => !a.startsWith("[")).length;
    if (parsed.positionals.length > max) throw new Error(`unexpected argument '${parsed.positionals[max]}'`);
    if (parsed.positionals.length < required) {
      throw new Error(`missing ${spec.args[parsed.positionals.length]}`);
    }
  }
  return { values, positionals: parsed.positionals };
}

/** A completion script for `shell`; undefined for shells not supported. */
export function completionScript(shell: string): string | undefined {
  const names = [...COMMANDS.map((c) => c.name), "help"];
  if (shell === "bash") {
    const cases = COMMANDS.map((c) => {
      const flags = c.options.map((o) => `--${o.name}`).join(" ");
      const choices = c.options
        .filter((o) => o.choices)
        .map((o) => `      --${o.name}) COMPREPLY=($(compgen -W "${o.choices!.join(" ")}" -- "$cur")); return;;`)
        .join("\n");
      return `    ${c.name})\n      case "$prev" in\n${choices ? `${choices}\n` : ""}      esac\n      COMPREPLY=($(compgen -W "${flags}" -- "$cur"))\n      [[ "$cur" != -* ]] && COMPREPLY+=($(compgen -f -- "$cur"));;`;
    }).join("\n");
    return `# bash completion for reform: eval "$(reform completion bash)"
_reform() {
  local cur prev cmd
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${names.join(" ")} --help" -- "$cur"))
    return
  fi
  case "$cmd" in
${cases}
    help) COMPREPLY=($(compgen -W "${names.join(" ")}" -- "$cur"));;
  esac
}
complete -o default -F _reform reform
`;
  }
  if (shell === "zsh") {
    const described = COMMANDS.map((c) => `'${c.name}:${c.summary.replace(/'/g, "")}'`).join(" ");
    const cases = COMMANDS.map((c) => {
      const flags = c.options
        .map(
          (o) =>
            `'--${o.name}[${o.help.replace(/[[\]']/g, "")}]${o.type === "string" ? `:${o.value ?? "value"}:${o.choices ? `(${o.choices.join(" ")})` : "_files"}` : ""}'`,
        )
        .join(" ");
      return `    ${c.name}) _arguments ${flags} '*:file:_files';;`;
    }).join("\n");
    return `#compdef reform
# zsh completion for reform: eval "$(reform completion zsh)"
_reform() {
  if (( CURRENT == 2 )); then
    local -a cmds; cmds=(${described} 'help:show help')
    _describe command cmds
    return
  fi
  case "$words[2]" in
${cases}
  esac
}
compdef _reform reform
`;
  }
  return undefined;
}
