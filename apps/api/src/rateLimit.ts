/**
 * Rate limiting: an in-memory token bucket per client key (token or address). The buckets live in
 * this process only, so with several processes behind a balancer each enforces its own limit.
 */
import type { MiddlewareHandler } from "hono";
import type { RateLimitConfig } from "./config.ts";
import { sendError } from "./errors.ts";

interface Bucket {
  tokens: number;
  /** Milliseconds timestamp of the last refill. */
  at: number;
}

/** Outcome of taking one token: allowed, or refused with the seconds until one is available. */
export type Take = { ok: true; remaining: number } | { ok: false; retryAfter: number };

/** Token buckets keyed by client. `now` is injected so the arithmetic is testable. */
export class TokenBuckets {
  readonly #burst: number;
  readonly #perMs: number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxKeys: number;

  constructor(options: { burst: number; perSecond: number; maxKeys?: number }) {
    this.#burst = options.burst;
    this.#perMs = options.perSecond / 1000;
    this.#maxKeys = options.maxKeys ?? 10_000;
  }

  /** Takes one token from `key`'s bucket at time `now` (ms). */
  take(key: string, now: number): Take {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.#maxKeys) this.#evictFull(now);
      bucket = { tokens: this.#burst, at: now };
      this.#buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000)) };
  }

  /** Forgets buckets that have refilled completely (they behave exactly like new ones). */
  #evictFull(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.at) * this.#perMs >= this.#burst) this.#buckets.delete(key);
    }
    // Still full of active clients: drop the oldest entries rather than grow without bound.
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size < this.#maxKeys) break;
      this.#buckets.delete(key);
    }
  }
}

/**
 * Middleware refusing requests over the limit with 429 and `Retry-After`. `keyOf` names the client
 * (the caller's token id or address).
 */
export function rateLimit(
  config: RateLimitConfig,
  keyOf: (c: Parameters<MiddlewareHandler>[0]) => string,
  now: () => number,
): MiddlewareHandler {
  const buckets = new TokenBuckets(config);
  return async (c, next) => {
    if (!config.enabled) return next();
    const taken = buckets.take(keyOf(c), now());
    if (!taken.ok) {
      c.header("Retry-After", String(taken.retryAfter));
      return sendError(c, "rate-limited", "too many requests; slow down", { retryAfterSeconds: taken.retryAfter });
    }
    await next();
    // Set on the response (not prepared before it): prebuilt responses ignore prepared headers.
    c.res.headers.set("RateLimit-Remaining", String(taken.remaining));
  };
}
