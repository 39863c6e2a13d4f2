// `npm run bench:load`: 200 simulated devices doing push/pull cycles against the real service
// (src/server/main.ts as a child process) on loopback. Before the service starts, the bench seeds
// its database: the demo region plus a region's worth of bench users, 200 jeugdprofessionals over
// 100 extra schools (2 per school, each at their own school and the next one), each with one
// device. (BENCH_LOAD_MODE=demo instead logs in 100 devices each as the 2 demo jeugdprofessionals:
// then every pull returns what 99 other devices of the same user pushed, a worst case.)
//
// Each device logs in, then:
// - saturation: all at once, it pulls everything it may read and runs CYCLES cycles of "push a batch
//   of 10 mutations, pull from its cursor" back to back, at most BENCH_LOAD_CONCURRENCY requests in
//   flight. That asks more than the service can answer: it measures capacity, and its latency is the
//   queue (in flight ÷ requests/s).
// - paced, once per rate in BENCH_LOAD_RATES (sync requests/s offered): every device runs its cycles
//   on its own clock with a random pause between them, as phones do, and waits only for its own
//   answers. This is the latency a user sees at that load.
// Latency = request sent to response body read, per route. Prints p50/p99 and errors; target p99 ≤
// 200 ms and 0 errors. On PostgreSQL: `bash scripts/with-postgres.sh npm run bench:load`.
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPg, openPglite } from '../../src/server/store/db';
import { migrate } from '../../src/server/store/migrate';
import { seedDemo } from '../../src/server/demo';
import { hashPassword } from '../../src/server/auth/passwords';
import { PROTOCOL_VERSION, type Mutation, type MutationResult, type PullResponse } from '../../src/sync/protocol';
import { signalSources, signalThemes, seriousnessLevels } from '../../src/domain/signal';
import { DEMO_PASSWORD, deadline, load1, loadText, machine, machineLine, median, ms, quantile, sized, SMOKE, startService, table, verdict, writeReport } from './support';

const DEVICES = Number(process.env.BENCH_LOAD_DEVICES ?? sized(200, 10));
const CYCLES = Number(process.env.BENCH_LOAD_CYCLES ?? sized(5, 1));
const BATCH = 10;
const CONCURRENCY = Number(process.env.BENCH_LOAD_CONCURRENCY ?? 50);
const P99_TARGET_MS = 200;

const MODE = process.env.BENCH_LOAD_MODE === 'demo' ? 'demo' : 'region';
const BENCH_SCHOOLS = 100;

const sid = (n: number) => `0b6c1a52-3f1e-4c8a-9a51-7f7d2a00000${n}`;
const benchSchool = (n: number) => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const benchUser = (n: number) => `b1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
interface User {
  username: string;
  schools: string[];
}
/** The demo jeugdprofessionals (src/server/demo.ts) and the schools each works at. */
const demoUsers: User[] = [
  { username: 'sanne', schools: [sid(1), sid(2), sid(3)] },
  { username: 'ahmed', schools: [sid(4), sid(5), sid(6)] },
];
/** Region mode: user n works at bench school floor(n/2) and the next one. */
const regionUsers: User[] = Array.from({ length: DEVICES }, (_, n) => ({
  username: `bench.${String(n).padStart(3, '0')}`,
  schools: [benchSchool(Math.floor(n / 2) % BENCH_SCHOOLS), benchSchool((Math.floor(n / 2) + 1) % BENCH_SCHOOLS)],
}));
const users = MODE === 'demo' ? demoUsers : regionUsers;

/**
 * The service's database before it starts: migrations, the demo region and (region mode) the bench
 * schools and users, all with the demo password (one hash: 200 scrypt runs would only slow the setup).
 */
async function prepareDatabase(): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'schoolnabij-bench-load-'));
  const db = process.env.DATABASE_URL ? openPg({ connectionString: process.env.DATABASE_URL }) : await openPglite(dataDir);
  try {
    await migrate(db);
    await seedDemo(db);
    if (MODE === 'region') {
      for (let n = 0; n < BENCH_SCHOOLS; n++) {
        await db.query("INSERT INTO schools (id, name, kind, place) VALUES ($1, $2, 'po', 'Loopback')", [benchSchool(n), `Benchschool ${n}`]);
      }
      const hash = await hashPassword(DEMO_PASSWORD);
      for (const [n, u] of regionUsers.entries()) {
        await db.query("INSERT INTO users (id, username, display_name, password_hash, role) VALUES ($1, $2, $3, $4, 'jeugdprofessional')", [
          benchUser(n), u.username, `Bench ${n}`, hash,
        ]);
        for (const s of u.schools) await db.query('INSERT INTO user_schools (user_id, school_id) VALUES ($1, $2)', [benchUser(n), s]);
      }
    }
  } finally {
    await db.close();
  }
  return { DATA_DIR: dataDir };
}

type Route = 'login' | 'firstPull' | 'push' | 'pull';
const routes = ['login', 'firstPull', 'push', 'pull'] as const;
const routeNames: Record<Route, string> = {
  login: 'POST /api/auth/login',
  firstPull: 'GET /api/sync/pull (first, from cursor 0)',
  push: `POST /api/sync/push (${BATCH} mutations)`,
  pull: 'GET /api/sync/pull (after a push)',
};

/** What one phase of the bench measured. */
interface Phase {
  samples: Record<Route, number[]>;
  errors: Record<Route, number>;
  firstError: Partial<Record<Route, string>>;
  pushed: Record<MutationResult['status'], number>;
  pulledChanges: number;
  /** At most this many requests in flight (the closed-loop phase); undefined: each device waits for its own answer only. */
  cap?: number;
}
const newPhase = (cap?: number): Phase => ({
  samples: { login: [], firstPull: [], push: [], pull: [] },
  errors: { login: 0, firstPull: 0, push: 0, pull: 0 },
  firstError: {},
  pushed: { applied: 0, duplicate: 0, conflict: 0, rejected: 0 },
  pulledChanges: 0,
  cap,
});

/** At most `phase.cap` requests in flight; the wait for a slot is not part of the latency. */
let inFlight = 0;
const waiting: (() => void)[] = [];
async function slot<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
  if (phase.cap === undefined) return fn();
  if (inFlight >= phase.cap) await new Promise<void>((r) => waiting.push(r));
  inFlight++;
  try {
    return await fn();
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}

async function call<T>(phase: Phase, route: Route, url: string, init: RequestInit): Promise<T | undefined> {
  return slot(phase, async () => {
    const t0 = performance.now();
    try {
      const res = await fetch(url, init);
      const text = await res.text();
      phase.samples[route].push(performance.now() - t0);
      if (!res.ok) {
        phase.errors[route]++;
        phase.firstError[route] ??= `${res.status} ${text.slice(0, 200)}`;
        return undefined;
      }
      return JSON.parse(text) as T;
    } catch (e) {
      phase.samples[route].push(performance.now() - t0);
      phase.errors[route]++;
      phase.firstError[route] ??= String(e);
      return undefined;
    }
  });
}

const pick = <T,>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** A realistic batch from one device: a new pupil and signals about it, at one of the user's schools. */
function batch(schoolId: string): Mutation[] {
  const now = new Date().toISOString();
  const day = now.slice(0, 10);
  const pupilId = randomUUID();
  const out: Mutation[] = [
    {
      id: randomUUID(), entity: 'pupil', recordId: pupilId, kind: 'create', baseVersion: 0, createdAt: now,
      changes: { schoolId, initials: pick(['Daan', 'Noor', 'L.M.', 'S.B.']), group: pick(['groep 5', 'groep 7', '2 havo']), birthYear: 2014 },
    },
  ];
  for (let i = 1; i < BATCH; i++) {
    out.push({
      id: randomUUID(), entity: 'signal', recordId: randomUUID(), kind: 'create', baseVersion: 0, createdAt: now,
      changes: {
        schoolId, pupilId, date: day, theme: pick(signalThemes), seriousness: pick(seriousnessLevels), source: pick(signalSources),
        description: 'Vaak te laat op maandag; leerkracht maakt zich zorgen over de concentratie.', followUpDate: null,
      },
    });
  }
  return out;
}

interface Device {
  user: (typeof users)[number];
  headers: Record<string, string>;
  cursor: string;
}

/** Phase 1: every device logs in (once a month on a real phone; scrypt makes it slow on purpose). */
async function logIn(phase: Phase, base: string, n: number): Promise<Device | undefined> {
  const user = users[n % users.length]!;
  const login = await call<{ accessToken: string }>(phase, 'login', `${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: DEMO_PASSWORD, deviceId: randomUUID(), deviceName: `bench-toestel-${n}` }),
  });
  return login && {
    user, cursor: '0', headers: { authorization: `Bearer ${login.accessToken}`, 'x-protocol-version': String(PROTOCOL_VERSION) },
  };
}

/** Pulls pages from the device's cursor until the service says there is no more. */
async function pullAll(phase: Phase, base: string, device: Device, route: Route): Promise<void> {
  for (let page = 0; page < 100; page++) {
    const answer = await call<PullResponse>(phase, route, `${base}/api/sync/pull?cursor=${encodeURIComponent(device.cursor)}`, { headers: device.headers });
    if (!answer) return;
    phase.pulledChanges += answer.changes.length;
    device.cursor = answer.cursor;
    if (!answer.hasMore) return;
  }
}

/** One sync cycle as the app runs it after a save: push the batch, pull from the cursor. */
async function cycle(phase: Phase, base: string, device: Device): Promise<void> {
  const answer = await call<{ results: MutationResult[] }>(phase, 'push', `${base}/api/sync/push`, {
    method: 'POST',
    headers: { ...device.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, mutations: batch(pick(device.user.schools)) }),
  });
  for (const r of answer?.results ?? []) phase.pushed[r.status]++;
  await pullAll(phase, base, device, 'pull');
}

const sleep = (msDelay: number) => new Promise((r) => setTimeout(r, msDelay));

/** Phase 2 (saturation): all devices at once, the first full pull, then the cycles back to back. */
async function saturate(phase: Phase, base: string, devices: Device[]): Promise<void> {
  await Promise.all(devices.map(async (d) => {
    await pullAll(phase, base, d, 'firstPull');
    for (let c = 0; c < CYCLES; c++) await cycle(phase, base, d);
  }));
}

/**
 * Phase 3 (paced): every device syncs on its own clock, with a random pause of `meanPauseMs` on
 * average before each cycle (exponential, so the devices' syncs together arrive as a Poisson stream
 * of 2 × devices / pause requests per second), for `seconds`; each waits only for its own answers.
 */
async function paced(phase: Phase, base: string, devices: Device[], meanPauseMs: number, seconds: number): Promise<void> {
  const end = performance.now() + seconds * 1000;
  await Promise.all(devices.map(async (d) => {
    for (;;) {
      const wait = -Math.log(1 - Math.random()) * meanPauseMs;
      if (performance.now() + wait >= end) return;
      await sleep(wait);
      await cycle(phase, base, d);
    }
  }));
}

/** Offered sync requests per second for the paced phases (a cycle is a push and a pull). */
const RATES = (process.env.BENCH_LOAD_RATES ?? (SMOKE ? '10' : '25,50,75,100')).split(',').map(Number).filter((x) => x > 0);
const PACED_SECONDS = Number(process.env.BENCH_LOAD_PACED_SECONDS ?? sized(20, 2));
/** What the app itself sends: a cycle ~1 s after a save and one every 3 minutes while open. */
const APP_RATE_NOTE =
  'For scale: the app syncs 1 s after a save and every 3 minutes while open, so 200 devices each saving a record every minute all day send about 9 sync requests/s.';

interface Measured {
  name: string;
  phase: Phase;
  seconds: number;
}

function rowsOf({ phase }: Measured, withLogin: boolean) {
  return routes
    .filter((r) => phase.samples[r].length > 0 && (withLogin || r !== 'login'))
    .map((r) => {
      const xs = phase.samples[r];
      const p99 = quantile(xs, 0.99);
      return [
        routeNames[r], xs.length, ms(median(xs)), ms(quantile(xs, 0.95)), ms(p99), ms(Math.max(...xs)), phase.errors[r],
        r === 'login' ? 'not a sync route (own phase before the sync)' : verdict(p99 <= P99_TARGET_MS && phase.errors[r] === 0),
      ];
    });
}

function summary(m: Measured): { line: string; p99: number; errors: number; rate: number } {
  const { phase } = m;
  const all = [...phase.samples.firstPull, ...phase.samples.push, ...phase.samples.pull];
  const errors = routes.filter((r) => r !== 'login').reduce((n, r) => n + phase.errors[r], 0);
  const p99 = quantile(all, 0.99);
  const rate = all.length / m.seconds;
  const line =
    `Sync routes together: p50 ${ms(median(all))} ms, p99 ${ms(p99)} ms (${verdict(p99 <= P99_TARGET_MS)}); errors ${errors} (${verdict(errors === 0)}). ` +
    `Mutations: ${phase.pushed.applied} applied, ${phase.pushed.duplicate} duplicate, ${phase.pushed.conflict} conflict, ${phase.pushed.rejected} rejected; ` +
    `${phase.pulledChanges.toLocaleString('en-US')} changes pulled. ${ms(m.seconds)} s, ${ms(rate)} sync requests/s.`;
  return { line, p99, errors, rate };
}

async function main(): Promise<void> {
  deadline(15, 'load');
  const m = machine();
  const loadAtStart = loadText();
  const service = await startService(await prepareDatabase());
  console.log(`[bench:load] service on ${service.url} (${service.store}); ${DEVICES} devices (${MODE}) × ${CYCLES} cycles, ≤ ${CONCURRENCY} requests in flight; then paced at ${RATES.join(', ')} requests/s`);
  const measured: Measured[] = [];
  const run = async (name: string, phase: Phase, fn: () => Promise<void>) => {
    const t = performance.now();
    await fn();
    measured.push({ name, phase, seconds: (performance.now() - t) / 1000 });
    const s = summary(measured.at(-1)!);
    console.log(`[bench:load] ${name}: p99 ${ms(s.p99)} ms, ${ms(s.rate)} requests/s, ${s.errors} errors`);
  };
  const loginPhase = newPhase(CONCURRENCY);
  try {
    const devices: Device[] = [];
    await run('log-in', loginPhase, async () => {
      const all = await Promise.all(Array.from({ length: DEVICES }, (_, n) => logIn(loginPhase, service.url, n)));
      devices.push(...all.filter((d): d is Device => d !== undefined));
    });
    const saturation = newPhase(CONCURRENCY);
    await run('saturation', saturation, () => saturate(saturation, service.url, devices));
    for (const rate of RATES) {
      const phase = newPhase();
      await run(`paced ${rate}/s`, phase, () => paced(phase, service.url, devices, (2 * devices.length * 1000) / rate, PACED_SECONDS));
    }
  } finally {
    await service.stop();
  }
  const loadAtEnd = load1();
  const [login, saturation, ...pacedRuns] = measured;
  const sat = summary(saturation!);
  const head = ['route', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', `target p99 ≤ ${P99_TARGET_MS} ms, 0 errors`];
  const md = [
    `### Server load: ${DEVICES} devices (${MODE === 'demo' ? 'worst case: 2 users' : `${DEVICES} users`}), push/pull on loopback (${service.store})`,
    '',
    machineLine(m, loadAtStart) + ` Load at end: ${loadAtEnd}.`,
    (MODE === 'demo'
      ? 'Worst case: 100 devices each of the 2 demo jeugdprofessionals, so every pull returns what the 99 other devices of that user pushed. '
      : `${DEVICES} jeugdprofessionals (2 per school over ${BENCH_SCHOOLS} bench schools, each at 2 schools, so each pull returns what the 2–3 colleagues sharing a school pushed), one device each; the demo region is in the database too. `) +
      'A cycle is what the app does after a save: push a batch of ' + `${BATCH} mutations (a pupil and ${BATCH - 1} signals), then pull from its cursor. Service and load generator share the machine.`,
    '',
    `**Saturation**: all devices at once and without pause: each pulls all it may read, then runs ${CYCLES} cycles back to back, at most ${CONCURRENCY} requests in flight. ` +
      'More is asked than the service can answer, so this measures its capacity; the latency is mostly the wait in the queue (requests in flight ÷ requests/s).',
    '',
    table(head, [...rowsOf(login!, true), ...rowsOf(saturation!, false)]),
    '',
    sat.line,
    ...Object.entries({ ...login!.phase.firstError, ...saturation!.phase.firstError }).map(([r, e]) => `First ${r} error: ${e}`),
    '',
    `**Paced**: the same devices each sync on their own clock, with a random pause between two cycles (exponential, mean chosen for the offered rate), for ${PACED_SECONDS} s per rate; each device waits only for its own answers. ${APP_RATE_NOTE}`,
    '',
    table(['offered sync requests/s', 'answered requests/s', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'p99 push ms', 'p99 pull ms', 'max ms', 'errors', `target p99 ≤ ${P99_TARGET_MS} ms, 0 errors`],
      pacedRuns.map((r, i) => {
        const all = [...r.phase.samples.push, ...r.phase.samples.pull];
        const s = summary(r);
        return [RATES[i]!, ms(s.rate), all.length, ms(median(all)), ms(quantile(all, 0.95)), ms(s.p99), ms(quantile(r.phase.samples.push, 0.99)), ms(quantile(r.phase.samples.pull, 0.99)), ms(Math.max(...all)), s.errors, verdict(s.p99 <= P99_TARGET_MS && s.errors === 0)];
      })),
    ...pacedRuns.flatMap((r) => Object.entries(r.phase.firstError).map(([route, e]) => `First ${route} error (${r.name}): ${e}`)),
  ].join('\n');
  await writeReport(`load-${process.env.DATABASE_URL ? 'pg' : 'pglite'}${MODE === 'demo' ? '-demo' : ''}${CONCURRENCY === 50 ? '' : `-c${CONCURRENCY}`}`, md);
  const failed = measured.reduce((n, r) => n + routes.reduce((k, route) => k + r.phase.errors[route], 0), 0);
  if (failed > 0) console.log(`[bench:load] ${failed} requests failed (see the table)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
