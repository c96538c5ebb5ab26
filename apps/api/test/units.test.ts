/** Small pure pieces: the token bucket, iCalendar writing, server configuration from the environment. */
import { describe, expect, it } from "vitest";
import { calendar, escapeText, foldLine } from "../src/ical.ts";
import { TokenBuckets } from "../src/rateLimit.ts";
import { readServerConfig } from "../src/serverConfig.ts";
import { SEEDS_DIR } from "./support/harness.ts";

describe("TokenBuckets", () => {
  it("allows a burst, then refills at the configured rate, per key", () => {
    const b = new TokenBuckets({ burst: 2, perSecond: 1 });
    expect(b.take("a", 0).ok).toBe(true);
    expect(b.take("a", 0).ok).toBe(true);
    const refused = b.take("a", 0);
    expect(refused).toEqual({ ok: false, retryAfter: 1 });
    expect(b.take("b", 0).ok).toBe(true);
    expect(b.take("a", 500).ok).toBe(false);
    expect(b.take("a", 1000).ok).toBe(true);
    expect(b.take("a", 60_000)).toEqual({ ok: true, remaining: 1 });
  });

  it("keeps at most maxKeys buckets", () => {
    const b = new TokenBuckets({ burst: 1, perSecond: 0.001, maxKeys: 3 });
    for (const k of ["a", "b", "c", "d"]) expect(b.take(k, 0).ok).toBe(true);
    // "a" was dropped to make room: it starts over with a full bucket.
    expect(b.take("a", 0).ok).toBe(true);
  });
});

describe("iCalendar", () => {
  it("escapes TEXT values", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
  });

  it("folds lines at 75 octets without splitting UTF-8 characters", () => {
    const line = `SUMMARY:${"改革任务".repeat(30)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(75);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
  });

  it("writes all-day events with an exclusive end date", () => {
    const text = calendar(
      "t",
      [{ uid: "x@y", date: "2020-12-31", summary: "年底前完成" }],
      new Date("2020-09-30T04:00:00Z"),
      () => "2021-01-01",
    );
    expect(text).toContain("DTSTART;VALUE=DATE:20201231\r\nDTEND;VALUE=DATE:20210101\r\n");
    expect(text).toContain("DTSTAMP:20200930T040000Z\r\n");
  });
});

describe("readServerConfig", () => {
  it("defaults to 127.0.0.1:8787, PGlite in ./.reform/data, anonymous reads, and finds seeds/", () => {
    const r = readServerConfig({}, [], import.meta.dirname);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({ port: 8787, host: "127.0.0.1", dataDir: "./.reform/data", demo: true });
    expect(r.config.databaseUrl).toBeUndefined();
    expect(r.config.seedsDir).toBe(SEEDS_DIR);
    expect(r.config.api.anonymousRead).toBe(true);
  });

  it("reads the environment and the --new-admin-token flag, and refuses bad values", () => {
    const r = readServerConfig(
      { PORT: "9000", REFORM_ANONYMOUS_READ: "false", REFORM_RATE_LIMIT: "50/5", DATABASE_URL: "postgres://x/y" },
      ["--new-admin-token"],
      import.meta.dirname,
    );
    expect(r.ok && r.config.port).toBe(9000);
    expect(r.ok && r.config.newAdminToken).toBe(true);
    expect(r.ok && r.config.api).toMatchObject({
      anonymousRead: false,
      rateLimit: { enabled: true, burst: 50, perSecond: 5 },
    });
    expect(readServerConfig({ PORT: "x" }, [], ".").ok).toBe(false);
    expect(readServerConfig({ REFORM_ANONYMOUS_READ: "perhaps" }, [], ".").ok).toBe(false);
    expect(readServerConfig({}, ["--bogus"], ".").ok).toBe(false);
  });
});
