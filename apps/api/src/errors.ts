/**
 * The API's one error shape: `{ "error": { "code", "message", "details" } }` with the matching HTTP
 * status. Handlers raise an {@link ApiError}; `onError` renders it (and anything unexpected as a
 * 500 without internals), `notFound` renders unknown paths.
 */
import { z } from "@hono/zod-openapi";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ErrorCode = z.enum([
  "validation",
  "unauthorized",
  "forbidden",
  "not-found",
  "method-not-allowed",
  "conflict",
  "payload-too-large",
  "unsupported-media-type",
  "unprocessable",
  "rate-limited",
  "unavailable",
  "internal",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");
export type ErrorBody = z.infer<typeof ErrorBody>;

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  "method-not-allowed": 405,
  conflict: 409,
  "payload-too-large": 413,
  "unsupported-media-type": 415,
  unprocessable: 422,
  "rate-limited": 429,
  internal: 500,
  unavailable: 503,
};

/** The HTTP status an error code is sent with. */
export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

/** An error meant for the client: its code, message and details are sent as they are. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
  }
  get status(): ContentfulStatusCode {
    return STATUS[this.code];
  }
}

/** Builds the error body. */
export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Sends an error response. */
export function sendError(c: Context, code: ErrorCode, message: string, details?: unknown): Response {
  return c.json(errorBody(code, message, details), STATUS[code]);
}

/** Zod issues as `{ path, message, code }` with the request part they came from ("query", "json"…). */
export function issueDetails(
  issues: readonly z.core.$ZodIssue[],
  target?: string,
): { issues: { path: (string | number)[]; message: string; code: string }[] } {
  return {
    issues: issues.map((issue) => ({
      path: [...(target ? [target] : []), ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      message: issue.message,
      code: issue.code,
    })),
  };
}

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  400: "validation",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  405: "method-not-allowed",
  413: "payload-too-large",
  415: "unsupported-media-type",
  422: "unprocessable",
  429: "rate-limited",
  503: "unavailable",
};

/** PostgreSQL SQLSTATE classes and Node socket codes that mean "the database is not reachable now". */
const UNREACHABLE_CODES = /^(08|57P0[1-3]|53300|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)/;
const UNREACHABLE_MESSAGES =
  /Connection terminated|connection error|terminating connection|Client was closed|timeout exceeded when trying to connect|Cannot use a pool after calling end/i;

/**
 * Whether an error (or one of its causes) says the database connection was lost or refused: the
 * request may succeed when retried (a write with the same event id is not written twice).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE_CODES.test(code)) return true;
    if (UNREACHABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/**
 * Renders every error as the JSON error body. Unexpected errors are logged through `log` and sent as
 * a bare 500: no message, stack or cause reaches the client.
 */
export function errorHandler(log: (error: unknown) => void): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) return sendError(c, err.code, err.message, err.details);
    if (err instanceof HTTPException) {
      const code = HTTP_CODES[err.status];
      if (code) return sendError(c, code, err.message || code);
    }
    log(err);
    if (isDatabaseUnavailable(err)) {
      c.header("retry-after", "1");
      return sendError(c, "unavailable", "the database is not reachable at the moment: retry (with the same event id)");
    }
    return sendError(c, "internal", "internal server error");
  };
}

/** 404 for paths no route matches. */
export const notFoundHandler: NotFoundHandler = (c) =>
  sendError(c, "not-found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`);
