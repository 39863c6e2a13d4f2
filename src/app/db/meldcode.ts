// Meldcode trajectories on the device: start one from a signal, read the reminder setting.
import { MELDCODE_REMINDER_DAYS, newMeldcode, type Meldcode, type Signal } from '../../domain';
import type { SchoolnabijDB } from './db';
import { indexesPending, pupilIndex, signalIndex } from '../perf/derived';
import { createRecord } from './records';

/** The trajectory of a signal (the newest, should there be two from two devices), or null. */
export async function meldcodeOfSignal(db: SchoolnabijDB, signalId: string): Promise<Meldcode | null> {
  const pending = indexesPending();
  if (pending) await pending;
  const rows = (await db.meldcodes.where('_sig').equals(signalIndex(signalId)).toArray()).filter((m) => !m.deleted);
  rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return rows[0] ?? null;
}

/** The trajectories of a pupil, newest first. */
export async function meldcodesOfPupil(db: SchoolnabijDB, pupilId: string): Promise<Meldcode[]> {
  const pending = indexesPending();
  if (pending) await pending;
  const rows = (await db.meldcodes.where('_pid').equals(pupilIndex(pupilId)).toArray()).filter((m) => !m.deleted);
  return rows.sort((a, b) => b.startDate.localeCompare(a.startDate));
}

/** A new trajectory for a signal: step 1 open from `today`, nothing answered yet. */
export function startMeldcode(db: SchoolnabijDB, signal: Signal, today: string, userId: string): Promise<Meldcode> {
  return createRecord(db, 'meldcode', newMeldcode(signal, today), { userId, schoolId: signal.schoolId });
}

/** Per device: after how many days an open step is a reminder (meta `meldcodeReminderDays`). */
export const REMINDER_KEY = 'meldcodeReminderDays';

export async function reminderDays(db: SchoolnabijDB): Promise<number> {
  const v = (await db.meta.get(REMINDER_KEY))?.value;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : MELDCODE_REMINDER_DAYS;
}

export async function setReminderDays(db: SchoolnabijDB, days: number): Promise<void> {
  await db.meta.put({ key: REMINDER_KEY, value: days });
}
