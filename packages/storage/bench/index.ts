/**
 * `pnpm bench` for @reform/storage: each benchmark in its own Node process. Prints figures only;
 * nothing is asserted. Sizes: 10,000, 100,000 and 1,000,000 tasks (five events each) for the
 * as-of aggregate; 10,000 and 100,000 tasks for the store (imports, loads, appends) on PGlite in
 * memory, in a data directory (on disk, the default) and on the PostgreSQL server.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runs: string[][] = [
  ["asof.ts", "10000", "50000"],
  ["asof.ts", "100000", "500000"],
  ["asof.ts", "1000000", "5000000"],
  ["store.ts", "10000"],
  ["store.ts", "10000", "--data-dir"],
  ["store.ts", "10000", "--postgres"],
  ["store.ts", "100000"],
  ["store.ts", "100000", "--data-dir"],
  ["store.ts", "100000", "--postgres"],
];
let failed = 0;
for (const [file, ...args] of runs) {
  console.log(`\n== @reform/storage bench/${[file, ...args].join(" ")}`);
  const path = fileURLToPath(new URL(file as string, import.meta.url));
  const result = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=3072", path, ...args], {
    stdio: "inherit",
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
