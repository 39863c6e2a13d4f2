// The PIN lock and the device keys (issue 6). See db/crypto.ts for the cryptography and
// db/encryption.ts for where the data key is used.
//
// States (what App shows):
//   open      the data key is in memory and a PIN is set
//   needsPin  the data key is in memory (just logged in) or the device is from before encryption:
//             set a PIN (SetPinPage)
//   locked    a PIN-wrapped key and a session are stored, the key is not in memory: LockPage
//   needsLogin the PIN was entered wrong 5 times (or forgotten): only an online log-in, which unwraps
//             the key with the server's device key, opens the data again. The encrypted outbox stays.
import { useSyncExternalStore } from 'react';
import type { SchoolnabijDB } from '../db/db';
import { deviceKey, generateDataKey, PBKDF2_ITERATIONS, pinKey, randomBytes, unwrapDataKey, wrapDataKey, type Bytes } from '../db/crypto';
import { currentDataKey, encryptExistingRows, hasDataKey, setDataKey } from '../db/encryption';
import { SyncError } from '../sync/types';
import { LOCK_MINUTES_META, clearSessionFromMemory, loadSession, type Session } from './session';

export const PIN_MIN_DIGITS = 5;
export const MAX_PIN_ATTEMPTS = 5;
/**
 * Idle minutes before the app locks, until the region's setting arrives: the beheerder sets it
 * (PATCH /api/admin/settings), every log-in and refresh answer carries it, and session.ts stores it
 * in the meta row `lockAfterMinutes`, which this file reads.
 */
export const DEFAULT_LOCK_MINUTES = 5;

const KEYS = 'deviceKeys';
const LOCK_MINUTES = LOCK_MINUTES_META;

/** Stored in meta in plain: only wrapped keys, never the data key itself. */
export interface DeviceKeys {
  /** Whose data this key protects: another user logging in starts from an empty device. */
  userId: string | null;
  pin: { salt: Bytes; iterations: number; wrapped: Bytes } | null;
  device: { wrapped: Bytes } | null;
  failures: number;
  /** Rows from before encryption have been sealed (encryptExistingRows). */
  sealed: boolean;
}

export type LockState = 'open' | 'needsPin' | 'locked' | 'needsLogin';

let state: LockState = 'open';
const listeners = new Set<() => void>();

function publish(s: LockState) {
  state = s;
  for (const l of listeners) l();
}

/**
 * False when the state is needsLogin because no PIN was ever chosen: the app was closed or reloaded
 * during PIN set-up, so the data key (in memory only) is gone and the server's device key must
 * unwrap it again. The log-in screen then does not speak of a wrong or forgotten PIN.
 */
let pinChosen = true;

export function pinWasChosen(): boolean {
  return pinChosen;
}

export function lockState(): LockState {
  return state;
}

/** Called with every published state (after an unlock, a lock, a log-out); returns an unsubscribe. */
export function onLockState(listener: (s: LockState) => void): () => void {
  const l = () => listener(state);
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useLockState(): LockState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

export async function readKeys(db: SchoolnabijDB): Promise<DeviceKeys | null> {
  return ((await db.meta.get(KEYS))?.value as DeviceKeys | undefined) ?? null;
}

async function writeKeys(db: SchoolnabijDB, keys: DeviceKeys): Promise<void> {
  await db.meta.put({ key: KEYS, value: keys });
}

/** Whether a session is stored, without decrypting it (a count reads no values). */
async function hasStoredSession(db: SchoolnabijDB): Promise<boolean> {
  return (await db.meta.where('key').equals('session').count()) > 0;
}

/** Work out the state from what is stored and what is in memory, and publish it. */
export async function refreshLockState(db: SchoolnabijDB): Promise<LockState> {
  const keys = await readKeys(db);
  let next: LockState;
  if (hasDataKey()) next = keys?.pin ? 'open' : 'needsPin';
  else if (!(await hasStoredSession(db))) next = 'open'; // logged out: the log-in screen
  else if (!keys) next = 'needsPin'; // a device from before encryption, signed in
  else next = keys.pin ? 'locked' : 'needsLogin';
  // setPin marks the keys sealed; a PIN forgotten or entered wrong 5 times leaves them sealed.
  pinChosen = !keys || keys.pin !== null || keys.sealed;
  publish(next);
  return next;
}

/** The central service's wrap key for this device (created on first ask; refused when revoked). */
export async function fetchDeviceKey(accessToken: string, base = ''): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${base}/api/devices/current/key`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: '{}',
      cache: 'no-store',
    });
  } catch {
    throw new SyncError('offline', 'Geen verbinding met de centrale dienst');
  }
  const body = (await res.json().catch(() => ({}))) as { key?: string; error?: string; message?: string };
  if (!res.ok || !body.key) {
    const kind = body.error === 'device_revoked' ? 'revoked' : res.status >= 500 ? 'server' : 'unauthorized';
    throw new SyncError(kind, body.message ?? 'De sleutel van dit toestel is niet opgehaald', res.status);
  }
  return body.key;
}

/**
 * After the server accepted a log-in, before the session is stored (it is stored encrypted): get the
 * data key into memory. The same user: unwrap it with the server's device key (this is also how a
 * forgotten PIN is recovered; the outbox is untouched). Another user: the device is emptied first,
 * unless changes of the previous user still wait to be synced. A new device: a new data key.
 */
export async function keysAfterLogin(
  db: SchoolnabijDB,
  session: Session,
  opts: { base?: string; clearLocalData: (db: SchoolnabijDB) => Promise<void> },
): Promise<void> {
  const kek = await deviceKey(await fetchDeviceKey(session.accessToken, opts.base));
  let keys = await readKeys(db);
  const previousUser = keys?.userId ?? null;
  if (previousUser && previousUser !== session.user.id) {
    const waiting = await db.outbox.count();
    if (waiting > 0) {
      throw new SyncError(
        'unauthorized',
        `Op dit toestel ${waiting === 1 ? 'wacht nog 1 wijziging' : `wachten nog ${waiting} wijzigingen`} van een andere gebruiker. Die moet eerst inloggen en synchroniseren, of de beheerder trekt dit toestel in.`,
      );
    }
    await opts.clearLocalData(db);
    keys = null;
  }
  let key: CryptoKey | null = currentDataKey();
  if (!key && keys?.device) {
    try {
      key = await unwrapDataKey(keys.device.wrapped, kek);
    } catch {
      // The server's key for this device changed (the device was registered anew): what is stored
      // here can't be read by anyone any more. Start empty.
      await opts.clearLocalData(db);
      keys = null;
    }
  }
  if (!key) {
    key = await generateDataKey();
    // A device from before encryption may hold plain rows: setPin seals them.
    keys = { userId: session.user.id, pin: null, device: null, failures: 0, sealed: false };
  }
  const next: DeviceKeys = {
    userId: session.user.id,
    pin: keys?.pin ?? null,
    device: { wrapped: await wrapDataKey(key, kek) },
    failures: 0,
    sealed: keys?.sealed ?? false,
  };
  await writeKeys(db, next);
  setDataKey(key);
  publish(next.pin ? 'open' : 'needsPin');
}

export function isValidPin(pin: string): boolean {
  return new RegExp(`^\\d{${PIN_MIN_DIGITS},12}$`).test(pin);
}

/**
 * Set (or reset) the PIN. A device from before encryption gets its data key here, and its plain rows
 * are sealed in one pass. `iterations` is lowered only by tests.
 */
export async function setPin(
  db: SchoolnabijDB,
  pin: string,
  opts: { iterations?: number; accessToken?: () => Promise<string> } = {},
): Promise<void> {
  if (!isValidPin(pin)) throw new Error(`Een pincode heeft minstens ${PIN_MIN_DIGITS} cijfers`);
  const iterations = opts.iterations ?? PBKDF2_ITERATIONS;
  const key = currentDataKey() ?? (await generateDataKey());
  const salt = randomBytes(16);
  const keys: DeviceKeys = (await readKeys(db)) ?? { userId: null, pin: null, device: null, failures: 0, sealed: false };
  keys.pin = { salt, iterations, wrapped: await wrapDataKey(key, await pinKey(pin, salt, iterations)) };
  keys.failures = 0;
  if (!keys.device && opts.accessToken) {
    // A device from before encryption: add the server wrap when online; without it a forgotten PIN
    // can't be recovered, so it is tried again at every unlock.
    try {
      keys.device = { wrapped: await wrapDataKey(key, await deviceKey(await fetchDeviceKey(await opts.accessToken()))) };
    } catch {
      // offline: next time
    }
  }
  await writeKeys(db, keys);
  setDataKey(key);
  if (!keys.sealed) {
    await encryptExistingRows(db);
    await writeKeys(db, { ...keys, sealed: true });
  }
  publish('open');
}

export type UnlockResult = { ok: true } | { ok: false; attemptsLeft: number };

/** Try a PIN. The 5th wrong one deletes the PIN-wrapped key: an online log-in is needed. */
export async function unlock(db: SchoolnabijDB, pin: string): Promise<UnlockResult> {
  const keys = await readKeys(db);
  if (!keys?.pin) {
    publish('needsLogin');
    return { ok: false, attemptsLeft: 0 };
  }
  let key: CryptoKey;
  try {
    key = await unwrapDataKey(keys.pin.wrapped, await pinKey(pin, keys.pin.salt, keys.pin.iterations));
  } catch {
    const failures = keys.failures + 1;
    if (failures >= MAX_PIN_ATTEMPTS) {
      await writeKeys(db, { ...keys, pin: null, failures: 0 });
      publish('needsLogin');
      return { ok: false, attemptsLeft: 0 };
    }
    await writeKeys(db, { ...keys, failures });
    return { ok: false, attemptsLeft: MAX_PIN_ATTEMPTS - failures };
  }
  if (keys.failures) await writeKeys(db, { ...keys, failures: 0 });
  setDataKey(key);
  await loadSession(db);
  publish('open');
  return { ok: true };
}

/** "Pincode vergeten": the same as too many wrong PINs, on purpose. */
export async function forgetPin(db: SchoolnabijDB): Promise<void> {
  const keys = await readKeys(db);
  if (keys) await writeKeys(db, { ...keys, pin: null, failures: 0 });
  publish('needsLogin');
}

/** Lock now: forget the data key and the session in memory. Only when a PIN can open it again. */
export async function lockNow(db: SchoolnabijDB): Promise<void> {
  if (!(await readKeys(db))?.pin) return;
  setDataKey(null);
  clearSessionFromMemory();
  await refreshLockState(db);
}

/** After a log-out: the key goes from memory; the next log-in unwraps it with the device key. */
export function forgetKey(): void {
  setDataKey(null);
  publish('open');
}

export async function lockAfterMs(db: SchoolnabijDB): Promise<number> {
  const minutes = (await db.meta.get(LOCK_MINUTES))?.value;
  return (typeof minutes === 'number' && minutes > 0 ? minutes : DEFAULT_LOCK_MINUTES) * 60_000;
}

/**
 * Lock after `lockAfterMinutes` without a touch or key press, and when the app comes back from the
 * background after longer than that. Returns a function that stops watching.
 */
export function watchIdle(db: SchoolnabijDB, now: () => number = Date.now): () => void {
  let last = now();
  let hiddenAt: number | null = null;
  let limit = DEFAULT_LOCK_MINUTES * 60_000;
  void lockAfterMs(db).then((ms) => (limit = ms));
  const touch = () => (last = now());
  const check = () => {
    if (state === 'open' && now() - last >= limit) void lockNow(db);
    // The region's setting may have changed with a log-in or refresh: use it from the next check.
    void lockAfterMs(db).then((ms) => (limit = ms)).catch(() => {});
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') hiddenAt = now();
    else {
      if (hiddenAt !== null && now() - hiddenAt >= limit) void lockNow(db);
      hiddenAt = null;
      touch();
    }
  };
  const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
  for (const e of events) window.addEventListener(e, touch, { passive: true });
  document.addEventListener('visibilitychange', onVisibility);
  const timer = setInterval(check, 15_000);
  return () => {
    for (const e of events) window.removeEventListener(e, touch);
    document.removeEventListener('visibilitychange', onVisibility);
    clearInterval(timer);
  };
}
