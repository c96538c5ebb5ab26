/**
 * API token secrets: `rl_<id>_<secret>`. The id locates the record; only the SHA-256 of the whole
 * token is stored, and hashes are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const TOKEN = /^rl_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;

/** A new random token and its id (16 hex digits) and hash (SHA-256, hex). */
export function generateToken(): { id: string; plainToken: string; hash: string } {
  const id = randomBytes(8).toString("hex");
  const plainToken = `rl_${id}_${randomBytes(32).toString("base64url")}`;
  return { id, plainToken, hash: hashToken(plainToken) };
}

/** SHA-256 of a plain token, hex. */
export function hashToken(plainToken: string): string {
  return createHash("sha256").update(plainToken, "utf8").digest("hex");
}

/** The record id a well-formed token names; undefined for anything else. */
export function tokenId(plainToken: string): string | undefined {
  return TOKEN.exec(plainToken)?.[1];
}

/** Whether a token has expired as of `now` (a token without `expiresAt` never does). */
export function tokenExpired(token: { readonly expiresAt?: string | undefined }, now: Date): boolean {
  return token.expiresAt !== undefined && Date.parse(token.expiresAt) <= now.getTime();
}

/** Whether a plain token hashes to `storedHash`, compared in constant time. */
export function tokenMatches(plainToken: string, storedHash: string): boolean {
  const given = Buffer.from(hashToken(plainToken), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}
