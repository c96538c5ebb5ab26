/**
 * The store depends on the domain, not on the importer: what it keeps of an import (its
 * diagnostics) is a domain value, so a process with a store needs no parser.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

describe("@reform/storage's dependencies", () => {
  it("does not depend on @reform/ingest at run time", () => {
    expect(Object.keys(pkg.dependencies ?? {})).toContain("@reform/domain");
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain("@reform/ingest");
    expect(Object.keys(pkg.peerDependencies ?? {})).not.toContain("@reform/ingest");
  });

  it("no source module imports @reform/ingest", () => {
    const src = new URL("../src/", import.meta.url);
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      expect(readFileSync(new URL(file, src), "utf8"), file).not.toMatch(/from "@reform\/ingest"/);
    }
  });
});
