/// <reference lib="dom" />
// Scale-out: the service keeps no state in process memory. Two copies of it (two buildApp instances,
// each on its own loopback port with real HTTP and its own `pg` pool) run on one PostgreSQL. Two
// devices of one user run the real client code (Dexie on fake-indexeddb, records.ts, log-in from
// auth/session.ts, DexieSyncStore, HttpTransport, syncOnce): A talks only to copy 1, B only to
// copy 2. Every round both devices create and edit records (some the same fields of the same
// records, so there are conflicts) and sync at the same time; between rounds one copy is restarted
// on a fresh pool. After both sync until quiet, devices and server agree on every record, version
// and kept conflict; no change was skipped (I4) or applied twice (I3), and no written value was lost
// (I7: it is the current value, a kept conflict, or a device overwrote it having seen it, MG2).
//
// PostgreSQL only (DATABASE_URL, e.g. `bash scripts/with-postgres.sh …`): PGlite is embedded in one
// process, so two copies of the service on one PGlite cannot exist. SCALEOUT_SEED=n picks the
// records to edit (the interleaving of the two devices is real concurrency, not seeded).
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { openPg, quoteIdent, type Db } from '../../src/server/store/db';
import { migrate } from '../../src/server/store/migrate';
import { DEMO_PASSWORD, isEmpty, seedDemo } from '../../src/server/demo';
import { signalThemes } from '../../src/domain';
import { SchoolnabijDB, tableOf } from '../../src/app/db/db';
import { createRecord, updateRecord } from '../../src/app/db/records';
import { login } from '../../src/app/auth/session';
import { DexieSyncStore } from '../../src/app/sync/dexieStore';
import { HttpTransport } from '../../src/app/sync/httpTransport';
import { syncOnce, type SyncOutcome } from '../../src/app/sync/engine';
import type { SyncTransport } from '../../src/app/sync/types';
import { deviceConflicts, deviceRecords, RecordingTransport, rng, serverConflicts, serverRecords, type Wire } from './scaleout.support';

const DATABASE_URL = process.env.DATABASE_URL;
const SKIP_REASON = 'scale-out needs a real PostgreSQL (DATABASE_URL); PGlite lives inside one process';
const ROUNDS = 6;
const STEPS = 3;
const SEED = Number(process.env.SCALEOUT_SEED ?? 20_261_123);

// --- the two copies of the service -------------------------------------------------------------

interface Copy {
  app: FastifyInstance;
  db: Db;
  base: string;
}

let schema = '';
let admin: pg.Client | undefined;
/** The test's own pool, for migrating, seeding and reading the tables directly. */
let direct: Db | undefined;
const copies: Copy[] = [];
/** Pushes each copy is serving right now, how many it served, and how often both served one at once. */
const inFlight = [0, 0];
const served = [0, 0];
let overlaps = 0;

async function startCopy(n: 0 | 1, port = 0): Promise<Copy> {
  // Its own pool: nothing is shared with the other copy but the database (and no secret is passed:
  // each copy reads the signing secret from the database, as main.ts does).
  const db = openPg({ connectionString: DATABASE_URL!, schema, max: 5 });
  const app = await buildApp({ db, authRateLimit: 1000 });
  const isPush = (method: string, url: string) => method === 'POST' && url === '/api/sync/push';
  app.addHook('onRequest', async (request) => {
    if (!isPush(request.method, request.url)) return;
    inFlight[n]! += 1;
    served[n]! += 1;
    if (inFlight[1 - n]! > 0) overlaps += 1;
  });
  app.addHook('onResponse', async (request) => {
    if (isPush(request.method, request.url)) inFlight[n]! -= 1;
  });
  await app.listen({ host: '127.0.0.1', port });
  return { app, db, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

async function stopCopy(copy: Copy): Promise<void> {
  await copy.app.close();
  await copy.db.close();
}

/** A restart: the old process's memory (pool, rate limits, caches) is gone; same address, same database. */
async function restartCopy(n: 0 | 1): Promise<void> {
  const old = copies[n]!;
  await stopCopy(old);
  copies[n] = await startCopy(n, Number(new URL(old.base).port));
}

// --- the two devices ---------------------------------------------------------------------------

interface Device extends Wire {
  name: 'A' | 'B';
  db: SchoolnabijDB;
  store: DexieSyncStore;
  transport: SyncTransport;
  userId: string;
  schoolIds: string[];
  pick: ReturnType<typeof rng>['pick'];
  /** Ids of every mutation this device's saves put in its outbox. */
  made: string[];
}

async function openDevice(name: 'A' | 'B', copy: 0 | 1, seed: number): Promise<Device> {
  const db = new SchoolnabijDB(`scaleout-${name}-${randomUUID()}`);
  await db.open();
  // session.ts keeps the session in one module-level variable (one per app), so with two devices in
  // one process its accessToken() would hand out the last log-in's token: each device keeps its own.
  const session = await login(db, 'sanne', DEMO_PASSWORD, copies[copy]!.base);
  const wire: Wire = { pulled: [], results: [] };
  // A restarted copy comes back on the same address, so the device reaches it like a real one would.
  const http = new HttpTransport(() => Promise.resolve(session.accessToken), copies[copy]!.base);
  const device: Device = {
    ...wire,
    name,
    db,
    store: new DexieSyncStore(db),
    transport: new RecordingTransport(wire, http),
    userId: session.user.id,
    schoolIds: session.user.schools.map((s) => s.id),
    pick: rng(seed).pick,
    made: [],
  };
  db.outbox.hook('creating', (_key, m) => {
    device.made.push(m.id);
  });
  return device;
}

const sync = (d: Device): Promise<SyncOutcome> => syncOnce(d.store, d.transport);

// --- what was written --------------------------------------------------------------------------

interface Write {
  device: string;
  recordId: string;
  field: string;
  value: string;
}
const writes: Write[] = [];
/** recordId|field|value of values a device overwrote while it had them on screen (MG2: no conflict). */
const overwrittenKnowingly = new Set<string>();
const valueKey = (recordId: string, field: string, value: unknown) => `${recordId}|${field}|${JSON.stringify(value)}`;
const created: string[] = [];
let counter = 0;
const year = new Date().getFullYear();
const today = new Date().toISOString().slice(0, 10);

async function createPupil(d: Device, step: string) {
  const group = `${d.name}${++counter}`;
  const ctx = { userId: d.userId, schoolId: d.pick(d.schoolIds) };
  const pupil = await createRecord(d.db, 'pupil', { initials: `${d.name}-${step}`, group, birthYear: year - 10 }, ctx);
  created.push(pupil.id);
  writes.push({ device: d.name, recordId: pupil.id, field: 'group', value: group });
}

async function createSignal(d: Device) {
  const pupils = (await d.db.pupils.toArray()).sort((a, b) => a.id.localeCompare(b.id));
  const pupil = d.pick(pupils);
  const description = `Notitie ${d.name}${++counter}: vaak te laat, moe in de klas.`;
  const signal = await createRecord(
    d.db,
    'signal',
    {
      pupilId: pupil.id,
      date: today,
      theme: d.pick(signalThemes),
      seriousness: 'zorg',
      source: 'leerkracht',
      description,
      followUpDate: null,
    },
    { userId: d.userId, schoolId: pupil.schoolId },
  );
  created.push(signal.id);
  writes.push({ device: d.name, recordId: signal.id, field: 'description', value: description });
}

/** Edits one field through records.ts, noting the value it replaces on this device. */
async function edit(d: Device, entity: 'pupil' | 'signal', recordId: string) {
  const field = entity === 'pupil' ? 'group' : 'description';
  const value = entity === 'pupil' ? `${d.name}${++counter}` : `Bijgewerkt ${d.name}${++counter}: gesprek gepland.`;
  const before = (await d.db[tableOf[entity]].get(recordId)) as Record<string, unknown> | undefined;
  await updateRecord(d.db, entity, recordId, { [field]: value }, { userId: d.userId });
  overwrittenKnowingly.add(valueKey(recordId, field, before?.[field]));
  writes.push({ device: d.name, recordId, field, value });
}

async function randomId(d: Device, entity: 'pupil' | 'signal'): Promise<string> {
  const rows = (await d.db[tableOf[entity]].toArray()) as { id: string }[];
  return d.pick(rows.map((r) => r.id).sort());
}

// --- the test ----------------------------------------------------------------------------------

beforeAll(async () => {
  if (!DATABASE_URL) return;
  schema = `scaleout_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  // Once, as main.ts does on start: migrate, seed the demo region when empty.
  direct = openPg({ connectionString: DATABASE_URL, schema, max: 2 });
  await migrate(direct);
  if (await isEmpty(direct)) await seedDemo(direct);
  copies.push(await startCopy(0), await startCopy(1));
});

afterAll(async () => {
  for (const c of copies) await stopCopy(c);
  await direct?.close();
  if (admin) {
    await admin.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    await admin.end();
  }
});

describe('scale-out: two copies of the service on one PostgreSQL', () => {
  it('devices syncing through different copies at once converge; nothing skipped, doubled or lost', async ({ skip, onTestFailed }) => {
    skip(!DATABASE_URL, SKIP_REASON);
    onTestFailed(() => console.error(`scale-out failed with SCALEOUT_SEED=${SEED}`));

    const a = await openDevice('A', 0, SEED);
    const b = await openDevice('B', 1, SEED + 1);
    const devices = [a, b];
    expect(a.userId).toBe(b.userId);
    await Promise.all(devices.map(sync));

    // Two demo records both devices edit in every step: same field, often without having seen the
    // other's last value, so the merge must keep the loser as a conflict (MG4).
    const first = async (entity: 'pupil' | 'signal') =>
      ((await a.db[tableOf[entity]].toArray()) as { id: string }[]).map((r) => r.id).sort()[0]!;
    const hot = { pupil: await first('pupil'), signal: await first('signal') };

    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        devices.map(async (d) => {
          for (let step = 0; step < STEPS; step++) {
            await createPupil(d, `${round}${step}`);
            await createSignal(d);
            await edit(d, 'pupil', hot.pupil);
            await edit(d, 'signal', hot.signal);
            await edit(d, 'pupil', await randomId(d, 'pupil'));
            await edit(d, 'signal', await randomId(d, 'signal'));
            await sync(d);
          }
        }),
      );
      // Between rounds one copy loses everything in memory; the devices don't notice.
      await restartCopy(round % 2 === 0 ? 0 : 1);
    }

    for (let i = 0; ; i++) {
      expect(i, 'devices still exchange changes after 10 syncs').toBeLessThan(10);
      const outcomes = await Promise.all(devices.map(sync));
      if (outcomes.every((o) => o.pushed === 0 && o.rejected === 0 && o.pulled === 0)) break;
    }

    // The copies really served the devices at the same time.
    expect(served[0]).toBeGreaterThan(0);
    expect(served[1]).toBeGreaterThan(0);
    expect(overlaps, 'no push on one copy overlapped a push on the other').toBeGreaterThan(0);

    // What the devices read: their schools, and the regional wie-is-wie of the SWV and their gemeenten.
    const { rows: areas } = await direct!.query<{ id: string }>(
      `SELECT a.id FROM areas a WHERE a.kind = 'swv' OR a.id IN (SELECT s.gemeente_id FROM schools s WHERE s.id = ANY($1::uuid[]))`,
      [a.schoolIds],
    );
    const schoolIds = [...a.schoolIds, ...areas.map((r) => r.id)];
    const records = await serverRecords(direct!, schoolIds);
    const conflicts = await serverConflicts(direct!, schoolIds);
    const {
      rows: [top],
    } = await direct!.query<{ v: number }>('SELECT max(version) AS v FROM records WHERE school_id = ANY($1::uuid[])', [schoolIds]);

    for (const d of devices) {
      // Same records, field values and versions; same kept conflicts; nothing waiting or refused.
      expect(await deviceRecords(d.db), `device ${d.name} records`).toEqual(records);
      expect(await deviceConflicts(d.db), `device ${d.name} conflicts`).toEqual(conflicts);
      expect(await d.db.outbox.count()).toBe(0);
      expect(await d.db.rejected.toArray()).toEqual([]);
      expect(await d.store.cursor()).toBe(String(top!.v));

      // I4, nothing skipped: the pulled seqs only go up, and each record's last pulled change is the
      // server's current version of it.
      const seqs = d.pulled.map((p) => p.seq);
      expect(
        seqs.every((s, i) => i === 0 || s > seqs[i - 1]!),
        `device ${d.name} pulled seqs in order`,
      ).toBe(true);
      const lastPulled = new Map(d.pulled.map((p) => [p.id, p.seq]));
      expect(
        records.filter((r) => lastPulled.get(r.id) !== r.version).map((r) => r.id),
        `device ${d.name} missed`,
      ).toEqual([]);
      expect(lastPulled.size).toBe(records.length);

      // Every mutation this device made was answered once, and accepted.
      const answered = d.results.map((r) => r.mutationId);
      expect(new Set(answered).size).toBe(answered.length);
      expect([...answered].sort()).toEqual([...d.made].sort());
      expect(d.results.filter((r) => r.status !== 'applied' && r.status !== 'conflict')).toEqual([]);
    }
    expect(await deviceRecords(a.db)).toEqual(await deviceRecords(b.db));
    expect(conflicts.length).toBeGreaterThan(0);
    expect(conflicts.some((c) => c.recordId === hot.pupil && c.field === 'group')).toBe(true);
    expect(conflicts.some((c) => c.recordId === hot.signal && c.field === 'description')).toBe(true);

    // I3, nothing doubled: every created record exists once; every mutation is in the audit log
    // exactly once, named in its mutation_id (008), from the device that made it.
    const made = devices.flatMap((d) => d.made);
    const { rows: recordCounts } = await direct!.query<{ n: number }>('SELECT count(*)::int AS n FROM records WHERE id = ANY($1::uuid[])', [
      created,
    ]);
    expect(recordCounts[0]!.n).toBe(created.length);
    expect(new Set(created).size).toBe(created.length);
    const { rows: appliedRows } = await direct!.query<{ id: string; device_id: string }>(
      'SELECT mutation_id AS id, device_id FROM audit_log WHERE mutation_id = ANY($1::uuid[])',
      [made],
    );
    expect(appliedRows.length).toBe(made.length);
    const { rows: audited } = await direct!.query<{ m: string; n: number }>(
      `SELECT detail->>'mutationId' AS m, count(*)::int AS n FROM audit_log
        WHERE detail->>'mutationId' = ANY($1::text[]) GROUP BY 1`,
      [made],
    );
    expect(audited.length).toBe(made.length);
    expect(audited.filter((r) => r.n !== 1)).toEqual([]);

    // I7, nothing lost: every value written is the current value, a kept conflict, or was replaced
    // by a device that had it on screen.
    const current = new Map(records.map((r) => [r.id, r as Record<string, unknown>]));
    const kept = new Set(conflicts.map((c) => valueKey(c.recordId, c.field, c.value)));
    const how = { current: 0, conflict: 0, overwritten: 0 };
    const lost: Write[] = [];
    for (const w of writes) {
      if (current.get(w.recordId)?.[w.field] === w.value) how.current++;
      else if (kept.has(valueKey(w.recordId, w.field, w.value))) how.conflict++;
      else if (overwrittenKnowingly.has(valueKey(w.recordId, w.field, w.value))) how.overwritten++;
      else lost.push(w);
    }
    expect(lost).toEqual([]);
    expect(how.conflict).toBeGreaterThan(0);
    console.log(
      `scale-out seed ${SEED}: ${made.length} mutations, ${created.length} records created, ${conflicts.length} conflicts kept; ` +
        `pushes served ${served.join('/')} (overlapping ${overlaps}); writes: ${how.current} current, ${how.conflict} conflict, ${how.overwritten} overwritten knowingly`,
    );
  });
});
