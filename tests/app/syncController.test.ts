// When the app syncs, driven by fake timers and the controller's injected random source: backoff
// with jitter after failures that pass, no retry for failures that need the user, one more run for
// calls made during a run, a debounced sync after saves. Real Dexie (fake-indexeddb) for the meta
// row; the store and the transport are the in-memory ones of memorySync.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SchoolnabijDB } from '../../src/app/db/db';
import { SyncController } from '../../src/app/sync/controller';
import { SyncError } from '../../src/app/sync/types';
import type { Mutation } from '../../src/sync/protocol';
import { freshDbPerTest } from './freshDb';
import { MemorySyncStore, MemoryTransport } from './memorySync';

let db: SchoolnabijDB;
freshDbPerTest((d) => (db = d));

let store: MemorySyncStore;
let transport: MemoryTransport;

function mutation(n: number): Mutation {
  return {
    id: crypto.randomUUID(),
    entity: 'signal',
    recordId: crypto.randomUUID(),
    kind: 'create',
    changes: { description: `signaal ${n}` },
    baseVersion: 0,
    createdAt: new Date().toISOString(),
  };
}

beforeEach(() => {
  store = new MemorySyncStore();
  transport = new MemoryTransport();
  // Only the clocks the controller schedules with; fake-indexeddb keeps its own (setImmediate).
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => vi.useRealTimers());

describe('SyncController', () => {
  it('pushes the outbox, pulls it back and stores when it last synced', async () => {
    store.outbox.push(mutation(1), mutation(2));
    const c = new SyncController(db, store, transport, () => 0.5);
    const outcome = await c.syncNow();
    expect(outcome).toMatchObject({ pushed: 2, pulled: 2, rejected: 0 });
    expect(store.outbox).toHaveLength(0);
    expect(store.records.size).toBe(2);
    const state = c.getState();
    expect(state.error).toBeNull();
    expect(state.lastSyncedAt).toBe(new Date().toISOString());
    expect((await db.meta.get('lastSyncedAt'))?.value).toBe(state.lastSyncedAt);
  });

  it('retries a failure that passes with exponential backoff times 0.5–1.5 from the random source', async () => {
    const randoms = [0, 0.999, 0.5];
    const c = new SyncController(db, store, transport, () => randoms.shift() ?? 0.5);
    transport.failWith = new SyncError('offline', 'Geen verbinding');
    const t0 = Date.now();

    await c.syncNow();
    // first failure: 5 s × (0.5 + 0)
    expect(c.getState().retryAt).toBe(t0 + 2500);
    expect(c.getState().error?.kind).toBe('offline');
    expect(transport.pushes + transport.pulls).toBe(1);

    await vi.advanceTimersByTimeAsync(2499);
    expect(transport.pulls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.pulls).toBe(2);
    // second failure: 10 s × (0.5 + 0.999)
    expect(c.getState().retryAt).toBe(Date.now() + 10_000 * 1.499);

    transport.failWith = null;
    await vi.advanceTimersByTimeAsync(14_990);
    expect(transport.pulls).toBe(3);
    await vi.waitFor(() => expect(c.getState()).toMatchObject({ error: null, retryAt: null, running: false }));
  });

  it('caps the backoff at five minutes (times the jitter)', async () => {
    const c = new SyncController(db, store, transport, () => 0.5);
    transport.failWith = new SyncError('server', 'Storing');
    await c.syncNow();
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(c.getState().retryAt! - Date.now());
    expect(c.getState().retryAt! - Date.now()).toBe(5 * 60 * 1000);
  });

  it('does not retry by itself what needs the user (log in again, update the app)', async () => {
    for (const kind of ['unauthorized', 'revoked', 'upgrade', 'bad_request'] as const) {
      const t = new MemoryTransport();
      t.failWith = new SyncError(kind, 'nee');
      const c = new SyncController(db, store, t, () => 0.5);
      await c.syncNow();
      expect(c.getState()).toMatchObject({ retryAt: null, error: { kind } });
      await vi.advanceTimersByTimeAsync(60 * 60 * 1000);
      expect(t.pulls).toBe(1);
    }
  });

  it('runs exactly once more after calls made during a run', async () => {
    let release!: () => void;
    transport.gate = new Promise((r) => (release = r));
    store.outbox.push(mutation(1));
    const c = new SyncController(db, store, transport, () => 0.5);
    const first = c.syncNow();
    await vi.waitFor(() => expect(transport.pushes).toBe(1));
    expect(c.getState().running).toBe(true);
    // A save during the run; its sync calls come while the first run waits for the service.
    store.outbox.push(mutation(2));
    void c.syncNow();
    void c.syncNow();
    transport.gate = null;
    release();
    await first;
    await vi.waitFor(() => expect(c.getState()).toMatchObject({ running: false, lastSyncedAt: expect.any(String) }));
    await vi.advanceTimersByTimeAsync(1000);
    // Two runs (each ends with one pull), not three; both saves arrived.
    expect(transport.pulls).toBe(2);
    expect(store.outbox).toHaveLength(0);
    expect(store.records.size).toBe(2);
  });

  it('debounces saves into one sync, and waits while backing off', async () => {
    const c = new SyncController(db, store, transport, () => 0.5);
    store.outbox.push(mutation(1));
    c.syncSoon();
    store.outbox.push(mutation(2));
    c.syncSoon();
    await vi.advanceTimersByTimeAsync(999);
    expect(transport.pushes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(transport.pushes).toBe(1));
    await vi.waitFor(() => expect(c.getState()).toMatchObject({ running: false, lastSyncedAt: expect.any(String) }));

    transport.failWith = new SyncError('offline', 'Geen verbinding');
    await c.syncNow();
    expect(c.getState().retryAt).not.toBeNull();
    const pulls = transport.pulls;
    c.syncSoon();
    await vi.advanceTimersByTimeAsync(1000);
    expect(transport.pulls).toBe(pulls);
  });
});
