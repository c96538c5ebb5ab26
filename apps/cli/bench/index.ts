/**
 * Dashboard figures (printed, not asserted): time from start to the first full frame (the overview
 * with every plan's percent) on the seed ledger and on a generated 100,000-task ledger, in file mode
 * (reading the file, computing with @reform/domain) and in API mode (a local API in another process),
 * and the time to redraw after a key press. Frames are rendered by Ink at 80×24 into
 * ink-testing-library's stdout. Also the time for the built command to start (`reform --help`).
 *
 * Run: `pnpm bench` in apps/cli (after `pnpm build`), or `npm run bench` at the root.
 * Options: --tasks=<n> (default 100000).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFilePath } from "@reform/ingest";
import { render } from "ink-testing-library";
import { createElement } from "react";
import { apiSource } from "../src/dashboard/ApiSource.ts";
import { App } from "../src/dashboard/App.tsx";
import { fileSource } from "../src/dashboard/FileSource.ts";
import type { Source } from "../src/dashboard/Model.ts";
import { connect } from "../src/Server.ts";
import { generate } from "./generate.ts";

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const TASKS = arg("tasks", 100_000);
const here = import.meta.dirname;
const SEED = join(here, "../../../seeds/000_c83e502a6d759c52.txt");
const AS_OF = "2020-09-30";

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const rows: [string, string, string, string][] = [];

/** Resolves when `check` holds on the frame, polling the event loop; returns the time it took. */
async function until(frame: () => string | undefined, check: (f: string) => boolean, timeoutMs = 120_000) {
  const start = performance.now();
  for (;;) {
    const f = frame();
    if (f !== undefined && check(f)) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`no such frame within ${timeoutMs} ms:\n${f}`);
    await new Promise((r) => setImmediate(r));
  }
}

const fullOverview = (plans: number) => (f: string) => (f.match(/\d+%\s*$/gm) ?? []).length >= plans;

/** Start to first full frame, then redraws after keys. */
async function measure(label: string, plans: number, open: () => Promise<Source>) {
  const t0 = performance.now();
  const source = await open();
  const app = render(createElement(App, { source, initial: { asOf: AS_OF }, size: { columns: 80, rows: 24 } }));
  await until(app.lastFrame, fullOverview(plans));
  const first = performance.now() - t0;
  // Redraw: switch to the overdue list, then move the cursor down and up, each press timed to the changed frame.
  const before = app.lastFrame();
  app.stdin.write("2");
  const toList = await until(app.lastFrame, (f) => f !== before && f.includes("[2 Overdue]") && f.includes("Overdue,"));
  const moves: number[] = [];
  for (let k = 0; k < 15; k++) {
    const prev = app.lastFrame();
    app.stdin.write(k % 2 === 0 ? "j" : "k");
    moves.push(await until(app.lastFrame, (f) => f !== prev));
  }
  app.unmount();
  rows.push([label, ms(first), ms(toList), ms(median(moves))]);
  console.log(
    `  ${label}: first full frame ${ms(first)}, screen switch ${ms(toList)}, cursor move ${ms(median(moves))}`,
  );
}

function startApi(what: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, "server.ts"), what], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ child, ...(JSON.parse(line) as { url: string; token: string }) });
    });
    child.on("exit", (code) => reject(new Error(`bench API exited (${code})`)));
  });
}

console.log(`reform dashboard bench (80×24, as of ${AS_OF}; Node ${process.version})`);

const cli = join(here, "../dist/cli.js");
const starts: number[] = [];
for (let k = 0; k < 5; k++) {
  const t = performance.now();
  spawnSync(process.execPath, [cli, "--help"]);
  starts.push(performance.now() - t);
}
console.log(`  built command start (reform --help): ${ms(median(starts))}`);

const dir = mkdtempSync(join(tmpdir(), "reform-cli-bench-"));
try {
  const big = join(dir, `generated-${TASKS}.json`);
  const t = performance.now();
  writeFileSync(big, JSON.stringify(generate(TASKS)));
  console.log(`  (generated a ${TASKS}-node ledger JSON in ${ms(performance.now() - t)})`);

  const file = (path: string) => async () => {
    const read = await importFilePath(path);
    if (!read.ok) throw new Error(read.error.message);
    return fileSource(read.ledger, { label: path });
  };
  await measure("file mode, seed 000 (91 nodes)", 1, file(SEED));
  await measure(`file mode, ${TASKS} nodes (ledger JSON)`, 1, file(big));

  for (const [label, what, plans] of [
    ["API mode, four seed plans", "seeds", 4],
    [`API mode, ${TASKS} nodes`, `generated:${TASKS}`, 1],
  ] as const) {
    const server = await startApi(what);
    try {
      await measure(label, plans, async () => apiSource(connect(server.url, server.token)));
    } finally {
      server.child.kill("SIGTERM");
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log("\n| ledger | first full frame | screen switch | cursor move (median) |\n| --- | --- | --- | --- |");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
process.exit(0);
