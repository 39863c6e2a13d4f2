import { refreshSession, accessToken, renewAccessToken } from '../auth/session';
import { wipeDevice } from '../auth/wipe';
import { db } from '../db/db';
import { fetchVerzuimSettings } from '../db/verzuim';
import { hasDataKey } from '../db/encryption';
import { SyncController, setSyncController } from './controller';
import { DexieSyncStore } from './dexieStore';
import { HttpTransport } from './httpTransport';
import { SyncError } from './types';

/** The outbox is encrypted: while the app is locked the engine has nothing it can read, so it waits. */
class LockAwareStore extends DexieSyncStore {
  override pendingBatch(limit: number) {
    if (!hasDataKey()) return Promise.reject(new SyncError('unauthorized', 'Dit toestel is vergrendeld'));
    return super.pendingBatch(limit);
  }
}

let created: Promise<SyncController> | null = null;

/**
 * The sync controller, created once. Loaded on demand: the log-in and lock screens of the
 * first route don't carry the sync engine; boot.ts imports this module when someone is signed in
 * and unlocked, or while they type their PIN or password.
 */
export function syncController(): Promise<SyncController> {
  created ??= (async () => {
    const controller = new SyncController(
      db,
      new LockAwareStore(db),
      new HttpTransport(
        () => accessToken(db),
        '',
        true,
        () => renewAccessToken(db),
      ),
    );
    controller.onScopeChange = () => refreshSession(db);
    await controller.init();
    // Remote wipe: the beheerder revoked this device; the next contact deletes its data.
    controller.subscribe(() => {
      if (controller.getState().error?.kind === 'revoked') void wipeDevice(db, 'revoked');
    });
    // The region's verzuim numbers reach the phone at sync: fetched after each sync that succeeded.
    let synced = controller.getState().lastSyncedAt;
    controller.subscribe(() => {
      const at = controller.getState().lastSyncedAt;
      if (at && at !== synced) {
        synced = at;
        fetchVerzuimSettings(db).catch(() => undefined);
      }
    });
    setSyncController(controller);
    return controller;
  })();
  return created;
}
