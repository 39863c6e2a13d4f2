import { format, formatDistanceToNowStrict, isSameDay, parseISO, subDays } from 'date-fns';
import { nl } from 'date-fns/locale/nl';

/** Today's date as YYYY-MM-DD in the device's local time (what <input type="date"> uses). */
export function todayIso(now = new Date()): string {
  return format(now, 'yyyy-MM-dd');
}

export function nowTime(now = new Date()): string {
  return format(now, 'HH:mm');
}

/** "ma 23 nov 2026" */
export function formatDate(iso: string): string {
  return format(parseISO(iso), 'EEEEEE d MMM yyyy', { locale: nl });
}

/** "1 januari 2026", from "2026-01-01" */
export function formatDay(isoDate: string): string {
  return format(parseISO(isoDate), 'd MMMM yyyy', { locale: nl });
}

/** "maandag 23 november" */
export function formatLongDate(date: Date): string {
  return format(date, 'EEEE d MMMM', { locale: nl });
}

/** "wo 2 dec. 2026 om 10:42": a day and a time, when two of the same day must be told apart. */
export function formatDateTime(iso: string): string {
  return `${formatDate(iso)} om ${formatTime(iso)}`;
}

export function formatTime(iso: string): string {
  return format(parseISO(iso), 'HH:mm', { locale: nl });
}

/** When something happened, for a status line: "om 10:42" today, "gisteren om 10:42", "ma 30 nov. om 10:42". */
export function formatMoment(iso: string, now = new Date()): string {
  const at = parseISO(iso);
  const time = formatTime(iso);
  if (isSameDay(at, now)) return `om ${time}`;
  if (isSameDay(at, subDays(now, 1))) return `gisteren om ${time}`;
  return `${format(at, 'EEEEEE d MMM', { locale: nl })} om ${time}`;
}

/** "J.P. · groep 4": a pupil as lists and pickers name it. */
export function pupilLabel(p: { initials: string; group: string }): string {
  return `${p.initials} · ${p.group}`;
}

export function formatAgo(iso: string): string {
  return formatDistanceToNowStrict(parseISO(iso), { locale: nl, addSuffix: true });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1).replace('.', ',')} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1).replace('.', ',')} GB`;
}
