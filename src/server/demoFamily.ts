// The demo's gezin: three children at three schools of the region, two of them Sanne's (a PO and a
// VO school) and one at a VO school of Ahmed's team. Sanne records the family and "a brother or
// sister at Vechtdal Lyceum"; Ahmed links his pupil to it, as the app lets them do (docs/family.md).
import { randomUUID } from 'node:crypto';
import type { Mutation } from '../sync/protocol';
import type { FamilyMember } from '../domain/family';
import { isoDay } from './demoSchoolSide';

export interface DemoFamilySchool {
  schoolId: string;
  schoolName: string;
  /** The school's jeugdprofessional, as the directory has them. */
  contact: { name: string; phone: string };
}

const entry = (s: DemoFamilySchool, pupilId: string | null): FamilyMember => ({
  pupilId,
  schoolId: s.schoolId,
  schoolName: s.schoolName,
  contactName: s.contact.name,
  contactPhone: s.contact.phone,
});

/**
 * Sanne's create (her two pupils, and the sibling at Ahmed's school still to link), and Ahmed's link
 * as a function of the version the create got. The review date is today, so Vandaag shows it.
 */
export function demoFamily(
  now: Date,
  po: DemoFamilySchool & { pupilId: string },
  vo: DemoFamilySchool & { pupilId: string },
  other: DemoFamilySchool & { pupilId: string },
) {
  const recordId = randomUUID();
  const created = new Date(now.getTime() - 6 * 86_400_000).toISOString();
  const create: Mutation = {
    id: randomUUID(),
    entity: 'family',
    recordId,
    kind: 'create',
    baseVersion: 0,
    createdAt: created,
    changes: {
      schoolId: po.schoolId,
      members: [entry(po, po.pupilId), entry(vo, vo.pupilId), entry(other, null)],
      goalSchool: 'Alle drie de kinderen zijn elke dag op tijd op school; de scholen stemmen af over te laat komen.',
      goalHome: 'Een vaste ochtendroutine; moeder krijgt opvoedondersteuning van het wijkteam.',
      goalLeisure: 'De kinderen sporten weer één keer per week (via het Jeugdfonds Sport en Cultuur).',
      regie: po.contact.name,
      reviewDate: isoDay(now, 0),
    },
  };
  const link = (baseVersion: number): Mutation => ({
    id: randomUUID(),
    entity: 'family',
    recordId,
    kind: 'update',
    baseVersion,
    createdAt: new Date(now.getTime() - 5 * 86_400_000).toISOString(),
    changes: { members: [entry(po, po.pupilId), entry(vo, vo.pupilId), entry(other, other.pupilId)] },
  });
  return { recordId, create, link };
}
