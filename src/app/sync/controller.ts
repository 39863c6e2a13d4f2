import { useCallback, useSyncExternalStore } from 'react';
import type { SchoolnabijDB } from '../db/db';
import { syncOnce, type SyncOutcome, type SyncProgress } from './engine';
import { uploadViews } from './views';
import { SyncError, type SyncErrorKind, type SyncStore, type SyncTransport } from './types';

export interface SyncState {
  running: boolean;
  progress: SyncProgress | null;
  lastSyncedAt: string | null;
  error: { kind: SyncErrorKind; message: string } | null;
  /** When the next automatic try is planned after a failure (ms since epoch). */
  retryAt: number | null;
}

const INTERVAL_MS = 3 * 60 * 1000;
const LOCK = 'schoolnabij-sync';

/**
 * When to sync: on start, when the browser comes online, when the app becomes visible, every few
 * minutes while open, and on demand. One tab at a time (Web Locks). Failures that pass (offline,
 * server trouble) are retried with exponential backoff and jitter; the others wait for the user.
 */
export class SyncController {
  private state: SyncState = { running: false, progress: null, lastSyncedAt: null, error: null, retryAt: null };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private inFlight: Promise<SyncOutcome | null> | null = null;
  private again = false;
  /**
   * Called after a run in which the user's scope changed (see syncOnce): the app refreshes the
   * signed-in user's role and schools then. A failure there does not fail the sync.
   */
  onScopeChange: (() => Promise<void>) | null = null;

  constructor(
    private readonly db: SchoolnabijDB,
    private readonly store: SyncStore,
    private readonly transport: SyncTransport,
    private readonly random: () => number = Math.random,
  ) {}

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getState = () => this.state;

  private set(patch: Partial<SyncState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  async init(): Promise<void> {
    const last = (await this.db.meta.get('lastSyncedAt'))?.value as string | undefined;
    if (last) this.set({ lastSyncedAt: last });
  }

  private stop: (() => void) | null = null;

  /** Whether start() has run (and its triggers are on). */
  get started(): boolean {
    return this.stop !== null;
  }

  /** Start the automatic triggers (once; later calls just sync now). Returns a function that stops them. */
  start(): () => void {
    if (this.stop) {
      void this.syncNow();
      return this.stop;
    }
    const onOnline = () => void this.syncNow();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void this.syncNow();
    };
    window.addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onVisible);
    const interval = setInterval(() => void this.syncNow(), INTERVAL_MS);
    // A save while online goes out within a second or two, not at the next timer tick.
    const onSave = () => this.syncSoon();
    this.db.outbox.hook('creating', onSave);
    void this.syncNow();
    this.stop = () => {
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      clearInterval(interval);
      clearTimeout(this.timer);
      clearTimeout(this.soon);
      this.db.outbox.hook('creating').unsubscribe(onSave);
      this.stop = null;
    };
    return this.stop;
  }

  private soon: ReturnType<typeof setTimeout> | undefined;

  /** Sync shortly (debounced): several saves in a row make one push. Waits while offline or backing off. */
  syncSoon(delayMs = 1000): void {
    if (typeof navigator !== 'undefined' && !navigator.onLine) return;
    if (this.state.retryAt) return;
    clearTimeout(this.soon);
    this.soon = setTimeout(() => void this.syncNow(), delayMs);
  }

  /** Sync now; a call during a run schedules exactly one more run after it. */
  syncNow(): Promise<SyncOutcome | null> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = this.runLocked().finally(() => {
      this.inFlight = null;
      if (this.again) {
        this.again = false;
        void this.syncNow();
      }
    });
    return this.inFlight;
  }

  private runLocked(): Promise<SyncOutcome | null> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) return this.run();
    // ifAvailable: another tab is syncing the same database; this tab simply skips this round.
    return locks.request(LOCK, { ifAvailable: true }, (lock) => (lock ? this.run() : Promise.resolve(null)));
  }

  /** Pupil pages opened on this device go to the audit log after the push (never fails the sync). */
  private async uploadViews(): Promise<void> {
    const transport = this.transport;
    if (!transport.postViews) return;
    try {
      await uploadViews(this.db, (views) => transport.postViews!(views));
    } catch {
      // kept on the device; the next sync tries again
    }
  }

  private async run(): Promise<SyncOutcome | null> {
    clearTimeout(this.timer);
    this.set({ running: true, progress: null, retryAt: null });
    try {
      const outcome = await syncOnce(this.store, this.transport, (progress) => this.set({ progress }));
      if (outcome.scopeChanged && this.onScopeChange) await this.onScopeChange().catch(() => {});
      await this.uploadViews();
      const now = new Date().toISOString();
      await this.db.meta.put({ key: 'lastSyncedAt', value: now });
      this.failures = 0;
      this.set({ running: false, progress: null, error: null, lastSyncedAt: now });
      return outcome;
    } catch (e) {
      const err = e instanceof SyncError ? e : new SyncError('server', e instanceof Error ? e.message : String(e));
      let retryAt: number | null = null;
      if (err.retryable) {
        this.failures++;
        // 5 s, 10 s, 20 s … up to 5 minutes, each times 0.5–1.5 so phones don't retry in step.
        const delay = Math.min(5000 * 2 ** (this.failures - 1), 5 * 60 * 1000) * (0.5 + this.random());
        retryAt = Date.now() + delay;
        this.timer = setTimeout(() => void this.syncNow(), delay);
      }
      this.set({ running: false, progress: null, error: { kind: err.kind, message: err.message }, retryAt });
      return null;
    }
  }
}

let controller: SyncController | null = null;
// The controller is created lazily (app/sync/boot.ts), possibly after a screen already rendered:
// screens that show its state re-subscribe when it arrives.
const controllerListeners = new Set<() => void>();

export function setSyncController(c: SyncController | null) {
  controller = c;
  for (const l of controllerListeners) l();
}

export function getSyncController(): SyncController | null {
  return controller;
}

function subscribeController(l: () => void) {
  controllerListeners.add(l);
  return () => void controllerListeners.delete(l);
}

export function useSyncController(): SyncController | null {
  return useSyncExternalStore(subscribeController, () => controller);
}

const idle: SyncState = { running: false, progress: null, lastSyncedAt: null, error: null, retryAt: null };
const noop = () => {};

export function useSyncState(): SyncState {
  const c = useSyncController();
  const subscribe = useCallback((l: () => void) => c?.subscribe(l) ?? noop, [c]);
  return useSyncExternalStore(subscribe, () => c?.getState() ?? idle);
}
