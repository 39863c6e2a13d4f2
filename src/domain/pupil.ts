import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { recordBaseShape, recordBaseStorage } from './record';
import { nameText, storable } from './text';
import { birthYearProblem } from './rules';
import { isoDate } from './record';
import { absenceKinds } from './absence';

/** A pupil is recorded minimally: initials or roepnaam, group, birth year. Never a BSN. */
export const pupilFields = {
  initials: nameText({ max: 30, empty: 'Vul initialen of een roepnaam in' }),
  group: z
    .string({ error: 'Vul een groep of klas in' })
    .check(z.trim(), z.minLength(1, 'Vul een groep of klas in'), z.maxLength(20, 'Maximaal 20 tekens'), storable),
  birthYear: z.int({ error: 'Vul een geboortejaar in (bijvoorbeeld 2015)' }).check(
    z.superRefine((year, ctx) => {
      const problem = birthYearProblem(year);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: year });
    }),
  ),
};

/**
 * Verzuim / thuiszitter (see absence.ts for the clock). Optional, so records and clients from before
 * these fields stay valid: a missing field means "not absent", "no vrijstelling", "leerplicht not involved".
 */
export const pupilAbsenceFields = {
  absenceKind: z.optional(z.nullable(z.enum(absenceKinds, { error: 'Kies verzuim of thuiszitter' }))),
  absenceSince: z.optional(z.nullable(isoDate)),
  exemption: z.optional(z.boolean()),
  leerplichtInvolved: z.optional(z.boolean()),
};

const absenceNeedsDate = z.refine<{ absenceKind?: string | null; absenceSince?: string | null }>(
  (v) => !v.absenceKind || !!v.absenceSince,
  { error: 'Vul in sinds wanneer de leerling afwezig is', path: ['absenceSince'] },
);

const allPupilFields = { ...pupilFields, ...pupilAbsenceFields };

/** The alphabet of a dossier code: no 0/O and no 1/I/L, so it can be read out on the phone. */
export const dossierCodeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const dossierCodePattern = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

/**
 * The short dossier code (docs/rights.md): set by the service when it first applies the pupil (a
 * phone offline cannot know what is unique in the region), so it is on the record, not in the
 * input a device sends. Missing until the pupil's first sync.
 */
const serverPupilFields = {
  dossierCode: z.optional(z.string().check(z.regex(dossierCodePattern, 'Ongeldige dossiercode'))),
};

export const pupilSchema = z.object({ ...recordBaseShape, ...allPupilFields, ...serverPupilFields }).check(absenceNeedsDate);
export type Pupil = z.infer<typeof pupilSchema>;

/** On the phone: everything about the child is encrypted (the group too: with the school it narrows). */
export const pupilStorage = {
  ...recordBaseStorage,
  initials: 'sensitive',
  group: 'sensitive',
  birthYear: 'sensitive',
  absenceKind: 'sensitive',
  absenceSince: 'sensitive',
  exemption: 'sensitive',
  leerplichtInvolved: 'sensitive',
  dossierCode: 'sensitive',
} as const satisfies StorageClasses<Pupil>;
export const pupilInputSchema = z.object(allPupilFields).check(absenceNeedsDate);
export type PupilInput = z.infer<typeof pupilInputSchema>;
