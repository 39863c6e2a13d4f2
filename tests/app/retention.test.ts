// Retention on the device: a pulled change marked `purged` deletes the record (and its kept
// conflicts) from Dexie instead of putting it; other changes in the same page are put as usual.
import { describe, expect, it } from 'vitest';
import type { SchoolnabijDB } from '../../src/app/db/db';
import { recordView } from '../../src/app/db/views';
import { DexieSyncStore } from '../../src/app/sync/dexieStore';
import { uploadViews } from '../../src/app/sync/views';
import type { Change } from '../../src/sync/protocol';
import { freshDbPerTest } from './freshDb';

const school = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';
const now = new Date().toISOString();
const base = (id: string, version: number) => ({
  id,
  schoolId: school,
  createdBy: 'u1',
  createdAt: now,
  updatedAt: now,
  deleted: false,
  version,
});
const pupil = (id: string, version: number): Change => ({
  seq: version,
  entity: 'pupil',
  conflicts: [],
  record: { ...base(id, version), initials: 'K.L.', group: 'groep 3', birthYear: new Date().getFullYear() - 7 },
});
const signal = (id: string, pupilId: string, version: number): Change => ({
  seq: version,
  entity: 'signal',
  conflicts: [],
  record: {
    ...base(id, version),
    pupilId,
    date: '2026-01-12',
    theme: 'verzuim',
    seriousness: 'zorg',
    source: 'leerkracht',
    description: 'Geheim',
    followUpDate: null,
  },
});
const purged = (entity: Change['entity'], id: string, version: number): Change => ({
  seq: version,
  entity,
  conflicts: [],
  purged: true,
  record: { ...base(id, version), deleted: true },
});

let db: SchoolnabijDB;
freshDbPerTest((d) => (db = d));

describe('purged records on the device', () => {
  it('are deleted with their conflicts, not put; the rest of the page is put and the cursor moves', async () => {
    const store = new DexieSyncStore(db);
    const [p1, p2, s1] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const first = pupil(p1, 1);
    await store.applyPage({
      changes: [
        { ...first, conflicts: [{ id: crypto.randomUUID(), field: 'group', value: 'groep 4', by: 'u2', at: now }] },
        pupil(p2, 2),
        signal(s1, p1, 3),
      ],
      cursor: '3',
      hasMore: false,
      remaining: 3,
    });
    expect(await db.pupils.count()).toBe(2);
    expect(await db.conflicts.count()).toBe(1);

    await store.applyPage({
      changes: [purged('signal', s1, 4), purged('pupil', p1, 5), { ...pupil(p2, 6), record: { ...pupil(p2, 6).record, group: 'groep 4' } }],
      cursor: '6',
      hasMore: false,
      remaining: 3,
    });
    expect(await db.signals.get(s1)).toBeUndefined();
    expect(await db.pupils.get(p1)).toBeUndefined();
    expect(await db.conflicts.count()).toBe(0);
    expect(await db.pupils.get(p2)).toMatchObject({ group: 'groep 4', version: 6 });
    expect(await store.cursor()).toBe('6');
    // Nothing of the removed records is left anywhere on the device.
    const everything = JSON.stringify(await Promise.all(db.tables.map((tb) => tb.toArray())));
    expect(everything).not.toContain('Geheim');
    expect(everything).not.toContain(s1);
  });

  it('a purged record the device never had is simply nothing to delete', async () => {
    const store = new DexieSyncStore(db);
    await store.applyPage({ changes: [purged('consultation', crypto.randomUUID(), 9)], cursor: '9', hasMore: false, remaining: 1 });
    expect(await db.consultations.count()).toBe(0);
    expect(await store.cursor()).toBe('9');
  });
});

describe('offline views on the device (Dexie v4)', () => {
  it('are kept until the server answers for them; unanswered ones stay for the next sync', async () => {
    const a = await recordView(db, crypto.randomUUID(), new Date(Date.now() - 60_000));
    const b = await recordView(db, crypto.randomUUID());
    const sent: string[][] = [];
    // The server answers only for the first one (e.g. it lost the rest): the second waits.
    const uploaded = await uploadViews(db, async (views) => {
      sent.push(views.map((v) => v.id));
      return { results: sent.length === 1 ? [{ id: a.id, status: 'recorded' }] : [] };
    });
    expect(uploaded).toBe(1);
    expect(sent[0]).toEqual([a.id, b.id]);
    expect((await db.views.toArray()).map((v) => v.id)).toEqual([b.id]);
    await expect(
      uploadViews(db, async () => {
        throw new Error('offline');
      }),
    ).rejects.toThrow('offline');
    expect(await db.views.count()).toBe(1);
  });
});
