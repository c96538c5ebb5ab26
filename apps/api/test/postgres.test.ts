/**
 * The API suite on the PostgreSQL server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test),
 * in a fresh schema. Without a reachable server: fails under CI=true, else says so loudly and skips.
 */
import { describe, it } from "vitest";
import { DATABASE_URL, postgresStore, postgresUnreachable } from "./support/harness.ts";
import { defineResourceSuite } from "./support/resources.ts";
import { defineApiSuite } from "./support/suite.ts";

const unreachable = await postgresUnreachable();

if (unreachable === undefined) {
  defineApiSuite("API on PostgreSQL", postgresStore);
  defineResourceSuite("API resources on PostgreSQL", postgresStore);
} else if (process.env.CI === "true") {
  describe("API on PostgreSQL", () => {
    it("needs a reachable server when CI=true", () => {
      throw new Error(`PostgreSQL at ${DATABASE_URL} is not reachable (${unreachable})`);
    });
  });
} else {
  console.warn(
    `\n${"!".repeat(78)}\n!! PostgreSQL at ${DATABASE_URL} is not reachable (${unreachable}).\n` +
      `!! The API suite on PostgreSQL is SKIPPED. Start a server or set DATABASE_URL (CI=true makes this fail).\n${"!".repeat(78)}\n`,
  );
  describe.skip("API on PostgreSQL (server not reachable)", () => {
    it("runs the API suite", () => {});
  });
}
