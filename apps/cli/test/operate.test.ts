/**
 * Every operator command against the real API (global setup): what it prints, its exit code, and
 * what the server holds afterwards — including refused roles, a stale version and an unreachable server.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@reform/api/client";
import { addDays, chinaDate } from "@reform/domain";
import { LedgerJson } from "@reform/ingest";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../src/Args.ts";
import { EXIT, main } from "../src/cli.ts";
import { adminToken, apiUrl, reform, tokenFor } from "./support/api.ts";

const root = join(import.meta.dirname, "../../..");
const SEED_001 = join(root, "seeds/001_1bcf024aac55a25f.txt");

interface Row {
  task: { id: string; planId: string; leads: string[]; cooperators: string[] };
  state: { status: string; percent: number };
  version: number;
}

const api = () => createClient(apiUrl(), { token: adminToken() });

async function task(id: string) {
  const res = await api().api.tasks[":taskId"].$get({ param: { taskId: id }, query: {} });
  return (await res.json()) as unknown as Row;
}

/** Leaf tasks not yet completed, with one lead unit each (fresh ones for each test). */
let pool: Row[] = [];
const take = () => {
  const row = pool.shift();
  if (!row) throw new Error("no more tasks to write to");
  return row;
};

const oneLine = (s: string) => s.trimEnd().split("\n").length === 1;

beforeAll(async () => {
  const res = await api().api.tasks.$get({ query: { kind: "task", state: "not-started,in-progress", limit: "100" } });
  const body = (await res.json()) as unknown as { items: Row[] };
  pool = body.items.filter((r) => r.task.leads.length === 1);
  expect(pool.length).toBeGreaterThan(10);
});

describe("reform status", () => {
  it("shows each plan with its percent as the API computes it, and --json gives the same", async () => {
    const plans = (await (await api().api.plans.$get({ query: { asOf: "2020-09-30" } })).json()) as unknown as {
      items: { plan: { id: string; title: string }; summary: { percent: number; byTimeliness: { overdue: number } } }[];
    };
    expect(plans.items).toHaveLength(4);
    const text = await reform(["status", "--as-of", "2020-09-30"]);
    expect(text.code).toBe(0);
    for (const p of plans.items) {
      const line = text.stdout.split("\n").find((l) => l.startsWith(p.plan.title.slice(0, 20)));
      expect(line, p.plan.title).toBeDefined();
      expect(line).toMatch(new RegExp(` ${Math.round(p.summary.percent)}%$`));
    }
    const json = await reform(["status", "--as-of", "2020-09-30", "--json"]);
    const parsed = JSON.parse(json.stdout) as { asOf: string; plans: { id: string; percent: number }[] };
    expect(parsed.asOf).toBe("2020-09-30");
    expect(parsed.plans.map((p) => [p.id, p.percent]).sort()).toEqual(
      plans.items.map((p) => [p.plan.id, p.summary.percent]).sort(),
    );
  });
});

describe("writes", () => {
  it("report posts the percent and note; the task's version moves on", async () => {
    const row = take();
    const before = await task(row.task.id);
    const run = await reform(["report", row.task.id, "--percent", "40", "--note", "推进中：测试"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe(`${row.task.id}: reported 40% — now in-progress, 40%, version ${before.version + 1}\n`);
    const after = await task(row.task.id);
    expect(after.version).toBe(before.version + 1);
    expect(after.state.percent).toBe(40);
  });

  it("a stale --expected-version is a 409: exit 5, one line, nothing written", async () => {
    const row = take();
    await reform(["report", row.task.id, "--percent", "10"]);
    const current = await task(row.task.id);
    const run = await reform([
      "report",
      row.task.id,
      "--percent",
      "20",
      "--expected-version",
      String(current.version - 1),
    ]);
    expect(run.code).toBe(EXIT.conflict);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/conflict \(409: .*\); current version \d+/);
    expect(oneLine(run.stderr)).toBe(true);
    expect((await task(row.task.id)).version).toBe(current.version);
  });

  it("roles: a viewer and a reporter of another unit are refused (exit 4); the lead's reporter completes, a supervisor closes", async () => {
    const row = take();
    const lead = row.task.leads[0]!;
    const viewer = await tokenFor("viewer");
    // Units are named with their region ("吉林省:省医保局"): the same name may be another body elsewhere.
    const plans = (await (await api().api.plans.$get({ query: {} })).json()) as unknown as {
      items: { plan: { id: string; region?: { name: string } } }[];
    };
    const region = plans.items.find((p) => p.plan.id === row.task.planId)?.plan.region?.name;
    const qualified = (unit: string) => (region ? `${region}:${unit}` : unit);
    // A real unit of the same plan with no part in this task.
    const other = pool
      .filter((r) => r.task.planId === row.task.planId)
      .flatMap((r) => r.task.leads)
      .find((u) => !row.task.leads.includes(u) && !row.task.cooperators.includes(u));
    const outsider = await tokenFor("reporter", [qualified(other!)]);
    const reporter = await tokenFor("reporter", [qualified(lead)]);
    const supervisor = await tokenFor("supervisor");

    const byViewer = await reform(["report", row.task.id, "--percent", "50"], { REFORM_TOKEN: viewer });
    expect(byViewer.code).toBe(EXIT.refused);
    expect(byViewer.stderr).toMatch(/not allowed \(403: /);
    expect(oneLine(byViewer.stderr)).toBe(true);

    const byOutsider = await reform(["report", row.task.id, "--percent", "50"], { REFORM_TOKEN: outsider });
    expect(byOutsider.code).toBe(EXIT.refused);

    const byReporterClose = await reform(["close", row.task.id], { REFORM_TOKEN: reporter });
    expect(byReporterClose.code).toBe(EXIT.refused);

    const complete = await reform(["complete", row.task.id, "--note", "已完成"], { REFORM_TOKEN: reporter });
    expect(complete.stderr).toBe("");
    expect(complete.code).toBe(0);
    expect(complete.stdout).toMatch(/completion reported — now completed, 100%/);

    const close = await reform(["close", row.task.id, "--reason", "核验通过"], { REFORM_TOKEN: supervisor });
    expect(close.code).toBe(0);
    expect((await task(row.task.id)).state.status).toBe("closed");

    const reopen = await reform(["reopen", row.task.id, "--reason", "复查发现问题"], { REFORM_TOKEN: supervisor });
    expect(reopen.code).toBe(0);
    expect((await task(row.task.id)).state.status).toBe("in-progress");
  });

  it("reject sends a completion back; extend grants a new due date (--json gives the API's answer)", async () => {
    const row = take();
    expect((await reform(["complete", row.task.id])).code).toBe(0);
    const reject = await reform(["reject", row.task.id, "--reason", "材料不全"]);
    expect(reject.code).toBe(0);
    expect(reject.stdout).toMatch(/completion rejected/);
    expect((await task(row.task.id)).state.status).not.toBe("completed");

    const due = addDays(chinaDate(new Date()), 90);
    const extend = await reform(["extend", row.task.id, "--to", due, "--reason", "疫情影响", "--json"]);
    expect(extend.code).toBe(0);
    expect(JSON.parse(extend.stdout).state.due).toBe(due);
  });

  it.each([
    [["report", "T"], /--percent is required/],
    [["report", "T", "--percent", "120"], /--percent must be a number from 0 to 100/],
    [["reject", "T"], /--reason is required/],
    [["extend", "T", "--to", "2020-02-30", "--reason", "x"], /--to must be a date/],
    [["extend", "T", "--to", "2021-01-01"], /--reason is required/],
    [["report", "T", "--percent", "5", "--expected-version", "x"], /--expected-version must be a whole number/],
    [["bulletin", "--format", "pdf"], /--format must be one of/],
    [["status", "--as-of", "yesterday"], /--as-of must be a date/],
  ])("bad input %j: exit 2, usage message, nothing sent", async (argv, message) => {
    const run = await reform(argv);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
  });

  it("an unknown task is a one-line failure (exit 1)", async () => {
    const run = await reform(["report", "no-such-task", "--percent", "5"]);
    expect(run.code).toBe(EXIT.failed);
    expect(run.stderr).toBe("reform: task no-such-task: task no-such-task does not exist\n");
  });
});

describe("progress and help", () => {
  it("shows progress on a terminal (stderr) and nothing when piped; the result line is the same", async () => {
    const row = take();
    const run = async (tty: boolean) => {
      let stdout = "";
      let stderr = "";
      const code = await main(["report", row.task.id, "--percent", "30"], {
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
        env: { REFORM_URL: apiUrl(), REFORM_TOKEN: adminToken() },
        stderrIsTTY: tty,
      });
      return { code, stdout, stderr };
    };
    const terminal = await run(true);
    expect(terminal.code).toBe(0);
    expect(terminal.stderr).toMatch(/reading task .*…/);
    expect(terminal.stderr.endsWith("\r\x1b[2K")).toBe(true);
    const piped = await run(false);
    expect(piped.stderr).toBe("");
    expect(piped.stdout).toMatch(/reported 30%/);
  });

  it("every command has complete help, and the bash completion script is valid bash naming them all", async () => {
    for (const spec of COMMANDS) {
      const help = await reform([spec.name, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: reform ${spec.name}`);
      for (const o of spec.options) expect(help.stdout).toContain(`--${o.name}`);
    }
    const script = (await reform(["completion", "bash"])).stdout;
    for (const spec of COMMANDS) expect(script).toContain(spec.name);
    const check = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    expect((await reform(["completion", "fish"])).code).toBe(EXIT.usage);
  });
});

describe("access and reachability", () => {
  it("a refused token is exit 4; an unreachable server exit 3; no server at all is a usage error", async () => {
    const bad = await reform(["report", "T", "--percent", "5"], { REFORM_TOKEN: "rl_not_a_token" });
    expect(bad.code).toBe(EXIT.refused);
    expect(bad.stderr).toMatch(/the server refused the token \(401/);

    const down = await reform(["status", "--server", "http://127.0.0.1:9"]);
    expect(down.code).toBe(EXIT.unreachable);
    expect(down.stderr).toMatch(/^reform: cannot reach the server at http:\/\/127\.0\.0\.1:9 \(/);
    expect(oneLine(down.stderr)).toBe(true);

    const none = await reform(["close", "T"], { REFORM_URL: undefined });
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(/no server: give --server URL or set REFORM_URL/);
  });
});

describe("bulletin and export", () => {
  const dir = mkdtempSync(join(tmpdir(), "reform-cli-out-"));

  it("bulletin: Markdown on stdout, HTML, JSON, and XLSX to a file or a pipe", async () => {
    const md = await reform(["bulletin", "--as-of", "2020-09-30"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# .*截至2020-09-30/);
    const html = await reform(["bulletin", "--as-of", "2020-09-30", "--format", "html"]);
    expect(html.stdout).toMatch(/<html/i);
    const json = JSON.parse((await reform(["bulletin", "--as-of", "2020-09-30", "--format", "json"])).stdout);
    expect(json.asOf).toBe("2020-09-30");
    expect(json.plans).toHaveLength(4);
    const out = join(dir, "b.xlsx");
    const file = await reform(["bulletin", "--format", "xlsx", "--out", out]);
    expect(file.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");
    const piped = await reform(["bulletin", "--format", "xlsx"]);
    expect(Buffer.from(piped.bytes[0]!).subarray(0, 2).toString()).toBe("PK");
  });

  it("export PLAN writes the server's ledger as JSON or CSV", async () => {
    const plans = (await (await api().api.plans.$get({ query: {} })).json()) as unknown as {
      items: { plan: { id: string } }[];
    };
    const planId = plans.items[0]!.plan.id;
    const json = await reform(["export", planId, "--format", "json"]);
    expect(json.code).toBe(0);
    expect(LedgerJson.parse(JSON.parse(json.stdout)).plan.id).toBe(planId);
    const csv = await reform(["export", planId, "--format", "csv"]);
    expect(csv.stdout.startsWith("\uFEFF#台账信息")).toBe(true);
    const missing = await reform(["export", "no-such-plan", "--format", "json"]);
    expect(missing.code).toBe(EXIT.failed);
    expect(missing.stderr).toMatch(/no-such-plan/);
  });
});

describe("reform import FILE to a server", () => {
  it("previews (diagnostics and diff, nothing changed), then --commit makes the next version; a viewer is refused", async () => {
    const preview = await reform(["import", SEED_001, "--json"]);
    expect(preview.code).toBe(0);
    const p = JSON.parse(preview.stdout) as {
      planId: string;
      currentVersion: number;
      diff: { summary: { unchanged: number } };
    };
    expect(p.currentVersion).toBeGreaterThanOrEqual(1);
    expect(p.diff.summary.unchanged).toBeGreaterThan(0);
    const versions = async () =>
      (
        (await (await api().api.plans[":planId"].versions.$get({ param: { planId: p.planId } })).json()) as unknown as {
          items: unknown[];
        }
      ).items.length;
    expect(await versions()).toBe(p.currentVersion);

    const text = await reform(["import", SEED_001]);
    expect(text.stdout).toMatch(/diagnostics: \d+ errors, \d+ warnings, \d+ info/);
    expect(text.stdout).toMatch(/preview only: nothing was changed/);

    const commit = await reform(["import", SEED_001, "--commit"]);
    expect(commit.code).toBe(0);
    expect(commit.stdout).toMatch(new RegExp(`committed as version ${p.currentVersion + 1} of plan ${p.planId}`));
    expect(await versions()).toBe(p.currentVersion + 1);

    const viewer = await reform(["import", SEED_001], { REFORM_TOKEN: await tokenFor("viewer") });
    expect(viewer.code).toBe(EXIT.refused);
  });

  it("without a server (or with --local) import reads the file here, as before", async () => {
    const local = await reform(["import", SEED_001, "--local"]);
    expect(local.code).toBe(0);
    expect(local.stdout).toMatch(/^推广福建省和三明市医改经验/);
    const none = await reform(["import", SEED_001, "--commit"], { REFORM_URL: undefined });
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(/--commit needs a server/);
  });
});
