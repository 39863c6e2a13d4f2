// Replacing the access-token signing key without logging anyone out. The key lives in `settings`
// (jwt_secret, read by every copy at its start). Rotating keeps the old one as jwt_secret_previous
// with the moment of rotation; a copy started after that signs with the new key and still accepts a
// token of the old key that was issued before the rotation, or within ROTATION_GRACE_SECONDS after
// it (copies not yet restarted go on signing with the old key). Such a token lives at most
// ACCESS_TOKEN_SECONDS, so the old key stops mattering by itself; the next rotation drops it.
import { randomBytes } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { Db, Queryable } from '../store/db';
import type { AccessClaims } from './tokens';

/** How long after a rotation the copies may take to restart (docs/operations.md). */
export const ROTATION_GRACE_SECONDS = 5 * 60;

interface PreviousKey {
  key: Uint8Array;
  rotatedAt: number;
}
const previousKeys = new WeakMap<Uint8Array, PreviousKey>();

/** Remembers the key that `current` replaced, when there is one. Called once per copy at its start. */
export async function loadPreviousKey(db: Queryable, current: Uint8Array): Promise<void> {
  const { rows } = await db.query<{ value: string }>("SELECT value FROM settings WHERE key = 'jwt_secret_previous'");
  if (!rows[0]) return;
  const { key, rotatedAt } = JSON.parse(rows[0].value) as { key: string; rotatedAt: string };
  previousKeys.set(current, { key: Buffer.from(key, 'base64url'), rotatedAt: Date.parse(rotatedAt) });
}

/** The claims of a token signed with the key `current` replaced, if it is still to be accepted. */
export async function verifyWithPreviousKey(current: Uint8Array, token: string, now: number): Promise<AccessClaims | null> {
  const previous = previousKeys.get(current);
  if (!previous) return null;
  try {
    const { payload } = await jwtVerify(token, previous.key, { issuer: 'schoolnabij', algorithms: ['HS256'], currentDate: new Date(now) });
    if (typeof payload.iat !== 'number' || payload.iat * 1000 > previous.rotatedAt + ROTATION_GRACE_SECONDS * 1000) return null;
    if (typeof payload.sub !== 'string' || typeof payload.dev !== 'string') return null;
    return { userId: payload.sub, deviceId: payload.dev };
  } catch {
    return null;
  }
}

/** A new signing key; the current one becomes the previous (an older previous one is dropped). */
export async function rotateTokenKey(db: Db, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ value: string }>("SELECT value FROM settings WHERE key = 'jwt_secret' FOR UPDATE");
    if (!rows[0]) throw new Error('jwt_secret missing: start the service once first');
    const previous = JSON.stringify({ key: rows[0].value, rotatedAt: now.toISOString() });
    await tx.query(
      "INSERT INTO settings (key, value) VALUES ('jwt_secret_previous', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
      [previous],
    );
    await tx.query("UPDATE settings SET value = $1 WHERE key = 'jwt_secret'", [randomBytes(32).toString('base64url')]);
  });
}
