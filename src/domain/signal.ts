import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { followedUpOn, isoDate, recordBaseShape, recordBaseStorage } from './record';
import { freeText } from './text';

export const signalThemes = [
  'verzuim',
  'thuiszitter',
  'gedrag',
  'emotioneel_welzijn',
  'thuissituatie',
  'ontwikkeling_leren',
  'gezondheid',
  'veiligheid',
  'overig',
] as const;
export type SignalTheme = (typeof signalThemes)[number];

export const seriousnessLevels = ['zorg', 'zorgelijk', 'acuut'] as const;
export const signalSources = ['leerkracht', 'ib', 'ouder', 'leerling', 'zelf', 'anders'] as const;

/** A signal's theme and seriousness in Dutch: on the phone, in the kengetallen and in the inzage document. */
export const signalThemeLabels: Record<SignalTheme, string> = {
  verzuim: 'Verzuim',
  thuiszitter: 'Thuiszitter',
  gedrag: 'Gedrag',
  emotioneel_welzijn: 'Emotioneel welzijn',
  thuissituatie: 'Thuissituatie',
  ontwikkeling_leren: 'Ontwikkeling en leren',
  gezondheid: 'Gezondheid',
  veiligheid: 'Veiligheid',
  overig: 'Overig',
};
export const signalSeriousnessLabels: Record<(typeof seriousnessLevels)[number], string> = {
  zorg: 'Zorg',
  zorgelijk: 'Zorgelijk',
  acuut: 'Acuut',
};

export const signalFields = {
  pupilId: z.uuid({ error: 'Kies een leerling' }),
  date: isoDate,
  theme: z.enum(signalThemes, { error: 'Kies een thema' }),
  seriousness: z.enum(seriousnessLevels, { error: 'Kies hoe ernstig het is' }),
  source: z.enum(signalSources, { error: 'Kies van wie het signaal komt' }),
  description: freeText({ min: 3, max: 4000, empty: 'Beschrijf het signaal (minstens 3 tekens)' }),
  followUpDate: z.nullable(isoDate),
  followedUpOn,
};

export const signalSchema = z.object({ ...recordBaseShape, ...signalFields });
export type Signal = z.infer<typeof signalSchema>;

/**
 * On the phone: who, when, what and how serious are encrypted; the pupil and the date are found
 * through blind indexes. `followUpDate` stays plain for Vandaag's "Opvolgen" (a date with no pupil,
 * theme or text attached says nothing by itself).
 */
export const signalStorage = {
  ...recordBaseStorage,
  pupilId: 'sensitive',
  date: 'sensitive',
  theme: 'sensitive',
  seriousness: 'sensitive',
  source: 'sensitive',
  description: 'sensitive',
  followUpDate: 'indexSafe',
  // Plain like followUpDate: Vandaag's index reads it (derived.ts); a date alone says nothing.
  followedUpOn: 'indexSafe',
} as const satisfies StorageClasses<Signal>;
export const signalInputSchema = z.object(signalFields);
export type SignalInput = z.infer<typeof signalInputSchema>;
