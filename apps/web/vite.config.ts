/**
 * The web viewer's build. Workspace packages resolve to their TypeScript sources ("@reform/source"),
 * so `@reform/api/client` needs no prior build; the dev server proxies `/api` to the API
 * (REFORM_API_URL, default http://127.0.0.1:8787).
 */
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

const api = process.env.REFORM_API_URL ?? "http://127.0.0.1:8787";

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["@reform/source", ...defaultClientConditions] },
  server: {
    proxy: {
      "/api": { target: api, changeOrigin: false },
      "/openapi.json": api,
      "/docs": api,
    },
  },
  build: {
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
});
