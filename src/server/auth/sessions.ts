// Sessions: one log-in on one device, the family of refresh tokens it started and the access tokens
// signed for it. Ending a session refuses all of them at once (authenticate reads it per request).
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../store/db';
import { REFRESH_TOKEN_DAYS, hashRefreshToken, newRefreshToken, signAccessToken } from './tokens';

/** How a session's log-in was confirmed (sessions.second_factor). */
export type SessionFactor = 'totp' | 'passkey' | 'known_device' | 'exempt';

/**
 * A refresh whose answer got lost (phone in a corridor) retries with the token it still has. Within
 * this many seconds, and only while the token that replaced it was never presented, that retry is
 * answered: the unused successor is retired, so the family keeps exactly one live token. Any other
 * use of a replaced token is a re-use and ends the session.
 */
export const RETRY_GRACE_SECONDS = 60;

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

async function issueTokens(
  db: Queryable,
  secret: Uint8Array,
  userId: string,
  deviceId: string,
  sessionId: string,
  parentHash: string | null,
): Promise<Tokens> {
  const refresh = newRefreshToken();
  await db.query(
    `INSERT INTO refresh_tokens (token_hash, user_id, device_id, session_id, parent_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6))`,
    [refresh.hash, userId, deviceId, sessionId, parentHash, REFRESH_TOKEN_DAYS],
  );
  return { accessToken: await signAccessToken(secret, { userId, deviceId, sessionId }), refreshToken: refresh.token };
}

export async function startSession(
  db: Queryable,
  secret: Uint8Array,
  userId: string,
  deviceId: string,
  factor: SessionFactor,
): Promise<Tokens> {
  const sessionId = randomUUID();
  await db.query('INSERT INTO sessions (id, user_id, device_id, second_factor) VALUES ($1, $2, $3, $4)', [
    sessionId,
    userId,
    deviceId,
    factor,
  ]);
  return issueTokens(db, secret, userId, deviceId, sessionId, null);
}

export type EndReason = 'logout' | 'password_reset' | 'refresh_reuse';

/** Ends the open sessions that match: all of a user's, one device's of a user, or one. */
export async function endSessions(
  db: Queryable,
  which: { userId: string; deviceId?: string } | { sessionId: string },
  reason: EndReason,
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE sessions SET ended_at = now(), end_reason = $4
      WHERE ended_at IS NULL
        AND ($1::uuid IS NULL OR id = $1::uuid)
        AND ($2::uuid IS NULL OR user_id = $2::uuid)
        AND ($3::uuid IS NULL OR device_id = $3::uuid)
      RETURNING id`,
    'sessionId' in which ? [which.sessionId, null, null, reason] : [null, which.userId, which.deviceId ?? null, reason],
  );
  const ids = rows.map((r) => r.id);
  // The tokens of an ended session can never be used again: they go.
  if (ids.length > 0) await db.query('DELETE FROM refresh_tokens WHERE session_id = ANY($1::uuid[])', [ids]);
  return ids.length;
}

export type RefreshOutcome =
  | { kind: 'ok'; userId: string; deviceId: string; tokens: Tokens }
  | { kind: 'expired' }
  | { kind: 'revoked' }
  | { kind: 'reused'; userId: string; deviceId: string; sessionId: string };

/**
 * Rotation with re-use detection. The presented token is replaced by a new one in the same session.
 * A token that was already replaced ends the whole session (every token of the family, and the
 * access tokens signed for it), except the retry of a lost answer (RETRY_GRACE_SECONDS).
 * Returns instead of throwing, so the session's end is committed before the route answers 401.
 */
export async function rotateRefreshToken(db: Db, secret: Uint8Array, token: string, deviceId: string): Promise<RefreshOutcome> {
  const hash = hashRefreshToken(token);
  return db.transaction(async (tx): Promise<RefreshOutcome> => {
    const { rows } = await tx.query<{
      user_id: string;
      device_id: string;
      session_id: string;
      replaced: boolean;
      recent: boolean;
      expired: boolean;
      ended: boolean;
      revoked: boolean;
    }>(
      `SELECT t.user_id, t.device_id, t.session_id, t.replaced_at IS NOT NULL AS replaced,
              t.replaced_at > now() - make_interval(secs => $2) AS recent, t.expires_at < now() AS expired,
              s.ended_at IS NOT NULL AS ended, d.revoked_at IS NOT NULL AS revoked
         FROM refresh_tokens t
         JOIN sessions s ON s.id = t.session_id
         JOIN devices d ON d.user_id = t.user_id AND d.id = t.device_id
        WHERE t.token_hash = $1
        FOR UPDATE OF s`,
      [hash, RETRY_GRACE_SECONDS],
    );
    const row = rows[0];
    if (!row || row.device_id !== deviceId.toLowerCase()) return { kind: 'expired' };
    if (row.revoked) return { kind: 'revoked' };
    if (row.ended || row.expired) return { kind: 'expired' };
    if (row.replaced) {
      const { rows: live } = await tx.query<{ token_hash: string }>(
        'SELECT token_hash FROM refresh_tokens WHERE session_id = $1 AND parent_hash = $2 AND replaced_at IS NULL',
        [row.session_id, hash],
      );
      const successor = live[0];
      if (!row.recent || !successor) {
        await endSessions(tx, { sessionId: row.session_id }, 'refresh_reuse');
        return { kind: 'reused', userId: row.user_id, deviceId: row.device_id, sessionId: row.session_id };
      }
      // The lost answer's token was never used: retire it, so this retry continues the one chain.
      await tx.query('UPDATE refresh_tokens SET replaced_at = now() WHERE token_hash = $1', [successor.token_hash]);
    } else {
      await tx.query('UPDATE refresh_tokens SET replaced_at = now() WHERE token_hash = $1', [hash]);
    }
    await tx.query('UPDATE devices SET last_seen_at = now() WHERE user_id = $1 AND id = $2', [row.user_id, row.device_id]);
    const tokens = await issueTokens(tx, secret, row.user_id, row.device_id, row.session_id, hash);
    return { kind: 'ok', userId: row.user_id, deviceId: row.device_id, tokens };
  });
}

/** The session a refresh token belongs to (log-out), or null. */
export async function sessionOfRefreshToken(db: Queryable, token: string): Promise<{ userId: string; deviceId: string } | null> {
  const { rows } = await db.query<{ user_id: string; device_id: string }>(
    'SELECT user_id, device_id FROM refresh_tokens WHERE token_hash = $1',
    [hashRefreshToken(token)],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, deviceId: row.device_id } : null;
}
