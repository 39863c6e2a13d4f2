import { describe, expect, it } from 'vitest';
import type { SchoolnabijDB } from '../../src/app/db/db';
import { ValidationError } from '../../src/app/db/records';
import {
  answerRequest,
  closeRequest,
  createRequest,
  openRequests,
  ownNote,
  planRequest,
  requestsForProfessional,
  requestsOfSchools,
  sharingOf,
  statusHistory,
  updateRequestAsk,
  withdrawRequest,
  type RequestAsk,
} from '../../src/app/db/requests';
import { createRecord } from '../../src/app/db/records';
import { freshDbPerTest } from './freshDb';

const school = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';
const otherSchool = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000002';
const ib = { userId: 'ib-1' };
const jp = { userId: 'jp-1' };
const at = (iso: string) => ({ now: new Date(iso) });

const ask = (extra: Partial<RequestAsk> = {}): RequestAsk => ({
  anonymous: false,
  pupilInitials: 'Noor',
  pupilGroup: 'groep 6',
  topic: 'emotioneel_welzijn',
  question: 'Noor is erg stil sinds de herfstvakantie. Kun je meekijken?',
  urgency: 'deze_week',
  preferredChannel: 'op_school',
  preferredMoment: 'dinsdagochtend na 10:00',
  consent: 'op_de_hoogte',
  ...extra,
});

let db: SchoolnabijDB;
freshDbPerTest((d) => (db = d));

describe("the IB'er asks", () => {
  it('a new request is stored with status nieuw and its create mutation in the outbox, and the draft is gone', async () => {
    await db.drafts.put({ key: 'consultationRequest:nieuw', values: { question: 'half' }, savedAt: '2026-01-05T08:00:00Z' });
    const r = await createRequest(db, ask(), {
      ...ib,
      schoolId: school,
      draftKey: 'consultationRequest:nieuw',
      ...at('2026-01-05T09:00:00Z'),
    });
    expect(await db.consultationRequests.get(r.id)).toMatchObject({
      status: 'nieuw',
      pupilInitials: 'Noor',
      urgency: 'deze_week',
      createdBy: 'ib-1',
      createdAt: '2026-01-05T09:00:00.000Z',
      version: 0,
      answeredAt: null,
      adviceForSchool: '',
      handledBy: null,
    });
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ entity: 'consultationRequest', kind: 'create', recordId: r.id, baseVersion: 0 });
    expect(outbox[0]!.changes).toMatchObject({ status: 'nieuw', question: ask().question, schoolId: school, consent: 'op_de_hoogte' });
    expect(await db.drafts.get('consultationRequest:nieuw')).toBeUndefined();
  });

  it('record and outbox are one transaction: a failing outbox write leaves no request', async () => {
    const fail = () => {
      throw new Error('schijf vol');
    };
    db.outbox.hook('creating', fail);
    await expect(createRequest(db, ask(), { ...ib, schoolId: school })).rejects.toThrow('schijf vol');
    db.outbox.hook('creating').unsubscribe(fail);
    expect(await db.consultationRequests.count()).toBe(0);
  });

  it('anonymous drops the pupil; a named request without initials is refused with a Dutch message', async () => {
    const anon = await createRequest(db, ask({ anonymous: true }), { ...ib, schoolId: school });
    expect(anon).toMatchObject({ anonymous: true, pupilInitials: '', pupilGroup: '' });
    const err = await createRequest(db, ask({ pupilInitials: ' ' }), { ...ib, schoolId: school }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fields.pupilInitials).toBe('Vul initialen of een roepnaam in, of kies anoniem');
    const missing = await createRequest(db, ask({ urgency: undefined, consent: undefined }), { ...ib, schoolId: school }).catch(
      (e: unknown) => e,
    );
    expect((missing as ValidationError).fields).toMatchObject({ urgency: 'Kies hoe dringend het is', consent: 'Kies wat ouders weten' });
    // All at once: the cross-field rule too, while another field is still invalid.
    const both = await createRequest(db, ask({ pupilInitials: '', topic: undefined }), { ...ib, schoolId: '' }).catch((e: unknown) => e);
    expect(Object.keys((both as ValidationError).fields).sort()).toEqual(['pupilInitials', 'schoolId', 'topic']);
    expect(await db.consultationRequests.count()).toBe(1);
  });

  it('editing while nieuw sends only the changed ask fields; after planning it is refused', async () => {
    const r = await createRequest(db, ask(), { ...ib, schoolId: school });
    await updateRequestAsk(db, r.id, ask({ urgency: 'vandaag' }), ib);
    const update = (await db.outbox.orderBy('seq').toArray())[1]!;
    expect(update.kind).toBe('update');
    expect(update.changes).toEqual({ urgency: 'vandaag' });
    await planRequest(db, r.id, { date: '2026-01-06', time: '10:30' }, jp);
    await expect(updateRequestAsk(db, r.id, ask({ question: 'Andere vraag' }), ib)).rejects.toBeInstanceOf(ValidationError);
    expect((await db.consultationRequests.get(r.id))!.question).toBe(ask().question);
  });

  it('withdraw sets teruggetrokken and withdrawnAt while not yet answered; an answered request cannot be withdrawn', async () => {
    const a = await createRequest(db, ask(), { ...ib, schoolId: school });
    await planRequest(db, a.id, { date: '2026-01-06', time: '10:30' }, jp);
    await withdrawRequest(db, a.id, { ...ib, ...at('2026-01-05T12:00:00Z') });
    expect(await db.consultationRequests.get(a.id)).toMatchObject({ status: 'teruggetrokken', withdrawnAt: '2026-01-05T12:00:00.000Z' });
    const last = (await db.outbox.orderBy('seq').toArray()).at(-1)!;
    expect(last.changes).toEqual({ status: 'teruggetrokken', withdrawnAt: '2026-01-05T12:00:00.000Z' });

    const b = await createRequest(db, ask(), { ...ib, schoolId: school });
    await answerRequest(db, b.id, { advice: 'Gesprek met ouders voorstellen.', note: '', pupilId: null }, jp);
    await expect(withdrawRequest(db, b.id, ib)).rejects.toBeInstanceOf(ValidationError);
    expect((await db.consultationRequests.get(b.id))!.status).toBe('beantwoord');
  });
});

describe('the jeugdprofessional handles', () => {
  it('plan: ingepland with date, time, plannedAt and handledBy; a bad time is a field error', async () => {
    const r = await createRequest(db, ask(), { ...ib, schoolId: school });
    const err = await planRequest(db, r.id, { date: '2026-01-06', time: '25:00' }, jp).catch((e: unknown) => e);
    expect((err as ValidationError).fields).toEqual({ plannedTime: 'Vul een tijd in als 10:30' });
    await planRequest(db, r.id, { date: '2026-01-06', time: '10:30' }, { ...jp, ...at('2026-01-05T10:00:00Z') });
    expect(await db.consultationRequests.get(r.id)).toMatchObject({
      status: 'ingepland',
      plannedDate: '2026-01-06',
      plannedTime: '10:30',
      plannedAt: '2026-01-05T10:00:00.000Z',
      handledBy: 'jp-1',
    });
  });

  it('answer writes the handle fields on the request and the private part as a separate consultationNote, in one transaction', async () => {
    const r = await createRequest(db, ask(), { ...ib, schoolId: school, ...at('2026-01-05T09:00:00Z') });
    const pupil = await createRecord(
      db,
      'pupil',
      { initials: 'NvB', group: 'groep 6', birthYear: new Date().getFullYear() - 10 },
      { ...jp, schoolId: school },
    );
    await db.outbox.clear();
    const { request, note } = await answerRequest(
      db,
      r.id,
      { advice: 'Laat Noor de eerste week bij de deur begroeten.', note: 'Moeder belde: scheiding speelt. Niet delen.', pupilId: pupil.id },
      { ...jp, draftKey: `request-answer:${r.id}`, ...at('2026-01-06T11:00:00Z') },
    );
    expect(request).toMatchObject({
      status: 'beantwoord',
      adviceForSchool: 'Laat Noor de eerste week bij de deur begroeten.',
      answeredAt: '2026-01-06T11:00:00.000Z',
      handledBy: 'jp-1',
    });
    // The private text is not on the request at all.
    expect(JSON.stringify(await db.consultationRequests.get(r.id))).not.toContain('scheiding');
    expect(await db.consultationNotes.get(note!.id)).toMatchObject({
      requestId: r.id,
      pupilId: pupil.id,
      note: 'Moeder belde: scheiding speelt. Niet delen.',
      schoolId: school,
      createdBy: 'jp-1',
    });

    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((m) => [m.entity, m.kind])).toEqual([
      ['consultationRequest', 'update'],
      ['consultationNote', 'create'],
    ]);
    expect(Object.keys(outbox[0]!.changes).sort()).toEqual(['adviceForSchool', 'answeredAt', 'handledBy', 'status']);
    expect(JSON.stringify(outbox[0]!.changes)).not.toContain('scheiding');

    // Answering again keeps the first answer time and updates the same note.
    await answerRequest(
      db,
      r.id,
      { advice: 'Aangevuld advies.', note: 'Bijgewerkt.', pupilId: pupil.id },
      { ...jp, ...at('2026-01-07T11:00:00Z') },
    );
    expect((await db.consultationRequests.get(r.id))!.answeredAt).toBe('2026-01-06T11:00:00.000Z');
    expect(await db.consultationNotes.count()).toBe(1);
    expect((await ownNote(db, r.id, 'jp-1'))!.note).toBe('Bijgewerkt.');
  });

  it('a failing note write rolls back the answer on the request too', async () => {
    const r = await createRequest(db, ask(), { ...ib, schoolId: school });
    const fail = () => {
      throw new Error('schijf vol');
    };
    db.consultationNotes.hook('creating', fail);
    await expect(answerRequest(db, r.id, { advice: 'Advies.', note: 'Privé.', pupilId: null }, jp)).rejects.toThrow('schijf vol');
    db.consultationNotes.hook('creating').unsubscribe(fail);
    expect((await db.consultationRequests.get(r.id))!.status).toBe('nieuw');
    expect(await db.outbox.count()).toBe(1); // only the create
  });

  it('an answer without advice is refused; without a private part no note is made', async () => {
    const r = await createRequest(db, ask(), { ...ib, schoolId: school });
    const err = await answerRequest(db, r.id, { advice: '  ', note: 'x', pupilId: null }, jp).catch((e: unknown) => e);
    expect((err as ValidationError).fields).toEqual({ adviceForSchool: 'Schrijf het advies voor school' });
    const { note } = await answerRequest(db, r.id, { advice: 'Advies.', note: '', pupilId: null }, jp);
    expect(note).toBeNull();
    expect(await db.consultationNotes.count()).toBe(0);
  });

  it('close: afgesloten with closedAt; the history lists every step in time order', async () => {
    const r = await createRequest(db, ask(), { ...ib, schoolId: school, ...at('2026-01-05T09:00:00Z') });
    await planRequest(db, r.id, { date: '2026-01-06', time: '10:30' }, { ...jp, ...at('2026-01-05T10:00:00Z') });
    await answerRequest(db, r.id, { advice: 'Advies.', note: '', pupilId: null }, { ...jp, ...at('2026-01-06T11:00:00Z') });
    await closeRequest(db, r.id, { ...jp, ...at('2026-01-08T08:00:00Z') });
    const done = (await db.consultationRequests.get(r.id))!;
    expect(done).toMatchObject({ status: 'afgesloten', closedAt: '2026-01-08T08:00:00.000Z' });
    expect(statusHistory(done).map((s) => s.status)).toEqual(['nieuw', 'ingepland', 'beantwoord', 'afgesloten']);
  });
});

describe('the consent check on the advice to school', () => {
  it('anonymous needs nothing; a valid consent is the ground; without one a choice is required, the Meldcode with a reason', () => {
    const none = { basis: '', reason: '' };
    expect(sharingOf({ anonymous: true }, { linked: false, consent: false }, none)).toEqual({
      sharing: { check: null, basis: null, reason: '' },
    });
    expect(sharingOf({ anonymous: false }, { linked: true, consent: true }, none)).toEqual({
      sharing: { check: 'geldig', basis: 'toestemming', reason: '' },
    });
    expect(sharingOf({ anonymous: false }, { linked: true, consent: false }, none)).toEqual({
      errors: { sharingBasis: 'Er is geen geldige toestemming voor school: kies hoe je het advies deelt' },
    });
    expect(sharingOf({ anonymous: false }, { linked: true, consent: false }, { basis: 'meldcode', reason: ' ' })).toEqual({
      errors: { sharingReason: 'Schrijf waarom je op grond van de Meldcode deelt' },
    });
    expect(sharingOf({ anonymous: false }, { linked: false, consent: false }, { basis: 'algemeen', reason: 'weg' })).toEqual({
      sharing: { check: 'niet_gekoppeld', basis: 'algemeen', reason: '' },
    });
  });

  it('the check and the choice are stored on the request with the answer, with who answered', async () => {
    const r = await createRequest(db, ask(), { ...ib, userName: 'Marieke Jansen', schoolId: school });
    expect(r.askedByName).toBe('Marieke Jansen');
    await db.outbox.clear();
    const sharing = { check: 'geen', basis: 'meldcode', reason: 'Acute zorg om veiligheid; overleg met aandachtsfunctionaris.' } as const;
    await answerRequest(
      db,
      r.id,
      { advice: 'Bel vandaag Veilig Thuis voor advies.', note: '', pupilId: null, sharing },
      { ...jp, userName: 'Sanne de Vries' },
    );
    expect(await db.consultationRequests.get(r.id)).toMatchObject({
      consentCheck: 'geen',
      sharingBasis: 'meldcode',
      sharingReason: sharing.reason,
      handledByName: 'Sanne de Vries',
    });
    const [m] = await db.outbox.toArray();
    expect(m!.changes).toMatchObject({
      consentCheck: 'geen',
      sharingBasis: 'meldcode',
      sharingReason: sharing.reason,
      handledByName: 'Sanne de Vries',
    });
  });
});

describe('lists', () => {
  it("the jeugdprofessional's list: open first, 'vandaag' on top, longest waiting first; then the handled ones, latest change first", async () => {
    const make = async (name: string, urgency: RequestAsk['urgency'], when: string) =>
      (await createRequest(db, ask({ pupilInitials: name, urgency }), { ...ib, schoolId: school, ...at(when) })).id;
    const oldWeek = await make('A', 'deze_week', '2026-01-01T09:00:00Z');
    const wait = await make('B', 'kan_wachten', '2026-01-02T09:00:00Z');
    const today = await make('C', 'vandaag', '2026-01-04T09:00:00Z');
    const newWeek = await make('D', 'deze_week', '2026-01-03T09:00:00Z');
    const answered = await make('E', 'vandaag', '2026-01-01T08:00:00Z');
    const withdrawn = await make('F', 'vandaag', '2026-01-01T07:00:00Z');
    const planned = await make('G', 'vandaag', '2026-01-05T09:00:00Z');
    await answerRequest(db, answered, { advice: 'Advies.', note: '', pupilId: null }, { ...jp, ...at('2026-01-05T12:00:00Z') });
    await withdrawRequest(db, withdrawn, { ...ib, ...at('2026-01-06T12:00:00Z') });
    await planRequest(db, planned, { date: '2026-01-07', time: '09:00' }, jp);

    const names = async (rows: Promise<{ id: string }[]>) => (await rows).map((r) => r.id);
    expect(await names(requestsForProfessional(db))).toEqual([today, planned, oldWeek, newWeek, wait, withdrawn, answered]);
    expect(await names(openRequests(db))).toEqual([today, planned, oldWeek, newWeek, wait]);
  });

  it("the IB'er's list: only their schools, newest first", async () => {
    const first = await createRequest(db, ask(), { ...ib, schoolId: school, ...at('2026-01-01T09:00:00Z') });
    await createRequest(db, ask(), { ...ib, schoolId: otherSchool, ...at('2026-01-02T09:00:00Z') });
    const last = await createRequest(db, ask(), { ...ib, schoolId: school, ...at('2026-01-03T09:00:00Z') });
    expect((await requestsOfSchools(db, [school])).map((r) => r.id)).toEqual([last.id, first.id]);
  });
});
