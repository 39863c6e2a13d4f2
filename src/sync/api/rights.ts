// Requests and replies of the rights routes (routes/rights.ts, docs/rights.md): finding a pupil by
// dossier code, the inzage document, correction and erasure requests, break-the-glass grants.
import * as z from 'zod/mini';
import { calendarDate, instant, storable } from '../../domain/input';
import { rightsKinds } from '../../domain/rightsTerm';

/** A code as typed or read out: case, spaces and dashes do not matter ("k7m-q2x" = "K7MQ2X"). */
export const normalizeDossierCode = (raw: string) => raw.toUpperCase().replace(/[\s-]/g, '');
const codeMessage = 'Vul een dossiercode van 6 tekens in (letters en cijfers, zonder 0, O, 1, I en L)';
export const dossierCodeInput = z
  .string({ error: codeMessage })
  .check(z.overwrite(normalizeDossierCode), z.regex(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/, codeMessage));

const text = (max: number, empty: string) =>
  z.string({ error: empty }).check(z.trim(), z.minLength(1, empty), z.maxLength(max, `Maximaal ${max} tekens`), storable);
const optional = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max, `Maximaal ${max} tekens`), storable));

export const findPupilQuery = z.strictObject({ code: dossierCodeInput });
export const foundPupilSchema = z.object({
  pupil: z.object({
    id: z.string(),
    dossierCode: z.string(),
    initials: z.string(),
    group: z.string(),
    birthYear: z.nullable(z.number()),
    schoolName: z.string(),
  }),
});
export type FoundPupil = z.infer<typeof foundPupilSchema>['pupil'];

/** For whom the beheerder makes the document ("moeder, verzoek van 3 december"): in the audit log. */
export const inzageQuery = z.strictObject({ namens: text(200, 'Vul in voor wie je het document maakt') });

const decisionInput = z.enum(['granted', 'refused', 'partly'], { error: 'Kies een besluit' });
const decisionReason = text(2000, 'Vul de reden van het besluit in');
/** A decision needs its reason, and a reason belongs to a decision. */
const decidedWithReason = z.refine<{ decision?: string; reason?: string }>((v) => Boolean(v.decision) === Boolean(v.reason), {
  error: 'Vul de reden van het besluit in, of kies eerst een besluit',
  path: ['reason'],
});

export const rightsRequestSchema = z
  .strictObject({
    pupilId: z.uuid({ error: 'Ongeldige leerling' }),
    kind: z.enum(rightsKinds, { error: 'Kies het soort verzoek' }),
    requestedBy: text(200, 'Vul in wie het vraagt (bijvoorbeeld: moeder, of de leerling zelf)'),
    requestedOn: calendarDate('Vul de datum van het verzoek in'),
    what: text(2000, 'Beschrijf wat er gevraagd wordt'),
    /** The record it is about; for an erasure of the whole dossier, the pupil itself. */
    recordId: z.optional(z.nullable(z.uuid({ error: 'Ongeldig record' }))),
    oldValue: optional(4000),
    newValue: optional(4000),
    /** Without a decision the request is open and its answer term runs (domain/rightsTerm.ts). */
    decision: z.optional(decisionInput),
    reason: z.optional(decisionReason),
  })
  .check(decidedWithReason);
export type RightsRequestInput = z.infer<typeof rightsRequestSchema>;
export const rightsRequestReply = z.object({
  request: z.object({ id: z.string(), erased: z.number(), keptByLaw: z.number() }),
});

/** The decision on a request recorded open; a correction may get its old and new value only now. */
export const rightsDecisionSchema = z.strictObject({
  decision: decisionInput,
  reason: decisionReason,
  oldValue: optional(4000),
  newValue: optional(4000),
});
export type RightsDecisionInput = z.infer<typeof rightsDecisionSchema>;

/** More time to answer: the new last day and the reason, which the asker is told. */
export const rightsExtensionSchema = z.strictObject({
  until: calendarDate('Vul de nieuwe datum in'),
  reason: text(1000, 'Vul de reden van de verlenging in. De vrager krijgt die reden ook te horen.'),
});
export type RightsExtensionInput = z.infer<typeof rightsExtensionSchema>;

/** An open request as the beheerder's list shows it: the pupil by dossier code, and the term's dates. */
export const openRightsRequestSchema = z.object({
  id: z.string(),
  kind: z.enum(rightsKinds),
  pupilId: z.string(),
  dossierCode: z.string(),
  requestedBy: z.string(),
  requestedOn: z.iso.date(),
  what: z.string(),
  /** A correction's values as recorded, for the decision form. */
  oldValue: z.nullable(z.string()),
  newValue: z.nullable(z.string()),
  extendedUntil: z.nullable(z.iso.date()),
  extensionReason: z.nullable(z.string()),
});
export type OpenRightsRequest = z.infer<typeof openRightsRequestSchema>;
export const openRightsRequestsReply = z.object({ requests: z.array(openRightsRequestSchema) });
export const rightsExtensionReply = z.object({ request: openRightsRequestSchema });

export const grantRequestSchema = z.strictObject({
  code: dossierCodeInput,
  reason: text(500, 'Vul in waarom je tijdelijk toegang nodig hebt (bijvoorbeeld: vervanging van een zieke collega)'),
});
export const grantSchema = z.object({
  id: z.string(),
  pupilId: z.string(),
  dossierCode: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  userName: z.string(),
  reason: z.string(),
  grantedAt: instant(),
  expiresAt: instant(),
  active: z.boolean(),
});
export type GrantInfo = z.infer<typeof grantSchema>;
export const grantReply = z.object({ grant: grantSchema });
export const grantListReply = z.object({ grants: z.array(grantSchema) });
