/**
 * Regenerates the golden files from the seeds. Review the diff by eye before committing it.
 * Run from packages/ingest: `node --conditions=@reform/source test/golden/update.ts`.
 */
import { writeFileSync } from "node:fs";
import { importSeed, SEEDS, type SeedName } from "../seedFiles.ts";
import { goldenJson } from "./normalise.ts";

for (const name of Object.keys(SEEDS) as SeedName[]) {
  const file = new URL(`./${name}.json`, import.meta.url);
  writeFileSync(file, goldenJson(importSeed(name)));
  console.log(`wrote ${file.pathname}`);
}
