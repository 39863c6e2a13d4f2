import { expect, type Page } from '@playwright/test';
import { argon2id } from 'hash-wasm';
import { TEST_PIN } from './lock';

/**
 * What the app really stored, read straight from IndexedDB in the page (not through the app's own
 * code), so a test can check the outbox and drafts against what the screen says.
 * Only call this after the app has opened its database: opening a database that does not exist yet
 * would create an empty one under the app's name.
 */

/** The Dexie database name (src/app/db/db.ts). */
export const DB_NAME = 'schoolnabij';

export interface StoredMutation {
  id: string;
  entity: 'pupil' | 'signal' | 'contact' | 'consultation';
  recordId: string;
  kind: 'create' | 'update' | 'delete';
  changes: Record<string, unknown>;
  seq: number;
}

export interface StoredDraft {
  key: string;
  values: Record<string, string>;
  savedAt: string;
}

export interface StoredRecord {
  id: string;
  schoolId: string;
  deleted: boolean;
  [field: string]: unknown;
}

type PinWrap = { kdf?: 'argon2id'; salt: number[]; iterations: number; memoryKiB?: number; parallelism?: number; wrapped: number[] };

/** The PIN wrap of the data key as stored in meta `deviceKeys`, as plain arrays (null: none). */
function storedPinWrap(page: Page): Promise<PinWrap | null> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve(open.result);
    });
    try {
      if (!db.objectStoreNames.contains('meta')) return null;
      const row = await new Promise<{ value?: { pin?: Record<string, unknown> | null } } | undefined>((resolve, reject) => {
        const req = db.transaction('meta', 'readonly').objectStore('meta').get('deviceKeys');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => resolve(req.result as { value?: { pin?: Record<string, unknown> | null } } | undefined);
      });
      const pin = row?.value?.pin;
      if (!pin) return null;
      const arrays = Object.fromEntries(Object.entries(pin).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v]));
      return arrays as unknown as PinWrap;
    } finally {
      db.close();
    }
  }, DB_NAME);
}

const kekCache = new Map<string, number[]>();

/**
 * The raw key-encryption key of a PIN wrap, computed here in Node with an independent Argon2id
 * (hash-wasm), the way an attacker with a copy of the storage and the PIN would.
 */
async function pinKek(wrap: PinWrap, pin: string): Promise<number[] | null> {
  if (wrap.kdf !== 'argon2id') return null;
  const id = `${wrap.wrapped.join(',')}|${pin}`;
  let kek = kekCache.get(id);
  if (!kek) {
    const raw = await argon2id({
      password: pin,
      salt: new Uint8Array(wrap.salt),
      iterations: wrap.iterations,
      memorySize: wrap.memoryKiB!,
      parallelism: wrap.parallelism!,
      hashLength: 32,
      outputType: 'binary',
    });
    kek = Array.from(raw);
    kekCache.set(id, kek);
  }
  return kek;
}

/**
 * The rows of one store as the app means them. Sensitive fields are encrypted at rest: this decrypts
 * them here, independently of the app's code, from what IndexedDB holds: the PIN-wrapped data key in
 * meta `deviceKeys` (Argon2id, computed in Node, → AES-KW), then AES-GCM per row with the store name
 * as additional data. So these helpers also check the stored format. Without a PIN-wrapped key
 * (after 5 wrong PINs) rows come back as stored.
 */
export async function readStore<T>(page: Page, store: string, pin = TEST_PIN): Promise<T[]> {
  const wrap = await storedPinWrap(page);
  const kek = wrap ? await pinKek(wrap, pin) : null;
  return page.evaluate(
    async ({ name, store, kek, wrapped }) => {
      type Row = Record<string, unknown>;
      const all = (db: IDBDatabase, s: string) =>
        new Promise<Row[]>((resolve, reject) => {
          const req = db.transaction(s, 'readonly').objectStore(s).getAll();
          req.onerror = () => reject(req.error);
          req.onsuccess = () => resolve(req.result as Row[]);
        });
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => resolve(open.result);
      });
      try {
        if (!db.objectStoreNames.contains(store)) return [] as T[];
        const rows = await all(db, store);
        if (!rows.some((r) => r._enc) || !kek || !wrapped) return rows as T[];
        const subtle = crypto.subtle;
        const cache = window as unknown as { __e2eKey?: { wrapped: string; key: CryptoKey } };
        const id = wrapped.join(',');
        if (cache.__e2eKey?.wrapped !== id) {
          const wrapKey = await subtle.importKey('raw', new Uint8Array(kek), 'AES-KW', false, ['unwrapKey']);
          const key = await subtle.unwrapKey('raw', new Uint8Array(wrapped), wrapKey, 'AES-KW', { name: 'AES-GCM' }, false, ['decrypt']);
          cache.__e2eKey = { wrapped: id, key };
        }
        const key = cache.__e2eKey.key;
        return (await Promise.all(
          rows.map(async (row) => {
            if (!row._enc) return row;
            const { _enc, ...rest } = row;
            const bytes = new Uint8Array(_enc as Uint8Array);
            const plain = await subtle.decrypt(
              { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: new TextEncoder().encode(store) },
              key,
              bytes.slice(12),
            );
            return { ...rest, ...(JSON.parse(new TextDecoder().decode(plain)) as Row) };
          }),
        )) as T[];
      } finally {
        db.close();
      }
    },
    { name: DB_NAME, store, kek, wrapped: wrap?.wrapped ?? null },
  );
}

/** Every store as stored: no decryption. For the check that nothing sensitive is in plaintext. */
export function rawDump(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(
    (name) =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names, 'readonly');
          const out: Record<string, unknown[]> = {};
          for (const n of names) {
            const req = tx.objectStore(n).getAll();
            req.onsuccess = () => (out[n] = req.result as unknown[]);
          }
          tx.oncomplete = () => {
            db.close();
            // Binary (ciphertext, wrapped keys) as its length: the dump is searched as text.
            resolve(
              JSON.parse(JSON.stringify(out, (_k, v: unknown) => (ArrayBuffer.isView(v) ? `bytes(${v.byteLength})` : v))) as Record<
                string,
                unknown[]
              >,
            );
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    DB_NAME,
  );
}

/** The names of IndexedDB databases of this origin (empty after a remote wipe). */
export function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

/** The outbox in push order. */
export async function outbox(page: Page): Promise<StoredMutation[]> {
  const rows = await readStore<StoredMutation>(page, 'outbox');
  return rows.sort((a, b) => a.seq - b.seq);
}

export async function drafts(page: Page): Promise<StoredDraft[]> {
  return readStore<StoredDraft>(page, 'drafts');
}

/**
 * Wait until the form's draft holds `value` in `field`: the debounced save of everything typed so
 * far has happened. Returns that draft.
 */
export async function draftWith(page: Page, key: string, field: string, value: string): Promise<StoredDraft> {
  let found: StoredDraft | undefined;
  await expect
    .poll(
      async () => {
        found = (await drafts(page)).find((d) => d.key === key);
        return found?.values[field];
      },
      { message: `the draft ${key} keeps ${field}` },
    )
    .toBe(value);
  return found!;
}

export function records(page: Page, table: 'pupils' | 'signals' | 'contacts' | 'consultations'): Promise<StoredRecord[]> {
  return readStore<StoredRecord>(page, table);
}

/** What the status strip says for n waiting mutations (src/app/i18n/nl.ts waitingText). */
export function waitingText(n: number): string {
  if (n === 0) return 'Niets wacht op synchronisatie';
  return n === 1 ? '1 wijziging wacht op synchronisatie' : `${n} wijzigingen wachten op synchronisatie`;
}
