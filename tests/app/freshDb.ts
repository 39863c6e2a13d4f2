import { afterEach, beforeEach } from 'vitest';
import { SchoolnabijDB } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import { installEncryption, setDataKey } from '../../src/app/db/encryption';

/**
 * A new, empty Dexie database (on fake-indexeddb) for every test of the calling file, deleted after it.
 * `set` receives each one: `let db: SchoolnabijDB; freshDbPerTest((d) => (db = d));`
 */
export function freshDbPerTest(set: (db: SchoolnabijDB) => void): void {
  let current: SchoolnabijDB | undefined;
  beforeEach(async () => {
    current = new SchoolnabijDB(`test-${crypto.randomUUID()}`);
    await current.open();
    set(current);
  });
  afterEach(async () => {
    await current?.delete();
  });
}

/**
 * The same with encryption at rest installed and a fresh data key set, as after an unlock; the key
 * is dropped after each test. `set` also gets the database's name, to read it raw (rawDump).
 */
export function freshEncryptedDbPerTest(prefix: string, set: (db: SchoolnabijDB, name: string) => void): void {
  let current: SchoolnabijDB | undefined;
  beforeEach(async () => {
    const name = `${prefix}-${crypto.randomUUID()}`;
    current = new SchoolnabijDB(name);
    installEncryption(current);
    setDataKey(await generateDataKey());
    await current.open();
    set(current, name);
  });
  afterEach(async () => {
    setDataKey(null);
    await current?.delete();
  });
}

/** Every row of every store, read with plain IndexedDB: no middleware, no key. */
export function rawDump(name: string): Promise<Record<string, Record<string, unknown>[]>> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const idb = open.result;
      const names = [...idb.objectStoreNames];
      const tx = idb.transaction(names, 'readonly');
      const out: Record<string, Record<string, unknown>[]> = {};
      for (const n of names) {
        const req = tx.objectStore(n).getAll();
        req.onsuccess = () => (out[n] = req.result as Record<string, unknown>[]);
      }
      tx.oncomplete = () => {
        idb.close();
        resolve(out);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}
