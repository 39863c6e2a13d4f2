import { describe, expect, it } from 'vitest';
import { computeWindowKengetallen, resolveFilter, type Facts, type Kengetallen, type SignalFact } from '../../src/domain/kengetallen';
import { exactSolve } from '../../src/server/kengetallen/exactSolve';

// A region whose signals all sit in one month, as the demo region's do: that month, its quarter
// and the school year hold the same numbers, and a hidden number in one of them must be hidden in
// all of them at once. The theme × seriousness table has one column (acuut) that is a single "<5"
// under a "<5" column total, so the other column totals with the grand total would give it away:
// a marginal total has to go, never the grand total on the headline tile.
const today = '2026-12-07';
const schools = ['s1', 's2', 's3', 's4', 's5', 's6'];
const counts: [SignalFact['theme'], SignalFact['seriousness'], number][] = [
  ['verzuim', 'zorgelijk', 2],
  ['thuiszitter', 'acuut', 4],
  ['thuissituatie', 'zorg', 6],
  ['gedrag', 'zorg', 4],
  ['emotioneel_welzijn', 'zorgelijk', 6],
  ['ontwikkeling_leren', 'zorg', 2],
  ['veiligheid', 'zorgelijk', 1],
];
// Round the schools: one school gets 5 signals, the others 4 each.
let next = 0;
const signals: SignalFact[] = counts.flatMap(([theme, seriousness, n]) =>
  Array.from({ length: n }, (_, i) => ({
    schoolId: schools[next++ % schools.length]!,
    date: `2026-11-${String(3 + i).padStart(2, '0')}`,
    theme,
    seriousness,
  })),
);
const facts: Facts = { signals, contacts: [], requests: [], pupils: [], meldcodes: [] };

// With the service's exact solver, as the dashboard is published.
const solve = await exactSolve();
const view = (window: string): Kengetallen =>
  computeWindowKengetallen(facts, resolveFilter({ window }, schools, today), today, { solve }, null);

describe('a window with the windows inside it, its records all in one month', () => {
  const month = view('2026-11');
  const quarter = view('2026-K4');
  const year = view('2026-2027');

  it('keeps the headline total of every window a number', () => {
    for (const k of [month, quarter, year]) {
      expect(k.tables.signalsByThemeAndSeriousness.total, k.filter.window).toBe(25);
      expect(k.tables.signalsByPeriodAndSchool.total, k.filter.window).toBe(25);
    }
  });

  it('publishes the same pattern in the month, its quarter and its school year', () => {
    const t = (k: Kengetallen) => {
      const { cells, rowTotals, colTotals, total } = k.tables.signalsByThemeAndSeriousness;
      return { cells, rowTotals, colTotals, total };
    };
    expect(t(quarter)).toEqual(t(month));
    expect(t(year)).toEqual(t(month));
  });

  it('hides a marginal total where the totals alone would give the "<5" away, and says so', () => {
    const tb = month.tables.signalsByThemeAndSeriousness;
    const acuut = tb.cols.indexOf('acuut');
    expect(tb.colTotals?.[acuut]).toBe('<5');
    // 25 − 12 − 9 would be the acuut total: one of the other two column totals is hidden.
    expect(tb.colTotals?.filter((c) => c === 'x')).toHaveLength(1);
    expect(month.totalsHidden).toContain(tb.title);
  });
});
