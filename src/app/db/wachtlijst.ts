// The wachtlijst on the device: a pupil's referrals to care, saving one (new or changed), and the
// pupils who wait longer than the region's number of weeks (Vandaag). Saves go through
// createRecord/updateRecord, so a referral syncs, is encrypted and audited like every other record.
import { waitsTooLong, wachtlijstProblems, type CareKind, type Pupil, type Wachtlijst, type WaitStatus } from '../../domain';
import type { SchoolnabijDB } from './db';
import { indexesPending, pupilIndex } from '../perf/derived';
import { checkInput, createRecord, updateRecord, ValidationError } from './records';
import { verzuimSettingsOf } from './verzuim';

/** A pupil's referrals, the ones still waiting first, then newest first. */
export async function referralsOfPupil(db: SchoolnabijDB, pupilId: string): Promise<Wachtlijst[]> {
  const pending = indexesPending();
  if (pending) await pending;
  const rows = (await db.wachtlijst.where('_pid').equals(pupilIndex(pupilId)).toArray()).filter((r) => !r.deleted);
  return rows.sort((a, b) => Number(a.status !== 'wacht') - Number(b.status !== 'wacht') || b.since.localeCompare(a.since));
}

/** What the form gives: strings as the inputs hold them, '' for "not chosen". */
export interface ReferralForm {
  careKind: string;
  careName: string;
  since: string;
  overbrugging: string;
  status: string;
  statusDate: string;
}

export function referralForm(r?: Wachtlijst, today = ''): ReferralForm {
  return r
    ? {
        careKind: r.careKind,
        careName: r.careName,
        since: r.since,
        overbrugging: r.overbrugging,
        status: r.status,
        statusDate: r.statusDate ?? '',
      }
    : { careKind: '', careName: '', since: today, overbrugging: '', status: 'wacht', statusDate: '' };
}

/** Saves a referral for a pupil: a new one, or a change to `existing`. Every field error at once. */
export async function saveReferral(
  db: SchoolnabijDB,
  pupil: Pick<Pupil, 'id' | 'schoolId'>,
  form: ReferralForm,
  ctx: { userId: string },
  existing?: Wachtlijst,
): Promise<Wachtlijst> {
  const input = {
    pupilId: pupil.id,
    careKind: form.careKind || undefined,
    careName: form.careName,
    since: form.since || undefined,
    overbrugging: form.overbrugging,
    status: form.status || undefined,
    // A pupil still waiting has no date of start or lapse: a date left in the hidden field goes.
    statusDate: form.status === 'wacht' ? null : form.statusDate || null,
  };
  const errors: Record<string, string> = { ...(checkInput('wachtlijst', input) as Record<string, string>) };
  if (form.since && form.careKind && form.status) {
    for (const p of wachtlijstProblems({
      careKind: form.careKind as CareKind,
      careName: form.careName,
      since: form.since,
      status: form.status as WaitStatus,
      statusDate: input.statusDate,
    }))
      errors[p.path] ??= p.message;
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  if (!existing) return createRecord(db, 'wachtlijst', input, { ...ctx, schoolId: pupil.schoolId });
  const patch = Object.fromEntries(
    Object.entries(input).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify((existing as Record<string, unknown>)[k])),
  );
  return Object.keys(patch).length ? updateRecord(db, 'wachtlijst', existing.id, patch, ctx) : existing;
}

/** Referrals still waiting longer than the region's number of weeks, longest wait first (Vandaag). */
export async function waitingTooLong(db: SchoolnabijDB, today: string): Promise<{ referral: Wachtlijst; pupil: Pupil | undefined }[]> {
  const [rows, settings] = await Promise.all([db.wachtlijst.toArray(), verzuimSettingsOf(db)]);
  const late = rows
    .filter((r) => !r.deleted && waitsTooLong(r, today, settings.wachtlijstWarnWeeks))
    .sort((a, b) => a.since.localeCompare(b.since));
  const pupils = await db.pupils.bulkGet(late.map((r) => r.pupilId));
  return late.map((referral, i) => ({ referral, pupil: pupils[i] ?? undefined }));
}
