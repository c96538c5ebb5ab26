/** API tokens (admins only): list, create (the plain token is shown once) and revoke. */
import { createRoute, z } from "@hono/zod-openapi";
import { resolveUnitScope } from "@reform/domain";
import { NewToken, TokenRole } from "@reform/storage";
import { roleGate } from "../auth.ts";
import { caller, type Deps } from "../context.ts";
import { ApiError } from "../errors.ts";
import { router } from "../router.ts";
import { errors, json } from "../schemas.ts";
import { storeError } from "../writes.ts";

const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: TokenRole,
    units: z.array(z.string()),
    createdAt: z.string(),
    lastUsedAt: z.string().optional(),
    revokedAt: z.string().optional(),
    expiresAt: z.string().optional(),
  })
  .openapi("Token");

const TokenId = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: "id", in: "path" } }),
});

/** Token management is for admins only. */
const admins = roleGate("manage-tokens", "manage tokens");

const list = createRoute({
  method: "get",
  middleware: [admins] as const,
  path: "/",
  tags: ["tokens"],
  summary: "API tokens (never the secrets)",
  responses: { 200: json(z.object({ items: z.array(TokenSchema) }), "Tokens"), ...errors("unauthorized", "forbidden") },
});

const create = createRoute({
  method: "post",
  middleware: [admins] as const,
  path: "/",
  tags: ["tokens"],
  summary: "Create a token; the plain token is returned once",
  description:
    "A reporter's `units` are canonical units of a region: unit ids (`萍乡市:市财政局`) or names that name one " +
    "unit of one region; the token stores their ids. Unknown or ambiguous units are a 422 naming them. " +
    "`expiresAt` (an instant with its offset, in the future) makes the token stop working then; without it the " +
    "token works until it is revoked.",
  request: { body: { required: true, content: { "application/json": { schema: NewToken } } } },
  responses: {
    201: json(z.object({ token: TokenSchema, plainToken: z.string() }), "Created"),
    ...errors("validation", "unauthorized", "forbidden", "unprocessable"),
  },
});

const revoke = createRoute({
  method: "delete",
  middleware: [admins] as const,
  path: "/{id}",
  tags: ["tokens"],
  summary: "Revoke a token",
  request: { params: TokenId },
  responses: { 200: json(TokenSchema, "Revoked"), ...errors("unauthorized", "forbidden", "not-found") },
});

const plain = <T extends { units: ReadonlyArray<string> }>(t: T) => ({ ...t, units: [...t.units] });

/** The tokens resource, mounted at `/api/tokens`. */
export function tokensRoutes(deps: Deps) {
  return router()
    .openapi(list, async (c) => {
      return c.json({ items: (await deps.store.listTokens()).map(plain) }, 200);
    })
    .openapi(create, async (c) => {
      const body = c.req.valid("json");
      if (body.expiresAt !== undefined && Date.parse(body.expiresAt) <= deps.clock().getTime()) {
        throw new ApiError("unprocessable", `expiresAt ${body.expiresAt} is not in the future`, {
          issues: [{ path: ["expiresAt"], message: "must be in the future", code: "expired" }],
        });
      }
      // A token acts for canonical units of a region: names are resolved to unit ids, unknown
      // and ambiguous ones (市财政局 of two cities) refused.
      let units = body.units;
      if (units !== undefined && units.length > 0) {
        const snapshot = await deps.ledger.snapshot();
        const known = [...snapshot.plans.values()].flatMap((plan) => plan.ledger.units);
        const scope = resolveUnitScope(units, known);
        if (!scope.ok) {
          throw new ApiError("unprocessable", scope.issues.map((i) => i.message).join("; "), {
            issues: scope.issues.map((i) => ({
              path: ["units", units!.indexOf(i.unit)],
              message: i.message,
              code: i.reason === "unknown" ? "unknown-unit" : "ambiguous-unit",
              ...(i.candidates.length > 0 ? { candidates: i.candidates } : {}),
            })),
          });
        }
        units = scope.units;
      }
      try {
        const created = await deps.store.createToken({ ...body, ...(units !== undefined ? { units } : {}) });
        return c.json({ token: plain(created.token), plainToken: created.plainToken }, 201);
      } catch (error) {
        throw storeError(error);
      }
    })
    .openapi(revoke, async (c) => {
      const { principal } = caller(c);
      const { id } = c.req.valid("param");
      if (id === principal.tokenId) throw new ApiError("conflict", "a token cannot revoke itself");
      try {
        return c.json(plain(await deps.store.revokeToken(id)), 200);
      } catch (error) {
        throw storeError(error);
      }
    });
}
