// The second factor at log-in (NEN 7510): the first log-in of a user on a device, after the right
// password, asks for a passkey (WebAuthn) or a code from an authenticator app (TOTP, RFC 6238).
// The first time, the user enrols one of them here. The device is then known: later log-ins on it
// ask only the password. The beheerder resets a user's factors (routes/admin.ts).
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { HttpError } from '../errors';
import type { Queryable } from '../store/db';
import { writeAudit } from '../audit/log';
import { deviceRevokedError } from '../auth/authenticate';
import { claimAttempt, clearFailures, defaultLockout, lockedOut } from '../auth/lockout';
import { startSession, type SessionFactor } from '../auth/sessions';
import { findUserById, publicUser, type UserRow } from '../auth/users';
import { answer, parse, type RouteContext } from './context';
import { signedInSchema } from '../../sync/api/auth';
import {
  challengeRequestSchema,
  passkeyOptionsResponseSchema,
  passkeyRequestSchema,
  totpRequestSchema,
  totpSetupResponseSchema,
} from '../../sync/api/secondFactor';

const CHALLENGE_MINUTES = 10;
const MAX_FAILURES = 5;
const TOTP_PERIOD = 30;
const ISSUER = 'Schoolnabij';

const hashToken = (t: string) => createHash('sha256').update(t).digest('base64url');

export async function needsSecondFactor(
  db: Queryable,
  user: UserRow,
  deviceId: string,
): Promise<{ needed: true } | { needed: false; how: SessionFactor }> {
  if (user.second_factor_exempt) return { needed: false, how: 'exempt' };
  const { rows } = await db.query<{ known: boolean }>(
    'SELECT second_factor_at IS NOT NULL AS known FROM devices WHERE user_id = $1 AND id = $2',
    [user.id, deviceId],
  );
  return rows[0]?.known ? { needed: false, how: 'known_device' } : { needed: true };
}

/** What the user has enrolled: a confirmed TOTP secret, passkeys. */
async function enrolled(db: Queryable, userId: string): Promise<{ totp: boolean; passkey: boolean }> {
  const { rows } = await db.query<{ totp: boolean; passkey: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM totp_secrets WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS totp,
            EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1) AS passkey`,
    [userId],
  );
  return { totp: Boolean(rows[0]?.totp), passkey: Boolean(rows[0]?.passkey) };
}

/**
 * The log-in answer when a second factor is needed: a token for the next step (no access token),
 * and what the user can use. `enrol`: nothing enrolled yet, the user sets one up now.
 */
export async function openChallenge(db: Queryable, userId: string, deviceId: string) {
  const token = randomBytes(32).toString('base64url');
  await db.query('DELETE FROM login_challenges WHERE expires_at < now()');
  await db.query(
    `INSERT INTO login_challenges (token_hash, user_id, device_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4))`,
    [hashToken(token), userId, deviceId, CHALLENGE_MINUTES],
  );
  const has = await enrolled(db, userId);
  return { challenge: token, totp: has.totp, passkey: has.passkey, enrol: !has.totp && !has.passkey };
}

const challengeExpired = () =>
  new HttpError(401, 'challenge_expired', 'Deze inlogpoging is verlopen. Log opnieuw in met je gebruikersnaam en wachtwoord.');
const factorRefused = (message: string) => new HttpError(401, 'second_factor_invalid', message);

interface Challenge {
  token_hash: string;
  user_id: string;
  device_id: string;
  username: string;
  webauthn_challenge: string | null;
}

const totpFor = (username: string, secret: string) =>
  new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret: Secret.fromBase32(secret) });

/** Where the page that asks for a passkey runs: this service's own origin, as the browser reached it. */
const relyingParty = (request: FastifyRequest) => ({ rpID: request.hostname, origin: `${request.protocol}://${request.host}` });

export function secondFactorRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;
  const rateLimit = { max: ctx.authRateLimit, timeWindow: '1 minute' };
  const lockout = ctx.lockout ?? defaultLockout;

  async function load(token: string): Promise<Challenge> {
    const { rows } = await db.query<Challenge>(
      `SELECT c.token_hash, c.user_id, c.device_id, u.username, c.webauthn_challenge
         FROM login_challenges c JOIN users u ON u.id = c.user_id
        WHERE c.token_hash = $1 AND c.expires_at > now() AND c.failures < $2`,
      [hashToken(token), MAX_FAILURES],
    );
    if (!rows[0]) throw challengeExpired();
    return rows[0];
  }

  /** Counts the attempt against the account's lockout, like a password. */
  async function claim(request: FastifyRequest, c: Challenge) {
    if ((await claimAttempt(db, lockout, c.username, request.ip)).locked) {
      await writeAudit(db, [
        {
          userId: c.user_id,
          deviceId: c.device_id,
          action: 'failed_login',
          ip: request.ip,
          detail: { reason: 'locked_out', step: 'second_factor' },
        },
      ]);
      throw lockedOut(lockout);
    }
  }

  /** A refused factor: audited, counted; after MAX_FAILURES the challenge is spent. */
  async function refuse(request: FastifyRequest, c: Challenge, method: 'totp' | 'passkey', message: string): Promise<never> {
    await db.query('UPDATE login_challenges SET failures = failures + 1 WHERE token_hash = $1', [c.token_hash]);
    await writeAudit(db, [
      {
        userId: c.user_id,
        deviceId: c.device_id,
        action: 'failed_login',
        ip: request.ip,
        detail: { reason: 'second_factor_refused', method },
      },
    ]);
    throw factorRefused(message);
  }

  /** The factor was right: the device becomes known and the session starts. */
  async function finish(request: FastifyRequest, c: Challenge, how: 'totp' | 'passkey', enrolledNow: boolean) {
    const { rows } = await db.query<{ revoked: boolean }>(
      'UPDATE devices SET second_factor_at = now(), last_seen_at = now() WHERE user_id = $1 AND id = $2 RETURNING revoked_at IS NOT NULL AS revoked',
      [c.user_id, c.device_id],
    );
    await db.query('DELETE FROM login_challenges WHERE token_hash = $1', [c.token_hash]);
    if (!rows[0] || rows[0].revoked) throw deviceRevokedError();
    await clearFailures(db, c.username);
    const user = await findUserById(db, c.user_id);
    if (!user) throw challengeExpired();
    const tokens = await startSession(db, secret, user.id, c.device_id, how);
    await writeAudit(db, [
      {
        userId: user.id,
        role: user.role,
        deviceId: c.device_id,
        action: 'login',
        ip: request.ip,
        detail: { secondFactor: how, ...(enrolledNow ? { enrolled: how } : {}) },
      },
    ]);
    return answer(signedInSchema, { ...tokens, user: await publicUser(db, user) });
  }

  // Enrolment: a new secret for an authenticator app, until its first good code confirms it.
  app.post('/api/auth/second-factor/totp/setup', { config: { rateLimit } }, async (request) => {
    const c = await load(parse(challengeRequestSchema, request.body).challenge);
    const has = await enrolled(db, c.user_id);
    if (has.totp || has.passkey) {
      throw new HttpError(
        409,
        'already_enrolled',
        'Je hebt al een tweede stap ingesteld. Vraag de beheerder om die te herstellen als je hem kwijt bent.',
      );
    }
    const fresh = new Secret({ size: 20 }).base32;
    const { rows } = await db.query<{ secret: string }>(
      `INSERT INTO totp_secrets (user_id, secret) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now() WHERE totp_secrets.confirmed_at IS NULL
       RETURNING secret`,
      [c.user_id, fresh],
    );
    const s = rows[0]?.secret ?? fresh;
    return answer(totpSetupResponseSchema, { secret: s, uri: totpFor(c.username, s).toString() });
  });

  app.post('/api/auth/second-factor/totp', { config: { rateLimit } }, async (request) => {
    const body = parse(totpRequestSchema, request.body);
    const c = await load(body.challenge);
    await claim(request, c);
    const { rows } = await db.query<{ secret: string; confirmed: boolean; last_counter: string | null }>(
      'SELECT secret, confirmed_at IS NOT NULL AS confirmed, last_counter FROM totp_secrets WHERE user_id = $1',
      [c.user_id],
    );
    const row = rows[0];
    const has = await enrolled(db, c.user_id);
    // An unconfirmed secret is only good for enrolment: not once a passkey is set up.
    if (!row || (!row.confirmed && has.passkey)) return refuse(request, c, 'totp', 'Stel eerst een app voor inlogcodes in.');
    const delta = totpFor(c.username, row.secret).validate({ token: body.code, window: 1 });
    const counter = delta === null ? null : Math.floor(Date.now() / 1000 / TOTP_PERIOD) + delta;
    // A code works once: one seen before (replayed, or read over a shoulder) is refused.
    if (counter === null || (row.last_counter !== null && counter <= Number(row.last_counter))) {
      return refuse(request, c, 'totp', 'Deze code klopt niet. Kijk in je app voor inlogcodes en vul de code in die nu getoond wordt.');
    }
    await db.query('UPDATE totp_secrets SET last_counter = $2, confirmed_at = COALESCE(confirmed_at, now()) WHERE user_id = $1', [
      c.user_id,
      counter,
    ]);
    return finish(request, c, 'totp', !row.confirmed);
  });

  // A passkey: sign in with one (authentication), or make one now (registration) when the user has none.
  app.post('/api/auth/second-factor/passkey/options', { config: { rateLimit } }, async (request) => {
    const c = await load(parse(challengeRequestSchema, request.body).challenge);
    const { rpID } = relyingParty(request);
    const { rows: keys } = await db.query<{ id: string; transports: AuthenticatorTransport[] }>(
      'SELECT id, transports FROM passkeys WHERE user_id = $1 ORDER BY created_at',
      [c.user_id],
    );
    const has = await enrolled(db, c.user_id);
    let reply;
    if (keys.length > 0) {
      const options = await generateAuthenticationOptions({
        rpID,
        userVerification: 'preferred',
        allowCredentials: keys.map((k) => ({ id: k.id, transports: k.transports })),
      });
      reply = { mode: 'authenticate' as const, options };
    } else if (!has.totp) {
      const options = await generateRegistrationOptions({
        rpName: ISSUER,
        rpID,
        userName: c.username,
        userID: new TextEncoder().encode(c.user_id),
        attestationType: 'none',
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      });
      reply = { mode: 'register' as const, options };
    } else {
      throw new HttpError(409, 'no_passkey', 'Je gebruikt een app voor inlogcodes. Vul de code uit die app in.');
    }
    await db.query('UPDATE login_challenges SET webauthn_challenge = $2 WHERE token_hash = $1', [c.token_hash, reply.options.challenge]);
    return answer(passkeyOptionsResponseSchema, reply);
  });

  app.post('/api/auth/second-factor/passkey', { config: { rateLimit } }, async (request) => {
    const body = parse(passkeyRequestSchema, request.body);
    const c = await load(body.challenge);
    await claim(request, c);
    const expectedChallenge = c.webauthn_challenge;
    if (!expectedChallenge) return refuse(request, c, 'passkey', 'Begin opnieuw met de toegangssleutel.');
    // Spent at the first try, right or wrong: a signed answer can't be replayed.
    await db.query('UPDATE login_challenges SET webauthn_challenge = NULL WHERE token_hash = $1', [c.token_hash]);
    const { rpID, origin } = relyingParty(request);
    const refused = 'De toegangssleutel is niet geaccepteerd. Probeer het opnieuw of gebruik een app voor inlogcodes.';
    const { rows: keys } = await db.query<{ id: string; public_key: string; counter: string; transports: AuthenticatorTransport[] }>(
      'SELECT id, public_key, counter, transports FROM passkeys WHERE user_id = $1',
      [c.user_id],
    );
    const isRegistration = 'attestationObject' in body.response.response;
    try {
      if (isRegistration) {
        if (keys.length > 0 || (await enrolled(db, c.user_id)).totp) return await refuse(request, c, 'passkey', refused);
        const result = await verifyRegistrationResponse({
          response: body.response as unknown as RegistrationResponseJSON,
          expectedChallenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: false,
        });
        if (!result.verified) return await refuse(request, c, 'passkey', refused);
        const cred = result.registrationInfo.credential;
        await db.query('INSERT INTO passkeys (id, user_id, public_key, counter, transports) VALUES ($1, $2, $3, $4, $5::jsonb)', [
          cred.id,
          c.user_id,
          isoBase64URL.fromBuffer(cred.publicKey),
          cred.counter,
          JSON.stringify(cred.transports ?? []),
        ]);
        return await finish(request, c, 'passkey', true);
      }
      const key = keys.find((k) => k.id === body.response.id);
      if (!key) return await refuse(request, c, 'passkey', refused);
      const result = await verifyAuthenticationResponse({
        response: body.response as unknown as AuthenticationResponseJSON,
        expectedChallenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: false,
        credential: {
          id: key.id,
          publicKey: isoBase64URL.toBuffer(key.public_key),
          counter: Number(key.counter),
          transports: key.transports,
        },
      });
      if (!result.verified) return await refuse(request, c, 'passkey', refused);
      await db.query('UPDATE passkeys SET counter = $2 WHERE id = $1', [key.id, result.authenticationInfo.newCounter]);
      return await finish(request, c, 'passkey', false);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      // A malformed or forged answer: the library says why; the user hears it was refused.
      request.log.info({ err }, 'passkey refused');
      return refuse(request, c, 'passkey', refused);
    }
  });
}
