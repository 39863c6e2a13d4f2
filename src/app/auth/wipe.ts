// Removing this device's data: on a revoke by the beheerder (remote wipe), on "Gegevens van dit
// toestel verwijderen" at log-out, and before another user logs in on this device.
import type { SchoolnabijDB } from '../db/db';
import { markAllDerived } from '../perf/derived';
import { setDataKey } from '../db/encryption';

const REASON = 'schoolnabij.wiped';

export type WipeReason = 'revoked' | 'removed';

const reasonText: Record<WipeReason, string> = {
  revoked: 'Dit toestel is ingetrokken door de beheerder; de gegevens op dit toestel zijn gewist. Je kunt hier opnieuw inloggen.',
  removed: 'Je bent uitgelogd en de gegevens zijn van dit toestel verwijderd. Je kunt hier opnieuw inloggen.',
};

/**
 * The service worker's precache (workbox-precaching names it so): the built app, no personal data.
 * A wipe keeps it: nothing fills it again until the next app update, so without it the phone that
 * logs in again would never open offline.
 */
export function isAppShellCache(name: string): boolean {
  return name.startsWith('workbox-precache');
}

/**
 * Delete the IndexedDB database and every Cache Storage cache except the app shell, then start the
 * app afresh on the log-in screen, which says why. The wipe removes the user's data, not the app: the
 * same phone may log in again (a new device id, an empty database) and works offline at once.
 * Unsynced work is lost: the device list says so before a revoke, log-out asks twice. The service
 * worker stays registered (it holds no data); the reason is kept in localStorage (no personal data)
 * so it survives the reload.
 */
let wiping = false;

export async function wipeDevice(db: SchoolnabijDB, reason: WipeReason): Promise<void> {
  if (wiping) return;
  wiping = true;
  setDataKey(null);
  try {
    localStorage.setItem(REASON, reason);
  } catch {
    // private mode without storage: the log-in screen just shows no reason
  }
  await db.delete();
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) if (!isAppShellCache(name)) await caches.delete(name);
  }
  if (typeof location !== 'undefined') location.reload();
}

/** Why the data was wiped, once (the log-in screen shows it until the next log-in). */
export function wipedReason(): string | null {
  try {
    const r = localStorage.getItem(REASON) as WipeReason | null;
    return r && r in reasonText ? reasonText[r] : null;
  } catch {
    return null;
  }
}

export function clearWipedReason(): void {
  try {
    localStorage.removeItem(REASON);
  } catch {
    // nothing to clear
  }
}

/**
 * Empty every table but keep this device's id (the server knows the device by it). Used before
 * another user logs in, so they never see the previous user's data. The empty tables are like a new
 * database: every row they will hold gets its derived index fields on write (derived.ts D3), so the
 * next user's first pull is not written a second time after the unlock.
 */
export async function clearLocalData(db: SchoolnabijDB): Promise<void> {
  const deviceId = await db.meta.get('deviceId');
  await db.transaction('rw', db.tables, async () => {
    for (const t of db.tables) await t.clear();
    if (deviceId) await db.meta.put(deviceId);
    await markAllDerived(db.meta);
  });
}
