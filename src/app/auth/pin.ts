// The PIN lock and the device keys. See db/crypto.ts for the cryptography and
// db/encryption.ts for where the data key is used.
//
// States (what App shows):
//   open      the data key is in memory and a PIN or passkey can open it again
//   needsPin  the data key is in memory (just logged in, or just opened with a PIN from before
//             Argon2id) or the device is from before encryption: choose a passkey or PIN (SetPinPage)
//   locked    a PIN- or passkey-wrapped key and a session are stored, the key is not in memory: LockPage
//   needsLogin the PIN was entered wrong 5 times (or forgotten): only an online log-in, which unwraps
//             the key with the server's device key, opens the data again. The encrypted outbox stays.
import { useSyncExternalStore } from 'react';
import type { SchoolnabijDB } from '../db/db';
import {
  ARGON2_PARAMS,
  argon2PinKey,
  deviceKey,
  generateDataKey,
  pinKey,
  prfWrapKey,
  randomBytes,
  unwrapDataKey,
  wrapDataKey,
  type Argon2Params,
  type Bytes,
} from '../db/crypto';
import { currentDataKey, encryptExistingRows, hasDataKey, setDataKey } from '../db/encryption';
import { SyncError } from '../sync/types';
import { LOCK_MINUTES_META, clearSessionFromMemory, loadSession, type Session } from './session';
import { deviceKeyResponseSchema } from '../../sync/api/devices';
import { ApiError, callApi } from '../api/client';

export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 12;
export const MAX_PIN_ATTEMPTS = 5;
/**
 * Idle minutes before the app locks, until the region's setting arrives: the beheerder sets it
 * (PATCH /api/admin/settings), every log-in and refresh answer carries it, and session.ts stores it
 * in the meta row `lockAfterMinutes`, which this file reads.
 */
export const DEFAULT_LOCK_MINUTES = 5;

const KEYS = 'deviceKeys';
const LOCK_MINUTES = LOCK_MINUTES_META;

/**
 * The data key wrapped by a PIN: Argon2id, or (`kdf` absent) PBKDF2-SHA256 from before Argon2id, which
 * unlock opens once and then removes, asking for a new PIN of at least PIN_MIN_DIGITS.
 */
export type PinWrap =
  ({ kdf: 'argon2id'; salt: Bytes; wrapped: Bytes } & Argon2Params) | { kdf?: undefined; salt: Bytes; iterations: number; wrapped: Bytes };

/** The data key wrapped by the PRF output of a passkey on this phone (passkey.ts). */
export interface PasskeyWrap {
  credentialId: Bytes;
  /** The PRF input (and HKDF salt): 32 random bytes. */
  salt: Bytes;
  wrapped: Bytes;
}

/** Stored in meta in plain: only wrapped keys, never the data key itself. */
export interface DeviceKeys {
  /** Whose data this key protects: another user logging in starts from an empty device. */
  userId: string | null;
  pin: PinWrap | null;
  passkey?: PasskeyWrap | null;
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

/** Whether a PIN or a passkey can open the data key without the central service. */
export function canUnlock(keys: DeviceKeys | null): boolean {
  return !!keys && (keys.pin !== null || !!keys.passkey);
}

/** Whether a session is stored, without decrypting it (a count reads no values). */
async function hasStoredSession(db: SchoolnabijDB): Promise<boolean> {
  return (await db.meta.where('key').equals('session').count()) > 0;
}

/** Work out the state from what is stored and what is in memory, and publish it. */
export async function refreshLockState(db: SchoolnabijDB): Promise<LockState> {
  const keys = await readKeys(db);
  let next: LockState;
  if (hasDataKey()) next = canUnlock(keys) ? 'open' : 'needsPin';
  else if (!(await hasStoredSession(db)))
    next = 'open'; // logged out: the log-in screen
  else if (!keys)
    next = 'needsPin'; // a device from before encryption, signed in
  else next = canUnlock(keys) ? 'locked' : 'needsLogin';
  // setPin marks the keys sealed; a PIN forgotten or entered wrong 5 times leaves them sealed.
  pinChosen = !keys || canUnlock(keys) || keys.sealed;
  publish(next);
  return next;
}

/** The central service's wrap key for this device (created on first ask; refused when revoked). */
export async function fetchDeviceKey(accessToken: string, base = ''): Promise<string> {
  try {
    return (await callApi(deviceKeyResponseSchema, 'POST', '/api/devices/current/key', {}, { base, bearer: accessToken })).key;
  } catch (e) {
    // Whatever else went wrong, this device can't open its data now: sign in again.
    if (e instanceof ApiError && e.kind === 'bad_request') throw new ApiError('unauthorized', e.message, e.status, e.code);
    throw e;
  }
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
    passkey: keys?.passkey ?? null,
    device: { wrapped: await wrapDataKey(key, kek) },
    failures: 0,
    sealed: keys?.sealed ?? false,
  };
  await writeKeys(db, next);
  setDataKey(key);
  publish(canUnlock(next) ? 'open' : 'needsPin');
}

/**
 * Why a PIN can't be chosen (a Dutch sentence for the screen), or null. Trivial PINs are what an
 * attacker tries first: one digit repeated, a run up or down (wrapping 9 to 0), a year 19xx/20xx at
 * the start or end (a birth year or date).
 */
export function pinProblem(pin: string): string | null {
  if (!/^\d+$/.test(pin) || pin.length < PIN_MIN_DIGITS) return `Kies een pincode van minstens ${PIN_MIN_DIGITS} cijfers (alleen cijfers).`;
  if (pin.length > PIN_MAX_DIGITS) return `Een pincode heeft hoogstens ${PIN_MAX_DIGITS} cijfers.`;
  if (/^(\d)\1+$/.test(pin)) return 'Deze pincode is te makkelijk te raden. Kies niet steeds hetzelfde cijfer.';
  const steps = new Set([...pin].slice(1).map((c, i) => (Number(c) - Number(pin[i]) + 10) % 10));
  if (steps.size === 1 && (steps.has(1) || steps.has(9)))
    return 'Deze pincode is te makkelijk te raden. Kies geen rij zoals 123456 of 654321.';
  if (/^(19|20)\d\d/.test(pin) || /(19|20)\d\d$/.test(pin)) {
    return 'Deze pincode is te makkelijk te raden. Er staat een jaartal in (19.. of 20..), zoals een geboortejaar.';
  }
  return null;
}

export function isValidPin(pin: string): boolean {
  return pinProblem(pin) === null;
}

/**
 * A PIN from before Argon2id opened the data: its weak wrap is already removed, the user chooses a
 * new PIN (or a passkey) now. SetPinPage says why.
 */
let pinUpgrade = false;

export function pinUpgradeAsked(): boolean {
  return pinUpgrade;
}

/** For a device from before encryption: add the server wrap when online (tried at every set-up). */
async function addDeviceWrap(keys: DeviceKeys, key: CryptoKey, accessToken?: () => Promise<string>): Promise<void> {
  if (keys.device || !accessToken) return;
  try {
    keys.device = { wrapped: await wrapDataKey(key, await deviceKey(await fetchDeviceKey(await accessToken()))) };
  } catch {
    // offline: next time
  }
}

/** Store the keys of a new PIN or passkey and open the app; seal plain rows of an old device. */
async function finishSetUp(db: SchoolnabijDB, keys: DeviceKeys, key: CryptoKey): Promise<void> {
  keys.failures = 0;
  await writeKeys(db, keys);
  setDataKey(key);
  pinUpgrade = false;
  if (!keys.sealed) {
    await encryptExistingRows(db);
    await writeKeys(db, { ...keys, sealed: true });
  }
  publish('open');
}

const emptyKeys = (): DeviceKeys => ({ userId: null, pin: null, passkey: null, device: null, failures: 0, sealed: false });

/**
 * Set (or reset) the PIN. A device from before encryption gets its data key here, and its plain rows
 * are sealed in one pass. `argon2` is lowered only by tests.
 */
export async function setPin(
  db: SchoolnabijDB,
  pin: string,
  opts: { argon2?: Argon2Params; accessToken?: () => Promise<string> } = {},
): Promise<void> {
  const problem = pinProblem(pin);
  if (problem) throw new Error(problem);
  const params = opts.argon2 ?? ARGON2_PARAMS;
  const key = currentDataKey() ?? (await generateDataKey());
  const salt = randomBytes(16);
  const keys: DeviceKeys = (await readKeys(db)) ?? emptyKeys();
  keys.pin = { kdf: 'argon2id', salt, ...params, wrapped: await wrapDataKey(key, await argon2PinKey(pin, salt, params)) };
  await addDeviceWrap(keys, key, opts.accessToken);
  await finishSetUp(db, keys, key);
}

/**
 * Unlock with a passkey instead of a PIN: `prf` is the passkey's PRF output for `salt` (passkey.ts),
 * from which the wrap key is derived. A PIN set before stays as a second way in.
 */
export async function setPasskey(
  db: SchoolnabijDB,
  passkey: { credentialId: Bytes; salt: Bytes; prf: BufferSource },
  opts: { accessToken?: () => Promise<string> } = {},
): Promise<void> {
  const key = currentDataKey() ?? (await generateDataKey());
  const keys: DeviceKeys = (await readKeys(db)) ?? emptyKeys();
  keys.passkey = {
    credentialId: passkey.credentialId,
    salt: passkey.salt,
    wrapped: await wrapDataKey(key, await prfWrapKey(passkey.prf, passkey.salt)),
  };
  await addDeviceWrap(keys, key, opts.accessToken);
  await finishSetUp(db, keys, key);
}

/** The stored passkey (its credential id and PRF input), for the unlock ceremony. */
export async function storedPasskey(db: SchoolnabijDB): Promise<PasskeyWrap | null> {
  return (await readKeys(db))?.passkey ?? null;
}

/** Open the data key with the passkey's PRF output; false when it is not the output of this wrap. */
export async function unlockWithPasskey(db: SchoolnabijDB, prf: BufferSource): Promise<boolean> {
  const keys = await readKeys(db);
  if (!keys?.passkey) return false;
  let key: CryptoKey;
  try {
    key = await unwrapDataKey(keys.passkey.wrapped, await prfWrapKey(prf, keys.passkey.salt));
  } catch {
    return false;
  }
  setDataKey(key);
  await loadSession(db);
  publish('open');
  return true;
}

export type UnlockResult = { ok: true } | { ok: false; attemptsLeft: number };

/** Try a PIN. The 5th wrong one deletes the PIN-wrapped key: an online log-in is needed. */
export async function unlock(db: SchoolnabijDB, pin: string): Promise<UnlockResult> {
  const keys = await readKeys(db);
  if (!keys?.pin) {
    publish('needsLogin');
    return { ok: false, attemptsLeft: 0 };
  }
  const wrap = keys.pin;
  let key: CryptoKey;
  try {
    const kek = wrap.kdf === 'argon2id' ? await argon2PinKey(pin, wrap.salt, wrap) : await pinKey(pin, wrap.salt, wrap.iterations);
    key = await unwrapDataKey(wrap.wrapped, kek);
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
  if (wrap.kdf !== 'argon2id') {
    // A PIN from before Argon2id (5 digits, PBKDF2): a copy of storage falls to it in seconds, so its
    // wrap goes now and the user chooses a new PIN. Closed before that: an online log-in opens it.
    await writeKeys(db, { ...keys, pin: null, failures: 0 });
    pinUpgrade = true;
    setDataKey(key);
    await loadSession(db);
    publish(canUnlock({ ...keys, pin: null }) ? 'open' : 'needsPin');
    return { ok: true };
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
  if (!canUnlock(await readKeys(db))) return;
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
    void lockAfterMs(db)
      .then((ms) => (limit = ms))
      .catch(() => {});
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
