// Every field of every entity is classified for the phone's storage (src/domain/storage.ts), and the
// typecheck refuses a classification that misses a field or names one the schema does not have.
import { describe, expect, it } from 'vitest';
import {
  consultationNoteSchema,
  consultationNoteStorage,
  consultationRequestSchema,
  consultationRequestStorage,
  consultationSchema,
  consultationStorage,
  contactPersonSchema,
  contactPersonStorage,
  contactSchema,
  contactStorage,
  meldcodeSchema,
  meldcodeStorage,
  pupilSchema,
  pupilStorage,
  schoolSchema,
  schoolStorage,
  signalSchema,
  signalStorage,
  type Signal,
  type StorageClasses,
  absenceEntrySchema,
  absenceEntryStorage,
  verzuimrouteSchema,
  verzuimrouteStorage,
  mdoAgreementSchema,
  mdoAgreementStorage,
  mdoItemSchema,
  mdoItemStorage,
  mdoMeetingSchema,
  mdoMeetingStorage,
  wachtlijstSchema,
  wachtlijstStorage,
} from '../../src/domain';

const pairs = {
  pupil: [pupilSchema, pupilStorage],
  signal: [signalSchema, signalStorage],
  contact: [contactSchema, contactStorage],
  consultation: [consultationSchema, consultationStorage],
  meldcode: [meldcodeSchema, meldcodeStorage],
  consultationRequest: [consultationRequestSchema, consultationRequestStorage],
  consultationNote: [consultationNoteSchema, consultationNoteStorage],
  contactPerson: [contactPersonSchema, contactPersonStorage],
  school: [schoolSchema, schoolStorage],
  absence: [absenceEntrySchema, absenceEntryStorage],
  verzuimroute: [verzuimrouteSchema, verzuimrouteStorage],
  mdoMeeting: [mdoMeetingSchema, mdoMeetingStorage],
  mdoItem: [mdoItemSchema, mdoItemStorage],
  mdoAgreement: [mdoAgreementSchema, mdoAgreementStorage],
  wachtlijst: [wachtlijstSchema, wachtlijstStorage],
} as const;

describe('storage classes', () => {
  it.each(Object.entries(pairs))('%s: every field of the schema has a class, and no other', (_, [schema, classes]) => {
    expect(Object.keys(classes).sort()).toEqual(Object.keys(schema.def.shape).sort());
  });

  it('the typecheck refuses a missing or an unknown field (checked by npm run typecheck)', () => {
    const { theme: _theme, ...withoutTheme } = signalStorage;
    // @ts-expect-error theme has no class
    const missing: StorageClasses<Signal> = withoutTheme;
    // @ts-expect-error nickname is not a field of a signal
    const unknown: StorageClasses<Signal> = { ...signalStorage, nickname: 'sensitive' };
    expect([missing, unknown]).toHaveLength(2);
  });
});
