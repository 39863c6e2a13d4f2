import { keysAfterLogin, refreshLockState, watchIdle } from '../auth/pin';
import { accessToken, loadSession, onLogin, renewAccessToken } from '../auth/session';
import { setSessionTokens } from '../api/client';
import { clearLocalData } from '../auth/wipe';
import { db } from '../db/db';
import type TabsApp from '../TabsApp';

/**
 * Start-up before the first render: find out whether the app is locked and read the
 * session from IndexedDB when it can be read (so the app opens offline). Nothing of the sync engine
 * or Ionic is loaded here: the first route is the log-in or lock screen.
 */
export async function boot(): Promise<void> {
  // Registered before anything can log in: the session is stored encrypted, so the data key must
  // be in memory first. Never move this into a lazily loaded module.
  onLogin((s, base) => keysAfterLogin(db, s, { base, clearLocalData }));
  setSessionTokens({ token: () => accessToken(db), renew: () => renewAccessToken(db) });
  const lock = await refreshLockState(db);
  if (lock !== 'locked' && lock !== 'needsLogin') await loadSession(db);
  watchIdle(db);
}

const loadSync = () => import('../sync/boot').then((m) => m.syncController());

/**
 * Sync now, and from now on automatically: after a log-in, a new PIN or an unlock (the data key is in
 * memory then). Loads the sync engine the first time.
 */
export function startSync(): void {
  void loadSync().then((c) => c.start());
}

/** The tabs app opened: make sure sync runs, without an extra round when a gate already started it. */
export function ensureSync(): void {
  void loadSync().then((c) => {
    if (!c.started) c.start();
  });
}

let tabs: Promise<{ default: typeof TabsApp }> | null = null;

/** The Ionic tabs app, fetched once: on unlock, or earlier while the user types (preloadApp). */
export function loadTabsApp(): Promise<{ default: typeof TabsApp }> {
  tabs ??= import('../TabsApp').catch((e: unknown) => {
    tabs = null; // offline without the service worker: the next call fetches again
    throw e;
  });
  return tabs;
}

/**
 * Fetch the tabs app and the sync engine while the user types a PIN or password, so the app
 * opens without waiting for them. Only fetches; nothing runs until the gate opens.
 */
export function preloadApp(): void {
  void loadTabsApp().catch(() => undefined); // tried again at the next touch
  void import('../sync/boot');
}
