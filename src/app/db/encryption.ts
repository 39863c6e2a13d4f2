// Encryption at rest as ONE Dexie DBCore middleware: every screen, query and the sync
// engine read and write plain records; only IndexedDB sees ciphertext.
//
// A row's sensitive fields are taken out, serialised together and encrypted with the device's data
// key (AES-GCM, a fresh IV per write, the table name as additional data) into one `_enc` field.
// Which fields are sensitive is declared beside each schema in src/domain (StorageClasses): only ids,
// schoolId, sync timestamps and bookkeeping stay plain. Queries on a sensitive field go through a
// keyed blind index (blindIndex below, derived.ts) or filter in memory after reading.
import Dexie, { type DBCore, type DBCoreCursor, type DBCoreTable, type Middleware, type Transaction } from 'dexie';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  absenceEntryStorage,
  consentStorage,
  consultationNoteStorage,
  consultationRequestStorage,
  consultationStorage,
  contactStorage,
  familyStorage,
  mdoAgreementStorage,
  mdoItemStorage,
  mdoMeetingStorage,
  meldcodeStorage,
  pupilStorage,
  sensitiveFields,
  signalStorage,
  verzuimrouteStorage,
  wachtlijstStorage,
} from '../../domain';
import { decryptJson, encryptText, toBase64 } from './crypto';

/** The field of a stored row that holds the ciphertext of its sensitive fields. */
export const ENC = '_enc';

/**
 * What is encrypted, per table: the sensitive fields of each entity's StorageClasses (src/domain).
 * Not here: schools and contactPersons (every field indexSafe: public names and a public directory).
 * None of these fields is in an index of versions.ts.
 */
export const encryptedFields: Readonly<Record<string, readonly string[]>> = {
  pupils: sensitiveFields(pupilStorage),
  signals: sensitiveFields(signalStorage),
  contacts: sensitiveFields(contactStorage),
  consultations: sensitiveFields(consultationStorage),
  meldcodes: sensitiveFields(meldcodeStorage),
  consultationRequests: sensitiveFields(consultationRequestStorage),
  consultationNotes: sensitiveFields(consultationNoteStorage),
  consents: sensitiveFields(consentStorage),
  families: sensitiveFields(familyStorage),
  absences: sensitiveFields(absenceEntryStorage),
  verzuimroutes: sensitiveFields(verzuimrouteStorage),
  wachtlijst: sensitiveFields(wachtlijstStorage),
  mdoMeetings: sensitiveFields(mdoMeetingStorage),
  mdoItems: sensitiveFields(mdoItemStorage),
  mdoAgreements: sensitiveFields(mdoAgreementStorage),
  // A pupil page opened here: which pupil is sensitive; the time orders the upload.
  views: ['pupilId'],
  // Mutations carry the same fields as the records: the whole change set is encrypted.
  outbox: ['changes'],
  rejected: ['changes'],
  conflicts: ['value'],
  drafts: ['values'],
  // meta: only the rows named in encryptedMetaKeys.
  meta: ['value'],
};

/**
 * The meta row with the in-memory pupils of the search as they were last read (pupilsInMemory.ts
 * PM4): decrypted pupils, so encrypted like the pupils themselves. Deleted with the pupils it names
 * when sync removes pupils (dexieStore.ts), so no removed pupil stays on the device through it.
 */
export const PUPILS_COPY_META = 'pupilsCopy';

/** meta rows whose value is encrypted: the session holds the refresh token; the pupils' copy. */
export const encryptedMetaKeys: ReadonlySet<string> = new Set(['session', PUPILS_COPY_META]);

/** A read or write of encrypted data while the app is locked (no data key in memory). */
export class LockedError extends Error {
  constructor() {
    super('Dit toestel is vergrendeld');
    this.name = 'LockedError';
  }
}

// The data key, in memory only. Never written anywhere: a reload locks the app.
let dataKey: CryptoKey | null = null;
// The blind index key (HKDF of the data key), in memory only, with the data key.
let indexKey: Uint8Array | null = null;
let indexKeyReady: Promise<void> = Promise.resolve();

const INDEX_INFO = new TextEncoder().encode('schoolnabij: blind index key v1');

async function deriveIndexKey(key: CryptoKey): Promise<Uint8Array> {
  const raw = await globalThis.crypto.subtle.exportKey('raw', key);
  const material = await globalThis.crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveBits']);
  const bits = await globalThis.crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: INDEX_INFO },
    material,
    256,
  );
  return new Uint8Array(bits);
}

export function setDataKey(key: CryptoKey | null): void {
  dataKey = key;
  indexKey = null;
  for (const l of keyListeners) l();
  indexKeyReady = key
    ? deriveIndexKey(key).then((bytes) => {
        if (dataKey === key) indexKey = bytes;
      })
    : Promise.resolve();
}

/** Resolves when blindIndex can use the key of the current data key (right after setDataKey). */
export function blindIndexReady(): Promise<void> {
  return indexKeyReady;
}

/** Whether blindIndex would have to wait for blindIndexReady first. */
export function blindIndexPending(): boolean {
  return dataKey !== null && indexKey === null;
}

/**
 * The keyed blind index of a sensitive value: HMAC-SHA256 under a key derived from the data key,
 * 128 bits in base64. Equal values give equal tokens (what an index lookup needs); without the key
 * nobody can compute or test a token. `kind` separates fields, so a pupil id and a date never share
 * a token. Without a data key (a test database without encryption) the token is the value itself:
 * the app's database refuses every such write anyway (LockedError below).
 */
export function blindIndex(kind: string, value: string): string {
  if (!indexKey) return `${kind}:${value}`;
  return toBase64(hmac(sha256, indexKey, new TextEncoder().encode(`${kind}\u0000${value}`)).subarray(0, 16));
}

export function hasDataKey(): boolean {
  return dataKey !== null;
}

/** The key for wrapping it again (a new PIN); null when locked. */
export function currentDataKey(): CryptoKey | null {
  return dataKey;
}

type Row = Record<string, unknown>;

function fieldsOf(table: string, row: Row): readonly string[] | null {
  if (table === 'meta') return encryptedMetaKeys.has(String(row.key)) ? encryptedFields.meta! : null;
  return encryptedFields[table] ?? null;
}

/** A row split into what stays plain and the JSON of what is encrypted; null: nothing to encrypt. */
export function splitSecret(table: string, row: unknown): { rest: Row; json: string } | null {
  if (!row || typeof row !== 'object') return null;
  const fields = fieldsOf(table, row as Row);
  if (!fields) return null;
  const rest: Row = { ...(row as Row) };
  const secret: Row = {};
  for (const f of fields) {
    if (f in rest) {
      secret[f] = rest[f];
      delete rest[f];
    }
  }
  return { rest, json: JSON.stringify(secret) };
}

/**
 * The stored form of each row whose ciphertext was made before its transaction opened; undefined
 * where a row still needs encrypting here; null when none was. The encrypt-ahead optimisation
 * (perf/encryptAhead.ts) plugs in here; without it every row is encrypted inside the write.
 */
export type Presealed = (table: string, rows: readonly unknown[]) => (unknown | undefined)[] | null;
let presealed: Presealed | null = null;

export function setPresealed(fn: Presealed): void {
  presealed = fn;
}

const keyListeners = new Set<() => void>();

/** Called whenever the data key changes (unlock, lock, wipe): what was made with the old key goes. */
export function onDataKeyChange(listener: () => void): void {
  keyListeners.add(listener);
}

export async function sealRow(table: string, row: unknown, key = dataKey): Promise<unknown> {
  const parts = splitSecret(table, row);
  if (!parts) return row;
  if (!key) throw new LockedError();
  parts.rest[ENC] = await encryptText(key, parts.json, table);
  return parts.rest;
}

/** A row from before encryption (no `_enc`) is returned as it is: encryptExistingRows seals it. */
export async function openRow(table: string, row: unknown, key = dataKey): Promise<unknown> {
  if (!row || typeof row !== 'object' || !(ENC in row)) return row;
  if (!key) throw new LockedError();
  const { [ENC]: blob, ...rest } = row as Row;
  return { ...rest, ...((await decryptJson(key, blob as Uint8Array, table)) as Row) };
}

/**
 * WebCrypto resolves in a later task, after which IndexedDB would commit the transaction. Dexie's
 * waitFor keeps it alive (dummy requests) until the promise settles and resumes inside it.
 */
export function keepTransactionAlive<T>(tx: Transaction | null, p: Promise<T>): Promise<T> {
  return keepAlive(tx, p);
}

function keepAlive<T>(tx: Transaction | null, p: Promise<T>): Promise<T> {
  const waitFor = (tx as unknown as { waitFor?: (p: Promise<T>) => Promise<T> } | null)?.waitFor;
  return waitFor ? waitFor.call(tx, p) : p;
}

function decryptingCursor(cursor: DBCoreCursor, open: (row: unknown) => Promise<unknown>, tx: Transaction | null): DBCoreCursor {
  let value: unknown;
  const wrapped: DBCoreCursor = {
    get trans() {
      return cursor.trans;
    },
    get key() {
      return cursor.key as unknown;
    },
    get primaryKey() {
      return cursor.primaryKey as unknown;
    },
    get value() {
      return value;
    },
    get done() {
      return cursor.done;
    },
    continue: (key?: unknown) => cursor.continue(key),
    continuePrimaryKey: (key: unknown, primaryKey: unknown) => cursor.continuePrimaryKey(key, primaryKey),
    advance: (n: number) => cursor.advance(n),
    stop: (v?: unknown) => cursor.stop(v),
    fail: (e: Error) => cursor.fail(e),
    start: (onNext: () => void) =>
      cursor.start(() => {
        keepAlive(tx, open(cursor.value)).then(
          (v) => {
            value = v;
            onNext();
          },
          (e: unknown) => cursor.fail(e instanceof Error ? e : new Error(String(e))),
        );
      }),
    next: () => cursor.next().then((c) => (c.done ? c : keepAlive(tx, open(c.value)).then((v) => ((value = v), wrapped)))),
  };
  return wrapped;
}

function encryptingTable(t: DBCoreTable): DBCoreTable {
  const name = t.name;
  const open = (row: unknown) => openRow(name, row);
  const openAll = (rows: unknown[]) => Promise.all(rows.map(open));
  return {
    ...t,
    mutate(req) {
      if (req.type !== 'add' && req.type !== 'put') return t.mutate(req);
      const ready = presealed?.(name, req.values) ?? null;
      // Every row sealed ahead: the write stays synchronous, no WebCrypto inside the transaction.
      if (ready && ready.every((v) => v !== undefined)) return t.mutate({ ...req, values: ready });
      const tx = Dexie.currentTransaction as Transaction | null;
      const sealing = req.values.map((v, i) => ready?.[i] ?? sealRow(name, v));
      return keepAlive(tx, Promise.all(sealing)).then((values) => t.mutate({ ...req, values }));
    },
    get(req) {
      const tx = Dexie.currentTransaction as Transaction | null;
      return t.get(req).then((row) => keepAlive(tx, open(row)));
    },
    getMany(req) {
      const tx = Dexie.currentTransaction as Transaction | null;
      return t.getMany(req).then((rows) => keepAlive(tx, openAll(rows)));
    },
    query(req) {
      const tx = Dexie.currentTransaction as Transaction | null;
      return t
        .query(req)
        .then((res) => (req.values === false ? res : keepAlive(tx, openAll(res.result)).then((result) => ({ ...res, result }))));
    },
    openCursor(req) {
      const tx = Dexie.currentTransaction as Transaction | null;
      return t.openCursor(req).then((cursor) => (cursor && req.values !== false ? decryptingCursor(cursor, open, tx) : cursor));
    },
  };
}

/**
 * The middleware. Level -10: below Dexie's own hooks, observability and cache middlewares (levels
 * -1..2), so table hooks and liveQuery see plain records and only IndexedDB sees ciphertext.
 */
export const encryptionMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'encryption',
  level: -10,
  create: (down) => ({
    ...down,
    table: (name) => (name in encryptedFields ? encryptingTable(down.table(name)) : down.table(name)),
  }),
};

const encrypted = new WeakSet<Dexie>();

/** Install on a database before it opens. */
export function installEncryption(db: Dexie): void {
  db.use(encryptionMiddleware);
  encrypted.add(db);
}

/** Whether `db` stores encrypted rows (installEncryption); test databases may not. */
export function isEncrypted(db: Dexie): boolean {
  return encrypted.has(db);
}

/**
 * Seal rows written before encryption existed (v3 devices): read each table (plain rows pass through
 * openRow unchanged) and write it back (every write is sealed). One pass, when the first PIN is set.
 */
export async function encryptExistingRows(db: Dexie): Promise<number> {
  let n = 0;
  for (const name of Object.keys(encryptedFields)) {
    const table = db.table(name);
    await db.transaction('rw', table, async () => {
      const rows = (await table.toArray()) as Row[];
      if (rows.length) await table.bulkPut(rows);
      n += rows.length;
    });
  }
  return n;
}
