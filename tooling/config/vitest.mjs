// Shared vitest settings.
// - Workspace packages resolve to their TypeScript sources through the "@reform/source" export
//   condition, so tests never run against a stale dist/.
// - Every package writes a JSON report that tooling/scripts/test-summary.mjs adds up into the
//   single closing line of `npm test`.
import { defaultServerConditions } from "vite";

const conditions = ["@reform/source", ...defaultServerConditions];

/** @param {import("vitest/config").ViteUserConfig["test"]} [test] */
export function testConfig(test = {}) {
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    test: {
      reporters: ["default", "json"],
      outputFile: { json: ".test-results/vitest.json" },
      include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
      ...test,
    },
  };
}
