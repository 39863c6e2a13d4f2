// The region's lock time: after how many idle minutes the app on every device locks.
// Kept by the beheerder, stored in `settings`, sent with every log-in and refresh answer.
import type { Queryable } from '../store/db';
import { MAX_LOCK_MINUTES, MIN_LOCK_MINUTES } from '../../sync/api/settings';

export const LOCK_MINUTES_KEY = 'lock_minutes';
export const DEFAULT_LOCK_MINUTES = 5;

export async function lockMinutes(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [LOCK_MINUTES_KEY]);
  const n = Number(rows[0]?.value);
  return Number.isInteger(n) && n >= MIN_LOCK_MINUTES && n <= MAX_LOCK_MINUTES ? n : DEFAULT_LOCK_MINUTES;
}
