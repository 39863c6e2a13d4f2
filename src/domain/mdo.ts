// MDO (in VO often ZAT): the multidisciplinary meeting at a school. Three synced records: the
// meeting, one agenda item per pupil or anonymous case (its own record, so two people writing the
// minutes of different pupils never touch the same record), and the agreements (afspraken) made
// about an item. The preparation card is computed here too: pure, from the jeugdprofessional's own
// records on the phone, showing only what the consent for the meeting's participants allows.
import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { isoDate, recordBaseShape, recordBaseStorage } from './record';
import { freeText, nameText, optionalText, storable } from './text';
import { consentFor, consentParties, type ConsentParty } from './consent';
import type { SignalTheme } from './signal';
import { absenceStatus, type AbsenceFields, type AbsenceStatus } from './absence';
import { addDays } from './calendar';

export const mdoEntities = ['mdoMeeting', 'mdoItem', 'mdoAgreement'] as const;

export const mdoStatuses = ['gepland', 'voorbereid', 'gehouden'] as const;
export type MdoStatus = (typeof mdoStatuses)[number];

/** Who sits at the table: the school's IB'er or zorgcoördinator, the jeugdprofessional, and partners. */
export const mdoParticipantRoles = [
  'ib',
  'jeugdprofessional',
  'jgz',
  'leerplicht',
  'wijkteam',
  'cat',
  'jeugdhulpaanbieder',
  'smw',
  'swv',
  'anders',
] as const;
export type MdoParticipantRole = (typeof mdoParticipantRoles)[number];

/**
 * The consent party a participant is told things as. The jeugdprofessional keeps the record (no
 * party). Roles the consent register has no party for (smw, swv, anders) map to null and are
 * treated as "no consent": nothing from the record is shared with them except under the Meldcode.
 */
export function partyOfRole(role: MdoParticipantRole): ConsentParty | null | 'self' {
  switch (role) {
    case 'jeugdprofessional':
      return 'self';
    case 'ib':
      return 'school';
    case 'jgz':
    case 'leerplicht':
    case 'wijkteam':
    case 'cat':
    case 'jeugdhulpaanbieder':
      return role;
    default:
      return null;
  }
}

const time = z.string({ error: 'Vul een tijd in' }).check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Vul een tijd in als 10:30'));
const id = z.string().check(z.minLength(1), z.maxLength(64), storable);

export const mdoParticipantSchema = z.object({
  role: z.enum(mdoParticipantRoles, { error: 'Kies een rol' }),
  name: nameText({ max: 80, empty: 'Vul een naam in' }),
  organisation: z.string().check(z.trim(), z.maxLength(120, 'Maximaal 120 tekens'), storable),
  /** A user of the app (IB'er, jeugdprofessional), or null for an outside participant. */
  userId: z.nullable(id),
  /** The directory entry this participant was picked from, if any. */
  contactPersonId: z.nullable(id),
});
export type MdoParticipant = z.infer<typeof mdoParticipantSchema>;

export const mdoMeetingFields = {
  date: isoDate,
  time,
  participants: z.array(mdoParticipantSchema).check(z.maxLength(20, 'Maximaal 20 deelnemers')),
  status: z.enum(mdoStatuses, { error: 'Kies een status' }),
};
export const mdoMeetingSchema = z.object({ ...recordBaseShape, ...mdoMeetingFields });
export type MdoMeeting = z.infer<typeof mdoMeetingSchema>;
export const mdoMeetingInputSchema = z.object(mdoMeetingFields);

/**
 * On the phone: the names of the participants are encrypted. The date, time and status stay plain
 * so Vandaag finds the next meeting: a school's meeting day names no pupil and no content.
 */
export const mdoMeetingStorage = {
  ...recordBaseStorage,
  date: 'indexSafe',
  time: 'indexSafe',
  status: 'indexSafe',
  participants: 'sensitive',
} as const satisfies StorageClasses<MdoMeeting>;

/**
 * What the consent check gave when the item was put on the agenda, and the professional's choice:
 *  - toestemming: every participant's party had a valid consent;
 *  - anoniem: discussed as an anonymous case;
 *  - gevraagd: on the agenda by name, consent was asked (the card shows nothing from the record
 *    until the consent is in the register);
 *  - meldcode: shared under the Meldcode exception, with a reason;
 *  - niet_gecontroleerd: put on by the IB'er by initials; the jeugdprofessional still links it.
 */
export const mdoConsentOutcomes = ['toestemming', 'anoniem', 'gevraagd', 'meldcode', 'niet_gecontroleerd'] as const;
export type MdoConsentOutcome = (typeof mdoConsentOutcomes)[number];

export const mdoItemFields = {
  meetingId: z.uuid({ error: 'Kies een overleg' }),
  /** The jeugdprofessional's pupil record; null for an anonymous case or before it is linked. */
  pupilId: z.nullable(z.uuid({ error: 'Kies een leerling' })),
  /** Initials and group as the school knows the pupil ("R.T. · groep 6"); empty when anonymous. */
  pupilLabel: optionalText(60),
  anonymous: z.boolean({ error: 'Kies leerling of anonieme casus' }),
  /** An anonymous case: a short description without initials or names. */
  description: optionalText(300),
  question: freeText({ min: 3, max: 1000, empty: 'Schrijf de vraag voor het overleg (minstens 3 tekens)' }),
  addedByName: optionalText(80),
  consentOutcome: z.enum(mdoConsentOutcomes, { error: 'Ongeldige uitkomst van de toestemmingscheck' }),
  /** The parties without consent at the check. */
  consentMissing: z.array(z.enum(consentParties)).check(z.maxLength(consentParties.length)),
  /** Why the Meldcode exception applies. */
  consentReason: optionalText(500),
  consentCheckedOn: z.nullable(isoDate),
  /** Minutes: a short conclusion. */
  conclusion: optionalText(2000),
};

type ItemShape = {
  question: string;
  anonymous: boolean;
  pupilId: string | null;
  pupilLabel: string;
  description: string;
  consentOutcome: MdoConsentOutcome;
  consentReason: string;
};

/** Initials like "R.T." or "J. de" in a description meant to be anonymous. */
const initialsLike = /\b\p{Lu}\.\s?(\p{Lu}\.?)?/u;

export function mdoItemProblems(v: ItemShape): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (v.anonymous) {
    if (v.pupilId !== null || v.pupilLabel.trim() !== '')
      out.push({ path: 'pupilLabel', message: 'Een anonieme casus noemt geen leerling' });
    if (v.description.trim().length < 3) out.push({ path: 'description', message: 'Beschrijf de casus kort, zonder naam of initialen' });
    if (initialsLike.test(v.description)) out.push({ path: 'description', message: 'Noem geen initialen in een anonieme casus' });
    if (initialsLike.test(v.question)) out.push({ path: 'question', message: 'Noem geen initialen in de vraag van een anonieme casus' });
    if (v.consentOutcome !== 'anoniem') out.push({ path: 'consentOutcome', message: 'Een anonieme casus heeft geen toestemming nodig' });
  } else {
    if (v.pupilLabel.trim() === '') out.push({ path: 'pupilLabel', message: 'Vul initialen en groep in, of kies anoniem' });
    if (v.consentOutcome === 'anoniem')
      out.push({ path: 'consentOutcome', message: 'Kies anoniem bespreken als de leerling niet genoemd wordt' });
    if (v.pupilId === null && v.consentOutcome !== 'niet_gecontroleerd') out.push({ path: 'pupilId', message: 'Koppel eerst de leerling' });
    if (v.pupilId !== null && v.consentOutcome === 'niet_gecontroleerd')
      out.push({ path: 'consentOutcome', message: 'Controleer de toestemming voor deze leerling' });
  }
  if (v.consentOutcome === 'meldcode' && v.consentReason.trim().length < 3)
    out.push({ path: 'consentReason', message: 'Schrijf waarom de Meldcode hier delen zonder toestemming toestaat' });
  return out;
}

const itemRules = z.superRefine<ItemShape>((v, ctx) => {
  for (const p of mdoItemProblems(v)) ctx.issues.push({ code: 'custom', message: p.message, path: [p.path], input: v });
});

export const mdoItemSchema = z.object({ ...recordBaseShape, ...mdoItemFields }).check(itemRules);
export type MdoItem = z.infer<typeof mdoItemSchema>;
export const mdoItemInputSchema = z.object(mdoItemFields).check(itemRules);
export type MdoItemInput = z.infer<typeof mdoItemInputSchema>;

/** On the phone: the meeting an item belongs to is an id; all else is about the child. */
export const mdoItemStorage = {
  ...recordBaseStorage,
  meetingId: 'indexSafe',
  pupilId: 'sensitive',
  pupilLabel: 'sensitive',
  anonymous: 'sensitive',
  description: 'sensitive',
  question: 'sensitive',
  addedByName: 'sensitive',
  consentOutcome: 'sensitive',
  consentMissing: 'sensitive',
  consentReason: 'sensitive',
  consentCheckedOn: 'sensitive',
  conclusion: 'sensitive',
} as const satisfies StorageClasses<MdoItem>;

export const mdoAgreementOwners = ['jeugdprofessional', 'school', 'anders'] as const;
export type MdoAgreementOwner = (typeof mdoAgreementOwners)[number];

export const mdoAgreementFields = {
  meetingId: z.uuid({ error: 'Kies een overleg' }),
  itemId: z.uuid({ error: 'Kies een agendapunt' }),
  who: z.enum(mdoAgreementOwners, { error: 'Kies wie het doet' }),
  /** For "anders": who (a role or organisation, e.g. "wijkteam"). */
  whoName: optionalText(80),
  what: freeText({ min: 3, max: 500, empty: 'Schrijf wat er is afgesproken (minstens 3 tekens)' }),
  byWhen: z.nullable(isoDate),
  done: z.boolean(),
  doneOn: z.nullable(isoDate),
};
export const mdoAgreementSchema = z.object({ ...recordBaseShape, ...mdoAgreementFields });
export type MdoAgreement = z.infer<typeof mdoAgreementSchema>;
export const mdoAgreementInputSchema = z.object(mdoAgreementFields);

export const mdoAgreementStorage = {
  ...recordBaseStorage,
  meetingId: 'indexSafe',
  itemId: 'indexSafe',
  who: 'sensitive',
  whoName: 'sensitive',
  what: 'sensitive',
  byWhen: 'sensitive',
  done: 'sensitive',
  doneOn: 'sensitive',
} as const satisfies StorageClasses<MdoAgreement>;

/** The consent parties at the table (the jeugdprofessional holds the record: not a party). */
export function meetingParties(
  participants: readonly Pick<MdoParticipant, 'role' | 'organisation'>[],
): { party: ConsentParty | null; role: MdoParticipantRole; partyName: string }[] {
  const out: { party: ConsentParty | null; role: MdoParticipantRole; partyName: string }[] = [];
  for (const p of participants) {
    const party = partyOfRole(p.role);
    if (party === 'self') continue;
    const partyName = party === 'jeugdhulpaanbieder' ? p.organisation : '';
    if (out.some((o) => o.role === p.role && o.partyName === partyName)) continue;
    out.push({ party, role: p.role, partyName });
  }
  return out;
}

type ConsentLike = Parameters<typeof consentFor>[0][number];

/**
 * The consent check for putting a pupil on the agenda: the participants (by role) without a valid
 * consent on `on`, about everything. Empty: every party may be told.
 */
export function missingConsent(
  consents: readonly ConsentLike[],
  birthYear: number | null,
  participants: readonly Pick<MdoParticipant, 'role' | 'organisation'>[],
  on: string,
  topic?: SignalTheme,
): MdoParticipantRole[] {
  return meetingParties(participants)
    .filter((p) => p.party === null || !consentFor(consents, birthYear, p.party, on, { topic, partyName: p.partyName || undefined }))
    .map((p) => p.role);
}

/** Everything the card may be built from: the jeugdprofessional's own records about the pupil. */
export interface CardSource {
  item: Pick<MdoItem, 'question' | 'consentOutcome' | 'anonymous' | 'description' | 'pupilLabel'>;
  participants: readonly Pick<MdoParticipant, 'role' | 'organisation'>[];
  birthYear: number | null;
  consents: readonly ConsentLike[];
  pupil: (AbsenceFields & { initials: string; group: string }) | null;
  signals: readonly { id: string; date: string; theme: SignalTheme; seriousness: string; deleted?: boolean }[];
  contacts: readonly { date: string; withWhom: string; channel: string; summary: string; signalId: string | null; deleted?: boolean }[];
  requests: readonly { topic: SignalTheme; question: string; status: string; createdAt: string }[];
  meldcodes: readonly { signalId: string; step: number | null; closed: boolean; deleted?: boolean }[];
  on: string;
}

export interface PreparationCard {
  label: string;
  question: string;
  /** Why parts are left out, in plain Dutch (null: nothing held back). */
  heldBack: string | null;
  signals: { date: string; theme: SignalTheme; seriousness: string }[];
  contacts: { date: string; withWhom: string; channel: string; summary: string }[];
  absence: AbsenceStatus | null;
  requests: { topic: SignalTheme; question: string; status: string }[];
  meldcodeStep: number | null;
  /** The basis on which the card shares: consent of everyone at the table, or the Meldcode. */
  basis: 'toestemming' | 'meldcode' | 'geen';
}

const RECENT_DAYS = 180;
const MAX_LINES = 3;
const SUMMARY_CHARS = 160;

/**
 * The preparation card: one phone screen, one printed page. Under the Meldcode exception it shows
 * everything listed; otherwise each part only when every party at the table has a valid consent
 * about it now (a topic consent covers the signals, contacts and questions of that theme; the
 * absence clock needs consent about verzuim; a Meldcode step only consent about everything). An
 * anonymous case, an item not yet checked, or one where consent was only asked, shows the question.
 */
export function preparationCard(s: CardSource): PreparationCard {
  const base: PreparationCard = {
    label: s.item.anonymous ? 'Anonieme casus' : s.item.pupilLabel,
    question: s.item.question,
    heldBack: null,
    signals: [],
    contacts: [],
    absence: null,
    requests: [],
    meldcodeStep: null,
    basis: 'geen',
  };
  const outcome = s.item.consentOutcome;
  if (s.item.anonymous || outcome === 'anoniem') return { ...base, heldBack: 'Anonieme casus: niets uit het dossier.' };
  if (outcome === 'niet_gecontroleerd') return { ...base, heldBack: 'De toestemming is nog niet gecontroleerd: niets uit het dossier.' };
  const meldcode = outcome === 'meldcode';
  const allowed = (topic?: SignalTheme) => meldcode || missingConsent(s.consents, s.birthYear, s.participants, s.on, topic).length === 0;
  const since = addDays(s.on, -RECENT_DAYS);
  const themeOf = new Map(s.signals.map((x) => [x.id, x.theme]));
  let held = false;
  const keep = (ok: boolean) => {
    if (!ok) held = true;
    return ok;
  };

  const signals = s.signals
    .filter((x) => !x.deleted && x.date >= since && x.date <= s.on && keep(allowed(x.theme)))
    .sort((a, b) => b.date.localeCompare(a.date))
    .slice(0, MAX_LINES)
    .map(({ date, theme, seriousness }) => ({ date, theme, seriousness }));
  const contacts = s.contacts
    .filter((c) => !c.deleted && c.date >= since && c.date <= s.on && keep(allowed(c.signalId ? themeOf.get(c.signalId) : undefined)))
    .sort((a, b) => b.date.localeCompare(a.date))
    .slice(0, MAX_LINES)
    .map(({ date, withWhom, channel, summary }) => ({
      date,
      withWhom,
      channel,
      summary: summary.length > SUMMARY_CHARS ? `${summary.slice(0, SUMMARY_CHARS - 1)}…` : summary,
    }));
  const status = s.pupil ? absenceStatus(s.pupil, s.on) : null;
  const absence = status && keep(allowed('verzuim')) ? status : null;
  const requests = s.requests
    .filter((r) => (r.status === 'nieuw' || r.status === 'ingepland') && keep(allowed(r.topic)))
    .slice(0, MAX_LINES)
    .map(({ topic, question, status: st }) => ({ topic, question, status: st }));
  const open = s.meldcodes.find((m) => !m.deleted && !m.closed);
  const meldcodeStep = open && keep(allowed()) ? open.step : null;
  const shown = signals.length + contacts.length + requests.length > 0 || absence !== null || meldcodeStep !== null;
  const basis = meldcode ? 'meldcode' : shown || allowed() ? 'toestemming' : 'geen';
  const heldBack = !held
    ? null
    : outcome === 'gevraagd'
      ? 'Toestemming is gevraagd maar nog niet vastgelegd: alleen de vraag wordt gedeeld.'
      : 'Niet iedereen aan tafel heeft toestemming: een deel van het dossier blijft weg.';
  return { ...base, signals, contacts, absence, requests, meldcodeStep, basis, heldBack };
}

/** The next meeting on or after `today` (by date and time), of meetings not archived. */
export function nextMeeting<M extends Pick<MdoMeeting, 'date' | 'time' | 'deleted'>>(meetings: readonly M[], today: string): M | null {
  return (
    [...meetings]
      .filter((m) => !m.deleted && m.date >= today)
      .sort((a, b) => `${a.date} ${a.time}`.localeCompare(`${b.date} ${b.time}`))[0] ?? null
  );
}

/** How many days ahead Vandaag reminds the jeugdprofessional of pupils she still has to link. */
export const MDO_LINK_REMINDER_DAYS = 14;

/** Put on the agenda by the IB'er with initials and group, not yet linked to a pupil record. */
export function awaitsLink(item: Pick<MdoItem, 'anonymous' | 'pupilId' | 'deleted'>): boolean {
  return !item.deleted && !item.anonymous && !item.pupilId;
}

/**
 * The meetings from `today` up to `days` ahead with items still to link, soonest first: a pupil
 * the IB'er put on by initials gets no preparation card and no consent check until linked.
 */
export function linkReminders<M extends Pick<MdoMeeting, 'id' | 'date' | 'time' | 'deleted'>>(
  meetings: readonly M[],
  items: readonly Pick<MdoItem, 'meetingId' | 'anonymous' | 'pupilId' | 'deleted'>[],
  today: string,
  days = MDO_LINK_REMINDER_DAYS,
): { meeting: M; unlinked: number }[] {
  const until = addDays(today, days);
  return meetings
    .filter((m) => !m.deleted && m.date >= today && m.date <= until)
    .map((meeting) => ({ meeting, unlinked: items.filter((i) => i.meetingId === meeting.id && awaitsLink(i)).length }))
    .filter((r) => r.unlinked > 0)
    .sort((a, b) => `${a.meeting.date} ${a.meeting.time}`.localeCompare(`${b.meeting.date} ${b.meeting.time}`));
}
