// Calendar days in the Netherlands. Pure: `now` is always passed in.

export const TIME_ZONE = 'Europe/Amsterdam';

const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (yyyy-mm-dd) it is in Amsterdam at instant `now`, whatever the device's zone. */
export function dateInAmsterdam(now: Date): string {
  return ymd.format(now);
}

/** Weekday of an ISO calendar date: 1 = maandag … 7 = zondag. */
export function weekday(isoDate: string): number {
  const d = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * Whole calendar days from `from` to `to` (ISO dates), negative when `to` is earlier. Computed on the
 * dates alone (UTC midnight), so a daylight-saving change never makes a day of 23 or 25 hours count.
 */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The ISO date `days` calendar days after `isoDate`. */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
