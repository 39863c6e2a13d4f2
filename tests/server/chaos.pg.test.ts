// Seeded simulation: 20 devices edit offline, sync through a faulty network (requests dropped,
// answers lost, requests duplicated and delivered late), the service restarts between steps.
// After every device syncs: all devices and the server hold the same state (convergence), every
// mutation was applied at most once (I3), and every write is present as the value or as a kept
// conflict, unless a later write was made knowing it (I7; merge rules M2/M4 in src/sync/merge.ts).
//
// CHAOS_RUNS seeds from CHAOS_FIRST_SEED (default 1); `npm test` runs seeds 1–100 on PGlite and
// 101–200 on PostgreSQL, so one CI run covers 200 different seeds (issue 4: CI runs ≥ 200);
// `npm run test:chaos -- --runs 10000` runs more. CHAOS_SEED=n runs one seed. A failing seed is printed; add it to `regressionSeeds`.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import type { Conflict, Mutation, MutationResult, PullResponse } from '../../src/sync/protocol';
import { login, school, setup, type LoggedIn, type TestApp } from './helpers';

/** Seeds that once failed; they always run first. */
const regressionSeeds: number[] = [];

// Without CHAOS_RUNS: 50 seeds on CI (CI=true), 25 locally.
const RUNS = Number(process.env.CHAOS_RUNS ?? (process.env.CI ? 50 : 25));
const FIRST_SEED = Number(process.env.CHAOS_FIRST_SEED ?? 1);
const STEPS = Number(process.env.CHAOS_STEPS ?? 12);
const DEVICES = 20;
/** Small pages, so paging and lost page answers are exercised. */
const PAGE = 20;

/** mulberry32: small, fast, seedable. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (n: number) => Math.floor(next() * n),
    pick: <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

interface LocalRecord {
  server: Record<string, unknown> | null; // last pulled server record
  conflicts: Conflict[];
}

interface Device {
  n: number;
  session: LoggedIn;
  records: Map<string, LocalRecord>;
  outbox: Mutation[];
  cursor: string;
  /** Copies of push requests "still in the network", delivered at a later step. */
  late: Mutation[][];
}

interface Write {
  mutationId: string;
  device: number;
  order: number;
  recordId: string;
  field: string;
  value: string;
  baseVersion: number;
}

let t: TestApp;
let app: FastifyInstance;
let sessions: LoggedIn[] = [];

beforeAll(async () => {
  t = await setup();
  app = t.app;
  sessions = [];
  for (let i = 0; i < DEVICES; i++) sessions.push(await login(app, 'sanne'));
});
afterAll(async () => {
  if (app !== t.app) await app.close();
  await t.cleanup();
});

async function pushRaw(device: Device, mutations: Mutation[]): Promise<MutationResult[]> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/sync/push',
    headers: { authorization: `Bearer ${device.session.accessToken}` },
    payload: { protocolVersion: 1, mutations },
  });
  if (res.statusCode !== 200) throw new Error(`push ${res.statusCode} ${res.body}`);
  return (res.json() as { results: MutationResult[] }).results;
}

async function pullRaw(device: Device, cursor: string): Promise<PullResponse> {
  const res = await app.inject({
    method: 'GET',
    url: `/api/sync/pull?cursor=${cursor}&limit=${PAGE}`,
    headers: { authorization: `Bearer ${device.session.accessToken}`, 'x-protocol-version': '1' },
  });
  if (res.statusCode !== 200) throw new Error(`pull ${res.statusCode} ${res.body}`);
  return res.json() as PullResponse;
}

/** What the device shows: the server record with its own unsent edits on top. */
function view(device: Device, id: string): Record<string, unknown> | null {
  let record = device.records.get(id)?.server ?? null;
  for (const m of device.outbox) {
    if (m.recordId !== id) continue;
    const { schoolId: _s, ...changes } = m.changes;
    record = { ...(record ?? { id, deleted: false, version: 0 }), ...changes };
  }
  return record;
}

async function simulate(seed: number, results: Map<string, MutationResult>, writes: Write[]) {
  const r = rng(seed);
  // Devices start synced up to now: earlier seeds' records are not part of this run.
  const start = String(await currentSeq());
  const devices: Device[] = sessions.map((session, n) => ({ n, session, records: new Map(), outbox: [], cursor: start, late: [] }));
  let order = 0;
  const schools = [school(1), school(2), school(3)];

  const record = (device: Device, results_: MutationResult[]) => {
    for (const res of results_) {
      expect(res.status, `seed ${seed}: ${res.reason}`).not.toBe('rejected');
      const prev = results.get(res.mutationId);
      if (!prev || prev.status === 'duplicate') results.set(res.mutationId, res);
      if (prev?.version !== undefined) expect(res.version, `seed ${seed}: version of a mutation changed`).toBe(prev.version);
    }
    // I5: a mutation leaves the outbox only when the server answered for it.
    const acked = new Set(results_.map((x) => x.mutationId));
    device.outbox = device.outbox.filter((m) => !acked.has(m.id));
  };

  const sync = async (device: Device, faults: boolean) => {
    if (device.outbox.length) {
      const batch = device.outbox.slice(0, 1 + r.int(6));
      if (faults && r.chance(0.15)) {
        // request dropped: nothing reaches the server
      } else {
        const answer = await pushRaw(device, batch);
        if (faults && r.chance(0.1)) device.late.push(batch); // a copy still in the network
        if (faults && r.chance(0.1)) await pushRaw(device, batch); // duplicated request
        if (!(faults && r.chance(0.15))) record(device, answer); // else: answer lost
      }
    }
    for (let pages = 0; pages < 50; pages++) {
      const page = await pullRaw(device, device.cursor);
      if (faults && r.chance(0.1)) break; // answer lost: cursor not moved, pulled again later
      for (const c of page.changes) device.records.set(String(c.record.id), { server: c.record, conflicts: c.conflicts });
      device.cursor = page.cursor; // I6: rows and cursor together
      if (!page.hasMore) break;
    }
  };

  for (let step = 0; step < STEPS; step++) {
    for (const device of devices) {
      const action = r.next();
      if (action < 0.25) {
        const recordId = randomUUID();
        const initials = `c${device.n}x${order}`;
        const m: Mutation = {
          id: randomUUID(), entity: 'pupil', recordId, kind: 'create', baseVersion: 0, createdAt: new Date().toISOString(),
          changes: { initials, group: `g${order}`, birthYear: new Date().getFullYear() - 9, schoolId: r.pick(schools) },
        };
        device.outbox.push(m);
        writes.push({ mutationId: m.id, device: device.n, order: order++, recordId, field: 'initials', value: initials, baseVersion: 0 });
      } else if (action < 0.6) {
        const ids = [...new Set([...device.records.keys(), ...device.outbox.map((m) => m.recordId)])];
        if (!ids.length) continue;
        const id = r.pick(ids);
        const field = r.pick(['initials', 'group', 'deleted'] as const);
        const value = field === 'deleted' ? !view(device, id)?.deleted : `e${device.n}x${order}`;
        const baseVersion = Number(device.records.get(id)?.server?.version ?? 0);
        const m: Mutation = {
          id: randomUUID(), entity: 'pupil', recordId: id, kind: 'update', baseVersion, createdAt: new Date().toISOString(),
          changes: { [field]: value },
        };
        device.outbox.push(m);
        if (typeof value === 'string') writes.push({ mutationId: m.id, device: device.n, order: order++, recordId: id, field, value, baseVersion });
      } else if (action < 0.9) {
        await sync(device, true);
      }
      // else: the device stays offline this step
    }
    // A late copy of an old request arrives (it must be a no-op: I3).
    for (const device of devices) {
      if (device.late.length && r.chance(0.3)) {
        const batch = device.late.shift()!;
        for (const res of await pushRaw(device, batch)) {
          const known = results.get(res.mutationId);
          if (known) expect(res.status, `seed ${seed}: a late copy was applied again`).toBe('duplicate');
        }
      }
    }
    if (r.chance(0.1)) {
      // The service restarts: a new instance on the same database; nothing lives in memory.
      const old = app;
      app = await buildApp({ db: t.db, authRateLimit: 10_000 });
      if (old !== t.app) await old.close();
    }
  }

  // Everyone comes online and syncs until nothing is left (no faults any more).
  for (let round = 0; round < 20 && devices.some((d) => d.outbox.length || d.late.length); round++) {
    for (const device of devices) {
      for (const batch of device.late.splice(0)) await pushRaw(device, batch);
      while (device.outbox.length) await sync(device, false);
    }
  }
  for (const device of devices) await sync(device, false);
  return { devices, start };
}

async function currentSeq(): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>('SELECT coalesce(max(version), 0)::int AS n FROM records');
  return Number(rows[0]?.n ?? 0);
}

async function check(seed: number) {
  const results = new Map<string, MutationResult>();
  const writes: Write[] = [];
  const { devices, start } = await simulate(seed, results, writes);

  // The server's state of this seed's records, as a fresh pull shows it.
  const server = new Map<string, { record: Record<string, unknown>; conflicts: Conflict[] }>();
  let cursor = start;
  for (;;) {
    const page = await pullRaw(devices[0]!, cursor);
    for (const c of page.changes) server.set(String(c.record.id), { record: c.record, conflicts: c.conflicts });
    cursor = page.cursor;
    if (!page.hasMore) break;
  }

  // Convergence: every device holds exactly the server state.
  for (const device of devices) {
    expect(device.outbox, `seed ${seed}: device ${device.n} outbox not empty`).toEqual([]);
    expect(device.records.size, `seed ${seed}: device ${device.n} record count`).toBe(server.size);
    for (const [id, s] of server) {
      const local = device.records.get(id);
      expect(local?.server, `seed ${seed}: device ${device.n} record ${id}`).toEqual(s.record);
      expect(local?.conflicts, `seed ${seed}: device ${device.n} conflicts of ${id}`).toEqual(s.conflicts);
    }
  }

  // I3: one record per create.
  const creates = writes.filter((w) => w.baseVersion === 0 && w.field === 'initials' && w.value.startsWith('c'));
  expect(server.size, `seed ${seed}: records`).toBe(creates.length);

  // I7: every write is the value, or a kept conflict, or was overwritten by a write that knew it.
  for (const w of writes) {
    const s = server.get(w.recordId);
    expect(s, `seed ${seed}: record of write ${w.value} missing`).toBeDefined();
    if (!s) continue;
    const present = s.record[w.field] === w.value || s.conflicts.some((c) => c.field === w.field && c.value === w.value);
    if (present) continue;
    const version = results.get(w.mutationId)?.version ?? Infinity;
    const knewIt = writes.some(
      (x) => x.recordId === w.recordId && x.field === w.field && x !== w &&
        (results.get(x.mutationId)?.version ?? 0) > version &&
        ((x.device === w.device && x.order > w.order) || x.baseVersion >= version),
    );
    expect(knewIt, `seed ${seed}: write ${w.field}=${w.value} on ${w.recordId} was lost`).toBe(true);
  }
}

function seedsToRun(): number[] {
  if (process.env.CHAOS_SEED) return [Number(process.env.CHAOS_SEED)];
  return [...regressionSeeds, ...Array.from({ length: RUNS }, (_, i) => FIRST_SEED + i)];
}

describe('chaos: devices, faulty network, restarts', () => {
  it(`converges and loses no write over ${RUNS} seeds from ${FIRST_SEED} (${DEVICES} devices, ${STEPS} steps)`, async () => {
    for (const seed of seedsToRun()) {
      try {
        await check(seed);
      } catch (err) {
        console.error(`chaos: seed ${seed} failed; rerun with CHAOS_SEED=${seed} and add it to regressionSeeds`);
        throw err;
      }
    }
  }, 30 * 60_000);
});
