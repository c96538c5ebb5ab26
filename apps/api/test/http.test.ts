/**
 * Cross-cutting behaviour over HTTP: the OpenAPI document, the offline reference page, security
 * headers, CORS, body limits (413), rate limiting (429), readiness and the 500 without internals.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Store } from "@reform/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, importSeeds, memoryStore, testApp, token } from "./support/harness.ts";

let store: Store;
let admin: string;

beforeAll(async () => {
  store = await memoryStore();
  await importSeeds(store, ["001_1bcf024aac55a25f.txt"]);
  admin = await token(store, "admin");
}, 120_000);
afterAll(async () => {
  await store?.close();
});

describe("OpenAPI document", () => {
  it("is an OpenAPI 3.1 document with a path for every resource and resolvable references", async () => {
    const { status, body: doc } = await call(testApp(store), "GET", "/openapi.json");
    expect(status).toBe(200);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toContain("Reform Ledger");
    const paths = Object.keys(doc.paths);
    for (const p of [
      "/health",
      "/ready",
      "/api/plans",
      "/api/plans/{planId}/summary",
      "/api/tasks",
      "/api/tasks/{taskId}",
      "/api/tasks/{taskId}/reports",
      "/api/tasks/{taskId}/complete",
      "/api/tasks/{taskId}/close",
      "/api/tasks/{taskId}/reject",
      "/api/tasks/{taskId}/reopen",
      "/api/tasks/{taskId}/extend",
      "/api/reports",
      "/api/departments",
      "/api/people",
      "/api/indicators",
      "/api/indicators/{indicatorId}/measurements",
      "/api/targets",
      "/api/bulletin",
      "/api/imports",
      "/api/imports/{previewId}/commit",
      "/api/exports/{planId}",
      "/api/calendar",
      "/api/events/stream",
      "/api/tokens",
    ]) {
      expect(paths).toContain(p);
    }
    // Every operation declares responses; every $ref points at a component that exists.
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) {
          if (k === "$ref" && typeof v === "string") refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref) ?? [];
      expect(doc.components?.[section!]?.[name!], ref).toBeDefined();
    }
    for (const [p, item] of Object.entries<Record<string, { responses?: object; operationId?: string }>>(doc.paths)) {
      for (const op of Object.values(item)) expect(Object.keys(op.responses ?? {}).length, p).toBeGreaterThan(0);
    }
    expect(doc.components.securitySchemes.Bearer).toEqual({ type: "http", scheme: "bearer" });
    // The error shape is documented once and reused.
    expect(doc.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
  });

  it("documents validation paths: a 400 response on routes with parameters", async () => {
    const { body: doc } = await call(testApp(store), "GET", "/openapi.json");
    expect(doc.paths["/api/tasks"].get.responses["400"]).toBeDefined();
    expect(doc.paths["/api/tasks/{taskId}/reports"].post.responses["409"]).toBeDefined();
  });
});

describe("reference page", () => {
  it("is served offline from swagger-ui-dist, with no external links", async () => {
    const app = testApp(store);
    const page = await call(app, "GET", "/docs");
    expect(page.status).toBe(200);
    expect(page.body).toContain("/docs/assets/swagger-ui-bundle.js");
    expect(page.body).not.toMatch(/https?:\/\//);
    for (const [file, type] of [
      ["swagger-ui-bundle.js", "javascript"],
      ["swagger-ui.css", "css"],
      ["init.js", "javascript"],
    ]) {
      const res = await app.request(`/docs/assets/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain(type);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await app.request("/docs/assets/../../package.json")).status).toBe(404);
    expect((await app.request("/docs/assets/index.html")).status).toBe(404);
  });

  it("serves a built web viewer at / with its index for client-side routes, never for /api", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "reform-web-"));
    writeFileSync(path.join(root, "index.html"), "<!doctype html><title>viewer</title>");
    writeFileSync(path.join(root, "app.js"), "console.log(1)");
    try {
      const app = testApp(store, { config: { webRoot: root } });
      expect((await call(app, "GET", "/")).body).toContain("<title>viewer</title>");
      expect((await call(app, "GET", "/plans/some-plan")).body).toContain("<title>viewer</title>");
      const js = await app.request("/app.js");
      expect(js.headers.get("content-type")).toContain("javascript");
      const api = await call(app, "GET", "/api/nothing");
      expect(api.status).toBe(404);
      expect(api.body.error.code).toBe("not-found");
      expect((await call(app, "GET", "/api/plans")).body.items).toHaveLength(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("links the reference from the home page when no web viewer is built", async () => {
    const home = await call(testApp(store), "GET", "/");
    expect(home.status).toBe(200);
    expect(home.body).toContain('href="/docs"');
  });
});

describe("security headers and CORS", () => {
  it("sends the API set on data, errors and memoised responses, uncacheable and unframeable", async () => {
    const app = testApp(store);
    const plans = await call(app, "GET", "/api/plans");
    const planId = plans.body.items[0].plan.id;
    for (const path of [
      "/api/plans",
      `/api/plans/${planId}/summary`,
      "/health",
      "/api/nothing",
      "/api/tasks?limit=0",
    ]) {
      const res = await app.request(path);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("content-security-policy"), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(res.headers.get("strict-transport-security"), path).toBeTruthy();
      expect(res.headers.get("x-powered-by"), path).toBeNull();
    }
  });

  it("sends the page set on HTML pages and lets reference assets be cached", async () => {
    const app = testApp(store);
    for (const path of ["/", "/docs"]) {
      const res = await app.request(path);
      expect(res.headers.get("content-type"), path).toContain("text/html");
      expect(res.headers.get("content-security-policy"), path).toContain("default-src 'self'");
      expect(res.headers.get("x-frame-options"), path).toBe("SAMEORIGIN");
      expect(res.headers.get("cross-origin-opener-policy"), path).toBe("same-origin");
    }
    const asset = await app.request("/docs/assets/swagger-ui.css");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("max-age");
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await app.request("/docs/assets/init.js")).headers.get("content-type")).toContain("javascript");
  });

  it("allows configured origins only", async () => {
    const app = testApp(store, { config: { corsOrigins: ["https://ledger.example.org"] } });
    const ok = await app.request("/api/plans", {
      method: "OPTIONS",
      headers: { origin: "https://ledger.example.org", "access-control-request-method": "POST" },
    });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://ledger.example.org");
    expect(ok.headers.get("access-control-allow-headers")).toContain("Authorization");
    const other = await app.request("/api/plans", { headers: { origin: "https://evil.example.com" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const none = await testApp(store).request("/api/plans", { headers: { origin: "https://ledger.example.org" } });
    expect(none.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("limits", () => {
  it("refuses JSON bodies over the JSON limit with 413", async () => {
    const app = testApp(store, { config: { jsonBodyLimit: 1024 } });
    const res = await call(app, "POST", "/api/tasks/x/reports", {
      token: admin,
      body: { expectedVersion: 0, percent: 1, narrative: "进".repeat(2000) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload-too-large");
  });

  it("allows uploads up to the upload limit and refuses larger ones with 413", async () => {
    const app = testApp(store, { config: { jsonBodyLimit: 1024, uploadBodyLimit: 64 * 1024 } });
    const big = await call(app, "POST", "/api/imports?fileName=big.txt", {
      token: admin,
      body: "一、任务\n".repeat(20_000),
      headers: { "content-type": "text/plain" },
    });
    expect(big.status).toBe(413);
    const fits = await call(app, "POST", "/api/imports?fileName=small.txt", {
      token: admin,
      body: "一、总体要求\n1. 开展试点工作。（责任单位：省卫健委，2020年底前）\n".repeat(40),
      headers: { "content-type": "text/plain" },
    });
    expect(fits.status).not.toBe(413);
  });

  it("reads implied deadlines when the query or the form asks (impliedDeadlines=true)", async () => {
    const app = testApp(store);
    const doc = "萍乡市2023年深化医改重点工作任务清单\n\n1. 推进分级诊疗。（市卫健委负责）\n";
    const upload = (query: string) =>
      call(app, "POST", `/api/imports?fileName=list.txt${query}`, {
        token: admin,
        body: doc,
        headers: { "content-type": "text/plain" },
      });
    const implied = (body: { diagnostics: { code: string }[] }) =>
      body.diagnostics.filter((d) => d.code === "deadline-implied").length;
    const plain = await upload("");
    const asked = await upload("&impliedDeadlines=true");
    expect(plain.status).toBeLessThan(300);
    expect(asked.status).toBe(plain.status);
    expect(implied(plain.body)).toBe(0);
    expect(implied(asked.body)).toBe(1);
    expect(asked.body.previewId).not.toBe(plain.body.previewId);
    const form = new FormData();
    form.set("file", new File([doc], "list.txt", { type: "text/plain" }));
    form.set("impliedDeadlines", "true");
    const res = await app.request("/api/imports", {
      method: "POST",
      body: form,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(implied((await res.json()) as { diagnostics: { code: string }[] })).toBe(1);
    expect((await upload("&impliedDeadlines=yes")).status).toBe(400);
  });

  it("rate limits a client with 429 and Retry-After, per token", async () => {
    const app = testApp(store, { config: { rateLimit: { enabled: true, burst: 3, perSecond: 0.5 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.request("/api/plans")).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await call(app, "GET", "/api/plans");
    expect(limited.body.error.code).toBe("rate-limited");
    expect(Number(limited.res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another client (a token) has its own bucket.
    expect((await call(app, "GET", "/api/plans", { token: admin })).status).toBe(200);
  });
});

describe("health and failures", () => {
  it("answers /health and /ready; after the database is gone, /ready is 503 and reads are 500 without internals", async () => {
    const own = await memoryStore();
    const app = testApp(own);
    expect((await call(app, "GET", "/health")).body).toEqual({ status: "ok" });
    expect((await call(app, "GET", "/ready")).body).toEqual({ status: "ready", driver: "pglite" });
    await own.close();
    const ready = await call(app, "GET", "/ready");
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe("unavailable");
    const failed = await call(testApp(own), "GET", "/api/plans");
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: { code: "internal", message: "internal server error" } });
  }, 60_000);
});
