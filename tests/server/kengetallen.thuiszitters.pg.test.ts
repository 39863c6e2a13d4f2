// Thuiszitter figures computed from stored absence entries and verzuimroutes, through the real API:
// pupils pushed by a jeugdprofessional, the coordinator reads the tables of a past school year (the
// demo region's verzuim lies in recent weeks, outside it). Counts of 5 so that nothing is suppressed
// and each figure can be checked by hand; one small group shows the suppression applies.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRoute } from '../../src/domain/verzuimroute';
import { createPupil, login, push, school, setup, type TestApp } from './helpers';

let t: TestApp;

const create = (entity: string, schoolId: string, changes: Record<string, unknown>) => ({
  id: randomUUID(),
  entity,
  recordId: randomUUID(),
  kind: 'create',
  changes: { ...changes, schoolId },
  baseVersion: 0,
  createdAt: new Date().toISOString(),
});
const absence = (schoolId: string, pupilId: string, kind: string, from: string, to: string | null) =>
  create('absence', schoolId, { pupilId, kind, from, to, hours: null, note: '' });
const done = (date: string) => ({ status: 'gedaan', date, who: 'Sanne', note: '' });

/** Five pupils per group at one school; each group one way a thuiszitter's year can go. */
function groupAt(schoolId: string, size: number, kind: 'returned' | 'stillOut' | 'vrijstelling') {
  return Array.from({ length: size }, () => {
    const pupil = createPupil(schoolId);
    const id = pupil.recordId;
    if (kind === 'returned') {
      // Out from 2 September, thuiszitter from 30 September, back on 25 November: within 3 months.
      return [
        pupil,
        absence(schoolId, id, 'ongeoorloofd', '2024-09-02', '2024-11-22'),
        create('verzuimroute', schoolId, {
          ...newRoute(id, '2024-09-05'),
          stepGesprek: done('2024-09-06'),
          stepMelding: done('2024-09-10'),
          outcome: 'terug_op_school',
          outcomeDate: '2024-11-25',
          outcomeSchool: 'OBS De Springplank',
          outcomeHours: 20,
        }),
      ];
    }
    if (kind === 'stillOut') {
      // Out since 6 January, thuiszitter from 3 February, still out on 31 July: its 3 months have
      // passed without a return, its 6 months not yet.
      return [
        pupil,
        absence(schoolId, id, 'ongeoorloofd', '2025-01-06', null),
        create('verzuimroute', schoolId, {
          ...newRoute(id, '2025-01-08'),
          stepGesprek: done('2025-01-09'),
          stepMelding: done('2025-01-13'),
        }),
      ];
    }
    return [pupil, absence(schoolId, id, 'vrijstelling_relatief', '2025-02-10', null)];
  }).flat();
}

interface Table {
  rows: string[];
  cols: string[];
  cells: (number | string)[][];
  rowTotals: (number | string)[] | null;
  colTotals: (number | string)[] | null;
  total: number | string | null;
}
const cell = (tb: Table, r: string, c: string) => tb.cells[tb.rows.indexOf(r)]![tb.cols.indexOf(c)];

let tables: Record<string, Table>;
let body = '';

beforeAll(async () => {
  t = await setup();
  const sanne = await login(t.app, 'sanne');
  const mutations = [
    ...groupAt(school(1), 5, 'returned'),
    ...groupAt(school(1), 5, 'stillOut'),
    ...groupAt(school(1), 5, 'vrijstelling'),
    // Two at another school: a count of 1 to 4 that must not be published as such.
    ...groupAt(school(2), 2, 'stillOut'),
  ];
  const res = await push(t.app, sanne.accessToken, mutations);
  expect(res.status).toBe(200);
  expect(res.body.results.every((r) => r.status === 'applied')).toBe(true);
  const { accessToken } = await login(t.app, 'coordinator');
  const got = await t.app.inject({
    method: 'GET',
    url: `/api/kengetallen?window=2024-2025&school=${school(1)}`,
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(got.statusCode).toBe(200);
  body = got.body;
  tables = got.json().tables;
}, 120_000);

afterAll(async () => {
  await t.cleanup();
});

describe('thuiszitter figures from absence entries and routes', () => {
  it('counts thuiszitters by duration and outcome on the reference date', () => {
    const tb = tables.thuiszittersByDurationAndOutcome!;
    expect(cell(tb, '4wTot3m', 'terugOpSchool')).toBe(5);
    expect(cell(tb, 'meerDan6m', 'nogThuis')).toBe(5);
    // The pupils with only a vrijstelling were never thuiszitter.
    expect(tb.total).toBe(10);
  });

  it('counts the return within 3 and 6 months among those whose months have passed', () => {
    const r3 = tables.returnWithin3Months!;
    expect(cell(r3, school(1), 'terug')).toBe(5);
    expect(cell(r3, school(1), 'nietTerug')).toBe(5);
    expect(r3.total).toBe(10);
    const r6 = tables.returnWithin6Months!;
    // Those still out became thuiszitter on 3 February: their 6 months end after 31 July.
    expect(cell(r6, school(1), 'terug')).toBe(5);
    expect(cell(r6, school(1), 'nietTerug')).toBe(0);
  });

  it('counts vrijstellingen granted in the window and the open routes per step', () => {
    const v = tables.vrijstellingenBySchool!;
    expect(cell(v, school(1), 'relatief')).toBe(5);
    expect(cell(v, school(1), 'absoluut')).toBe(0);
    const steps = tables.routesPerStep!;
    // The five routes still open on 31 July; the closed ones are not in it.
    expect(steps.rowTotals).toEqual([5, 5, 5, 5, 5, 5]);
    expect(cell(steps, 'gesprekOuders', 'gedaan')).toBe(5);
    expect(cell(steps, 'meldingLeerplicht', 'gedaan')).toBe(5);
    expect(cell(steps, 'jeugdarts', 'open')).toBe(5);
    expect(cell(steps, 'plan', 'open')).toBe(5);
  });

  it('names no pupil or record', () => {
    // The school the pupils went back to is free text on the route: never in the figures.
    expect(body).not.toMatch(/"(pupilId|initials|outcomeSchool|outcomeHours|note|who)"/);
    expect(body).not.toContain('"outcomeSchool"');
  });

  it('a group of two is published as "<5", with the suppression of every other table', async () => {
    const { accessToken } = await login(t.app, 'coordinator');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/kengetallen?window=2024-2025&school=${school(2)}`,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(res.statusCode).toBe(200);
    const tb = res.json().tables.thuiszittersByDurationAndOutcome as Table;
    expect(tb.total).toBe('<5');
    expect(tb.cells.flat().filter((c) => c !== 0)).toEqual(['<5']);
  });
});
