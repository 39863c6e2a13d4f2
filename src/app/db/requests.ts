// Consultatievragen (IB'er -> jeugdprofessional) and the jeugdprofessional's private notes on them:
// the queries the screens list them with, and every save. Saves go through createRecord/updateRecord,
// so each one writes the record(s) and their outbox mutations in one transaction (I2).
import {
  isOpenRequest,
  requestProblems,
  newRequestHandling,
  type ConsultationNote,
  type ConsentCheck,
  type ConsultationRequest,
  type RequestStatus,
  type SharingBasis,
  type RequestUrgency,
} from '../../domain';
import type { SchoolnabijDB } from './db';
import { checkInput, createRecord, updateRecord, ValidationError } from './records';

/** What the IB'er writes (see requestAskFields). */
export interface RequestAsk {
  anonymous: boolean;
  pupilInitials: string;
  pupilGroup: string;
  topic: string | undefined;
  question: string;
  urgency: string | undefined;
  preferredChannel: string | undefined;
  preferredMoment: string;
  consent: string | undefined;
}

interface Ctx {
  userId: string;
  /** The user's name: stored on the request so the other side sees who asked or answered. */
  userName?: string | undefined;
  draftKey?: string | undefined;
  now?: Date;
}

/**
 * Every field error of a question at once: the schema's, the cross-field rules (which zod skips while
 * a field is invalid) and the school. So the form shows all of them after one tap.
 */
function askErrors(input: RequestAsk & typeof newRequestHandling, schoolId: string | undefined) {
  const errors: Record<string, string> = { ...(checkInput('consultationRequest', input) as Record<string, string>) };
  for (const p of requestProblems(input)) errors[p.path] ??= p.message;
  if (schoolId === '') errors.schoolId ??= 'Kies een school';
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** The IB'er asks: a new request with status `nieuw` and empty handling fields. */
export async function createRequest(db: SchoolnabijDB, ask: RequestAsk, ctx: Ctx & { schoolId: string }): Promise<ConsultationRequest> {
  const input = {
    ...ask,
    ...(ask.anonymous ? { pupilInitials: '', pupilGroup: '' } : {}),
    askedByName: ctx.userName ?? '',
    ...newRequestHandling,
  };
  askErrors(input, ctx.schoolId);
  return createRecord(db, 'consultationRequest', input, ctx);
}

/** The IB'er changes the question while it is still `nieuw` (the server refuses it afterwards). */
export async function updateRequestAsk(db: SchoolnabijDB, id: string, ask: RequestAsk, ctx: Ctx): Promise<ConsultationRequest> {
  const current = await db.consultationRequests.get(id);
  if (current && current.status !== 'nieuw') {
    throw new ValidationError({ _: 'De vraag is al opgepakt; je kunt hem niet meer wijzigen. Trek hem terug of stel een nieuwe vraag.' });
  }
  const patch = { ...ask, ...(ask.anonymous ? { pupilInitials: '', pupilGroup: '' } : {}) };
  if (current) askErrors({ ...current, ...patch } as RequestAsk & typeof newRequestHandling, undefined);
  return updateRecord(db, 'consultationRequest', id, patch, ctx);
}

/** The IB'er withdraws a request that has not been answered yet. */
export async function withdrawRequest(db: SchoolnabijDB, id: string, ctx: Ctx): Promise<ConsultationRequest> {
  const current = await db.consultationRequests.get(id);
  if (!current || (current.status !== 'nieuw' && current.status !== 'ingepland')) {
    throw new ValidationError({ status: 'Alleen een vraag die nog niet beantwoord is kan worden teruggetrokken.' });
  }
  const now = (ctx.now ?? new Date()).toISOString();
  return updateRecord(db, 'consultationRequest', id, { status: 'teruggetrokken', withdrawnAt: now }, ctx);
}

/** The jeugdprofessional plans a conversation: status ingepland, date and time, picked up by them. */
export async function planRequest(
  db: SchoolnabijDB,
  id: string,
  when: { date: string; time: string },
  ctx: Ctx,
): Promise<ConsultationRequest> {
  const current = await db.consultationRequests.get(id);
  if (!current) throw new Error('Deze vraag staat niet (meer) op dit toestel');
  const errors: Record<string, string> = {};
  if (!when.date) errors.plannedDate = 'Kies een datum voor de afspraak';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(when.time)) errors.plannedTime = 'Vul een tijd in als 10:30';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const now = (ctx.now ?? new Date()).toISOString();
  const stillOpen = current.status === 'nieuw' || current.status === 'ingepland';
  return updateRecord(
    db,
    'consultationRequest',
    id,
    {
      ...(stillOpen ? { status: 'ingepland' } : {}),
      plannedDate: when.date,
      plannedTime: when.time,
      plannedAt: current.plannedAt ?? now,
      handledBy: current.handledBy ?? ctx.userId,
      ...(current.handledBy === null || current.handledBy === ctx.userId
        ? { handledByName: ctx.userName ?? current.handledByName ?? '' }
        : {}),
    },
    ctx,
  );
}

export interface RequestAnswer {
  /** Advies voor school: shared with the IB'er. */
  advice: string;
  /** Eigen aantekening: private, only its author reads it. */
  note: string;
  /** A pupil of the jeugdprofessional's caseload, or null. Stored on the private note. */
  pupilId: string | null;
  /**
   * The consent check at sharing (see sharingOf): stored on the request, so the ground the advice was
   * shared on is kept, synced and audited with it. Absent: the request's stays as it is.
   */
  sharing?: { check: ConsentCheck | null; basis: SharingBasis | null; reason: string };
}

/**
 * What the check of the advice to school stores. Anonymous: nothing to check. About a pupil: a valid
 * consent for school is the ground; without one, the professional's choice must be there.
 */
export function sharingOf(
  r: Pick<ConsultationRequest, 'anonymous'>,
  check: { linked: boolean; consent: boolean },
  choice: { basis: string; reason: string },
): { sharing: NonNullable<RequestAnswer['sharing']> } | { errors: Record<string, string> } {
  if (r.anonymous) return { sharing: { check: null, basis: null, reason: '' } };
  if (check.consent) return { sharing: { check: 'geldig', basis: 'toestemming', reason: '' } };
  const basis = choice.basis as SharingBasis | '';
  if (basis !== 'algemeen' && basis !== 'gevraagd' && basis !== 'meldcode')
    return { errors: { sharingBasis: 'Er is geen geldige toestemming voor school: kies hoe je het advies deelt' } };
  if (basis === 'meldcode' && choice.reason.trim() === '')
    return { errors: { sharingReason: 'Schrijf waarom je op grond van de Meldcode deelt' } };
  return { sharing: { check: check.linked ? 'geen' : 'niet_gekoppeld', basis, reason: basis === 'meldcode' ? choice.reason.trim() : '' } };
}

/**
 * The jeugdprofessional answers: the request's handling fields (advice, status beantwoord,
 * answeredAt on the first answer) and the private note as a separate consultationNote record, all in
 * one transaction. A note is only made when there is something private to keep.
 */
export async function answerRequest(
  db: SchoolnabijDB,
  id: string,
  answer: RequestAnswer,
  ctx: Ctx,
): Promise<{ request: ConsultationRequest; note: ConsultationNote | null }> {
  if (answer.advice.trim() === '') throw new ValidationError({ adviceForSchool: 'Schrijf het advies voor school' });
  return db.transaction('rw', [db.consultationRequests, db.consultationNotes, db.outbox, db.drafts, db.conflicts], async () => {
    const current = await db.consultationRequests.get(id);
    if (!current) throw new Error('Deze vraag staat niet (meer) op dit toestel');
    if (current.status === 'teruggetrokken') throw new ValidationError({ _: 'Deze vraag is teruggetrokken door school.' });
    const now = (ctx.now ?? new Date()).toISOString();
    const request = await updateRecord(
      db,
      'consultationRequest',
      id,
      {
        adviceForSchool: answer.advice,
        status: current.status === 'afgesloten' ? 'afgesloten' : 'beantwoord',
        answeredAt: current.answeredAt ?? now,
        handledBy: current.handledBy ?? ctx.userId,
        ...(current.handledBy === null || current.handledBy === ctx.userId
          ? { handledByName: ctx.userName ?? current.handledByName ?? '' }
          : {}),
        ...(answer.sharing
          ? { consentCheck: answer.sharing.check, sharingBasis: answer.sharing.basis, sharingReason: answer.sharing.reason }
          : {}),
      },
      { ...ctx, draftKey: undefined },
    );
    const existing = await ownNote(db, id, ctx.userId);
    let note: ConsultationNote | null = existing ?? null;
    const fields = { requestId: id, pupilId: answer.pupilId, note: answer.note };
    if (existing) {
      note = await updateRecord(db, 'consultationNote', existing.id, fields, { ...ctx, draftKey: undefined });
    } else if (answer.note.trim() !== '' || answer.pupilId) {
      note = await createRecord(db, 'consultationNote', fields, { ...ctx, schoolId: current.schoolId, draftKey: undefined });
    }
    if (ctx.draftKey) await db.drafts.delete(ctx.draftKey);
    return { request, note };
  });
}

/** The jeugdprofessional closes the request (afgesloten, closedAt). */
export function closeRequest(db: SchoolnabijDB, id: string, ctx: Ctx): Promise<ConsultationRequest> {
  const now = (ctx.now ?? new Date()).toISOString();
  return updateRecord(db, 'consultationRequest', id, { status: 'afgesloten', closedAt: now }, ctx);
}

/** The private note of this user on a request (only theirs ever reaches the device, see readScope). */
export async function ownNote(db: SchoolnabijDB, requestId: string, userId: string): Promise<ConsultationNote | undefined> {
  const rows = await db.consultationNotes.where('requestId').equals(requestId).toArray();
  return rows.find((n) => !n.deleted && n.createdBy === userId);
}

/** The IB'er's list: requests of their schools, newest first (createdAt index). */
export async function requestsOfSchools(db: SchoolnabijDB, schoolIds: readonly string[]): Promise<ConsultationRequest[]> {
  const schools = new Set(schoolIds);
  return db.consultationRequests
    .orderBy('createdAt')
    .reverse()
    .filter((r) => !r.deleted && schools.has(r.schoolId))
    .toArray();
}

const urgencyRank: Record<RequestUrgency, number> = { vandaag: 0, deze_week: 1, kan_wachten: 2 };

/**
 * The order the jeugdprofessional works in: open requests (nieuw, ingepland) first, the most urgent
 * on top ("vandaag", then "deze week", then "kan wachten") and within one urgency the one waiting
 * longest first; then the handled ones (beantwoord, afgesloten, teruggetrokken), latest change first.
 */
export function compareForProfessional(a: ConsultationRequest, b: ConsultationRequest): number {
  const ao = isOpenRequest(a);
  const bo = isOpenRequest(b);
  if (ao !== bo) return ao ? -1 : 1;
  if (ao) {
    const u = urgencyRank[a.urgency] - urgencyRank[b.urgency];
    return u !== 0 ? u : a.createdAt.localeCompare(b.createdAt);
  }
  return b.updatedAt.localeCompare(a.updatedAt);
}

/** Every request of the jeugdprofessional's schools, in the order above. */
export async function requestsForProfessional(db: SchoolnabijDB): Promise<ConsultationRequest[]> {
  const rows = await db.consultationRequests.toArray();
  return rows.filter((r) => !r.deleted).sort(compareForProfessional);
}

/** Open requests only (status index), in the order above: Vandaag and the tab badge. */
export async function openRequests(db: SchoolnabijDB): Promise<ConsultationRequest[]> {
  // The status is encrypted: requests are few, so they are filtered in memory.
  const rows = (await db.consultationRequests.toArray()).filter((r) => r.status === 'nieuw' || r.status === 'ingepland');
  return rows.filter((r) => isOpenRequest(r)).sort(compareForProfessional);
}

export interface HistoryStep {
  status: RequestStatus;
  at: string;
}

/** The status history from the request's timestamps, oldest first. */
export function statusHistory(r: ConsultationRequest): HistoryStep[] {
  const steps: HistoryStep[] = [{ status: 'nieuw', at: r.createdAt }];
  if (r.plannedAt) steps.push({ status: 'ingepland', at: r.plannedAt });
  if (r.answeredAt) steps.push({ status: 'beantwoord', at: r.answeredAt });
  if (r.closedAt) steps.push({ status: 'afgesloten', at: r.closedAt });
  if (r.withdrawnAt) steps.push({ status: 'teruggetrokken', at: r.withdrawnAt });
  return steps.sort((a, b) => a.at.localeCompare(b.at));
}
