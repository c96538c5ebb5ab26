/**
 * Who is calling: `Authorization: Bearer <token>` resolved by the store (tokens are stored hashed),
 * else the anonymous reader. Which role may do what is the domain's (`may`, `rolesAllowed` in
 * `@reform/domain`'s Privacy module), as are the rules about which unit may do what to a task
 * (`validateTransition`); this module only turns their answers into 401/403.
 */
import { type Action, type Actor, may, rolesAllowed, seesPersonalData as roleSeesPersonalData } from "@reform/domain";
import type { ApiToken, Store } from "@reform/storage";
import type { Context, MiddlewareHandler } from "hono";
import { ANONYMOUS, type AppEnv, type Principal } from "./env.ts";
import { ApiError } from "./errors.ts";

/** Principal of a verified token. */
export function principalOf(token: ApiToken): Principal {
  return { role: token.role, tokenId: token.id, name: token.name, units: token.units };
}

/** Whether the caller may see names and phone numbers unmasked (viewers and anonymous readers may not). */
export function seesPersonalData(p: Principal): boolean {
  return roleSeesPersonalData(p.role);
}

/** Requires a token (401 otherwise). */
export function requireToken(p: Principal): void {
  if (p.role === "anonymous")
    throw new ApiError("unauthorized", "this action needs an API token (Authorization: Bearer …)");
}

/**
 * Requires a role that may take `action` (401 for anonymous callers, 403 for other roles);
 * `description` says what in the refusal ("a viewer token may not <description>").
 */
export function requireRole(p: Principal, action: Action, description: string): void {
  requireToken(p);
  if (!may(p.role, action)) {
    const allowed = rolesAllowed(action);
    throw new ApiError("forbidden", `a ${p.role} token may not ${description}`, { role: p.role, allowed });
  }
}

/** Route middleware requiring a role that may take `action`, run before the request is validated. */
export function roleGate(action: Action, description: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireRole(principal(c), action, description);
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
 * Resolves the caller. A malformed, unknown, revoked or expired (by `clock`) token is a 401 (never silently anonymous). Without a
 * token the caller is anonymous; when anonymous reading is off, anonymous requests to anything but
 * `publicPaths` are refused with 401.
 */
export function authenticate(
  store: Pick<Store, "verifyToken">,
  options: { anonymousRead: boolean; isPublic: (path: string) => boolean; clock?: () => Date },
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
    const token = await store.verifyToken(match[1], { now: options.clock?.() ?? new Date() });
    if (!token) throw new ApiError("unauthorized", "unknown, revoked or expired token");
    c.set("principal", principalOf(token));
    return next();
  };
}

/** The request's principal. */
export function principal(c: Context<AppEnv>): Principal {
  return c.get("principal") ?? ANONYMOUS;
}

/** Task writes need a token of a role that may write (the domain then decides on the unit). */
export const WRITERS = roleGate("report", "write to the ledger");
