import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { goldenJson } from "./golden/normalise.ts";
import { importSeed, SEEDS, type SeedName } from "./seedFiles.ts";

// The golden files were reviewed by eye (counts, leads, deadlines, people); regenerate them with
// `node --conditions=@reform/source test/golden/update.ts` and review the diff before committing.
describe("golden files", () => {
  it.each(Object.keys(SEEDS) as SeedName[])("%s imports to its reviewed golden file", (name) => {
    const golden = readFileSync(new URL(`./golden/${name}.json`, import.meta.url), "utf8");
    expect(goldenJson(importSeed(name))).toBe(golden);
  });
});
