// Kengetallen: anonymous figures per school, period and theme, for coordinators. Pure: the server
// reads the few fields it needs from the records and passes them in as plain facts, with `today`.
//
// Small-cell suppression (the rule, also in the README):
//  1. Primary: every count from 1 to 4 (cells and totals) is published as "<5". 0 stays 0.
//  2. Secondary: every published total is a linear relation (row total = sum of its cells, column
//     total = sum of its cells, grand total = sum of the row totals = sum of the column totals).
//     An outsider who knows "<5" means 1..4 and "x" means 5 or more narrows every hidden number by
//     interval reasoning over all relations of the table together. While that pins a hidden number
//     to one value (one "<5" in a row with its total; two "<5" that must add up to 2; chains via the
//     grand total), the smallest published non-zero cell of a relation around it is hidden too and
//     published as "x" (a total only when no cell is left). If nothing is left to hide and a number
//     still follows, the table is published without totals. Applied to the whole dashboard at once
//     (suppressTables): a total two tables share is one number, hidden in both or in neither, and
//     the relations of all tables are reasoned over together; the counts next to the medians are
//     taken from the tables. Not covered: differences between two filters (Jan–Mar next to Jan–Apr).
//  3. A median or percentile over fewer than 5 values is not published (null).
// No record, id or free text is ever part of the output: only counts, medians and labels.
import * as z from 'zod/mini';
import { isoDate } from './record';
import { DATE_RANGE_MESSAGE } from './input';
import { seriousnessLevels, signalThemes, type SignalTheme } from './signal';
import { contactChannels, contactParties } from './contact';
import { absenceStatus, type AbsenceFields } from './absence';
import { addDays, dateInAmsterdam, daysBetween } from './calendar';

export const SMALL_CELL = 5;
export const kengetalPeriods = ['month', 'quarter'] as const;
export type KengetalPeriod = (typeof kengetalPeriods)[number];
/** The longest range one query may cover. */
export const MAX_RANGE_DAYS = 3 * 366;

/** A published number: an exact count, "<5" (1 to 4) or "x" (suppressed so "<5" can't be recomputed). */
export type Cell = number | '<5' | 'x';

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

// ---------------------------------------------------------------------------------------------
// Facts: the fields of a record the figures need, nothing else.

export interface SignalFact {
  schoolId: string;
  date: string;
  theme: SignalTheme;
  seriousness: (typeof seriousnessLevels)[number];
}
export interface ContactFact {
  schoolId: string;
  date: string;
  channel: (typeof contactChannels)[number];
  withWhom: (typeof contactParties)[number];
  /** The theme of the signal it belongs to, or null (then it is left out when a theme is chosen). */
  theme: SignalTheme | null;
}
export interface RequestFact {
  schoolId: string;
  topic: SignalTheme;
  status: string;
  /** Instants (ISO with offset): the response time is answeredAt − createdAt. */
  createdAt: string;
  answeredAt: string | null;
}
export interface PupilFact extends AbsenceFields {
  schoolId: string;
}
export interface MeldcodeFact {
  schoolId: string;
  startDate: string;
  closedDate: string | null;
  /** The theme of the signal the trajectory belongs to (null when unknown). */
  theme: SignalTheme | null;
}
export interface Facts {
  signals: SignalFact[];
  contacts: ContactFact[];
  requests: RequestFact[];
  pupils: PupilFact[];
  meldcodes: MeldcodeFact[];
}

// ---------------------------------------------------------------------------------------------
// Tables and suppression

export type Dim =
  | 'theme' | 'seriousness' | 'period' | 'school' | 'channel' | 'party' | 'requestState'
  | 'absenceKind' | 'absenceDuration' | 'meldcodeState' | 'figure';

export interface CountTable {
  title: string;
  rowDim: Dim;
  colDim: Dim;
  rows: string[];
  cols: string[];
  cells: Cell[][];
  /** Per row, or null when the columns do not add up (e.g. different figures side by side). */
  rowTotals: Cell[] | null;
  colTotals: Cell[] | null;
  total: Cell | null;
}

type Mark = 'shown' | 'primary' | 'secondary' | 'omitted';
interface Member {
  value: number;
  mark: Mark;
  isTotal: boolean;
}

/** What an outsider knows of a member before looking at the totals. */
function initialBounds(m: Member): [number, number] {
  if (m.mark === 'shown') return [m.value, m.value];
  if (m.mark === 'omitted') return [0, Number.POSITIVE_INFINITY];
  return m.mark === 'primary' ? [1, SMALL_CELL - 1] : [SMALL_CELL, Number.POSITIVE_INFINITY];
}

interface Relation {
  cells: Member[];
  total: Member;
}

/**
 * The first suppressed member an outsider can work out exactly, or null. The outsider's reasoning is
 * modelled as interval propagation over every relation at once (each relation narrows the bounds of
 * its members from the bounds of the others, repeated until nothing changes): this catches a single
 * suppressed cell in a row as well as chains through several totals, and through several tables.
 */
function pinnedMember(members: Member[], relations: Relation[]): Member | null {
  const b = new Map(members.map((m) => [m, initialBounds(m)] as const));
  for (let round = 0, changed = true; changed && round < 100; round++) {
    changed = false;
    for (const rel of relations) {
      const terms = [...rel.cells.map((m) => ({ m, a: 1 })), { m: rel.total, a: -1 }];
      for (const target of terms) {
        let lo = 0;
        let hi = 0;
        for (const x of terms) {
          if (x === target) continue;
          const [l, h] = b.get(x.m)!;
          lo += x.a > 0 ? l : -h;
          hi += x.a > 0 ? h : -l;
        }
        // target.a * v + (sum of the others) = 0
        const [tl, th] = b.get(target.m)!;
        const nl = Math.max(tl, target.a > 0 ? -hi : lo);
        const nh = Math.min(th, target.a > 0 ? -lo : hi);
        if (nl !== tl || nh !== th) {
          b.set(target.m, [nl, nh]);
          changed = true;
        }
      }
    }
  }
  return members.find((m) => m.mark !== 'shown' && m.mark !== 'omitted' && b.get(m)![0] === b.get(m)![1]) ?? null;
}

const publish = (m: Member): Cell => (m.mark === 'shown' ? m.value : m.mark === 'primary' ? '<5' : 'x');

/** A table before suppression: its exact counts and which totals it shows. */
export interface TableCounts {
  counts: number[][];
  rowTotals: boolean;
  colTotals: boolean;
}

/** A total of a table: the grand total, or the total of a row or a column (by index). */
export type TotalPlace = 'total' | { row: number } | { col: number };

/** Two totals, in two tables, that count the same records (e.g. all signals: by theme, and by school). */
export type TotalLink<K extends string> = readonly [K, TotalPlace, K, TotalPlace];

type Published = Pick<CountTable, 'cells' | 'rowTotals' | 'colTotals' | 'total'>;

interface Layout {
  grid: Member[][];
  rowT: Member[] | null;
  colT: Member[] | null;
  grand: Member | null;
  omitTotals: boolean;
}

function layout({ counts, rowTotals, colTotals }: TableCounts): Layout {
  const mk = (value: number, isTotal: boolean): Member => ({
    value, isTotal, mark: value > 0 && value < SMALL_CELL ? 'primary' : 'shown',
  });
  const nCols = counts[0]?.length ?? 0;
  const rowT = rowTotals ? counts.map((row) => mk(row.reduce((a, b) => a + b, 0), true)) : null;
  const colT = colTotals ? Array.from({ length: nCols }, (_, k) => mk(counts.reduce((a, row) => a + (row[k] ?? 0), 0), true)) : null;
  return {
    grid: counts.map((row) => row.map((v) => mk(v, false))),
    rowT,
    colT,
    grand: rowT && colT ? mk(counts.flat().reduce((a, b) => a + b, 0), true) : null,
    omitTotals: false,
  };
}

function relationsOf(l: Layout): Relation[] {
  const out: Relation[] = [];
  if (l.rowT) l.grid.forEach((row, r) => out.push({ cells: row, total: l.rowT![r]! }));
  if (l.colT) l.colT.forEach((t, k) => out.push({ cells: l.grid.map((row) => row[k]!), total: t }));
  if (l.grand && l.rowT && l.colT) out.push({ cells: l.rowT, total: l.grand }, { cells: l.colT, total: l.grand });
  return out;
}

const totalsOf = (l: Layout): Member[] => [...(l.rowT ?? []), ...(l.colT ?? []), ...(l.grand ? [l.grand] : [])];
const membersOf = (l: Layout): Member[] => [...l.grid.flat(), ...totalsOf(l)];

/** The member at a total place, and a setter for it. */
function slot(l: Layout, at: TotalPlace): { get(): Member | undefined; set(m: Member): void } {
  if (at === 'total') return { get: () => l.grand ?? undefined, set: (m) => (l.grand = m) };
  if ('row' in at) return { get: () => l.rowT?.[at.row], set: (m) => (l.rowT![at.row] = m) };
  return { get: () => l.colT?.[at.col], set: (m) => (l.colT![at.col] = m) };
}

/**
 * Builds the published tables from exact counts, with primary and secondary suppression (see the
 * rule at the top of this file), for several tables at once. An outsider reads every table of the
 * dashboard together: a total that two tables share (`links`) is one number, hidden in both or in
 * neither, and the relations of all tables are reasoned over together. Where nothing is left to
 * hide and a number still follows, the totals of that table, and of every table it shares a total
 * with, are left out.
 */
export function suppressTables<K extends string>(tables: Record<K, TableCounts>, links: readonly TotalLink<K>[] = []): Record<K, Published> {
  const names = Object.keys(tables) as K[];
  const layouts = new Map(names.map((n) => [n, layout(tables[n])] as const));
  // Tables that share a total: when one leaves its totals out, so do the others.
  const group = new Map(names.map((n) => [n, new Set([n])] as const));
  for (const [a, atA, b, atB] of links) {
    const from = slot(layouts.get(a)!, atA);
    const to = slot(layouts.get(b)!, atB);
    const shared = from.get();
    const other = to.get();
    // Not the same number after all (a signal without a theme is in one table only): nothing to share.
    if (!shared || !other || shared === other || shared.value !== other.value) continue;
    // The same Member object in both tables: one number, one mark. Earlier links to `other` follow.
    for (const l of layouts.values()) {
      l.rowT?.forEach((m, i) => m === other && (l.rowT![i] = shared));
      l.colT?.forEach((m, i) => m === other && (l.colT![i] = shared));
      if (l.grand === other) l.grand = shared;
    }
    const joined = new Set([...group.get(a)!, ...group.get(b)!]);
    for (const n of joined) group.set(n, joined);
  }

  const relations = [...layouts.values()].flatMap(relationsOf);
  const members = [...new Set([...layouts.values()].flatMap(membersOf))];
  for (let pinned = pinnedMember(members, relations); pinned; pinned = pinnedMember(members, relations)) {
    // Hide the smallest published non-zero cell of a relation the given-away member is in (a total
    // only when no cell is left), so that relation has one more unknown.
    // Else a number of the tables it is in, else of the tables those share a total with: the rest of
    // the dashboard is not touched by this number.
    const own = names.filter((n) => membersOf(layouts.get(n)!).includes(pinned));
    const near = [...new Set(own.flatMap((n) => [...group.get(n)!]))];
    const shownIn = (tables: K[]) => tables.flatMap((n) => membersOf(layouts.get(n)!)).filter((m) => m.mark === 'shown' && m.value > 0);
    const around = relations.filter((r) => r.total === pinned || r.cells.includes(pinned));
    const open = around.flatMap((r) => [...r.cells, r.total]).filter((m) => m.mark === 'shown' && m.value > 0);
    const pool = open.length ? open : shownIn(own).length ? shownIn(own) : shownIn(near);
    const pick = [...pool].sort((x, y) => Number(x.isTotal) - Number(y.isTotal) || x.value - y.value)[0];
    if (pick) {
      pick.mark = 'secondary';
      continue;
    }
    // Nothing left to hide and still a number follows (e.g. four "<5" cells under a total "<5": each
    // must be 1): the totals of those tables are left out, so their relations say nothing.
    const omit = near.filter((n) => !layouts.get(n)!.omitTotals);
    if (omit.length === 0) break;
    for (const n of omit) {
      const l = layouts.get(n)!;
      l.omitTotals = true;
      for (const m of totalsOf(l)) m.mark = 'omitted';
    }
  }

  return Object.fromEntries(
    names.map((n) => {
      const l = layouts.get(n)!;
      const totals = (ms: Member[] | null) => (ms && !l.omitTotals ? ms.map(publish) : null);
      return [n, { cells: l.grid.map((row) => row.map(publish)), rowTotals: totals(l.rowT), colTotals: totals(l.colT), total: l.grand && !l.omitTotals ? publish(l.grand) : null }];
    }),
  ) as Record<K, Published>;
}

/** One table on its own (see suppressTables). */
export function suppressTable(counts: number[][], opts: { rowTotals: boolean; colTotals: boolean }): Published {
  return suppressTables({ t: { counts, ...opts } }).t;
}

/** A table of the dashboard before suppression: what it counts, and the exact counts. */
interface TableSpec extends TableCounts {
  title: string;
  rowDim: Dim;
  colDim: Dim;
  rows: string[];
  cols: string[];
}

function countTable(
  title: string,
  rowDim: Dim,
  colDim: Dim,
  rows: readonly string[],
  cols: readonly string[],
  items: Iterable<[string, string]>,
  opts: { rowTotals: boolean; colTotals: boolean },
): TableSpec {
  const counts = rows.map(() => cols.map(() => 0));
  const ri = new Map(rows.map((r, i) => [r, i]));
  const ci = new Map(cols.map((c, i) => [c, i]));
  for (const [r, c] of items) {
    const i = ri.get(r);
    const k = ci.get(c);
    if (i !== undefined && k !== undefined) counts[i]![k]!++;
  }
  return { title, rowDim, colDim, rows: [...rows], cols: [...cols], counts, ...opts };
}

/** Published count for a single number (no relation): 1..4 is "<5". */
export function publishCount(n: number): Cell {
  return n > 0 && n < SMALL_CELL ? '<5' : n;
}

// ---------------------------------------------------------------------------------------------
// Percentiles

/** The p-th quantile (0..1) by linear interpolation between closest ranks (Excel PERCENTILE.INC). */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Median and 90th percentile, or nulls when there are fewer than 5 values. */
export function spread(values: readonly number[]): { n: Cell; median: number | null; p90: number | null } {
  if (values.length < SMALL_CELL) return { n: publishCount(values.length), median: null, p90: null };
  return { n: values.length, median: round1(quantile(values, 0.5)), p90: round1(quantile(values, 0.9)) };
}

// ---------------------------------------------------------------------------------------------
// The figures

export const requestStates = ['beantwoord', 'open', 'teruggetrokken'] as const;
export const absenceKindsShown = ['verzuim', 'thuiszitter'] as const;
export const absenceDurations = ['tot4w', '4wTot3m', 'meerDan3m'] as const;
export const meldcodeStates = ['open', 'afgesloten'] as const;
/** Contactmomenten and consultatievragen per period. Signals per period are the row totals of
 * signalsByPeriodAndSchool: one number in one table, not two numbers that must be kept in step. */
export const trendFigures = ['contactmomenten', 'consultatievragen'] as const;

export interface ResponseTimeRow {
  /** A school id, or null for all schools in the filter together. */
  schoolId: string | null;
  /** Answered requests the figures are based on: requestsBySchool's "beantwoord" (null: not published). */
  n: Cell | null;
  /** Hours from asking to the first answer. */
  medianHours: number | null;
  p90Hours: number | null;
}

export interface AbsenceDurationRow {
  kind: (typeof absenceKindsShown)[number];
  /** absenceBySchool's total for this kind (null: not published). */
  n: Cell | null;
  medianDays: number | null;
  p90Days: number | null;
}

export interface Kengetallen {
  filter: KengetallenFilter;
  /** Verzuim and thuiszitters are counted as they stand on this day: the end of the range, or today. */
  referenceDate: string;
  periods: string[];
  tables: {
    signalsByThemeAndSeriousness: CountTable;
    signalsByPeriodAndSchool: CountTable;
    trend: CountTable;
    contactsByChannelAndParty: CountTable;
    requestsBySchool: CountTable;
    absenceBySchool: CountTable;
    absenceByDuration: CountTable;
    meldcodeBySchool: CountTable;
  };
  responseTimes: ResponseTimeRow[];
  absenceDurations: AbsenceDurationRow[];
}

const inRange = (d: string, f: KengetallenFilter) => d >= f.from && d <= f.to;
const themeOk = (t: SignalTheme | null, f: KengetallenFilter) => f.theme === null || t === f.theme;

/** Verzuim and thuiszitters belong to the themes verzuim and thuiszitter (and to "every theme"). */
const absenceThemeOk = (f: KengetallenFilter) => f.theme === null || f.theme === 'verzuim' || f.theme === 'thuiszitter';

function durationBucket(days: number): (typeof absenceDurations)[number] {
  if (days <= 28) return 'tot4w';
  if (days <= 91) return '4wTot3m';
  return 'meerDan3m';
}

/** Every kengetal for the filter. `today` is the Amsterdam calendar date now. */
export function computeKengetallen(facts: Facts, filter: KengetallenFilter, today: string): Kengetallen {
  const schools = new Set(filter.schoolIds);
  const periods = periodKeys(filter.from, filter.to, filter.period);
  const refDate = filter.to < today ? filter.to : today;
  const inSchool = (x: { schoolId: string }) => schools.has(x.schoolId);

  const signals = facts.signals.filter((s) => inSchool(s) && inRange(s.date, filter) && themeOk(s.theme, filter));
  const contacts = facts.contacts.filter((c) => inSchool(c) && inRange(c.date, filter) && themeOk(c.theme, filter));
  const requests = facts.requests
    .map((r) => ({ ...r, day: dateInAmsterdam(new Date(r.createdAt)) }))
    .filter((r) => inSchool(r) && inRange(r.day, filter) && themeOk(r.topic, filter));
  const meldcodes = facts.meldcodes.filter(
    (m) => inSchool(m) && themeOk(m.theme, filter) && m.startDate <= filter.to && (!m.closedDate || m.closedDate >= filter.from),
  );
  const absences = absenceThemeOk(filter)
    ? facts.pupils.flatMap((p) => {
        if (!inSchool(p) || !p.absenceSince || p.absenceSince > refDate) return [];
        const st = absenceStatus(p, refDate);
        return st ? [{ schoolId: p.schoolId, kind: st.thuiszitter ? ('thuiszitter' as const) : ('verzuim' as const), days: st.daysAbsent }] : [];
      })
    : [];

  const schoolIds = filter.schoolIds;
  const specs = {
    signalsByThemeAndSeriousness: countTable(
      'Signalen naar thema en ernst', 'theme', 'seriousness', signalThemes, seriousnessLevels,
      signals.map((s) => [s.theme, s.seriousness]), { rowTotals: true, colTotals: true },
    ),
    signalsByPeriodAndSchool: countTable(
      'Signalen per periode en school', 'period', 'school', periods, schoolIds,
      signals.map((s) => [periodKey(s.date, filter.period), s.schoolId]), { rowTotals: true, colTotals: true },
    ),
    trend: countTable(
      'Verloop per periode', 'period', 'figure', periods, trendFigures,
      [
        ...contacts.map((c): [string, string] => [periodKey(c.date, filter.period), 'contactmomenten']),
        ...requests.map((r): [string, string] => [periodKey(r.day, filter.period), 'consultatievragen']),
      ],
      { rowTotals: false, colTotals: true },
    ),
    contactsByChannelAndParty: countTable(
      'Contactmomenten naar soort en met wie', 'channel', 'party', contactChannels, contactParties,
      contacts.map((c) => [c.channel, c.withWhom]), { rowTotals: true, colTotals: true },
    ),
    requestsBySchool: countTable(
      'Consultatievragen per school', 'school', 'requestState', schoolIds, requestStates,
      requests.map((r) => [r.schoolId, r.answeredAt ? 'beantwoord' : r.status === 'teruggetrokken' ? 'teruggetrokken' : 'open']),
      { rowTotals: true, colTotals: true },
    ),
    absenceBySchool: countTable(
      'Verzuim en thuiszitters per school (op de peildatum)', 'school', 'absenceKind', schoolIds, absenceKindsShown,
      absences.map((a) => [a.schoolId, a.kind]), { rowTotals: true, colTotals: true },
    ),
    absenceByDuration: countTable(
      'Verzuim en thuiszitters naar duur (op de peildatum)', 'absenceDuration', 'absenceKind', absenceDurations, absenceKindsShown,
      absences.map((a) => [durationBucket(a.days), a.kind]), { rowTotals: true, colTotals: true },
    ),
    meldcodeBySchool: countTable(
      'Meldcode-trajecten per school', 'school', 'meldcodeState', schoolIds, meldcodeStates,
      meldcodes.map((m) => [m.schoolId, m.closedDate && m.closedDate <= filter.to ? 'afgesloten' : 'open']),
      { rowTotals: true, colTotals: true },
    ),
  };
  // The same number in two tables is one number (see suppressTables): all signals, all contacts and
  // all requests in the filter, and the verzuim and thuiszitters per kind.
  const trendCol = (f: (typeof trendFigures)[number]) => ({ col: trendFigures.indexOf(f) });
  const links: TotalLink<keyof typeof specs>[] = [
    ['signalsByThemeAndSeriousness', 'total', 'signalsByPeriodAndSchool', 'total'],
    ['contactsByChannelAndParty', 'total', 'trend', trendCol('contactmomenten')],
    ['requestsBySchool', 'total', 'trend', trendCol('consultatievragen')],
    ['absenceBySchool', 'total', 'absenceByDuration', 'total'],
    ...absenceKindsShown.map((_, k) => ['absenceBySchool', { col: k }, 'absenceByDuration', { col: k }] as const),
  ];
  const published = suppressTables(specs, links);
  const t = Object.fromEntries(
    (Object.keys(specs) as (keyof typeof specs)[]).map((name) => {
      const { title, rowDim, colDim, rows, cols } = specs[name];
      return [name, { title, rowDim, colDim, rows, cols, ...published[name] }];
    }),
  ) as Kengetallen['tables'];

  // The number of answered requests and of absences is published by the tables above: the same
  // number, suppressed the same way (a "x" in a table is never given away by a count here).
  const answered = requests.filter((r) => r.answeredAt);
  const hours = (r: RequestFact) => Math.max(0, Date.parse(r.answeredAt!) - Date.parse(r.createdAt)) / 3_600_000;
  const done = requestStates.indexOf('beantwoord');
  const responseTimes: ResponseTimeRow[] = [null, ...schoolIds].map((schoolId) => {
    const s = spread(answered.filter((r) => schoolId === null || r.schoolId === schoolId).map(hours));
    const n = schoolId === null ? (t.requestsBySchool.colTotals?.[done] ?? null) : t.requestsBySchool.cells[schoolIds.indexOf(schoolId)]![done]!;
    return { schoolId, n, medianHours: s.median, p90Hours: s.p90 };
  });
  const absenceDurationsOut: AbsenceDurationRow[] = absenceKindsShown.map((kind, k) => {
    const s = spread(absences.filter((a) => a.kind === kind).map((a) => a.days));
    return { kind, n: t.absenceBySchool.colTotals?.[k] ?? null, medianDays: s.median, p90Days: s.p90 };
  });

  return { filter, referenceDate: refDate, periods, tables: t, responseTimes, absenceDurations: absenceDurationsOut };
}

// ---------------------------------------------------------------------------------------------
// Labels (Dutch), shared by the dashboard and the CSV export

export const kengetalLabels: Record<Exclude<Dim, 'period' | 'school'>, Record<string, string>> = {
  theme: {
    verzuim: 'Verzuim', thuiszitter: 'Thuiszitter', gedrag: 'Gedrag', emotioneel_welzijn: 'Emotioneel welzijn',
    thuissituatie: 'Thuissituatie', ontwikkeling_leren: 'Ontwikkeling en leren', gezondheid: 'Gezondheid',
    veiligheid: 'Veiligheid', overig: 'Overig',
  },
  seriousness: { zorg: 'Zorg', zorgelijk: 'Zorgelijk', acuut: 'Acuut' },
  channel: { school: 'Gesprek op school', telefonisch: 'Telefonisch', huisbezoek: 'Huisbezoek', online: 'Online', mdo: 'MDO/ZAT-overleg' },
  party: { leerling: 'Leerling', ouder: 'Ouder/verzorger', leerkracht: 'Leerkracht', ib: "IB'er", professional: 'Andere professional' },
  requestState: { beantwoord: 'Beantwoord', open: 'Nog niet beantwoord', teruggetrokken: 'Teruggetrokken' },
  absenceKind: { verzuim: 'Verzuim', thuiszitter: 'Thuiszitter' },
  absenceDuration: { tot4w: 'Tot 4 weken', '4wTot3m': '4 weken tot 3 maanden', meerDan3m: 'Langer dan 3 maanden' },
  meldcodeState: { open: 'Open', afgesloten: 'Afgesloten' },
  figure: { signalen: 'Signalen', contactmomenten: 'Contactmomenten', consultatievragen: 'Consultatievragen' },
};

/** The Dutch label of a row or column key; school ids through `schoolNames`. */
export function dimLabel(dim: Dim, key: string, schoolNames: Readonly<Record<string, string>> = {}): string {
  if (dim === 'period') return periodLabel(key);
  if (dim === 'school') return schoolNames[key] ?? 'Onbekende school';
  return kengetalLabels[dim][key] ?? key;
}

/** A published number as text: 1234 → "1234", "<5", "x"; decimals with a comma. */
export function cellText(c: Cell | number | null): string {
  if (c === null) return '–';
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : c.toFixed(1).replace('.', ',');
  return c;
}

const csvField = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The figures as CSV for Dutch Excel: UTF-8 with BOM, ";" between fields, one line per published
 * number: Onderdeel;Rij;Kolom;Waarde. Suppressed numbers are "<5" or "x".
 */
export function kengetallenCsv(k: Kengetallen, schoolNames: Readonly<Record<string, string>>): string {
  const lines: string[][] = [['Onderdeel', 'Rij', 'Kolom', 'Waarde']];
  const theme = k.filter.theme ? dimLabel('theme', k.filter.theme) : 'Alle thema’s';
  lines.push(['Filter', 'Periode', `${k.filter.from} t/m ${k.filter.to}`, k.filter.period === 'month' ? 'per maand' : 'per kwartaal']);
  lines.push(['Filter', 'Thema', '', theme]);
  lines.push(['Filter', 'Scholen', '', k.filter.schoolIds.map((id) => schoolNames[id] ?? id).join(', ')]);
  lines.push(['Filter', 'Peildatum verzuim', '', k.referenceDate]);
  for (const table of Object.values(k.tables)) {
    const rl = (r: string) => dimLabel(table.rowDim, r, schoolNames);
    const cl = (c: string) => dimLabel(table.colDim, c, schoolNames);
    table.rows.forEach((r, i) => {
      table.cols.forEach((c, j) => lines.push([table.title, rl(r), cl(c), cellText(table.cells[i]![j]!)]));
      if (table.rowTotals) lines.push([table.title, rl(r), 'Totaal', cellText(table.rowTotals[i]!)]);
    });
    if (table.colTotals) table.cols.forEach((c, j) => lines.push([table.title, 'Totaal', cl(c), cellText(table.colTotals![j]!)]));
    if (table.total !== null) lines.push([table.title, 'Totaal', 'Totaal', cellText(table.total)]);
  }
  for (const r of k.responseTimes) {
    const who = r.schoolId ? (schoolNames[r.schoolId] ?? r.schoolId) : 'Alle scholen';
    const title = 'Tijd tot eerste antwoord op consultatievragen (uren)';
    lines.push([title, who, 'Aantal beantwoord', cellText(r.n)]);
    lines.push([title, who, 'Mediaan (uren)', cellText(r.medianHours)]);
    lines.push([title, who, '90e percentiel (uren)', cellText(r.p90Hours)]);
  }
  for (const a of k.absenceDurations) {
    const title = 'Duur van verzuim en thuiszitten (dagen, op de peildatum)';
    const who = dimLabel('absenceKind', a.kind);
    lines.push([title, who, 'Aantal', cellText(a.n)]);
    lines.push([title, who, 'Mediaan (dagen)', cellText(a.medianDays)]);
    lines.push([title, who, '90e percentiel (dagen)', cellText(a.p90Days)]);
  }
  return `\uFEFF${lines.map((l) => l.map(csvField).join(';')).join('\r\n')}\r\n`;
}
