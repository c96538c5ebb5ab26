import { Ledger } from "@reform/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Diagnostic } from "../src/Diagnostic.ts";
import { importDocument } from "../src/Import.ts";
import { SEEDS, type SeedName, seedBytes } from "./seedFiles.ts";

const texts = (Object.keys(SEEDS) as SeedName[]).map((name) => new TextDecoder().decode(seedBytes(name)));

/** Characters that matter to the importer: markers, brackets, tabs, spaces, digits, unit names, controls. */
const JUNK = fc.string({
  unit: fc.constantFrom(
    ..."\t \u00a0\u3000\r（）()一二三十、.．1234567890年月底前责任部门：:市省局委负责牵头配合附件**\u0000\u0007\ufffd\ud800",
  ),
  maxLength: 12,
});

type Mutation =
  | { op: "delete" | "duplicate" | "shuffle" | "join"; at: number; size: number; to: number }
  | { op: "cut" | "insert"; at: number; offset: number; junk: string }
  | { op: "bytes"; at: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constantFrom("delete", "duplicate", "shuffle", "join"),
    at: fc.nat(),
    size: fc.integer({ min: 1, max: 12 }),
    to: fc.nat(),
  }),
  fc.record({ op: fc.constantFrom("cut", "insert"), at: fc.nat(), offset: fc.nat(), junk: JUNK }),
  fc.record({
    op: fc.constant("bytes"),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }),
  }),
) as fc.Arbitrary<Mutation>;

/** Applies mutations to a seed's lines, then (for byte mutations) to its UTF-8 bytes. */
function mutate(text: string, mutations: readonly Mutation[]): Uint8Array {
  const lines = text.split("\n");
  const byteEdits: { at: number; bytes: number[] }[] = [];
  for (const m of mutations) {
    const at = lines.length === 0 ? 0 : m.at % lines.length;
    switch (m.op) {
      case "delete":
        lines.splice(at, m.size);
        break;
      case "duplicate":
        lines.splice(m.to % (lines.length + 1), 0, ...lines.slice(at, at + m.size));
        break;
      case "shuffle": {
        const window = lines.slice(at, at + m.size);
        for (let i = window.length - 1; i > 0; i--) {
          const j = (m.to + i * 7) % (i + 1);
          [window[i], window[j]] = [window[j]!, window[i]!];
        }
        lines.splice(at, window.length, ...window);
        break;
      }
      case "join":
        if (at + 1 < lines.length) lines.splice(at, 2, `${lines[at]}${lines[at + 1]}`);
        break;
      case "cut": {
        const line = lines[at] ?? "";
        lines[at] = line.slice(0, m.offset % (line.length + 1)) + m.junk;
        break;
      }
      case "insert": {
        const line = lines[at] ?? "";
        const cut = m.offset % (line.length + 1);
        lines[at] = line.slice(0, cut) + m.junk + line.slice(cut);
        break;
      }
      case "bytes":
        byteEdits.push({ at: m.at, bytes: m.bytes });
        break;
    }
  }
  let bytes = new TextEncoder().encode(lines.join("\n"));
  for (const edit of byteEdits) {
    const at = bytes.length === 0 ? 0 : edit.at % bytes.length;
    const next = new Uint8Array(bytes.length + edit.bytes.length);
    next.set(bytes.subarray(0, at));
    next.set(edit.bytes, at);
    next.set(bytes.subarray(at), at + edit.bytes.length);
    bytes = next;
  }
  return bytes;
}

describe("fuzz: mutated seeds", () => {
  it("never throw and always give a ledger and diagnostics that validate, or a clear error", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: texts.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        (seed, mutations) => {
          const result = importDocument(mutate(texts[seed]!, mutations));
          expect(result.diagnostics.filter((d) => !Diagnostic.safeParse(d).success)).toEqual([]);
          if (!result.ok) {
            expect(["empty", "binary", "undecodable", "no-content"]).toContain(result.error.code);
            return;
          }
          expect(Ledger.safeParse(result.ledger).error).toBeUndefined();
          const ids = new Set(result.ledger.tasks.map((t) => t.id));
          expect(ids.size).toBe(result.ledger.tasks.length);
          expect(result.ledger.tasks.filter((t) => t.parentId && !ids.has(t.parentId))).toEqual([]);
        },
      ),
      { seed: 20191226, numRuns: 3000 },
    );
  }, 120_000);
});
