/**
 * `pnpm bench` for @reform/domain: each benchmark runs in its own Node process so that one's heap
 * does not weigh on the other's figures. Prints figures only; nothing is asserted.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** `args` go to Node, `flags` to the bench. */
const benches: Array<{ file: string; args: string[]; flags?: string[] }> = [
  { file: "deadline.ts", args: [] },
  // --expose-gc: ledger.ts collects before each run, so earlier runs' garbage does not weigh on later ones.
  { file: "ledger.ts", args: ["--expose-gc", "--max-old-space-size=3072"] },
  { file: "ledger.ts", args: ["--expose-gc", "--max-old-space-size=3072"], flags: ["--allocated-by-task"] },
  { file: "ledger.ts", args: ["--expose-gc", "--max-old-space-size=3072"], flags: ["--by-task"] },
  { file: "ledger.ts", args: ["--expose-gc", "--max-old-space-size=3072"], flags: ["--shuffled"] },
];

let failed = 0;
for (const bench of benches) {
  const file = fileURLToPath(new URL(bench.file, import.meta.url));
  const flags = bench.flags ?? [];
  console.log(`\n== @reform/domain bench/${[bench.file, ...flags].join(" ")}`);
  const result = spawnSync(process.execPath, [...bench.args, file, ...flags], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
