/**
 * `/`: the web viewer's built files when they exist (single-page app: unknown paths outside `/api`
 * get its index.html), otherwise a small page pointing at the API reference.
 */
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { AppEnv } from "./env.ts";

const HOME = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>Reform Ledger 改革任务台账</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Reform Ledger 改革任务台账</h1>
<p>The API is running. The web viewer is not built yet.</p>
<ul>
<li><a href="/docs">API reference</a> (interactive)</li>
<li><a href="/openapi.json">OpenAPI 3.1 document</a></li>
<li><a href="/api/plans">Plans</a></li>
<li><a href="/health">Health</a> · <a href="/ready">Readiness</a></li>
</ul>
</body>
</html>
`;

/** The home page, or the web viewer served from `webRoot`. */
export function homeRoutes(webRoot: string | undefined) {
  const app = new Hono<AppEnv>();
  if (!webRoot) return app.get("/", (c) => c.html(HOME));
  const index = serveStatic<AppEnv>({ root: webRoot, path: "index.html" });
  return app
    .use("*", serveStatic<AppEnv>({ root: webRoot }))
    .get("*", (c, next) => (c.req.path.startsWith("/api/") ? next() : index(c, next)));
}
