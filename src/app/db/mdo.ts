// The MDO on the device: meetings of the user's schools, their agenda items and agreements, the
// consent check when a pupil goes on the agenda, and the preparation card built from this device's
// own records (the IB'er's phone holds none of them, so her card shows the question only).
import {
  dateInAmsterdam,
  meldcodeSteps,
  missingConsent,
  openMeldcodeStep,
  partyOfRole,
  preparationCard,
  type MdoAgreement,
  type MdoItem,
  type MdoMeeting,
  type MdoParticipantRole,
  type PreparationCard,
  type Pupil,
} from '../../domain';
import type { SchoolnabijDB } from './db';
import { indexesPending, pupilIndex } from '../perf/derived';
import { meldcodesOfPupil } from './meldcode';
import { signalsOfPupil } from './queries';

export const participantRoleLabels: Record<MdoParticipantRole, string> = {
  ib: 'IB / zorgcoördinator',
  jeugdprofessional: 'jeugdprofessional',
  jgz: 'JGZ',
  leerplicht: 'leerplicht',
  wijkteam: 'wijkteam',
  cat: 'consultatie- en adviesteam',
  jeugdhulpaanbieder: 'jeugdhulpaanbieder',
  smw: 'schoolmaatschappelijk werk',
  swv: 'samenwerkingsverband',
  anders: 'anders',
};

export const mdoStatusLabels = { gepland: 'gepland', voorbereid: 'voorbereid', gehouden: 'gehouden' } as const;
export const agreementOwnerLabels = { jeugdprofessional: 'jeugdprofessional', school: 'school', anders: 'anders' } as const;

/** Meetings of these schools, newest first, not archived. */
export async function meetingsOfSchools(db: SchoolnabijDB, schoolIds: readonly string[]): Promise<MdoMeeting[]> {
  const rows = await db.mdoMeetings
    .where('schoolId')
    .anyOf([...schoolIds])
    .toArray();
  return rows.filter((m) => !m.deleted).sort((a, b) => `${b.date} ${b.time}`.localeCompare(`${a.date} ${a.time}`));
}

/** The agenda of a meeting in the order items were added. */
export async function itemsOfMeeting(db: SchoolnabijDB, meetingId: string): Promise<MdoItem[]> {
  const rows = await db.mdoItems.where('meetingId').equals(meetingId).toArray();
  return rows.filter((i) => !i.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The agenda items about this pupil (linked to the pupil record), in the order they were added. */
export async function itemsOfPupil(db: SchoolnabijDB, pupilId: string): Promise<MdoItem[]> {
  const pending = indexesPending();
  if (pending) await pending;
  const rows = await db.mdoItems.where('_pid').equals(pupilIndex(pupilId)).toArray();
  return rows.filter((i) => !i.deleted && i.pupilId === pupilId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function agreementsOfMeeting(db: SchoolnabijDB, meetingId: string): Promise<MdoAgreement[]> {
  const rows = await db.mdoAgreements.where('meetingId').equals(meetingId).toArray();
  return rows.filter((a) => !a.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Open agreements for the jeugdprofessional: her follow-ups on Vandaag, soonest first. */
export async function openAgreementsForJp(db: SchoolnabijDB): Promise<MdoAgreement[]> {
  const rows = await db.mdoAgreements.toArray();
  return rows
    .filter((a) => !a.deleted && !a.done && a.who === 'jeugdprofessional')
    .sort((a, b) => (a.byWhen ?? '9999').localeCompare(b.byWhen ?? '9999'));
}

export async function consentsOfPupil(db: SchoolnabijDB, pupilId: string) {
  const pending = indexesPending();
  if (pending) await pending;
  return (await db.consents.where('_pid').equals(pupilIndex(pupilId)).toArray()).filter((c) => !c.deleted);
}

/** The parties at the table without consent for this pupil today, as roles (empty: all may be told). */
export async function consentCheck(db: SchoolnabijDB, pupil: Pupil, meeting: MdoMeeting, on: string): Promise<MdoParticipantRole[]> {
  return missingConsent(await consentsOfPupil(db, pupil.id), pupil.birthYear, meeting.participants, on);
}

/** The consent parties of missing roles (for the item's record); roles without a party are left out. */
export function missingParties(roles: readonly MdoParticipantRole[]) {
  return [
    ...new Set(
      roles.map(partyOfRole).filter((p): p is Exclude<ReturnType<typeof partyOfRole>, null | 'self'> => p !== null && p !== 'self'),
    ),
  ];
}

/** The card of one agenda item, from this device's records (none for an anonymous item). */
export async function cardOf(db: SchoolnabijDB, item: MdoItem, meeting: MdoMeeting, now = new Date()): Promise<PreparationCard> {
  const on = dateInAmsterdam(now);
  const pupil = item.pupilId ? ((await db.pupils.get(item.pupilId)) ?? null) : null;
  if (!pupil || !item.pupilId) {
    return preparationCard({
      item,
      participants: meeting.participants,
      birthYear: null,
      consents: [],
      pupil: null,
      signals: [],
      contacts: [],
      requests: [],
      meldcodes: [],
      on,
    });
  }
  const pid = pupilIndex(item.pupilId);
  const [consents, signals, contacts, meldcodes, requests] = await Promise.all([
    consentsOfPupil(db, item.pupilId),
    signalsOfPupil(db, item.pupilId),
    db.contacts.where('_pid').equals(pid).toArray(),
    meldcodesOfPupil(db, item.pupilId),
    db.consultationRequests.where('schoolId').equals(pupil.schoolId).toArray(),
  ]);
  const same = (a: string, b: string) => a.replace(/\s/g, '').toLowerCase() === b.replace(/\s/g, '').toLowerCase();
  return preparationCard({
    item,
    participants: meeting.participants,
    birthYear: pupil.birthYear,
    consents,
    pupil,
    signals,
    on,
    contacts: contacts.filter((c) => !c.deleted),
    requests: requests.filter((r) => !r.anonymous && same(r.pupilInitials, pupil.initials) && same(r.pupilGroup, pupil.group)),
    meldcodes: meldcodes.map((m) => ({
      signalId: m.signalId,
      step: openMeldcodeStep(m, on)?.step ?? null,
      closed: m.closedDate !== null,
      deleted: m.deleted,
    })),
  });
}

export const meldcodeStepTitle = (n: number) => meldcodeSteps.find((s) => s.n === n)?.title ?? '';
