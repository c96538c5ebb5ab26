/**
 * Every resource sub-app is an `OpenAPIHono` with the same environment and the same validation
 * hook, so a bad query or body is always a 400 with the zod issue paths.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { TypedResponse } from "hono";
import type { JSONParsed } from "hono/utils/types";
import type { AppEnv } from "./env.ts";
import { issueDetails, sendError } from "./errors.ts";
import { prebuiltResponse } from "./securityHeaders.ts";

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

/** A route's typed 200 JSON response of bytes serialised earlier from a `T` (`prebuiltResponse`). */
export function jsonBytes<T>(bytes: Uint8Array): Response & TypedResponse<JSONParsed<T>, 200, "json"> {
  return prebuiltResponse(bytes) as Response & TypedResponse<JSONParsed<T>, 200, "json">;
}

/** A typed 200 JSON response of a constant value, serialised once, answered without further work. */
export function constantJson<T>(value: T): () => Response & TypedResponse<JSONParsed<T>, 200, "json"> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return () => jsonBytes<T>(bytes);
}
