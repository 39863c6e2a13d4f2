import type * as z from 'zod/mini';
import { pupilInputSchema, pupilSchema } from './pupil';
import { signalInputSchema, signalSchema } from './signal';
import { contactInputSchema, contactSchema } from './contact';
import { consultationInputSchema, consultationSchema } from './consultation';
import { consultationRequestInputSchema, consultationRequestSchema } from './consultationRequest';
import { consultationNoteInputSchema, consultationNoteSchema } from './consultationNote';
import { contactPersonInputSchema, contactPersonSchema } from './contactPerson';
import { meldcodeInputSchema, meldcodeSchema } from './meldcode';
import { consentInputSchema, consentSchema } from './consent';
import { familyInputSchema, familySchema } from './family';
import { wachtlijstInputSchema, wachtlijstSchema } from './wachtlijst';
import { absenceEntryInputSchema, absenceEntrySchema, verzuimrouteInputSchema, verzuimrouteSchema } from './verzuimroute';
import {
  mdoAgreementInputSchema,
  mdoAgreementSchema,
  mdoItemInputSchema,
  mdoItemSchema,
  mdoMeetingInputSchema,
  mdoMeetingSchema,
} from './mdo';

/** Every entity a device records and syncs, with its full schema and its user-editable part. */
export const entitySchemas = {
  pupil: { record: pupilSchema, input: pupilInputSchema },
  signal: { record: signalSchema, input: signalInputSchema },
  contact: { record: contactSchema, input: contactInputSchema },
  consultation: { record: consultationSchema, input: consultationInputSchema },
  meldcode: { record: meldcodeSchema, input: meldcodeInputSchema },
  consultationRequest: { record: consultationRequestSchema, input: consultationRequestInputSchema },
  consultationNote: { record: consultationNoteSchema, input: consultationNoteInputSchema },
  contactPerson: { record: contactPersonSchema, input: contactPersonInputSchema },
  consent: { record: consentSchema, input: consentInputSchema },
  family: { record: familySchema, input: familyInputSchema },
  absence: { record: absenceEntrySchema, input: absenceEntryInputSchema },
  verzuimroute: { record: verzuimrouteSchema, input: verzuimrouteInputSchema },
  mdoMeeting: { record: mdoMeetingSchema, input: mdoMeetingInputSchema },
  mdoItem: { record: mdoItemSchema, input: mdoItemInputSchema },
  mdoAgreement: { record: mdoAgreementSchema, input: mdoAgreementInputSchema },
  wachtlijst: { record: wachtlijstSchema, input: wachtlijstInputSchema },
} as const;

export type EntityName = keyof typeof entitySchemas;
export const entityNames = Object.keys(entitySchemas) as EntityName[];
export type EntityRecord<E extends EntityName> = z.infer<(typeof entitySchemas)[E]['record']>;
export type EntityInput<E extends EntityName> = z.infer<(typeof entitySchemas)[E]['input']>;

/** Field errors by field name, first message per field: what a form shows under each input. */
export type FieldErrors = Partial<Record<string, string>>;

export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? '_');
    out[key] ??= issue.message;
  }
  return out;
}
