// Shared vitest settings: every package writes a JSON report that tooling/scripts/test-summary.mjs
// adds up into the single closing line of `npm test`.
/** @param {import("vitest/config").ViteUserConfig["test"]} [test] */
export function testConfig(test = {}) {
  return {
    test: {
      reporters: ["default", "json"],
      outputFile: { json: ".test-results/vitest.json" },
      include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
      ...test,
    },
  };
}
