/**
 * `pnpm bench` for @reform/domain: each benchmark runs in its own Node process so that one's heap
 * does not weigh on the other's figures. Prints figures only; nothing is asserted.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const benches: Array<{ file: string; args: string[] }> = [
  { file: "deadline.ts", args: [] },
  { file: "ledger.ts", args: ["--max-old-space-size=3072"] },
];

let failed = 0;
for (const bench of benches) {
  const file = fileURLToPath(new URL(bench.file, import.meta.url));
  console.log(`\n== @reform/domain bench/${bench.file}`);
  const result = spawnSync(process.execPath, [...bench.args, file], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
