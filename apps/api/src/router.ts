/**
 * Every resource sub-app is an `OpenAPIHono` with the same environment and the same validation
 * hook, so a bad query or body is always a 400 with the zod issue paths.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { TypedResponse } from "hono";
import type { JSONParsed } from "hono/utils/types";
import { sendError, issueDetails } from "./errors.ts";
import type { Principal } from "./auth.ts";
import { prebuiltResponse } from "./securityHeaders.ts";

/** Per-request values set by the app's middleware. */
export interface AppEnv {
  Variables: {
    principal: Principal;
  };
}

/**
 * Sends JSON bytes serialised earlier (see `LedgerService.memoJson`) as the route's typed JSON
 * response: `T` is the body's type, which the bytes were built from.
 */
export function jsonBytes<T>(bytes: Uint8Array): Response & TypedResponse<JSONParsed<T>, 200, "json"> {
  return prebuiltResponse(bytes) as Response & TypedResponse<JSONParsed<T>, 200, "json">;
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
