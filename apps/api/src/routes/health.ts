/** Liveness (`/health`: the process answers) and readiness (`/ready`: the database answers). */
import { createRoute, z } from "@hono/zod-openapi";
import type { Deps } from "../context.ts";
import { ApiError } from "../errors.ts";
import { constantJson, router } from "../router.ts";
import { errors, json } from "../schemas.ts";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["health"],
  summary: "Liveness: the process is up",
  responses: { 200: json(z.object({ status: z.literal("ok") }), "Alive") },
});

const ready = createRoute({
  method: "get",
  path: "/ready",
  tags: ["health"],
  summary: "Readiness: the database answers",
  responses: {
    200: json(z.object({ status: z.literal("ready"), driver: z.enum(["pglite", "postgres"]) }), "Ready"),
    ...errors("unavailable"),
  },
});

const alive = constantJson({ status: "ok" as const });

/** Health endpoints, mounted at `/`. */
export function healthRoutes(deps: Deps) {
  return router()
    .openapi(health, alive)
    .openapi(ready, async (c) => {
      try {
        await deps.store.ping();
      } catch {
        throw new ApiError("unavailable", "the database is not reachable");
      }
      return c.json({ status: "ready" as const, driver: deps.store.driver }, 200);
    });
}
