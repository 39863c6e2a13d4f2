import { format, formatDistanceToNowStrict, parseISO } from 'date-fns';
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

/** "maandag 23 november" */
export function formatLongDate(date: Date): string {
  return format(date, 'EEEE d MMMM', { locale: nl });
}

export function formatTime(iso: string): string {
  return format(parseISO(iso), 'HH:mm', { locale: nl });
}

export function formatAgo(iso: string): string {
  return formatDistanceToNowStrict(parseISO(iso), { locale: nl, addSuffix: true });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1).replace('.', ',')} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1).replace('.', ',')} GB`;
}
