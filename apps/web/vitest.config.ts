import { testConfig } from "@reform/config/vitest";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const base = testConfig({
  include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"],
  // The end-to-end suite starts the API and Chromium: give it room on a busy 2-core machine.
  testTimeout: 60_000,
  hookTimeout: 180_000,
  fileParallelism: false,
});

export default defineConfig({ ...base, plugins: [react()] });
