// `npm run bench:kengetallen`: how long the kengetallen of a window take when a window is suppressed
// together with the windows inside it (src/domain/kengetallen/windows.ts), with the service's exact
// solver (HiGHS), for a synthetic region: 6 schools (the size of the demo region) and 100 schools,
// a few records per school and month, so most monthly cells are small. Per window: the time, the
// solver calls and their time, and the tables that still hide a total. Never fails on time. The demo
// region itself, through the API, is timed in tests/server/kengetallen.windows.pg.test.ts.
import { signalThemes, seriousnessLevels } from '../../src/domain/signal';
import { contactChannels, contactParties } from '../../src/domain/contact';
import {
  computeWindowKengetallen,
  periodKey,
  schoolYearOf,
  windowBounds,
  windowsInside,
  type ExactSolve,
  type Facts,
  type KengetallenFilter,
} from '../../src/domain/kengetallen';
import { dateInAmsterdam } from '../../src/domain/calendar';
import { exactSolve } from '../../src/server/kengetallen/exactSolve';

/** A deterministic pseudo-random stream, so the synthetic region is the same every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function syntheticRegion(schools: number, year: string): { facts: Facts; schoolIds: string[] } {
  const r = random(19);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const schoolIds = Array.from({ length: schools }, (_, i) => `school-${String(i).padStart(3, '0')}`);
  const facts: Facts = { signals: [], contacts: [], requests: [], pupils: [], meldcodes: [] };
  const b = windowBounds(year)!;
  const months = windowsInside(year).filter((w) => /^\d{4}-\d{2}$/.test(w));
  for (const schoolId of schoolIds) {
    for (const m of months) {
      const day = () => `${m}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
      for (let n = Math.floor(r() * 6); n > 0; n--) {
        facts.signals.push({ schoolId, date: day(), theme: pick(signalThemes), seriousness: pick(seriousnessLevels) });
      }
      for (let n = Math.floor(r() * 5); n > 0; n--) {
        facts.contacts.push({ schoolId, date: day(), channel: pick(contactChannels), withWhom: pick(contactParties), theme: null });
      }
      if (r() < 0.5) {
        const createdAt = `${day()}T10:00:00.000Z`;
        facts.requests.push({ schoolId, topic: pick(signalThemes), status: 'open', createdAt, answeredAt: r() < 0.7 ? createdAt : null });
      }
    }
    for (let n = Math.floor(r() * 3); n > 0; n--) {
      facts.pupils.push({
        schoolId,
        absenceKind: 'verzuim',
        absenceSince: months[Math.floor(r() * 4)] + '-03',
        exemption: false,
        leerplichtInvolved: false,
      });
    }
    if (r() < 0.3) facts.meldcodes.push({ schoolId, startDate: b.from, closedDate: r() < 0.5 ? `${months[3]}-10` : null, theme: null });
  }
  return { facts, schoolIds };
}

const today = dateInAmsterdam(new Date());
const year = schoolYearOf(today);
const inner = await exactSolve();
const sizes = (process.env.BENCH_KENGETALLEN_SCHOOLS ?? '6,100').split(',').map(Number);
console.log(`| schools | window | ms | solver calls | solver ms | totals still hidden |`);
console.log(`| --- | --- | --- | --- | --- | --- |`);
for (const n of sizes) {
  const { facts, schoolIds } = syntheticRegion(n, year);
  for (const window of [today.slice(0, 7), periodKey(today, 'quarter'), year]) {
    let calls = 0;
    let solverMs = 0;
    const solve: ExactSolve = (p, v, d) => {
      calls++;
      const start = performance.now();
      const out = inner(p, v, d);
      solverMs += performance.now() - start;
      return out;
    };
    const b = windowBounds(window)!;
    const filter: KengetallenFilter = { window, from: b.from, to: b.to, period: 'month', theme: null, schoolIds, groupBy: 'school' };
    const start = performance.now();
    const k = computeWindowKengetallen(facts, filter, today, { solve });
    const ms = Math.round(performance.now() - start);
    console.log(`| ${n} | ${window} | ${ms} | ${calls} | ${Math.round(solverMs)} | ${k.totalsHidden.length} |`);
  }
}
