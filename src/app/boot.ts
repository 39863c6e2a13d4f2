import { watchUnlock } from './afterUnlock';
import { keysAfterLogin, refreshLockState, watchIdle } from './auth/pin';
import { accessToken, loadSession, onLogin, refreshSession } from './auth/session';
import { clearLocalData, wipeDevice } from './auth/wipe';
import { db } from './db/db';
import { hasDataKey } from './db/encryption';
import { SyncController, setSyncController } from './sync/controller';
import { DexieSyncStore } from './sync/dexieStore';
import { HttpTransport } from './sync/httpTransport';
import { SyncError } from './sync/types';

/** The outbox is encrypted: while the app is locked the engine has nothing it can read, so it waits. */
class LockAwareStore extends DexieSyncStore {
  override pendingBatch(limit: number) {
    if (!hasDataKey()) return Promise.reject(new SyncError('unauthorized', 'Dit toestel is vergrendeld'));
    return super.pendingBatch(limit);
  }
}

/**
 * Start-up before the first render: find out whether the app is locked (issue 6), read the session
 * from IndexedDB when it can be read (so the app opens offline), and create the sync controller.
 * Sync starts only when someone is signed in and the app is unlocked.
 */
export async function boot(): Promise<SyncController> {
  onLogin((s, base) => keysAfterLogin(db, s, { base, clearLocalData }));
  const lock = await refreshLockState(db);
  const session = lock === 'locked' || lock === 'needsLogin' ? null : await loadSession(db);
  const controller = new SyncController(db, new LockAwareStore(db), new HttpTransport(() => accessToken(db)));
  controller.onScopeChange = () => refreshSession(db);
  setSyncController(controller);
  await controller.init();
  // Remote wipe: the beheerder revoked this device; the next contact deletes its data.
  controller.subscribe(() => {
    if (controller.getState().error?.kind === 'revoked') void wipeDevice(db, 'revoked');
  });
  watchIdle(db);
  watchUnlock(db);
  if (session && lock === 'open') controller.start();
  return controller;
}
