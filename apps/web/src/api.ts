/**
 * The API as the viewer uses it: the typed `hc` client of `@reform/api/client` (same origin), and
 * `unwrap`, which returns a response's success body or throws an `ApiFailure` carrying the API's
 * error code, message and details.
 */
import { type Client, createClient } from "@reform/api/client";
import type { ClientResponse } from "hono/client";

export type { Client };

/** A client for the API at this page's origin, sending `token` when given. */
export function apiClient(
  token?: string,
  origin = globalThis.location?.origin ?? "http://localhost",
  fetch?: typeof globalThis.fetch,
): Client {
  return createClient(origin, { ...(token ? { token } : {}), ...(fetch ? { fetch } : {}) });
}

/** The API's refusal: status, error code (`forbidden`, `conflict`, …), message and details. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

type Success<R> = R extends ClientResponse<infer T, infer S, "json"> ? (S extends 200 | 201 ? T : never) : never;

// biome-ignore lint/suspicious/noExplicitAny: any response of the typed client (status and format vary).
type AnyResponse = ClientResponse<any, number, any>;

/** The success body of a typed response, or an `ApiFailure` with the API's error. */
export async function unwrap<R extends AnyResponse>(pending: Promise<R> | R): Promise<Success<R>> {
  const res = await pending;
  if (res.ok) return (await res.json()) as Success<R>;
  let code = "http";
  let message = `${res.status} ${res.statusText}`;
  let details: unknown;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      details = body.error.details;
    }
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiFailure(res.status, code, message, details);
}
