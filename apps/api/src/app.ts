/**
 * The API application: cross-cutting middleware (errors, security headers, CORS, rate limit, auth,
 * body limits, content types) and one sub-app per resource, chained so that `AppType` describes
 * every route for the typed `hc` client.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { OpenAPIHono } from "@hono/zod-openapi";
import { getConnInfo } from "@hono/node-server/conninfo";
import { createSdk } from "@reform/domain";
import { LedgerReader, type Store } from "@reform/storage";
import type { Context, Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { authenticate, requestHeader } from "./auth.ts";
import { ApiConfig, type ApiConfigInput } from "./config.ts";
import type { Deps } from "./context.ts";
import { docsRoutes } from "./docs.ts";
import { ApiError, errorHandler, notFoundHandler, sendError } from "./errors.ts";
import { rateLimit } from "./rateLimit.ts";
import { responseCache } from "./responseCache.ts";
import { securityHeaders } from "./securityHeaders.ts";
import type { AppEnv } from "./env.ts";
import { bulletinsRoutes } from "./routes/bulletins.ts";
import { calendarRoutes } from "./routes/calendar.ts";
import { departmentsRoutes } from "./routes/departments.ts";
import { eventsRoutes } from "./routes/events.ts";
import { exportsRoutes } from "./routes/exports.ts";
import { healthRoutes } from "./routes/health.ts";
import { importsRoutes, UPLOAD_TYPES } from "./routes/imports.ts";
import { indicatorsRoutes } from "./routes/indicators.ts";
import { peopleRoutes } from "./routes/people.ts";
import { plansRoutes } from "./routes/plans.ts";
import { reportsRoutes } from "./routes/reports.ts";
import { tasksRoutes } from "./routes/tasks.ts";
import { overdueRoutes } from "./routes/overdue.ts";
import { themesRoutes } from "./routes/themes.ts";
import { timelineRoutes } from "./routes/timeline.ts";
import { tokensRoutes } from "./routes/tokens.ts";
import { transitionsRoutes } from "./routes/transitions.ts";
import { viewerRoutes } from "./routes/viewer.ts";
import { homeRoutes } from "./web.ts";

export interface CreateAppOptions {
  readonly store: Store;
  /** The current instant; "today" (China time) is derived from it. Default: the system clock. */
  readonly clock?: () => Date;
  readonly config?: ApiConfigInput;
  /** Where unexpected errors are reported (default: console.error). Never sent to clients. */
  readonly log?: (error: unknown) => void;
  /**
   * Re-check the database for new events on every read instead of trusting change notices
   * (LISTEN/NOTIFY). Default off: a write through another process shows once its notice has been
   * delivered here (see `LedgerReader` in @reform/storage for the guarantee).
   */
  readonly checkEachRead?: boolean;
}

/** Paths served without a token even when anonymous reading is off. */
const PUBLIC = /^\/(health|ready|openapi\.json|docs(\/.*)?)?$/;
/** Import endpoints take documents (up to the upload limit); everything else takes JSON. */
const UPLOAD = /^\/api\/imports(\/|$)/;

/** The client's key for rate limiting: a hash of its token, else its address. */
function clientKey(c: Context): string {
  const auth = requestHeader(c, "authorization");
  if (auth) return `t:${createHash("sha256").update(auth).digest("base64url").slice(0, 22)}`;
  try {
    return `a:${getConnInfo(c).remote.address ?? "unknown"}`;
  } catch {
    return "a:local";
  }
}

const BODY_METHODS = ["POST", "PUT", "PATCH"];

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * 415 unless the request's content type is accepted (documents for uploads, else JSON); 400 for a
 * JSON body that is not UTF-8 (decoding it would store U+FFFD in place of the caller's text).
 */
async function contentTypes(c: Context, next: Next, upload: boolean): Promise<void> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const allowed = upload ? UPLOAD_TYPES : ["application/json"];
  if (!allowed.includes(type)) {
    throw new ApiError("unsupported-media-type", `content type ${type || "(none)"} is not accepted here`, {
      accepted: allowed,
    });
  }
  if (!upload) {
    // Read once (within the body limit); the validators reuse the cached bytes.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    let text: string;
    try {
      text = STRICT_UTF8.decode(bytes);
    } catch {
      throw new ApiError("validation", "the JSON body is not valid UTF-8", {
        issues: [{ path: ["body"], message: "not valid UTF-8", code: "invalid_encoding" }],
      });
    }
    // NUL (\u0000) has no place in any text of the ledger, and PostgreSQL cannot store it in JSON.
    if (/(^|[^\\])(\\\\)*\\u0000/.test(text)) {
      throw new ApiError("validation", "the JSON body contains a NUL character (\\u0000)", {
        issues: [{ path: ["body"], message: "NUL characters are not accepted", code: "invalid_characters" }],
      });
    }
  }
  await next();
}

/**
 * Builds the API. The store stays the caller's to close. Figures are cached per (plans, as-of date,
 * log position); see `LedgerReader`.
 */
export function createApp(options: CreateAppOptions) {
  const config = ApiConfig.parse(options.config ?? {});
  const clock = options.clock ?? (() => new Date());
  const ledger = new LedgerReader(options.store, {
    checkEachRead: options.checkEachRead ?? false,
    compute: config.dueSoonDays === undefined ? {} : { dueSoonDays: config.dueSoonDays },
  });
  const sdk = createSdk({ now: clock });
  const deps: Deps = { store: options.store, ledger, clock, sdk, config };
  const log = options.log ?? ((error: unknown) => console.error("[reform api] unexpected error:", error));

  const app = new OpenAPIHono<AppEnv>();
  app.onError(errorHandler(log));
  app.notFound(notFoundHandler);
  app.use("*", securityHeaders());
  if (config.corsOrigins.length > 0) {
    const any = config.corsOrigins.includes("*");
    app.use(
      "/api/*",
      cors({
        origin: any ? "*" : config.corsOrigins,
        allowHeaders: ["Authorization", "Content-Type"],
        allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        exposeHeaders: ["Retry-After", "RateLimit-Remaining"],
        maxAge: 600,
      }),
    );
  }
  // Disabled limits cost nothing per request: the middleware is not registered at all.
  if (config.rateLimit.enabled)
    app.use(
      "*",
      rateLimit(config.rateLimit, clientKey, () => clock().getTime()),
    );
  const uploadLimit = bodyLimit({
    maxSize: config.uploadBodyLimit,
    onError: (c) => sendError(c, "payload-too-large", `the body exceeds ${config.uploadBodyLimit} bytes`),
  });
  const jsonLimit = bodyLimit({
    maxSize: config.jsonBodyLimit,
    onError: (c) => sendError(c, "payload-too-large", `the body exceeds ${config.jsonBodyLimit} bytes`),
  });
  // Only methods that carry a body are limited and checked (other requests skip this middleware).
  app.on(BODY_METHODS, "/api/*", async (c, next) => {
    const upload = UPLOAD.test(c.req.path);
    return (upload ? uploadLimit : jsonLimit)(c, () => contentTypes(c, next, upload));
  });
  // NUL in a path or query names nothing and cannot reach PostgreSQL: 400 before any route.
  app.use("*", async (c, next) => {
    if (/%00|\u0000/.test(c.req.url)) {
      throw new ApiError("validation", "the request's path or query contains a NUL character", {
        issues: [{ path: ["url"], message: "NUL characters are not accepted", code: "invalid_characters" }],
      });
    }
    await next();
  });
  app.use(
    "*",
    authenticate(options.store, { anonymousRead: config.anonymousRead, isPublic: (p) => PUBLIC.test(p), clock }),
  );
  if (config.responseCache) app.use("/api/*", responseCache(ledger, clock, sdk));

  app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Reform Ledger API (改革任务台账)",
      version: "0.1.0",
      license: { name: "MIT", url: "https://opensource.org/licenses/MIT" },
      description:
        "Reform task ledgers as of any date: plans, tasks, departments, reports, transitions, indicators, " +
        "bulletins, import and export. Send `Authorization: Bearer <token>`; anonymous reading may be allowed. " +
        "Errors are `{ error: { code, message, details } }`.",
    },
    // Relative: the document describes the server that serves it (and passes outside linters).
    servers: [{ url: "/", description: "This server" }],
    security: [{ Bearer: [] }],
  });

  const routes = app
    .route("/", healthRoutes(deps))
    .route("/api/plans", plansRoutes(deps))
    .route("/api/tasks", tasksRoutes(deps))
    .route("/api/tasks", transitionsRoutes(deps))
    .route("/api", reportsRoutes(deps))
    .route("/api/departments", departmentsRoutes(deps))
    .route("/api/people", peopleRoutes(deps))
    .route("/api", indicatorsRoutes(deps))
    .route("/api/bulletin", bulletinsRoutes(deps))
    .route("/api/imports", importsRoutes(deps))
    .route("/api/exports", exportsRoutes(deps))
    .route("/api/calendar", calendarRoutes(deps))
    .route("/api/events", eventsRoutes(deps))
    .route("/api/tokens", tokensRoutes(deps))
    .route("/api", viewerRoutes(deps))
    .route("/api/themes", themesRoutes(deps))
    .route("/api/overdue", overdueRoutes(deps))
    .route("/api/timeline", timelineRoutes(deps));

  app.route("/", docsRoutes());
  app.route("/", homeRoutes(config.webRoot && existsSync(config.webRoot) ? config.webRoot : undefined));
  return routes;
}

/** The application's type, for `hc<AppType>`. */
export type AppType = ReturnType<typeof createApp>;
