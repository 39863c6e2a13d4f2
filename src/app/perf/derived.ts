// Derived index fields (50,000 records on a phone, lists in ≤ 100 ms), as ONE Dexie DBCore
// middleware. Sensitive fields are encrypted at rest (encryption.ts), so a query that has to sort or
// filter on them would decrypt every row. Instead every write adds a few plain fields that an index
// of versions.ts (v5) covers, and every read takes them off again: the app never sees them.
//
// D1: a plain derived field is computed from values that are stored plain anyway (updatedAt,
//     `deleted`, followUpDate, followedUpOn: indexSafe in src/domain), never from a sensitive field. A sensitive
//     field a query needs (a record's pupil, its month, a Meldcode's signal) gets a keyed blind index
//     instead (encryption.ts blindIndex): an HMAC nobody without the data key can compute or test.
//     Equal values share a token, so a copy of storage shows "these rows name the same pupil", not
//     which pupil. Booleans and small enums (absent, status, theme) get no blind index (a token
//     shared by all rows of one value would tell the value's distribution): they filter in memory.
// D2: derived fields are computed from the whole row at every add/put, so a field can't go stale:
//     a row that is no longer due (archived, follow-up date cleared) loses `_due` on its next write.
// D3: the meta row DERIVED_META says that every stored row has the fields of DERIVED_VERSION. A new
//     database gets it when it is created (db.ts: nothing stored yet, and every write adds them).
//     Without it (an upgrade from v4, rows written raw, DERIVED_VERSION bumped) rebuildDerivedIndexes
//     rewrites every row once after the next unlock, then writes it. Until schema v7 rows carried a
//     `_d` index to find the ones without fields; that index was one more write per row of a pull.
import {
  Dexie as DexieClass,
  type Dexie,
  type DBCore,
  type DBCoreCursor,
  type DBCoreTable,
  type Middleware,
  type Table,
  type Transaction,
} from 'dexie';
import { blindIndex, blindIndexPending, blindIndexReady, keepTransactionAlive } from '../db/encryption';
import { followUpOpen } from '../../domain/record';

/**
 * Bumped when what is derived changes: rebuildDerivedIndexes then rewrites every row once (which
 * also re-encrypts it with the fields now classified sensitive). 2: blind indexes, no `_absent`.
 */
export const DERIVED_VERSION = 2;

type Row = Record<string, unknown>;

/** The blind index of a pupil id (records, Meldcode-trajecten). */
export const pupilIndex = (pupilId: string): string => blindIndex('pupil', pupilId);
/** The blind index of the month (YYYY-MM) of a date: a range of dates is a set of months. */
export const monthIndex = (date: string): string => blindIndex('month', date.slice(0, 7));
/** The blind index of a signal id (the Meldcode-traject of a signal). */
export const signalIndex = (signalId: string): string => blindIndex('signal', signalId);

/**
 * While the blind index key of a data key just set is still derived: the promise to await first.
 * Null in the usual case, so a live query awaits no promise that is not Dexie's.
 */
export function indexesPending(): Promise<void> | null {
  return blindIndexPending() ? blindIndexReady() : null;
}

/** A record's blind indexes: its pupil and the month of its date. */
function recordIndexes(r: Row): Row {
  return {
    ...due(r),
    ...(typeof r.pupilId === 'string' ? { _pid: pupilIndex(r.pupilId) } : {}),
    ...(typeof r.date === 'string' ? { _month: monthIndex(r.date) } : {}),
  };
}

/** Only the pupil's blind index. */
function pupilOnly(r: Row): Row {
  return typeof r.pupilId === 'string' ? { _pid: pupilIndex(r.pupilId) } : {};
}

/** The tables with derived fields, and how each row's fields are computed (D1). */
const derivers: Readonly<Record<string, (row: Row) => Row>> = {
  pupils: (p) => ({
    // Numbers, not booleans: IndexedDB can't index a boolean.
    _listed: p.deleted ? 0 : 1,
    _recent: p.updatedAt,
  }),
  signals: recordIndexes,
  contacts: recordIndexes,
  consultations: recordIndexes,
  meldcodes: (m) => ({
    ...(typeof m.pupilId === 'string' ? { _pid: pupilIndex(m.pupilId) } : {}),
    ...(typeof m.signalId === 'string' ? { _sig: signalIndex(m.signalId) } : {}),
  }),
  // No index of their own: listed so that rebuildDerivedIndexes rewrites (and re-encrypts) their
  // rows once when fields became sensitive.
  consents: (c) => (typeof c.pupilId === 'string' ? { _pid: pupilIndex(c.pupilId) } : {}),
  // Verzuim: found per pupil.
  absences: pupilOnly,
  verzuimroutes: pupilOnly,
  wachtlijst: pupilOnly,
  mdoItems: (c) => (typeof c.pupilId === 'string' ? { _pid: pupilIndex(c.pupilId) } : {}),
  mdoMeetings: () => ({}),
  mdoAgreements: () => ({}),
  consultationRequests: () => ({}),
  consultationNotes: () => ({}),
  views: () => ({}),
};

/** A follow-up date of a record that is not archived and not "Opgevolgd": what Vandaag's "Opvolgen" lists. */
function due(r: Row): Row {
  return followUpOpen(r) ? { _due: r.followUpDate } : {};
}

/** Every field this middleware may add to a row (`_d`: rows stored before schema v7 carry it). */
export const derivedFieldNames = ['_d', '_listed', '_recent', '_absent', '_due', '_pid', '_month', '_sig'] as const;

export const derivedTables: readonly string[] = Object.keys(derivers);

function strip(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row;
  let copy: Row | null = null;
  for (const f of derivedFieldNames) {
    if (f in row) {
      copy ??= { ...(row as Row) };
      delete copy[f];
    }
  }
  return copy ?? row;
}

function withDerived(table: string, row: unknown): unknown {
  if (!row || typeof row !== 'object') return row;
  return { ...(strip(row) as Row), ...derivers[table]!(row as Row) };
}

function strippingCursor(cursor: DBCoreCursor): DBCoreCursor {
  // A Proxy keeps every other member of Dexie's cursor (getters included) as it is.
  return new Proxy(cursor, {
    get(target, prop) {
      if (prop === 'value') return strip(target.value);
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

function derivingTable(t: DBCoreTable): DBCoreTable {
  const name = t.name;
  return {
    ...t,
    mutate(req) {
      if (req.type !== 'add' && req.type !== 'put') return t.mutate(req);
      const write = () => t.mutate({ ...req, values: req.values.map((v) => withDerived(name, v)) });
      if (!blindIndexPending()) return write();
      // Right after an unlock the blind index key may still be derived (one HKDF).
      return keepTransactionAlive(DexieClass.currentTransaction as Transaction | null, blindIndexReady()).then(write);
    },
    get: (req) => t.get(req).then(strip),
    getMany: (req) => t.getMany(req).then((rows) => rows.map(strip)),
    query: (req) => t.query(req).then((res) => (req.values === false ? res : { ...res, result: res.result.map(strip) })),
    openCursor: (req) => t.openCursor(req).then((c) => (c && req.values !== false ? strippingCursor(c) : c)),
  };
}

/**
 * Level 0.5: above Dexie's observability and cache middlewares (level 0) and its cache of existing
 * values (-1), so liveQuery sees the derived fields of old and new rows and wakes up when a row
 * enters or leaves a derived index; below the hooks (1), so table hooks see plain records. Above
 * encryption (-10): the fields are computed from the plain row and stored unencrypted.
 */
export const derivedMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'derivedIndexes',
  level: 0.5,
  create: (down) => ({
    ...down,
    table: (name) => (name in derivers ? derivingTable(down.table(name)) : down.table(name)),
  }),
};

const CHUNK = 250;
/** The meta row that records the DERIVED_VERSION every stored row has (D3). */
export const DERIVED_META = 'derivedIndexes';

/** Let the screen paint between chunks. */
const yieldToUi = () => new Promise<void>((ok) => setTimeout(ok, 0));

/** While a rebuild is under way: the table and the last primary key done, so the next unlock resumes. */
export const DERIVED_PROGRESS = 'derivedIndexesProgress';

/**
 * D3: give every row its derived fields when the meta row does not say they have them, by reading
 * each row (decrypted: needs the data key) and writing it back, a chunk at a time in primary-key
 * order. Each chunk's transaction also records how far it got (DERIVED_PROGRESS), so an app closed
 * halfway through 50,000 rows goes on where it stopped. One meta read when there is nothing to do:
 * the app calls it once after every unlock. Returns how many rows it wrote.
 */
export async function rebuildDerivedIndexes(db: Dexie): Promise<number> {
  const meta = db.table('meta');
  if ((await meta.get(DERIVED_META))?.value === DERIVED_VERSION) return 0;
  const stored = (await meta.get(DERIVED_PROGRESS))?.value as { version: number; table: string; after: string } | undefined;
  // A rebuild for an older DERIVED_VERSION starts again from the first row.
  const progress = stored?.version === DERIVED_VERSION ? stored : undefined;
  const first = progress ? Math.max(0, derivedTables.indexOf(progress.table)) : 0;
  let n = 0;
  for (const name of derivedTables.slice(first)) {
    const table = db.table(name);
    let after = progress?.table === name ? progress.after : null;
    for (;;) {
      const keys = (await (after === null ? table.orderBy(':id') : table.where(':id').above(after)).limit(CHUNK).primaryKeys()) as string[];
      if (keys.length === 0) break;
      after = keys[keys.length - 1]!;
      const done = { version: DERIVED_VERSION, table: name, after };
      await db.transaction('rw', [table, meta], async () => {
        const rows = (await table.bulkGet(keys)).filter((r) => r !== undefined);
        await table.bulkPut(rows);
        await meta.put({ key: DERIVED_PROGRESS, value: done });
        n += rows.length;
      });
      await yieldToUi();
    }
  }
  await db.transaction('rw', meta, async () => {
    await markAllDerived(meta);
    await meta.delete(DERIVED_PROGRESS);
  });
  return n;
}

/** D3: write the meta row that says every stored row has the fields of DERIVED_VERSION. */
export function markAllDerived(meta: Table): Promise<unknown> {
  return meta.put({ key: DERIVED_META, value: DERIVED_VERSION });
}

/** A new database: nothing stored yet, so every row it will hold gets its fields on write (D3). */
export function markDerivedOnCreate(db: Dexie): void {
  db.on('populate', (tx) => {
    void markAllDerived(tx.table('meta'));
  });
}
