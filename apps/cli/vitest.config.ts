import { testConfig } from "@reform/config/vitest";
import { defineConfig } from "vitest/config";

// One real API process (embedded database, seeds and demo) serves every suite that needs a server.
export default defineConfig(
  testConfig({
    globalSetup: ["test/support/server.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Suites share one server and the terminal tests are timing-sensitive: one file at a time.
    fileParallelism: false,
    // Ink decides on colours from the environment; the component tests assert both with and without.
    env: { FORCE_COLOR: "1" },
  }),
);
