/**
 * Our own fixtures, one or more per layout class, as written and (but for markdown tables) on one
 * line and hard-wrapped: every expected item is found, and at least 95% with the right lead and
 * deadline (the figures `pnpm --filter @reform/ingest eval` prints). Mutated fixtures never throw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, evaluate, formsOf, loadFixture, names, zero } from "../eval/score.ts";
import { importDocument } from "../src/Import.ts";

describe("fixtures per layout class", () => {
  it("has several fixtures", () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  it.each(names)("%s: every expected item found, in every form", (name) => {
    const { text, expected } = loadFixture(name);
    for (const [form, input] of formsOf(name, text)) {
      const misses: string[] = [];
      const score = evaluate(input, expected, misses);
      expect({ form, found: score.found, misses: misses.filter((m) => m.startsWith("missing")) }).toEqual({
        form,
        found: expected.items.length,
        misses: [],
      });
    }
  });

  it("≥ 95% of the expected items have the right lead and deadline overall", () => {
    const total = zero();
    for (const name of names) {
      const { text, expected } = loadFixture(name);
      for (const [, input] of formsOf(name, text)) add(total, evaluate(input, expected, []));
    }
    expect(total.leadAndDeadline / total.expected).toBeGreaterThanOrEqual(0.95);
  });

  it("mutated fixtures never throw", () => {
    const texts = names.map((n) => loadFixture(n).text);
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.string({ maxLength: 8 })), { maxLength: 6 }),
        fc.boolean(),
        (text, edits, flatten) => {
          let s = flatten ? text.replace(/\n/g, "") : text;
          for (const [at, drop, insert] of edits) {
            const i = at % (s.length + 1);
            s = s.slice(0, i) + insert + s.slice(i + drop);
          }
          const result = importDocument(s);
          expect(typeof result.ok).toBe("boolean");
        },
      ),
      { numRuns: 300 },
    );
  });
});
