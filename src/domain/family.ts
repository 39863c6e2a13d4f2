// The gezin: brothers and sisters linked as one family, possibly at different schools of the
// region, with one short plan ("1 gezin, 1 plan"). See docs/family.md for the design.
import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { isoDate, recordBaseShape, recordBaseStorage } from './record';
import { nameText, optionalText, storable } from './text';

/**
 * One child of the family as every member's jeugdprofessional may see it: which pupil record (null
 * while a colleague of that school has not linked it yet), at which school, and whom to call there.
 * Deliberately nothing about the child: initials, group and birth year stay on the pupil record,
 * behind the normal rules. The school's name and its jeugdprofessional are the public directory,
 * copied in when the entry is made, so a phone shows them offline without reading another school.
 */
export const familyMemberSchema = z.object({
  pupilId: z.nullable(z.uuid({ error: 'Kies een leerling' })),
  schoolId: z.uuid({ error: 'Kies een school' }),
  schoolName: z.string().check(z.trim(), z.minLength(1, 'Kies een school'), z.maxLength(120, 'Maximaal 120 tekens'), storable),
  contactName: z.string().check(z.trim(), z.maxLength(80, 'Maximaal 80 tekens'), storable),
  contactPhone: z.string().check(z.trim(), z.maxLength(20, 'Maximaal 20 tekens'), storable),
});
export type FamilyMember = z.infer<typeof familyMemberSchema>;

export const familyFields = {
  members: z.array(familyMemberSchema).check(z.minLength(1, 'Een gezin heeft minstens één kind'), z.maxLength(12, 'Hoogstens 12 kinderen')),
  /** The plan: one short goal per domain, who coordinates (the regie), and when to look again. */
  goalSchool: optionalText(500),
  goalHome: optionalText(500),
  goalLeisure: optionalText(500),
  regie: z.union([z.literal(''), nameText({ max: 80, empty: 'Vul in wie de regie heeft' })]),
  reviewDate: z.nullable(isoDate),
};

const noDoubles = z.refine<{ members: readonly FamilyMember[] }>(
  (v) => {
    const ids = v.members.flatMap((m) => (m.pupilId ? [m.pupilId] : []));
    return new Set(ids).size === ids.length;
  },
  { error: 'Deze leerling staat al in het gezin', path: ['members'] },
);

export const familySchema = z.object({ ...recordBaseShape, ...familyFields }).check(noDoubles);
export type Family = z.infer<typeof familySchema>;

/** On the phone: all of it. Which pupils belong together is as sensitive as the plan itself. */
export const familyStorage = {
  ...recordBaseStorage,
  members: 'sensitive',
  goalSchool: 'sensitive',
  goalHome: 'sensitive',
  goalLeisure: 'sensitive',
  regie: 'sensitive',
  reviewDate: 'sensitive',
} as const satisfies StorageClasses<Family>;
export const familyInputSchema = z.object(familyFields).check(noDoubles);
export type FamilyInput = z.infer<typeof familyInputSchema>;

/** The schools of a family's children (linked or still to link), from a record's stored values. */
export function familySchoolIds(values: Readonly<Record<string, unknown>>): string[] {
  const members = Array.isArray(values.members) ? (values.members as unknown[]) : [];
  const ids = new Set<string>();
  for (const m of members) {
    const schoolId = (m as { schoolId?: unknown } | null)?.schoolId;
    if (typeof schoolId === 'string') ids.add(schoolId);
  }
  return [...ids];
}

/** The pupils a family names (for the audit log: a read of the family is a read about each). */
export function familyPupilIds(values: Readonly<Record<string, unknown>>): string[] {
  const members = Array.isArray(values.members) ? (values.members as unknown[]) : [];
  return members.flatMap((m) => {
    const pupilId = (m as { pupilId?: unknown } | null)?.pupilId;
    return typeof pupilId === 'string' ? [pupilId] : [];
  });
}

/**
 * The members at one school, as a comparable key: a user may change only the entries of the schools
 * they work for, so the entries of every other school must come out of a write exactly as they went in.
 */
export function membersAt(values: Readonly<Record<string, unknown>>, schoolId: string): string {
  const members = Array.isArray(values.members) ? (values.members as FamilyMember[]) : [];
  return JSON.stringify(
    members
      .filter((m) => m?.schoolId === schoolId)
      .map((m) => [m.pupilId, m.schoolName, m.contactName, m.contactPhone])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  );
}

/** A family's plan is due for review on or before `today` (yyyy-mm-dd). */
export function familyReviewDue(family: Pick<FamilyInput, 'reviewDate'>, today: string): boolean {
  return family.reviewDate !== null && family.reviewDate <= today;
}
