// The filter of the kengetallen: the query string, its defaults, and the periods it is cut into.
import * as z from 'zod/mini';
import { isoDate } from '../record';
import { DATE_RANGE_MESSAGE } from '../input';
import { signalThemes, type SignalTheme } from '../signal';
import { addDays } from '../calendar';

export const kengetalPeriods = ['month', 'quarter'] as const;
export type KengetalPeriod = (typeof kengetalPeriods)[number];

// ---------------------------------------------------------------------------------------------
// Windows: fixed periods aligned to the calendar. Two free ranges side by side (January–March next
// to January–April) would give April away; fixed windows nest instead: a month lies in one quarter,
// one calendar year and one school year.

/** "2026-03" (a month), "2026-K1" (a quarter), "2026" (a calendar year), "2025-2026" (a school year, 1 August to 31 July). */
export type WindowKind = 'month' | 'quarter' | 'year' | 'schoolYear';
export const WINDOW_MESSAGE = 'Kies een vaste periode: een maand (2026-03), kwartaal (2026-K1), jaar (2026) of schooljaar (2025-2026)';

const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

/** The first and last day of a window, or null when it is no window. */
export function windowBounds(key: string): { kind: WindowKind; from: string; to: string } | null {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return { kind: 'month', from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${pad(lastDayOfMonth(y, mo))}` };
  }
  m = /^(\d{4})-K([1-4])$/.exec(key);
  if (m) {
    const q = Number(m[2]);
    const last = q * 3;
    return { kind: 'quarter', from: `${m[1]}-${pad(last - 2)}-01`, to: `${m[1]}-${pad(last)}-${pad(lastDayOfMonth(Number(m[1]), last))}` };
  }
  m = /^(\d{4})$/.exec(key);
  if (m) return { kind: 'year', from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
  m = /^(\d{4})-(\d{4})$/.exec(key);
  if (m && Number(m[2]) === Number(m[1]) + 1) return { kind: 'schoolYear', from: `${m[1]}-08-01`, to: `${m[2]}-07-31` };
  return null;
}

/** The window whose first and last day are exactly these, or null (a free range is no window). */
export function windowOf(from: string, to: string): string | null {
  const y = from.slice(0, 4);
  const candidates = [from.slice(0, 7), `${y}-K${Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1}`, y, `${y}-${Number(y) + 1}`];
  return (
    candidates.find((k) => {
      const b = windowBounds(k);
      return b && b.from === from && b.to === to;
    }) ?? null
  );
}

/** The school year of a day: "2025-2026" for every day from 1 August 2025 to 31 July 2026. */
export function schoolYearOf(isoDay: string): string {
  const y = Number(isoDay.slice(0, 4));
  return Number(isoDay.slice(5, 7)) >= 8 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}

/** The windows that lie inside a window: the months of a quarter; the quarters and months of a year. */
export function windowsInside(key: string): string[] {
  const b = windowBounds(key);
  if (!b || b.kind === 'month') return [];
  const months = periodKeys(b.from, b.to, 'month');
  const quarters = periodKeys(b.from, b.to, 'quarter').filter((q) => {
    const qb = windowBounds(q)!;
    return qb.from >= b.from && qb.to <= b.to && q !== key;
  });
  return [...quarters, ...months];
}

export const groupings = ['school', 'gemeente', 'swv'] as const;
export type Grouping = (typeof groupings)[number];

// ---------------------------------------------------------------------------------------------
// Filter

const dateParam = z.string({ error: 'Vul een datum in als 2026-01-31' }).check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Vul een datum in als 2026-01-31'),
  z.refine((v) => z.iso.date().safeParse(v).success, { error: 'Deze datum bestaat niet', abort: true }),
  z.refine((v) => isoDate.safeParse(v).success, DATE_RANGE_MESSAGE),
);

/**
 * The query string of GET /api/kengetallen(.csv). Everything optional: defaults in resolveFilter.
 * A period is a fixed window (`window`); `from` and `to` are still answered when together they are
 * exactly one window (they are then read as that window), and refused otherwise.
 */
export const kengetallenQuerySchema = z
  .strictObject({
    window: z.optional(z.string().check(z.refine((v) => windowBounds(v) !== null, WINDOW_MESSAGE))),
    from: z.optional(dateParam),
    to: z.optional(dateParam),
    school: z.optional(z.uuid({ error: 'Onbekende school' })),
    theme: z.optional(z.enum(signalThemes, { error: 'Onbekend thema' })),
    period: z.optional(z.enum(kengetalPeriods, { error: 'Kies maand of kwartaal (month of quarter)' })),
    groupBy: z.optional(z.enum(groupings, { error: 'Kies school, gemeente of swv' })),
  })
  .check(
    z.refine((q) => !q.from || !q.to || q.from <= q.to, { error: 'De begindatum ligt na de einddatum', path: ['from'], abort: true }),
    z.refine((q) => !(q.window && (q.from || q.to)), {
      error: 'Kies een vaste periode (window) of van/tot, niet allebei',
      path: ['window'],
    }),
    z.refine((q) => (!q.from && !q.to) || (!!q.from && !!q.to && windowOf(q.from, q.to) !== null), {
      error: `${WINDOW_MESSAGE}; van en tot moeten samen precies zo’n periode zijn`,
      path: ['from'],
    }),
  );
export type KengetallenQuery = z.infer<typeof kengetallenQuerySchema>;

export interface KengetallenFilter {
  /** The fixed window: see windowBounds. */
  window: string;
  from: string;
  to: string;
  period: KengetalPeriod;
  theme: SignalTheme | null;
  /** The schools counted (already limited to what the user may see). */
  schoolIds: string[];
  /** What a column "per school" counts: each school, each gemeente, or the samenwerkingsverband. */
  groupBy: Grouping;
  /** Per school: the key of the unit it is counted under (a school id, gemeente id, SWV id or "overig"). Missing: the school itself. */
  unitOf?: Record<string, string>;
}

/** Defaults: the school year of today, per month, every theme, per school. */
export function resolveFilter(q: KengetallenQuery, schoolIds: string[], today: string): KengetallenFilter {
  const window = q.window ?? (q.from && q.to ? windowOf(q.from, q.to) : null) ?? schoolYearOf(today);
  const b = windowBounds(window)!;
  return { window, from: b.from, to: b.to, period: q.period ?? 'month', theme: q.theme ?? null, schoolIds, groupBy: q.groupBy ?? 'school' };
}

/** The unit keys of a filter in column order: each school's unit, once. */
export function unitsOf(f: KengetallenFilter): string[] {
  return [...new Set(f.schoolIds.map((s) => f.unitOf?.[s] ?? s))];
}

/** First day of the month `monthsBack` months before the month of `iso`. */
function monthStart(iso: string, monthsBack = 0): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 - monthsBack;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
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
