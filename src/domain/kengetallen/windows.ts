// Kengetallen of a fixed window, suppressed together with the windows inside it. A quarter read next
// to its three months (or a school year next to its quarters and months) is one problem for an
// outsider: a quarter's cell is the sum of its months' cells. So the windows are suppressed jointly
// and each is published as its part of that one pattern:
//  - a quarter and its three months are one problem (a "quarter family");
//  - a calendar year or school year is suppressed together with every quarter and month inside it,
//    whose patterns are taken as they are from their quarter families (fixed), so a month looks the
//    same whether it is asked for alone, next to its quarter, or next to its year.
// The link between windows is written with atoms: the counts of one month per fine cell (unmerged
// units, per month), never published. Every cell of every view is the sum of its atoms (a stock on
// the last day, such as verzuim on the reference date, is the atom of the last month), which also
// covers views that merged small units or count per quarter.
import { addDays } from '../calendar';
import { periodKey, periodKeys, windowBounds, windowsInside, type KengetallenFilter } from './query';
import {
  buildView,
  computeKengetallen,
  mergeUnits,
  smallUnits,
  unitsToMerge,
  type Facts,
  type Kengetallen,
  type TableName,
  type TableSpec,
  type ViewSpecs,
} from './compute';
import {
  suppressJointly,
  type CellSum,
  type Dim,
  type Published,
  type SuppressOptions,
  type TableCounts,
  type TotalLink,
} from './suppression';

type Key = `${string}/${TableName}`;

const quarterOfMonth = (month: string) => periodKey(`${month}-01`, 'quarter');
const monthsOf = (window: string) => {
  const b = windowBounds(window)!;
  return periodKeys(b.from, b.to, 'month');
};
const windowFilter = (f: KengetallenFilter, window: string): KengetallenFilter => {
  const b = windowBounds(window)!;
  return { ...f, window, from: b.from, to: b.to };
};
const acrossOf = (spec: TableSpec, col: number) => (typeof spec.across === 'string' ? spec.across : (spec.across?.[col] ?? 'sum'));
const unitDims: readonly Dim[] = ['school', 'gemeente', 'swv'];

/**
 * The days whose records a window's figures need: from the first day of the quarter its first month
 * is in to the last day of the quarter its last month is in (the quarter families around it).
 */
export function familyRange(window: string): { from: string; to: string } {
  const months = monthsOf(window);
  return { from: windowBounds(quarterOfMonth(months[0]!))!.from, to: windowBounds(quarterOfMonth(months.at(-1)!))!.to };
}

/**
 * Results of earlier requests, by a key that holds everything they depend on (the filter as asked,
 * today, and every fact in the family's days), so a hit is the same pattern computed again. The
 * service keeps a few in memory: asking for a school year and then its months solves each quarter
 * family once.
 */
export interface FamilyCache {
  get(key: string): Map<string, Kengetallen> | undefined;
  set(key: string, value: Map<string, Kengetallen>): void;
}

/** Everything a family's figures depend on, as text. */
function familyKey(run: Run, window: string): string {
  const { from, to } = familyRange(window);
  const { window: _w, from: _f, to: _t, ...filter } = run.base;
  const within = (d: string) => d >= from && d <= to;
  const f = run.facts;
  return JSON.stringify({
    window,
    filter,
    today: run.today,
    exact: run.options.solve !== undefined,
    signals: f.signals.filter((x) => within(x.date)),
    contacts: f.contacts.filter((x) => within(x.date)),
    // An instant's day in Amsterdam is within a day of its UTC date.
    requests: f.requests.filter((x) => x.createdAt.slice(0, 10) >= addDays(from, -1) && x.createdAt.slice(0, 10) <= addDays(to, 1)),
    pupils: f.pupils,
    meldcodes: f.meldcodes.filter((x) => x.startDate <= to),
    // Stocks and thuiszitter clocks reach back before the family: all of them, as read.
    absenceEntries: f.absenceEntries ?? [],
    routes: f.routes ?? [],
    referrals: f.referrals ?? [],
  });
}

interface Run {
  cache: FamilyCache | null;
  facts: Facts;
  /** The filter as asked (units not merged): the atoms are counted with it. */
  base: KengetallenFilter;
  today: string;
  options: SuppressOptions;
  fine: Map<string, ViewSpecs>;
}

/** Free views (window and filter) suppressed together with fixed views already published. */
function jointly(run: Run, free: KengetallenFilter[], fixed: Map<string, Kengetallen>): Map<string, Kengetallen> {
  const { facts, base, today } = run;
  const views = [
    ...free.map((f) => ({ filter: f, view: buildView(facts, f, today), published: null as Kengetallen | null })),
    ...[...fixed.values()].map((k) => ({ filter: k.filter, view: buildView(facts, k.filter, today), published: k })),
  ];
  const tables = {} as Record<Key, TableCounts>;
  const links: TotalLink<Key>[] = [];
  const fixedTables: Partial<Record<Key, Published>> = {};
  const cellSums: CellSum<Key>[] = [];
  const atoms: Record<string, number> = {};
  const fineOf = (month: string) => {
    let v = run.fine.get(month);
    if (!v) run.fine.set(month, (v = buildView(facts, { ...windowFilter(base, month), period: 'month' }, today)));
    return v;
  };
  for (const { filter, view, published } of views) {
    const w = filter.window;
    const key = (n: TableName): Key => `${w}/${n}`;
    for (const [n, spec] of Object.entries(view.specs) as [TableName, TableSpec][]) {
      tables[key(n)] = spec;
      if (published) {
        const { cells, rowTotals, colTotals, total, withheld } = published.tables[n];
        fixedTables[key(n)] = { cells, rowTotals, colTotals, total, withheld };
      }
    }
    for (const [a, atA, b, atB] of view.links) links.push([key(a), atA, key(b), atB]);
    // Which unit of this view a unit of the base filter is counted under.
    const unitMap = new Map(base.schoolIds.map((s) => [base.unitOf?.[s] ?? s, filter.unitOf?.[s] ?? s]));
    const mapKey = (dim: Dim, k: string) =>
      unitDims.includes(dim) ? (unitMap.get(k) ?? k) : dim === 'period' ? periodKey(`${k}-01`, filter.period) : k;
    const months = monthsOf(w);
    const last = months.at(-1)!;
    const lastDay = windowBounds(last)!.to;
    // A stock is counted on the last day, or today when that is later: windows ending after today share it.
    const stockDay = lastDay < today ? lastDay : today;
    for (const [n, spec] of Object.entries(view.specs) as [TableName, TableSpec][]) {
      const parts = spec.rows.map(() => spec.cols.map((): string[] => []));
      const ri = new Map(spec.rows.map((r, i) => [r, i]));
      const ci = new Map(spec.cols.map((c, i) => [c, i]));
      for (const m of months) {
        const fine = fineOf(m).specs[n];
        fine.rows.forEach((fr, a) =>
          fine.cols.forEach((fc, b) => {
            const across = acrossOf(fine, b);
            if (across === 'own' || (across === 'end' && m !== last)) return;
            const atom = across === 'end' ? `end@${stockDay}|${n}|${fr}|${fc}` : `${m}|${n}|${fr}|${fc}`;
            atoms[atom] ??= fine.counts[a]![b]!;
            const i = ri.get(mapKey(fine.rowDim, fr));
            const k = ci.get(mapKey(fine.colDim, fc));
            if (i !== undefined && k !== undefined) parts[i]![k]!.push(atom);
          }),
        );
      }
      // A count of its own over the window is no sum of anything: it is linked to no other window.
      parts.forEach((row, i) =>
        row.forEach((p, k) => acrossOf(spec, k) !== 'own' && cellSums.push({ table: key(n), row: i, col: k, atoms: p })),
      );
    }
  }
  const rank: Partial<Record<Key, number>> = {};
  const rankOfWindow = { month: 0, quarter: 1, year: 2, schoolYear: 2 } as const;
  for (const { filter, view } of views) {
    for (const n of Object.keys(view.specs) as TableName[]) rank[`${filter.window}/${n}`] = rankOfWindow[windowBounds(filter.window)!.kind];
  }
  const result = suppressJointly(tables, links, { cellSums, atoms, fixed: fixedTables, rank }, run.options);
  const out = new Map<string, Kengetallen>();
  for (const { filter, view, published } of views) {
    if (published) continue;
    const w = filter.window;
    const own = Object.fromEntries((Object.keys(view.specs) as TableName[]).map((n) => [n, result.tables[`${w}/${n}`]]));
    const totalsHidden = result.totalsHidden.filter((k) => k.startsWith(`${w}/`)).map((k) => k.slice(w.length + 1) as TableName);
    out.set(w, view.finish({ tables: own as Record<TableName, Published>, totalsHidden }));
  }
  return out;
}

const hiddenTotals = (ks: Iterable<Kengetallen>) => [...ks].reduce((a, k) => a + k.totalsHidden.length, 0);

/** A quarter and its three months, one pattern; small units merged in all four when that keeps more totals. */
function quarterFamily(run: Run, quarter: string, cache: Map<string, Map<string, Kengetallen>>): Map<string, Kengetallen> {
  const key = run.cache ? familyKey(run, quarter) : '';
  const known = cache.get(quarter) ?? run.cache?.get(key);
  if (known) return known;
  const windows = [quarter, ...monthsOf(quarter)];
  const attempt = (f: KengetallenFilter) =>
    jointly(
      run,
      windows.map((w) => windowFilter(f, w)),
      new Map(),
    );
  let best = attempt(run.base);
  if (hiddenTotals(best.values()) > 0) {
    const merge = unitsToMerge(run.base, [...new Set([...best.values()].flatMap(smallUnits))]);
    if (merge) {
      const merged = attempt(mergeUnits(run.base, merge));
      for (const [w, k] of merged) merged.set(w, { ...k, coarsened: { period: null, mergedUnits: merge } });
      if (hiddenTotals(merged.values()) < hiddenTotals(best.values())) best = merged;
    }
  }
  cache.set(quarter, best);
  run.cache?.set(key, best);
  return best;
}

/** A calendar year or school year, suppressed next to its quarters and months as they are published. */
function yearFamily(run: Run, year: string, cache: Map<string, Map<string, Kengetallen>>): Kengetallen {
  const key = run.cache ? familyKey(run, year) : '';
  const known = run.cache?.get(key)?.get(year);
  if (known) return known;
  const k = yearFamilyOnce(run, year, cache);
  run.cache?.set(key, new Map([[year, k]]));
  return k;
}

function yearFamilyOnce(run: Run, year: string, cache: Map<string, Map<string, Kengetallen>>): Kengetallen {
  const fixed = new Map<string, Kengetallen>();
  for (const w of windowsInside(year)) {
    const quarter = /-K\d$/.test(w) ? w : quarterOfMonth(w);
    fixed.set(w, quarterFamily(run, quarter, cache).get(w)!);
  }
  const attempt = (f: KengetallenFilter) => jointly(run, [windowFilter(f, year)], fixed).get(year)!;
  // Coarsen before hiding, as for a single view: small units merged, then per quarter.
  const first = attempt(run.base);
  if (first.totalsHidden.length === 0) return first;
  const tries: Kengetallen[] = [first];
  // The units its quarters merged first: the year's cells per unit next to their "overig" would
  // give each small unit away.
  const ofParts = [...new Set([...fixed.values()].flatMap((k) => k.coarsened.mergedUnits))];
  const merges = [ofParts.length > 0 ? ofParts : null, unitsToMerge(run.base, smallUnits(first))].filter(
    (m, i, all): m is string[] => m !== null && all.findIndex((x) => x?.join() === m.join()) === i,
  );
  const bases: [KengetallenFilter, string[]][] = [[run.base, []]];
  for (const merge of merges) {
    const merged = mergeUnits(run.base, merge);
    bases.push([merged, merge]);
    tries.push({ ...attempt(merged), coarsened: { period: null, mergedUnits: merge } });
  }
  if (run.base.period === 'month') {
    for (const [f, mergedUnits] of bases)
      tries.push({ ...attempt({ ...f, period: 'quarter' }), coarsened: { period: 'quarter', mergedUnits } });
  }
  return tries.find((k) => k.totalsHidden.length === 0) ?? tries.reduce((a, b) => (b.totalsHidden.length < a.totalsHidden.length ? b : a));
}

/**
 * Every kengetal of a fixed window, consistent with every window inside it and around it in its
 * quarter family (see the top of this file). `facts` must cover `familyRange(filter.window)`. A
 * filter that is no fixed window is computed on its own.
 */
export function computeWindowKengetallen(
  facts: Facts,
  filter: KengetallenFilter,
  today: string,
  options: SuppressOptions = {},
  lately: FamilyCache | null = null,
): Kengetallen {
  const b = windowBounds(filter.window);
  if (!b || b.from !== filter.from || b.to !== filter.to) return computeKengetallen(facts, filter, today, options);
  const run: Run = { cache: lately, facts, base: filter, today, options, fine: new Map() };
  const cache = new Map<string, Map<string, Kengetallen>>();
  if (b.kind === 'month') return quarterFamily(run, quarterOfMonth(filter.window), cache).get(filter.window)!;
  if (b.kind === 'quarter') return quarterFamily(run, filter.window, cache).get(filter.window)!;
  return yearFamily(run, filter.window, cache);
}
