import type { DBCore, DBCoreMutateRequest, Dexie, Middleware } from 'dexie';

type Row = Record<string, unknown>;

/** One write of a readwrite transaction, as the app meant it (plain: above the encryption middleware). */
export interface Write {
  table: string;
  type: DBCoreMutateRequest['type'];
  keys: readonly unknown[];
  values: readonly Row[];
}

/**
 * Every readwrite transaction of `db` that commits from now on, with its writes, in commit order.
 * An observer only (a DBCore middleware that changes nothing); install it before `db` opens.
 * Level -5: below Dexie's own middlewares, above encryption (-10), so the values are the plain ones.
 */
export function logCommits(db: Dexie): Write[][] {
  const committed: Write[][] = [];
  const observer: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'testCommitLog',
    level: -5,
    create: (down) => {
      const open = new WeakMap<object, Write[]>();
      return {
        ...down,
        transaction(stores, mode, options) {
          const tx = down.transaction(stores, mode, options);
          if (mode === 'readwrite') {
            const writes: Write[] = [];
            open.set(tx, writes);
            (tx as unknown as IDBTransaction).addEventListener('complete', () => committed.push(writes));
          }
          return tx;
        },
        table(name) {
          const t = down.table(name);
          return {
            ...t,
            mutate(req) {
              open.get(req.trans)?.push({
                table: name,
                type: req.type,
                keys: req.type === 'delete' ? req.keys : [],
                values: req.type === 'add' || req.type === 'put' ? (req.values as Row[]) : [],
              });
              return t.mutate(req);
            },
          };
        },
      };
    },
  };
  db.use(observer);
  return committed;
}

const holds: (() => Promise<void>)[] = [];

/**
 * Another connection keeps a transaction that reads `store` running (a long read, as of a large
 * caseload) until the returned function releases it: a transaction that writes `store` waits until
 * then, one that writes only other stores does not. Readonly, as in tests/e2e/drafts.spec.ts: there
 * Chromium runs one readwrite transaction per database at a time, so a readwrite hold would stop the
 * draft's write too.
 */
export async function holdStore(db: Dexie, store: string): Promise<() => Promise<void>> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(db.name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = idb.transaction(store, 'readonly');
  let held = true;
  await new Promise<void>((running) => {
    const spin = () => {
      tx.objectStore(store).get('').onsuccess = () => {
        running();
        if (held) spin();
      };
    };
    spin();
  });
  const done = new Promise<void>((resolve) => {
    tx.oncomplete = () => {
      idb.close();
      resolve();
    };
  });
  const release = () => {
    held = false;
    return done;
  };
  holds.push(release);
  return release;
}

/** Ends every hold still on: call after each test, so a failed one does not leave the database blocked. */
export function releaseHolds(): Promise<void[]> {
  return Promise.all(holds.splice(0).map((release) => release()));
}
