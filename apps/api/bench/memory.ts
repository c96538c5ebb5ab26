/**
 * Memory after large uploads (`node bench/memory.ts`, part of `pnpm bench`): the real server process
 * (the build of src/main.ts, embedded PGlite in a temporary data directory, the seeds imported) gets
 * large spreadsheet uploads, and its resident memory (VmRSS from /proc) is sampled every 50 ms:
 * before, the peak during each round, and after a pause. Rounds: an XLSX ledger of --tasks tasks
 * (default 15,000; within the limits, so it is read and staged as a preview), and one of --over
 * tasks (default 50,000, about 7 MB; refused for too many cells before it is parsed). Each is uploaded
 * --uploads times (default 4). Prints MB figures; nothing is asserted.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { exportXlsx } from "@reform/ingest";
import { serverEntry, startServer, stopServer } from "../test/support/server.ts";
import { generate } from "./generate.ts";

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const tasks = arg("tasks", 15_000);
const over = arg("over", 50_000);
const uploads = arg("uploads", 4);
const pause = arg("pause", 10);
const SEEDS = path.resolve(import.meta.dirname, "../../../seeds");

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const rssOf = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
};

const dir = await mkdtemp(path.join(tmpdir(), "reform-api-memory-"));
const server = await startServer(await serverEntry(), {
  REFORM_DATA_DIR: dir,
  REFORM_SEEDS_DIR: SEEDS,
  REFORM_DEMO: "false",
});
try {
  const pid = server.child.pid!;
  const admin = /admin token[^:]*: (rl_\S+)/.exec(server.output())?.[1] ?? "";
  const settle = () => new Promise((r) => setTimeout(r, pause * 1000));
  await settle();
  console.log(`load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(`server after start (seeds imported): ${mb(rssOf(pid))}`);

  const round = async (label: string, bytes: Uint8Array, expect: number) => {
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(pid));
    }, 50);
    const statuses: number[] = [];
    const started = performance.now();
    for (let i = 0; i < uploads; i++) {
      const form = new FormData();
      form.set("file", new Blob([bytes]), `${label}.xlsx`);
      const res = await fetch(`${server.url}/api/imports`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin}` },
        body: form,
      });
      const text = await res.text();
      if (res.status !== expect && i === 0) console.log(`  ${res.status}: ${text.slice(0, 300)}`);
      statuses.push(res.status);
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, rssOf(pid));
    await settle();
    const statusText = [...new Set(statuses)].join("/");
    console.log(
      `${label}: ${(bytes.length / 2 ** 20).toFixed(1)} MB XLSX × ${uploads} → ${statusText}${statuses.every((s) => s === expect) ? "" : ` (expected ${expect})`} in ${seconds.toFixed(1)} s; peak ${mb(peak)}, ${pause} s later ${mb(rssOf(pid))}`,
    );
  };

  const within = await exportXlsx(generate(tasks, 0).ledger);
  await round(`${tasks} tasks (read, staged)`, within, 201);
  const tooMany = await exportXlsx(generate(over, 0).ledger);
  await round(`${over} tasks (refused: too many cells)`, tooMany, 422);
} finally {
  await stopServer(server);
  await rm(dir, { recursive: true, force: true });
}
