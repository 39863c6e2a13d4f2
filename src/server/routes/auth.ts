// POST /api/auth/login, /api/auth/refresh, /api/auth/logout.
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { HttpError } from '../errors';
import { dummyHash, verifyPassword } from '../auth/passwords';
import { REFRESH_TOKEN_DAYS, hashRefreshToken, newRefreshToken, signAccessToken } from '../auth/tokens';
import { findUserById, findUserByUsername, publicUser } from '../auth/users';
import { deviceRevokedError } from '../auth/authenticate';
import type { Queryable } from '../store/db';
import { parse, type RouteContext } from './context';
import { claimAttempt, clearFailures, defaultLockout, lockedOut } from '../auth/lockout';
import { writeAudit } from '../audit/log';
import { storable } from '../../domain/input';

const loginSchema = z.strictObject({
  username: z.string({ error: 'Vul je gebruikersnaam in' }).check(z.trim(), z.minLength(1, 'Vul je gebruikersnaam in'), z.maxLength(100), storable),
  password: z.string({ error: 'Vul je wachtwoord in' }).check(z.minLength(1, 'Vul je wachtwoord in'), z.maxLength(200), storable),
  deviceId: z.uuid({ error: 'Ongeldige toestel-id' }),
  deviceName: z.string({ error: 'Geef het toestel een naam' }).check(z.trim(), z.minLength(1, 'Geef het toestel een naam'), z.maxLength(80), storable),
});
const refreshSchema = z.strictObject({
  refreshToken: z.string().check(z.minLength(1), z.maxLength(200), storable),
  deviceId: z.uuid({ error: 'Ongeldige toestel-id' }),
});
const logoutSchema = z.strictObject({ refreshToken: z.string().check(z.minLength(1), z.maxLength(200), storable) });

const wrongCredentials = () => new HttpError(401, 'invalid_credentials', 'Gebruikersnaam of wachtwoord klopt niet');
const sessionExpired = () =>
  new HttpError(401, 'session_expired', 'Je sessie is verlopen. Log opnieuw in om te synchroniseren; je gegevens blijven op dit toestel.');

/**
 * A refresh whose answer got lost (phone in a corridor) retries with the token it still has. Within
 * this grace period the replaced token still works once more, instead of forcing a new log-in.
 */
const REUSE_GRACE_SECONDS = 60;

async function issueTokens(db: Queryable, secret: Uint8Array, userId: string, deviceId: string) {
  const refresh = newRefreshToken();
  await db.query(
    `INSERT INTO refresh_tokens (token_hash, user_id, device_id, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
    [refresh.hash, userId, deviceId, REFRESH_TOKEN_DAYS],
  );
  return { accessToken: await signAccessToken(secret, { userId, deviceId }), refreshToken: refresh.token };
}

export function authRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;
  const rateLimit = { max: ctx.authRateLimit, timeWindow: '1 minute' };

  app.post('/api/auth/login', { config: { rateLimit } }, async (request) => {
    const body = parse(loginSchema, request.body);
    // Issue 6: lockout per account name and address (auth/lockout.ts); failures and log-ins audited.
    const lockout = ctx.lockout ?? defaultLockout;
    const failed = (userId: string | null, reason: string) =>
      writeAudit(db, [{ userId, deviceId: null, action: 'failed_login', ip: request.ip, detail: { reason } }]);
    if ((await claimAttempt(db, lockout, body.username, request.ip)).locked) {
      const known = await findUserByUsername(db, body.username);
      await failed(known?.id ?? null, 'locked_out');
      throw lockedOut(lockout);
    }
    const user = await findUserByUsername(db, body.username);
    // Same work and same answer for an unknown user and a wrong password.
    const ok = await verifyPassword(body.password, user?.password_hash ?? (await dummyHash()));
    if (!user || !ok) {
      // The attempt's row (claimAttempt) stays: it is the failure.
      await failed(user?.id ?? null, user ? 'wrong_password' : 'unknown_user');
      throw wrongCredentials();
    }
    await clearFailures(db, body.username);
    const { rows } = await db.query<{ revoked_at: Date | null }>(
      `INSERT INTO devices (user_id, id, name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, id) DO UPDATE SET name = EXCLUDED.name, last_seen_at = now()
       RETURNING revoked_at`,
      [user.id, body.deviceId, body.deviceName],
    );
    if (rows[0]?.revoked_at) throw deviceRevokedError();
    const tokens = await issueTokens(db, secret, user.id, body.deviceId);
    await writeAudit(db, [{ userId: user.id, role: user.role, deviceId: body.deviceId, action: 'login', ip: request.ip }]);
    return { ...tokens, user: await publicUser(db, user) };
  });

  app.post('/api/auth/refresh', { config: { rateLimit } }, async (request) => {
    const body = parse(refreshSchema, request.body);
    const hash = hashRefreshToken(body.refreshToken);
    const { rows } = await db.query<{ user_id: string; device_id: string; expired: boolean; reused: boolean; revoked_at: Date | null }>(
      `SELECT t.user_id, t.device_id, t.expires_at < now() AS expired,
              (t.replaced_at IS NOT NULL AND t.replaced_at < now() - make_interval(secs => $2)) AS reused,
              d.revoked_at
         FROM refresh_tokens t JOIN devices d ON d.user_id = t.user_id AND d.id = t.device_id
        WHERE t.token_hash = $1`,
      [hash, REUSE_GRACE_SECONDS],
    );
    const token = rows[0];
    if (!token || token.device_id !== body.deviceId) throw sessionExpired();
    if (token.revoked_at) throw deviceRevokedError();
    if (token.expired || token.reused) throw sessionExpired();
    const user = await findUserById(db, token.user_id);
    if (!user) throw sessionExpired();
    // Rotation: the presented token is marked replaced; only its successor works after the grace period.
    await db.query('UPDATE refresh_tokens SET replaced_at = now() WHERE token_hash = $1 AND replaced_at IS NULL', [hash]);
    await db.query('UPDATE devices SET last_seen_at = now() WHERE user_id = $1 AND id = $2', [user.id, token.device_id]);
    const tokens = await issueTokens(db, secret, user.id, token.device_id);
    return { ...tokens, user: await publicUser(db, user) };
  });

  // Log-out works without a valid access token (it may have expired offline): the refresh token
  // names the device, and every refresh token of that device is dropped. Unknown token: still ok.
  app.post('/api/auth/logout', async (request) => {
    const body = parse(logoutSchema, request.body);
    await db.query(
      `DELETE FROM refresh_tokens WHERE (user_id, device_id) IN
         (SELECT user_id, device_id FROM refresh_tokens WHERE token_hash = $1)`,
      [hashRefreshToken(body.refreshToken)],
    );
    return { ok: true };
  });
}
