import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeKengetallen,
  kengetallenCsv,
  kengetallenQuerySchema,
  periodKey,
  periodKeys,
  periodLabel,
  quantile,
  resolveFilter,
  schoolYearOf,
  spread,
  suppressTable,
  suppressTables,
  windowBounds,
  windowOf,
  windowsInside,
  type Cell,
  type Facts,
  type KengetallenFilter,
} from '../../src/domain/kengetallen';

// ------------------------------------------------------------------------------------------------
// An outsider who knows the rule: tries every value each suppressed number could have ("<5": 1..4,
// "x": 5..max) and keeps the assignments that agree with every published number. A suppressed number
// is given away when only one value is left for it.

type Published = ReturnType<typeof suppressTable>;

/** Every assignment of exact counts that agrees with the published table, given to `visit`. */
function eachAssignment(p: Published, max: number, visit: (values: number[][], colSums: number[], grand: number) => void): void {
  const rows = p.cells.length;
  const cols = p.cells[0]?.length ?? 0;
  const range = (c: Cell): number[] =>
    typeof c === 'number' ? [c] : c === '<5' ? [1, 2, 3, 4] : Array.from({ length: Math.max(0, max - 4) }, (_, i) => i + 5);
  const fits = (c: Cell | undefined | null, v: number) =>
    c === null || c === undefined || (typeof c === 'number' ? c === v : c === '<5' ? v >= 1 && v <= 4 : v >= 5);
  const values: number[][] = Array.from({ length: rows }, () => Array<number>(cols).fill(0));
  const walk = (i: number) => {
    if (i === rows * cols) {
      const colSums = Array.from({ length: cols }, (_, k) => values.reduce((a, r) => a + r[k]!, 0));
      if (p.colTotals && !colSums.every((s, k) => fits(p.colTotals![k], s))) return;
      const grand = colSums.reduce((a, b) => a + b, 0);
      if (p.total !== null && !fits(p.total, grand)) return;
      visit(values, colSums, grand);
      return;
    }
    const r = Math.floor(i / cols);
    const k = i % cols;
    const rowTotal = p.rowTotals?.[r];
    const colTotal = p.colTotals?.[k];
    if (r === rows - 1 && typeof colTotal === 'number') {
      // The last cell of a column with a published total follows from the others.
      const v = colTotal - values.slice(0, r).reduce((a, row) => a + row[k]!, 0);
      if (!fits(p.cells[r]![k], v)) return;
      values[r]![k] = v;
      if (
        k === cols - 1 &&
        p.rowTotals &&
        !fits(
          rowTotal,
          values[r]!.reduce((a, b) => a + b, 0),
        )
      )
        return;
      walk(i + 1);
      return;
    }
    if (k === cols - 1 && typeof rowTotal === 'number') {
      // The last cell of a row with a published total follows from the others.
      const v = rowTotal - values[r]!.slice(0, k).reduce((a, b) => a + b, 0);
      if (!fits(p.cells[r]![k], v)) return;
      values[r]![k] = v;
      walk(i + 1);
      return;
    }
    for (const v of range(p.cells[r]![k]!)) {
      values[r]![k] = v;
      const partial = values[r]!.slice(0, k + 1).reduce((a, b) => a + b, 0);
      if (typeof rowTotal === 'number' && partial > rowTotal) break;
      if (k === cols - 1 && p.rowTotals && !fits(rowTotal, partial)) continue;
      walk(i + 1);
    }
  };
  walk(0);
}

/** Per number of the table (c: cell, r: row total, k: column total, g: grand total) the values it can have. */
function feasibleValues(p: Published, max: number, extra: (values: number[][]) => boolean = () => true): Map<string, Set<number>> {
  const seen = new Map<string, Set<number>>();
  const note = (key: string, v: number) => {
    if (!seen.has(key)) seen.set(key, new Set());
    seen.get(key)!.add(v);
  };
  eachAssignment(p, max, (values, colSums, grand) => {
    if (!extra(values)) return;
    values.forEach((r, a) => r.forEach((v, b) => note(`c${a},${b}`, v)));
    if (p.rowTotals)
      values.forEach((r, a) =>
        note(
          `r${a}`,
          r.reduce((x, y) => x + y, 0),
        ),
      );
    colSums.forEach((s, k) => note(`k${k}`, s));
    note('g', grand);
  });
  return seen;
}

/** Keys of suppressed numbers that an outsider can work out exactly. */
function givenAway(p: Published, max: number, extra?: (values: number[][]) => boolean): string[] {
  const seen = feasibleValues(p, max, extra);
  const out: string[] = [];
  p.cells.forEach((row, a) =>
    row.forEach((c, b) => typeof c !== 'number' && (seen.get(`c${a},${b}`)?.size ?? 0) <= 1 && out.push(`c${a},${b}`)),
  );
  p.rowTotals?.forEach((c, a) => typeof c !== 'number' && (seen.get(`r${a}`)?.size ?? 0) <= 1 && out.push(`r${a}`));
  p.colTotals?.forEach((c, k) => typeof c !== 'number' && (seen.get(`k${k}`)?.size ?? 0) <= 1 && out.push(`k${k}`));
  if (p.total !== null && typeof p.total !== 'number' && (seen.get('g')?.size ?? 0) <= 1) out.push('g');
  return out;
}

describe('small-cell suppression', () => {
  it('publishes 1 to 4 as "<5", keeps 0 and counts from 5 exact', () => {
    const p = suppressTable(
      [
        [0, 5, 12],
        [0, 7, 30],
      ],
      { rowTotals: false, colTotals: false },
    );
    expect(p.cells).toEqual([
      [0, 5, 12],
      [0, 7, 30],
    ]);
    const q = suppressTable(
      [
        [1, 4],
        [2, 3],
      ],
      { rowTotals: false, colTotals: false },
    );
    expect(q.cells).toEqual([
      ['<5', '<5'],
      ['<5', '<5'],
    ]);
  });

  it('recompute-from-totals: one "<5" in a row with its total also hides the next smallest cell', () => {
    // Without secondary suppression 25 − 10 − 12 = 3 would give the suppressed cell away.
    const p = suppressTable([[3, 10, 12]], { rowTotals: true, colTotals: false });
    expect(p.cells).toEqual([['<5', 'x', 12]]);
    expect(p.rowTotals).toEqual([25]);
    expect(givenAway(p, 30)).toEqual([]);
    // The outsider is left with every value 1..4 for the small cell (and 9..12 for the "x").
    expect([...feasibleValues(p, 30).get('c0,0')!].sort()).toEqual([1, 2, 3, 4]);
  });

  it('two "<5" cells whose sum leaves one possibility (1 + 1) get a third cell hidden', () => {
    const p = suppressTable([[1, 1, 20]], { rowTotals: true, colTotals: false });
    expect(p.cells).toEqual([['<5', '<5', 'x']]);
    expect(givenAway(p, 30)).toEqual([]);
    // 2 + 3 cannot be pinned (1+4, 2+3, 3+2, 4+1): nothing more is hidden.
    expect(suppressTable([[2, 3, 20]], { rowTotals: true, colTotals: false }).cells).toEqual([['<5', '<5', 20]]);
  });

  it('in a table with row, column and grand totals, no suppressed number can be recomputed', () => {
    const counts = [
      [3, 6, 7],
      [8, 5, 9],
    ];
    const p = suppressTable(counts, { rowTotals: true, colTotals: true });
    expect(p.cells[0]![0]).toBe('<5');
    expect(p.total).toBe(38);
    // No member is larger than the largest row total (22): the outsider may know that too.
    expect(givenAway(p, 22)).toEqual([]);
    // The secondary cells are published as "x", never as a false "<5".
    const hidden = p.cells.flat().filter((c) => c === 'x');
    expect(hidden.length).toBeGreaterThan(0);
  }, 60_000);

  it('a total of 1 to 4 is itself "<5"', () => {
    const p = suppressTable(
      [
        [0, 3],
        [0, 0],
      ],
      { rowTotals: true, colTotals: true },
    );
    expect(p.rowTotals).toEqual(['<5', 0]);
    expect(p.colTotals).toEqual([0, '<5']);
    expect(p.total).toBe('<5');
    expect(givenAway(p, 20)).toEqual([]);
  });

  it('random small tables: an outsider who tries every value never pins a suppressed number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 2, max: 3 }),
        fc.array(fc.constantFrom(0, 0, 1, 2, 3, 4, 5, 6), { minLength: 6, maxLength: 6 }),
        fc.boolean(),
        (rows, cols, flat, withRowTotals) => {
          const counts = Array.from({ length: rows }, (_, r) => flat.slice(r * cols, r * cols + cols));
          const p = suppressTable(counts, { rowTotals: withRowTotals, colTotals: true });
          const max = counts.flat().reduce((a: number, b) => a + b, 0);
          expect(givenAway(p, max)).toEqual([]);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  }, 120_000);
});

describe('small-cell suppression across the dashboard', () => {
  // An outsider reads every table of the dashboard at once: a total that two tables share is one number.
  const fits = (c: Cell | null, v: number) => c === null || (typeof c === 'number' ? c === v : c === '<5' ? v >= 1 && v <= 4 : v >= 5);
  const sum = (v: number[][]) => v.flat().reduce((a, b) => a + b, 0);
  const grands = (t: Published, max: number) => {
    const g = new Set<number>();
    eachAssignment(t, max, (_, __, grand) => g.add(grand));
    return g;
  };

  it('random pairs of tables of the same records: the shared total is published alike, and both together give nothing away', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0, 0, 1, 2, 3, 4, 5, 6), { minLength: 4, maxLength: 4 }),
        fc.array(fc.constantFrom(0, 1, 2, 3, 4, 5, 6), { minLength: 3, maxLength: 3 }),
        (flatP, headQ) => {
          const p = [flatP.slice(0, 2), flatP.slice(2, 4)];
          const n = sum(p);
          const last = n - headQ.reduce((a: number, b) => a + b, 0);
          fc.pre(last >= 0);
          const q = [
            [headQ[0]!, headQ[1]!],
            [headQ[2]!, last],
          ];
          const { p: P, q: Q } = suppressTables(
            { p: { counts: p, rowTotals: true, colTotals: true }, q: { counts: q, rowTotals: true, colTotals: true } },
            [['p', 'total', 'q', 'total']],
          );
          expect(P.total).toEqual(Q.total);
          const gp = grands(P, n);
          const gq = grands(Q, n);
          expect(givenAway(P, n, (v) => gq.has(sum(v)))).toEqual([]);
          expect(givenAway(Q, n, (v) => gp.has(sum(v)))).toEqual([]);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  }, 120_000);

  it('the requests table read together with the number answered per school gives nothing away', () => {
    const k = computeKengetallen(facts(), filter(), '2026-09-01');
    const t = k.tables.requestsBySchool;
    const n = (s: string | null) => k.responseTimes.find((r) => r.schoolId === s)!.n;
    const agrees = (v: number[][]) => fits(n(null), v[0]![0]! + v[1]![0]!) && fits(n(A), v[0]![0]!) && fits(n(B), v[1]![0]!);
    expect(givenAway(t, 8, agrees)).toEqual([]);
    // What the number answered alone, published as 6, gave away: the "x" and B's two "<5" (1 + 1).
    expect(givenAway(t, 8, (v) => v[0]![0]! + v[1]![0]! === 6)).toEqual(['c0,0', 'c1,1', 'c1,2', 'r0', 'r1', 'k0', 'k1', 'k2']);
  });
});

describe('percentiles', () => {
  it('median and p90 by linear interpolation; nothing over fewer than 5 values', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(91);
    expect(spread([5, 1, 3, 2, 4])).toEqual({ n: 5, median: 3, p90: 4.6 });
    expect(spread([1, 2, 3, 4])).toEqual({ n: '<5', median: null, p90: null });
    expect(spread([])).toEqual({ n: 0, median: null, p90: null });
  });
});

describe('periods', () => {
  it('buckets per month and quarter, with every bucket of the range and Dutch labels', () => {
    expect(periodKey('2026-03-31', 'month')).toBe('2026-03');
    expect(periodKey('2026-04-01', 'quarter')).toBe('2026-K2');
    expect(periodKeys('2025-11-15', '2026-02-03', 'month')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(periodKeys('2025-11-15', '2026-04-03', 'quarter')).toEqual(['2025-K4', '2026-K1', '2026-K2']);
    expect(periodLabel('2026-03')).toBe('mrt 2026');
    expect(periodLabel('2026-K1')).toBe('K1 2026');
  });

  it('defaults to the school year of today, per month, per school', () => {
    expect(resolveFilter({}, ['s1'], '2026-05-20')).toEqual({
      window: '2025-2026',
      from: '2025-08-01',
      to: '2026-07-31',
      period: 'month',
      theme: null,
      schoolIds: ['s1'],
      groupBy: 'school',
    });
    expect(resolveFilter({}, [], '2026-08-01').window).toBe('2026-2027');
    // A from/to that is exactly one window is read as that window.
    expect(resolveFilter({ from: '2026-04-01', to: '2026-06-30', period: 'quarter', theme: 'gedrag' }, [], '2026-05-20').window).toBe(
      '2026-K2',
    );
  });

  it('fixed windows: months, quarters, years and school years, and the windows inside them', () => {
    expect(windowBounds('2024-02')).toEqual({ kind: 'month', from: '2024-02-01', to: '2024-02-29' });
    expect(windowBounds('2026-K4')).toEqual({ kind: 'quarter', from: '2026-10-01', to: '2026-12-31' });
    expect(windowBounds('2026')).toEqual({ kind: 'year', from: '2026-01-01', to: '2026-12-31' });
    expect(windowBounds('2025-2026')).toEqual({ kind: 'schoolYear', from: '2025-08-01', to: '2026-07-31' });
    for (const bad of ['2026-13', '2026-K5', '2025-2027', '26', '2026-1']) expect(windowBounds(bad)).toBeNull();
    expect(windowOf('2026-01-01', '2026-03-31')).toBe('2026-K1');
    expect(windowOf('2026-01-01', '2026-04-30')).toBeNull();
    expect(windowOf('2026-02-01', '2026-02-28')).toBe('2026-02');
    expect(windowsInside('2026-K1')).toEqual(['2026-01', '2026-02', '2026-03']);
    // A school year holds the calendar quarters wholly inside it (K4, K1, K2) and its 12 months.
    const inside = windowsInside('2025-2026');
    expect(inside.slice(0, 3)).toEqual(['2025-K4', '2026-K1', '2026-K2']);
    expect(inside).toHaveLength(15);
    expect(schoolYearOf('2026-07-31')).toBe('2025-2026');
  });

  it('the query schema gives precise messages', () => {
    const bad = (q: unknown) => kengetallenQuerySchema.safeParse(q).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(bad({ from: '2026-02-30' })).toEqual(['from: Deze datum bestaat niet']);
    expect(bad({ from: '2026-03-01', to: '2026-02-01' })).toEqual(['from: De begindatum ligt na de einddatum']);
    // A free range is refused: next to another range it would give the difference away.
    expect(bad({ from: '2026-01-01', to: '2026-04-30' })).toEqual([
      'from: Kies een vaste periode: een maand (2026-03), kwartaal (2026-K1), jaar (2026) of schooljaar (2025-2026); van en tot moeten samen precies zo’n periode zijn',
    ]);
    expect(bad({ window: '2026-K5' })).toEqual([
      'window: Kies een vaste periode: een maand (2026-03), kwartaal (2026-K1), jaar (2026) of schooljaar (2025-2026)',
    ]);
    expect(bad({ window: '2026', from: '2026-01-01', to: '2026-12-31' })).toEqual([
      'window: Kies een vaste periode (window) of van/tot, niet allebei',
    ]);
    expect(bad({ groupBy: 'provincie' })).toEqual(['groupBy: Kies school, gemeente of swv']);
    expect(bad({ period: 'week' })).toEqual(['period: Kies maand of kwartaal (month of quarter)']);
    expect(bad({ theme: 'zomaar' })).toEqual(['theme: Onbekend thema']);
    expect(bad({ school: 'abc' })).toEqual(['school: Onbekende school']);
    expect(kengetallenQuerySchema.safeParse({ extra: '1' }).success).toBe(false);
    expect(kengetallenQuerySchema.safeParse({ from: '2026-01-01', to: '2026-03-31', period: 'quarter' }).success).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------

const A = 'school-a';
const B = 'school-b';
const C = 'school-c';
export const filter = (f: Partial<KengetallenFilter> = {}): KengetallenFilter => ({
  window: '2026-H1',
  from: '2026-01-01',
  to: '2026-06-30',
  period: 'month',
  theme: null,
  schoolIds: [A, B],
  groupBy: 'school',
  ...f,
});
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

export function facts(): Facts {
  return {
    signals: [
      ...times(6, () => ({ schoolId: A, date: '2026-01-10', theme: 'verzuim' as const, seriousness: 'zorg' as const })),
      ...times(2, () => ({ schoolId: A, date: '2026-02-10', theme: 'verzuim' as const, seriousness: 'acuut' as const })),
      ...times(7, () => ({ schoolId: B, date: '2026-02-11', theme: 'gedrag' as const, seriousness: 'zorgelijk' as const })),
      { schoolId: C, date: '2026-02-11', theme: 'gedrag', seriousness: 'zorg' }, // other school: not counted
      { schoolId: A, date: '2025-12-31', theme: 'gedrag', seriousness: 'zorg' }, // before the range
    ],
    contacts: [
      ...times(5, () => ({
        schoolId: A,
        date: '2026-03-01',
        channel: 'telefonisch' as const,
        withWhom: 'ouder' as const,
        theme: 'verzuim' as const,
      })),
      ...times(3, () => ({ schoolId: B, date: '2026-03-02', channel: 'mdo' as const, withWhom: 'professional' as const, theme: null })),
    ],
    requests: [
      // Answered after 2, 4, 6, 8, 10 and 30 hours.
      ...[2, 4, 6, 8, 10, 30].map((h) => ({
        schoolId: A,
        topic: 'gedrag' as const,
        status: 'beantwoord',
        createdAt: '2026-02-02T08:00:00Z',
        answeredAt: new Date(Date.parse('2026-02-02T08:00:00Z') + h * 3_600_000).toISOString(),
      })),
      { schoolId: B, topic: 'verzuim', status: 'nieuw', createdAt: '2026-02-03T08:00:00Z', answeredAt: null },
      { schoolId: B, topic: 'verzuim', status: 'teruggetrokken', createdAt: '2026-02-03T09:00:00Z', answeredAt: null },
      // 23:30 UTC on 30 June is 1 July in Amsterdam: outside the range.
      { schoolId: A, topic: 'gedrag', status: 'nieuw', createdAt: '2026-06-30T23:30:00Z', answeredAt: null },
    ],
    pupils: [
      // On 2026-06-30: 30 days absent without vrijstelling -> thuiszitter by the clock.
      { schoolId: A, absenceKind: 'verzuim', absenceSince: '2026-06-01' },
      // 10 days: verzuim.
      { schoolId: A, absenceKind: 'verzuim', absenceSince: '2026-06-21' },
      // Long, but with vrijstelling: verzuim, not a thuiszitter.
      { schoolId: B, absenceKind: 'verzuim', absenceSince: '2026-01-05', exemption: true },
      // Marked thuiszitter by hand.
      { schoolId: B, absenceKind: 'thuiszitter', absenceSince: '2026-06-25', leerplichtInvolved: true },
      { schoolId: B }, // not absent
      { schoolId: A, absenceKind: 'verzuim', absenceSince: '2026-07-15' }, // after the reference date
    ],
    meldcodes: [
      { schoolId: A, startDate: '2026-01-05', closedDate: null, theme: 'veiligheid' },
      { schoolId: A, startDate: '2026-01-05', closedDate: '2026-03-01', theme: 'veiligheid' },
      { schoolId: B, startDate: '2025-10-01', closedDate: '2025-12-01', theme: 'veiligheid' }, // closed before the range
      { schoolId: B, startDate: '2026-05-01', closedDate: '2026-08-01', theme: 'veiligheid' }, // still open on 30 June
    ],
  };
}

const cellOf = (t: { rows: string[]; cols: string[]; cells: Cell[][] }, r: string, c: string) =>
  t.cells[t.rows.indexOf(r)]![t.cols.indexOf(c)];

describe('computeKengetallen', () => {
  const k = computeKengetallen(facts(), filter(), '2026-09-01');

  it('counts signals by theme and seriousness, within the schools and range only', () => {
    const t = k.tables.signalsByThemeAndSeriousness;
    expect(cellOf(t, 'verzuim', 'acuut')).toBe('<5');
    expect(cellOf(t, 'gedrag', 'zorgelijk')).toBe(7);
    expect(t.total).toBe(15);
    // Verzuim row: 8 − 6 would give the 2 away, so the 6 is hidden as "x"; and so is its column total.
    expect(cellOf(t, 'verzuim', 'zorg')).toBe('x');
    expect(t.rowTotals![t.rows.indexOf('verzuim')]).toBe(8);
    expect(t.colTotals).toEqual(['x', 7, '<5']);
  });

  it('coarsens before hiding: per month a total had to go, so the trend is shown per quarter', () => {
    // Per month, February's 2 at A next to 7 at B would follow from 9 − 7: the 7 and the month
    // totals of January and February (8 and 9, both 5 or more) would be hidden. Per quarter every
    // total of the table stays visible.
    expect(k.coarsened).toEqual({ period: 'quarter', mergedUnits: [] });
    expect(k.periods).toEqual(['2026-K1', '2026-K2']);
    const byPeriod = k.tables.signalsByPeriodAndSchool;
    expect(byPeriod.cols).toEqual([A, B]);
    expect(byPeriod.cells).toEqual([
      [8, 7],
      [0, 0],
    ]);
    expect(byPeriod.rowTotals).toEqual([15, 0]);
    expect(byPeriod.total).toBe(15);
    const trend = k.tables.trend;
    expect(trend.cols).toEqual(['contactmomenten', 'consultatievragen']);
    expect(trend.colTotals).toEqual([8, 8]);
    expect(cellOf(trend, '2026-K1', 'contactmomenten')).toBe(8);
    expect(cellOf(trend, '2026-K1', 'consultatievragen')).toBe(8);
    expect(trend.rowTotals).toBeNull();
    // Totals that no coarser view keeps (one cell of 5 or more beside a "<5" under the grand total) are named.
    expect(k.totalsHidden).toContain('Contactmomenten naar soort en met wie');
    expect(k.totalsHidden).not.toContain('Signalen per periode en school');
  });

  it('counts contactmomenten by channel and party', () => {
    const t = k.tables.contactsByChannelAndParty;
    // 5 by phone with a parent, 3 in an MDO: with the total 8 shown, the 5 must be hidden too.
    expect(cellOf(t, 'mdo', 'professional')).toBe('<5');
    expect(cellOf(t, 'telefonisch', 'ouder')).toBe('x');
    expect(t.total).toBe(8);
  });

  it('consultatievragen asked, answered, withdrawn, and the hours to the first answer', () => {
    const t = k.tables.requestsBySchool;
    expect(t.cells).toEqual([
      ['x', 0, 0],
      [0, '<5', '<5'],
    ]);
    expect(t.rowTotals).toEqual(['x', '<5']);
    expect(t.total).toBe(8);
    const all = k.responseTimes.find((r) => r.schoolId === null)!;
    // 2, 4, 6, 8, 10, 30 hours: median 7, p90 20 (interpolated between 10 and 30). The number
    // answered is the table's "x": published as 6 it would give the "x" away, and then B's 1 + 1.
    expect(all).toEqual({ schoolId: null, n: 'x', medianHours: 7, p90Hours: 20 });
    expect(k.responseTimes.find((r) => r.schoolId === B)).toEqual({ schoolId: B, n: 0, medianHours: null, p90Hours: null });
  });

  it('current verzuim and thuiszitters on the reference date, and how long they last', () => {
    expect(k.referenceDate).toBe('2026-06-30');
    const t = k.tables.absenceBySchool;
    // Four "<5" cells under a total "<5" would each have to be 1: the table goes without totals.
    expect(t.cells).toEqual([
      ['<5', '<5'],
      ['<5', '<5'],
    ]);
    expect(t.total).toBeNull();
    expect(givenAway(t, 10)).toEqual([]);
    // With 5 or more the numbers show: six more long absences of each kind at school A.
    const more = facts();
    more.pupils.push(
      ...times(6, () => ({ schoolId: A, absenceKind: 'verzuim' as const, absenceSince: '2026-01-02' })),
      ...times(6, () => ({ schoolId: A, absenceKind: 'verzuim' as const, absenceSince: '2026-01-02', exemption: true })),
    );
    const k2 = computeKengetallen(more, filter({ schoolIds: [A] }), '2026-09-01');
    // A: verzuim 10 days + 6 with vrijstelling; thuiszitter 30 days (by the clock) + 6 long ones:
    // 7 and 7. By duration the two "<5" under 14 would each be 1, so a 7 is hidden there; with one
    // school its cells are the totals of the table by school, so they are hidden there as well.
    expect(k2.tables.absenceBySchool.cells).toEqual([['x', 'x']]);
    expect(k2.tables.absenceBySchool.colTotals).toEqual(k2.tables.absenceByDuration.colTotals);
    expect(k2.tables.absenceBySchool.total).toBe(k2.tables.absenceByDuration.total);
    expect(cellOf(k2.tables.absenceByDuration, '4wTot3m', 'thuiszitter')).toBe('<5');
    expect(givenAway(k2.tables.absenceByDuration, 14)).toEqual([]);
    // 30 and 6 × 180 days absent on 30 June.
    expect(k2.absenceDurations.find((a) => a.kind === 'thuiszitter')).toEqual({
      kind: 'thuiszitter',
      n: 'x',
      medianDays: 180,
      p90Days: 180,
    });
    // Before the reference date 'today' wins: on 2026-06-10 the first pupil is 10 days absent.
    const early = computeKengetallen(facts(), filter(), '2026-06-10');
    expect(early.referenceDate).toBe('2026-06-10');
  });

  it('Meldcode trajectories open and closed in the range', () => {
    const t = k.tables.meldcodeBySchool;
    expect(t.colTotals).toEqual(['<5', '<5']);
    expect(t.total).toBe('<5');
    const many = facts();
    many.meldcodes.push(
      ...times(5, () => ({ schoolId: B, startDate: '2026-02-01', closedDate: '2026-04-01', theme: 'veiligheid' as const })),
    );
    expect(givenAway(t, 10)).toEqual([]);
    const t2 = computeKengetallen(many, filter({ schoolIds: [B] }), '2026-09-01').tables.meldcodeBySchool;
    // B: one started in May and still open on 30 June, five closed in April; the one closed in 2025 is not counted.
    // 6 − 5 would give the "<5" away, so the 5 is hidden as "x".
    expect(t2.cells).toEqual([['<5', 'x']]);
    expect(givenAway(t2, 6)).toEqual([]);
  });

  it('a theme filter narrows signals, requests, contacts via their signal, and leaves absences to verzuim/thuiszitter', () => {
    const g = computeKengetallen(facts(), filter({ theme: 'gedrag' }), '2026-09-01');
    expect(g.tables.signalsByThemeAndSeriousness.total).toBe(7);
    expect(g.tables.requestsBySchool.total).toBe(6);
    expect(g.tables.contactsByChannelAndParty.total).toBe(0);
    expect(g.tables.absenceBySchool.total).toBe(0);
    const v = computeKengetallen(facts(), filter({ theme: 'verzuim' }), '2026-09-01');
    expect(v.tables.contactsByChannelAndParty.total).toBe(5);
    expect(v.tables.absenceBySchool.cells.flat()).toContain('<5');
  });

  it('a school filter counts that school only; quarters bucket the same records', () => {
    const a = computeKengetallen(facts(), filter({ schoolIds: [B], period: 'quarter' }), '2026-09-01');
    expect(a.periods).toEqual(['2026-K1', '2026-K2']);
    expect(a.tables.signalsByPeriodAndSchool.rowTotals).toEqual([7, 0]);
    expect(a.tables.signalsByThemeAndSeriousness.total).toBe(7);
  });

  it('the output holds no record ids, dates of records or free text', () => {
    const json = JSON.stringify(k);
    expect(json).not.toMatch(/2026-02-02T/);
    expect(json).not.toMatch(/absenceSince|answeredAt|createdAt/);
  });

  it('CSV for Dutch Excel: BOM, semicolons, Dutch headers, "<5" for small cells', () => {
    const csv = kengetallenCsv(k, { [A]: 'OBS De Springplank', [B]: 'KBS "De Vuurvogel"; Huizen' });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Onderdeel;Rij;Kolom;Waarde');
    expect(lines).toContain('Signalen naar thema en ernst;Verzuim;Acuut;<5');
    expect(lines).toContain('Signalen naar thema en ernst;Totaal;Totaal;15');
    expect(lines).toContain('Consultatievragen per school;"KBS ""De Vuurvogel""; Huizen";Totaal;<5');
    expect(lines).toContain('Tijd tot eerste antwoord op consultatievragen (uren);Alle scholen;Mediaan (uren);7');
  });
});
