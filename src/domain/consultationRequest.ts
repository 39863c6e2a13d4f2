import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { isoDate } from './record';
import { recordBaseShape, recordBaseStorage } from './record';
import { signalThemes } from './signal';
import { freeText, optionalText, storable } from './text';
import { instant as instantIn } from './input';
import { isDigitsOnly } from './rules';

/**
 * A consultatievraag: an IB'er asks the jeugdprofessional of the school a question, about a named
 * pupil (initials and group as the school knows them) or anonymously. The IB'er writes the question
 * part; the jeugdprofessional writes the handling part (status, planning, advice for the school).
 * The jeugdprofessional's private note is NOT here: it is a separate `consultationNote` record that
 * only its author can read, so no role filter on fields is needed anywhere (see permissions.ts).
 */
export const requestUrgencies = ['vandaag', 'deze_week', 'kan_wachten'] as const;
export type RequestUrgency = (typeof requestUrgencies)[number];
export const requestChannels = ['op_school', 'telefonisch', 'online', 'maakt_niet_uit'] as const;
export const requestConsents = ['niet_besproken', 'op_de_hoogte', 'toestemming'] as const;
/**
 * On what ground the advice to school was shared, when the request is about a pupil: a valid consent
 * for school in the register, or (without one) the professional's choice: advice in general terms,
 * consent asked (and meanwhile general advice), or the Meldcode exception with a reason.
 */
export const sharingBases = ['toestemming', 'algemeen', 'gevraagd', 'meldcode'] as const;
export type SharingBasis = (typeof sharingBases)[number];
/** What the consent check found when the advice was saved. */
export const consentChecks = ['geldig', 'geen', 'niet_gekoppeld'] as const;
export type ConsentCheck = (typeof consentChecks)[number];
/** nieuw → ingepland → beantwoord → afgesloten; teruggetrokken by the IB'er while not yet answered. */
export const requestStatuses = ['nieuw', 'ingepland', 'beantwoord', 'afgesloten', 'teruggetrokken'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

const time = z.string({ error: 'Vul een tijd in' }).check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Vul een tijd in als 10:30'));
const instant = instantIn();

/** The part the IB'er writes (and may change while the request is `nieuw`). */
export const requestAskFields = {
  anonymous: z.boolean({ error: 'Kies of de vraag over een leerling gaat of anoniem is' }),
  /** Initials or roepnaam as the school uses them; empty when anonymous. Never a BSN or a number. */
  pupilInitials: z.string().check(
    z.trim(),
    z.maxLength(30, 'Maximaal 30 tekens'),
    storable,
    z.refine<string>((v) => v === '' || !isDigitsOnly(v), {
      error: 'Alleen cijfers is niet toegestaan. Noteer initialen of een roepnaam.',
    }),
  ),
  pupilGroup: z.string().check(z.trim(), z.maxLength(20, 'Maximaal 20 tekens'), storable),
  topic: z.enum(signalThemes, { error: 'Kies een onderwerp' }),
  question: freeText({ min: 3, max: 2000, empty: 'Beschrijf de vraag (minstens 3 tekens)' }),
  urgency: z.enum(requestUrgencies, { error: 'Kies hoe dringend het is' }),
  preferredChannel: z.enum(requestChannels, { error: 'Kies hoe je het liefst contact hebt' }),
  /** "dinsdagochtend na 10:00", free text. */
  preferredMoment: optionalText(200),
  consent: z.enum(requestConsents, { error: 'Kies wat ouders weten' }),
  /** Who asked, as the jeugdprofessional sees it (the IB'er's own name). Optional: older requests have none. */
  askedByName: z.optional(optionalText(80)),
};

/** The part the jeugdprofessional writes. Timestamps are set by the app when the status changes. */
export const requestHandleFields = {
  status: z.enum(requestStatuses, { error: 'Ongeldige status' }),
  plannedDate: z.nullable(isoDate),
  plannedTime: z.nullable(time),
  /** Advies voor school: shared with the IB'er who asked. */
  adviceForSchool: optionalText(4000),
  /** Who picked it up (a jeugdprofessional's user id). */
  handledBy: z.nullable(z.string().check(z.minLength(1), z.maxLength(64), storable)),
  /** Their name, as the IB'er sees who answered. Optional: older requests have none. */
  handledByName: z.optional(optionalText(80)),
  plannedAt: z.nullable(instant),
  /** First answer: the response time for kengetallen is answeredAt − createdAt. */
  answeredAt: z.nullable(instant),
  closedAt: z.nullable(instant),
  /** Set by the IB'er together with status `teruggetrokken`. */
  withdrawnAt: z.nullable(instant),
  // Optional: requests from before the consent register have none.
  /** The consent check at the advice: null for an anonymous request. */
  consentCheck: z.optional(z.nullable(z.enum(consentChecks, { error: 'Ongeldige uitkomst van de toestemmingscheck' }))),
  sharingBasis: z.optional(z.nullable(z.enum(sharingBases, { error: 'Kies hoe je deelt zonder toestemming' }))),
  /** The reason for the Meldcode exception; school reads it with the advice. */
  sharingReason: z.optional(optionalText(500)),
};

export const requestFields = { ...requestAskFields, ...requestHandleFields };
export const requestAskFieldNames = Object.keys(requestAskFields) as (keyof typeof requestAskFields)[];
export const requestHandleFieldNames = Object.keys(requestHandleFields) as (keyof typeof requestHandleFields)[];

/** Cross-field rules, on the whole request (checked on every save and on the merged server record). */
type ProblemShape = {
  anonymous: boolean;
  pupilInitials: string;
  status: RequestStatus;
  adviceForSchool: string;
  plannedDate: string | null;
  sharingBasis?: SharingBasis | null | undefined;
  sharingReason?: string | undefined;
};

export function requestProblems(v: ProblemShape): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (!v.anonymous && v.pupilInitials.trim() === '')
    out.push({ path: 'pupilInitials', message: 'Vul initialen of een roepnaam in, of kies anoniem' });
  if (v.anonymous && v.pupilInitials.trim() !== '') out.push({ path: 'pupilInitials', message: 'Een anonieme vraag noemt geen leerling' });
  if (v.status === 'ingepland' && !v.plannedDate) out.push({ path: 'plannedDate', message: 'Kies een datum voor de afspraak' });
  if (v.status === 'beantwoord' && v.adviceForSchool.trim() === '')
    out.push({ path: 'adviceForSchool', message: 'Schrijf het advies voor school' });
  if (v.sharingBasis === 'meldcode' && (v.sharingReason ?? '').trim() === '')
    out.push({ path: 'sharingReason', message: 'Schrijf waarom je op grond van de Meldcode deelt' });
  return out;
}

const withRules = z.superRefine<ProblemShape>((v, ctx) => {
  for (const p of requestProblems(v)) ctx.issues.push({ code: 'custom', message: p.message, path: [p.path], input: v });
});

export const consultationRequestSchema = z.object({ ...recordBaseShape, ...requestFields }).check(withRules);
export type ConsultationRequest = z.infer<typeof consultationRequestSchema>;

/**
 * On the phone: all of it, the status and its timestamps too (they tell the status); requests are
 * few, so lists filter them in memory after decryption.
 */
export const consultationRequestStorage = {
  ...recordBaseStorage,
  anonymous: 'sensitive',
  pupilInitials: 'sensitive',
  pupilGroup: 'sensitive',
  topic: 'sensitive',
  question: 'sensitive',
  urgency: 'sensitive',
  preferredChannel: 'sensitive',
  preferredMoment: 'sensitive',
  consent: 'sensitive',
  askedByName: 'sensitive',
  status: 'sensitive',
  plannedDate: 'sensitive',
  plannedTime: 'sensitive',
  adviceForSchool: 'sensitive',
  handledBy: 'sensitive',
  handledByName: 'sensitive',
  plannedAt: 'sensitive',
  answeredAt: 'sensitive',
  closedAt: 'sensitive',
  withdrawnAt: 'sensitive',
  consentCheck: 'sensitive',
  sharingBasis: 'sensitive',
  sharingReason: 'sensitive',
} as const satisfies StorageClasses<ConsultationRequest>;
export const consultationRequestInputSchema = z.object(requestFields).check(withRules);
export type ConsultationRequestInput = z.infer<typeof consultationRequestInputSchema>;

/** The values of a new request as the IB'er sends it: handling fields empty. */
export const newRequestHandling: z.infer<z.ZodMiniObject<typeof requestHandleFields>> = {
  status: 'nieuw',
  plannedDate: null,
  plannedTime: null,
  adviceForSchool: '',
  handledBy: null,
  handledByName: '',
  plannedAt: null,
  answeredAt: null,
  closedAt: null,
  withdrawnAt: null,
  consentCheck: null,
  sharingBasis: null,
  sharingReason: '',
};

/** A request still waits for the jeugdprofessional: shown on Vandaag with a badge. */
export function isOpenRequest(r: { status: RequestStatus; deleted?: boolean }): boolean {
  return !r.deleted && (r.status === 'nieuw' || r.status === 'ingepland');
}
