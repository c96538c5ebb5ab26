/**
 * The interactive API reference at `/docs`, served entirely from this machine: Swagger UI's files
 * come from the installed `swagger-ui-dist` package (no CDN), read once and kept in memory.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "./env.ts";

const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
  "favicon-16x16.png": "image/png",
};

/** Directory of the installed swagger-ui-dist files. */
export function swaggerUiDir(): string {
  const require = createRequire(import.meta.url);
  const getAbsoluteFSPath = require("swagger-ui-dist/absolute-path.js") as () => string;
  return getAbsoluteFSPath();
}

const page = (specUrl: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Reform Ledger API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-spec-url="${specUrl}"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

// Loaded as a file (not inline) so the page works under a strict Content-Security-Policy.
const init = `window.addEventListener("load", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: el.getAttribute("data-spec-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "BaseLayout",
    persistAuthorization: true
  });
});
`;

/** `/docs` and `/docs/assets/*`. */
export function docsRoutes(specUrl = "/openapi.json") {
  const dir = swaggerUiDir();
  const cache = new Map<string, Uint8Array<ArrayBuffer>>();
  const asset = (name: string): Uint8Array<ArrayBuffer> => {
    let bytes = cache.get(name);
    if (!bytes) {
      bytes = new Uint8Array(readFileSync(path.join(dir, name)));
      cache.set(name, bytes);
    }
    return bytes;
  };
  return new Hono<AppEnv>()
    .get("/docs", (c) => c.html(page(specUrl)))
    .get("/docs/assets/:name", (c) => {
      const name = c.req.param("name");
      // One parametric route (a static sibling would push Hono from its RegExpRouter to a slower one).
      if (name === "init.js") return c.body(init, 200, { "content-type": "text/javascript; charset=utf-8" });
      const type = ASSETS[name];
      if (!type) return c.notFound();
      return c.body(asset(name), 200, { "content-type": type, "cache-control": "public, max-age=86400" });
    });
}
