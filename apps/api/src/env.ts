/**
 * The types the app's middleware and every resource share: who is calling (`Principal`) and the
 * per-request values the middleware sets (`AppEnv`). Kept apart so `auth.ts` and `router.ts` both
 * import from here rather than from each other.
 */
import type { ReaderRole } from "@reform/domain";

/** The caller of a request. */
export interface Principal {
  /** `anonymous` when no token was sent. */
  readonly role: ReaderRole;
  /** Token id (absent for anonymous callers). */
  readonly tokenId?: string;
  readonly name?: string;
  /** Units a reporter acts for. */
  readonly units: readonly string[];
}

/** The caller without a token. */
export const ANONYMOUS: Principal = { role: "anonymous", units: [] };

/** Per-request values set by the app's middleware. */
export interface AppEnv {
  Variables: {
    principal: Principal;
  };
}
