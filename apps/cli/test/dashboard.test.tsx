/**
 * The dashboard's components with ink-testing-library: frames asserted, keys pressed. File mode
 * reads a seed document and computes with @reform/domain; API mode talks to the real test API.
 */
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@reform/api/client";
import { computeLedger, type Ledger } from "@reform/domain";
import { importDocument } from "@reform/ingest";
import { render } from "ink-testing-library";
import stringWidth from "string-width";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiSource } from "../src/dashboard/ApiSource.ts";
import { App } from "../src/dashboard/App.tsx";
import { fileSource } from "../src/dashboard/FileSource.ts";
import { sourceFor } from "../src/Main.ts";
import { connect } from "../src/Server.ts";
import { adminToken, apiUrl, reform, tokenFor } from "./support/api.ts";

const root = join(import.meta.dirname, "../../..");
const ANSI = /\x1b\[[0-9;]*m/g;
const plain = (frame: string | undefined) => (frame ?? "").replace(ANSI, "");
const lines = (frame: string | undefined) => plain(frame).split("\n");

let ledger: Ledger;
beforeAll(() => {
  const result = importDocument(readFileSync(join(root, "seeds/000_c83e502a6d759c52.txt")), { fileName: "000.txt" });
  if (!result.ok) throw new Error(result.error.message);
  ledger = result.ledger;
});

const mounted: { unmount(): void }[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
});

function mount(node: React.ReactElement) {
  const r = render(node);
  mounted.push(r);
  return r;
}

async function until(check: () => boolean, what: string, frame: () => string | undefined, ms = 8000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last frame:\n${plain(frame())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Presses keys one at a time, letting the app render between them. */
async function press(stdin: { write(s: string): void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await new Promise((r) => setTimeout(r, 40));
  }
}

const SIZE = { columns: 80, rows: 24 };
const AS_OF = "2020-06-30";

describe("file mode (computed by @reform/domain)", () => {
  it("overview: the plan with its percent and counts, every line within 80 columns", async () => {
    const c = computeLedger({ tasks: ledger.tasks, events: [], asOf: AS_OF });
    const summary = c.plans.get(ledger.plan.id)!;
    const app = mount(
      <App lang="en" source={fileSource(ledger, { label: "000.txt" })} initial={{ asOf: AS_OF }} size={SIZE} />,
    );
    await until(() => plain(app.lastFrame()).includes("%"), "the overview", app.lastFrame);
    const frame = lines(app.lastFrame());
    expect(frame[0]).toContain(`as of ${AS_OF}`);
    const planLine = frame.find((l) => l.includes("吉林省推广"));
    expect(planLine).toMatch(new RegExp(` ${Math.round(summary.percent)}%\\s*$`));
    expect(plain(app.lastFrame())).toContain(
      `overdue ${summary.byTimeliness.overdue} · soon ${summary.byTimeliness["due-soon"]}`,
    );
    expect(frame).toHaveLength(24);
    for (const l of frame) expect(stringWidth(l)).toBeLessThanOrEqual(80);
  });

  it("keys: tab to the overdue list (sorted by days, CJK columns aligned), j/k, enter opens, esc returns, ? helps", async () => {
    const c = computeLedger({ tasks: ledger.tasks, events: [], asOf: AS_OF });
    const overdue = c.plans.get(ledger.plan.id)!.byTimeliness.overdue;
    expect(overdue).toBeGreaterThan(2);
    const app = mount(
      <App lang="en" source={fileSource(ledger, { label: "000.txt" })} initial={{ asOf: AS_OF }} size={SIZE} />,
    );
    await until(() => plain(app.lastFrame()).includes("%"), "the overview", app.lastFrame);
    await press(app.stdin, "\t");
    await until(() => plain(app.lastFrame()).includes("[2 Overdue]"), "the overdue tab", app.lastFrame);
    expect(plain(app.lastFrame())).toContain(`Overdue, most days first: ${overdue}`);
    const rows = lines(app.lastFrame()).filter((l) => / over\s*$/.test(l));
    expect(rows.length).toBeGreaterThan(2);
    // The percent column sits at the same display column on every row, whatever the Chinese text.
    const at = rows.map(
      (l) => stringWidth(l.slice(0, l.search(/\d+% +\d+d over/))) + (l.match(/(\d+)% +\d+d over/)?.[1]?.length ?? 0),
    );
    expect(new Set(at).size).toBe(1);
    const days = rows.map((l) => Number(/(\d+)d over/.exec(l)?.[1]));
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(rows[0]!.startsWith("▸")).toBe(true);

    await press(app.stdin, "j");
    await until(
      () =>
        lines(app.lastFrame())
          .filter((l) => / over\s*$/.test(l))[1]
          ?.startsWith("▸") === true,
      "the cursor on row 2",
      app.lastFrame,
    );
    await press(app.stdin, "k", "j", "\r");
    await until(() => plain(app.lastFrame()).includes("deadline: “"), "the task detail", app.lastFrame);
    const detail = plain(app.lastFrame());
    expect(detail).toMatch(/status: .* overdue \(red\) · \d+ days overdue/);
    expect(detail).toMatch(/units:\n {2}(牵头|负责) /);
    await press(app.stdin, "\x1b");
    await until(() => plain(app.lastFrame()).includes("[2 Overdue]"), "back to the list", app.lastFrame);
    await press(app.stdin, "?");
    await until(() => plain(app.lastFrame()).includes("Keys"), "the help", app.lastFrame);
    await press(app.stdin, "?");
    await until(() => !plain(app.lastFrame()).includes("Keys"), "the help closed", app.lastFrame);
  });

  it("a sets the as-of date, / searches, p says file mode is read-only", async () => {
    const later = "2021-06-30";
    const c = computeLedger({ tasks: ledger.tasks, events: [], asOf: later });
    const app = mount(
      <App lang="en" source={fileSource(ledger, { label: "000.txt" })} initial={{ asOf: AS_OF }} size={SIZE} />,
    );
    await until(() => plain(app.lastFrame()).includes("%"), "the overview", app.lastFrame);
    await press(app.stdin, "a");
    await until(() => plain(app.lastFrame()).includes("as of (YYYY-MM-DD"), "the as-of prompt", app.lastFrame);
    await press(app.stdin, ...Array(10).fill("\x7f"), ...later.split(""), "\r");
    await until(() => plain(app.lastFrame()).includes(`as of ${later}`), "the new date", app.lastFrame);
    await until(
      () => plain(app.lastFrame()).includes(`overdue ${c.plans.get(ledger.plan.id)!.byTimeliness.overdue} ·`),
      "the counts as of the new date",
      app.lastFrame,
    );
    await press(app.stdin, "/", ..."医保".split(""), "\r");
    await until(() => plain(app.lastFrame()).includes("Search “医保”:"), "the search results", app.lastFrame);
    const total = Number(/Search “医保”: (\d+)/.exec(plain(app.lastFrame()))?.[1]);
    expect(total).toBe(
      ledger.tasks.filter(
        (t) =>
          (t.kind === "task" || t.kind === "milestone") &&
          `${t.label ?? ""} ${t.title ?? ""} ${t.text}`.includes("医保"),
      ).length,
    );
    await press(app.stdin, "\r");
    await until(() => plain(app.lastFrame()).includes("deadline:"), "a found task", app.lastFrame);
    await press(app.stdin, "p");
    await until(() => plain(app.lastFrame()).includes("file mode is read-only"), "the read-only notice", app.lastFrame);
  });

  it("reflows on resize and honours colour settings", async () => {
    const source = fileSource(ledger, { label: "000.txt" });
    const app = mount(<App lang="en" source={source} initial={{ asOf: AS_OF }} size={SIZE} color={false} />);
    await until(() => plain(app.lastFrame()).includes("%"), "the overview", app.lastFrame);
    expect(app.lastFrame()).not.toMatch(/\x1b\[(3[0-7]|9[0-7]|38;)/);
    app.rerender(
      <App lang="en" source={source} initial={{ asOf: AS_OF }} size={{ columns: 120, rows: 30 }} color={true} />,
    );
    await until(() => lines(app.lastFrame()).length === 30, "the larger frame", app.lastFrame);
    const wide = lines(app.lastFrame());
    expect(Math.max(...wide.map((l) => stringWidth(l)))).toBe(120);
    expect(app.lastFrame()).toMatch(/\x1b\[(3[0-7]|9[0-7])m/);
  });

  it("enter on a department lists the tasks it leads, as the domain's query gives them", async () => {
    const c = computeLedger({ tasks: ledger.tasks, events: [], asOf: AS_OF });
    const top = c.ranking[0]!.scorecard;
    const app = mount(
      <App lang="en" source={fileSource(ledger, { label: "000.txt" })} initial={{ asOf: AS_OF }} size={SIZE} />,
    );
    await until(() => plain(app.lastFrame()).includes("%"), "the overview", app.lastFrame);
    await press(app.stdin, "4");
    await until(() => plain(app.lastFrame()).includes("[4 Departments]"), "the departments", app.lastFrame);
    await press(app.stdin, "\r");
    await until(() => plain(app.lastFrame()).includes(`Led by ${top.unit}:`), "the department's tasks", app.lastFrame);
    expect(plain(app.lastFrame())).toContain(`Led by ${top.unit}: ${top.led}`);
    await press(app.stdin, "\x1b");
    await until(() => plain(app.lastFrame()).includes("[4 Departments]"), "back to the departments", app.lastFrame);
  });

  it("r reads the file again: a changed file shows its new plan", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reform-dash-"));
    const file = join(dir, "plan.txt");
    copyFileSync(join(root, "seeds/000_c83e502a6d759c52.txt"), file);
    const source = await sourceFor({}, file, { stdout() {}, stderr() {} }, "dashboard");
    const app = mount(<App lang="en" source={source} initial={{ asOf: AS_OF }} size={SIZE} />);
    await until(() => plain(app.lastFrame()).includes("吉林省推广"), "the first plan", app.lastFrame);
    copyFileSync(join(root, "seeds/003_d2b59fd790b2730b.txt"), file);
    await press(app.stdin, "r");
    await until(() => plain(app.lastFrame()).includes("哈尔滨市城市公立医院"), "the file's new plan", app.lastFrame);
    expect(plain(app.lastFrame())).not.toContain("吉林省推广");
  });
});

describe("zh-CN, the default", () => {
  // Latin letters may only come from the data (the seed document's own, e.g. DRG) or name a key (in
  // the key bar and the help's key column): every label is Chinese.
  const SEED = readFileSync(join(root, "seeds/000_c83e502a6d759c52.txt"), "utf8");
  const DATA_RUNS = new Set(SEED.match(/[A-Za-z]+/g));
  const KEY_RUNS = new Set(["esc", "tab", "shift", "PgUp", "PgDn", "j", "k", "f", "a", "r", "p", "c", "q"]);
  function labelsChinese(frame: string[], what: string) {
    const keyLines = new Set([frame.length - 1]);
    if (frame[2] === "按键") for (let i = 2; i < frame.length - 2; i++) keyLines.add(i);
    frame.forEach((line, i) => {
      // The help's descriptions are labels too: only its key column may name keys.
      const keyPart = i === frame.length - 1 ? line : frame[2] === "按键" && i > 2 ? line.slice(0, 30) : "";
      for (const run of line.match(/[A-Za-z]+/g) ?? []) {
        const fromData = [...DATA_RUNS].some((d) => d.startsWith(run));
        const isKey = keyLines.has(i) && keyPart.includes(run) && KEY_RUNS.has(run);
        expect(fromData || isKey, `${what}, line ${i}: '${run}' in “${line}”`).toBe(true);
      }
    });
  }
  function fits(frame: string[], what: string) {
    expect(frame, what).toHaveLength(SIZE.rows);
    for (const l of frame) expect(stringWidth(l), `${what}: “${l}”`).toBeLessThanOrEqual(SIZE.columns);
  }

  it("each of the six screens, the help and a task's detail: Chinese labels, no line wider than 80 cells", async () => {
    const c = computeLedger({ tasks: ledger.tasks, events: [], asOf: AS_OF });
    const summary = c.plans.get(ledger.plan.id)!;
    const app = mount(
      <App source={fileSource(ledger, { label: "吉林省施工图" })} initial={{ asOf: AS_OF }} size={SIZE} />,
    );
    const frame = () => lines(app.lastFrame());
    const shown = (text: string) => until(() => plain(app.lastFrame()).includes(text), text, app.lastFrame);

    await shown("%");
    expect(frame()[0]!.trimEnd()).toBe(`改革任务台账 · 吉林省施工图 · 时点 ${AS_OF}`);
    expect(frame()[1]).toMatch(/^\[1 总览\] 2 逾期 {2}3 即将到期 {2}4 部门 {2}5 指标 {2}6 通报/);
    expect(plain(app.lastFrame())).toContain(
      `逾期${summary.byTimeliness.overdue}  即将到期${summary.byTimeliness["due-soon"]}  未按期报送${summary.byTimeliness.stale}  未到期${summary.byTimeliness["not-yet-due"]}`,
    );
    expect(plain(app.lastFrame())).toContain(
      `红 ${summary.byRag.red} 黄 ${summary.byRag.amber} 绿 ${summary.byRag.green} · 共 ${summary.items} 项`,
    );
    fits(frame(), "overview");
    labelsChinese(frame(), "overview");

    await press(app.stdin, "2");
    await shown(`逾期任务（逾期天数多者在前）：共 ${summary.byTimeliness.overdue} 项`);
    const rows = frame().filter((l) => /逾期\d+天\s*$/.test(l));
    expect(rows.length).toBeGreaterThan(2);
    const days = rows.map((l) => Number(/逾期(\d+)天/.exec(l)?.[1]));
    expect(days).toEqual([...days].sort((a, b) => b - a));
    // The day column ends at the same cell on every row, whatever the Chinese text before it.
    expect(new Set(rows.map((l) => stringWidth(l.trimEnd()))).size).toBe(1);
    fits(frame(), "overdue");
    labelsChinese(frame(), "overdue");

    await press(app.stdin, "3");
    const soon = summary.byTimeliness["due-soon"];
    await shown(`即将到期（到期近者在前）：共 ${soon} 项`);
    expect(frame().filter((l) => /剩余\d+天\s*$/.test(l))).toHaveLength(Math.min(soon, SIZE.rows - 5));
    if (soon === 0) expect(frame()[3]!.trim()).toBe("无");
    fits(frame(), "due soon");
    labelsChinese(frame(), "due soon");

    await press(app.stdin, "4");
    await shown("[4 部门]");
    const head = frame()[2]!;
    expect(head).toMatch(/^ {2}名次 +部门 +牵头 +完成 +逾期完成 +逾期 +逾期天数 +按期率/);
    // Each header ends where its column's figures end (display cells, right-aligned).
    const ends = (line: string, words: string[]) => {
      let from = 0;
      return words.map((w) => {
        const at = line.indexOf(w, from);
        from = at + w.length;
        return stringWidth(line.slice(0, from));
      });
    };
    const headEnds = ends(head, ["牵头", "完成", "逾期完成", "逾期", "逾期天数", "按期率"]);
    const top = c.ranking[0]!.scorecard;
    const first = frame()[3]!;
    expect(first).toContain(top.unit);
    const figures = first
      .slice(first.indexOf(top.unit) + top.unit.length)
      .trim()
      .split(/ +/);
    expect(figures).toHaveLength(6);
    expect(ends(first, figures).slice(-6)).toEqual(headEnds);
    fits(frame(), "departments");
    labelsChinese(frame(), "departments");

    await press(app.stdin, "5");
    await shown("[5 指标]");
    fits(frame(), "indicators");
    labelsChinese(frame(), "indicators");

    await press(app.stdin, "6");
    await shown("通报");
    await until(() => !plain(app.lastFrame()).includes("通报加载中"), "the bulletin", app.lastFrame);
    fits(frame(), "bulletin");
    labelsChinese(frame(), "bulletin");

    await press(app.stdin, "?");
    await shown("按键");
    expect(plain(app.lastFrame())).toContain("切换页面");
    fits(frame(), "help");
    labelsChinese(frame(), "help");
    await press(app.stdin, "?", "2", "\r");
    await shown("完成时限：");
    const detail = plain(app.lastFrame());
    expect(detail).toMatch(/状态：未启动 · 0% · 逾期（红） · 逾期\d+天 · 版本 0/);
    expect(detail).toMatch(/责任单位：\n {2}(牵头|共同牵头|配合) /);
    expect(detail).toContain("进展报送与状态变更（0）：");
    expect(frame()[1]).toMatch(/^任务 /);
    fits(frame(), "detail");
    labelsChinese(frame(), "detail");

    await press(app.stdin, "p");
    await shown("文件模式只能查看，不能办理");
  });
});

describe("API mode (the real test API)", () => {
  it("shows the four seed plans; keeps the last data with its age when the server goes away, and recovers", async () => {
    let down = false;
    const flaky: typeof fetch = (input, init) =>
      down ? Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })) : fetch(input, init);
    const source = apiSource(connect(apiUrl(), adminToken(), flaky));
    const app = mount(<App lang="en" source={source} initial={{ asOf: "2020-09-30" }} size={SIZE} retryMs={300} />);
    await until(
      () => (plain(app.lastFrame()).match(/\d+%\s*$/gm) ?? []).length === 4,
      "four plans",
      app.lastFrame,
      15_000,
    );
    down = true;
    await press(app.stdin, "r");
    await until(() => plain(app.lastFrame()).includes("⚠"), "the failure", app.lastFrame);
    const frame = plain(app.lastFrame());
    expect(frame).toMatch(/⚠ \d+s old data · retrying · cannot reach the server at /);
    expect((frame.match(/\d+%\s*$/gm) ?? []).length).toBe(4);
    down = false;
    await until(() => !plain(app.lastFrame()).includes("⚠"), "the recovery", app.lastFrame, 10_000);
  });

  it("says so when the token is refused", async () => {
    const source = apiSource(connect(apiUrl(), "rl_wrong_token"));
    const app = mount(<App lang="en" source={source} size={SIZE} retryMs={60_000} />);
    await until(() => plain(app.lastFrame()).includes("refused the token"), "the refusal", app.lastFrame);
    expect(plain(app.lastFrame())).toContain("No data yet.");
  });

  it("zh-CN: a refused token and an unreachable server are said in Chinese", async () => {
    const refused = mount(<App source={apiSource(connect(apiUrl(), "rl_wrong_token"))} size={SIZE} retryMs={60_000} />);
    await until(() => plain(refused.lastFrame()).includes("服务器拒绝了令牌（401）"), "the refusal", refused.lastFrame);
    expect(plain(refused.lastFrame())).toContain("暂无数据。");
    const down: typeof fetch = () => Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }));
    const away = mount(<App source={apiSource(connect(apiUrl(), adminToken(), down))} size={SIZE} retryMs={60_000} />);
    await until(() => plain(away.lastFrame()).includes("无法连接服务器"), "the failure", away.lastFrame);
    expect(lines(away.lastFrame()).at(-2)).toMatch(/^⚠ 重试中 · 无法连接服务器（http:\/\/127\.0\.0\.1:\d+）/);
  });

  it("zh-CN: a viewer's task detail in Chinese; p is refused in the words of the domain's rule", async () => {
    const app = mount(
      <App
        source={apiSource(connect(apiUrl(), await tokenFor("viewer")))}
        initial={{ asOf: "2020-09-30" }}
        size={SIZE}
      />,
    );
    await until(
      () => (plain(app.lastFrame()).match(/\d+%\s*$/gm) ?? []).length === 4,
      "four plans",
      app.lastFrame,
      30_000,
    );
    // The four seed plans' counts (two-digit figures) fit whole in 80 cells.
    const counts = lines(app.lastFrame()).filter((l) => l.startsWith("  逾期"));
    expect(counts).toHaveLength(4);
    for (const l of counts) expect(l.trimEnd()).toMatch(/待国家部署\d+$/);
    await press(app.stdin, "2");
    await until(() => plain(app.lastFrame()).includes("[2 逾期]"), "the overdue list", app.lastFrame);
    await press(app.stdin, "\r");
    await until(() => plain(app.lastFrame()).includes("完成时限："), "the detail", app.lastFrame);
    const detail = plain(app.lastFrame());
    expect(detail).toMatch(/状态：\S+ · \d+% · 逾期（红） · 逾期\d+天 · 版本 \d+/);
    expect(detail).toContain("可办理：无");
    expect(detail).toMatch(/进展报送与状态变更（\d+）：/);
    for (const l of lines(app.lastFrame())) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    await press(app.stdin, "p");
    await until(() => plain(app.lastFrame()).includes("不能办理："), "the refusal", app.lastFrame);
    expect(lines(app.lastFrame()).at(-1)).toMatch(/^不能办理：只读身份不能办理任务/);
  });

  it("posts a report from the task detail after confirmation; a viewer is told why not; a stale version is refused by the API", async () => {
    const open = async (token: string) => {
      const app = mount(
        <App lang="en" source={apiSource(connect(apiUrl(), token))} initial={{ asOf: "2020-09-30" }} size={SIZE} />,
      );
      await until(() => plain(app.lastFrame()).includes("%"), "the overview", app.lastFrame, 30_000);
      await press(app.stdin, "2");
      await until(() => plain(app.lastFrame()).includes("[2 Overdue]"), "the overdue list", app.lastFrame);
      await press(app.stdin, "\r");
      await until(() => plain(app.lastFrame()).includes("deadline:"), "the detail", app.lastFrame);
      return app;
    };
    const note = `ink-${Date.now()}`;
    const admin = await open(adminToken());
    expect(plain(admin.lastFrame())).toMatch(/you may: report, complete/);
    await press(admin.stdin, "p", "5", "5", "\r", ...note.split(""), "\r");
    await until(() => plain(admin.lastFrame()).includes("(y/n)"), "the confirmation", admin.lastFrame);
    await press(admin.stdin, "y");
    await until(() => plain(admin.lastFrame()).includes(note), "the report in the history", admin.lastFrame);

    const viewer = await open(await tokenFor("viewer"));
    await press(viewer.stdin, "p");
    await until(() => plain(viewer.lastFrame()).includes("not allowed:"), "the reason", viewer.lastFrame);
    expect(plain(viewer.lastFrame())).not.toContain("percent done");

    // The confirmation is based on the version shown; another client writes first: the API refuses (409).
    const stale = await open(adminToken());
    await press(stale.stdin, "p", "6", "0", "\r", "\r");
    await until(() => plain(stale.lastFrame()).includes("(y/n)"), "the confirmation", stale.lastFrame);
    const first = (await (
      await createClient(apiUrl(), { token: adminToken() }).api.tasks.$get({
        query: { asOf: "2020-09-30", timeliness: "overdue", sort: "overdue", kind: "task,milestone", limit: "1" },
      })
    ).json()) as unknown as { items: { task: { id: string } }[] };
    expect((await reform(["report", first.items[0]!.task.id, "--percent", "61"])).code).toBe(0);
    await press(stale.stdin, "y");
    await until(() => plain(stale.lastFrame()).includes("refused —"), "the refusal", stale.lastFrame);
    expect(plain(stale.lastFrame())).toMatch(/refused — report .*: conflict \(409/);
  });
});
