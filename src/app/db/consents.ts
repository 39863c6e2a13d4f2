// The consent register on the device: a pupil's consents, recording one (with the age rule from
// the pupil's birth year) and withdrawing one. Saves go through createRecord/updateRecord, so a
// consent syncs, is encrypted and audited like every other record.
import { consentProblems, giverProblem, type Consent, type ConsentGiver, type ConsentParty, type Pupil } from '../../domain';
import type { SchoolnabijDB } from './db';
import { indexesPending, pupilIndex } from '../perf/derived';
import { checkInput, createRecord, updateRecord, ValidationError } from './records';

/** Every consent of a pupil, withdrawn and expired ones too (they stay in the history), newest first. */
export async function consentsOfPupil(db: SchoolnabijDB, pupilId: string): Promise<Consent[]> {
  const pending = indexesPending();
  if (pending) await pending;
  const rows = (await db.consents.where('_pid').equals(pupilIndex(pupilId)).toArray()).filter((c) => !c.deleted);
  return rows.sort((a, b) => b.givenOn.localeCompare(a.givenOn) || b.createdAt.localeCompare(a.createdAt));
}

/** What the form gives: strings as the inputs hold them, '' for "not chosen". */
export interface ConsentForm {
  party: string;
  partyName: string;
  /** '' or 'alles': everything; otherwise a signal theme. */
  topic: string;
  givenBy: string;
  way: string;
  givenOn: string;
  validUntil: string;
}

/**
 * Records a consent for a pupil. Every field error at once: the schema's, the cross-field rules and
 * the age rule from the pupil's birth year (a pupil of 12 consents too, one of 16 alone).
 */
export async function recordConsent(
  db: SchoolnabijDB,
  pupil: Pick<Pupil, 'id' | 'schoolId' | 'birthYear'>,
  form: ConsentForm,
  ctx: { userId: string; draftKey?: string },
): Promise<Consent> {
  const input = {
    pupilId: pupil.id,
    party: form.party || undefined,
    partyName: form.party === 'jeugdhulpaanbieder' ? form.partyName : '',
    topic: form.topic === '' || form.topic === 'alles' ? null : form.topic,
    givenBy: form.givenBy || undefined,
    way: form.way || undefined,
    givenOn: form.givenOn || undefined,
    validUntil: form.validUntil || null,
    withdrawnOn: null,
    withdrawnReason: '',
  };
  const errors: Record<string, string> = { ...(checkInput('consent', input) as Record<string, string>) };
  if (form.givenOn) {
    for (const p of consentProblems({
      party: form.party as ConsentParty,
      partyName: input.partyName,
      givenOn: form.givenOn,
      validUntil: input.validUntil,
      withdrawnOn: null,
      withdrawnReason: '',
    }))
      errors[p.path] ??= p.message;
  }
  if (form.givenBy && form.givenOn) {
    const age = giverProblem(form.givenBy as ConsentGiver, pupil.birthYear, form.givenOn);
    if (age) errors.givenBy ??= age;
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return createRecord(db, 'consent', input, { ...ctx, schoolId: pupil.schoolId });
}

/** Withdraws a consent: it stays, marked withdrawn on a date with a reason. */
export async function withdrawConsent(
  db: SchoolnabijDB,
  id: string,
  w: { on: string; reason: string },
  ctx: { userId: string },
): Promise<Consent> {
  const current = await db.consents.get(id);
  if (!current) throw new Error('Deze toestemming staat niet (meer) op dit toestel');
  const errors: Record<string, string> = {};
  if (!w.on) errors.withdrawnOn = 'Vul in wanneer de toestemming is ingetrokken';
  else if (w.on < current.givenOn) errors.withdrawnOn = 'Ingetrokken op ligt voor de datum van de toestemming';
  if (w.reason.trim() === '') errors.withdrawnReason = 'Schrijf waarom de toestemming is ingetrokken';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return updateRecord(db, 'consent', id, { withdrawnOn: w.on, withdrawnReason: w.reason.trim() }, ctx);
}
