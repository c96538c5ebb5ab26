/**
 * Web viewer figures (`npm run bench`; printed, not asserted):
 * - initial JavaScript per route, gzipped (the first view's budget is 300 KB);
 * - in Debian's Chromium, against the built app served by the real API (seeds, demo history and a
 *   generated 10,000-task plan): time to first meaningful render of the overview and of the
 *   10,000-task plan, and scrolling through that plan (frames under 16.7 ms as a share).
 * Run from the package: `node bench/index.ts` (it re-runs itself with the source condition).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const CONDITION = "--conditions=@reform/source";
if (!process.execArgv.includes(CONDITION)) {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, [CONDITION, ...process.execArgv, self, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(run.status ?? 1);
}

const { build } = await import("vite");
const { generate } = await import("../../api/bench/generate.ts");
const { api, CHROMIUM, launch, startServer, WEB_DIR } = await import("../e2e/support.ts");
const { existsSync } = await import("node:fs");

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  src?: string;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const outDir = mkdtempSync(path.join(tmpdir(), "reform-web-bench-"));
try {
  await build({ root: WEB_DIR, logLevel: "warn", build: { outDir, emptyOutDir: true, manifest: true } });
  const manifest = JSON.parse(readFileSync(path.join(outDir, ".vite/manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  const gz = (file: string) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).byteLength;
  /** The chunk and every chunk it imports statically. */
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const k of manifest[key]?.imports ?? []) closure(k, seen);
    return seen;
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry) as string;
  const first = closure(entry);
  const bytes = (keys: Iterable<string>) => [...keys].reduce((sum, k) => sum + gz(manifest[k]!.file), 0);
  const firstView = bytes(first);
  console.log("\nInitial JavaScript per route, gzipped (budget for the first view: 300 KB)");
  console.log(`  every route's first view (entry + static imports): ${kb(firstView)}`);
  for (const key of manifest[entry]?.dynamicImports ?? []) {
    const lazy = new Set([...first, ...closure(key)]);
    const name = manifest[key]?.src ?? key;
    console.log(`  ${path.basename(name, ".tsx").padEnd(12)} (loaded on demand): ${kb(bytes(lazy))} in all`);
  }

  if (!existsSync(CHROMIUM)) {
    console.log(`\nChromium not found at ${CHROMIUM}: browser figures skipped.`);
    process.exit(0);
  }
  const server = await startServer(outDir);
  const browser = await launch();
  try {
    // A generated 10,000-task plan, imported through the API like any document.
    const { ledger } = generate(10_000, 0);
    const upload = await fetch(`${server.url}/api/imports?fileName=bench.json`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify(ledger),
    });
    const preview = (await upload.json()) as { previewId: string; currentVersion: number; sha256: string };
    if (upload.status !== 201) throw new Error(`import: ${upload.status} ${JSON.stringify(preview)}`);
    const committed = await api(server, "POST", `/api/imports/${preview.previewId}/commit`, {
      token: server.adminToken,
      body: { expectedPlanVersion: preview.currentVersion, sha256: preview.sha256 },
    });
    if (committed.status !== 201) throw new Error(`commit: ${committed.status}`);
    const planId = committed.body.planId as string;
    const tasks = ledger.tasks.length;

    const renderTime = async (url: string, selector: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "commit" });
      await page.waitForSelector(selector, { timeout: 120_000 });
      const ms = await page.evaluate(() => performance.now());
      await context.close();
      return ms;
    };
    const runs = 3;
    const overview: number[] = [];
    const plan: number[] = [];
    for (let k = 0; k < runs; k++) {
      overview.push(await renderTime(`${server.url}/?asOf=2020-09-30`, ".plan-card"));
      plan.push(await renderTime(`${server.url}/plans/${planId}?asOf=2020-09-30`, "table.grid tbody td.col-text a"));
    }
    const load = (await import("node:os")).loadavg()[0]?.toFixed(1);
    const cores = (await import("node:os")).cpus().length;
    console.log(
      `\nIn Chromium (first meaningful render, from navigation; median of 3 cold loads; load average ${load} on ${cores} cores)`,
    );
    console.log(`  overview (4 seed plans + the generated one): ${median(overview).toFixed(0)} ms`);
    console.log(`  plan of ${tasks.toLocaleString("en")} nodes (all rows loaded):  ${median(plan).toFixed(0)} ms`);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/plans/${planId}?asOf=2020-09-30`);
    await page.waitForSelector("table.grid tbody td.col-text a", { timeout: 120_000 });
    await page.waitForTimeout(500);
    const frames = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const box = document.querySelector(".table-scroll") as HTMLElement;
          const out: number[] = [];
          let last = performance.now();
          const end = last + 5000;
          const step = (now: number) => {
            out.push(now - last);
            last = now;
            box.scrollTop += 240;
            if (now < end && box.scrollTop + box.clientHeight < box.scrollHeight) requestAnimationFrame(step);
            else resolve(out.slice(1));
          };
          requestAnimationFrame(step);
        }),
    );
    const under = frames.filter((f) => f < 16.7).length;
    const sorted = [...frames].sort((a, b) => a - b);
    console.log(
      `  scrolling the ${tasks.toLocaleString("en")}-node plan (240 px a frame, 5 s): ${frames.length} frames, ` +
        `${((under / frames.length) * 100).toFixed(1)}% under 16.7 ms, ` +
        `p95 ${sorted[Math.floor(sorted.length * 0.95)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
    );
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
