import { describe, expect, it } from 'vitest';
import {
  addMonths,
  returnWithin,
  routesPerStep,
  thuiszitterFactsFrom,
  thuiszitterFrom,
  thuiszittersByDurationAndOutcome,
  vrijstellingen,
  waitingTimeForCare,
  type AbsenceEntryFact,
  type RouteFact,
  type ThuiszitterFact,
} from '../../src/domain/kengetallen/thuiszitters';

const pupil = (absenceSince: string, more: Partial<ThuiszitterFact> = {}): ThuiszitterFact => ({
  schoolId: 's1',
  absenceSince,
  steps: [],
  outcome: null,
  vrijstelling: null,
  referrals: [],
  ...more,
});
const cell = (t: { rows: string[]; cols: string[]; counts: number[][] }, r: string, c: string) =>
  t.counts[t.rows.indexOf(r)]![t.cols.indexOf(c)];

describe('thuiszitter figures', () => {
  it('calendar months and the first day as thuiszitter (day 29)', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(thuiszitterFrom(pupil('2026-01-01'))).toBe('2026-01-29');
  });

  it('by duration and outcome, on the reference date; 28 days absent is no thuiszitter yet', () => {
    const ref = '2026-12-01';
    const t = thuiszittersByDurationAndOutcome(
      [
        pupil('2026-11-04'), // 28 days on 1 December: not yet
        pupil('2026-11-03'), // 29 days: thuiszitter, still out, under 3 months
        pupil('2026-05-01'), // 7 months out
        pupil('2026-03-01', { outcome: { kind: 'terugOpSchool', date: '2026-05-15' } }), // back after 2.5 months
        pupil('2026-01-10', { outcome: { kind: 'anderOnderwijs', date: '2026-06-01' } }), // 4.7 months
        pupil('2026-02-01', { outcome: { kind: 'verhuisd', date: '2026-02-10' } }), // moved before 4 weeks: never a thuiszitter
        pupil('2026-09-01', { outcome: { kind: 'vrijstelling', date: '2027-01-10' } }), // outcome after ref: still out
      ],
      ref,
    );
    expect(t.rows).toEqual(['4wTot3m', '3mTot6m', 'meerDan6m']);
    expect(t.cols).toEqual(['nogThuis', 'terugOpSchool', 'anderOnderwijs', 'vrijstelling', 'verhuisd']);
    expect(cell(t, '4wTot3m', 'nogThuis')).toBe(2);
    expect(cell(t, 'meerDan6m', 'nogThuis')).toBe(1);
    expect(cell(t, '4wTot3m', 'terugOpSchool')).toBe(1);
    expect(cell(t, '3mTot6m', 'anderOnderwijs')).toBe(1);
    expect(t.counts.flat().reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('back in education within 3 and 6 months: only pupils whose months have passed are counted', () => {
    const ref = '2026-12-01';
    const facts = [
      // Thuiszitter from 29 January; back 29 April (exactly 3 months): within 3.
      pupil('2026-01-01', { outcome: { kind: 'terugOpSchool', date: '2026-04-29' } }),
      // Back a day after 3 months: within 6, not 3.
      pupil('2026-01-01', { outcome: { kind: 'anderOnderwijs', date: '2026-04-30' } }),
      // Still out after 10 months: in both cohorts, back in neither.
      pupil('2026-01-01'),
      // Thuiszitter since 29 October: 3 months not passed, not back: in neither cohort.
      pupil('2026-10-01'),
      // Back quickly although its months have not passed: counted as back in both.
      pupil('2026-10-01', { outcome: { kind: 'terugOpSchool', date: '2026-11-15' } }),
      // Moved within 3 months: left the cohort.
      pupil('2026-01-01', { outcome: { kind: 'verhuisd', date: '2026-03-01' } }),
      // Vrijstelling as outcome: in the cohort, not back.
      pupil('2026-01-01', { outcome: { kind: 'vrijstelling', date: '2026-03-01' } }),
    ];
    expect(returnWithin(facts, ref)).toEqual([
      { months: 3, cohort: 5, returned: 2 },
      { months: 6, cohort: 5, returned: 3 },
    ]);
  });

  it('vrijstellingen granted in a window, by kind', () => {
    const facts = [
      pupil('2026-01-01', { vrijstelling: { kind: 'absoluut', date: '2026-02-01' } }),
      pupil('2026-01-01', { vrijstelling: { kind: 'relatief', date: '2026-03-31' } }),
      pupil('2026-01-01', { vrijstelling: { kind: 'relatief', date: '2026-04-01' } }),
    ];
    expect(vrijstellingen(facts, '2026-01-01', '2026-03-31')).toEqual({ absoluut: 1, relatief: 1 });
  });

  it('waiting time for care: started and still waiting, medians only over 5 or more', () => {
    const ref = '2026-12-01';
    const started = [10, 20, 30, 40, 50].map((d) => ({ since: '2026-06-01', startedAt: addDays('2026-06-01', d) }));
    const w = waitingTimeForCare(
      [
        pupil('2026-05-01', { referrals: started }),
        pupil('2026-05-01', {
          referrals: [
            { since: '2026-11-01', startedAt: null },
            { since: '2026-11-21', startedAt: '2026-12-05' },
          ],
        }),
        pupil('2026-05-01', { referrals: [{ since: '2026-12-02', startedAt: null }] }), // after ref: not counted
      ],
      ref,
    );
    expect(w.started).toEqual({ n: 5, medianDays: 30, p90Days: 46 });
    // 30 and 10 days waited so far: "<5", no median.
    expect(w.waiting).toEqual({ n: '<5', medianDays: null, p90Days: null });
  });

  it('routes of pupils still out, per step: a step not recorded is open', () => {
    const t = routesPerStep(
      [
        pupil('2026-10-01', {
          steps: [
            { step: 'gesprekOuders', state: 'gedaan' },
            { step: 'jeugdarts', state: 'overgeslagen' },
          ],
        }),
        pupil('2026-10-01'),
        pupil('2026-10-01', { outcome: { kind: 'terugOpSchool', date: '2026-11-01' }, steps: [{ step: 'plan', state: 'gedaan' }] }),
      ],
      '2026-12-01',
    );
    expect(cell(t, 'gesprekOuders', 'gedaan')).toBe(1);
    expect(cell(t, 'gesprekOuders', 'open')).toBe(1);
    expect(cell(t, 'jeugdarts', 'overgeslagen')).toBe(1);
    expect(cell(t, 'plan', 'open')).toBe(2);
    expect(cell(t, 'plan', 'gedaan')).toBe(0);
  });
});

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

describe('facts from the stored absence entries and routes', () => {
  const entry = (
    pupilId: string,
    kind: AbsenceEntryFact['kind'],
    from: string,
    to: string | null,
    couldAttend?: boolean,
  ): AbsenceEntryFact => ({
    pupilId,
    schoolId: 's1',
    kind,
    from,
    to,
    hours: null,
    ...(couldAttend === undefined ? {} : { couldAttend }),
  });
  const route = (pupilId: string, more: Partial<RouteFact> = {}): RouteFact => ({
    pupilId,
    schoolId: 's1',
    startDate: '2026-09-10',
    steps: { stepGesprek: 'gedaan', stepJeugdarts: 'overgeslagen' },
    outcome: null,
    outcomeDate: null,
    ...more,
  });

  it('absence counts from the first day of the span that led to the outcome; a later outcome is not known yet', () => {
    const { absent } = thuiszitterFactsFrom(
      [entry('p1', 'ongeoorloofd', '2026-09-07', '2026-09-30'), entry('p1', 'ongeoorloofd', '2026-10-01', '2026-11-20')],
      [route('p1', { outcome: 'terug_op_school', outcomeDate: '2026-11-23' })],
      [],
      '2026-12-01',
    );
    expect(absent).toHaveLength(1);
    expect(absent[0]).toMatchObject({ absenceSince: '2026-09-07', outcome: { kind: 'terugOpSchool', date: '2026-11-23' } });
    expect(absent[0]!.steps.find((s) => s.step === 'gesprekOuders')?.state).toBe('gedaan');
    expect(absent[0]!.steps.find((s) => s.step === 'jeugdarts')?.state).toBe('overgeslagen');
    expect(absent[0]!.steps.find((s) => s.step === 'plan')?.state).toBe('open');
    const before = thuiszitterFactsFrom(
      [entry('p1', 'ongeoorloofd', '2026-09-07', null)],
      [route('p1', { outcome: 'verhuisd', outcomeDate: '2026-12-05' })],
      [],
      '2026-12-01',
    );
    expect(before.absent[0]!.outcome).toBeNull();
  });

  it('sickness counts only when the pupil could attend; a vrijstelling alone is no thuiszitter', () => {
    const { absent, routes } = thuiszitterFactsFrom(
      [
        entry('sick', 'ziek', '2026-09-01', null),
        entry('could', 'ziek', '2026-09-01', null, true),
        entry('exempt', 'vrijstelling_absoluut', '2026-09-01', null),
      ],
      [route('sick')],
      [],
      '2026-12-01',
    );
    expect(absent.map((f) => f.absenceSince)).toEqual(['2026-09-01', '2026-09-01']);
    expect(absent.find((f) => f.vrijstelling)?.vrijstelling).toEqual({ kind: 'absoluut', date: '2026-09-01' });
    // The sick pupil is not absent as the clock counts, but the route is open: it is in the routes.
    expect(routes).toHaveLength(1);
    expect(routes[0]!.absenceSince).toBe('2026-09-10');
    const table = thuiszittersByDurationAndOutcome(absent, '2026-12-01');
    expect(table.counts.flat().reduce((a, b) => a + b, 0)).toBe(1);
  });
});
