// Demo region: consents and the MDO per school. Per school a meeting held two weeks ago (a pupil with
// consent of everyone at the table, its conclusion, and agreements for the jeugdprofessional and for
// school) and one in ten days with the wijkteam at the table; the second pupil has consent for school
// and JGZ only, so putting it on that agenda is refused (the wijkteam) until discussed anonymously.
import type { Mutation } from '../sync/protocol';
import { isoDay, mutationMaker } from './demoSchoolSide';

/** `pupils`: the school's demo pupils (id and initials · group), in the order they were made. */
export function mdoRecords(
  schoolId: string,
  schoolName: string,
  pupils: readonly { id: string; label: string }[],
  jpName: string,
  jpId: string,
  now: Date,
): Mutation[] {
  const out: Mutation[] = [];
  const create = mutationMaker(schoolId, now, out);
  const [first, second] = pupils;
  if (!first || !second) return out;
  // The pupil together with a parent: valid at every age, so the demo never outgrows it.
  const consent = (pupilId: string, party: string, daysAgo: number) =>
    create(
      'consent',
      {
        pupilId,
        party,
        partyName: '',
        topic: null,
        givenBy: 'ouder_en_leerling',
        way: 'schriftelijk',
        givenOn: isoDay(now, daysAgo),
        validUntil: null,
        withdrawnOn: null,
        withdrawnReason: '',
      },
      daysAgo,
    );
  for (const party of ['school', 'jgz', 'leerplicht', 'wijkteam']) consent(first.id, party, 40);
  consent(second.id, 'school', 30);
  consent(second.id, 'jgz', 30);

  const me = { role: 'jeugdprofessional', name: jpName, organisation: '', userId: jpId, contactPersonId: null };
  const ib = { role: 'ib', name: `IB ${schoolName}`, organisation: schoolName, userId: null, contactPersonId: null };
  const jgz = { role: 'jgz', name: 'Jeugdarts GGD', organisation: 'GGD Gooi en Vechtstreek', userId: null, contactPersonId: null };
  const wijkteam = { role: 'wijkteam', name: 'Consulent wijkteam', organisation: 'Wijkteam', userId: null, contactPersonId: null };

  const past = create('mdoMeeting', { date: isoDay(now, 14), time: '13:30', participants: [ib, me, jgz], status: 'gehouden' }, 20);
  const held = create(
    'mdoItem',
    {
      meetingId: past,
      pupilId: first.id,
      pupilLabel: first.label,
      anonymous: false,
      description: '',
      question: 'Hoe krijgen we het verzuim omlaag?',
      addedByName: jpName,
      consentOutcome: 'toestemming',
      consentMissing: [],
      consentReason: '',
      consentCheckedOn: isoDay(now, 20),
      conclusion: 'Verzuim hangt samen met slecht slapen. JGZ nodigt uit; school houdt de ochtenden bij.',
    },
    20,
  );
  create(
    'mdoAgreement',
    {
      meetingId: past,
      itemId: held,
      who: 'jeugdprofessional',
      whoName: '',
      what: 'Moeder bellen over het slapen',
      byWhen: isoDay(now, -3),
      done: false,
      doneOn: null,
    },
    14,
  );
  create(
    'mdoAgreement',
    {
      meetingId: past,
      itemId: held,
      who: 'school',
      whoName: '',
      what: 'Leerkracht houdt twee weken de ochtenden bij',
      byWhen: isoDay(now, 0),
      done: false,
      doneOn: null,
    },
    14,
  );
  create(
    'mdoAgreement',
    {
      meetingId: past,
      itemId: held,
      who: 'anders',
      whoName: 'JGZ',
      what: 'Jeugdarts nodigt ouders en leerling uit',
      byWhen: isoDay(now, 7),
      done: true,
      doneOn: isoDay(now, 5),
    },
    14,
  );

  const coming = create(
    'mdoMeeting',
    { date: isoDay(now, -10), time: '13:30', participants: [ib, me, jgz, wijkteam], status: 'gepland' },
    3,
  );
  create(
    'mdoItem',
    {
      meetingId: coming,
      pupilId: null,
      pupilLabel: '',
      anonymous: true,
      description: 'Jongen uit de bovenbouw, veel conflicten op het plein',
      question: 'Wie kan de ouders ondersteunen?',
      addedByName: `IB ${schoolName}`,
      consentOutcome: 'anoniem',
      consentMissing: [],
      consentReason: '',
      consentCheckedOn: null,
      conclusion: '',
    },
    3,
  );
  return out;
}
