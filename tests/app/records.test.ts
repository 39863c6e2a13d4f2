import { describe, expect, it } from 'vitest';
import type { SchoolnabijDB } from '../../src/app/db/db';
import { saveDraft } from '../../src/app/db/drafts';
import { filteredRecords, followUpsDue, pupilTimeline, searchPupils } from '../../src/app/db/queries';
import { archiveRecord, createRecord, restoreRecord, saveWithOptionalPupil, updateRecord, ValidationError } from '../../src/app/db/records';
import { freshDbPerTest } from './freshDb';
import { newRoute } from '../../src/domain/verzuimroute';

const school = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';
const otherSchool = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000002';
const ctx = { userId: 'u1', schoolId: school };
const year = new Date().getFullYear();
const pupilInput = { initials: 'JdV', group: 'groep 7', birthYear: year - 11 };
const signalInput = (pupilId: string, extra: Record<string, unknown> = {}) => ({
  pupilId,
  date: '2026-11-20',
  theme: 'verzuim',
  seriousness: 'zorg',
  source: 'leerkracht',
  description: 'Vaak te laat op maandag.',
  followUpDate: null,
  ...extra,
});

let db: SchoolnabijDB;
freshDbPerTest((d) => (db = d));

describe('saving writes the record and its outbox mutation atomically (I2)', () => {
  it('create: one record, one create mutation with all fields and base version 0', async () => {
    const pupil = await createRecord(db, 'pupil', pupilInput, ctx);
    const signal = await createRecord(db, 'signal', signalInput(pupil.id), ctx);
    expect(await db.signals.get(signal.id)).toMatchObject({ theme: 'verzuim', version: 0, deleted: false, createdBy: 'u1' });
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((m) => [m.entity, m.kind, m.recordId])).toEqual([
      ['pupil', 'create', pupil.id],
      ['signal', 'create', signal.id],
    ]);
    expect(outbox[1]!.changes).toMatchObject({ description: 'Vaak te laat op maandag.', schoolId: school });
    expect(outbox[1]!.baseVersion).toBe(0);
    expect(outbox[0]!.id).not.toBe(outbox[1]!.id);
  });

  it('a failure inside the transaction leaves neither record nor mutation', async () => {
    const pupil = await createRecord(db, 'pupil', pupilInput, ctx);
    // A Dexie hook that throws when the outbox row is written: the record write before it must roll back.
    const fail = () => {
      throw new Error('schijf vol');
    };
    db.outbox.hook('creating', fail);
    await expect(createRecord(db, 'signal', signalInput(pupil.id), ctx)).rejects.toThrow('schijf vol');
    db.outbox.hook('creating').unsubscribe(fail);
    expect(await db.signals.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1); // only the pupil's
  });

  it('invalid input writes nothing and names the fields', async () => {
    const err = await createRecord(db, 'pupil', { ...pupilInput, initials: '123456789', birthYear: year + 1 }, ctx).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(Object.keys((err as ValidationError).fields).sort()).toEqual(['birthYear', 'initials']);
    expect(await db.pupils.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('edit keeps one record and appends a second mutation with only the changed fields', async () => {
    const pupil = await createRecord(db, 'pupil', pupilInput, ctx);
    const s = await createRecord(db, 'signal', signalInput(pupil.id), ctx);
    await updateRecord(db, 'signal', s.id, { seriousness: 'acuut', description: 'Vaak te laat, nu ook afwezig.' }, ctx);
    expect(await db.signals.count()).toBe(1);
    expect(await db.signals.get(s.id)).toMatchObject({ seriousness: 'acuut', theme: 'verzuim' });
    const mutations = await db.outbox.where('recordId').equals(s.id).toArray();
    expect(mutations).toHaveLength(2);
    expect(mutations[1]).toMatchObject({ kind: 'update', baseVersion: 0 });
    expect(mutations[1]!.changes).toEqual({ seriousness: 'acuut', description: 'Vaak te laat, nu ook afwezig.' });
  });

  it('an edit that changes nothing writes nothing', async () => {
    const pupil = await createRecord(db, 'pupil', pupilInput, ctx);
    await updateRecord(db, 'pupil', pupil.id, { initials: 'JdV' }, ctx);
    expect(await db.outbox.count()).toBe(1);
  });

  it('an object field with its keys in another order (as pulled from the server) is no change to send', async () => {
    const pupil = await createRecord(db, 'pupil', pupilInput, ctx);
    const step = { status: 'gedaan', date: '2026-11-20', who: 'Sanne', note: 'Gesprek gevoerd' };
    const route = await createRecord(db, 'verzuimroute', { ...newRoute(pupil.id, '2026-11-19'), stepGesprek: step }, ctx);
    // The server's jsonb orders keys by length: who, date, note, status.
    await db.verzuimroutes.put({ ...route, stepGesprek: { who: 'Sanne', date: '2026-11-20', note: 'Gesprek gevoerd', status: 'gedaan' } });
    await updateRecord(db, 'verzuimroute', route.id, { stepLeerplicht: { ...step, who: 'Karin' } }, { userId: 'u1' });
    const last = (await db.outbox.orderBy('seq').toArray()).at(-1)!;
    expect(Object.keys(last.changes)).toEqual(['stepLeerplicht']);
  });

  it('archiving from the edit form removes the draft of that form with it', async () => {
    const pupil = await createRecord(db, 'pupil', pupilInput, ctx);
    const s = await createRecord(db, 'signal', signalInput(pupil.id), ctx);
    const draftKey = `signal:${s.id}`;
    await db.drafts.put({ key: draftKey, values: { description: 'half getypt' }, savedAt: new Date().toISOString() });
    await archiveRecord(db, 'signal', s.id, { ...ctx, draftKey });
    expect((await db.signals.get(s.id))!.deleted).toBe(true);
    expect(await db.drafts.get(draftKey)).toBeUndefined();
  });

  it('archive and undo are two mutations on the deleted flag; the record stays', async () => {
    const pupil = await createRecord(db, 'pupil', pupilInput, ctx);
    const s = await createRecord(db, 'signal', signalInput(pupil.id), ctx);
    await archiveRecord(db, 'signal', s.id, ctx);
    expect((await db.signals.get(s.id))!.deleted).toBe(true);
    expect(await pupilTimeline(db, pupil.id)).toHaveLength(0);
    expect(await pupilTimeline(db, pupil.id, true)).toHaveLength(1);
    await restoreRecord(db, 'signal', s.id, ctx);
    expect((await db.signals.get(s.id))!.deleted).toBe(false);
    const changes = (await db.outbox.where('recordId').equals(s.id).toArray()).map((m) => m.changes);
    expect(changes.slice(1)).toEqual([{ deleted: true }, { deleted: false }]);
  });

  it('a signal with a new pupil saves both, and removes the draft, in one transaction', async () => {
    await saveDraft(db, 'signal:nieuw', { description: 'half' });
    const s = await saveWithOptionalPupil(db, 'signal', {
      input: signalInput(''),
      newPupil: pupilInput,
      ctx: { ...ctx, draftKey: 'signal:nieuw' },
    });
    const pupil = await db.pupils.get(s.pupilId);
    expect(pupil?.initials).toBe('JdV');
    expect(await db.outbox.count()).toBe(2);
    expect(await db.drafts.get('signal:nieuw')).toBeUndefined();
  });

  it('a signal with an invalid new pupil saves neither and reports both forms’ errors', async () => {
    const err = await saveWithOptionalPupil(db, 'signal', {
      input: signalInput('', { description: '' }),
      newPupil: { ...pupilInput, initials: '' },
      ctx,
    }).catch((e: unknown) => e);
    expect((err as ValidationError).fields).toMatchObject({ initials: expect.any(String), description: expect.any(String) });
    expect(await db.pupils.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('queries', () => {
  it('timeline is newest first across signals, contacts and consultations', async () => {
    const p = await createRecord(db, 'pupil', pupilInput, ctx);
    await createRecord(db, 'signal', signalInput(p.id, { date: '2026-11-01' }), ctx);
    await createRecord(
      db,
      'contact',
      {
        pupilId: p.id,
        signalId: null,
        withWhom: 'ouder',
        channel: 'telefonisch',
        date: '2026-11-10',
        time: '09:00',
        durationMinutes: 15,
        summary: 'Moeder gebeld.',
        followUpDate: null,
      },
      ctx,
    );
    await createRecord(
      db,
      'consultation',
      { pupilId: p.id, withWhom: 'ib', date: '2026-11-05', question: 'Wat kan school doen?', advice: '', followUpDate: null },
      ctx,
    );
    expect((await pupilTimeline(db, p.id)).map((i) => [i.kind, i.record.date])).toEqual([
      ['contact', '2026-11-10'],
      ['consultation', '2026-11-05'],
      ['signal', '2026-11-01'],
    ]);
  });

  it('filters records by school, theme and date range', async () => {
    const p = await createRecord(db, 'pupil', pupilInput, ctx);
    const q = await createRecord(db, 'pupil', { ...pupilInput, initials: 'AB' }, { ...ctx, schoolId: otherSchool });
    await createRecord(db, 'signal', signalInput(p.id, { date: '2026-10-01' }), ctx);
    await createRecord(db, 'signal', signalInput(p.id, { date: '2026-11-01', theme: 'gedrag' }), ctx);
    await createRecord(db, 'signal', signalInput(q.id, { date: '2026-11-02' }), { ...ctx, schoolId: otherSchool });
    const all = await filteredRecords(db, { from: '2026-10-15', to: '2026-11-30' });
    expect(all).toHaveLength(2);
    expect(await filteredRecords(db, { from: '2026-10-15', to: '2026-11-30', schoolId: school })).toHaveLength(1);
    expect(await filteredRecords(db, { from: '2026-01-01', to: '2026-12-31', theme: 'verzuim' })).toHaveLength(2);
    expect(await filteredRecords(db, { from: '2026-01-01', to: '2026-12-31', theme: 'verzuim', schoolId: otherSchool })).toHaveLength(1);
  });

  it('follow-ups due today or overdue, not later ones and not archived ones', async () => {
    const p = await createRecord(db, 'pupil', pupilInput, ctx);
    await createRecord(db, 'signal', signalInput(p.id, { followUpDate: '2026-11-20' }), ctx);
    await createRecord(db, 'signal', signalInput(p.id, { followUpDate: '2026-11-23' }), ctx);
    await createRecord(db, 'signal', signalInput(p.id, { followUpDate: '2026-11-24' }), ctx);
    const archived = await createRecord(db, 'signal', signalInput(p.id, { followUpDate: '2026-11-01' }), ctx);
    await archiveRecord(db, 'signal', archived.id, ctx);
    expect((await followUpsDue(db, '2026-11-23')).map((i) => i.record.followUpDate)).toEqual(['2026-11-20', '2026-11-23']);
  });

  it('"Opgevolgd" takes a follow-up off Vandaag as an update that syncs; a later date brings it back', async () => {
    const p = await createRecord(db, 'pupil', pupilInput, ctx);
    const s = await createRecord(db, 'signal', signalInput(p.id, { followUpDate: '2026-11-20' }), ctx);
    const c = await createRecord(
      db,
      'contact',
      {
        pupilId: p.id,
        signalId: null,
        date: '2026-11-21',
        time: '10:00',
        withWhom: 'ouder',
        channel: 'telefonisch',
        durationMinutes: 10,
        summary: 'Moeder gebeld.',
        followUpDate: '2026-11-22',
      },
      ctx,
    );
    expect((await followUpsDue(db, '2026-11-23')).map((i) => i.record.id)).toEqual([s.id, c.id]);

    await updateRecord(db, 'signal', s.id, { followedUpOn: '2026-11-23' }, ctx);
    expect((await followUpsDue(db, '2026-11-23')).map((i) => i.record.id)).toEqual([c.id]);
    const last = (await db.outbox.orderBy('seq').toArray()).at(-1)!;
    expect([last.recordId, last.kind, last.changes]).toEqual([s.id, 'update', { followedUpOn: '2026-11-23' }]);

    // A new follow-up date after the one done: due again on that day.
    await updateRecord(db, 'signal', s.id, { followUpDate: '2026-11-30' }, ctx);
    expect((await followUpsDue(db, '2026-11-29')).map((i) => i.record.id)).toEqual([c.id]);
    expect((await followUpsDue(db, '2026-11-30')).map((i) => i.record.id)).toEqual([c.id, s.id]);
  });

  it('searches pupils by initials or group, case-insensitive, within a school', async () => {
    await createRecord(db, 'pupil', { ...pupilInput, initials: 'Mo', group: 'groep 5' }, ctx);
    await createRecord(db, 'pupil', { ...pupilInput, initials: 'Sara K', group: '2 havo' }, ctx);
    await createRecord(db, 'pupil', { ...pupilInput, initials: 'Mila', group: 'groep 5' }, { ...ctx, schoolId: otherSchool });
    expect((await searchPupils(db, 'mo')).map((p) => p.initials)).toEqual(['Mo']);
    expect((await searchPupils(db, 'GROEP 5')).map((p) => p.initials)).toEqual(['Mila', 'Mo']);
    expect((await searchPupils(db, 'groep 5', school)).map((p) => p.initials)).toEqual(['Mo']);
    expect(await searchPupils(db, 'havo')).toHaveLength(1);
  });
});

describe('text the central service cannot store is refused on the device, before it is stored', () => {
  it('a NUL or half an emoji in free text or initials: a Dutch message on that field, no record, no outbox mutation', async () => {
    const pupil = await createRecord(db, 'pupil', pupilInput, ctx);
    const message =
      'Deze tekst bevat een teken dat niet bewaard kan worden (een leeg teken of een half emoji-teken). Verwijder het of typ de tekst opnieuw.';
    for (const [entity, input, field] of [
      ['signal', signalInput(pupil.id, { description: 'Vaak te laat\u0000 op maandag' }), 'description'],
      ['signal', signalInput(pupil.id, { description: 'Boos \ud83d weggelopen' }), 'description'],
      ['pupil', { ...pupilInput, initials: 'J.\u0000P.' }, 'initials'],
    ] as const) {
      const err = await createRecord(db, entity, input, ctx).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fields[field]).toBe(message);
    }
    expect(await db.signals.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1); // only the pupil's
    // A whole emoji is fine.
    await createRecord(db, 'signal', signalInput(pupil.id, { description: 'Blij 😀 vandaag' }), ctx);
    expect(await db.signals.count()).toBe(1);
  });
});
