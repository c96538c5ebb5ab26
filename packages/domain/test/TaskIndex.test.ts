import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOCATE_BATCH, TaskIndex } from "../src/TaskIndex.ts";

/** The reference: each id's last position, by a Map. */
const positions = (ids: readonly string[]): Map<string, number> => new Map(ids.map((id, i) => [id, i]));

/** Ids drawn from a small alphabet, so that they repeat and collide; some non-ASCII. */
const id = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", "b", ".", "1", "二", "四"), minLength: 1, maxLength: 4 }),
  fc.integer({ min: 0, max: 3000 }).map((n) => `p${n}.${n % 7}`),
);

describe("TaskIndex", () => {
  it("finds each id's position (the last, should an id repeat) and -1 for ids it does not hold", () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), fc.array(id, { maxLength: 50 }), (ids, others) => {
        const index = new TaskIndex(ids.map((i) => ({ id: i })));
        const ref = positions(ids);
        for (const i of [...ids, ...others]) expect(index.get(i)).toBe(ref.get(i) ?? -1);
        expect(index.toMap()).toEqual(ref);
      }),
      { numRuns: 200 },
    );
  });

  it("locates sequences of ids batch by batch as get does: grouped, repeated, unknown, absent, across batches", () => {
    fc.assert(
      fc.property(
        fc.array(id, { minLength: 1, maxLength: 200 }),
        fc.array(fc.tuple(fc.integer({ min: -2, max: 250 }), fc.integer({ min: 1, max: 6 })), { maxLength: 400 }),
        fc.integer({ min: 1, max: LOCATE_BATCH }),
        fc.boolean(),
        (ids, runs, batch, inOrder) => {
          const index = new TaskIndex(ids.map((i) => ({ id: i })));
          const ref = positions(ids);
          // Runs of one id: a task's position (its id as a new string), an unknown id (-1) or no id
          // (-2); in task order (as a store returns events grouped by task) or not.
          if (inOrder) runs.sort((a, b) => a[0] - b[0]);
          const sequence: (string | undefined)[] = runs.flatMap(([at, length]) => {
            const one = at === -2 ? undefined : at === -1 || at >= ids.length ? "不在台账" : ` ${ids[at]}`.slice(1);
            return Array.from({ length }, () => one);
          });
          const out = new Int32Array(LOCATE_BATCH);
          const found: number[] = [];
          index.restart();
          for (let k = 0; k < sequence.length; k += batch) {
            const part = sequence.slice(k, k + batch);
            index.locate(part, part.length, out);
            found.push(...out.subarray(0, part.length));
          }
          expect(found).toEqual(sequence.map((i) => (i === undefined ? -1 : (ref.get(i) ?? -1))));
        },
      ),
      { numRuns: 200 },
    );
  });
});
