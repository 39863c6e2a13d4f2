// The MDO (src/domain/mdo.ts): the item rules, the consent check against the parties at the table,
// and what a preparation card may show per consent. Plus its permission predicates as one table.
import { describe, expect, it } from 'vitest';
import {
  linkReminders,
  mdoItemInputSchema,
  missingConsent,
  nextMeeting,
  partyOfRole,
  preparationCard,
  type CardSource,
  type MdoItemInput,
  type MdoParticipant,
} from '../../src/domain/mdo';
import { aConsent, SAMPLE_PUPIL } from './consentSample';
import { canReadRecord, canWriteMdo, canWriteRecord, reasons, type Actor } from '../../src/domain/permissions';

const ON = '2026-12-07';
const PUPIL = SAMPLE_PUPIL;
const consent = aConsent;
const person = (role: MdoParticipant['role'], organisation = ''): MdoParticipant => ({
  role,
  name: 'Iemand',
  organisation,
  userId: null,
  contactPersonId: null,
});
const table = [person('ib'), person('jeugdprofessional'), person('wijkteam'), person('jgz')];

const item = (over: Partial<MdoItemInput> = {}): MdoItemInput => ({
  meetingId: '1f9d8a2e-1c1b-4f7a-9d7e-2b6f3c4d5e6f',
  pupilId: PUPIL,
  pupilLabel: 'R.T. · groep 6',
  anonymous: false,
  description: '',
  question: 'Wat is nodig om thuis rust te krijgen?',
  addedByName: 'Sanne',
  consentOutcome: 'toestemming',
  consentMissing: [],
  consentReason: '',
  consentCheckedOn: ON,
  conclusion: '',
  ...over,
});

const source = (over: Partial<CardSource> = {}): CardSource => ({
  item: item(),
  participants: table,
  birthYear: 2017,
  on: ON,
  consents: [consent({ party: 'school' }), consent({ party: 'wijkteam' }), consent({ party: 'jgz' })],
  pupil: {
    initials: 'R.T.',
    group: 'groep 6',
    absenceKind: 'verzuim',
    absenceSince: '2026-11-20',
    exemption: false,
    leerplichtInvolved: false,
  },
  signals: [
    { id: 's1', date: '2026-11-25', theme: 'thuissituatie', seriousness: 'zorgelijk' },
    { id: 's2', date: '2026-10-01', theme: 'gedrag', seriousness: 'zorg' },
    { id: 's3', date: '2025-01-01', theme: 'gedrag', seriousness: 'zorg' },
  ],
  contacts: [{ date: '2026-11-26', withWhom: 'ouder', channel: 'telefonisch', summary: 'Moeder gebeld over de ochtenden', signalId: 's1' }],
  requests: [{ topic: 'gedrag', question: 'Hoe om te gaan met boze buien?', status: 'nieuw', createdAt: '2026-11-01T10:00:00Z' }],
  meldcodes: [{ signalId: 's1', step: 2, closed: false }],
  ...over,
});

describe('agenda item rules', () => {
  it('an anonymous case names no pupil and no initials, and needs no consent', () => {
    const ok = item({
      anonymous: true,
      pupilId: null,
      pupilLabel: '',
      description: 'Meisje groep 7, veel afwezig',
      consentOutcome: 'anoniem',
      consentCheckedOn: null,
    });
    expect(mdoItemInputSchema.safeParse(ok).success).toBe(true);
    const named = mdoItemInputSchema.safeParse({ ...ok, description: 'R.T. is veel afwezig' });
    expect(named.error?.issues.map((i) => i.message)).toContain('Noem geen initialen in een anonieme casus');
    const inQuestion = mdoItemInputSchema.safeParse({ ...ok, question: 'Hoe helpen we L.M. bij het lezen?' });
    expect(inQuestion.error?.issues.map((i) => i.message)).toEqual(['Noem geen initialen in de vraag van een anonieme casus']);
  });

  it('a linked pupil carries a checked outcome; the Meldcode exception needs a reason', () => {
    expect(mdoItemInputSchema.safeParse(item({ consentOutcome: 'niet_gecontroleerd' })).success).toBe(false);
    expect(mdoItemInputSchema.safeParse(item({ pupilId: null, consentOutcome: 'niet_gecontroleerd' })).success).toBe(true);
    const noReason = mdoItemInputSchema.safeParse(item({ consentOutcome: 'meldcode' }));
    expect(noReason.error?.issues[0]?.message).toMatch(/Meldcode/);
    expect(
      mdoItemInputSchema.safeParse(item({ consentOutcome: 'meldcode', consentReason: 'Zorgen over veiligheid thuis, stap 2' })).success,
    ).toBe(true);
  });
});

describe('consent check against the table', () => {
  it('maps participants to parties: the jeugdprofessional is none, smw has no party in the register', () => {
    expect(partyOfRole('ib')).toBe('school');
    expect(partyOfRole('jeugdprofessional')).toBe('self');
    expect(partyOfRole('smw')).toBeNull();
  });

  it('names every party at the table without a valid consent', () => {
    expect(missingConsent([consent({ party: 'school' })], 2017, table, ON)).toEqual(['wijkteam', 'jgz']);
    expect(missingConsent(source().consents, 2017, table, ON)).toEqual([]);
    expect(
      missingConsent(
        [consent({ party: 'wijkteam', withdrawnOn: '2026-12-01', withdrawnReason: 'Vader wil het niet' })],
        2017,
        [person('wijkteam')],
        ON,
      ),
    ).toEqual(['wijkteam']);
    expect(missingConsent([], 2017, [person('smw')], ON)).toEqual(['smw']);
    // A named jeugdhulpaanbieder needs a consent naming it.
    expect(
      missingConsent([consent({ party: 'jeugdhulpaanbieder', partyName: 'Kompaan' })], 2017, [person('jeugdhulpaanbieder', 'Kompaan')], ON),
    ).toEqual([]);
    expect(
      missingConsent([consent({ party: 'jeugdhulpaanbieder', partyName: 'Kompaan' })], 2017, [person('jeugdhulpaanbieder', 'Youké')], ON),
    ).toEqual(['jeugdhulpaanbieder']);
  });
});

describe('what a preparation card may show', () => {
  it('with consent of everyone at the table: recent signals, contacts, absence clock, open questions and the Meldcode step', () => {
    const card = preparationCard(source());
    expect(card.basis).toBe('toestemming');
    expect(card.heldBack).toBeNull();
    expect(card.signals.map((s) => s.theme)).toEqual(['thuissituatie', 'gedrag']); // the one from 2025 is not recent
    expect(card.contacts).toHaveLength(1);
    expect(card.absence?.daysAbsent).toBe(18);
    expect(card.requests).toHaveLength(1);
    expect(card.meldcodeStep).toBe(2);
  });

  it('without consent for one party: only the question', () => {
    const card = preparationCard(source({ consents: [consent({ party: 'school' }), consent({ party: 'jgz' })] }));
    expect(card).toMatchObject({
      question: 'Wat is nodig om thuis rust te krijgen?',
      signals: [],
      contacts: [],
      absence: null,
      requests: [],
      meldcodeStep: null,
      basis: 'geen',
    });
    expect(card.heldBack).toMatch(/Niet iedereen aan tafel/);
  });

  it('a topic consent shows that topic only; never the Meldcode step', () => {
    const consents = (['school', 'wijkteam', 'jgz'] as const).map((party) => consent({ party, topic: 'gedrag' }));
    const card = preparationCard(source({ consents }));
    expect(card.signals.map((s) => s.theme)).toEqual(['gedrag']);
    expect(card.contacts).toEqual([]); // about the thuissituatie signal
    expect(card.absence).toBeNull(); // needs consent about verzuim
    expect(card.requests).toHaveLength(1);
    expect(card.meldcodeStep).toBeNull();
    expect(card.heldBack).toMatch(/deel van het dossier/);
  });

  it('the Meldcode exception shows everything listed, without any consent', () => {
    const card = preparationCard(
      source({ consents: [], item: item({ consentOutcome: 'meldcode', consentReason: 'Acute zorg over veiligheid' }) }),
    );
    expect(card.basis).toBe('meldcode');
    expect(card.meldcodeStep).toBe(2);
    expect(card.signals).toHaveLength(2);
  });

  it('anonymous, not yet checked, or consent only asked: nothing from the record', () => {
    const anon = preparationCard(
      source({ item: item({ anonymous: true, pupilId: null, pupilLabel: '', description: 'Jongen groep 5', consentOutcome: 'anoniem' }) }),
    );
    expect(anon).toMatchObject({ label: 'Anonieme casus', signals: [], contacts: [], absence: null, meldcodeStep: null });
    expect(preparationCard(source({ item: item({ pupilId: null, consentOutcome: 'niet_gecontroleerd' }) })).signals).toEqual([]);
    const asked = preparationCard(source({ consents: [], item: item({ consentOutcome: 'gevraagd' }) }));
    expect(asked.signals).toEqual([]);
    expect(asked.heldBack).toMatch(/Toestemming is gevraagd/);
  });

  it('a withdrawn consent empties the card from that day', () => {
    const consents = [
      consent({ party: 'school' }),
      consent({ party: 'jgz' }),
      consent({ party: 'wijkteam', withdrawnOn: ON, withdrawnReason: 'Moeder trekt in' }),
    ];
    expect(preparationCard(source({ consents })).signals).toEqual([]);
  });
});

describe('next meeting', () => {
  it('is the first one today or later, by date and time, not archived', () => {
    const ms = [
      { id: 'a', date: '2026-11-01', time: '09:00', deleted: false },
      { id: 'b', date: '2026-12-20', time: '09:00', deleted: false },
      { id: 'c', date: '2026-12-07', time: '14:00', deleted: true },
      { id: 'd', date: '2026-12-07', time: '15:00', deleted: false },
    ];
    expect(nextMeeting(ms, ON)?.id).toBe('d');
  });
});

describe('permissions: the MDO', () => {
  const jp: Actor = { id: 'u1', role: 'jeugdprofessional', schoolIds: ['s1'], privateSchoolIds: ['s1'] };
  const ib: Actor = { id: 'u2', role: 'ib', schoolIds: ['s1'] };
  const coordinator: Actor = { id: 'u3', role: 'coordinator', schoolIds: ['s1'] };
  const beheer: Actor = { id: 'u4', role: 'beheerder', schoolIds: ['s1'] };
  const named = {
    meetingId: 'm',
    pupilId: null,
    pupilLabel: 'R.T. · groep 6',
    anonymous: false,
    consentOutcome: 'niet_gecontroleerd',
    consentMissing: [],
    consentReason: '',
    consentCheckedOn: null,
  };

  it.each([
    // actor, entity, kind, changes, school, allowed
    ['jp', 'mdoMeeting', 'create', { date: ON }, 's1', true],
    ['ib', 'mdoMeeting', 'create', { date: ON }, 's1', true],
    ['ib', 'mdoMeeting', 'create', { date: ON }, 's2', false],
    ['coordinator', 'mdoMeeting', 'create', { date: ON }, 's1', false],
    ['beheer', 'mdoAgreement', 'create', { what: 'Bellen' }, 's1', false],
    ['ib', 'mdoItem', 'create', named, 's1', true],
    ['ib', 'mdoItem', 'create', { ...named, pupilId: PUPIL, consentOutcome: 'toestemming' }, 's1', false],
    ['ib', 'mdoItem', 'update', { consentOutcome: 'meldcode', consentReason: 'Zorgen' }, 's1', false],
    ['ib', 'mdoItem', 'update', { conclusion: 'Wijkteam gaat op huisbezoek' }, 's1', true],
    ['jp', 'mdoItem', 'update', { pupilId: PUPIL, consentOutcome: 'toestemming' }, 's1', true],
    ['ib', 'mdoAgreement', 'update', { done: true }, 's1', true],
    ['jp', 'mdoItem', 'update', { schoolId: 's2' }, 's1', false],
  ] as const)('%s %s %s %j at %s: %s', (who, entity, kind, changes, schoolId, allowed) => {
    const actor = { jp, ib, coordinator, beheer }[who];
    const w = { entity, schoolId, kind, changes, current: kind === 'update' ? { createdBy: 'someone', values: {} } : undefined };
    expect(canWriteRecord(actor, w).ok).toBe(allowed);
    if (entity === 'mdoItem' && who === 'ib' && !allowed && schoolId === 's1')
      expect(canWriteMdo(actor, w)).toEqual({ ok: false, reason: reasons.mdoPupilByJp });
  });

  it("the IB'er and the jeugdprofessional read the school's MDO (also where the team does not share); others never", () => {
    for (const entity of ['mdoMeeting', 'mdoItem', 'mdoAgreement'] as const) {
      expect(canReadRecord(jp, { entity, schoolId: 's1', createdBy: 'u2' })).toBe(true);
      expect(canReadRecord(ib, { entity, schoolId: 's1', createdBy: 'u1' })).toBe(true);
      expect(canReadRecord(ib, { entity, schoolId: 's2', createdBy: 'u1' })).toBe(false);
      expect(canReadRecord(coordinator, { entity, schoolId: 's1', createdBy: 'u1' })).toBe(false);
      expect(canReadRecord(beheer, { entity, schoolId: 's1', createdBy: 'u1' })).toBe(false);
    }
    // Never the records behind a card.
    for (const entity of ['pupil', 'signal', 'contact', 'meldcode', 'consent'] as const)
      expect(canReadRecord(ib, { entity, schoolId: 's1', createdBy: 'u1' })).toBe(false);
  });
});

describe("linking a pupil the IB'er put on by initials", () => {
  const jp: Actor = { id: 'u1', role: 'jeugdprofessional', schoolIds: ['s1'] };
  const ib: Actor = { id: 'u2', role: 'ib', schoolIds: ['s1'] };
  const byIb: { createdBy: string; values: Record<string, unknown> } = {
    createdBy: 'u2',
    values: { pupilId: null, pupilLabel: 'R.T. · groep 6', anonymous: false, consentOutcome: 'niet_gecontroleerd' },
  };
  const linked = { createdBy: 'u2', values: { ...byIb.values, pupilId: PUPIL, consentOutcome: 'toestemming' } };
  const link = { pupilId: PUPIL, consentOutcome: 'toestemming', consentMissing: [], consentCheckedOn: ON, consentReason: '' };
  const write = (actor: Actor, changes: Record<string, unknown>, current = byIb) =>
    canWriteRecord(actor, { entity: 'mdoItem', schoolId: 's1', kind: 'update', changes, current });

  it("the jeugdprofessional of the school links it; the IB'er and a jeugdprofessional of another school never", () => {
    expect(write(jp, link)).toEqual({ ok: true });
    expect(write(ib, link)).toEqual({ ok: false, reason: reasons.mdoPupilByJp });
    expect(write({ ...jp, schoolIds: ['s2'] }, link)).toEqual({ ok: false, reason: reasons.notYourSchool });
  });

  it('the label school wrote stays: not changed with the link, nor after it, by anyone', () => {
    expect(write(jp, { ...link, pupilLabel: 'Roos Tak · groep 6' })).toEqual({ ok: false, reason: reasons.mdoLabelKept });
    expect(write(jp, { pupilLabel: 'Roos Tak · groep 6' }, linked)).toEqual({ ok: false, reason: reasons.mdoLabelKept });
    expect(write(ib, { pupilLabel: 'R.T. · groep 7' }, linked)).toEqual({ ok: false, reason: reasons.mdoLabelKept });
    // Before the link the IB'er may still correct what she typed; the same label is no change.
    expect(write(ib, { pupilLabel: 'R.T. · groep 7' })).toEqual({ ok: true });
    expect(write(jp, { ...link, pupilLabel: 'R.T. · groep 6' })).toEqual({ ok: true });
  });

  it('Vandaag reminds of meetings within the days ahead that have items to link, soonest first', () => {
    const m = (id: string, date: string, deleted = false) => ({ id, date, time: '09:00', deleted });
    const item = (meetingId: string, over: Partial<{ anonymous: boolean; pupilId: string | null; deleted: boolean }> = {}) => ({
      meetingId,
      anonymous: false,
      pupilId: null,
      deleted: false,
      ...over,
    });
    const meetings = [
      m('later', '2026-12-21'),
      m('soon', '2026-12-10'),
      m('far', '2026-12-22'),
      m('past', '2026-12-06'),
      m('gone', '2026-12-09', true),
    ];
    const items = [
      item('later'),
      item('later'),
      item('soon'),
      item('soon', { pupilId: PUPIL }),
      item('soon', { anonymous: true }),
      item('soon', { deleted: true }),
      item('far'),
      item('past'),
      item('gone'),
    ];
    expect(linkReminders(meetings, items, ON).map((r) => [r.meeting.id, r.unlinked])).toEqual([
      ['soon', 1],
      ['later', 2],
    ]);
    expect(linkReminders(meetings, items, ON, 3).map((r) => r.meeting.id)).toEqual(['soon']);
    expect(linkReminders(meetings, items.slice(3), ON)).toEqual([]);
  });
});
