/// <reference lib="dom" />
// The bench page for our side, built by Vite and served by buildApp from the API's own origin. It
// runs the app's real sync code (engine, DexieSyncStore, HttpTransport, SchoolnabijDB) against real
// IndexedDB; run.ts calls these functions through page.evaluate and reads the times they return.
import { syncOnce, type SyncOutcome } from '../../../../src/app/sync/engine';
import { DexieSyncStore } from '../../../../src/app/sync/dexieStore';
import { HttpTransport } from '../../../../src/app/sync/httpTransport';
import type { SyncStore, SyncTransport } from '../../../../src/app/sync/types';
import { SchoolnabijDB, tableOf } from '../../../../src/app/db/db';
import { generateDataKey } from '../../../../src/app/db/crypto';
import { installEncryption, sealRow, setDataKey } from '../../../../src/app/db/encryption';
import { MAX_PULL_LIMIT, PROTOCOL_VERSION, pullResponseSchema, type PullResponse } from '../../../../src/sync/protocol';

let token = '';

async function login(username: string, password: string): Promise<void> {
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, deviceId: crypto.randomUUID(), deviceName: 'Chromium (bench)' }),
  });
  if (!res.ok) throw new Error(`login: ${res.status}`);
  token = ((await res.json()) as { accessToken: string }).accessToken;
}

const transport = () => new HttpTransport(async () => token);

/**
 * The app's database as the app opens it after an unlock: encryption at rest installed and a data
 * key in memory (the sync engine runs only then). `sealed` false: without encryption, for the floor
 * and to show what encryption costs.
 */
function appDb(name: string, sealed = true): SchoolnabijDB {
  const db = new SchoolnabijDB(name);
  if (sealed) installEncryption(db);
  return db;
}
setDataKey(await generateDataKey());

/** A fresh, opened database: opening (and creating the schema) is not part of any timed step. */
async function freshDb(name: string, sealed = true): Promise<SchoolnabijDB> {
  await new SchoolnabijDB(name).delete();
  const db = appDb(name, sealed);
  await db.open();
  return db;
}

/** Wraps the real store and transport to see where a pull spends its time. */
class Timed implements SyncStore, SyncTransport {
  pullMs = 0;
  applyMs = 0;
  constructor(
    private readonly store: SyncStore,
    private readonly transport: SyncTransport,
  ) {}
  pendingBatch = (limit: number) => this.store.pendingBatch(limit);
  acknowledge: SyncStore['acknowledge'] = (results) => this.store.acknowledge(results);
  cursor = () => this.store.cursor();
  scopeKey = () => this.store.scopeKey();
  resetScope = (key: string) => this.store.resetScope(key);
  push: SyncTransport['push'] = (mutations) => this.transport.push(mutations);
  async pull(cursor: string, limit: number) {
    const t0 = performance.now();
    const page = await this.transport.pull(cursor, limit);
    this.pullMs += performance.now() - t0;
    return page;
  }
  async applyPage(page: PullResponse) {
    const t0 = performance.now();
    await this.store.applyPage(page);
    this.applyMs += performance.now() - t0;
  }
}

export interface PullRun {
  ms: number;
  outcome: SyncOutcome;
  /** HTTP + JSON + zod parse of every page (HttpTransport.pull). */
  transportMs: number;
  /** DexieSyncStore.applyPage: the IndexedDB transactions. */
  applyMs: number;
  rows: number;
}

/** A first sync on a fresh device: nothing to push, every record to pull. The timed part is syncOnce. */
async function pull(dbName: string, sealed = true): Promise<PullRun> {
  const db = await freshDb(dbName, sealed);
  const timed = new Timed(new DexieSyncStore(db), transport());
  const t0 = performance.now();
  const outcome = await syncOnce(timed, timed);
  const ms = performance.now() - t0;
  const rows = (await Promise.all(Object.values(tableOf).map((t) => db[t].count()))).reduce((a, b) => a + b, 0);
  db.close();
  return { ms, outcome, transportMs: timed.pullMs, applyMs: timed.applyMs, rows };
}

/**
 * The same first sync with HttpTransport's prefetch turned off: each page is requested only after the
 * previous one is written. Shows what the prefetch buys.
 */
async function pullNoPrefetch(dbName: string): Promise<{ ms: number; rows: number }> {
  const db = await freshDb(dbName);
  const t0 = performance.now();
  await syncOnce(new DexieSyncStore(db), new HttpTransport(async () => token, '', false));
  const ms = performance.now() - t0;
  const rows = (await Promise.all(Object.values(tableOf).map((tb) => db[tb].count()))).reduce((a, b) => a + b, 0);
  await db.delete();
  return { ms, rows };
}

/** Every page of a full pull, fetched once (untimed) so the floor writes exactly the rows a pull writes. */
let pages: PullResponse[] = [];
let pageBytes = 0;

async function fetchPages(): Promise<{ pages: number; bytes: number; fetchMs: number; parseMs: number }> {
  pages = [];
  pageBytes = 0;
  let cursor = '0';
  let fetchMs = 0;
  let parseMs = 0;
  for (;;) {
    const t0 = performance.now();
    const res = await fetch(`/api/sync/pull?cursor=${cursor}&limit=${MAX_PULL_LIMIT}`, {
      headers: { authorization: `Bearer ${token}`, 'x-protocol-version': String(PROTOCOL_VERSION) },
      cache: 'no-store',
    });
    const text = await res.text();
    const body: unknown = JSON.parse(text);
    const t1 = performance.now();
    const page = pullResponseSchema.parse(body);
    parseMs += performance.now() - t1;
    fetchMs += t1 - t0;
    pageBytes += text.length;
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { pages: pages.length, bytes: pageBytes, fetchMs, parseMs };
}

/** The floor: the same rows with plain bulkPut, one transaction per table set, nothing else. */
async function floor(dbName: string, perPage: boolean): Promise<{ ms: number; rows: number }> {
  const db = await freshDb(dbName, false);
  const byTable = (changes: PullResponse['changes']) => {
    const out = new Map<string, Record<string, unknown>[]>();
    for (const c of changes) {
      const t = tableOf[c.entity];
      const rows = out.get(t) ?? [];
      rows.push(c.record);
      out.set(t, rows);
    }
    return out;
  };
  const groups = perPage ? pages.map((p) => byTable(p.changes)) : [byTable(pages.flatMap((p) => p.changes))];
  const tables = Object.values(tableOf).map((t) => db[t]);
  const t0 = performance.now();
  for (const group of groups) {
    await db.transaction('rw', tables, async () => {
      for (const [t, rows] of group) await db.table(t).bulkPut(rows);
    });
  }
  const ms = performance.now() - t0;
  const rows = (await Promise.all(tables.map((t) => t.count()))).reduce((a, b) => a + b, 0);
  await db.delete();
  return { ms, rows };
}

/**
 * The floor of an encrypted store: what any app that keeps these rows encrypted at rest must do. The
 * same rows as the pull writes, sealed with the app's own sealRow (AES-GCM, WebCrypto, every page's
 * rows at once as the pull seals them ahead), then stored with a raw Dexie bulkPut, one transaction
 * per page, into a database without the encryption middleware. Both parts timed, in the same run.
 */
async function encryptedFloor(dbName: string): Promise<{ ms: number; sealMs: number; putMs: number; rows: number }> {
  const db = await freshDb(dbName, false);
  const byTable = (changes: PullResponse['changes']) => {
    const out = new Map<string, Record<string, unknown>[]>();
    for (const c of changes) {
      if (c.purged) continue;
      const t = tableOf[c.entity];
      const rows = out.get(t) ?? [];
      rows.push(c.record);
      out.set(t, rows);
    }
    return out;
  };
  const groups = pages.map((p) => byTable(p.changes));
  const t0 = performance.now();
  const sealed: Map<string, unknown[]>[] = [];
  for (const group of groups) {
    const entries = await Promise.all([...group].map(async ([t, rows]) => [t, await Promise.all(rows.map((r) => sealRow(t, r)))] as const));
    sealed.push(new Map(entries));
  }
  const sealMs = performance.now() - t0;
  const tables = Object.values(tableOf).map((t) => db[t]);
  const t1 = performance.now();
  for (const group of sealed) {
    await db.transaction('rw', tables, async () => {
      for (const [t, rows] of group) await db.table(t).bulkPut(rows);
    });
  }
  const putMs = performance.now() - t1;
  const rows = (await Promise.all(tables.map((t) => t.count()))).reduce((a, b) => a + b, 0);
  await db.delete();
  return { ms: sealMs + putMs, sealMs, putMs, rows };
}

/**
 * The client's part of a pull alone: DexieSyncStore.applyPage of the same pages, fetched beforehand
 * (no server and no network while it writes), into the app's encrypted database.
 */
async function applyOnly(dbName: string): Promise<{ ms: number; rows: number }> {
  const db = await freshDb(dbName);
  const store = new DexieSyncStore(db);
  const t0 = performance.now();
  for (const page of pages) await store.applyPage(page);
  const ms = performance.now() - t0;
  const rows = (await Promise.all(Object.values(tableOf).map((t) => db[t].count()))).reduce((a, b) => a + b, 0);
  await db.delete();
  return { ms, rows };
}

/** Syncs with nothing to push and nothing new to pull, `runs` times on an already synced database. */
async function noop(dbName: string, runs: number): Promise<number[]> {
  const db = appDb(dbName);
  await db.open();
  const store = new DexieSyncStore(db);
  const t = transport();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const outcome = await syncOnce(store, t);
    times.push(performance.now() - t0);
    if (outcome.pulled !== 0 || outcome.pushed !== 0) throw new Error(`no-op sync moved data: ${JSON.stringify(outcome)}`);
  }
  db.close();
  return times;
}

/** Only the network part of a no-op: one empty pull request from the synced cursor. */
async function emptyPullRequest(dbName: string, runs: number): Promise<number[]> {
  const db = appDb(dbName);
  const cursor = await new DexieSyncStore(db).cursor();
  db.close();
  const t = transport();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await t.pull(cursor, MAX_PULL_LIMIT);
    times.push(performance.now() - t0);
  }
  return times;
}

/**
 * The no-op's floor: one authenticated GET on the same service with a one-row answer (the region's
 * settings), from this page with fetch as HttpTransport sends its requests.
 */
async function emptyGet(runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch('/api/settings', {
      headers: { authorization: `Bearer ${token}`, 'x-protocol-version': String(PROTOCOL_VERSION) },
      cache: 'no-store',
    });
    if (!res.ok) throw new Error(`GET /api/settings: ${res.status}`);
    await res.json();
    times.push(performance.now() - t0);
  }
  return times;
}

/** Removes a database a previous step left for the next (keeps the browser profile small). */
async function drop(dbName: string): Promise<void> {
  await new SchoolnabijDB(dbName).delete();
}

const bench = { drop, login, pull, pullNoPrefetch, fetchPages, floor, encryptedFloor, applyOnly, noop, emptyPullRequest, emptyGet };
export type OursBench = typeof bench;
(globalThis as unknown as { bench: OursBench }).bench = bench;
document.body.dataset.ready = 'ours';
