/**
 * Every resource sub-app is an `OpenAPIHono` with the same environment and the same validation
 * hook, so a bad query or body is always a 400 with the zod issue paths.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { sendError, issueDetails } from "./errors.ts";
import type { Principal } from "./auth.ts";

/** Per-request values set by the app's middleware. */
export interface AppEnv {
  Variables: {
    principal: Principal;
  };
}

/** A new resource router with the shared validation hook. */
export function router(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return sendError(c, "validation", "the request is not valid", issueDetails(result.error.issues, result.target));
      }
    },
  });
}
