import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { followedUpOn, isoDate, recordBaseShape, recordBaseStorage } from './record';
import { freeText } from './text';

export const contactParties = ['leerling', 'ouder', 'leerkracht', 'ib', 'professional'] as const;
export const contactChannels = ['school', 'telefonisch', 'huisbezoek', 'online', 'mdo'] as const;

export const contactFields = {
  pupilId: z.nullable(z.uuid({ error: 'Kies een leerling' })),
  signalId: z.nullable(z.uuid({ error: 'Kies een signaal' })),
  withWhom: z.enum(contactParties, { error: 'Kies met wie het contact was' }),
  channel: z.enum(contactChannels, { error: 'Kies hoe het contact was' }),
  date: isoDate,
  time: z.string({ error: 'Vul een tijd in' }).check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Vul een tijd in als 10:30')),
  durationMinutes: z
    .int({ error: 'Vul de duur in minuten in' })
    .check(z.minimum(1, 'De duur is minstens 1 minuut'), z.maximum(600, 'De duur is hoogstens 600 minuten')),
  summary: freeText({ min: 3, max: 4000, empty: 'Vat het contact samen (minstens 3 tekens)' }),
  followUpDate: z.nullable(isoDate),
  followedUpOn,
};

export const contactSchema = z.object({ ...recordBaseShape, ...contactFields });
export type Contact = z.infer<typeof contactSchema>;

/** On the phone: as signals (see signalStorage); the linked signal is encrypted too. */
export const contactStorage = {
  ...recordBaseStorage,
  pupilId: 'sensitive',
  signalId: 'sensitive',
  withWhom: 'sensitive',
  channel: 'sensitive',
  date: 'sensitive',
  time: 'sensitive',
  durationMinutes: 'sensitive',
  summary: 'sensitive',
  followUpDate: 'indexSafe',
  // Plain like followUpDate: Vandaag's index reads it (derived.ts); a date alone says nothing.
  followedUpOn: 'indexSafe',
} as const satisfies StorageClasses<Contact>;
export const contactInputSchema = z.object(contactFields);
export type ContactInput = z.infer<typeof contactInputSchema>;
