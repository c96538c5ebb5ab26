/** The API's settings: access, CORS, body limits and rate limiting. */
import { z } from "zod";

const MB = 1024 * 1024;

export const RateLimitConfig = z.object({
  /** Off switch (e.g. for benchmarks behind a trusted proxy). */
  enabled: z.boolean().default(true),
  /** Bucket size: requests a client may send in a burst. */
  burst: z.number().int().positive().default(120),
  /** Refill rate, requests per second. */
  perSecond: z.number().positive().default(20),
});
export type RateLimitConfig = z.infer<typeof RateLimitConfig>;

export const ApiConfig = z.object({
  /** Whether requests without a token may read (GET). Writes always need a token. */
  anonymousRead: z.boolean().default(true),
  /** Origins allowed by CORS; `["*"]` allows any. Empty: no CORS headers. */
  corsOrigins: z.array(z.string()).default([]),
  /** Largest JSON body accepted, in bytes. */
  jsonBodyLimit: z
    .number()
    .int()
    .positive()
    .default(1 * MB),
  /** Largest uploaded document accepted by the import endpoints, in bytes. */
  uploadBodyLimit: z
    .number()
    .int()
    .positive()
    .default(10 * MB),
  rateLimit: RateLimitConfig.default({ enabled: true, burst: 120, perSecond: 20 }),
  /** Days ahead within which a task counts as "due soon" (passed to the domain). */
  dueSoonDays: z.number().int().nonnegative().optional(),
  /** Answer repeated GETs of memoised pages from memory (see `responseCache.ts`); off for measurements. */
  responseCache: z.boolean().default(true),
  /** Directory of built web viewer files served at `/` when present. */
  webRoot: z.string().optional(),
});
export type ApiConfig = z.infer<typeof ApiConfig>;
export type ApiConfigInput = z.input<typeof ApiConfig>;
