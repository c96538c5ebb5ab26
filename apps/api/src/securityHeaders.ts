/**
 * Security headers on every response, built once. Pages (HTML: the API reference, the web viewer)
 * get the set `hono/secure-headers` sends by default with a page Content-Security-Policy; every
 * other response (JSON, spreadsheets, calendars, event streams, assets) gets the set OWASP's REST
 * Security Cheat Sheet recommends for APIs: nothing may run or be framed, no sniffing, no referrer,
 * no caching of (possibly personal) data. Hot responses built from memoised bytes carry their
 * headers already (`prebuiltResponse`) and are passed through untouched; every other response gets
 * them set after its handler ran, overwriting whatever the handler set.
 */
import type { MiddlewareHandler } from "hono";

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers of HTML pages: header name → value, lower-case names. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-security-policy": CSP,
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=15552000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-frame-options": "SAMEORIGIN",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
});

/**
 * Headers of every other response (API data, files, streams): header name → value. A
 * `cache-control` the handler set is kept.
 */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "cross-origin-resource-policy": "same-origin",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=15552000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
});

const PAGE_ENTRIES = Object.entries(PAGE_HEADERS);
const API_ENTRIES = Object.entries(API_HEADERS);
/** Responses built with the security headers in place. */
const prebuilt = new WeakSet<Response>();

/** The header object of a prebuilt JSON response of `length` bytes (reusable: nothing writes to it). */
export function jsonHeaders(length: number): Readonly<Record<string, string>> {
  return Object.freeze({ ...API_HEADERS, "content-type": "application/json", "content-length": String(length) });
}

/**
 * A 200 response of JSON bytes with the security headers and its length, built in one step from a
 * plain header object (the cheapest form for the Node adapter to write); `headers` from
 * `jsonHeaders(bytes.byteLength)` when the caller keeps them.
 */
export function prebuiltResponse(bytes: Uint8Array, headers = jsonHeaders(bytes.byteLength)): Response {
  const res = new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers });
  prebuilt.add(res);
  return res;
}

/** Middleware setting the security headers on responses that do not carry them yet. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (prebuilt.has(c.res)) return;
    const headers = c.res.headers;
    const page = headers.get("content-type")?.startsWith("text/html") === true;
    for (const [name, value] of page ? PAGE_ENTRIES : API_ENTRIES) {
      // Files that may be cached (reference assets, the viewer's hashed bundles) say so themselves.
      if (name === "cache-control" && headers.has(name)) continue;
      headers.set(name, value);
    }
    headers.delete("x-powered-by");
  };
}
