/**
 * @reform/api — the Reform Ledger HTTP API (Hono). `createApp` builds the application over a store;
 * `AppType` types the `hc` client (see `@reform/api/client`).
 */
export { type AppType, type CreateAppOptions, createApp } from "./app.ts";
export { ApiConfig, type ApiConfigInput, RateLimitConfig } from "./config.ts";
export { ApiError, ErrorBody, ErrorCode } from "./errors.ts";
