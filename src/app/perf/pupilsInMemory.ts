// Every pupil, decrypted, in memory: what the pupil search filters. Initials are encrypted
// at rest, so no index can answer "initials contain ZZ"; decrypting 10,000 pupils per keystroke takes
// seconds, filtering 10,000 objects in memory a few milliseconds.
//
// PM1: the copy is filled in chunks (CHUNK rows per transaction, yielding to the UI between them),
//     when the app is idle after an unlock, or at once (URGENT_CHUNK rows) when a screen waits for it.
// PM2: it follows the database: a change to the pupils table (this tab or another, Dexie's
//     storagemutated event) re-reads the changed pupils, or all of them when Dexie reports a range.
// PM3: it holds decrypted data, so it is dropped when the data key goes (lock, log-out, wipe).
// PM4: a complete copy is also stored, encrypted like the pupils (one meta row, PUPILS_COPY_META),
//     and written again after changes. The next time the copy is filled (after an unlock) that row is
//     shown first, in one read and one decryption instead of one per pupil (10,000 pupils: ~50 ms
//     instead of ~600 ms), so a search typed right after the unlock is answered at once; the full read
//     runs as before a few seconds later and replaces it, so a change the stored row missed (the app
//     closed within a second of the change) shows up within seconds.
//     It never outlives a pupil removed from the device: sync deletes it with them (dexieStore.ts).
import Dexie, { type ObservabilitySet } from 'dexie';
import { useEffect, useSyncExternalStore } from 'react';
import type { Pupil } from '../../domain';
import type { SchoolnabijDB } from '../db/db';
import { PUPILS_COPY_META } from '../db/encryption';

const CHUNK = 250;
/** When a search waits: fewer, larger reads (still yielding between them so typing stays smooth). */
const URGENT_CHUNK = 1000;
/** Reported changed keys up to this many are re-read one by one; more, and the whole copy is. */
const PATCH_MAX = 200;

let owner: SchoolnabijDB | null = null;
let pupils: ReadonlyMap<string, Pupil> | null = null;
/** `pupils` is a full read of the table (or follows one through PM2), not the stored copy (PM4). */
let complete = false;
/** PM4: when the stored copy is written next. */
let saveTimer: ReturnType<typeof setTimeout> | null = null;
const SAVE_AFTER_MS = 1000;
/** PM4: how long after the stored copy is shown the full read starts that replaces it. */
const CHECK_STORED_AFTER_MS = 3000;
let loading: Promise<void> | null = null;
/** A change came in while loading: the load that is running may have missed it. */
let staleWhileLoading = false;
const listeners = new Set<() => void>();

function publish(next: ReadonlyMap<string, Pupil> | null): void {
  pupils = next;
  for (const l of listeners) l();
}

/** A screen waits for the copy (a search was typed): fill it at full speed. */
let urgent = false;

type Ric = (cb: () => void, o?: { timeout: number }) => number;
const ric = (): Ric | undefined => (globalThis as { requestIdleCallback?: Ric }).requestIdleCallback;

/**
 * Between chunks: when nobody waits, only when the page is idle, so that filling the copy never
 * delays a screen the user opens meanwhile; when a search waits, at once.
 */
function yieldToUi(): Promise<void> {
  const idle = ric();
  return new Promise<void>((ok) => (!urgent && idle ? idle(() => ok(), { timeout: 1000 }) : setTimeout(ok, 0)));
}

async function loadAll(db: SchoolnabijDB): Promise<void> {
  const next = new Map<string, Pupil>();
  let after: string | null = null;
  for (;;) {
    const from = after;
    const size = urgent ? URGENT_CHUNK : CHUNK;
    // Outside any liveQuery: these reads must not subscribe the caller to the whole table.
    const rows: Pupil[] = await Dexie.ignoreTransaction(() =>
      (from === null ? db.pupils.orderBy('id') : db.pupils.where('id').above(from)).limit(size).toArray(),
    );
    for (const p of rows) next.set(p.id, p);
    if (rows.length < size) break;
    after = rows[rows.length - 1]!.id;
    await yieldToUi();
    if (owner !== db) return; // dropped (PM3) while loading
  }
  if (owner !== db) return;
  complete = true;
  publish(next);
  storeCopySoon(db, 0);
}

/** PM4: the stored copy, or null (none, unreadable, or another key). */
async function readStoredCopy(db: SchoolnabijDB): Promise<Map<string, Pupil> | null> {
  try {
    const value = (await Dexie.ignoreTransaction(() => db.meta.get(PUPILS_COPY_META)))?.value;
    return Array.isArray(value) ? new Map((value as Pupil[]).map((p) => [p.id, p])) : null;
  } catch {
    return null;
  }
}

/**
 * PM4: write the copy (only a complete one) when the page is idle: after a full read at once (the app
 * may be closed soon), after a change a little later (changes come in bursts).
 */
function storeCopySoon(db: SchoolnabijDB, after = SAVE_AFTER_MS): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    saveTimer = null;
    const store = () => {
      if (owner !== db || !complete || !pupils || loading) return; // the load stores its own
      const value = [...pupils.values()];
      void Dexie.ignoreTransaction(() => db.meta.put({ key: PUPILS_COPY_META, value })).catch(() => undefined);
    };
    const idle = ric();
    if (idle) idle(store, { timeout: 2000 });
    else store();
  }, after);
}

/** Start filling the copy (PM1); resolves when it is complete. Safe to call often. */
export function warmPupils(db: SchoolnabijDB, opts: { urgent?: boolean } = {}): Promise<void> {
  if (opts.urgent !== false) urgent = true;
  if (owner !== db) {
    forgetPupilsInMemory();
    owner = db;
    Dexie.on('storagemutated', onMutated);
  }
  if (pupils && complete) return Promise.resolve();
  return reload(db);
}

/** Read every pupil again (again, when a change came in meanwhile); the old copy stays until then. */
function reload(db: SchoolnabijDB): Promise<void> {
  if (loading) return loading;
  const p: Promise<void> = (async () => {
    // PM4: the stored copy first. The full read that checks it then waits a few seconds: it is a
    // second of reading and decrypting that would slow down the screens the user opens right after
    // the unlock, for a change the stored copy rarely misses.
    if (!pupils) {
      const stored = await readStoredCopy(db);
      if (stored && owner === db && !pupils) {
        publish(stored);
        await new Promise((ok) => setTimeout(ok, CHECK_STORED_AFTER_MS));
        if (owner !== db) return;
      }
    }
    do {
      staleWhileLoading = false;
      await loadAll(db);
    } while (staleWhileLoading && owner === db);
  })().finally(() => {
    if (loading === p) {
      loading = null;
      urgent = false;
    }
  });
  loading = p;
  return p;
}

/** Start filling the copy when the browser has nothing else to do. */
export function warmPupilsWhenIdle(db: SchoolnabijDB): void {
  const go = () => void warmPupils(db, { urgent: false }).catch(() => undefined);
  const idle = ric();
  if (idle) idle(go, { timeout: 2000 });
  else setTimeout(go, 200);
}

/** PM3: drop the decrypted copy (lock, log-out, wipe). */
export function forgetPupilsInMemory(): void {
  if (owner) Dexie.on.storagemutated.unsubscribe(onMutated);
  owner = null;
  loading = null;
  complete = false;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  publish(null);
}

type Tree = { from?: unknown; to?: unknown; l?: Tree | null; r?: Tree | null };

/** The single keys of a range set, or null when it holds a range (or more than `max` keys). */
function singleKeys(tree: Tree | undefined, max: number): string[] | null {
  const out: string[] = [];
  const walk = (n: Tree | null | undefined): boolean => {
    if (!n || !('from' in n)) return true;
    if (typeof n.from !== 'string' || n.from !== n.to || out.length >= max) return false;
    out.push(n.from);
    return walk(n.l) && walk(n.r);
  };
  return walk(tree) ? out : null;
}

/** PM2: keep the copy in step with the pupils table. */
function onMutated(parts: ObservabilitySet): void {
  const db = owner;
  if (!db) return;
  const part = parts[`idb://${db.name}/pupils/`] as Tree | undefined;
  if (!part) return;
  // The load that is running may have missed it: it reads again when it is done. The copy shown
  // meanwhile (the stored one, PM4, or the one before a bulk write) follows single changes too.
  if (loading) staleWhileLoading = true;
  if (!pupils) return;
  const keys = singleKeys(part, PATCH_MAX);
  if (keys === null) {
    if (loading) return;
    // A bulk write (a sync page, a wipe): read everything again, keep showing the old copy meanwhile.
    void reload(db).catch(() => undefined);
    return;
  }
  if (keys.length === 0) return;
  void Dexie.ignoreTransaction(() => db.pupils.bulkGet(keys)).then(
    (rows) => {
      if (owner !== db || !pupils) return;
      const next = new Map(pupils);
      keys.forEach((k, i) => {
        const row = rows[i];
        if (row) next.set(k, row);
        else next.delete(k);
      });
      publish(next);
      storeCopySoon(db);
    },
    () => undefined,
  );
}

/** The copy as it is now (null: not filled), without React. */
export function pupilsSnapshot(db: SchoolnabijDB): ReadonlyMap<string, Pupil> | null {
  return owner === db ? pupils : null;
}

/** Called whenever the copy changes (filled, stored copy shown, followed a change, dropped). */
export function subscribePupilsInMemory(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/**
 * The decrypted pupils (id → pupil), or null while they are being read. `wanted`: fill the copy now
 * if it is not there yet (otherwise it is filled when the app is idle).
 */
export function usePupilsInMemory(db: SchoolnabijDB, wanted = true): ReadonlyMap<string, Pupil> | null {
  const current = useSyncExternalStore(subscribePupilsInMemory, () => pupilsSnapshot(db));
  useEffect(() => {
    if (wanted && !current) void warmPupils(db).catch(() => undefined);
  }, [db, current, wanted]);
  return current;
}
