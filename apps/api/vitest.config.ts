import { testConfig } from "@reform/config/vitest";
import { defineConfig } from "vitest/config";

export default defineConfig(testConfig());
