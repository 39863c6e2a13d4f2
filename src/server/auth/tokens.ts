// Access tokens (JWT HS256 via jose, 15 minutes) and refresh tokens (random, stored as a hash).
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { Queryable } from '../store/db';
import { HttpError } from '../errors';
import { verifyWithPreviousKey } from './keyRotation';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
/** A phone may be offline for weeks (school holidays): its refresh token lives 60 days. */
export const REFRESH_TOKEN_DAYS = 60;
const ISSUER = 'schoolnabij';

export interface AccessClaims {
  userId: string;
  deviceId: string;
  /** The session (log-in) the token belongs to; ending it refuses the token at once (authenticate). */
  sessionId?: string;
}

/**
 * The signing secret lives in the database, generated once by whichever copy starts first, so every
 * copy of the stateless service verifies every other copy's tokens.
 */
export async function loadSecret(db: Queryable): Promise<Uint8Array> {
  await db.query("INSERT INTO settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING", [
    randomBytes(32).toString('base64url'),
  ]);
  const { rows } = await db.query<{ value: string }>("SELECT value FROM settings WHERE key = 'jwt_secret'");
  const value = rows[0]?.value;
  if (!value) throw new Error('jwt_secret missing after insert');
  return Buffer.from(value, 'base64url');
}

export async function signAccessToken(secret: Uint8Array, claims: AccessClaims, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ dev: claims.deviceId, ...(claims.sessionId ? { sid: claims.sessionId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
    .sign(secret);
}

/**
 * Tokens this process has verified, until they expire: a phone sends the same token with every
 * request for 15 minutes, and WebCrypto's HMAC check costs more than the rest of the authentication
 * but the database lookup. Only successful checks are kept, per secret; the oldest goes first past
 * VERIFIED_MAX. Nothing here is session state: any copy verifies any token on its own.
 */
const verified = new WeakMap<Uint8Array, Map<string, { claims: AccessClaims; expiresAt: number }>>();
const VERIFIED_MAX = 10_000;

export async function verifyAccessToken(secret: Uint8Array, token: string, now = Date.now()): Promise<AccessClaims> {
  let cache = verified.get(secret);
  if (!cache) verified.set(secret, (cache = new Map()));
  const hit = cache.get(token);
  if (hit && now < hit.expiresAt) return hit.claims;
  cache.delete(token);
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: ['HS256'], currentDate: new Date(now) });
    if (typeof payload.sub !== 'string' || typeof payload.dev !== 'string' || typeof payload.exp !== 'number') {
      throw new errors.JWTInvalid('claims');
    }
    const claims: AccessClaims = { userId: payload.sub, deviceId: payload.dev };
    if (typeof payload.sid === 'string') claims.sessionId = payload.sid;
    if (cache.size >= VERIFIED_MAX) cache.delete(cache.keys().next().value!);
    cache.set(token, { claims, expiresAt: payload.exp * 1000 });
    return claims;
  } catch (err) {
    if (err instanceof errors.JWTExpired) {
      throw new HttpError(401, 'token_expired', 'Je sessie is verlopen. De app vernieuwt hem; lukt dat niet, log dan opnieuw in.');
    }
    // Signed with the key before the last rotation, and issued before it: still good.
    const previous = await verifyWithPreviousKey(secret, token, now);
    if (previous) return previous;
    throw new HttpError(401, 'invalid_token', 'Ongeldig toegangsbewijs. Log opnieuw in.');
  }
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

/** Refresh tokens are 256 random bits: a plain SHA-256 is enough, no salt or slow hash needed. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
