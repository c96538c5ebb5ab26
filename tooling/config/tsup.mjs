// Shared tsup settings for publishable packages: ESM with declarations for Node >= 22.
/** @param {import("tsup").Options} [options] */
export function libraryConfig(options = {}) {
  return {
    format: ["esm"],
    target: "node22",
    platform: "node",
    // tsup's declaration build sets baseUrl, which TypeScript 6 deprecates.
    dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    ...options,
  };
}
