import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { followedUpOn, isoDate, recordBaseShape, recordBaseStorage } from './record';
import { freeText, optionalText } from './text';

export const consultationParties = ['ib', 'leerkracht', 'ouder', 'professional', 'anders'] as const;

/** A quick consultation. `pupilId` null means anonymous: no pupil is named. */
export const consultationFields = {
  pupilId: z.nullable(z.uuid({ error: 'Kies een leerling' })),
  withWhom: z.enum(consultationParties, { error: 'Kies met wie de consultatie was' }),
  date: isoDate,
  question: freeText({ min: 3, max: 4000, empty: 'Vul de vraag in (minstens 3 tekens)' }),
  advice: optionalText(4000),
  followUpDate: z.nullable(isoDate),
  followedUpOn,
};

export const consultationSchema = z.object({ ...recordBaseShape, ...consultationFields });
export type Consultation = z.infer<typeof consultationSchema>;

/** On the phone: as signals (see signalStorage). */
export const consultationStorage = {
  ...recordBaseStorage,
  pupilId: 'sensitive',
  withWhom: 'sensitive',
  date: 'sensitive',
  question: 'sensitive',
  advice: 'sensitive',
  followUpDate: 'indexSafe',
  // Plain like followUpDate: Vandaag's index reads it (derived.ts); a date alone says nothing.
  followedUpOn: 'indexSafe',
} as const satisfies StorageClasses<Consultation>;
export const consultationInputSchema = z.object(consultationFields);
export type ConsultationInput = z.infer<typeof consultationInputSchema>;
