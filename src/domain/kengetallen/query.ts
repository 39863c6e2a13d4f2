// The filter of the kengetallen: the query string, its defaults, and the periods it is cut into.
import * as z from 'zod/mini';
import { isoDate } from '../record';
import { DATE_RANGE_MESSAGE } from '../input';
import { signalThemes, type SignalTheme } from '../signal';
import { addDays, daysBetween } from '../calendar';

export const kengetalPeriods = ['month', 'quarter'] as const;
export type KengetalPeriod = (typeof kengetalPeriods)[number];
/** The longest range one query may cover. */
export const MAX_RANGE_DAYS = 3 * 366;

// ---------------------------------------------------------------------------------------------
// Filter

const dateParam = z.string({ error: 'Vul een datum in als 2026-01-31' }).check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Vul een datum in als 2026-01-31'),
  z.refine((v) => z.iso.date().safeParse(v).success, { error: 'Deze datum bestaat niet', abort: true }),
  z.refine((v) => isoDate.safeParse(v).success, DATE_RANGE_MESSAGE),
);

/** The query string of GET /api/kengetallen(.csv). Everything optional: defaults in resolveFilter. */
export const kengetallenQuerySchema = z
  .strictObject({
    from: z.optional(dateParam),
    to: z.optional(dateParam),
    school: z.optional(z.uuid({ error: 'Onbekende school' })),
    theme: z.optional(z.enum(signalThemes, { error: 'Onbekend thema' })),
    period: z.optional(z.enum(kengetalPeriods, { error: 'Kies maand of kwartaal (month of quarter)' })),
  })
  .check(
    z.refine((q) => !q.from || !q.to || q.from <= q.to, { error: 'De begindatum ligt na de einddatum', path: ['from'] }),
    z.refine((q) => !q.from || !q.to || daysBetween(q.from, q.to) <= MAX_RANGE_DAYS, {
      error: 'Kies een periode van hoogstens drie jaar',
      path: ['to'],
    }),
  );
export type KengetallenQuery = z.infer<typeof kengetallenQuerySchema>;

export interface KengetallenFilter {
  from: string;
  to: string;
  period: KengetalPeriod;
  theme: SignalTheme | null;
  /** The schools counted (already limited to what the user may see). */
  schoolIds: string[];
}

/** First day of the month `monthsBack` months before the month of `iso`. */
function monthStart(iso: string, monthsBack = 0): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 - monthsBack;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
}

/** Defaults: the last 12 months up to today, per month, every theme. */
export function resolveFilter(q: KengetallenQuery, schoolIds: string[], today: string): KengetallenFilter {
  const to = q.to ?? today;
  const from = q.from ?? (q.to ? monthStart(q.to, 11) : monthStart(today, 11));
  return { from: from <= to ? from : to, to, period: q.period ?? 'month', theme: q.theme ?? null, schoolIds };
}

/** The bucket of a calendar date: "2026-03" per month, "2026-K1" per quarter. */
export function periodKey(isoDay: string, period: KengetalPeriod): string {
  if (period === 'month') return isoDay.slice(0, 7);
  return `${isoDay.slice(0, 4)}-K${Math.floor((Number(isoDay.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Every bucket from `from` to `to`, in order, also the empty ones. */
export function periodKeys(from: string, to: string, period: KengetalPeriod): string[] {
  const out: string[] = [];
  for (let d = monthStart(from); d <= to; d = monthStart(addDays(d, 40))) {
    const key = periodKey(d, period);
    if (out[out.length - 1] !== key) out.push(key);
  }
  return out;
}

const monthNames = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** "mrt 2026" or "K1 2026". */
export function periodLabel(key: string): string {
  const [year, part] = key.split('-');
  if (part?.startsWith('K')) return `${part} ${year}`;
  return `${monthNames[Number(part) - 1] ?? part} ${year}`;
}

