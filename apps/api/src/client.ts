/**
 * The typed client for front ends: `createClient(baseUrl, { token })` is Hono's `hc` over the API's
 * own route types, so requests and responses are checked at compile time.
 */
import { hc } from "hono/client";
import type { AppType } from "./app.ts";

export type { AppType } from "./app.ts";

export interface ClientOptions {
  /** API token sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** A fetch implementation (default: the global one). */
  readonly fetch?: typeof fetch;
  readonly headers?: Record<string, string>;
}

/** A typed client for the API at `baseUrl` (e.g. `http://127.0.0.1:8787`). */
export function createClient(baseUrl: string, options: ClientOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return hc<AppType>(baseUrl, { headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
}

/** The client's type. */
export type Client = ReturnType<typeof createClient>;
