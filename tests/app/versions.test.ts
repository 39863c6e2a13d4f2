// Dexie schemas v6 to v8 (src/app/db/versions.ts): v6 and v7 drop indexes no query reads, so a first
// pull writes fewer index entries per row (v7: the `_d` index, which only rebuildDerivedIndexes read);
// v8 replaces the plain pupil, date and absence indexes by blind ones. An upgrade from v5 keeps every
// row, sealed as it was, until the unlock rewrites them once; then every query of the app finds its
// index (Dexie throws on a where() or orderBy() over a missing index).
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { SchoolnabijDB } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import { DERIVED_META, derivedMiddleware, rebuildDerivedIndexes } from '../../src/app/perf/derived';
import { ENC, installEncryption, setDataKey } from '../../src/app/db/encryption';
import { meldcodeOfSignal, meldcodesOfPupil } from '../../src/app/db/meldcode';
import {
  countFollowUpsDue,
  countListedPupils,
  filteredRecords,
  followUpsDue,
  pupilTimeline,
  recentConsultations,
  recentPupils,
  searchPupils,
  thuiszittersToday,
} from '../../src/app/db/queries';
import { declareVersions, type v8 } from '../../src/app/db/versions';
import type { Consultation, Contact, Pupil, Signal } from '../../src/domain';
import { rawDump } from './freshDb';

const school = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000061';
const year = new Date().getFullYear();
const today = '2026-11-23';
const id = () => crypto.randomUUID();
const base = (n: number) => ({
  id: id(),
  schoolId: school,
  createdBy: 'u1',
  createdAt: `2026-11-0${n}T09:00:00.000Z`,
  updatedAt: `2026-11-0${n}T09:00:00.000Z`,
  deleted: false,
  version: n,
});

let name = '';
afterEach(async () => {
  setDataKey(null);
  if (name) await Dexie.delete(name);
});

describe('schemas v6 to v8', () => {
  it('an upgrade from v5 keeps every row (still sealed) and every query of the app finds its index', async () => {
    name = `versions-${id()}`;
    setDataKey(await generateDataKey());
    const old = new Dexie(name);
    declareVersions(old, 5);
    old.use(derivedMiddleware);
    installEncryption(old);
    const pupil = {
      ...base(1),
      initials: 'Kwp',
      group: 'groep 7',
      birthYear: year - 11,
      absenceKind: 'thuiszitter',
      absenceSince: '2026-09-01',
    } as Pupil;
    const signal = {
      ...base(2),
      pupilId: pupil.id,
      date: '2026-11-02',
      theme: 'verzuim',
      seriousness: 'zorg',
      source: 'leerkracht',
      description: 'Geheim Zq8',
      followUpDate: '2026-11-20',
    } as Signal;
    const contact = {
      ...base(3),
      pupilId: pupil.id,
      signalId: signal.id,
      withWhom: 'ouder',
      channel: 'telefoon',
      date: '2026-11-03',
      time: '10:00',
      durationMinutes: 15,
      summary: 'Geheim Zq9',
      followUpDate: null,
    } as unknown as Contact;
    const consultation = {
      ...base(4),
      pupilId: pupil.id,
      date: '2026-11-04',
      question: 'Geheim Zq7',
      advice: '',
      withWhom: 'leerkracht',
      followUpDate: '2026-11-21',
    } as unknown as Consultation;
    await old.table('pupils').put(pupil);
    await old.table('signals').put(signal);
    await old.table('contacts').put(contact);
    await old.table('consultations').put(consultation);
    await old.table('meta').put({ key: 'syncCursor', value: '4' });
    // What rebuildDerivedIndexes wrote after the first unlock on the v5 device (derived version 1).
    await old.table('meta').put({ key: DERIVED_META, value: 1 });
    const before = await rawDump(name);
    old.close();

    const db = new SchoolnabijDB(name);
    installEncryption(db);
    await db.open();
    expect(db.verno).toBe(9);
    // The rows are the same bytes as before: nothing was rewritten, nothing decrypted.
    const after = await rawDump(name);
    for (const t of ['pupils', 'signals', 'contacts', 'consultations', 'meta']) expect(after[t]).toEqual(before[t]);
    expect(after.signals!.every((r) => ArrayBuffer.isView(r[ENC]) && r.description === undefined)).toBe(true);
    expect(await db.pupils.get(pupil.id)).toEqual(pupil);
    expect(await db.signals.get(signal.id)).toEqual(signal);

    // The dropped indexes are gone; the ones the app reads are there (v8: blind indexes, no plain
    // pupil, date or absence flag).
    const indexes = (t: keyof typeof v8) =>
      db
        .table(t)
        .schema.indexes.map((i) => i.name)
        .sort();
    expect(indexes('pupils')).toEqual(['[_listed+_recent]', '[schoolId+_listed+_recent]', 'schoolId'].sort());
    for (const t of ['signals', 'contacts', 'consultations'] as const) expect(indexes(t)).toEqual(['_due', '_month', '_pid']);

    // v8: after the unlock every row is rewritten once: blind indexes in, plain pupil and date out.
    expect(await rebuildDerivedIndexes(db)).toBe(4);
    const sealed = await rawDump(name);
    for (const t of ['signals', 'contacts', 'consultations']) {
      for (const row of sealed[t]!) for (const f of ['pupilId', 'date', 'theme', 'channel']) expect(row[f], `${t}.${f}`).toBeUndefined();
    }
    expect(sealed.pupils![0]!._absent).toBeUndefined();
    expect(sealed.pupils![0]!.group).toBeUndefined();

    // Every query of queries.ts and meldcode.ts over these tables (each throws if its index is missing).
    expect((await pupilTimeline(db, pupil.id)).map((i) => i.record.id).sort()).toEqual([signal.id, contact.id, consultation.id].sort());
    expect(await filteredRecords(db, { from: '2026-11-01', to: '2026-11-30' }, today)).toHaveLength(3);
    expect((await followUpsDue(db, today)).map((i) => i.record.id)).toEqual([signal.id, consultation.id]);
    expect(await countFollowUpsDue(db, today)).toBe(2);
    expect(await countListedPupils(db, school)).toBe(1);
    expect((await recentPupils(db, 10, school)).map((p) => p.id)).toEqual([pupil.id]);
    expect((await thuiszittersToday(db, today)).map((t) => t.pupil.id)).toEqual([pupil.id]);
    expect((await searchPupils(db, 'Kwp', school)).map((p) => p.id)).toEqual([pupil.id]);
    expect(await meldcodeOfSignal(db, signal.id)).toBeNull();
    expect(await meldcodesOfPupil(db, pupil.id)).toEqual([]);
    expect(await recentConsultations(db, 300, today)).toEqual([consultation]);
    expect(await rebuildDerivedIndexes(db)).toBe(0);
    db.close();
  });
});
