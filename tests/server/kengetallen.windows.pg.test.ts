// Kengetallen of a window suppressed together with the windows inside it: how long that takes for
// the demo region through the API, printed, never asserted on time (a synthetic region of 100
// schools: `npm run bench:kengetallen`); and that every window a coordinator asks for is its part of
// one pattern: a month looks the same alone and inside its year.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInAmsterdam } from '../../src/domain/calendar';
import { periodKey, schoolYearOf, type Kengetallen } from '../../src/domain/kengetallen';
import { warmKengetallen } from '../../src/server/routes/kengetallen';
import { login, setup, type TestApp } from './helpers';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await setup();
  token = (await login(t.app, 'coordinator')).accessToken;
}, 120_000);

afterAll(async () => {
  await t.cleanup();
});

const today = dateInAmsterdam(new Date());

async function timed<T>(what: string, f: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const out = await f();
  console.log(`${what}: ${Math.round(performance.now() - start)} ms`);
  return out;
}

async function view(query: string): Promise<Kengetallen> {
  const res = await t.app.inject({ method: 'GET', url: `/api/kengetallen?${query}`, headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Kengetallen;
}

describe('a window with the windows inside it, suppressed together', () => {
  it('demo region: a month is published the same whether asked for alone or after its quarter and year (timings in the log)', async () => {
    const year = schoolYearOf(today);
    const month = today.slice(0, 7);
    const quarter = periodKey(today, 'quarter');
    const alone = await timed(`demo region, month ${month} (its quarter family)`, () => view(`window=${month}`));
    await timed(`demo region, quarter ${quarter} (the same family, computed already)`, () => view(`window=${quarter}`));
    const inYear = await timed(`demo region, school year ${year} (with its quarters and months)`, () => view(`window=${year}`));
    const again = await timed(`demo region, month ${month} again`, () => view(`window=${month}`));
    expect(again.tables).toEqual(alone.tables);
    expect(inYear.filter.window).toBe(year);
    // The school year per gemeente: another filter, so its own families.
    await timed(`demo region, school year ${year} per gemeente`, () => view(`window=${year}&groupBy=gemeente`));
  });

  it('the warm-up at start fills this school year for the coordinator, and the view is the same after it', async () => {
    const said: string[] = [];
    await timed('warm-up of this school year (its families known already)', () => warmKengetallen(t.db, (m) => said.push(m)));
    expect(said).toEqual([expect.stringMatching(new RegExp(`^Kengetallen van schooljaar ${schoolYearOf(today)} voorberekend voor [1-9]`))]);
    const k = await view('');
    expect(k.filter.window).toBe(schoolYearOf(today));
    expect(typeof k.tables.signalsByThemeAndSeriousness.total).toBe('number');
  }, 240_000);
});
