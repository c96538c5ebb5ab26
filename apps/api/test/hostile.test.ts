/**
 * Hostile input, generated from the OpenAPI document: for every operation with a JSON body, bodies
 * broken in one way each (wrong types, missing required fields with extra junk, huge strings,
 * deep JSON, bad dates, not JSON, not UTF-8) and path parameters made of injection strings and
 * path traversal. Every answer is a 4xx JSON error — never a 5xx, never a hang — and the event log
 * head is the same afterwards. Seeded: a failure names the seed and the case. CI runs
 * `HOSTILE_CASES` (default 60) cases per operation; `npm run soak` runs thousands.
 */
import type { Store } from "@reform/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importSeeds, memoryStore, testApp, token } from "./support/harness.ts";

const CASES = Number(process.env.HOSTILE_CASES ?? 60);
const SEED = Number(process.env.HOSTILE_SEED ?? 12);

/** mulberry32: a small seeded generator, so every run can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

const INJECTIONS = [
  "'; DROP TABLE events; --",
  "../../../../etc/passwd",
  "..%2f..%2f..%2fetc%2fpasswd",
  "<script>alert(1)</script>",
  `$${"{"}jndi:ldap://x/a}`,
  "%00",
  "\u0000",
  "{{7*7}}",
  "$(reboot)",
  "\u202e\u200b",
  "🙂".repeat(50),
  "a".repeat(5000),
];
const BAD_DATES = ["2020-02-30", "2020-13-01", "yesterday", "2020-01-01T25:00:00Z", "-271821-04-20", "", "0000-00-00"];

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  format?: string;
  items?: Schema;
  anyOf?: Schema[];
  allOf?: Schema[];
};

/** Nested arrays as JSON text (built as text: serialising such a value would overflow the stack). */
function deepJson(depth: number): string {
  return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
}
/** A nested value shallow enough to serialise. */
function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < Math.min(depth, 500); i++) v = [v];
  return v;
}

/** A value of the wrong type for `schema`. */
function wrongValue(schema: Schema, r: ReturnType<typeof rng>): unknown {
  const t = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.format === "date" || schema.format === "date-time") return r.pick(BAD_DATES);
  switch (t) {
    case "string":
      return r.pick([123, true, null, { a: 1 }, [r.pick(INJECTIONS)], "x".repeat(300_000)]);
    case "number":
    case "integer":
      return r.pick(["1", "NaN", null, -1e308, 1.5e308, { n: 1 }, [1], -1, 1.5]);
    case "boolean":
      return r.pick(["true", 0, null]);
    case "array":
      return r.pick(["[]", 1, { length: 1 }, deep(r.int(3000))]);
    default:
      return r.pick([null, "x", 1, deep(5000)]);
  }
}

let store: Store;
let app: ReturnType<typeof testApp>;
let admin: string;
// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked as plain JSON.
let doc: any;

beforeAll(async () => {
  store = await memoryStore();
  await importSeeds(store, ["001_1bcf024aac55a25f.txt"]);
  app = testApp(store);
  admin = await token(store, "admin");
  doc = await (await app.request("/openapi.json")).json();
}, 120_000);
afterAll(async () => {
  await store?.close();
});

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) s = doc.components.schemas[s.$ref.replace("#/components/schemas/", "")] as Schema;
  if (s.allOf) {
    const merged: Schema = { type: "object", properties: {}, required: [] };
    for (const part of s.allOf.map(resolve)) {
      Object.assign(merged.properties!, part.properties ?? {});
      merged.required!.push(...(part.required ?? []));
    }
    return merged;
  }
  return s;
}

/** One broken body for an object schema. */
function brokenBody(schema: Schema, r: ReturnType<typeof rng>): { body: string | Uint8Array; what: string } {
  const props = Object.entries(schema.properties ?? {});
  const required = schema.required ?? [];
  const kind = r.int(6);
  if (kind === 0) {
    if (r.int(2) === 0) return { body: deepJson(1 + r.int(100_000)), what: "deep JSON" };
    const v = r.pick<unknown>([null, 1, "x", [], true]);
    return { body: JSON.stringify(v), what: "not an object" };
  }
  if (kind === 1) return { body: r.pick(["{", '{"a":', "[1,,]", "\u0000", "{}{}"]), what: "not JSON" };
  if (kind === 2)
    return { body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), what: "not UTF-8" };
  const body: Record<string, unknown> = {};
  for (const [name, p] of props) body[name] = validish(resolve(p), r);
  if (kind === 3 && required.length > 0) {
    const drop = r.pick(required);
    delete body[drop];
    body[`junk_${r.int(100)}`] = r.pick(INJECTIONS);
    return { body: JSON.stringify(body), what: `missing ${drop}` };
  }
  const candidates = required.length > 0 ? required : props.map(([n]) => n);
  if (candidates.length === 0) return { body: deepJson(10_000), what: "deep JSON" };
  const name = r.pick(candidates);
  body[name] = wrongValue(resolve(schema.properties![name]!), r);
  return { body: JSON.stringify(body), what: `wrong ${name}: ${JSON.stringify(body[name])?.slice(0, 40)}` };
}

/** A plausible value, so that one broken field is what is wrong. */
function validish(schema: Schema, r: ReturnType<typeof rng>): unknown {
  const t = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.format === "date") return "2020-09-01";
  if (schema.format === "date-time") return "2020-09-01T00:00:00Z";
  if (t === "number" || t === "integer") return 1;
  if (t === "boolean") return true;
  if (t === "array") return [];
  if (t === "string") return r.pick(["x", "市财政局"]);
  return {};
}

/** Path parameters made hostile. */
function hostilePath(path: string, r: ReturnType<typeof rng>): string {
  return path.replace(/\{[^}]+\}/g, () => encodeURIComponent(r.pick(INJECTIONS)));
}

describe("hostile input from the OpenAPI schemas", () => {
  it("answers every broken request with a 4xx JSON error and leaves the event log unchanged", async () => {
    const head = await store.lastSeq();
    const tokenCount = (await store.listTokens()).length;
    const r = rng(SEED);
    let tried = 0;
    for (const [path, item] of Object.entries<
      Record<string, { requestBody?: { content?: Record<string, { schema: Schema }> } }>
    >(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const json = op.requestBody?.content?.["application/json"]?.schema;
        if (!json || (path.startsWith("/api/imports") && !path.includes("commit"))) continue;
        const schema = resolve(json);
        for (let n = 0; n < CASES; n++) {
          const { body, what } = brokenBody(schema, r);
          const url = hostilePath(path, r);
          const started = Date.now();
          const res = await app.request(url, {
            method: method.toUpperCase(),
            headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
            body,
          });
          const label = `seed ${SEED}: ${method.toUpperCase()} ${url.slice(0, 80)} (${what})`;
          expect(res.status, label).toBeGreaterThanOrEqual(400);
          expect(res.status, label).toBeLessThan(500);
          expect(res.headers.get("content-type") ?? "", label).toContain("application/json");
          const parsed = (await res.json()) as { error?: { code?: string } };
          expect(typeof parsed.error?.code, label).toBe("string");
          expect(Date.now() - started, label).toBeLessThan(10_000);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(CASES * 5);
    expect(await store.lastSeq()).toBe(head);
    expect((await store.listTokens()).length).toBe(tokenCount);
  }, 300_000);

  it("answers hostile path and query parameters on reads with 4xx or 200, never 5xx", async () => {
    const r = rng(SEED + 1);
    for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
      if (!("get" in item) || path.includes("stream")) continue;
      for (let n = 0; n < Math.max(3, CASES / 10); n++) {
        const q = `asOf=${encodeURIComponent(r.pick(BAD_DATES))}&plan=${encodeURIComponent(r.pick(INJECTIONS))}&limit=${r.pick(["-1", "1e9", "x", "0"])}`;
        const url = `${hostilePath(path, r)}?${q}`;
        const res = await app.request(url, { headers: { authorization: `Bearer ${admin}` } });
        expect(res.status, `seed ${SEED}: GET ${url.slice(0, 100)}`).toBeLessThan(500);
        await res.arrayBuffer();
      }
    }
  }, 300_000);
});
