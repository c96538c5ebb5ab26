/**
 * Who is calling: `Authorization: Bearer <token>` resolved by the store (tokens are stored hashed),
 * else the anonymous reader. Role checks for the resources live here; the rules about which unit may
 * do what to a task are the domain's (`validateTransition`), not this module's.
 */
import type { Actor } from "@reform/domain";
import type { ApiToken, Store, TokenRole } from "@reform/storage";
import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "./errors.ts";
import type { AppEnv } from "./router.ts";

/** The caller of a request. */
export interface Principal {
  /** `anonymous` when no token was sent. */
  readonly role: TokenRole | "anonymous";
  /** Token id (absent for anonymous callers). */
  readonly tokenId?: string;
  readonly name?: string;
  /** Units a reporter acts for. */
  readonly units: readonly string[];
}

export const ANONYMOUS: Principal = { role: "anonymous", units: [] };

/** Principal of a verified token. */
export function principalOf(token: ApiToken): Principal {
  return { role: token.role, tokenId: token.id, name: token.name, units: token.units };
}

/** Whether the caller may see names and phone numbers unmasked (viewers and anonymous readers may not). */
export function seesPersonalData(p: Principal): boolean {
  return p.role === "admin" || p.role === "supervisor" || p.role === "reporter";
}

/** Requires a token (401 otherwise). */
export function requireToken(p: Principal): void {
  if (p.role === "anonymous")
    throw new ApiError("unauthorized", "this action needs an API token (Authorization: Bearer …)");
}

/** Requires one of `roles` (401 for anonymous callers, 403 for other roles). */
export function requireRole(p: Principal, roles: readonly TokenRole[], action: string): void {
  requireToken(p);
  if (!roles.includes(p.role as TokenRole)) {
    throw new ApiError("forbidden", `a ${p.role} token may not ${action}`, { role: p.role, allowed: roles });
  }
}

/** Route middleware requiring one of `roles`, run before the request is validated. */
export function roleGate(roles: readonly TokenRole[], action: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireRole(principal(c), roles, action);
    await next();
  };
}

/** The actor recorded on events the caller writes, acting for `unit` (reporters). */
export function actorOf(p: Principal, unit?: string): Actor {
  if (p.role === "anonymous") throw new ApiError("unauthorized", "this action needs an API token");
  return { role: p.role, ...(unit ? { unit } : {}), ...(p.name ? { name: p.name } : {}) };
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * A request header by its lower-case name. Served by `@hono/node-server`, it is read from Node's
 * own parsed headers (`c.env.incoming`): asking the fetch `Request` would build a `Headers` object
 * for every request. Elsewhere (`app.request()`, other runtimes) it asks the request.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: { headers?: Record<string, string | string[] | undefined> } } | undefined)
    ?.incoming;
  if (incoming?.headers) {
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  }
  return c.req.header(name);
}

/**
 * Resolves the caller. A malformed or unknown token is a 401 (never silently anonymous). Without a
 * token the caller is anonymous; when anonymous reading is off, anonymous requests to anything but
 * `publicPaths` are refused with 401.
 */
export function authenticate(
  store: Pick<Store, "verifyToken">,
  options: { anonymousRead: boolean; isPublic: (path: string) => boolean },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = requestHeader(c, "authorization");
    if (header === undefined || header === "") {
      if (!options.anonymousRead && !options.isPublic(c.req.path)) {
        throw new ApiError("unauthorized", "this server does not allow anonymous access; send an API token");
      }
      c.set("principal", ANONYMOUS);
      return next();
    }
    const match = BEARER.exec(header);
    if (!match?.[1]) throw new ApiError("unauthorized", "expected Authorization: Bearer <token>");
    const token = await store.verifyToken(match[1]);
    if (!token) throw new ApiError("unauthorized", "unknown or revoked token");
    c.set("principal", principalOf(token));
    return next();
  };
}

/** The request's principal. */
export function principal(c: Context<AppEnv>): Principal {
  return c.get("principal") ?? ANONYMOUS;
}
