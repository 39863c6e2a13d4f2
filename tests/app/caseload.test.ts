// A large caseload. The derived index fields of schema v5 (src/app/perf/derived.ts, D1–D3),
// the queries of Vandaag and the pupil list that use them, and the in-memory pupils of the search
// (src/app/perf/pupilsInMemory.ts, PM1–PM3). Real Dexie with encryption at rest on fake-indexeddb.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { SchoolnabijDB } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import {
  DERIVED_META,
  DERIVED_PROGRESS,
  DERIVED_VERSION,
  derivedFieldNames,
  monthIndex,
  pupilIndex,
  rebuildDerivedIndexes,
} from '../../src/app/perf/derived';
import { ENC, PUPILS_COPY_META, installEncryption, setDataKey } from '../../src/app/db/encryption';
import {
  countFollowUpsDue,
  countListed,
  countListedPupils,
  followUpsDue,
  matchPupils,
  recentPupils,
  thuiszittersToday,
} from '../../src/app/db/queries';
import { archiveRecord, createRecord, updateRecord } from '../../src/app/db/records';
import { declareVersions } from '../../src/app/db/versions';
import { forgetPupilsInMemory, pupilsSnapshot, subscribePupilsInMemory, warmPupils } from '../../src/app/perf/pupilsInMemory';
import { DexieSyncStore } from '../../src/app/sync/dexieStore';
import type { Contact, Pupil, Signal } from '../../src/domain';
import { rawDump } from './freshDb';

const school = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';
const otherSchool = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000002';
const ctx = { userId: 'u1', schoolId: school };
const year = new Date().getFullYear();
const SECRET = 'Qzx';
const DESCRIPTION = 'Geheime beschrijving Kwp9';
const today = '2026-11-23';
const id = () => crypto.randomUUID();
const iso = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();

/** The derived fields of a stored row, and nothing else. */
function derivedOf(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => (derivedFieldNames as readonly string[]).includes(k)));
}

function pupilRow(n: number, extra: Partial<Pupil> = {}): Pupil {
  return {
    id: id(),
    schoolId: n % 2 ? otherSchool : school,
    createdBy: 'u1',
    createdAt: iso(n),
    updatedAt: iso(n),
    deleted: false,
    version: 1,
    initials: `P${String(n).padStart(4, '0')}`,
    group: n % 3 ? 'groep 5' : 'groep 7',
    birthYear: year - 10,
    ...extra,
  } as Pupil;
}

const signalInput = (pupilId: string, followUpDate: string | null) => ({
  pupilId,
  date: '2026-11-01',
  theme: 'verzuim',
  seriousness: 'zorg',
  source: 'leerkracht',
  description: DESCRIPTION,
  followUpDate,
});

function signalRow(pupilId: string, followUpDate: string | null, extra: Record<string, unknown> = {}): Signal {
  return {
    id: id(),
    schoolId: school,
    createdBy: 'u1',
    createdAt: iso(0),
    updatedAt: iso(0),
    deleted: false,
    version: 1,
    pupilId,
    date: '2026-11-01',
    theme: 'verzuim',
    seriousness: 'zorg',
    source: 'leerkracht',
    description: DESCRIPTION,
    followUpDate,
    ...extra,
  } as Signal;
}

let db: SchoolnabijDB;
let name: string;
beforeEach(async () => {
  name = `caseload-${crypto.randomUUID()}`;
  db = new SchoolnabijDB(name);
  installEncryption(db);
  setDataKey(await generateDataKey());
  await db.open();
});
afterEach(async () => {
  forgetPupilsInMemory();
  setDataKey(null);
  db.close();
  await Dexie.delete(name);
});

describe('derived index fields (derived.ts)', () => {
  it('are written on every write, from plain values only (D1), and stripped on read', async () => {
    const pupil = await createRecord(
      db,
      'pupil',
      { initials: SECRET, group: 'groep 7', birthYear: year - 11, absenceKind: 'thuiszitter', absenceSince: '2026-09-01' },
      ctx,
    );
    const signal = await createRecord(db, 'signal', signalInput(pupil.id, '2026-11-20'), ctx);
    await createRecord(db, 'signal', signalInput(pupil.id, null), ctx);

    // The app never sees them: get, index query, cursor (filter) and toArray.
    for (const row of [
      await db.pupils.get(pupil.id),
      await db.signals.get(signal.id),
      ...(await db.signals.where('_due').belowOrEqual(today).toArray()),
      ...(await db.signals.filter(() => true).toArray()),
      ...(await db.pupils.toArray()),
    ]) {
      expect(Object.keys(derivedOf(row as unknown as Record<string, unknown>))).toEqual([]);
    }
    // The outbox (what sync sends) has none either.
    for (const m of await db.outbox.toArray()) expect(Object.keys(derivedOf(m.changes as Record<string, unknown>))).toEqual([]);

    db.close();
    const dump = await rawDump(name);
    const storedPupil = dump.pupils!.find((p) => p.id === pupil.id)!;
    expect(derivedOf(storedPupil)).toEqual({ _listed: 1, _recent: pupil.updatedAt });
    const storedSignals = dump.signals!;
    // The pupil and the month of the date only as keyed blind indexes (D1).
    const blind = { _pid: pupilIndex(pupil.id), _month: monthIndex(signal.date) };
    expect(blind._pid).not.toContain(pupil.id);
    expect(blind._month).not.toContain(signal.date.slice(0, 7));
    expect(storedSignals.map(derivedOf).sort((a, b) => Object.keys(b).length - Object.keys(a).length)).toEqual([
      { _due: '2026-11-20', ...blind },
      blind,
    ]);
    // No sensitive text in any derived field (nor anywhere in plain: the rest is ciphertext).
    for (const rows of Object.values(dump)) {
      for (const row of rows) {
        const derived = JSON.stringify(derivedOf(row));
        expect(derived).not.toContain(SECRET);
        expect(derived).not.toContain('Kwp9');
        expect(derived).not.toContain('thuiszitter');
        expect(derived).not.toContain('2026-09-01');
        expect(derived).not.toContain(pupil.id);
      }
    }
    expect(ArrayBuffer.isView(storedPupil[ENC])).toBe(true);
    expect(storedPupil.initials).toBeUndefined();
  });

  it('follow the row (D2): archiving takes a record out of the due list and a pupil out of the list', async () => {
    const pupil = await createRecord(
      db,
      'pupil',
      { initials: SECRET, group: 'groep 7', birthYear: year - 11, absenceKind: 'verzuim', absenceSince: '2026-09-01' },
      ctx,
    );
    const signal = await createRecord(db, 'signal', signalInput(pupil.id, '2026-11-20'), ctx);
    expect(await countFollowUpsDue(db, today)).toBe(1);
    expect(await countListedPupils(db)).toBe(1);
    expect(await thuiszittersToday(db, today)).toHaveLength(1);

    await archiveRecord(db, 'signal', signal.id, ctx);
    await archiveRecord(db, 'pupil', pupil.id, ctx);
    expect(await countFollowUpsDue(db, today)).toBe(0);
    expect(await followUpsDue(db, today)).toEqual([]);
    expect(await countListedPupils(db)).toBe(0);
    expect(await thuiszittersToday(db, today)).toEqual([]);
  });

  it('an upgrade from v4: rows stored without them get them from rebuildDerivedIndexes after unlock (D3)', async () => {
    db.close();
    await Dexie.delete(name);
    const old = new Dexie(name);
    declareVersions(old, 4);
    installEncryption(old);
    const pupils = Array.from({ length: 600 }, (_, i) => pupilRow(i));
    pupils[7] = { ...pupils[7]!, absenceKind: 'thuiszitter', absenceSince: '2026-01-05' } as Pupil;
    await old.table('pupils').bulkPut(pupils);
    await old.table('signals').bulkPut([signalRow(pupils[0]!.id, '2026-11-01'), signalRow(pupils[1]!.id, null)]);
    old.close();

    db = new SchoolnabijDB(name);
    installEncryption(db);
    await db.open();
    expect((await rawDump(name)).pupils!.filter((p) => '_d' in p)).toHaveLength(0);
    expect(await recentPupils(db, 10)).toEqual([]);
    expect(await countFollowUpsDue(db, today)).toBe(0);

    expect(await rebuildDerivedIndexes(db)).toBe(602);
    expect(await countListedPupils(db)).toBe(600);
    expect(await countListedPupils(db, school)).toBe(300);
    expect(await recentPupils(db, 10)).toHaveLength(10);
    expect(await countFollowUpsDue(db, today)).toBe(1);
    expect((await thuiszittersToday(db, today)).map((t) => t.pupil.id)).toEqual([pupils[7]!.id]);
    // The rows are still whole and still sealed.
    expect(await db.pupils.get(pupils[3]!.id)).toEqual(pupils[3]);
    const dump = await rawDump(name);
    expect(dump.pupils!.every((p) => p._listed === 1 && ArrayBuffer.isView(p[ENC]) && p.initials === undefined)).toBe(true);
    // Once done, a meta row says so and later unlocks skip the check (its index counts are slow).
    expect(await db.meta.get(DERIVED_META)).toEqual({ key: DERIVED_META, value: DERIVED_VERSION });
    expect(await rebuildDerivedIndexes(db)).toBe(0);
  });

  it('a new database says at creation that its rows have them: a pull before the first unlock is not rewritten (D3)', async () => {
    expect(await db.meta.get(DERIVED_META)).toEqual({ key: DERIVED_META, value: DERIVED_VERSION });
    const pupils = Array.from({ length: 40 }, (_, i) => pupilRow(i));
    await new DexieSyncStore(db).applyPage({
      changes: pupils.map((record, i) => ({ seq: i + 1, entity: 'pupil' as const, record, conflicts: [] })),
      cursor: '40',
      hasMore: false,
      remaining: 0,
    });
    expect(await rebuildDerivedIndexes(db)).toBe(0);
    expect(await countListedPupils(db)).toBe(40);
    // Schema v7: no `_d` on new rows, and no `_d` index to write.
    expect((await rawDump(name)).pupils!.filter((p) => '_d' in p)).toEqual([]);
    expect(db.pupils.schema.indexes.map((i) => i.name)).not.toContain('_d');
  });

  it('a rebuild stopped halfway (the app closed) goes on after the last chunk it finished (D3)', async () => {
    const pupils = Array.from({ length: 600 }, (_, i) => pupilRow(i));
    await db.pupils.bulkPut(pupils);
    await db.signals.bulkPut([signalRow(pupils[0]!.id, '2026-11-01'), signalRow(pupils[1]!.id, null)]);
    await db.meta.delete(DERIVED_META);
    const ids = pupils.map((p) => p.id).sort();
    // What the transaction of the chunk that ended at the 250th pupil wrote.
    await db.meta.put({ key: DERIVED_PROGRESS, value: { version: DERIVED_VERSION, table: 'pupils', after: ids[249] } });
    expect(await rebuildDerivedIndexes(db)).toBe(350 + 2);
    expect(await db.meta.get(DERIVED_PROGRESS)).toBeUndefined();
    expect(await db.meta.get(DERIVED_META)).toEqual({ key: DERIVED_META, value: DERIVED_VERSION });
    expect(await countListedPupils(db)).toBe(600);
    expect(await countFollowUpsDue(db, today)).toBe(1);
  });

  it('progress made for another DERIVED_VERSION is not resumed: every row is written again (D3)', async () => {
    const pupils = Array.from({ length: 300 }, (_, i) => pupilRow(i));
    await db.pupils.bulkPut(pupils);
    await db.meta.delete(DERIVED_META);
    await db.meta.put({
      key: DERIVED_PROGRESS,
      value: { version: DERIVED_VERSION - 1, table: 'pupils', after: pupils.map((p) => p.id).sort()[199] },
    });
    expect(await rebuildDerivedIndexes(db)).toBe(300);
  });

  it('without the meta row every row is written again once, whatever it carries (D3)', async () => {
    const pupils = Array.from({ length: 300 }, (_, i) => pupilRow(i));
    await db.pupils.bulkPut(pupils);
    await db.signals.bulkPut([signalRow(pupils[0]!.id, '2026-11-01')]);
    await db.meta.delete(DERIVED_META);
    expect(await rebuildDerivedIndexes(db)).toBe(301);
    expect(await rebuildDerivedIndexes(db)).toBe(0);
    expect(await countListedPupils(db)).toBe(300);
    expect(await countFollowUpsDue(db, today)).toBe(1);
    expect(await db.pupils.get(pupils[5]!.id)).toEqual(pupils[5]);
  });
});

describe('Vandaag and the pupil list read through the index', () => {
  it('"Opvolgen": the oldest first, a page at a time, with the total', async () => {
    const pupil = pupilRow(1);
    await db.pupils.put(pupil);
    const dates = Array.from({ length: 45 }, (_, i) => `2026-10-${String((i % 28) + 1).padStart(2, '0')}`);
    await db.signals.bulkPut(dates.map((d) => signalRow(pupil.id, d)));
    await db.contacts.bulkPut([
      {
        ...signalRow(pupil.id, '2026-09-30'),
        withWhom: 'ouder',
        channel: 'telefoon',
        time: '10:00',
        durationMinutes: 15,
        summary: DESCRIPTION,
        signalId: null,
      } as unknown as Contact,
    ]);
    // Not due: later than today, archived, or no follow-up date.
    await db.signals.bulkPut([
      signalRow(pupil.id, '2026-12-01'),
      signalRow(pupil.id, '2026-10-01', { deleted: true }),
      signalRow(pupil.id, null),
    ]);

    expect(await countFollowUpsDue(db, today)).toBe(46);
    const first = await followUpsDue(db, today, 20);
    expect(first).toHaveLength(20);
    expect(first[0]!.kind).toBe('contact');
    expect(first.map((i) => i.record.followUpDate)).toEqual([...first.map((i) => i.record.followUpDate!)].sort());
    const more = await followUpsDue(db, today, 40);
    expect(more.slice(0, 20)).toEqual(first);
    const all = await followUpsDue(db, today);
    expect(all).toHaveLength(46);
    expect(all.at(-1)!.record.followUpDate).toBe('2026-10-28');
  });

  it('"Opvolgen" is counted a month at a time: the same total as one range, at every edge', async () => {
    const pupil = pupilRow(1);
    await db.pupils.put(pupil);
    // Before the 36 months counted one by one, at month and year edges, today; not: tomorrow, later.
    const due = ['2001-02-03', '2023-10-31', '2023-11-01', '2024-02-29', '2025-12-31', '2026-01-01', '2026-10-31', '2026-11-01', today];
    const notDue = ['2026-11-24', '2026-12-01', '2031-01-01'];
    await db.signals.bulkPut([...due, ...notDue].map((d) => signalRow(pupil.id, d)));
    await db.contacts.bulkPut(
      ['2024-12-31', '2025-01-01', '2026-11-24'].map(
        (d) =>
          ({
            ...signalRow(pupil.id, d),
            withWhom: 'ouder',
            channel: 'telefoon',
            time: '10:00',
            durationMinutes: 15,
            summary: DESCRIPTION,
            signalId: null,
          }) as unknown as Contact,
      ),
    );
    expect(await countFollowUpsDue(db, today)).toBe(due.length + 2);
    expect(await countFollowUpsDue(db, '2026-12-31')).toBe(due.length + notDue.length - 1 + 3);
    expect(await countFollowUpsDue(db, '2026-01-01')).toBe(6 + 2);
    expect(await countFollowUpsDue(db, '2000-01-01')).toBe(0);
    // A month at the end of a year, and the first day of a month.
    expect(await countFollowUpsDue(db, '2025-12-31')).toBe(5 + 2);
    expect(await countFollowUpsDue(db, '2023-11-01')).toBe(3);
  });

  it('the list: the most recent first, a page at a time, per school, counted by the index', async () => {
    const pupils = Array.from({ length: 130 }, (_, i) => pupilRow(i));
    await db.pupils.bulkPut([...pupils, pupilRow(999, { deleted: true })]);
    expect(await countListedPupils(db)).toBe(130);
    expect(await countListedPupils(db, school)).toBe(65);
    const page = await recentPupils(db, 50);
    expect(page.map((p) => p.initials)).toEqual(
      pupils
        .slice(-50)
        .reverse()
        .map((p) => p.initials),
    );
    expect((await recentPupils(db, 100)).slice(0, 50)).toEqual(page);
    const mine = await recentPupils(db, 10, school);
    expect(mine.every((p) => p.schoolId === school)).toBe(true);
    expect(mine[0]!.initials).toBe('P0128');

    // A change moves a pupil to the top.
    await updateRecord(db, 'pupil', pupils[0]!.id, { group: 'groep 8' }, ctx);
    expect((await recentPupils(db, 1))[0]!.id).toBe(pupils[0]!.id);
  });
});

describe('the in-memory pupils of the search (pupilsInMemory.ts)', () => {
  it('filled in chunks (PM1), it follows a change (PM2) and is dropped on request (PM3)', async () => {
    const pupils = Array.from({ length: 700 }, (_, i) => pupilRow(i));
    await db.pupils.bulkPut(pupils);
    const search = async (q: string) => {
      await warmPupils(db);
      const m = pupilsSnapshot(db);
      if (!m) throw new Error('not filled');
      return matchPupils(m.values(), q).map((p) => p.initials);
    };
    expect(pupilsSnapshot(db)).toBeNull();
    expect(await search('p0699')).toEqual(['P0699']);
    expect(pupilsSnapshot(db)!.size).toBe(700);
    expect(await search('groep 7')).toHaveLength(234);
    // The list's count, from the copy when it is there: the same as IndexedDB's.
    await db.pupils.put(pupilRow(5000, { deleted: true }));
    await until(async () => (await warmPupils(db), pupilsSnapshot(db)!.size === 701));
    expect(countListed(pupilsSnapshot(db)!.values())).toBe(await countListedPupils(db));
    expect(countListed(pupilsSnapshot(db)!.values(), school)).toBe(await countListedPupils(db, school));
    expect(countListed(pupilsSnapshot(db)!.values(), school)).toBe(350);

    // A change through the app: the new initials are found, the old ones not.
    await updateRecord(db, 'pupil', pupils[5]!.id, { initials: SECRET }, ctx);
    await until(async () => (await search('qzx')).length === 1);
    expect(await search('P0005')).toEqual([]);
    // A new pupil and an archived one.
    await createRecord(db, 'pupil', { initials: 'Nieuw', group: 'groep 3', birthYear: year - 7 }, ctx);
    await archiveRecord(db, 'pupil', pupils[6]!.id, ctx);
    await until(async () => (await search('nieuw')).length === 1 && (await search('P0006')).length === 0);
    // A bulk write (a sync page) reads everything again.
    await db.pupils.bulkPut(Array.from({ length: 60 }, (_, i) => pupilRow(2000 + i, { initials: `Bulk${i}` })));
    await until(async () => (await search('bulk')).length === 60);

    forgetPupilsInMemory();
    expect(pupilsSnapshot(db)).toBeNull();
  });
});

describe('the stored copy of the in-memory pupils (pupilsInMemory.ts PM4)', () => {
  it('is written encrypted after a full read, shown first at the next fill, then replaced by the full read', async () => {
    const pupils = Array.from({ length: 600 }, (_, i) => pupilRow(i));
    pupils[7] = pupilRow(7, { initials: SECRET });
    await db.pupils.bulkPut(pupils);
    await warmPupils(db);
    await until(async () => Array.isArray((await db.meta.get(PUPILS_COPY_META))?.value));
    expect(((await db.meta.get(PUPILS_COPY_META))!.value as Pupil[]).length).toBe(600);
    // At rest: one sealed value, no initials in plain text.
    db.close();
    const raw = (await rawDump(name)).meta!.find((r) => r.key === PUPILS_COPY_META)!;
    await db.open();
    expect(raw.value).toBeUndefined();
    expect(ArrayBuffer.isView(raw[ENC])).toBe(true); // (another realm's Uint8Array: not instanceof)
    expect(JSON.stringify(raw)).not.toContain(SECRET);
    expect(new TextDecoder('latin1').decode(raw[ENC] as Uint8Array)).not.toContain(SECRET);

    // Locked and unlocked again; meanwhile (PM2 not listening) pupil 7 got other initials.
    forgetPupilsInMemory();
    const id7 = pupils[7]!.id;
    await db.pupils.put({ ...pupils[7]!, initials: 'Xyv' });
    const seen: { p7: string | undefined; nieuw: boolean }[] = [];
    const stop = subscribePupilsInMemory(() => {
      const m = pupilsSnapshot(db);
      if (m) seen.push({ p7: m.get(id7)?.initials, nieuw: matchPupils(m.values(), 'nieuw').length === 1 });
    });
    const filled = warmPupils(db);
    await until(async () => seen.length > 0);
    // A pupil added while the stored copy is shown is found at once (PM2 on the stored copy).
    await createRecord(db, 'pupil', { initials: 'Nieuw', group: 'groep 3', birthYear: year - 7 }, ctx);
    await until(async () => seen.some((s) => s.nieuw));
    await filled;
    stop();
    // First the stored copy (a search is answered from it), then the full read.
    expect(seen[0]).toEqual({ p7: SECRET, nieuw: false });
    expect(seen).toContainEqual({ p7: SECRET, nieuw: true });
    expect(seen.at(-1)).toEqual({ p7: 'Xyv', nieuw: true });
    expect(matchPupils(pupilsSnapshot(db)!.values(), 'xyv')).toHaveLength(1);
    // The change is stored too.
    await until(async () => ((await db.meta.get(PUPILS_COPY_META))!.value as Pupil[]).some((p) => p.initials === 'Xyv'));
  });

  it('goes with a pupil that sync removes from the device (retention, another scope)', async () => {
    const pupils = Array.from({ length: 30 }, (_, i) => pupilRow(i));
    await db.pupils.bulkPut(pupils);
    await warmPupils(db);
    await until(async () => !!(await db.meta.get(PUPILS_COPY_META)));
    forgetPupilsInMemory(); // locked: the copy is not written again before the next unlock
    const store = new DexieSyncStore(db);
    const purged = { seq: 1, entity: 'pupil' as const, conflicts: [], purged: true as const, record: { ...pupils[0]!, deleted: true } };
    await store.applyPage({ changes: [purged], cursor: '1', hasMore: false, remaining: 0 });
    expect(await db.meta.get(PUPILS_COPY_META)).toBeUndefined();

    await warmPupils(db);
    await until(async () => !!(await db.meta.get(PUPILS_COPY_META)));
    forgetPupilsInMemory();
    await store.resetScope('another');
    expect(await db.meta.get(PUPILS_COPY_META)).toBeUndefined();
  });
});

async function until(ok: () => Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
