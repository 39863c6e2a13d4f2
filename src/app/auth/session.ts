import { useSyncExternalStore } from 'react';
import { loginResponseSchema, signedInSchema, type SecondFactorStep, type SessionUser, type SignedIn } from '../../sync/api/auth';
import { okResponseSchema } from '../../sync/api/common';
import { passkeyOptionsResponseSchema, totpSetupResponseSchema } from '../../sync/api/secondFactor';
import { ApiError, callApi } from '../api/client';
import type { SchoolnabijDB } from '../db/db';
import { SyncError } from '../sync/types';

export type { SecondFactorStep, SessionUser };

/** Meta row with the idle minutes before the app locks (auth/pin.ts reads it). */
export const LOCK_MINUTES_META = 'lockAfterMinutes';

/**
 * The signed-in user on this device. Kept in IndexedDB so the app opens offline after the first
 * log-in; an expired access token never blocks recording, it only stops sync until a new log-in.
 */
export interface Session {
  user: SessionUser;
  accessToken: string;
  /** ms since epoch */
  accessExpiresAt: number;
  refreshToken: string;
  /** The refresh was refused: sync waits for a new log-in, recording goes on. */
  needsLogin?: boolean;
}

const KEY = 'session';
let current: Session | null = null;
const listeners = new Set<() => void>();

function publish(s: Session | null) {
  current = s;
  for (const l of listeners) l();
}

export async function loadSession(db: SchoolnabijDB): Promise<Session | null> {
  publish(((await db.meta.get(KEY))?.value as Session | undefined) ?? null);
  return current;
}

export function currentSession(): Session | null {
  return current;
}

/** The app locked: the session stays stored (encrypted), only memory forgets it. */
export function clearSessionFromMemory(): void {
  publish(null);
}

/**
 * Runs after the server accepted a log-in, before the session is stored: the session is stored
 * encrypted, so the device's data key must be in memory first (auth/pin.ts keysAfterLogin).
 */
let beforeSessionStored: ((s: Session, base: string) => Promise<void>) | null = null;
export function onLogin(hook: typeof beforeSessionStored): void {
  beforeSessionStored = hook;
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

async function saveSession(db: SchoolnabijDB, s: Session | null) {
  if (s) await db.meta.put({ key: KEY, value: s });
  else await db.meta.delete(KEY);
  publish(s);
}

export async function deviceId(db: SchoolnabijDB): Promise<string> {
  const row = await db.meta.get('deviceId');
  if (row) return row.value as string;
  const id = crypto.randomUUID();
  await db.meta.put({ key: 'deviceId', value: id });
  return id;
}

/** "Chrome op Linux": what the service calls this device (sent at log-in). */
export function deviceName(): string {
  const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac/.test(ua)
          ? 'Mac'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'Onbekend';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Chrome\//.test(ua)
      ? 'Chrome'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'browser';
  return `${browser} op ${os}`;
}

export function tokenExpiry(jwt: string): number {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return (payload.exp ?? 0) * 1000;
  } catch {
    return 0;
  }
}

/**
 * A call before or around log-in (no access token). A refusal keeps its kind, except that a 4xx
 * that is no sign-in problem (bad input, too many tries) reads as `unauthorized` to the log-in screens.
 */
async function post<S extends Parameters<typeof callApi>[0]>(schema: S, base: string, path: string, body: unknown) {
  try {
    return await callApi(schema, 'POST', path, body, { base });
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'bad_request') throw new ApiError('unauthorized', e.message, e.status, e.code, e.fields);
    throw e;
  }
}

/**
 * Store the session and the user's schools together, so pickers show exactly the schools the user
 * works for now (a school added by the beheerder appears, one taken away disappears).
 */
async function storeSession(db: SchoolnabijDB, session: Session, before?: () => Promise<void>) {
  await db.transaction('rw', [db.meta, db.schools], async () => {
    await before?.();
    await db.schools.clear();
    await db.schools.bulkPut(session.user.schools);
    await db.meta.put({ key: KEY, value: session });
    await db.meta.put({ key: LAST_USER, value: session.user.id });
    if (typeof session.user.lockMinutes === 'number') await db.meta.put({ key: LOCK_MINUTES_META, value: session.user.lockMinutes });
  });
  publish(session);
}

/** The user who last signed in on this device; kept after log-out. */
const LAST_USER = 'lastUserId';

/** Thrown by login() when the password was right and a second factor is asked next. */
export class SecondFactorNeeded extends Error {
  constructor(readonly step: SecondFactorStep) {
    super('Een tweede stap is nodig');
  }
}

/**
 * The password step. On a device this user has not confirmed yet it throws SecondFactorNeeded, and
 * secondFactorTotp or secondFactorPasskey finish the log-in.
 */
export async function login(db: SchoolnabijDB, username: string, password: string, base = ''): Promise<Session> {
  const body = await post(loginResponseSchema, base, '/api/auth/login', {
    username,
    password,
    deviceId: await deviceId(db),
    deviceName: deviceName(),
  });
  if ('secondFactor' in body) throw new SecondFactorNeeded(body.secondFactor);
  return signedIn(db, body, base);
}

/** Tokens from the service: store the session (after the data key is in memory). */
async function signedIn(db: SchoolnabijDB, body: SignedIn, base: string): Promise<Session> {
  const session: Session = {
    user: body.user,
    accessToken: body.accessToken,
    accessExpiresAt: tokenExpiry(body.accessToken),
    refreshToken: body.refreshToken,
  };
  await beforeSessionStored?.(session, base);
  await storeSession(db, session, async () => {
    // Another user on this device starts from their own cursor, and the first pull treats it as a
    // change of scope: what the previous user pulled is removed (waiting work is kept).
    const last = ((await db.meta.get(LAST_USER))?.value as string | undefined) ?? current?.user.id;
    if (last && last !== session.user.id) {
      await db.meta.delete('syncCursor');
      await db.meta.put({ key: 'scopeKey', value: `user:${session.user.id}` });
    }
  });
  return session;
}

/** Enrolment of an authenticator app: the secret to add to it (as text and as an otpauth:// link). */
export async function totpSetup(step: SecondFactorStep, base = ''): Promise<{ secret: string; uri: string }> {
  return post(totpSetupResponseSchema, base, '/api/auth/second-factor/totp/setup', { challenge: step.challenge });
}

/** The code from the authenticator app (also the first one, which confirms the enrolment). */
export async function secondFactorTotp(db: SchoolnabijDB, step: SecondFactorStep, code: string, base = ''): Promise<Session> {
  return signedIn(db, await post(signedInSchema, base, '/api/auth/second-factor/totp', { challenge: step.challenge, code }), base);
}

/**
 * A passkey on this phone or a security key: made now (the first time) or used. The browser asks
 * for the fingerprint, face or screen lock. Loaded only when used (it is not needed to open the app).
 */
export async function secondFactorPasskey(db: SchoolnabijDB, step: SecondFactorStep, base = ''): Promise<Session> {
  const answer = await post(passkeyOptionsResponseSchema, base, '/api/auth/second-factor/passkey/options', { challenge: step.challenge });
  const webauthn = await import('@simplewebauthn/browser');
  let response: unknown;
  try {
    response =
      answer.mode === 'register'
        ? await webauthn.startRegistration({
            optionsJSON: answer.options as Parameters<typeof webauthn.startRegistration>[0]['optionsJSON'],
          })
        : await webauthn.startAuthentication({
            optionsJSON: answer.options as Parameters<typeof webauthn.startAuthentication>[0]['optionsJSON'],
          });
  } catch {
    throw new SyncError('unauthorized', 'De toegangssleutel is niet gebruikt. Probeer het opnieuw of kies een app voor inlogcodes.');
  }
  return signedIn(db, await post(signedInSchema, base, '/api/auth/second-factor/passkey', { challenge: step.challenge, response }), base);
}

/** Passkeys need a secure context and a domain name (not an IP address): otherwise only the app code. */
export function passkeysPossible(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    typeof window.PublicKeyCredential === 'function' &&
    !/^[\d.]+$|^\[/.test(location.hostname)
  );
}

/**
 * The first time: the user chooses their password with the activation code from the beheerder.
 * Field problems come back by field name (code, password).
 */
export async function activateAccount(username: string, code: string, password: string, base = ''): Promise<void> {
  try {
    await callApi(okResponseSchema, 'POST', '/api/auth/activate', { username, code, password }, { base });
  } catch (e) {
    if (!(e instanceof ApiError) || e.kind === 'offline') throw e;
    throw new ActivationError(e.message, e.fields, e.status ?? 0);
  }
}

export class ActivationError extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string>,
    readonly status: number,
  ) {
    super(message);
  }
}

let refreshing: Promise<string> | null = null;

/** Trade the refresh token for new tokens and the user as the server knows them now. */
function refresh(db: SchoolnabijDB, s: Session, base: string): Promise<string> {
  refreshing ??= (async () => {
    let body: SignedIn;
    try {
      body = await callApi(
        signedInSchema,
        'POST',
        '/api/auth/refresh',
        { refreshToken: s.refreshToken, deviceId: await deviceId(db) },
        { base },
      );
    } catch (e) {
      // Offline, the service in trouble, the device revoked: the session stays as it is.
      if (!(e instanceof ApiError) || e.kind === 'offline' || e.kind === 'server' || e.kind === 'revoked' || e.kind === 'upgrade') throw e;
      await saveSession(db, { ...s, needsLogin: true });
      throw new ApiError('unauthorized', e.message, e.status, e.code);
    }
    const next: Session = {
      ...s,
      // Role and schools may have changed since the last log-in: the refresh answer says what they are now.
      user: body.user,
      accessToken: body.accessToken,
      accessExpiresAt: tokenExpiry(body.accessToken),
      refreshToken: body.refreshToken,
    };
    await storeSession(db, next);
    return next.accessToken;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A valid access token, refreshed when it is about to expire. Throws SyncError when it can't. */
export async function accessToken(db: SchoolnabijDB, base = ''): Promise<string> {
  const s = current;
  if (!s || s.needsLogin) throw new SyncError('unauthorized', 'Log opnieuw in om te synchroniseren');
  if (s.accessExpiresAt - Date.now() > 30_000) return s.accessToken;
  return refresh(db, s, base);
}

/** A new access token now: the service found the current one expired, whatever this clock says. */
export async function renewAccessToken(db: SchoolnabijDB, base = ''): Promise<string> {
  const s = current;
  if (!s || s.needsLogin) throw new SyncError('unauthorized', 'Log opnieuw in om te synchroniseren');
  return refresh(db, s, base);
}

/**
 * Fetch the user's role and schools now (after the sync saw that their scope changed), so a school
 * that was just added appears in the pickers without waiting for the next token refresh.
 */
export async function refreshSession(db: SchoolnabijDB, base = ''): Promise<void> {
  const s = current;
  if (!s || s.needsLogin) return;
  await refresh(db, s, base);
}

/** Ends the session on the server when online; local records stay (LogoutChoice offers the choice). */
export async function logout(db: SchoolnabijDB, base = ''): Promise<void> {
  const s = current;
  if (s) {
    try {
      await callApi(okResponseSchema, 'POST', '/api/auth/logout', { refreshToken: s.refreshToken }, { base, bearer: s.accessToken });
    } catch {
      // Offline (or refused): the refresh token is forgotten here; the server lets it expire.
    }
  }
  await saveSession(db, null);
}

/** Who is using this device: every record is stamped with this id as `createdBy`. */
export function currentUserId(): string {
  const s = currentSession();
  if (!s) throw new Error('Niemand is ingelogd op dit toestel');
  return s.user.id;
}
