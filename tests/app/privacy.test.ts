// What is readable without the PIN: a raw dump of every IndexedDB store (no middleware, no key) of a
// seeded caseload holds none of the sensitive values, field by field. "Sensitive" is what the
// entity's StorageClasses in src/domain say; queries still find everything through blind indexes.
import { describe, expect, it } from 'vitest';
import { tableOf, type SchoolnabijDB } from '../../src/app/db/db';
import { meldcodeOfSignal, meldcodesOfPupil, startMeldcode } from '../../src/app/db/meldcode';
import { filteredRecords, pupilTimeline, recentConsultations, signalsOfPupil, thuiszittersToday } from '../../src/app/db/queries';
import { createRecord } from '../../src/app/db/records';
import { openRequests } from '../../src/app/db/requests';
import { recordView } from '../../src/app/db/views';
import {
  consultationNoteStorage,
  consultationRequestStorage,
  consultationStorage,
  contactStorage,
  familyStorage,
  meldcodeStorage,
  pupilStorage,
  sensitiveFields,
  signalStorage,
  absenceEntryStorage,
  verzuimrouteStorage,
  wachtlijstStorage,
  type EntityName,
  type StorageClass,
  type StorageClasses,
} from '../../src/domain';
import { freshEncryptedDbPerTest, rawDump } from './freshDb';

const school = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000071';
const ctx = { userId: 'u1', schoolId: school };
const today = '2026-11-23';
const year = new Date().getFullYear();

const storageOf: Partial<Record<EntityName, Readonly<Record<string, StorageClass>>>> = {
  pupil: pupilStorage,
  signal: signalStorage,
  contact: contactStorage,
  consultation: consultationStorage,
  meldcode: meldcodeStorage,
  consultationRequest: consultationRequestStorage,
  consultationNote: consultationNoteStorage,
  family: familyStorage,
  absence: absenceEntryStorage,
  verzuimroute: verzuimrouteStorage,
  wachtlijst: wachtlijstStorage,
};

type Row = Record<string, unknown> & { id: string };

let db: SchoolnabijDB;
let name: string;
freshEncryptedDbPerTest('privacy', (d, n) => {
  db = d;
  name = n;
});

/** A small caseload: every entity, every field filled, absence, a Meldcode-traject, requests in several statuses. */
async function seed() {
  const seeded: { entity: EntityName; record: Row }[] = [];
  const add = async (entity: EntityName, input: Record<string, unknown>) => {
    const record = (await createRecord(db, entity, input, ctx).catch((e: { fields?: unknown }) => {
      throw new Error(`${entity}: ${JSON.stringify(e.fields ?? e)}`);
    })) as unknown as Row;
    seeded.push({ entity, record });
    return record;
  };
  const pupil = await add('pupil', {
    initials: 'Kvp',
    group: 'groep 4',
    birthYear: year - 9,
    absenceKind: 'thuiszitter',
    absenceSince: '2026-09-14',
    exemption: false,
    leerplichtInvolved: true,
  });
  const other = await add('pupil', { initials: 'Lmq', group: 'groep 8a', birthYear: year - 12 });
  const signal = await add('signal', {
    pupilId: pupil.id,
    date: '2026-11-16',
    theme: 'veiligheid',
    seriousness: 'acuut',
    source: 'leerkracht',
    description: 'Blauwe plekken op de armen gezien',
    followUpDate: '2026-11-30',
  });
  await add('signal', {
    pupilId: other.id,
    date: '2026-10-02',
    theme: 'gedrag',
    seriousness: 'zorg',
    source: 'ouder',
    description: 'Slaat andere kinderen op het plein',
    followUpDate: null,
  });
  await add('contact', {
    pupilId: pupil.id,
    signalId: signal.id,
    withWhom: 'ouder',
    channel: 'huisbezoek',
    date: '2026-11-17',
    time: '14:35',
    durationMinutes: 545,
    summary: 'Moeder vertelt over spanningen thuis',
    followUpDate: null,
  });
  await add('consultation', {
    pupilId: other.id,
    withWhom: 'leerkracht',
    date: '2026-11-05',
    question: 'Hoe om te gaan met woedeaanvallen?',
    advice: 'Time-out plek inrichten in de klas',
    followUpDate: null,
  });
  const meldcode = (await startMeldcode(db, signal as never, '2026-11-18', 'u1')) as unknown as Row;
  seeded.push({ entity: 'meldcode', record: meldcode });
  const ask = {
    preferredChannel: 'op_school',
    preferredMoment: 'dinsdagochtend na tienen',
    adviceForSchool: '',
    plannedDate: null,
    plannedTime: null,
    handledBy: null,
    plannedAt: null,
    answeredAt: null,
    closedAt: null,
    withdrawnAt: null,
  };
  const request = await add('consultationRequest', {
    ...ask,
    anonymous: false,
    pupilInitials: 'Rzt',
    pupilGroup: 'groep 6b',
    topic: 'thuissituatie',
    question: 'Kind is vaak moe en hongerig',
    urgency: 'vandaag',
    consent: 'toestemming',
    status: 'nieuw',
  });
  await add('consultationRequest', {
    ...ask,
    anonymous: true,
    pupilInitials: '',
    pupilGroup: '',
    topic: 'emotioneel_welzijn',
    question: 'Leerling huilt veel in de pauze',
    urgency: 'kan_wachten',
    consent: 'niet_besproken',
    status: 'beantwoord',
    adviceForSchool: 'Gesprek met ouders plannen',
    handledBy: 'jp-sanne-7',
    answeredAt: '2026-11-12T10:00:00.000Z',
  });
  await add('consultationNote', { requestId: request.id, pupilId: pupil.id, note: 'Eigen aantekening over de thuissituatie' });
  await add('family', {
    members: [
      { pupilId: pupil.id, schoolId: school, schoolName: 'OBS Vlinderhof', contactName: 'Wqz Jeugdprof', contactPhone: '035 750 21 10' },
      { pupilId: other.id, schoolId: school, schoolName: 'OBS Vlinderhof', contactName: 'Wqz Jeugdprof', contactPhone: '035 750 21 10' },
    ],
    goalSchool: 'Elke dag op tijd in de klas',
    goalHome: 'Vaste bedtijden en rust thuis',
    goalLeisure: 'Weer naar de scouting',
    regie: 'Xyv Regiehouder',
    reviewDate: '2026-12-14',
  });
  await add('absence', {
    pupilId: pupil.id,
    kind: 'ongeoorloofd',
    from: '2026-11-02',
    to: '2026-11-04',
    hours: 13.5,
    note: 'Ouders melden niets, telefoon gaat niet over',
  });
  await add('verzuimroute', {
    pupilId: pupil.id,
    startDate: '2026-11-05',
    stepGesprek: { status: 'gedaan', date: '2026-11-06', who: 'Sanne de Vries', note: 'Gesprek met vader over de ochtenden' },
    stepMelding: null,
    stepJeugdarts: null,
    stepLeerplicht: null,
    stepOverleg: null,
    stepPlan: null,
    planGoal: 'passend_aanbod',
    planAanbod: 'Onderwijszorgarrangement De Brug',
    planTemporary: 'Twee ochtenden per week bij de voorziening',
    planCoordinator: 'Karin Smit',
    planReviewDates: ['2026-12-14'],
    outcome: null,
    outcomeDate: null,
    outcomeSchool: '',
    outcomeHours: null,
  });
  await add('wachtlijst', {
    pupilId: pupil.id,
    careKind: 'jeugdhulpaanbieder',
    careName: 'Xyv Jeugdhulp',
    since: '2026-09-14',
    overbrugging: 'Wekelijks gesprek met Xyv op school',
    status: 'wacht',
    statusDate: null,
  });
  await recordView(db, other.id, new Date('2026-11-20T08:15:00.000Z'));
  return { seeded, pupil, other, signal, meldcode };
}

/** Every plain value of the dump with where it is: ciphertext and wrapped keys are skipped. */
function plainLeaves(dump: Record<string, Record<string, unknown>[]>): { store: string; key: string; value: unknown }[] {
  const out: { store: string; key: string; value: unknown }[] = [];
  const walk = (store: string, key: string, v: unknown) => {
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return;
    if (Array.isArray(v)) v.forEach((x) => walk(store, key, x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(store, k, x);
    else out.push({ store, key, value: v });
  };
  for (const [store, rows] of Object.entries(dump)) for (const row of rows) walk(store, '', row);
  return out;
}

describe('what is readable without the PIN', () => {
  it('a raw dump of every store holds none of the sensitive values of a seeded caseload, field by field', async () => {
    const { seeded } = await seed();
    db.close();
    const dump = await rawDump(name);
    const leaves = plainLeaves(dump);
    let checked = 0;
    for (const { entity, record } of seeded) {
      const table = tableOf[entity];
      const stored = dump[table]!.find((r) => r.id === record.id)!;
      expect(stored, `${entity} ${String(record.id)} is stored`).toBeDefined();
      for (const field of sensitiveFields(storageOf[entity] as StorageClasses<Row>)) {
        // Not in the stored row itself...
        expect(stored, `${table}.${field}`).not.toHaveProperty(field);
        const value = record[field];
        if (value === null || value === undefined || value === '' || typeof value === 'boolean') continue;
        // ...and its value nowhere in plain: not in another field, store, index or derived field.
        // An id may appear as the identity of its own row (pupils.id, an outbox recordId).
        const needle = typeof value === 'object' ? JSON.stringify(value) : value;
        const hits = leaves.filter(
          (l) =>
            !(l.key === 'id' || l.key === 'recordId') &&
            (l.value === needle ||
              (typeof needle === 'string' && needle.length >= 12 && typeof l.value === 'string' && l.value.includes(needle))),
        );
        expect(hits, `${table}.${field} = ${String(needle)}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    // A pupil page opened here: which pupil is not readable either.
    expect(dump.views![0]).not.toHaveProperty('pupilId');
    // The plain part of a record is its identity, school and sync bookkeeping, and blind indexes.
    expect(Object.keys(dump.signals![0]!).sort()).toEqual(
      [
        '_enc',
        '_month',
        '_pid',
        'createdAt',
        'createdBy',
        'deleted',
        'id',
        'schoolId',
        'updatedAt',
        'version',
        ...('_due' in dump.signals![0]! ? ['_due', 'followUpDate'] : ['followUpDate']),
      ].sort(),
    );
  });

  it('every query still finds what it needs, through blind indexes and in-memory filters', async () => {
    const { pupil, other, signal, meldcode } = await seed();
    expect((await pupilTimeline(db, pupil.id)).map((i) => i.kind).sort()).toEqual(['contact', 'signal']);
    expect((await pupilTimeline(db, other.id)).map((i) => i.kind).sort()).toEqual(['consultation', 'signal']);
    expect((await signalsOfPupil(db, pupil.id)).map((s) => s.id)).toEqual([signal.id]);
    expect((await filteredRecords(db, { from: '2026-11-01', to: '2026-11-30' }, today)).map((i) => i.kind).sort()).toEqual([
      'consultation',
      'contact',
      'signal',
    ]);
    expect(
      (await filteredRecords(db, { from: '2026-10-01', to: '2026-10-31', theme: 'gedrag' }, today)).map((i) => i.record.id),
    ).toHaveLength(1);
    expect(await filteredRecords(db, { from: '2026-11-17', to: '2026-11-17' }, today)).toHaveLength(1);
    expect((await recentConsultations(db, 300, today)).map((c) => c.question)).toEqual(['Hoe om te gaan met woedeaanvallen?']);
    expect((await meldcodeOfSignal(db, signal.id))?.id).toBe(meldcode.id);
    expect((await meldcodesOfPupil(db, pupil.id)).map((m) => m.id)).toEqual([meldcode.id]);
    expect(await meldcodesOfPupil(db, other.id)).toEqual([]);
    expect((await thuiszittersToday(db, today)).map((t) => t.pupil.id)).toEqual([pupil.id]);
    expect((await openRequests(db)).map((r) => r.status)).toEqual(['nieuw']);
  });
});
