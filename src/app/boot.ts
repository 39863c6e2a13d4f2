import { accessToken, loadSession, refreshSession } from './auth/session';
import { db } from './db/db';
import { SyncController, setSyncController } from './sync/controller';
import { DexieSyncStore } from './sync/dexieStore';
import { HttpTransport } from './sync/httpTransport';

/**
 * Start-up before the first render: read the session from IndexedDB (so the app opens offline),
 * and create the sync controller. Sync starts only when someone is signed in.
 */
export async function boot(): Promise<SyncController> {
  const session = await loadSession(db);
  const controller = new SyncController(db, new DexieSyncStore(db), new HttpTransport(() => accessToken(db)));
  controller.onScopeChange = () => refreshSession(db);
  setSyncController(controller);
  await controller.init();
  if (session) controller.start();
  return controller;
}
