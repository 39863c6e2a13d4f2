// The gezin on the phone: few rows, so read whole and filtered in memory after decryption (no index
// names a member or a review date, versions.ts v9).
import type { Family, FamilyInput, FamilyMember, Pupil } from '../../domain';
import { familyReviewDue, schoolJeugdprofessional } from '../../domain';
import type { SchoolnabijDB } from './db';
import { createRecord, updateRecord } from './records';

/** The families a pupil belongs to (normally one), archived ones left out. */
export async function familiesOfPupil(db: SchoolnabijDB, pupilId: string): Promise<Family[]> {
  return (await db.families.toArray()).filter((f) => !f.deleted && f.members.some((m) => m.pupilId === pupilId));
}

/** Families whose plan is due for review on `today`: a follow-up on Vandaag. Earliest first. */
export async function familyReviewsDue(db: SchoolnabijDB, today: string): Promise<Family[]> {
  return (await db.families.toArray())
    .filter((f) => !f.deleted && familyReviewDue(f, today))
    .sort((a, b) => (a.reviewDate ?? '').localeCompare(b.reviewDate ?? ''));
}

/**
 * A member as the family record keeps it: the pupil, the school and whom to call there, copied from
 * the directory on this phone (the school's jeugdprofessional), so a colleague of another school
 * can show it offline without reading this school.
 */
export async function memberAt(db: SchoolnabijDB, schoolId: string, pupilId: string | null): Promise<FamilyMember> {
  const [school, people] = await Promise.all([db.schools.get(schoolId), db.contactPersons.where('schoolId').equals(schoolId).toArray()]);
  const jp = schoolJeugdprofessional(people);
  return { pupilId, schoolId, schoolName: school?.name ?? 'Onbekende school', contactName: jp?.name ?? '', contactPhone: jp?.phone ?? '' };
}

export const emptyPlan: Omit<FamilyInput, 'members'> = { goalSchool: '', goalHome: '', goalLeisure: '', regie: '', reviewDate: null };

/** A new family around `pupil`, at the pupil's school, with the given members after the pupil. */
export async function createFamily(
  db: SchoolnabijDB,
  pupil: Pick<Pupil, 'id' | 'schoolId'>,
  others: FamilyMember[],
  userId: string,
): Promise<Family> {
  const members = [await memberAt(db, pupil.schoolId, pupil.id), ...others];
  return createRecord(db, 'family', { members, ...emptyPlan }, { userId, schoolId: pupil.schoolId });
}

export function updateFamily(db: SchoolnabijDB, id: string, patch: Partial<FamilyInput>, userId: string): Promise<Family> {
  return updateRecord(db, 'family', id, patch, { userId });
}
