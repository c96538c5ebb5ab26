/**
 * End to end: the BUILT `reform` command (dist/cli.js) runs `reform dashboard` in a real terminal
 * (tmux, 80×24) against the real API of the global setup. Keys are sent with `tmux send-keys` and
 * the screen read with `tmux capture-pane`. Needs tmux: when it is missing the suite fails under
 * CI=true and is skipped loudly otherwise.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { createClient } from "@reform/api/client";
import { computeLedger } from "@reform/domain";
import { importDocument } from "@reform/ingest";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, apiUrl, reform } from "./support/api.ts";

const cliDir = join(import.meta.dirname, "..");
const CLI = join(cliDir, "dist/cli.js");
const SOCKET = `reform-e2e-${process.pid}`;
const AS_OF = "2020-09-30";

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
if (!hasTmux) {
  const message = "tmux is not installed: the terminal end-to-end tests cannot run (apt-get install tmux)";
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n*** SKIPPED: ${message} ***\n`);
}

function tmux(...args: string[]): string {
  // The dashboard runs as in an operator's terminal: no colour overrides, and not "in CI" (where
  // colour libraries turn colour off whatever the terminal can show); its language as each test says.
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.CI;
  delete env.REFORM_LANG;
  const r = spawnSync("tmux", ["-L", SOCKET, "-f", "/dev/null", ...args], { encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`tmux ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

const screen = (session: string, escapes = false) =>
  tmux("capture-pane", "-p", ...(escapes ? ["-e"] : []), "-t", session);

async function waitFor(session: string, check: (text: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const text = screen(session);
    if (check(text)) return text;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const keys = (session: string, ...k: string[]) => tmux("send-keys", "-t", session, ...k);

/** The newest source file's time: the built command must be at least as new. */
function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(entry.parentPath, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function start(session: string, env: string) {
  const command = `${env} ${process.execPath} ${CLI} dashboard --server ${apiUrl()} --token ${adminToken()} --as-of ${AS_OF}; echo "__EXIT__ $?"; sleep 600`;
  tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command);
}

const plansLine = (text: string) => text.split("\n").filter((l) => /█.* \d+%\s*$/.test(l) || /░.* \d+%\s*$/.test(l));
const COLOUR = /\x1b\[(?:\d+;)*(?:3[0-7]|9[0-7]|38)(?:;\d+)*m/;

describe.skipIf(!hasTmux)("reform dashboard in a terminal (tmux, built command, real API)", () => {
  let plans: { plan: { id: string; title: string }; summary: { percent: number } }[];

  beforeAll(async () => {
    let dist = 0;
    try {
      dist = statSync(CLI).mtimeMs;
    } catch {}
    if (dist < newest(join(cliDir, "src"))) {
      // Not built, or older than the sources (a direct `vitest` run): build it the way `turbo build` does.
      const tsup = spawnSync(join(cliDir, "node_modules/.bin/tsup"), {
        cwd: cliDir,
        encoding: "utf8",
        env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
      });
      if (tsup.status !== 0) throw new Error(`could not build the command: ${tsup.stderr}`);
    }
    const client = createClient(apiUrl(), { token: adminToken() });
    plans = (
      (await (await client.api.plans.$get({ query: { asOf: AS_OF } })).json()) as unknown as { items: typeof plans }
    ).items;
    expect(plans).toHaveLength(4);
  }, 120_000);

  afterAll(() => {
    spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  });

  it("80×24: the four plans with their percentages, keys between screens, a report from another client live, resize, q leaves the terminal clean", async () => {
    const s = "colour";
    // English labels, as asked in the environment (REFORM_LANG=en).
    start(s, "REFORM_LANG=en");
    const overview = await waitFor(s, (t) => plansLine(t).length === 4, "the four plans");
    for (const p of plans) {
      const line = overview
        .split("\n")
        .find((l) => l.startsWith(`▸ ${p.plan.title.slice(0, 10)}`) || l.startsWith(`  ${p.plan.title.slice(0, 10)}`));
      expect(line, p.plan.title).toMatch(new RegExp(` ${Math.round(p.summary.percent)}%\\s*$`));
    }
    for (const l of overview.split("\n")) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    expect(tmux("display", "-p", "-t", s, "#{alternate_on}").trim()).toBe("1");
    expect(screen(s, true)).toMatch(COLOUR);
    await waitFor(s, (t) => t.includes("● live"), "the live event stream");

    keys(s, "Tab");
    await waitFor(s, (t) => t.includes("[2 Overdue]") && t.includes("Overdue, most days first:"), "the overdue screen");
    keys(s, "4");
    await waitFor(s, (t) => t.includes("[4 Departments]") && /department +led +done/.test(t), "the departments screen");
    keys(s, "Left", "Left");
    await waitFor(s, (t) => t.includes("[2 Overdue]"), "back to overdue with ←");

    // The task the overdue list shows first (the API's order: most days overdue first).
    const client = createClient(apiUrl(), { token: adminToken() });
    const page = (await (
      await client.api.tasks.$get({
        query: { asOf: AS_OF, timeliness: "overdue", kind: "task,milestone", limit: "200" },
      })
    ).json()) as unknown as { items: { task: { id: string }; timeliness: { daysOverdue: number } }[] };
    const first = [...page.items].sort((a, b) => b.timeliness.daysOverdue - a.timeliness.daysOverdue)[0]!;
    keys(s, "Enter");
    await waitFor(s, (t) => t.includes("deadline:") && t.includes("reports and transitions"), "the task detail");

    const note = `live-${Date.now() % 100000}`;
    const posted = await reform(["report", first.task.id, "--percent", "61", "--note", note]);
    expect(posted.code).toBe(0);
    await waitFor(s, (t) => t.includes(note), "the report posted by another client");

    keys(s, "Escape");
    // (esc then a key at once would read as alt+key, as in any terminal program)
    await waitFor(s, (t) => t.includes("[2 Overdue]"), "the list again after esc");
    keys(s, "1");
    await waitFor(s, (t) => t.includes("[1 Overview]"), "the overview again");
    tmux("resize-window", "-t", s, "-x", "100", "-y", "30");
    const wide = await waitFor(
      s,
      (t) => plansLine(t).some((l) => stringWidth(l.trimEnd()) === 100),
      "the reflowed overview",
    );
    expect(plansLine(wide)).toHaveLength(4);

    keys(s, "q");
    const after = await waitFor(s, (t) => t.includes("__EXIT__"), "the command to end");
    expect(after).toContain("__EXIT__ 0");
    expect(after).not.toContain("Reform Ledger ·");
    expect(tmux("display", "-p", "-t", s, "#{alternate_on}").trim()).toBe("0");
  }, 90_000);

  it("zh-CN by default, on a seed file: overdue and departments in Chinese, every line within 80 cells", async () => {
    const s = "zh";
    const file = join(cliDir, "../../seeds/002_84b7797c4af70c34.txt");
    const asOf = "2017-12-31";
    const result = importDocument(readFileSync(file), { fileName: "002.txt" });
    if (!result.ok) throw new Error(result.error.message);
    const c = computeLedger({ tasks: result.ledger.tasks, events: [], asOf });
    const overdue = c.plans.get(result.ledger.plan.id)!.byTimeliness.overdue;
    tmux(
      "new-session",
      ...["-d", "-s", s, "-x", "80", "-y", "24"],
      `NO_COLOR=1 ${process.execPath} ${CLI} dashboard ${file} --as-of ${asOf}; echo "__EXIT__ $?"; sleep 600`,
    );
    const within80 = (text: string) => {
      for (const l of text.split("\n")) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
    };
    const first = await waitFor(s, (t) => t.includes("[1 总览]") && /\d+%\s*$/m.test(t), "the overview");
    expect(first.split("\n")[0]).toContain(`改革任务台账 · ${file.slice(0, 20)}`);
    expect(first).toMatch(/ · 时点 2017-12-31/);
    within80(first);

    keys(s, "2");
    const list = await waitFor(s, (t) => t.includes("[2 逾期]"), "the overdue screen");
    expect(list).toContain(`逾期任务（逾期天数多者在前）：共 ${overdue} 项`);
    const rows = list.split("\n").filter((l) => /逾期\d+天\s*$/.test(l));
    expect(rows).toHaveLength(overdue);
    // The days column ends on the same terminal cell on every row.
    expect(new Set(rows.map((l) => stringWidth(l.trimEnd()))).size).toBe(1);
    expect(list).not.toMatch(/Overdue|d over|screens|quit/);
    within80(list);

    keys(s, "4");
    const departments = await waitFor(s, (t) => t.includes("[4 部门]"), "the departments screen");
    expect(departments).toMatch(/名次 +部门 +牵头 +完成 +逾期完成 +逾期 +逾期天数 +按期率/);
    expect(departments).toContain(c.ranking[0]!.scorecard.unit);
    expect(departments).not.toMatch(/department|led|rate/);
    within80(departments);

    keys(s, "q");
    expect(await waitFor(s, (t) => t.includes("__EXIT__"), "the command to end")).toContain("__EXIT__ 0");
  }, 60_000);

  it("NO_COLOR=1: the same overview without any colour", async () => {
    const s = "nocolor";
    start(s, "NO_COLOR=1");
    await waitFor(s, (t) => plansLine(t).length === 4, "the four plans");
    expect(screen(s, true)).not.toMatch(COLOUR);
    keys(s, "q");
    expect(await waitFor(s, (t) => t.includes("__EXIT__"), "the command to end")).toContain("__EXIT__ 0");
  }, 60_000);
});
