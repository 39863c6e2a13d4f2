import { useSyncExternalStore } from 'react';
import type { Area, School } from '../../domain';
import type { SchoolnabijDB } from '../db/db';
import { SyncError } from '../sync/types';

export type Role = 'jeugdprofessional' | 'ib' | 'coordinator' | 'beheerder';

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
  schools: School[];
  /** The areas whose regional wie-is-wie this user reads; absent from older servers. */
  areas?: Area[];
  /** The region's idle minutes before the app locks (set by the beheerder); absent from older servers. */
  lockMinutes?: number;
}

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

/** The app locked (issue 6): the session stays stored (encrypted), only memory forgets it. */
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
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac/.test(ua) ? 'Mac' : /Linux/.test(ua) ? 'Linux' : 'Onbekend';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : 'browser';
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

async function postJson(base: string, path: string, body: unknown): Promise<Response> {
  try {
    return await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new SyncError('offline', 'Geen verbinding met de centrale dienst');
  }
}

async function errorMessage(res: Response, fallback: string): Promise<{ error: string; message: string }> {
  try {
    const body = (await res.json()) as { error?: string; message?: string };
    return { error: body.error ?? '', message: body.message ?? fallback };
  } catch {
    return { error: '', message: fallback };
  }
}

interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  user?: SessionUser;
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

export async function login(db: SchoolnabijDB, username: string, password: string, base = ''): Promise<Session> {
  const res = await postJson(base, '/api/auth/login', { username, password, deviceId: await deviceId(db), deviceName: deviceName() });
  if (!res.ok) {
    const { error, message } = await errorMessage(res, 'Inloggen is niet gelukt');
    throw new SyncError(res.status === 426 ? 'upgrade' : error === 'device_revoked' ? 'revoked' : res.status >= 500 ? 'server' : 'unauthorized', message, res.status);
  }
  const body = (await res.json()) as TokenResponse & { user: SessionUser };
  const session: Session = { user: body.user, accessToken: body.accessToken, accessExpiresAt: tokenExpiry(body.accessToken), refreshToken: body.refreshToken };
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

let refreshing: Promise<string> | null = null;

/** Trade the refresh token for new tokens and the user as the server knows them now. */
function refresh(db: SchoolnabijDB, s: Session, base: string): Promise<string> {
  refreshing ??= (async () => {
    const res = await postJson(base, '/api/auth/refresh', { refreshToken: s.refreshToken, deviceId: await deviceId(db) });
    if (!res.ok) {
      const { error, message } = await errorMessage(res, 'Log opnieuw in om te synchroniseren');
      if (res.status >= 500) throw new SyncError('server', message, res.status);
      if (error === 'device_revoked') throw new SyncError('revoked', message, res.status);
      await saveSession(db, { ...s, needsLogin: true });
      throw new SyncError('unauthorized', message, res.status);
    }
    const body = (await res.json()) as TokenResponse;
    const next: Session = {
      ...s,
      // Role and schools may have changed since the last log-in: the refresh answer says what they are now.
      user: body.user ?? s.user,
      accessToken: body.accessToken,
      accessExpiresAt: tokenExpiry(body.accessToken),
      refreshToken: body.refreshToken,
    };
    if (body.user) await storeSession(db, next);
    else await saveSession(db, next);
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

/**
 * Fetch the user's role and schools now (after the sync saw that their scope changed), so a school
 * that was just added appears in the pickers without waiting for the next token refresh.
 */
export async function refreshSession(db: SchoolnabijDB, base = ''): Promise<void> {
  const s = current;
  if (!s || s.needsLogin) return;
  await refresh(db, s, base);
}

/** Ends the session on the server when online; local records stay (issue 6 adds the choice). */
export async function logout(db: SchoolnabijDB, base = ''): Promise<void> {
  const s = current;
  if (s) {
    try {
      await fetch(`${base}/api/auth/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.accessToken}` },
        body: JSON.stringify({ refreshToken: s.refreshToken }),
      });
    } catch {
      // Offline: the refresh token is forgotten here; the server lets it expire.
    }
  }
  await saveSession(db, null);
}
