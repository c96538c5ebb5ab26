import { type ApiToken, NewToken, NotFoundError, StorageError, TokenUpdate, type VerifyOptions } from "../Store.ts";
import { TOKEN_COLUMNS, type TokenRow, toApiToken } from "../Rows.ts";
import { checkReporterUnits, parseInput } from "../Inputs.ts";
import { generateToken, tokenExpired, tokenId, tokenMatches } from "../Tokens.ts";
import { type Db, guard } from "./Db.ts";

export function createToken(db: Db, input: NewToken): Promise<{ token: ApiToken; plainToken: string }> {
  return guard(async () => {
    const { name, role, units, expiresAt } = parseInput(NewToken, input, "invalid token");
    checkReporterUnits(role, units);
    const { id, plainToken, hash } = generateToken();
    const [row] = await db.sql.query<TokenRow>(
      `INSERT INTO api_tokens (id, name, role, units, token_hash, expires_at)
       VALUES ($1, $2, $3, $4::text[], $5, $6::timestamptz)
       RETURNING ${TOKEN_COLUMNS}`,
      [id, name, role, units, hash, expiresAt ?? null],
    );
    if (!row) throw new StorageError({ message: "token was not recorded" });
    return { token: toApiToken(row), plainToken };
  });
}

export function listTokens(db: Db): Promise<ApiToken[]> {
  return guard(async () => {
    const rows = await db.sql.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, id`);
    return rows.map(toApiToken);
  });
}

export function getToken(db: Db, id: string): Promise<ApiToken | undefined> {
  return guard(async () => {
    const [row] = await db.sql.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
    return row ? toApiToken(row) : undefined;
  });
}

export function updateToken(db: Db, id: string, update: TokenUpdate): Promise<ApiToken> {
  return guard(async () => {
    const changes = parseInput(TokenUpdate, update, "invalid token update");
    return db.sql.transaction(async (tx) => {
      const [current] = await tx.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1 FOR UPDATE`, [
        id,
      ]);
      if (!current) throw tokenNotFound(id);
      const role = changes.role ?? current.role;
      const units = changes.units ?? current.units;
      checkReporterUnits(role, units);
      const [row] = await tx.query<TokenRow>(
        `UPDATE api_tokens SET name = $2, role = $3, units = $4::text[] WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`,
        [id, changes.name ?? current.name, role, units],
      );
      if (!row) throw tokenNotFound(id);
      return toApiToken(row);
    });
  });
}

export function revokeToken(db: Db, id: string): Promise<ApiToken> {
  return guard(async () => {
    const [row] = await db.sql.query<TokenRow>(
      `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`,
      [id],
    );
    if (!row) throw tokenNotFound(id);
    return toApiToken(row);
  });
}

export function deleteToken(db: Db, id: string): Promise<boolean> {
  return guard(async () => {
    const rows = await db.sql.query<{ id: string }>("DELETE FROM api_tokens WHERE id = $1 RETURNING id", [id]);
    return rows.length > 0;
  });
}

/** The token's record when it is well formed, known, not revoked and not expired as of `now`. */
export function verifyToken(db: Db, plainToken: string, options: VerifyOptions = {}): Promise<ApiToken | undefined> {
  return guard(async () => {
    const id = tokenId(plainToken);
    if (id === undefined) return undefined;
    const [row] = await db.sql.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
    if (!row || row.revoked_at !== null || !tokenMatches(plainToken, row.token_hash)) return undefined;
    const token = toApiToken(row);
    if (tokenExpired(token, options.now ?? new Date())) return undefined;
    // Record use at most once a minute, so verifying stays a read on busy tokens.
    await db.sql.query(
      `UPDATE api_tokens SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
    return token;
  });
}

function tokenNotFound(id: string): NotFoundError {
  return new NotFoundError({ message: `token ${id} does not exist`, entity: "token", id });
}
