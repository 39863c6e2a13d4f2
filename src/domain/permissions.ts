// Who may read and write which records. Pure: the server calls these with the user it loaded (and
// enforces them on every pull and push); the app may call them only to hide what the server refuses.
import type { EntityName } from './entities';
import { newRequestHandling, requestAskFieldNames, requestHandleFieldNames, type RequestStatus } from './consultationRequest';
import { familySchoolIds, membersAt } from './family';
import { leerplichtStepKeys, type RouteStepKey } from './verzuimroute';
import { mdoEntities } from './mdo';

export const roles = ['jeugdprofessional', 'ib', 'coordinator', 'beheerder', 'leerplicht'] as const;
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
  /**
   * Break-the-glass (docs/rights.md): pupils of a school outside `schoolIds` this jeugdprofessional
   * may read and write for a while, covering for a colleague. Only grants not yet expired.
   */
  grants?: readonly Grant[];
  /**
   * Leerplichtambtenaar only: the pupils (of `schoolIds`, the schools of their gemeenten) whose
   * verzuimroute involves leerplicht (verzuimroute.ts involvesLeerplicht). Loaded by the server.
   */
  leerplichtPupilIds?: readonly string[];
}

/** Temporary access to one pupil's casework, at that pupil's school. */
export interface Grant {
  id: string;
  pupilId: string;
  schoolId: string;
}

export type Permission = { ok: true } | { ok: false; reason: string };

/** The jeugdprofessional's casework: shared within a school's team (unless the school says not). */
export const caseworkEntities = [
  'pupil',
  'signal',
  'contact',
  'consultation',
  'meldcode',
  'consent',
  'absence',
  'verzuimroute',
  // A referral to care: health data of the jeugdprofessional's dossier, never the IB'er's or
  // leerplicht's (the consultatie- en adviesteam gets an anonymised list: routes/wachtlijst.ts).
  'wachtlijst',
] as const satisfies readonly EntityName[];
/** What a leerplichtambtenaar reads of a pupil whose route involves leerplicht. */
export const leerplichtEntities = ['pupil', 'absence', 'verzuimroute'] as const satisfies readonly EntityName[];
/** What the school side sees: its consultatievragen and the directory. */
const schoolSideEntities: EntityName[] = ['consultationRequest', 'contactPerson'];
/** The MDO of a school: its meetings, agenda and minutes, shared by the IB'er and the jeugdprofessional. */
const mdoEntityNames: EntityName[] = [...mdoEntities];

/** Who sits at the school's MDO with an account: the IB'er and the jeugdprofessional of that school. */
export function takesPartInMdo(role: Role): boolean {
  return role === 'ib' || role === 'jeugdprofessional';
}

/** The seat a user who takes part in the MDO (takesPartInMdo) has on its list of participants. */
export function mdoSeatOf(role: Role): 'ib' | 'jeugdprofessional' {
  return role === 'ib' ? 'ib' : 'jeugdprofessional';
}

/**
 * Who links a pupil record to an MDO agenda item, records the consent check and prepares with the
 * pupil's card: the jeugdprofessional, who reads the dossier and the consent register. The IB'er
 * puts a pupil on by initials or as an anonymous case.
 */
export function linksMdoPupils(role: Role): boolean {
  return role === 'jeugdprofessional';
}

/**
 * One part of what a user may read: records of these entities at these schools, and when
 * `createdBy` is set only the ones that user made. A user reads the union of their clauses.
 */
export interface ReadClause {
  entities: EntityName[];
  schoolIds: string[];
  createdBy?: string;
  /**
   * Match `schoolIds` against the schools of the record's members (a family spans schools) instead
   * of the record's own school.
   */
  viaMembers?: true;
  /** Only the records about this pupil: the pupil record itself and those whose `pupilId` it is. */
  pupilId?: string;
  /** Only records about these pupils (the pupil record itself, or a record whose `pupilId` is one). */
  pupilIds?: string[];
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
 *  - leerplicht: the directory of the schools of their gemeenten, and the pupil, absence entries and
 *    verzuimroute of the pupils whose route involves leerplicht there. Never signals, contacts, consultations,
 *    Meldcode-trajecten, consultatievragen or private notes.
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
        // A family is read through any of its children's schools (readsFamily), team sharing or not:
        // it names who belongs together and whom to call, never a child's details.
        { entities: ['family'], schoolIds: schools, viaMembers: true },
        // Covering for a colleague: the casework about one pupil, whatever the team shares.
        ...(actor.grants ?? []).map((g) => ({ entities: [...caseworkEntities], schoolIds: [g.schoolId], pupilId: g.pupilId })),
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
    case 'leerplicht': {
      // The vaste contactpersonen of the schools in their gemeenten: whom to call at school.
      clauses.push({ entities: ['contactPerson'], schoolIds: schools });
      const pupilIds = [...(actor.leerplichtPupilIds ?? [])];
      if (pupilIds.length > 0) clauses.push({ entities: [...leerplichtEntities], schoolIds: schools, pupilIds });
      break;
    }
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
  /** The stored values: a family is read through the schools of its members. */
  values?: Readonly<Record<string, unknown>>;
  /** The pupil the record is about (its own id for a pupil); needed where a clause names pupils. */
  pupilId?: string | null;
}

export function canReadRecord(actor: Actor, record: RecordRef): boolean {
  return readScope(actor).some(
    (c) =>
      c.entities.includes(record.entity) &&
      (c.viaMembers ? familySchoolIds(record.values ?? {}).some((s) => c.schoolIds.includes(s)) : c.schoolIds.includes(record.schoolId)) &&
      (c.createdBy === undefined || c.createdBy === record.createdBy) &&
      (c.pupilId === undefined || (!!record.pupilId && c.pupilId === record.pupilId.toLowerCase())) &&
      (c.pupilIds === undefined || (!!record.pupilId && c.pupilIds.includes(record.pupilId))),
  );
}

/**
 * A family is read by the jeugdprofessional of any school where one of its children is (linked, or
 * still to be linked by her): she sees who belongs together, at which school, and whom to call
 * there. Each child's own record stays behind the casework rules of its school.
 */
export function readsFamily(actor: Actor, family: Readonly<Record<string, unknown>>): boolean {
  return actor.role === 'jeugdprofessional' && familySchoolIds(family).some((s) => actor.schoolIds.includes(s));
}

/** The grant that lets this actor reach this pupil at this school, if any (break-the-glass). */
export function grantFor(actor: Actor, schoolId: string, pupilId: string | null | undefined): Grant | undefined {
  if (!pupilId || actor.role !== 'jeugdprofessional') return undefined;
  const p = pupilId.toLowerCase();
  return (actor.grants ?? []).find((g) => g.pupilId === p && g.schoolId === schoolId);
}

/**
 * A jeugdprofessional at a school that is not one of hers reaches its pupils only through a grant:
 * she is covering for a colleague there, and every screen of that pupil says so.
 */
export function coversAt(actor: Pick<Actor, 'role' | 'schoolIds'>, schoolId: string): boolean {
  return actor.role === 'jeugdprofessional' && !actor.schoolIds.includes(schoolId);
}

/**
 * Which break-the-glass grants a user reads: the coordinator oversees every grant, a
 * jeugdprofessional sees her own, other roles none.
 */
export function readsGrants(role: Role): 'all' | 'own' | 'none' {
  if (role === 'coordinator') return 'all';
  return role === 'jeugdprofessional' ? 'own' : 'none';
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
  /** The pupil the record is about after this write (a pupil: its own id); for break-the-glass. */
  pupilId?: string | null;
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
  familyOtherSchool: 'Een kind op een school waar je niet werkt, koppelt of wijzigt de jeugdprofessional van die school.',
  familyOwnSchool: 'Een gezin begint bij een kind op een school waar je werkt.',
  familyNoDelete: 'Een gezin met kinderen op een school waar je niet werkt, kun je niet verwijderen.',
  leerplichtStepsOnly:
    'Als leerplichtambtenaar vul je alleen de stappen van leerplicht in: leerplicht betrokken en het thuiszittersoverleg.',
  mdoPupilByJp: 'Alleen de jeugdprofessional koppelt een leerling en legt de toestemmingscheck vast.',
  mdoLabelKept: 'Een gekoppelde leerling houdt de initialen en groep die op de agenda staan.',
} as const;

const leerplichtFields = new Set<string>(leerplichtStepKeys);

/** A leerplichtambtenaar changes only their own steps of an existing route. */
function canWriteAsLeerplicht(w: WriteRef): Permission {
  if (w.entity !== 'verzuimroute') return deny(reasons.notYourRole);
  if (w.kind === 'create') return deny(reasons.leerplichtStepsOnly);
  const keys = Object.keys(w.changes).filter((k) => !(k === 'schoolId' && w.changes.schoolId === w.schoolId));
  return keys.every((k) => leerplichtFields.has(k)) ? allow : deny(reasons.leerplichtStepsOnly);
}

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
  if (!linksMdoPupils(actor.role) && w.entity === 'mdoItem') {
    for (const k of Object.keys(w.changes)) {
      if (mdoJpOnlyFields.has(k) && !(w.kind === 'create' && isEmptyValue(w.changes[k]))) return deny(reasons.mdoPupilByJp);
    }
    const outcome = w.changes.consentOutcome;
    if (outcome !== undefined && outcome !== 'anoniem' && outcome !== 'niet_gecontroleerd') return deny(reasons.mdoPupilByJp);
  }
  // Linking the pupil the IB'er put on by initials tells her nothing from the dossier: the label
  // on the agenda stays what it was once a pupil record is linked (or is being linked).
  if (w.entity === 'mdoItem' && w.kind === 'update' && 'pupilLabel' in w.changes) {
    const linked = (v: unknown) => typeof v === 'string' && v !== '';
    const before = w.current?.values.pupilLabel;
    if (w.changes.pupilLabel !== before && (linked(w.current?.values.pupilId) || linked(w.changes.pupilId)))
      return deny(reasons.mdoLabelKept);
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

/** At school `s` the family has no entry, or one entry that names no pupil yet. */
function onlyInvite(values: Readonly<Record<string, unknown>>, s: string): boolean {
  const members = Array.isArray(values.members) ? (values.members as { pupilId?: unknown; schoolId?: unknown }[]) : [];
  const at = members.filter((m) => m?.schoolId === s);
  return at.length <= 1 && at.every((m) => m.pupilId === null);
}

/**
 * A family spans schools, so it is checked on its members, not only on the school it was made at:
 *  - only a jeugdprofessional writes one, and only one she may read (readsFamily) or makes;
 *  - she makes it at a school of hers, with a child of that school in it;
 *  - the entries of a school she does not work for come out of every write exactly as they went in,
 *    except "a brother or sister at school X": one entry without a pupil (whom to call there), which
 *    she may add, change or take back until the jeugdprofessional of school X links the pupil;
 *  - she deletes it only when every child is at a school of hers.
 * The plan (goals, regie, review date) is written by any jeugdprofessional who reads the family.
 * The server also checks that a linked pupil is at the entry's school and readable (pushPlan.ts).
 */
export function canWriteFamily(actor: Actor, w: WriteRef): Permission {
  if (actor.role !== 'jeugdprofessional') return deny(reasons.notYourRole);
  const mine = (s: string) => actor.schoolIds.includes(s);
  if (w.kind === 'update' && 'schoolId' in w.changes && w.changes.schoolId !== w.schoolId) return deny(reasons.noMove);
  const before = w.kind === 'create' ? { members: [] } : (w.current?.values ?? {});
  if (w.kind === 'update' && !readsFamily(actor, before)) return deny(reasons.notYourSchool);
  const after = 'members' in w.changes ? w.changes : before;
  if (w.kind === 'create') {
    if (!mine(w.schoolId)) return deny(reasons.notYourSchool);
    if (!familySchoolIds(after).includes(w.schoolId)) return deny(reasons.familyOwnSchool);
  }
  if (w.kind === 'create' || 'members' in w.changes) {
    for (const s of new Set([...familySchoolIds(before), ...familySchoolIds(after)])) {
      if (mine(s) || membersAt(before, s) === membersAt(after, s)) continue;
      // "A brother or sister at school X" without a pupil may be added, changed or taken back
      // while nobody there has linked it yet.
      if (!(onlyInvite(before, s) && onlyInvite(after, s))) return deny(reasons.familyOtherSchool);
    }
  }
  if ('deleted' in w.changes && w.changes.deleted === true && !familySchoolIds(before).every(mine)) return deny(reasons.familyNoDelete);
  return allow;
}

/**
 * May this user make this write? Checked by the server for every pushed mutation, on the school the
 * record is in and (when it moves) the school it moves to; a refusal becomes a `rejected` answer with
 * the reason, which the device shows.
 */
export function canWriteRecord(actor: Actor, w: WriteRef): Permission {
  if (w.entity === 'family') return canWriteFamily(actor, w);
  // A regional directory entry lives in an area instead of a school; only the directory may.
  const regional = w.entity === 'contactPerson' && (actor.areaIds ?? []).includes(w.schoolId);
  if (!regional && !actor.schoolIds.includes(w.schoolId)) {
    // Covering for a colleague: the casework about the one granted pupil, never a new pupil.
    const covered = (caseworkEntities as readonly string[]).includes(w.entity) && grantFor(actor, w.schoolId, w.pupilId);
    if (covered && !(w.entity === 'pupil' && w.kind === 'create')) return allow;
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
      // The school's side writes a route as casework; leerplicht only its own steps.
      if (w.entity === 'verzuimroute' && actor.role === 'leerplicht') return canWriteAsLeerplicht(w);
      if (actor.role !== 'jeugdprofessional') return deny(reasons.notYourRole);
      const closed = (actor.privateSchoolIds ?? []).includes(w.schoolId);
      return closed && !own ? deny(reasons.notYours) : allow;
    }
  }
}

function roleWrites(role: Role, entity: EntityName): boolean {
  if (entity === 'consultationRequest') return role === 'ib' || role === 'jeugdprofessional';
  if (entity === 'contactPerson') return role === 'coordinator';
  if (entity === 'verzuimroute' && role === 'leerplicht') return true;
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

/**
 * The coordinator and the beheerder work for the whole region: they see every school, and read the
 * regional wie-is-wie of every area (Actor.areaIds).
 */
export function seesAllSchools(role: Role): boolean {
  return role === 'coordinator' || role === 'beheerder';
}

/** A jeugdprofessional and an IB'er work at schools: their account needs at least one. */
export function needsSchools(role: Role): boolean {
  return role === 'jeugdprofessional' || role === 'ib';
}

/**
 * The leerplichtambtenaar works for gemeenten, not schools: their account names one or more
 * gemeenten (users' gemeenten), and their schools are the schools of those gemeenten.
 */
export function scopedByGemeenten(role: Role): boolean {
  return role === 'leerplicht';
}

/** Who follows verzuimroutes from leerplicht's side: their pupils and their steps. */
export function followsLeerplichtRoutes(role: Role): boolean {
  return role === 'leerplicht';
}

/** The steps of a verzuimroute this user sets: the school's side all, leerplicht only its own. */
export function setsRouteStep(role: Role, key: RouteStepKey): boolean {
  return keepsDossiers(role) || (followsLeerplichtRoutes(role) && leerplichtStepKeys.includes(key));
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
  const key = areas ? `${actor.role}|${schools}|${closed}|${areas}` : `${actor.role}|${schools}|${closed}`;
  // A grant that starts or expires changes what the user reads: the device pulls again and drops
  // the pupil's records at expiry. Without grants the key stays as it was.
  const grants = (actor.grants ?? [])
    .map((g) => g.id)
    .sort()
    .join(',');
  const withGrants = grants ? `${key}|bg:${grants}` : key;
  // A leerplichtambtenaar's pupils change when a route starts or stops involving leerplicht: the
  // device then pulls again from the start, so older entries of a newly involved pupil arrive.
  return actor.role === 'leerplicht' ? `${withGrants}|${[...(actor.leerplichtPupilIds ?? [])].sort().join(',')}` : withGrants;
}

/**
 * The anonymised regional wachtlijst (no names, no pupil): the coordinator, who works for the whole
 * region and prepares the consultatie- en adviesteam's review. Not a new role: the team's members
 * are professionals of many organisations without an account, and the list holds nothing the
 * coordinator could tie to a pupil.
 */
export function readsRegionWachtlijst(role: Role): boolean {
  return role === 'coordinator';
}
