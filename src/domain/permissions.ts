// Who may read and write which records. Pure: the server calls these with the user it loaded,
// the app may call them to hide what a user cannot do. No I/O.
import type { EntityName } from './entities';

export const roles = ['jeugdprofessional', 'ib', 'coordinator', 'beheerder'] as const;
export type Role = (typeof roles)[number];

/** The signed-in user as permission rules see them: a role and the schools they belong to. */
export interface Actor {
  id: string;
  role: Role;
  schoolIds: readonly string[];
}

export type Permission = { ok: true } | { ok: false; reason: string };

/**
 * The entities a jeugdprofessional records. They belong to the municipality's side: for now only a
 * jeugdprofessional reads or writes them (issue 4). The next issue refines this per role (an IB'er
 * requests consultations and reads the shareable part of the answer).
 */
const jeugdprofessionalEntities: readonly EntityName[] = ['pupil', 'signal', 'contact', 'consultation'];

const notYourSchool = 'Je werkt niet voor deze school; dit record kan niet worden opgeslagen.';
const notYourRole = 'Met jouw rol kun je dit soort gegevens niet vastleggen.';

export function canWriteRecord(actor: Actor, entity: EntityName, schoolId: string): Permission {
  if (actor.role !== 'jeugdprofessional' || !jeugdprofessionalEntities.includes(entity)) {
    return { ok: false, reason: notYourRole };
  }
  if (!actor.schoolIds.includes(schoolId)) return { ok: false, reason: notYourSchool };
  return { ok: true };
}

export function canReadRecord(actor: Actor, entity: EntityName, schoolId: string): boolean {
  return readScope(actor).entities.includes(entity) && actor.schoolIds.includes(schoolId);
}

/**
 * What a user may read, as sets a query can filter on: records of these entities at these schools.
 * A pull filters with exactly this, so `canReadRecord` and the pull can never disagree.
 */
export function readScope(actor: Actor): { entities: EntityName[]; schoolIds: string[] } {
  if (actor.role !== 'jeugdprofessional') return { entities: [], schoolIds: [] };
  return { entities: [...jeugdprofessionalEntities], schoolIds: [...actor.schoolIds] };
}

/** Revoking a device: your own, or any device when you are beheerder (a lost phone). */
export function canRevokeDevice(actor: Actor, deviceOwnerId: string): boolean {
  return actor.id === deviceOwnerId || actor.role === 'beheerder';
}
