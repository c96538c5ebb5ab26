import { testConfig } from "@reform/config/vitest";
import { defineConfig } from "vitest/config";

// PGlite compiles its WebAssembly and runs initdb on start-up: seconds on a loaded machine.
export default defineConfig(testConfig({ hookTimeout: 60_000, testTimeout: 30_000 }));
