// Kengetallen: anonymous figures per school, period and theme, for coordinators. Pure: the server
// reads the few fields it needs from the records and passes them in as plain facts, with `today`.
// The suppression rule is in suppression.ts.
import { seriousnessLevels, signalThemes, type SignalTheme } from '../signal';
import { contactChannels, contactParties } from '../contact';
import { absenceStatus, type AbsenceFields } from '../absence';
import { dateInAmsterdam, daysBetween } from '../calendar';
import { periodKey, periodKeys, unitsOf, type KengetallenFilter } from './query';
import {
  returnWithin,
  routeSteps,
  routesPerStep,
  thuiszitterFactsFrom,
  thuiszitterInWindow,
  thuiszittersByDurationAndOutcome,
  vrijstellingen,
  type AbsenceEntryFact,
  type ReferralFact,
  type RouteFact,
  type ThuiszitterFact,
} from './thuiszitters';
import {
  spread,
  suppressTablesDetailed,
  type Cell,
  type CountTable,
  type Dim,
  type SuppressOptions,
  type SuppressResult,
  type TableCounts,
  type TotalLink,
} from './suppression';

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
  /** The absence entries, verzuimroutes and referrals to care (thuiszitters.ts); none when left out. */
  absenceEntries?: AbsenceEntryFact[];
  routes?: RouteFact[];
  referrals?: ReferralFact[];
}

/**
 * How a column of a table adds up over the months of a longer window: `sum` (records in the window:
 * a quarter's cell is the sum of its months' cells), `end` (a stock on the last day: a quarter's
 * cell is that of its last month) or `own` (pupils counted once over the whole window, such as those
 * who were thuiszitter at some time in it: neither, so not linked to the windows inside it). Used to
 * suppress a window together with the windows inside it.
 */
export type Across = 'sum' | 'end' | 'own';

/** A table of the dashboard before suppression: what it counts, and the exact counts. */
export interface TableSpec extends TableCounts {
  title: string;
  rowDim: Dim;
  colDim: Dim;
  rows: string[];
  cols: string[];
  /** Per column, or one for all; missing: `sum`. */
  across?: Across | readonly Across[];
}

function countTable(
  title: string,
  rowDim: Dim,
  colDim: Dim,
  rows: readonly string[],
  cols: readonly string[],
  items: Iterable<[string, string]>,
  opts: { rowTotals: boolean; colTotals: boolean },
  across?: TableSpec['across'],
): TableSpec {
  const counts = rows.map(() => cols.map(() => 0));
  const ri = new Map(rows.map((r, i) => [r, i]));
  const ci = new Map(cols.map((c, i) => [c, i]));
  for (const [r, c] of items) {
    const i = ri.get(r);
    const k = ci.get(c);
    if (i !== undefined && k !== undefined) counts[i]![k]!++;
  }
  return { title, rowDim, colDim, rows: [...rows], cols: [...cols], counts, ...opts, ...(across ? { across } : {}) };
}

// The figures

export const requestStates = ['beantwoord', 'open', 'teruggetrokken'] as const;
export const absenceKindsShown = ['verzuim', 'thuiszitter'] as const;
export const absenceDurations = ['tot4w', '4wTot3m', 'meerDan3m'] as const;
export const meldcodeStates = ['open', 'afgesloten'] as const;
/** Of the thuiszitters whose 3 (or 6) months have passed: back in education within them, or not. */
export const returnStates = ['terug', 'nietTerug'] as const;
export const vrijstellingKinds = ['absoluut', 'relatief'] as const;
/** Referrals to care: still waiting on the reference date, or care started in the period. */
export const waitStates = ['wacht', 'gestart'] as const;
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

export interface WaitingTimeRow {
  state: (typeof waitStates)[number];
  /** waitingForCare's total for this state (null: not published). */
  n: Cell | null;
  medianWeeks: number | null;
  p90Weeks: number | null;
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
    thuiszittersByDurationAndOutcome: CountTable;
    returnWithin3Months: CountTable;
    returnWithin6Months: CountTable;
    vrijstellingenBySchool: CountTable;
    routesPerStep: CountTable;
    waitingForCare: CountTable;
  };
  responseTimes: ResponseTimeRow[];
  absenceDurations: AbsenceDurationRow[];
  /** Weeks waited for care: so far for those still waiting, until the start for those who started. */
  waitingTimes: WaitingTimeRow[];
  /** How this view is coarser than asked, to keep totals visible: per quarter, small units merged. */
  coarsened: { period: 'quarter' | null; mergedUnits: string[] };
  /** Titles of tables where a total of 5 or more is still hidden (after coarsening). */
  totalsHidden: string[];
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

/** One view before suppression: its tables and links, and how to finish it from the published tables. */
export interface ViewSpecs {
  specs: Record<TableName, TableSpec>;
  links: TotalLink<TableName>[];
  finish(published: SuppressResult<TableName>): Kengetallen;
}
export type TableName = keyof Kengetallen['tables'];

/** One attempt: the figures of exactly this filter, suppressed, and the totals that had to be hidden. */
function computeOnce(facts: Facts, filter: KengetallenFilter, today: string, options: SuppressOptions): Kengetallen {
  const v = buildView(facts, filter, today);
  return v.finish(suppressTablesDetailed(v.specs, v.links, options));
}

/** The tables of exactly this filter, before suppression. */
export function buildView(facts: Facts, filter: KengetallenFilter, today: string): ViewSpecs {
  const schools = new Set(filter.schoolIds);
  const unit = (schoolId: string) => filter.unitOf?.[schoolId] ?? schoolId;
  const units = unitsOf(filter);
  const byUnit = filter.groupBy;
  const per = byUnit === 'swv' ? 'samenwerkingsverband' : byUnit;
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
        return st
          ? [{ schoolId: unit(p.schoolId), kind: st.thuiszitter ? ('thuiszitter' as const) : ('verzuim' as const), days: st.daysAbsent }]
          : [];
      })
    : [];

  // Thuiszitters in the window, from the absence entries and routes as they stand on the reference
  // date; every figure per unit is the pure function of thuiszitters.ts over that unit's pupils.
  const tz = absenceThemeOk(filter)
    ? thuiszitterFactsFrom(
        (facts.absenceEntries ?? []).filter(inSchool),
        (facts.routes ?? []).filter(inSchool),
        (facts.referrals ?? []).filter(inSchool),
        refDate,
      )
    : { absent: [], routes: [] };
  // The wachtlijst: referrals still waiting on the reference date (not lapsed), and those whose care
  // started in the period, each with the weeks waited.
  const waits = absenceThemeOk(filter)
    ? (facts.referrals ?? []).filter(inSchool).flatMap((r) => {
        if (r.since > refDate || (r.lapsedAt && r.lapsedAt <= refDate)) return [];
        const started = r.startedAt && r.startedAt <= refDate ? r.startedAt : null;
        if (started && started < filter.from) return [];
        const weeks = daysBetween(r.since, started ?? refDate) / 7;
        return [{ schoolId: unit(r.schoolId), state: started ? ('gestart' as const) : ('wacht' as const), weeks }];
      })
    : [];
  const inUnit = (list: ThuiszitterFact[]) => list.map((f) => ({ ...f, schoolId: unit(f.schoolId) }));
  const thuiszitters = inUnit(tz.absent.filter((f) => thuiszitterInWindow(f, filter.from, refDate)));
  const absentAll = inUnit(tz.absent);
  const fromTable = (
    title: string,
    rowDim: Dim,
    colDim: Dim,
    t: { rows: string[]; cols: string[]; counts: number[][] },
    opts: { rowTotals: boolean; colTotals: boolean },
    across: TableSpec['across'],
  ): TableSpec => ({ title, rowDim, colDim, ...t, ...opts, across });
  const returnTable = (months: 3 | 6): TableSpec =>
    fromTable(
      `Terug naar onderwijs binnen ${months} maanden per ${per}`,
      byUnit,
      'returnState',
      {
        rows: [...units],
        cols: [...returnStates],
        counts: units.map((u) => {
          const r = returnWithin(
            thuiszitters.filter((f) => f.schoolId === u),
            refDate,
          ).find((x) => x.months === months)!;
          return [r.returned, r.cohort - r.returned];
        }),
      },
      { rowTotals: true, colTotals: true },
      // The cohort is everyone who was thuiszitter at some time in the window.
      'own',
    );

  const schoolIds = units;
  const specs = {
    signalsByThemeAndSeriousness: countTable(
      'Signalen naar thema en ernst',
      'theme',
      'seriousness',
      signalThemes,
      seriousnessLevels,
      signals.map((s) => [s.theme, s.seriousness]),
      { rowTotals: true, colTotals: true },
    ),
    signalsByPeriodAndSchool: countTable(
      `Signalen per periode en ${per}`,
      'period',
      byUnit,
      periods,
      schoolIds,
      signals.map((s) => [periodKey(s.date, filter.period), unit(s.schoolId)]),
      { rowTotals: true, colTotals: true },
    ),
    trend: countTable(
      'Verloop per periode',
      'period',
      'figure',
      periods,
      trendFigures,
      [
        ...contacts.map((c): [string, string] => [periodKey(c.date, filter.period), 'contactmomenten']),
        ...requests.map((r): [string, string] => [periodKey(r.day, filter.period), 'consultatievragen']),
      ],
      { rowTotals: false, colTotals: true },
    ),
    contactsByChannelAndParty: countTable(
      'Contactmomenten naar soort en met wie',
      'channel',
      'party',
      contactChannels,
      contactParties,
      contacts.map((c) => [c.channel, c.withWhom]),
      { rowTotals: true, colTotals: true },
    ),
    requestsBySchool: countTable(
      `Consultatievragen per ${per}`,
      byUnit,
      'requestState',
      schoolIds,
      requestStates,
      requests.map((r) => [unit(r.schoolId), r.answeredAt ? 'beantwoord' : r.status === 'teruggetrokken' ? 'teruggetrokken' : 'open']),
      { rowTotals: true, colTotals: true },
    ),
    absenceBySchool: countTable(
      `Verzuim en thuiszitters per ${per} (op de peildatum)`,
      byUnit,
      'absenceKind',
      schoolIds,
      absenceKindsShown,
      absences.map((a) => [a.schoolId, a.kind]),
      { rowTotals: true, colTotals: true },
      'end',
    ),
    absenceByDuration: countTable(
      'Verzuim en thuiszitters naar duur (op de peildatum)',
      'absenceDuration',
      'absenceKind',
      absenceDurations,
      absenceKindsShown,
      absences.map((a) => [durationBucket(a.days), a.kind]),
      { rowTotals: true, colTotals: true },
      'end',
    ),
    meldcodeBySchool: countTable(
      `Meldcode-trajecten per ${per}`,
      byUnit,
      'meldcodeState',
      schoolIds,
      meldcodeStates,
      meldcodes.map((m) => [unit(m.schoolId), m.closedDate && m.closedDate <= filter.to ? 'afgesloten' : 'open']),
      { rowTotals: true, colTotals: true },
      // Open on the last day; closed within the window.
      meldcodeStates.map((st) => (st === 'open' ? 'end' : 'sum')),
    ),
    thuiszittersByDurationAndOutcome: fromTable(
      'Thuiszitters naar duur en uitkomst (op de peildatum)',
      'thuiszitterDuration',
      'thuiszitterOutcome',
      thuiszittersByDurationAndOutcome(thuiszitters, refDate),
      { rowTotals: true, colTotals: true },
      // A pupil out for two months is in both months and once in their quarter.
      'own',
    ),
    returnWithin3Months: returnTable(3),
    returnWithin6Months: returnTable(6),
    vrijstellingenBySchool: fromTable(
      `Vrijstellingen per ${per}`,
      byUnit,
      'vrijstelling',
      {
        rows: [...units],
        cols: [...vrijstellingKinds],
        counts: units.map((u) => {
          const v = vrijstellingen(
            absentAll.filter((f) => f.schoolId === u),
            filter.from,
            refDate,
          );
          return [v.absoluut, v.relatief];
        }),
      },
      { rowTotals: true, colTotals: true },
      // Granted on a day in the window.
      'sum',
    ),
    // Every open route is in every row: each row total is the number of open routes (linked below).
    routesPerStep: fromTable(
      'Open routes per stap (op de peildatum)',
      'routeStep',
      'routeStepState',
      routesPerStep(inUnit(tz.routes), refDate),
      { rowTotals: true, colTotals: false },
      'end',
    ),
    waitingForCare: countTable(
      `Wachtlijst voor zorg per ${per}`,
      byUnit,
      'waitState',
      schoolIds,
      waitStates,
      waits.map((w) => [w.schoolId, w.state]),
      { rowTotals: true, colTotals: true },
      // Still waiting on the last day; care started within the window.
      waitStates.map((st) => (st === 'wacht' ? 'end' : 'sum')),
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
    ...routeSteps.slice(1).map((_, i) => ['routesPerStep', { row: 0 }, 'routesPerStep', { row: i + 1 }] as const),
  ];
  return { specs, links, finish: (result) => finishView(result) };

  function finishView({ tables: published, totalsHidden }: SuppressResult<TableName>): Kengetallen {
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
      const s = spread(answered.filter((r) => schoolId === null || unit(r.schoolId) === schoolId).map(hours));
      const n =
        schoolId === null
          ? (t.requestsBySchool.colTotals?.[done] ?? null)
          : (t.requestsBySchool.cells[schoolIds.indexOf(schoolId)]?.[done] ?? null);
      // A count left out leaves the median out too: "fewer than 5" would tell what the count hides.
      return { schoolId, n, medianHours: n === null ? null : s.median, p90Hours: n === null ? null : s.p90 };
    });
    const absenceDurationsOut: AbsenceDurationRow[] = absenceKindsShown.map((kind, k) => {
      const s = spread(absences.filter((a) => a.kind === kind).map((a) => a.days));
      const n = t.absenceBySchool.colTotals?.[k] ?? null;
      return { kind, n, medianDays: n === null ? null : s.median, p90Days: n === null ? null : s.p90 };
    });
    // As with absence: a median only beside a published count of 5 or more.
    const waitingTimes: WaitingTimeRow[] = waitStates.map((state, k) => {
      const s = spread(waits.filter((w) => w.state === state).map((w) => w.weeks));
      const n = t.waitingForCare.colTotals?.[k] ?? null;
      return { state, n, medianWeeks: n === null ? null : s.median, p90Weeks: n === null ? null : s.p90 };
    });

    return {
      filter,
      referenceDate: refDate,
      periods,
      tables: t,
      responseTimes,
      absenceDurations: absenceDurationsOut,
      waitingTimes,
      coarsened: { period: null, mergedUnits: [] },
      totalsHidden: totalsHidden.map((n) => t[n].title),
    };
  }
}

/** Units whose figures include a count of 1 to 4 in a table per school: merged first into "overig". */
export function smallUnits(k: Kengetallen): string[] {
  const t = k.tables;
  const units = t.requestsBySchool.rows;
  const small = (c: Cell | undefined) => c === '<5';
  // A withheld table has no cells: its units are not told apart there.
  const out = units.filter(
    (_, i) =>
      [
        t.requestsBySchool,
        t.absenceBySchool,
        t.meldcodeBySchool,
        t.returnWithin3Months,
        t.returnWithin6Months,
        t.vrijstellingenBySchool,
        t.waitingForCare,
      ].some((tb) => small(tb.rowTotals?.[i]) || (tb.cells[i] ?? []).some(small)) ||
      small(t.signalsByPeriodAndSchool.colTotals?.[i]) ||
      t.signalsByPeriodAndSchool.cells.some((row) => small(row[i])),
  );
  return out;
}

/** The key of the merged small units. */
export const OTHER_UNITS = 'overig';

/** The units to merge into "overig" for these small ones (one alone takes the next smallest along), or null. */
export function unitsToMerge(filter: KengetallenFilter, small: readonly string[]): string[] | null {
  const units = unitsOf(filter);
  if (small.length === 0 || units.length <= 1) return null;
  const along = small.length === 1 ? [units.filter((u) => u !== small[0]).at(-1)!] : [];
  const merged = [...new Set([...small, ...along])];
  return merged.length < units.length ? merged : null;
}

/** The filter with these units counted together as "overig". */
export function mergeUnits(filter: KengetallenFilter, mergedUnits: readonly string[]): KengetallenFilter {
  const unitOf = Object.fromEntries(
    filter.schoolIds.map((s) => {
      const u = filter.unitOf?.[s] ?? s;
      return [s, mergedUnits.includes(u) ? OTHER_UNITS : u];
    }),
  );
  return { ...filter, unitOf };
}

/**
 * Every kengetal for the filter. `today` is the Amsterdam calendar date now. Coarsen before hiding:
 * when the suppression would have to hide a total of 5 or more, the figures are tried again with the
 * small units merged into "overige scholen" (or "overige gemeenten"), and then per quarter instead
 * of per month; the first view that keeps every total visible is published, else the one that hides
 * the fewest. The view published says so in `coarsened`.
 */
export function computeKengetallen(facts: Facts, filter: KengetallenFilter, today: string, options: SuppressOptions = {}): Kengetallen {
  const first = computeOnce(facts, filter, today, options);
  if (first.totalsHidden.length === 0) return first;
  const tries: Kengetallen[] = [first];
  const small = smallUnits(first);
  const units = unitsOf(filter);
  let merged: KengetallenFilter | null = null;
  if (small.length > 0 && units.length > 1) {
    // One small unit alone would be "overig" under another name: take the next smallest along.
    const along = small.length === 1 ? [units.filter((u) => u !== small[0]).at(-1)!] : [];
    const mergedUnits = [...small, ...along];
    if (mergedUnits.length < units.length) {
      merged = mergeUnits(filter, mergedUnits);
      const k = computeOnce(facts, merged, today, options);
      tries.push({ ...k, coarsened: { period: null, mergedUnits } });
    }
  }
  if (filter.period === 'month' && periodKeys(filter.from, filter.to, 'quarter').length > 1) {
    for (const base of merged ? [filter, merged] : [filter]) {
      const k = computeOnce(facts, { ...base, period: 'quarter' }, today, options);
      tries.push({
        ...k,
        coarsened: { period: 'quarter', mergedUnits: tries.find((x) => x.filter === base)?.coarsened.mergedUnits ?? [] },
      });
    }
  }
  return tries.find((k) => k.totalsHidden.length === 0) ?? tries.reduce((a, b) => (b.totalsHidden.length < a.totalsHidden.length ? b : a));
}
