// The seeded chaos simulation, shared by tests/server/chaos.pg.test.ts (`npm test`) and the parallel
// runner (tests/server/run-chaos.mjs, `npm run test:chaos`).
//
// 20 devices of one user edit offline and sync through a faulty network: requests dropped, answers
// lost, requests duplicated and delivered late, the service restarting between steps. Each device
// syncs with the app's own engine, HTTP transport and API client (token renewal included); only its
// storage is memory, and the network is the fetch its client calls. Their tokens
// fail the way a phone's do: an access token runs out before a push or between the pages of a pull
// (the device refreshes and sends the same request again, like the app), a refresh answer is lost on
// the way back (the device refreshes again with the token it still has), every token runs out at
// once (a long run: the 15 minutes passed), and a device is revoked from another one (it wipes itself
// and its user logs in again on a fresh install).
//
// After every device syncs: all devices and the server hold the same state (convergence), every
// mutation was applied at most once (I3), and every write is present as the value or as a kept
// conflict, unless a later write was made knowing it (I7; merge rules MG2/MG4 in src/sync/merge.ts).
// The one allowed loss is the documented one: what a revoked device had not yet sent.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../../src/server/app';
import { wrapPglite } from '../../src/server/store/db';
import { ACCESS_TOKEN_SECONDS, hashRefreshToken, loadSecret, signAccessToken } from '../../src/server/auth/tokens';
import { ApiError, callApi } from '../../src/app/api/client';
import { syncOnce } from '../../src/app/sync/engine';
import { HttpTransport } from '../../src/app/sync/httpTransport';
import { SyncError, type SyncStore, type SyncTransport } from '../../src/app/sync/types';
import { signedInSchema, type SignedIn } from '../../src/sync/api/auth';
import { okResponseSchema } from '../../src/sync/api/common';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type Conflict,
  type Mutation,
  type MutationResult,
  type PullResponse,
} from '../../src/sync/protocol';
import { login, onPostgres, school, setup, type LoggedIn, type TestApp } from './helpers';
import { seededRandom } from '../support/random';

export const DEVICES = 20;
export const DEFAULT_STEPS = 12;
/** Small pages, so paging, lost page answers and expiry between pages are exercised. */
const PAGE = 20;
/** The devices' address of the service; the network below delivers in-process, never over a socket. */
const BASE = 'http://chaos.invalid';

/** One database and service with 20 logged-in devices; many seeds run on it one after another. */
export interface ChaosWorld {
  t: TestApp;
  app: FastifyInstance;
  secret: Uint8Array;
  sessions: LoggedIn[];
  /** Statements sent to the database so far (every query, in a transaction or not). */
  statements: number;
}

/** Counts the statements of the world's database, in place: the service holds this same object. */
function counted(w: Omit<ChaosWorld, 'statements'>): ChaosWorld {
  const world = { ...w, statements: 0 };
  const db = w.t.db;
  const query = db.query.bind(db);
  const transaction = db.transaction.bind(db);
  db.query = (sql, params) => {
    world.statements++;
    return query(sql, params);
  };
  db.transaction = (fn) =>
    transaction((tx) =>
      fn({
        query: (sql, params) => {
          world.statements++;
          return tx.query(sql, params);
        },
        exec: (sql) => tx.exec(sql),
      }),
    );
  return world;
}

/**
 * On PGlite, the first world of a process is kept as a template: its data directory right after
 * migration, demo data and the 20 log-ins, with those sessions. A later world (the runner starts a
 * fresh one every so many seeds, and after a failure) is a copy of it: no initdb, no migrations, no
 * password hashing. Its access tokens may have run out meanwhile; the devices refresh them.
 */
let template: { data: Blob; sessions: LoggedIn[] } | null = null;

export async function openWorld(): Promise<ChaosWorld> {
  if (template && !onPostgres) {
    const db = wrapPglite(await PGlite.create({ loadDataDir: template.data }));
    const app = await buildApp({ db, authRateLimit: 10_000 });
    const t: TestApp = {
      db,
      app,
      async cleanup() {
        await app.close();
        await db.close();
      },
    };
    return counted({ t, app, secret: await loadSecret(db), sessions: [...template.sessions] });
  }
  const t = await setup();
  const sessions: LoggedIn[] = [];
  for (let i = 0; i < DEVICES; i++) sessions.push(await login(t.app, 'sanne'));
  if (!onPostgres) template = { data: await t.dump!(), sessions: [...sessions] };
  return counted({ t, app: t.app, secret: await loadSecret(t.db), sessions });
}

/**
 * The floor of a seed: the same number of requests and statements, done the simplest way on the
 * same service and database. Each request is the cheapest real one (GET /api/health: the whole
 * request path and one one-row statement); each other statement a one-row lookup by key. What a
 * seed costs above this is the work of its requests: sync, checks, audit, and the devices' side.
 */
export async function floorSeed(w: ChaosWorld, requests: number, statements: number): Promise<void> {
  for (let i = 0; i < requests; i++) {
    const res = await w.app.inject({ method: 'GET', url: '/api/health' });
    if (res.statusCode !== 200) throw new Error(`floor: health ${res.statusCode}`);
  }
  for (let i = requests; i < statements; i++) await w.t.db.query('SELECT value FROM settings WHERE key = $1', ['jwt_secret']);
}

/**
 * What the service recorded about sessions that ended, for a seed that failed on a log-in: the last
 * refusals of refresh tokens and the sessions ended, with why. Printed with the failure.
 */
export async function sessionTrail(w: ChaosWorld): Promise<string[]> {
  const { rows: refusals } = await w.t.db.query<{ at: Date; device_id: string; detail: unknown }>(
    `SELECT at, device_id, detail FROM audit_log WHERE action = 'failed_login' ORDER BY id DESC LIMIT 5`,
  );
  const { rows: ended } = await w.t.db.query<{ device_id: string; ended_at: Date; end_reason: string }>(
    'SELECT device_id, ended_at, end_reason FROM sessions WHERE ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT 5',
  );
  return [
    ...refusals.map((r) => `refused ${new Date(r.at).toISOString()} device ${r.device_id}: ${JSON.stringify(r.detail)}`),
    ...ended.map((r) => `session ended ${new Date(r.ended_at).toISOString()} device ${r.device_id}: ${r.end_reason}`),
  ];
}

export async function closeWorld(w: ChaosWorld): Promise<void> {
  if (w.app !== w.t.app) await w.app.close();
  await w.t.cleanup();
}

export const FAULTS = ['expiredBeforePush', 'expiredBetweenPages', 'allExpired', 'refreshAnswerLost', 'revoked'] as const;
export type Fault = (typeof FAULTS)[number];

export interface SeedReport {
  /** Writes whose presence was checked (I7). */
  writes: number;
  /** Writes neither present nor knowingly overwritten; and mutations applied twice. Both must be 0. */
  lost: number;
  doubled: number;
  /** Unsent writes of a revoked device: gone by design (README, Beveiliging op het toestel). */
  wiped: number;
  refreshes: number;
  faults: Record<Fault, number>;
  /** Requests the service answered, and statements it sent to the database, in this seed. */
  requests: number;
  statements: number;
}

export class ChaosFailure extends Error {
  constructor(
    readonly seed: number,
    readonly problems: string[],
    readonly report: SeedReport,
  ) {
    super(`seed ${seed}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`);
  }
}

const rng = seededRandom;

interface LocalRecord {
  server: Record<string, unknown> | null; // last pulled server record
  conflicts: Conflict[];
}

/**
 * A device's storage, as the app's sync engine (src/app/sync/engine.ts) sees it: the outbox, the
 * pulled records with their kept conflicts, the cursor. Memory instead of Dexie.
 */
class DeviceStore implements SyncStore {
  records = new Map<string, LocalRecord>();
  outbox: Mutation[] = [];
  private cur: string;
  private scope: string | null = null;

  constructor(
    start: string,
    /** How many waiting mutations go in one push: the seed draws it, 1–6, so batches vary. */
    private readonly batchSize: () => number,
  ) {
    this.cur = start;
  }
  async pendingBatch(limit: number): Promise<Mutation[]> {
    return this.outbox.length ? this.outbox.slice(0, Math.min(limit, this.batchSize())) : [];
  }
  // I5: a mutation leaves the outbox only when the server's answer for it reached the device.
  async acknowledge(results: MutationResult[]): Promise<void> {
    const acked = new Set(results.map((x) => x.mutationId));
    this.outbox = this.outbox.filter((m) => !acked.has(m.id));
  }
  async cursor(): Promise<string> {
    return this.cur;
  }
  // I6: rows and cursor together.
  async applyPage(page: PullResponse): Promise<void> {
    for (const c of page.changes) this.records.set(String(c.record.id), { server: c.record, conflicts: c.conflicts });
    this.cur = page.cursor;
    if (page.scopeKey !== undefined) this.scope = page.scopeKey;
  }
  async scopeKey(): Promise<string | null> {
    return this.scope;
  }
  async resetScope(scopeKey: string): Promise<number> {
    const n = this.records.size;
    this.records.clear();
    this.cur = '0';
    this.scope = scopeKey;
    return n;
  }
}

/**
 * What the network will do to the next push or pull page of a device, drawn once per call of the
 * engine: a request answered `token_expired` and sent again after a refresh is the same call, so the
 * seed's random stream does not depend on how old the tokens were when it started.
 */
interface Plan {
  kind: 'push' | 'pull';
  /** The request never reaches the server. */
  drop: boolean;
  /** The server gets it twice. */
  duplicate: boolean;
  /** A copy arrives much later (deliverLate). */
  late: boolean;
  /** The answer is lost on the way back; and then the token runs out before the phone is back. */
  lost: boolean;
  expireAfterLost: boolean;
}

interface Device {
  n: number;
  session: LoggedIn;
  store: DeviceStore;
  /** The app's transport (HttpTransport over the faulty network below, with the app's token renewal). */
  transport: SyncTransport;
  plan: Plan | null;
  /** A refresh answer of this renewal was lost: its retry is not. */
  renewing: boolean;
  /** Copies of push requests "still in the network", with the token they were sent with. */
  late: { body: string; token: string; revokedAfter: boolean }[];
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

/** A network failure as fetch reports it: the app's client turns it into ApiError 'offline'. */
const networkDown = () => new TypeError('fetch failed');

/** What the device shows: the server record with its own unsent edits on top. */
function view(device: Device, id: string): Record<string, unknown> | null {
  let record = device.store.records.get(id)?.server ?? null;
  for (const m of device.store.outbox) {
    if (m.recordId !== id) continue;
    const { schoolId: _s, ...changes } = m.changes;
    record = { ...(record ?? { id, deleted: false, version: 0 }), ...changes };
  }
  return record;
}

export interface SeedOptions {
  steps?: number;
  /** Start with every access token run out, as after 15 minutes of earlier seeds. */
  tokensExpired?: boolean;
}

export async function runSeed(w: ChaosWorld, seed: number, options: SeedOptions = {}): Promise<SeedReport> {
  const steps = options.steps ?? DEFAULT_STEPS;
  const r = rng(seed);
  // Lost refresh answers draw from their own stream: how many refreshes a seed needs depends on
  // the tokens earlier seeds left behind, and the main stream must not depend on that.
  const rRefresh = rng(seed ^ 0x5bd1e995);
  const problems: string[] = [];
  const report: SeedReport = {
    writes: 0,
    lost: 0,
    doubled: 0,
    wiped: 0,
    refreshes: 0,
    faults: Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>,
    requests: 0,
    statements: 0,
  };
  const statementsBefore = w.statements;
  /** Every answer the server gave, also those the device never got: what the server did. */
  const results = new Map<string, MutationResult>();
  const writes: Write[] = [];
  /** Mutations a revoked device wiped before they reached the server. */
  const wiped = new Set<string>();
  let faults = true;

  const inject = (opts: InjectOptions) => {
    report.requests++;
    return w.app.inject(opts);
  };
  const asResponse = (res: LightMyRequestResponse) =>
    new Response(res.payload, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? '') } });

  /** The token a device holds 15 minutes after its last refresh, made by the server's own signer. */
  const expire = async (device: Device) => {
    const { user, deviceId } = device.session;
    device.session = {
      ...device.session,
      accessToken: await signAccessToken(w.secret, { userId: user.id, deviceId }, Date.now() - (ACCESS_TOKEN_SECONDS + 60) * 1000),
    };
  };

  /** What the server did: the first answer that applied a mutation is its truth; later ones agree. */
  const observe = (answer: MutationResult[]) => {
    for (const res of answer) {
      if (res.status === 'rejected') problems.push(`mutation ${res.mutationId} rejected: ${res.reason}`);
      const prev = results.get(res.mutationId);
      if (!prev || prev.status === 'duplicate') results.set(res.mutationId, res);
      if (prev?.version !== undefined && res.version !== undefined && res.version !== prev.version) {
        report.doubled++;
        problems.push(`mutation ${res.mutationId} answered with version ${res.version} after ${prev.version}`);
      }
    }
  };

  /**
   * The network between one device and the service: the app's client calls it as it calls fetch.
   * It reaches the service in-process (whichever instance runs now: restarts replace it) and does
   * to each request what the device's plan says.
   */
  const network =
    (device: Device): typeof fetch =>
    async (input, init) => {
      const url = new URL(String(input));
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const body = typeof init?.body === 'string' ? init.body : undefined;
      const send = () =>
        inject({ method: (init?.method ?? 'GET') as InjectOptions['method'], url: url.pathname + url.search, headers, payload: body });
      const path = url.pathname;
      const plan =
        device.plan?.kind === 'push' && path === '/api/sync/push'
          ? device.plan
          : device.plan?.kind === 'pull' && path === '/api/sync/pull'
            ? device.plan
            : null;

      if (path === '/api/auth/refresh') {
        const res = await send();
        report.refreshes++;
        if (res.statusCode === 200 && faults && !device.renewing && rRefresh.chance(0.25)) {
          // The server has rotated the token; the device never hears of it.
          report.faults.refreshAnswerLost++;
          device.renewing = true;
          throw networkDown();
        }
        return asResponse(res);
      }
      if (plan?.drop) throw networkDown();
      const res = await send();
      const isPush = path === '/api/sync/push' && res.statusCode === 200;
      if (isPush) observe(res.json<{ results: MutationResult[] }>().results);
      // Refused for its token: the app renews and sends it again, under the same plan.
      if (!plan || res.statusCode === 401) return asResponse(res);
      device.plan = null;
      if (isPush && plan.late) device.late.push({ body: body ?? '', token: headers.authorization ?? '', revokedAfter: false });
      if (isPush && plan.duplicate) {
        const again = await send();
        if (again.statusCode === 200) observe(again.json<{ results: MutationResult[] }>().results);
      }
      if (plan.lost) {
        if (plan.expireAfterLost) {
          // Sometimes the phone is back only after its token ran out.
          report.faults.expiredBeforePush++;
          await expire(device);
        }
        throw networkDown();
      }
      return asResponse(res);
    };

  /**
   * What the app's renew does (auth/session.ts): trade the refresh token for new tokens. Its answer
   * may be lost (network above); the device then tries again at once with the token it still has,
   * within the service's grace period for exactly that.
   */
  const renew = async (device: Device): Promise<string> => {
    const call = () =>
      callApi(
        signedInSchema,
        'POST',
        '/api/auth/refresh',
        { refreshToken: device.session.refreshToken, deviceId: device.session.deviceId },
        { base: BASE, fetch: network(device) },
      );
    let body: SignedIn;
    try {
      body = await call();
    } catch (err) {
      if (!(err instanceof ApiError && err.kind === 'offline')) throw err;
      // Its retry gets through: were it later than the grace period, the session would end, and
      // whether it did would depend on how busy the machine is, not on the seed.
      body = await call();
    } finally {
      device.renewing = false;
    }
    device.session = { ...device.session, accessToken: body.accessToken, refreshToken: body.refreshToken };
    return body.accessToken;
  };

  /**
   * The app's transport, with a fault plan drawn per call: the token runs out before a push or
   * between two pages of a pull, requests are dropped, duplicated or late, answers lost.
   */
  const transportOf = (device: Device): SyncTransport => {
    const http = new HttpTransport(
      () => Promise.resolve(device.session.accessToken),
      BASE,
      false,
      () => renew(device),
      network(device),
    );
    return {
      async push(mutations) {
        if (faults) {
          if (r.chance(0.05)) {
            report.faults.expiredBeforePush++;
            await expire(device);
          }
          device.plan = {
            kind: 'push',
            drop: r.chance(0.15),
            late: r.chance(0.1),
            duplicate: r.chance(0.1),
            lost: r.chance(0.15),
            expireAfterLost: r.chance(0.3),
          };
        }
        try {
          return await http.push(mutations);
        } finally {
          device.plan = null;
        }
      },
      async pull(cursor, limit) {
        if (faults) {
          if (cursor !== pullFrom.get(device) && r.chance(0.1)) {
            report.faults.expiredBetweenPages++;
            await expire(device);
          }
          device.plan = { kind: 'pull', drop: false, late: false, duplicate: false, lost: r.chance(0.1), expireAfterLost: false };
        }
        try {
          return await http.pull(cursor, limit);
        } finally {
          device.plan = null;
        }
      },
    };
  };
  /** Where the current sync run of a device started pulling: a later page is "between pages". */
  const pullFrom = new Map<Device, string>();

  const start = String(await currentSeq(w));
  const newDevice = (n: number, session: LoggedIn): Device => {
    const device: Device = {
      n,
      session,
      store: new DeviceStore(start, () => 1 + r.int(6)),
      transport: null!,
      plan: null,
      renewing: false,
      late: [],
    };
    device.transport = transportOf(device);
    return device;
  };
  // Devices start synced up to now: earlier seeds' records are not part of this run.
  const devices: Device[] = w.sessions.map((session, n) => newDevice(n, session));
  if (options.tokensExpired) for (const d of devices) await expire(d);

  /** The app wipes a revoked device; its user logs in again, on a new device id, and pulls anew. */
  const wipe = async (device: Device) => {
    // Its refresh token is dead too, not only its access token.
    const res = await inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: device.session.refreshToken, deviceId: device.session.deviceId },
    });
    if (res.statusCode !== 401) problems.push(`a revoked device refreshed: ${res.statusCode}`);
    for (const m of device.store.outbox) {
      if (!results.has(m.id)) wiped.add(m.id);
    }
    // The same phone, wiped: a new log-in and empty storage. It stays this Device, whose transport
    // reads and renews `device.session`: a copy would renew tokens this one never sees.
    device.session = await login(w.app, 'sanne');
    device.store = new DeviceStore(start, () => 1 + r.int(6));
    device.plan = null;
    device.renewing = false;
    // its late copies stay in the network
  };

  /**
   * One sync run of the app's engine; offline ends it (the outbox waits), revoked wipes the device.
   * True when it wiped.
   */
  const sync = async (device: Device): Promise<boolean> => {
    pullFrom.set(device, await device.store.cursor());
    try {
      await syncOnce(device.store, device.transport, undefined, PAGE);
      return false;
    } catch (err) {
      if (!(err instanceof SyncError)) throw err;
      if (err.kind === 'offline') return false;
      if (err.kind !== 'revoked') throw err;
      await wipe(device);
      return true;
    }
  };

  const deliverLate = async (copy: Device['late'][number]) => {
    const res = await inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { authorization: copy.token, 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      payload: copy.body,
    });
    if (res.statusCode === 401) return; // its token ran out, or its device was revoked: dropped
    if (copy.revokedAfter) problems.push(`a request of a revoked device was answered ${res.statusCode}`);
    if (res.statusCode !== 200) throw new Error(`late push ${res.statusCode} ${res.body}`);
    for (const x of res.json<{ results: MutationResult[] }>().results) {
      // Every late copy was sent before, so the server knows it (I3).
      if (x.status !== 'duplicate') {
        report.doubled++;
        problems.push(`a late copy of ${x.mutationId} was applied again (${x.status})`);
      }
    }
  };

  const schools = [school(1), school(2), school(3)];
  let order = 0;
  try {
    for (let step = 0; step < steps; step++) {
      for (const device of devices) {
        const action = r.next();
        if (action < 0.25) {
          const recordId = randomUUID();
          const initials = `c${device.n}x${order}`;
          const m: Mutation = {
            id: randomUUID(),
            entity: 'pupil',
            recordId,
            kind: 'create',
            baseVersion: 0,
            createdAt: new Date().toISOString(),
            changes: { initials, group: `g${order}`, birthYear: new Date().getFullYear() - 9, schoolId: r.pick(schools) },
          };
          device.store.outbox.push(m);
          writes.push({ mutationId: m.id, device: device.n, order: order++, recordId, field: 'initials', value: initials, baseVersion: 0 });
        } else if (action < 0.6) {
          const ids = [...new Set([...device.store.records.keys(), ...device.store.outbox.map((m) => m.recordId)])];
          if (!ids.length) continue;
          const id = r.pick(ids);
          const field = r.pick(['initials', 'group', 'deleted'] as const);
          const value = field === 'deleted' ? !view(device, id)?.deleted : `e${device.n}x${order}`;
          const baseVersion = Number(device.store.records.get(id)?.server?.version ?? 0);
          const m: Mutation = {
            id: randomUUID(),
            entity: 'pupil',
            recordId: id,
            kind: 'update',
            baseVersion,
            createdAt: new Date().toISOString(),
            changes: { [field]: value },
          };
          device.store.outbox.push(m);
          if (typeof value === 'string')
            writes.push({ mutationId: m.id, device: device.n, order: order++, recordId: id, field, value, baseVersion });
        } else if (action < 0.9) {
          await sync(device);
        }
        // else: the device stays offline this step
      }
      // A late copy of an old request arrives (it must be a no-op: I3).
      for (const device of devices) {
        if (device.late.length && r.chance(0.3)) await deliverLate(device.late.shift()!);
      }
      if (r.chance(0.02)) {
        // The 15 minutes of every token pass at once (what stopped long runs before devices refreshed).
        report.faults.allExpired++;
        for (const d of devices) await expire(d);
      }
      if (r.chance(0.01)) {
        // The user revokes one of their devices from another one; the revoked one does not know yet.
        const victim = r.pick(devices);
        const by = devices[(victim.n + 1 + r.int(DEVICES - 1)) % DEVICES]!;
        const id = victim.session.deviceId;
        try {
          // As the app's device page does: the signed-in user's call, renewed when the token ran out.
          await callApi(okResponseSchema, 'POST', `/api/devices/${id}/revoke`, undefined, {
            base: BASE,
            tokens: { token: () => Promise.resolve(by.session.accessToken), renew: () => renew(by) },
            fetch: network(by),
          });
          report.faults.revoked++;
          for (const copy of victim.late) copy.revokedAfter = true;
        } catch (err) {
          if (!(err instanceof ApiError && err.kind === 'revoked')) throw err;
          await wipe(by);
        }
      }
      if (r.chance(0.1)) {
        // The service restarts: a new instance on the same database; nothing lives in memory.
        const old = w.app;
        w.app = await buildApp({ db: w.t.db, authRateLimit: 10_000 });
        if (old !== w.t.app) await old.close();
      }
    }

    // Everyone comes online and syncs until nothing is left (no faults any more).
    faults = false;
    for (let round = 0; round < 20 && devices.some((d) => d.store.outbox.length || d.late.length); round++) {
      for (const device of devices) {
        for (const copy of device.late.splice(0)) await deliverLate(copy);
        for (let tries = 0; device.store.outbox.length && tries < 100; tries++) await sync(device);
      }
    }
    // A device that learns only now that it was revoked is wiped: its user logs in again and it
    // pulls everything, like any fresh install.
    for (const device of devices) if (await sync(device)) await sync(device);
  } finally {
    // The next seed goes on with the tokens (and devices) as this one left them, like phones do.
    w.sessions = devices.map((d) => d.session);
  }

  // The server's state of this seed's records, as a fresh pull shows it.
  const server = new Map<string, { record: Record<string, unknown>; conflicts: Conflict[] }>();
  let cursor = start;
  for (;;) {
    const page = await devices[0]!.transport.pull(cursor, PAGE);
    for (const c of page.changes) server.set(String(c.record.id), { record: c.record, conflicts: c.conflicts });
    cursor = page.cursor;
    if (!page.hasMore) break;
  }

  // Every device leaves holding its session's live refresh token, as the next seed (the same phones,
  // later) starts with it. A replaced one would end its session as a re-used token, but only when
  // presented after the grace for lost answers: a long run would fail minutes later, elsewhere.
  w.sessions = devices.map((d) => d.session);
  const { rows: live } = await w.t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM refresh_tokens WHERE token_hash = ANY($1::text[]) AND replaced_at IS NULL',
    [w.sessions.map((s) => hashRefreshToken(s.refreshToken))],
  );
  const stale = DEVICES - Number(live[0]?.n ?? 0);
  if (stale) problems.push(`${stale} devices end the seed holding a refresh token that was replaced or is gone`);

  // Convergence: every device holds exactly the server state.
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const device of devices) {
    const { outbox, records } = device.store;
    if (outbox.length) problems.push(`device ${device.n}: outbox not empty (${outbox.length})`);
    if (records.size !== server.size) problems.push(`device ${device.n}: ${records.size} records, server ${server.size}`);
    for (const [id, s] of server) {
      const local = records.get(id);
      if (!same(local?.server, s.record)) problems.push(`device ${device.n}: record ${id} differs from the server`);
      else if (!same(local?.conflicts, s.conflicts)) problems.push(`device ${device.n}: conflicts of ${id} differ from the server`);
    }
  }

  // I3: one record per create that reached the server.
  const creates = writes.filter(
    (w_) => w_.baseVersion === 0 && w_.field === 'initials' && w_.value.startsWith('c') && !wiped.has(w_.mutationId),
  );
  if (server.size > creates.length) {
    report.doubled += server.size - creates.length;
    problems.push(`${server.size} records for ${creates.length} creates`);
  }

  // I7: every write is the value, or a kept conflict, or was overwritten by a write that knew it.
  for (const w_ of writes) {
    if (wiped.has(w_.mutationId)) {
      report.wiped++;
      continue;
    }
    report.writes++;
    const s = server.get(w_.recordId);
    const present = s && (s.record[w_.field] === w_.value || s.conflicts.some((c) => c.field === w_.field && c.value === w_.value));
    if (present) continue;
    const version = results.get(w_.mutationId)?.version ?? Infinity;
    const knewIt =
      s &&
      writes.some(
        (x) =>
          x.recordId === w_.recordId &&
          x.field === w_.field &&
          x !== w_ &&
          (results.get(x.mutationId)?.version ?? 0) > version &&
          ((x.device === w_.device && x.order > w_.order) || x.baseVersion >= version),
      );
    if (!knewIt) {
      report.lost++;
      problems.push(`write ${w_.field}=${w_.value} on ${w_.recordId} was lost${s ? '' : ' (record missing)'}`);
    }
  }
  report.statements = w.statements - statementsBefore;
  if (problems.length) throw new ChaosFailure(seed, problems, report);
  return report;
}

async function currentSeq(w: ChaosWorld): Promise<number> {
  const { rows } = await w.t.db.query<{ n: number }>('SELECT coalesce(max(version), 0)::int AS n FROM records');
  return Number(rows[0]?.n ?? 0);
}
