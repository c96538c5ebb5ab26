/** Building blocks shared by the property tests that generate random ledgers. */
import type { Actor } from "../../src/index.ts";

export const UNITS = ["省卫健委", "省医保局", "省财政厅"];
export const ACTORS: Actor[] = [
  ...UNITS.map((unit) => ({ role: "reporter" as const, unit })),
  { role: "supervisor" },
  { role: "system" },
  { role: "viewer" },
];
/** Event types, reports weighted three to one. */
export const TYPES = ["report", "report", "report", "complete", "close", "reject", "reopen", "extend"] as const;
/** Generated events start from this instant. */
export const START = Date.parse("2019-10-01T00:00:00Z");

/** A stable reordering of `items` by sort keys (cycled), ties kept in input order. */
export function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((x, i) => [keys[i % keys.length] ?? 0, i, x] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, , x]) => x);
}
