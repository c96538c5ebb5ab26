import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { computeLedger } from "@reform/domain";
import { importFilePath, LedgerJson } from "@reform/ingest";
import { beforeAll, describe, expect, it } from "vitest";
import { langOf } from "../src/Args.ts";
import { main } from "../src/cli.ts";
import { width } from "../src/Text.ts";

const root = join(import.meta.dirname, "../../..");
const seed = (name: string) => join(root, "seeds", name);
const SEED_000 = seed("000_c83e502a6d759c52.txt");
const SEED_001 = seed("001_1bcf024aac55a25f.txt");

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "reform-cli-"));
});

describe("reform import", () => {
  it("prints a readable summary: metadata, counts, a tree and diagnostics", async () => {
    const { code, stdout, stderr } = await run("import", SEED_000);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("吉林省推广福建省和三明市医改经验深化医改工作任务施工图");
    expect(stdout).toContain("8 sections · 28 subsections · 55 tasks");
    expect(lines).toContain("一 切实加强医改组织领导 (8 tasks)");
    expect(stdout).toMatch(/ {4}- 1\. 省级医改领导小组组长由省长担任.*\[2020-01-31\] — 省医改领导小组秘书处/);
    expect(stdout).toMatch(/^Diagnostics: \d+ errors?, \d+ warnings?, \d+ info$/m);
    expect(stdout).toMatch(
      /^ {2}read 9\d% of the document's text into items \(\d+ of \d+ characters outside its head\)$/m,
    );
    expect(stdout).not.toContain("WARNING");
  });

  it("--json prints the JSON contract on stdout and nothing else", async () => {
    const { code, stdout, stderr } = await run("import", SEED_001, "--json");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const json = LedgerJson.parse(JSON.parse(stdout));
    expect(json.plan).toMatchObject({ docNumber: "晋医改组发〔2019〕1号", issuedOn: "2019-12-26", region: "山西省" });
    expect(json.indicators).toHaveLength(4);
    expect(json.coverage?.share).toBeGreaterThan(0.9);
    expect(json.tasks.find((t) => t.text.includes("开展省级集中带量采购"))?.leads).toEqual(["省医保局"]);
  });

  it("--issued and --region override the document", async () => {
    const { stdout } = await run("import", SEED_001, "--json", "--issued", "2020-03-01", "--region", "太原市");
    const json = LedgerJson.parse(JSON.parse(stdout));
    expect(json.plan.issuedOn).toBe("2020-03-01");
    expect(json.plan.region).toBe("太原市");
  });

  it("--implied-deadlines gives undated items of a one-year list that year's end", async () => {
    const file = join(dir, "清单.txt");
    writeFileSync(file, "萍乡市2023年深化医改重点工作任务清单\n\n1. 推进分级诊疗。（市卫健委负责）\n");
    const plain = LedgerJson.parse(JSON.parse((await run("import", file, "--json")).stdout));
    const implied = LedgerJson.parse(JSON.parse((await run("import", file, "--json", "--implied-deadlines")).stdout));
    const task = (json: typeof plain) => json.tasks.find((t) => t.text.includes("推进分级诊疗"));
    expect(task(plain)?.deadline).toBeNull();
    expect(task(implied)?.deadline).toMatchObject({ kind: "due", due: "2023-12-31" });
  });

  it("--format writes XLSX, CSV and JSON ledgers that import back to the same JSON", async () => {
    const original = JSON.parse((await run("import", SEED_000, "--json")).stdout);
    for (const format of ["xlsx", "csv", "json"]) {
      const out = join(dir, `000.${format}`);
      const written = await run("import", SEED_000, "--format", format, "--out", out);
      expect(written.code).toBe(0);
      expect(written.stderr).toBe(`reform: wrote ${out}\n`);
      const back = await run("import", out, "--json");
      expect(back.code).toBe(0);
      // The ledger comes back unchanged; the document's diagnostics and reading figures are not part of it.
      const ledgerOnly = (json: object) => ({ ...json, diagnostics: [], warnings: [], coverage: undefined });
      expect(ledgerOnly(JSON.parse(back.stdout))).toEqual(ledgerOnly(original));
    }
  });

  it("--format without --out writes next to the input; export requires --format", async () => {
    const input = join(dir, "001.txt");
    copyFileSync(SEED_001, input);
    const { code, stdout } = await run("export", input, "--format", "csv");
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(readFileSync(join(dir, "001.ledger.csv"), "utf8").startsWith("\uFEFF#台账信息")).toBe(true);
    expect((await run("export", input)).code).toBe(2);
  });
});

describe("file mode: status and bulletin computed locally by @reform/domain", () => {
  const SEED_002 = seed("002_84b7797c4af70c34.txt");
  const asOf = "2017-12-31";
  const computed = async () => {
    const read = await importFilePath(SEED_002);
    if (!read.ok) throw new Error(read.error.message);
    return { ledger: read.ledger, c: computeLedger({ tasks: read.ledger.tasks, events: [], asOf }) };
  };

  it("status FILE shows the plan's percent and counts; --json gives the domain's summary", async () => {
    const { ledger, c } = await computed();
    const summary = c.plans.get(ledger.plan.id)!;
    const text = await run("status", SEED_002, "--as-of", asOf);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^萍乡市.* ${Math.round(summary.percent)}%$`, "m"));
    // Labelled in Chinese by default; every line within the 100 columns of a non-terminal.
    expect(text.stdout).toMatch(/^改革任务台账 · .* · 时点 2017-12-31$/m);
    expect(text.stdout).toContain(`逾期${summary.byTimeliness.overdue}  即将到期${summary.byTimeliness["due-soon"]}`);
    expect(text.stdout).toContain(
      `逾期 ${summary.byTimeliness.overdue} 项 · 即将到期 ${summary.byTimeliness["due-soon"]} 项`,
    );
    const rows = text.stdout.split("\n").filter((line) => /逾期\d+天$/.test(line));
    expect(rows).toHaveLength(Math.min(10, summary.byTimeliness.overdue));
    // The days column ends on the same cell in every row.
    expect(new Set(rows.map((line) => width(line))).size).toBe(1);
    for (const line of text.stdout.split("\n")) expect(width(line)).toBeLessThanOrEqual(100);
    expect(text.stdout).not.toMatch(/overdue|items|more/);
    const english = await run("status", SEED_002, "--as-of", asOf, "--lang", "en");
    expect(english.stdout).toContain(
      `overdue ${summary.byTimeliness.overdue} · soon ${summary.byTimeliness["due-soon"]}`,
    );
    expect(english.stdout).toMatch(/^Reform Ledger · .* · as of 2017-12-31$/m);
    expect(english.stdout).toContain(`Overdue: ${summary.byTimeliness.overdue} · due soon:`);
    const json = JSON.parse((await run("status", SEED_002, "--as-of", asOf, "--json")).stdout);
    expect(json.plans[0].summary).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(json.overdueTotal).toBe(summary.byTimeliness.overdue);
  });

  it("bulletin FILE renders the domain's bulletin as Markdown, JSON or XLSX", async () => {
    const { c } = await computed();
    const md = await run("bulletin", SEED_002, "--as-of", asOf);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# .*截至2017-12-31/);
    const json = JSON.parse((await run("bulletin", SEED_002, "--as-of", asOf, "--format", "json")).stdout);
    expect(json.overdue).toHaveLength(c.summary.byTimeliness.overdue);
    const out = join(dir, "bulletin.xlsx");
    expect((await run("bulletin", SEED_002, "--format", "xlsx", "--out", out)).code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");
  });
});

describe("failures: one clear line on stderr, nothing on stdout", () => {
  const cases: [string, () => string, RegExp][] = [
    ["a missing file", () => join(dir, "nope.txt"), /nope\.txt: no such file/],
    ["an empty file", () => write("empty.txt", ""), /empty\.txt is empty/],
    ["a binary file", () => write("image.txt", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])), /binary/],
    ["a directory", () => dir, /is a directory/],
    ["a CSV without task columns", () => write("people.csv", "姓名,电话\n张力,1\n"), /找不到任务表头/],
    ["a file that is not a ledger JSON", () => write("x.json", '{"a":1}'), /not a ledger/],
  ];
  function write(name: string, data: string | Uint8Array): string {
    const path = join(dir, name);
    writeFileSync(path, data);
    return path;
  }
  it.each(cases)("%s exits 1", async (_name, file, message) => {
    const { code, stdout, stderr } = await run("import", file(), "--json");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it.each([
    [["import"], /missing FILE/],
    [["frobnicate", "x"], /unknown command/],
    [["import", "x", "--issued", "2020-02-30"], /--issued must be a date/],
    [["import", "x", "--format", "pdf"], /--format must be one of/],
    [["import", "x", "--bogus"], /Unknown option '--bogus'/],
  ])("usage error %j exits 2", async (argv, message) => {
    const { code, stdout, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
  });

  it("--help prints usage and exits 0", async () => {
    const { code, stdout } = await run("--help");
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: reform COMMAND");
    for (const command of ["dashboard", "status", "report", "import", "export", "bulletin"])
      expect(stdout).toContain(`  ${command} `);
  });
});

describe("reform dashboard --lang (and status --lang)", () => {
  async function runEnv(env: Record<string, string>, ...argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
    return { code, stdout, stderr };
  }

  it("refuses an unknown --lang, naming it and the accepted values, before reading anything", async () => {
    const { code, stdout, stderr } = await runEnv({}, "dashboard", join(dir, "nope.txt"), "--lang", "xx");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^reform: dashboard: --lang must be one of zh-CN, en, got 'xx'\n/);
  });

  it("refuses an unknown REFORM_LANG the same way; --lang wins over it", async () => {
    const refused = await runEnv({ REFORM_LANG: "fr" }, "dashboard", join(dir, "nope.txt"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/REFORM_LANG must be one of zh-CN, en, got 'fr'/);
    const flag = await runEnv({ REFORM_LANG: "fr" }, "dashboard", join(dir, "nope.txt"), "--lang", "en");
    expect(flag.stderr).not.toMatch(/REFORM_LANG/);
    expect(flag.stderr).toMatch(/nope\.txt: no such file/);
  });

  it("chooses --lang, else REFORM_LANG, else zh-CN", () => {
    expect(langOf("en", "zh-CN")).toBe("en");
    expect(langOf(undefined, "en")).toBe("en");
    expect(langOf(undefined, undefined)).toBe("zh-CN");
    expect(langOf(undefined, "")).toBe("zh-CN");
  });

  it("is in the help of the dashboard and of status, and status refuses an unknown one too", async () => {
    for (const command of ["dashboard", "status"]) {
      const { stdout } = await run(command, "--help");
      expect(stdout).toMatch(/--lang LANG +the labels' language: zh-CN \(default\) or en/);
    }
    const refused = await runEnv({}, "status", join(dir, "nope.txt"), "--lang", "xx");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^reform: status: --lang must be one of zh-CN, en, got 'xx'\n/);
  });
});

describe("as a process", () => {
  // Runs the CLI's source with Node's type stripping; workspace packages resolve to their sources.
  const exec = (...args: string[]) =>
    promisify(execFile)(
      process.execPath,
      ["--conditions=@reform/source", join(import.meta.dirname, "../src/cli.ts"), ...args],
      {
        cwd: root,
        maxBuffer: 32 * 1024 * 1024,
      },
    );

  it("import --json writes only JSON to stdout and exits 0", async () => {
    const { stdout, stderr } = await exec("import", "seeds/001_1bcf024aac55a25f.txt", "--json");
    expect(stderr).toBe("");
    expect(LedgerJson.safeParse(JSON.parse(stdout)).success).toBe(true);
  }, 30_000);

  it("exits 1 with one line on stderr when the file is missing", async () => {
    const error = await exec("import", "seeds/none.txt").catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 1, stdout: "", stderr: "reform: seeds/none.txt: no such file\n" });
  }, 30_000);
});
