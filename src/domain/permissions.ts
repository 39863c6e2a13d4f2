// Who may read and write which records. Pure: the server calls these with the user it loaded (and
// enforces them on every pull and push); the app may call them only to hide what the server refuses.
import type { EntityName } from './entities';
import { newRequestHandling, requestAskFieldNames, requestHandleFieldNames, type RequestStatus } from './consultationRequest';
import { mdoEntities } from './mdo';

export const roles = ['jeugdprofessional', 'ib', 'coordinator', 'beheerder'] as const;
export type Role = (typeof roles)[number];

/** The signed-in user as permission rules see them: a role and the schools they belong to. */
export interface Actor {
  id: string;
  role: Role;
  schoolIds: readonly string[];
  /**
   * Schools (of `schoolIds`) whose team of jeugdprofessionals does NOT share casework: there a
   * jeugdprofessional reads and edits only the records they made. Elsewhere the team shares.
   */
  privateSchoolIds?: readonly string[];
  /**
   * Areas (area.ts) whose regional wie-is-wie this user reads: the samenwerkingsverband and the
   * gemeenten of their schools; every area for the coordinator and the beheerder.
   */
  areaIds?: readonly string[];
}

export type Permission = { ok: true } | { ok: false; reason: string };

/** The jeugdprofessional's casework: shared within a school's team (unless the school says not). */
export const caseworkEntities = ['pupil', 'signal', 'contact', 'consultation', 'meldcode', 'consent'] as const satisfies readonly EntityName[];
/** What the school side sees: its consultatievragen and the directory. */
const schoolSideEntities: EntityName[] = ['consultationRequest', 'contactPerson'];
/** The MDO of a school: its meetings, agenda and minutes, shared by the IB'er and the jeugdprofessional. */
const mdoEntityNames: EntityName[] = [...mdoEntities];

/** Who sits at the school's MDO with an account: the IB'er and the jeugdprofessional of that school. */
export function takesPartInMdo(role: Role): boolean {
  return role === 'ib' || role === 'jeugdprofessional';
}

/**
 * One part of what a user may read: records of these entities at these schools, and when
 * `createdBy` is set only the ones that user made. A user reads the union of their clauses.
 */
export interface ReadClause {
  entities: EntityName[];
  schoolIds: string[];
  createdBy?: string;
}

/**
 * What a user may read, as clauses a query filters on: a pull selects exactly the union of these,
 * so `canReadRecord` and the pull can never disagree. Clauses with no school are left out.
 *  - jeugdprofessional: casework of the school team (own records only where the team does not share),
 *    their own private notes, the consultatievragen and directory of their schools.
 *  - ib: the consultatievragen (incl. the advice for school) and the directory of their schools.
 *  - jeugdprofessional and ib: the MDO of their schools (meetings, agenda items, agreements).
 *    Never signals, contacts, consultations, pupils or private notes.
 *  - coordinator, beheerder: the directory; never an individual record (kengetallen are aggregates).
 *  - every role: the regional directory entries of its areas (`areaIds`).
 */
export function readScope(actor: Actor): ReadClause[] {
  const schools = [...actor.schoolIds];
  const closed = new Set(actor.privateSchoolIds ?? []);
  const clauses: ReadClause[] = [];
  switch (actor.role) {
    case 'jeugdprofessional':
      clauses.push(
        { entities: [...caseworkEntities], schoolIds: schools.filter((s) => !closed.has(s)) },
        { entities: [...caseworkEntities], schoolIds: schools.filter((s) => closed.has(s)), createdBy: actor.id },
        { entities: ['consultationNote'], schoolIds: schools, createdBy: actor.id },
        { entities: [...schoolSideEntities], schoolIds: schools },
        // The MDO is the school's: shared whatever the team's own sharing setting.
        { entities: [...mdoEntityNames], schoolIds: schools },
      );
      break;
    case 'ib':
      clauses.push({ entities: [...schoolSideEntities, ...mdoEntityNames], schoolIds: schools });
      break;
    case 'coordinator':
    case 'beheerder':
      clauses.push({ entities: ['contactPerson'], schoolIds: schools });
      break;
  }
  // The regional wie-is-wie: every role, only its own areas.
  clauses.push({ entities: ['contactPerson'], schoolIds: [...(actor.areaIds ?? [])] });
  return clauses.filter((c) => c.schoolIds.length > 0 && c.entities.length > 0);
}

/** The record as a permission rule sees it. `createdBy` is the user who created it. */
export interface RecordRef {
  entity: EntityName;
  schoolId: string;
  createdBy: string;
}

export function canReadRecord(actor: Actor, record: RecordRef): boolean {
  return readScope(actor).some(
    (c) =>
      c.entities.includes(record.entity) &&
      c.schoolIds.includes(record.schoolId) &&
      (c.createdBy === undefined || c.createdBy === record.createdBy),
  );
}

/** One write as a permission rule sees it. */
export interface WriteRef {
  entity: EntityName;
  /** The school the record is in now (update) or will be in (create). */
  schoolId: string;
  kind: 'create' | 'update';
  /** The fields this mutation changes, with their new values (schoolId, deleted included). */
  changes: Readonly<Record<string, unknown>>;
  /** Update only: the record as the server holds it before this mutation. */
  current?: { createdBy: string; values: Readonly<Record<string, unknown>> };
}

const deny = (reason: string): Permission => ({ ok: false, reason });
const allow: Permission = { ok: true };

export const reasons = {
  notYourSchool: 'Je werkt niet voor deze school; dit record kan niet worden opgeslagen.',
  notYourRole: 'Met jouw rol kun je dit soort gegevens niet vastleggen.',
  notYours: 'Dit record is van een collega; je kunt het niet wijzigen.',
  noMove: 'Dit record kan niet naar een andere school worden verplaatst.',
  requestBySchool: 'Een consultatievraag wordt door school gesteld; je kunt er geen nieuwe aanmaken.',
  requestNew: 'Een nieuwe consultatievraag begint met de status nieuw, zonder planning of advies.',
  requestAskLocked: 'De vraag is al opgepakt; je kunt hem niet meer wijzigen. Trek hem terug of stel een nieuwe vraag.',
  requestHandleOnly: 'Alleen de jeugdprofessional plant en beantwoordt een consultatievraag.',
  requestAskOnly: 'De vraag zelf wordt door school geschreven; je kunt alleen plannen en beantwoorden.',
  requestWithdraw: 'Alleen een vraag die nog niet beantwoord is kan worden teruggetrokken.',
  requestNoDelete: 'Een consultatievraag wordt niet verwijderd; trek hem terug.',
  mdoPupilByJp: 'Alleen de jeugdprofessional koppelt een leerling en legt de toestemmingscheck vast.',
} as const;

const handleFields = new Set<string>(requestHandleFieldNames);
const askFields = new Set<string>(requestAskFieldNames);

/** The fields of an agenda item that come from the jeugdprofessional's dossier and consent register. */
const mdoJpOnlyFields = new Set(['pupilId', 'consentMissing', 'consentReason', 'consentCheckedOn']);

/**
 * The MDO: the IB'er and the jeugdprofessional of the school both plan meetings, put items on the
 * agenda, write minutes and agreements. Only the jeugdprofessional links a pupil record and records
 * the consent check (the IB'er cannot read the register): the IB'er puts a pupil on by initials
 * (not yet checked) or an anonymous case.
 */
export function canWriteMdo(actor: Actor, w: WriteRef): Permission {
  if (!takesPartInMdo(actor.role)) return deny(reasons.notYourRole);
  if (w.kind === 'update' && 'schoolId' in w.changes && w.changes.schoolId !== w.schoolId) return deny(reasons.noMove);
  if (actor.role === 'ib' && w.entity === 'mdoItem') {
    for (const k of Object.keys(w.changes)) {
      if (mdoJpOnlyFields.has(k) && !(w.kind === 'create' && isEmptyValue(w.changes[k]))) return deny(reasons.mdoPupilByJp);
    }
    const outcome = w.changes.consentOutcome;
    if (outcome !== undefined && outcome !== 'anoniem' && outcome !== 'niet_gecontroleerd') return deny(reasons.mdoPupilByJp);
  }
  return allow;
}

function isEmptyValue(v: unknown): boolean {
  return v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function canWriteRequest(actor: Actor, w: WriteRef): Permission {
  const keys = Object.keys(w.changes).filter((k) => k !== 'schoolId' || w.kind === 'create');
  if (w.kind === 'update' && 'schoolId' in w.changes && w.changes.schoolId !== w.schoolId) return deny(reasons.noMove);
  if ('deleted' in w.changes && w.changes.deleted !== false) return deny(reasons.requestNoDelete);
  if (actor.role === 'ib') {
    if (w.kind === 'create') {
      // A new request carries the handling part empty: an IB'er cannot send it in already answered.
      const handled = Object.entries(newRequestHandling).some(([k, v]) => k in w.changes && w.changes[k] !== v);
      return handled ? deny(reasons.requestNew) : allow;
    }
    const status = w.current?.values.status as RequestStatus | undefined;
    for (const k of keys) {
      if (k === 'deleted' || k === 'schoolId') continue;
      if (askFields.has(k)) {
        if (status !== 'nieuw') return deny(reasons.requestAskLocked);
      } else if (k === 'status') {
        if (w.changes.status !== 'teruggetrokken') return deny(reasons.requestHandleOnly);
        if (status !== 'nieuw' && status !== 'ingepland' && status !== 'teruggetrokken') return deny(reasons.requestWithdraw);
      } else if (k !== 'withdrawnAt') {
        return deny(reasons.requestHandleOnly);
      }
    }
    return allow;
  }
  if (actor.role === 'jeugdprofessional') {
    if (w.kind === 'create') return deny(reasons.requestBySchool);
    for (const k of keys) {
      if (k === 'deleted' || k === 'schoolId') continue;
      if (!handleFields.has(k) || k === 'withdrawnAt') return deny(reasons.requestAskOnly);
      if (k === 'status' && w.changes.status === 'teruggetrokken') return deny(reasons.requestAskOnly);
    }
    return allow;
  }
  return deny(reasons.notYourRole);
}

/**
 * May this user make this write? Checked by the server for every pushed mutation, on the school the
 * record is in and (when it moves) the school it moves to; a refusal becomes a `rejected` answer with
 * the reason, which the device shows.
 */
export function canWriteRecord(actor: Actor, w: WriteRef): Permission {
  // A regional directory entry lives in an area instead of a school; only the directory may.
  const regional = w.entity === 'contactPerson' && (actor.areaIds ?? []).includes(w.schoolId);
  if (!regional && !actor.schoolIds.includes(w.schoolId)) {
    // Only a role that may write this entity at all hears about the school.
    return roleWrites(actor.role, w.entity) ? deny(reasons.notYourSchool) : deny(reasons.notYourRole);
  }
  const own = w.kind === 'create' || w.current?.createdBy === actor.id;
  switch (w.entity) {
    case 'consultationRequest':
      return canWriteRequest(actor, w);
    case 'consultationNote':
      if (actor.role !== 'jeugdprofessional') return deny(reasons.notYourRole);
      return own ? allow : deny(reasons.notYours);
    case 'contactPerson':
      return actor.role === 'coordinator' ? allow : deny(reasons.notYourRole);
    case 'mdoMeeting':
    case 'mdoItem':
    case 'mdoAgreement':
      return canWriteMdo(actor, w);
    default: {
      if (actor.role !== 'jeugdprofessional') return deny(reasons.notYourRole);
      const closed = (actor.privateSchoolIds ?? []).includes(w.schoolId);
      return closed && !own ? deny(reasons.notYours) : allow;
    }
  }
}

function roleWrites(role: Role, entity: EntityName): boolean {
  if (entity === 'consultationRequest') return role === 'ib' || role === 'jeugdprofessional';
  if (entity === 'contactPerson') return role === 'coordinator';
  if ((mdoEntityNames as string[]).includes(entity)) return takesPartInMdo(role);
  return keepsDossiers(role);
}

/** Revoking a device: your own, or any device when you are beheerder (a lost phone). */
export function canRevokeDevice(actor: Actor, deviceOwnerId: string): boolean {
  return actor.id === deviceOwnerId || actor.role === 'beheerder';
}

/** Users, roles and school membership are kept by the beheerder. */
export function canManageUsers(actor: Actor): boolean {
  return actor.role === 'beheerder';
}

/** Schools (presence days, team sharing) and the directory are kept by the coordinator. */
export function canManageSchools(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'coordinator';
}

/** The coordinator and the beheerder work for the whole region: they see every school. */
export function seesAllSchools(role: Role): boolean {
  return role === 'coordinator' || role === 'beheerder';
}

/** A jeugdprofessional and an IB'er work at schools: their account needs at least one. */
export function needsSchools(role: Role): boolean {
  return role === 'jeugdprofessional' || role === 'ib';
}

/** Anonymous kengetallen: the coordinator for the region, a jeugdprofessional for the own schools. */
export function canReadKengetallen(role: Role): boolean {
  return role === 'coordinator' || role === 'jeugdprofessional';
}

/** The audit log (who saw which dossier) is read and exported by the beheerder only. */
export function canReadAuditLog(role: Role): boolean {
  return role === 'beheerder';
}

/**
 * The jeugdprofessional keeps dossiers: Vandaag, the pupils, and the handling of a
 * consultatievraag (the IB'er asks, the jeugdprofessional answers).
 */
export function keepsDossiers(role: Role): boolean {
  return role === 'jeugdprofessional';
}

/**
 * A fingerprint of what this user may read. When it changes (a school added, a role changed, a team
 * stopped sharing) the pull answers with the new key and the device pulls its data again from the
 * start, so records of a newly added school arrive and records it may no longer read are removed.
 */
export function scopeKey(actor: Actor): string {
  const schools = [...actor.schoolIds].sort().join(',');
  const closed = [...(actor.privateSchoolIds ?? [])].sort().join(',');
  const areas = [...(actor.areaIds ?? [])].sort().join(',');
  // Without areas the key stays as it was, so a device of a region without a wie-is-wie keeps its cursor.
  return areas ? `${actor.role}|${schools}|${closed}|${areas}` : `${actor.role}|${schools}|${closed}`;
}
