// POST /api/auth/login, /refresh, /logout, /activate; the second factor in secondFactor.ts.
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors';
import { dummyHash, hashPassword, verifyPassword } from '../auth/passwords';
import { verifyAccessToken } from '../auth/tokens';
import { findUserById, findUserByUsername, publicUser } from '../auth/users';
import { deviceRevokedError } from '../auth/authenticate';
import { answer, parse, type RouteContext } from './context';
import {
  activateRequestSchema,
  loginResponseSchema,
  loginRequestSchema,
  logoutRequestSchema,
  refreshRequestSchema,
  signedInSchema,
} from '../../sync/api/auth';
import { okResponseSchema } from '../../sync/api/common';
import { claimAttempt, clearFailures, defaultLockout, lockedOut } from '../auth/lockout';
import { writeAudit } from '../audit/log';
import { endSessions, rotateRefreshToken, sessionOfRefreshToken, startSession } from '../auth/sessions';
import { redeemActivation } from '../auth/activation';
import { passwordProblem } from '../auth/passwordPolicy';
import { needsSecondFactor, openChallenge, secondFactorRoutes } from './secondFactor';

const wrongCredentials = () => new HttpError(401, 'invalid_credentials', 'Gebruikersnaam of wachtwoord klopt niet');
const sessionExpired = () =>
  new HttpError(401, 'session_expired', 'Je sessie is verlopen. Log opnieuw in om te synchroniseren; je gegevens blijven op dit toestel.');
const wrongActivation = () =>
  new HttpError(
    400,
    'invalid_activation',
    'Deze activeringscode klopt niet, is al gebruikt of is verlopen. Vraag de beheerder om een nieuwe.',
    [{ path: 'code', message: 'Deze activeringscode klopt niet, is al gebruikt of is verlopen' }],
  );

export function authRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;
  const rateLimit = { max: ctx.authRateLimit, timeWindow: '1 minute' };
  const lockout = ctx.lockout ?? defaultLockout;

  app.post('/api/auth/login', { config: { rateLimit } }, async (request) => {
    const body = parse(loginRequestSchema, request.body);
    // Lockout per account name and address (auth/lockout.ts); failures and log-ins audited.
    const failed = (userId: string | null, reason: string) =>
      writeAudit(db, [{ userId, deviceId: null, action: 'failed_login', ip: request.ip, detail: { reason } }]);
    if ((await claimAttempt(db, lockout, body.username, request.ip)).locked) {
      const known = await findUserByUsername(db, body.username);
      await failed(known?.id ?? null, 'locked_out');
      throw lockedOut(lockout);
    }
    const user = await findUserByUsername(db, body.username);
    // Same work and same answer for an unknown user, an account not activated yet and a wrong password.
    const ok = await verifyPassword(body.password, user?.password_hash ?? (await dummyHash()));
    // A revoked device is told so whatever the password: the answer is no oracle for guessing it.
    // The attempt's row stays (claimAttempt), so guesses from it count towards the lockout.
    if (user) {
      const { rows } = await db.query<{ revoked: boolean }>(
        'SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE user_id = $1 AND id = $2',
        [user.id, body.deviceId],
      );
      if (rows[0]?.revoked) {
        await failed(user.id, 'device_revoked');
        throw deviceRevokedError();
      }
    }
    if (!user || !ok) {
      // The attempt's row (claimAttempt) stays: it is the failure.
      await failed(user?.id ?? null, user ? 'wrong_password' : 'unknown_user');
      throw wrongCredentials();
    }
    await db.query(
      `INSERT INTO devices (user_id, id, name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, id) DO UPDATE SET name = EXCLUDED.name, last_seen_at = now()`,
      [user.id, body.deviceId, body.deviceName],
    );
    const factor = await needsSecondFactor(db, user, body.deviceId);
    if (factor.needed) {
      // The password was right; the account's failures are cleared only when the factor is too.
      return answer(loginResponseSchema, { secondFactor: await openChallenge(db, user.id, body.deviceId) });
    }
    await clearFailures(db, body.username);
    const tokens = await startSession(db, secret, user.id, body.deviceId, factor.how);
    await writeAudit(db, [
      { userId: user.id, role: user.role, deviceId: body.deviceId, action: 'login', ip: request.ip, detail: { secondFactor: factor.how } },
    ]);
    return answer(loginResponseSchema, { ...tokens, user: await publicUser(db, user) });
  });

  app.post('/api/auth/refresh', { config: { rateLimit } }, async (request) => {
    const body = parse(refreshRequestSchema, request.body);
    const outcome = await rotateRefreshToken(db, secret, body.refreshToken, body.deviceId);
    if (outcome.kind === 'revoked') throw deviceRevokedError();
    if (outcome.kind === 'reused') {
      // A replaced token came back: it was copied, or a copy was used first. The whole session ended.
      await writeAudit(db, [
        {
          userId: outcome.userId,
          deviceId: outcome.deviceId,
          action: 'failed_login',
          ip: request.ip,
          detail: { reason: 'refresh_token_reused', sessionEnded: outcome.sessionId },
        },
      ]);
      throw sessionExpired();
    }
    if (outcome.kind === 'expired') throw sessionExpired();
    const user = await findUserById(db, outcome.userId);
    if (!user) throw sessionExpired();
    return answer(signedInSchema, { ...outcome.tokens, user: await publicUser(db, user) });
  });

  // Log-out works without a valid access token (it may have expired offline): the refresh token
  // names the device, and every session of that user on that device ends, with its access tokens.
  // Unknown token: still ok.
  app.post('/api/auth/logout', async (request) => {
    const body = parse(logoutRequestSchema, request.body);
    const owner = await sessionOfRefreshToken(db, body.refreshToken);
    if (owner) await endSessions(db, owner, 'logout');
    // The access token sent along ends its own session too (its refresh token may be gone already).
    const bearer = /^Bearer (\S{1,4096})$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const claims = await verifyAccessToken(secret, bearer).catch(() => null);
      if (claims?.sessionId) await endSessions(db, { sessionId: claims.sessionId }, 'logout');
    }
    return answer(okResponseSchema, { ok: true });
  });

  // The user chooses their password with the code the beheerder gave them; then logs in with it.
  app.post('/api/auth/activate', { config: { rateLimit } }, async (request) => {
    const body = parse(activateRequestSchema, request.body);
    const problem = passwordProblem(body.password, body.username);
    if (problem)
      throw new HttpError(400, 'invalid_request', `Ongeldige invoer bij password: ${problem}`, [{ path: 'password', message: problem }]);
    // A wrong code counts like a wrong password: the same lockout guards both.
    if ((await claimAttempt(db, lockout, body.username, request.ip)).locked) throw lockedOut(lockout);
    const user = await findUserByUsername(db, body.username);
    const hash = await hashPassword(body.password);
    const done = await db.transaction(async (tx) => {
      if (!(await redeemActivation(tx, user?.id ?? null, body.code)) || !user) return false;
      await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, hash]);
      await writeAudit(tx, [
        { userId: user.id, role: user.role, action: 'user.activate', entity: 'user', ip: request.ip, detail: { userId: user.id } },
      ]);
      return true;
    });
    if (!done) {
      await writeAudit(db, [
        { userId: user?.id ?? null, action: 'failed_login', ip: request.ip, detail: { reason: 'activation_code_wrong' } },
      ]);
      throw wrongActivation();
    }
    await clearFailures(db, body.username);
    return answer(okResponseSchema, { ok: true });
  });

  secondFactorRoutes(app, ctx);
}
