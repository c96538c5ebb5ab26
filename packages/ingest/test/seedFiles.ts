/** The four seed documents (see seeds/README.md), read once per test file. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { importDocument } from "../src/Import.ts";

export const SEED_DIR = fileURLToPath(new URL("../../../seeds/", import.meta.url));

export const SEEDS = {
  jilin: "000_c83e502a6d759c52.txt",
  shanxi: "001_1bcf024aac55a25f.txt",
  pingxiang: "002_84b7797c4af70c34.txt",
  harbin: "003_d2b59fd790b2730b.txt",
} as const;
export type SeedName = keyof typeof SEEDS;

/** The bytes of a seed document. */
export function seedBytes(name: SeedName): Uint8Array {
  return readFileSync(`${SEED_DIR}${SEEDS[name]}`);
}

/** Imports a seed as a user would (bytes and file name) and fails loudly if it does not import. */
export function importSeed(name: SeedName) {
  const result = importDocument(seedBytes(name), { fileName: SEEDS[name] });
  if (!result.ok) throw new Error(`${SEEDS[name]}: ${result.error.message}`);
  return result;
}
