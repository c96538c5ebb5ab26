/**
 * The connection to a running API: where it is and which token to send (flags, else `REFORM_URL` /
 * `REFORM_TOKEN`), the typed `hc` client over it, and one reading of every failure — unreachable,
 * token refused, role refused, stale version, bad input — as a one-line message with an exit code.
 */
import { type Client, createClient } from "@reform/api/client";

/** Exit codes of the `reform` command. */
export const EXIT = {
  /** Done (a ledger produced, a write recorded). */
  ok: 0,
  /** Refused or failed for a reason the message gives (not found, unreadable document, rule). */
  failed: 1,
  /** The command line was wrong. */
  usage: 2,
  /** The server could not be reached (or answered 5xx / 503). */
  unreachable: 3,
  /** The token was refused (401) or its role may not do this (403). */
  refused: 4,
  /** The task or plan changed since it was read (409: stale version). */
  conflict: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where the server is and who we are. */
export interface Connection {
  readonly url: string;
  readonly token: string | undefined;
  readonly client: Client;
  /** The fetch used (tests and the event stream share it). */
  readonly fetch: typeof fetch;
}

/** Resolves the server from flags and the environment; undefined when none is given. */
export function serverOf(
  flags: { server?: string | undefined; token?: string | undefined },
  env: Record<string, string | undefined>,
): { url: string; token: string | undefined } | { error: string } | undefined {
  const raw = flags.server ?? env.REFORM_URL;
  if (raw === undefined || raw.trim() === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw.includes("://") ? raw : `http://${raw}`);
  } catch {
    return { error: `--server must be an address like http://127.0.0.1:8787, got '${raw}'` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { error: `--server must be an http(s) address, got '${raw}'` };
  }
  const token = flags.token ?? env.REFORM_TOKEN;
  return { url: url.origin + url.pathname.replace(/\/+$/, ""), token: token?.trim() || undefined };
}

/** A connection to `url` with `token`. */
export function connect(url: string, token: string | undefined, fetchImpl: typeof fetch = fetch): Connection {
  return { url, token, fetch: fetchImpl, client: createClient(url, { ...(token ? { token } : {}), fetch: fetchImpl }) };
}

/** A failed call, read into what the operator needs: one line and an exit code. */
export class ApiFailure extends Error {
  readonly exit: ExitCode;
  readonly status: number | undefined;
  readonly code: string;
  readonly details: unknown;
  constructor(message: string, exit: ExitCode, code: string, status?: number, details?: unknown) {
    super(message);
    this.exit = exit;
    this.code = code;
    this.status = status;
    this.details = details;
  }
  /** Whether trying again later may help (the server is down or busy). */
  get transient(): boolean {
    return this.exit === EXIT.unreachable || this.status === 429;
  }
}

function exitOf(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.refused;
  if (status === 409) return EXIT.conflict;
  if (status >= 500) return EXIT.unreachable;
  return EXIT.failed;
}

/** The first issue of a validation error, as "path: message". */
function firstIssue(details: unknown): string | undefined {
  const issues = (details as { issues?: { path?: unknown[]; message?: string }[] } | undefined)?.issues;
  const issue = Array.isArray(issues) ? issues[0] : undefined;
  if (!issue?.message) return undefined;
  return issue.path && issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}

/** Reads a non-2xx response into an {@link ApiFailure}. */
export async function failureOf(res: Response, doing: string): Promise<ApiFailure> {
  let code = `http-${res.status}`;
  let message = res.statusText || `HTTP ${res.status}`;
  let details: unknown;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body?.error?.message) {
      code = body.error.code ?? code;
      message = body.error.message;
      details = body.error.details;
    }
  } catch {
    // Not the API's JSON error: keep the status line.
  }
  const issue = code === "validation" ? firstIssue(details) : undefined;
  let line = `${doing}: ${message}${issue && !message.includes(issue) ? ` (${issue})` : ""}`;
  if (res.status === 401) line = `${doing}: the server refused the token (401: ${message})`;
  if (res.status === 403) line = `${doing}: not allowed (403: ${message})`;
  if (res.status === 409) {
    const current = (details as { currentVersion?: unknown } | undefined)?.currentVersion;
    line = `${doing}: conflict (409: ${message})${typeof current === "number" ? `; current version ${current}` : ""}`;
  }
  if (res.status === 429) line = `${doing}: the server is busy (429: ${message}); try again shortly`;
  return new ApiFailure(line, exitOf(res.status), code, res.status, details);
}

/** A failure to reach the server at all. */
export function unreachable(url: string, error: unknown): ApiFailure {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new ApiFailure(`cannot reach the server at ${url} (${why})`, EXIT.unreachable, "unreachable");
}

/**
 * Runs a request through the typed client and returns its JSON body, or throws an {@link ApiFailure}
 * (unreachable server, error status) saying what `doing` was.
 */
export async function call<T>(conn: Connection, doing: string, send: () => Promise<Response>): Promise<T> {
  const res = await response(conn, doing, send);
  return (await res.json()) as T;
}

/** Like {@link call} but returns the successful `Response` itself (text, bytes). */
export async function response(conn: Connection, doing: string, send: () => Promise<Response>): Promise<Response> {
  let res: Response;
  try {
    res = await send();
  } catch (error) {
    throw unreachable(conn.url, error);
  }
  if (!res.ok) throw await failureOf(res, doing);
  return res;
}
