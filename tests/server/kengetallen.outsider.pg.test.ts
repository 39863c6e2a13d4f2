// The exact outsider: reads every table of a dashboard view, as the real API publishes it for the
// demo region, and solves them as an integer program with HiGHS. Every number is a non-negative
// integer; "<5" is 1..4; "x" is 5 or more; every published total is an equation; two tables that
// count the same records have the same sum; and what the dashboard says next to a small number (a
// median shown means 5 or more, a median left out next to a published count means fewer than 5)
// is an equation too. For every hidden number the smallest and the largest value it can take are
// asked: it must not be pinned to one value.
import loadHighs, { type Highs } from 'highs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInAmsterdam } from '../../src/domain/calendar';
import { periodKey, schoolYearOf, windowsInside, type Cell, type Kengetallen } from '../../src/domain/kengetallen';
import { login, school, setup, type TestApp } from './helpers';

let t: TestApp;
let token: string;
let highs: Highs;

beforeAll(async () => {
  t = await setup();
  token = (await login(t.app, 'coordinator')).accessToken;
  highs = await loadHighs();
}, 120_000);

afterAll(async () => {
  await t.cleanup();
});

type View = Kengetallen & { schools: { id: string; name: string }[] };

async function view(query: string): Promise<View> {
  const res = await t.app.inject({ method: 'GET', url: `/api/kengetallen?${query}`, headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
  return res.json() as View;
}

const CAP = 100_000;

/** The outsider's integer program, built from published views only. */
class Outsider {
  bounds: [number, number][] = [];
  /** Hidden numbers: variable index and where it is, for the message. */
  hidden: { v: number; where: string }[] = [];
  equations: { plus: number[]; minus: number[]; lo: number; hi: number }[] = [];

  variable(c: Cell | null, where: string): number {
    const v = this.bounds.length;
    if (c === null) this.bounds.push([0, CAP]);
    else if (typeof c === 'number') this.bounds.push([c, c]);
    else {
      this.bounds.push(c === '<5' ? [1, 4] : [5, CAP]);
      this.hidden.push({ v, where });
    }
    return v;
  }

  /** sum(plus) − sum(minus) within lo..hi. */
  relate(plus: number[], minus: number[], lo = 0, hi = 0) {
    this.equations.push({ plus, minus, lo, hi });
  }

  /** Every table of one view: its cells and totals as variables and its totals as equations. Returns the cells per table. */
  read(k: View, label: string): Record<string, number[][]> {
    const out: Record<string, number[][]> = {};
    for (const [name, tb] of Object.entries(k.tables)) {
      // A table not shown says nothing, not even its sum.
      if (tb.withheld) continue;
      const at = (r: string, c: string) => `${label} ${name}[${r}, ${c}]`;
      const cells = tb.cells.map((row, i) => row.map((c, j) => this.variable(c, at(tb.rows[i]!, tb.cols[j]!))));
      out[name] = cells;
      const all = cells.flat();
      if (tb.rowTotals) tb.rowTotals.forEach((c, i) => this.relate(cells[i]!, [this.variable(c, at(tb.rows[i]!, 'Totaal'))]));
      if (tb.colTotals)
        tb.colTotals.forEach((c, j) =>
          this.relate(
            cells.map((r) => r[j]!),
            [this.variable(c, at('Totaal', tb.cols[j]!))],
          ),
        );
      if (tb.total !== null) this.relate(all, [this.variable(tb.total, at('Totaal', 'Totaal'))]);
    }
    // Tables that count the same records have the same sum.
    const sum = (name: string, col?: number) => (col === undefined ? out[name]!.flat() : out[name]!.map((r) => r[col]!));
    const shown = (...names: string[]) => names.every((n) => out[n]);
    const trendCol = (f: string) => k.tables.trend.cols.indexOf(f);
    if (shown('signalsByThemeAndSeriousness', 'signalsByPeriodAndSchool'))
      this.relate(sum('signalsByThemeAndSeriousness'), sum('signalsByPeriodAndSchool'));
    if (shown('contactsByChannelAndParty', 'trend'))
      this.relate(sum('contactsByChannelAndParty'), sum('trend', trendCol('contactmomenten')));
    if (shown('requestsBySchool', 'trend')) this.relate(sum('requestsBySchool'), sum('trend', trendCol('consultatievragen')));
    if (shown('absenceBySchool', 'absenceByDuration')) {
      k.tables.absenceBySchool.cols.forEach((_, j) => this.relate(sum('absenceBySchool', j), sum('absenceByDuration', j)));
    }
    // What a median says about its count: shown means 5 or more; left out beside a published count
    // means fewer than 5 (the dashboard says so). Left out beside a count left out says nothing.
    const done = k.tables.requestsBySchool.cols.indexOf('beantwoord');
    for (const r of shown('requestsBySchool') ? k.responseTimes : []) {
      const i = r.schoolId === null ? -1 : k.tables.requestsBySchool.rows.indexOf(r.schoolId);
      const count = i < 0 ? sum('requestsBySchool', done) : [out.requestsBySchool![i]![done]!];
      if (r.medianHours !== null) this.relate(count, [], 5, CAP);
      else if (r.n !== null) this.relate(count, [], 0, 4);
    }
    (shown('absenceBySchool') ? k.absenceDurations : []).forEach((a) => {
      const j = k.tables.absenceBySchool.cols.indexOf(a.kind);
      if (a.medianDays !== null) this.relate(sum('absenceBySchool', j), [], 5, CAP);
      else if (a.n !== null) this.relate(sum('absenceBySchool', j), [], 0, 4);
    });
    return out;
  }

  private solve(v: number, direction: 'Minimize' | 'Maximize'): number[] | null {
    const name = (i: number) => `v${i}`;
    // CPLEX LP format, one term per line. A range lo..hi is two rows: the format has no ranged row.
    const lines = [direction, ` z: ${name(v)}`, 'Subject To'];
    this.equations.forEach((e, k) => {
      const terms = [...e.plus.map((i) => `  + ${name(i)}`), ...e.minus.map((i) => `  - ${name(i)}`)];
      // A row needs a term: an empty sum is written as 0 times a variable.
      if (terms.length === 0) terms.push(`  0 ${name(0)}`);
      if (e.lo === e.hi) lines.push(` e${k}:`, ...terms, `  = ${e.lo}`);
      else lines.push(` e${k}lo:`, ...terms, `  >= ${e.lo}`, ` e${k}hi:`, ...terms, `  <= ${e.hi}`);
    });
    lines.push('Bounds', ...this.bounds.map(([lo, hi], i) => (lo === hi ? ` ${name(i)} = ${lo}` : ` ${lo} <= ${name(i)} <= ${hi}`)));
    lines.push('Generals', ...this.bounds.map((_, i) => ` ${name(i)}`), 'End');
    const result = highs.solve(lines.join('\n'), { output_flag: false, mip_rel_gap: 0 });
    if (result.Status !== 'Optimal') return null;
    return this.bounds.map(([lo], i) => Math.round(result.Columns[name(i)]?.Primal ?? lo));
  }

  /** The hidden numbers the integer program pins to one value. */
  pinned(): string[] {
    // A hidden number is open when two solutions differ in it: every solution found shows that for
    // each number it differs in from the first one.
    const first = this.solve(0, 'Minimize');
    expect(first, 'the published tables have no solution: the outsider is wrong').not.toBeNull();
    const open = new Set<number>();
    const out: string[] = [];
    for (const h of this.hidden) {
      for (const dir of ['Minimize', 'Maximize'] as const) {
        if (open.has(h.v)) break;
        this.solve(h.v, dir)?.forEach((x, i) => x !== first![i] && open.add(i));
      }
      if (!open.has(h.v)) out.push(h.where);
    }
    return out;
  }
}

const today = dateInAmsterdam(new Date());
const year = schoolYearOf(today);
const monthsSoFar = windowsInside(year).filter((w) => /^\d{4}-\d{2}$/.test(w) && `${w}-01` <= today);
const thisQuarter = periodKey(today, 'quarter');

describe('an outsider who solves the published tables exactly pins no hidden number', () => {
  const single: [string, string][] = [
    ['the demo region as it starts (this school year, per school)', ''],
    ['per gemeente', 'groupBy=gemeente'],
    ['per samenwerkingsverband', 'groupBy=swv'],
    ['per quarter', 'period=quarter'],
    ...monthsSoFar.map((m): [string, string] => [`the month ${m}`, `window=${m}`]),
    [`the quarter ${thisQuarter}`, `window=${thisQuarter}`],
    [`the year ${today.slice(0, 4)}, per gemeente`, `window=${today.slice(0, 4)}&groupBy=gemeente`],
    ...[1, 2, 3, 4, 5, 6].map((n): [string, string] => [`the school year at school ${n}`, `school=${school(n)}`]),
    ...['verzuim', 'gedrag', 'thuissituatie', 'veiligheid', 'emotioneel_welzijn'].map((th): [string, string] => [
      `the school year, theme ${th}`,
      `theme=${th}`,
    ]),
  ];

  it.each(single)('%s', async (_label, query) => {
    const k = await view(query);
    const o = new Outsider();
    o.read(k, query || 'default');
    expect(o.pinned()).toEqual([]);
  });

  it('a headline total of 5 or more is not hidden in the demo region as it starts', async () => {
    const k = await view('');
    for (const name of ['signalsByThemeAndSeriousness', 'contactsByChannelAndParty', 'requestsBySchool'] as const) {
      const total = k.tables[name].total;
      expect(total === '<5' || typeof total === 'number', `${name}: ${String(total)}`).toBe(true);
    }
  });
});
