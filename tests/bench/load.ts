// `npm run bench:load`: 200 simulated devices doing push/pull cycles against the real service
// (src/server/main.ts as a child process) on loopback. Before the service starts, the bench seeds
// its database: the demo region plus a region's worth of bench users, 200 jeugdprofessionals over
// 100 extra schools (2 per school, each at their own school and the next one), each with one
// device. (BENCH_LOAD_MODE=demo instead logs in 100 devices each as the 2 demo jeugdprofessionals:
// then every pull returns what 99 other devices of the same user pushed, a worst case.) Each device
// logs in, pulls everything it may read, then runs CYCLES cycles of "push a batch of 10 mutations,
// pull from its cursor". A
// semaphore bounds the requests in flight (BENCH_LOAD_CONCURRENCY). Latency = request sent to
// response body read, per route. Prints p50/p99 per route and the errors; target p99 ≤ 200 ms and
// 0 errors. On PostgreSQL: `bash scripts/with-postgres.sh npm run bench:load`.
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
import { DEMO_PASSWORD, deadline, load1, loadText, machine, machineLine, median, ms, quantile, startService, table, verdict, writeReport } from './support';

const DEVICES = Number(process.env.BENCH_LOAD_DEVICES ?? 200);
const CYCLES = Number(process.env.BENCH_LOAD_CYCLES ?? 5);
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
const samples: Record<Route, number[]> = { login: [], firstPull: [], push: [], pull: [] };
const errors: Record<Route, number> = { login: 0, firstPull: 0, push: 0, pull: 0 };
const firstError: Partial<Record<Route, string>> = {};
const pushed = { applied: 0, duplicate: 0, conflict: 0, rejected: 0 };
let pulledChanges = 0;

/** At most CONCURRENCY requests in flight; the wait for a slot is not part of the latency. */
let inFlight = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (inFlight >= CONCURRENCY) await new Promise<void>((r) => waiting.push(r));
  inFlight++;
  try {
    return await fn();
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}

async function call<T>(route: Route, url: string, init: RequestInit): Promise<T | undefined> {
  return slot(async () => {
    const t0 = performance.now();
    try {
      const res = await fetch(url, init);
      const text = await res.text();
      samples[route].push(performance.now() - t0);
      if (!res.ok) {
        errors[route]++;
        firstError[route] ??= `${res.status} ${text.slice(0, 200)}`;
        return undefined;
      }
      return JSON.parse(text) as T;
    } catch (e) {
      samples[route].push(performance.now() - t0);
      errors[route]++;
      firstError[route] ??= String(e);
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
}

/** Phase 1: every device logs in (once a month on a real phone; scrypt makes it slow on purpose). */
async function logIn(base: string, n: number): Promise<Device | undefined> {
  const user = users[n % users.length]!;
  const login = await call<{ accessToken: string }>('login', `${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: DEMO_PASSWORD, deviceId: randomUUID(), deviceName: `bench-toestel-${n}` }),
  });
  return login && { user, headers: { authorization: `Bearer ${login.accessToken}`, 'x-protocol-version': String(PROTOCOL_VERSION) } };
}

/** Phase 2: the first full pull, then the push/pull cycles, all devices at once. */
async function sync(base: string, { user, headers }: Device): Promise<void> {
  let cursor = '0';
  let route: Route = 'firstPull';
  const pullAll = async () => {
    for (let page = 0; page < 100; page++) {
      const answer = await call<PullResponse>(route, `${base}/api/sync/pull?cursor=${encodeURIComponent(cursor)}`, { headers });
      if (!answer) return;
      pulledChanges += answer.changes.length;
      cursor = answer.cursor;
      if (!answer.hasMore) return;
    }
  };
  await pullAll();
  route = 'pull';
  for (let c = 0; c < CYCLES; c++) {
    const mutations = batch(pick(user.schools));
    const answer = await call<{ results: MutationResult[] }>('push', `${base}/api/sync/push`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, mutations }),
    });
    for (const r of answer?.results ?? []) pushed[r.status]++;
    await pullAll();
  }
}

async function main(): Promise<void> {
  deadline(15, 'load');
  const m = machine();
  const loadAtStart = loadText();
  const service = await startService(await prepareDatabase());
  console.log(`[bench:load] service on ${service.url} (${service.store}); ${DEVICES} devices (${MODE}) × ${CYCLES} cycles, ≤ ${CONCURRENCY} requests in flight`);
  const t0 = performance.now();
  let t1 = t0;
  try {
    const devices = await Promise.all(Array.from({ length: DEVICES }, (_, n) => logIn(service.url, n)));
    console.log(`[bench:load] ${devices.filter(Boolean).length} devices logged in in ${ms((performance.now() - t0) / 1000)} s; syncing`);
    t1 = performance.now();
    await Promise.all(devices.map((d) => d && sync(service.url, d)));
  } finally {
    await service.stop();
  }
  const wall = performance.now() - t1;
  const loadAtEnd = load1();
  const all = [...samples.firstPull, ...samples.push, ...samples.pull];
  const rows = routes.map((r) => {
    const p99 = quantile(samples[r], 0.99);
    return [
      routeNames[r],
      samples[r].length,
      ms(median(samples[r])),
      ms(quantile(samples[r], 0.95)),
      ms(p99),
      ms(Math.max(...samples[r])),
      errors[r],
      r === 'login' ? 'not a sync route (own phase before the sync)' : verdict(p99 <= P99_TARGET_MS && errors[r] === 0),
    ];
  });
  const totalErrors = routes.reduce((n, r) => n + errors[r], 0);
  const md = [
    `### Server load: ${DEVICES} devices (${MODE === 'demo' ? 'worst case: 2 users' : `${DEVICES} users`}), push/pull on loopback (${service.store}), ≤ ${CONCURRENCY} requests in flight`,
    '',
    machineLine(m, loadAtStart) + ` Load at end: ${loadAtEnd}.`,
    (MODE === 'demo'
      ? 'Worst case: 100 devices each of the 2 demo jeugdprofessionals, so every pull returns what the 99 other devices of that user pushed. '
      : `${DEVICES} jeugdprofessionals (2 per school over ${BENCH_SCHOOLS} bench schools, each at 2 schools, so each pull returns what the 2–3 colleagues sharing a school pushed), one device each; the demo region is in the database too. `) +
    `All devices log in first. Then all at once: each pulls all it may read, then ${CYCLES}× pushes ${BATCH} mutations and pulls from its cursor; at most ${CONCURRENCY} requests in flight. Service and load generator share the machine.`,
    '',
    table(['route', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', `target p99 ≤ ${P99_TARGET_MS} ms, 0 errors`], rows),
    '',
    `Sync routes together: p50 ${ms(median(all))} ms, p99 ${ms(quantile(all, 0.99))} ms (${verdict(quantile(all, 0.99) <= P99_TARGET_MS)}); errors ${totalErrors} (${verdict(totalErrors === 0)}). ` +
      `Mutations: ${pushed.applied} applied, ${pushed.duplicate} duplicate, ${pushed.conflict} conflict, ${pushed.rejected} rejected; ${pulledChanges.toLocaleString('en-US')} changes pulled. ` +
      `Sync phase ${ms(wall / 1000)} s, ${ms(all.length / (wall / 1000))} sync requests/s.`,
    ...Object.entries(firstError).map(([r, e]) => `First ${r} error: ${e}`),
  ].join('\n');
  await writeReport(`load-${process.env.DATABASE_URL ? 'pg' : 'pglite'}${MODE === 'demo' ? '-demo' : ''}${CONCURRENCY === 50 ? '' : `-c${CONCURRENCY}`}`, md);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
