import { afterEach, beforeEach } from 'vitest';
import { SchoolnabijDB } from '../../src/app/db/db';

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
