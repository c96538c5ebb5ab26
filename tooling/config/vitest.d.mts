import type { ViteUserConfig } from "vitest/config";
export declare function testConfig(test?: ViteUserConfig["test"]): ViteUserConfig;
