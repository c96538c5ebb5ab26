/**
 * Memoised GET responses, looked up before a request is validated or routed to its handler.
 *
 * A handler opts in by answering with `memoResponse(view, bytes)`: JSON bytes that are a pure
 * function of the request's URL, the caller's role (and units, for reporters), today's date and the
 * ledger's revision. The next GET of the same URL by a caller of the same role, on the same day, at
 * the same revision, gets the same bytes without validation or handler work. Nothing is served from
 * here while the ledger has changes to catch up on (or when every read must ask the database, as on
 * a shared PostgreSQL server): then the request takes the normal path, which refreshes the ledger.
 *
 * Only 200 responses built by `memoResponse` are stored; errors, other responses and other methods
 * pass through untouched. Role gates run after this middleware, so the key holds the role: an
 * entry is only ever served to callers who passed the same gates.
 */
import type { ReformSdk } from "@reform/domain";
import type { MiddlewareHandler, TypedResponse } from "hono";
import type { JSONParsed } from "hono/utils/types";
import { principal } from "./auth.ts";
import type { LedgerReader, View } from "@reform/storage";
import type { AppEnv } from "./env.ts";
import { jsonBytes } from "./router.ts";
import { jsonHeaders, prebuiltResponse } from "./securityHeaders.ts";

/** Responses that may be stored, with the ledger revision their bytes were built from. */
const memoised = new WeakMap<Response, { readonly revision: number; readonly bytes: Uint8Array }>();

/**
 * A 200 JSON response of `bytes` computed from `view` (and the request URL, role and day only), which
 * the response cache may store. `T` is the body's type, which the bytes were built from.
 */
export function memoResponse<T>(view: View, bytes: Uint8Array): Response & TypedResponse<JSONParsed<T>, 200, "json"> {
  const res = jsonBytes<T>(bytes);
  memoised.set(res, { revision: view.snapshot.revision, bytes });
  return res;
}

export interface ResponseCacheOptions {
  /** Most entries kept (the oldest dropped first). */
  readonly maxEntries?: number;
  /** Most bytes of bodies kept. */
  readonly maxBytes?: number;
}

interface Entry {
  readonly revision: number;
  /** Today's date when it was made. */
  readonly day: string;
  readonly bytes: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

/** The response cache middleware for GET requests; see the module comment. */
export function responseCache(
  ledger: LedgerReader,
  clock: () => Date,
  sdk: Pick<ReformSdk, "todaySync">,
  options: ResponseCacheOptions = {},
): MiddlewareHandler<AppEnv> {
  const maxEntries = options.maxEntries ?? 2048;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const drop = (key: string, entry: Entry): void => {
    entries.delete(key);
    bytes -= entry.bytes.byteLength;
  };
  // Today's date (the SDK's, from the same clock), asked again when the clock enters another second
  // (a date never changes within one).
  let second = Number.NaN;
  let day = "";
  const today = (): string => {
    const s = Math.floor(clock().getTime() / 1000);
    if (s !== second) {
      second = s;
      day = sdk.todaySync();
    }
    return day;
  };

  return async (c, next) => {
    if (c.req.method !== "GET") return next();
    const who = principal(c);
    const key = `${who.role}|${who.role === "reporter" ? who.units.join(",") : ""}|${c.req.url}`;
    const date = today();
    const revision = ledger.currentRevision();
    if (revision !== undefined) {
      const hit = entries.get(key);
      if (hit) {
        if (hit.revision === revision && hit.day === date) return prebuiltResponse(hit.bytes, hit.headers);
        drop(key, hit);
      }
    }
    await next();
    const made = memoised.get(c.res);
    if (!made || c.res.status !== 200 || made.revision !== ledger.currentRevision() || today() !== date) return;
    const old = entries.get(key);
    if (old) drop(key, old);
    if (made.bytes.byteLength > maxBytes) return;
    entries.set(key, { ...made, day: date, headers: jsonHeaders(made.bytes.byteLength) });
    bytes += made.bytes.byteLength;
    for (const [k, e] of entries) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      drop(k, e);
    }
  };
}
