// The seeded chaos simulation, shared by tests/server/chaos.pg.test.ts (`npm test`) and the parallel
// runner (tests/server/run-chaos.mjs, `npm run test:chaos`).
//
// 20 devices of one user edit offline and sync through a faulty network: requests dropped, answers
// lost, requests duplicated and delivered late, the service restarting between steps. Their tokens
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
import { buildApp } from '../../src/server/app';
import { ACCESS_TOKEN_SECONDS, loadSecret, signAccessToken } from '../../src/server/auth/tokens';
import type { Conflict, Mutation, MutationResult, PullResponse } from '../../src/sync/protocol';
import { login, school, setup, type LoggedIn, type TestApp } from './helpers';
import { seededRandom } from '../support/random';

export const DEVICES = 20;
export const DEFAULT_STEPS = 12;
/** Small pages, so paging, lost page answers and expiry between pages are exercised. */
const PAGE = 20;

/** One database and service with 20 logged-in devices; many seeds run on it one after another. */
export interface ChaosWorld {
  t: TestApp;
  app: FastifyInstance;
  secret: Uint8Array;
  sessions: LoggedIn[];
}

export async function openWorld(): Promise<ChaosWorld> {
  const t = await setup();
  const sessions: LoggedIn[] = [];
  for (let i = 0; i < DEVICES; i++) sessions.push(await login(t.app, 'sanne'));
  return { t, app: t.app, secret: await loadSecret(t.db), sessions };
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

interface Device {
  n: number;
  session: LoggedIn;
  records: Map<string, LocalRecord>;
  outbox: Mutation[];
  cursor: string;
  /** Copies of push requests "still in the network", with the token they were sent with. */
  late: { batch: Mutation[]; token: string; revokedAfter: boolean }[];
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

/** The request or its answer got lost: this sync run of the device ends here, as in the app. */
class Offline extends Error {}
/** 401 device_revoked: the app wipes the device. */
class Revoked extends Error {}

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
  };
  /** Every answer the server gave, also those the device never got: what the server did. */
  const results = new Map<string, MutationResult>();
  const writes: Write[] = [];
  /** Mutations a revoked device wiped before they reached the server. */
  const wiped = new Set<string>();
  let faults = true;

  const inject = (opts: InjectOptions) => w.app.inject(opts);
  const errorOf = (res: LightMyRequestResponse) => {
    try {
      return String((res.json() as { error?: unknown }).error);
    } catch {
      return '';
    }
  };

  /** The token a device holds 15 minutes after its last refresh, made by the server's own signer. */
  const expire = async (device: Device) => {
    const { user, deviceId } = device.session;
    device.session = {
      ...device.session,
      accessToken: await signAccessToken(w.secret, { userId: user.id, deviceId }, Date.now() - (ACCESS_TOKEN_SECONDS + 60) * 1000),
    };
  };

  const refresh = async (device: Device) => {
    const send = () =>
      inject({
        method: 'POST',
        url: '/api/auth/refresh',
        payload: { refreshToken: device.session.refreshToken, deviceId: device.session.deviceId },
      });
    let res = await send();
    report.refreshes++;
    if (res.statusCode === 200 && faults && rRefresh.chance(0.25)) {
      // The answer is lost on the way back; the server has already rotated the token. The app's next
      // attempt (seconds later, within the server's reuse grace period) sends the token it still has.
      report.faults.refreshAnswerLost++;
      res = await send();
      report.refreshes++;
    }
    if (res.statusCode === 401 && errorOf(res) === 'device_revoked') throw new Revoked();
    if (res.statusCode !== 200) throw new Error(`refresh ${res.statusCode} ${res.body}`);
    const body = res.json() as { accessToken: string; refreshToken: string };
    device.session = { ...device.session, accessToken: body.accessToken, refreshToken: body.refreshToken };
  };

  /** A request with the device's access token; on token_expired, refresh and send it again (the app). */
  const call = async (device: Device, request: (token: string) => InjectOptions, what: string) => {
    let res = await inject(request(device.session.accessToken));
    if (res.statusCode === 401 && errorOf(res) === 'token_expired') {
      await refresh(device);
      res = await inject(request(device.session.accessToken));
    }
    if (res.statusCode === 401 && errorOf(res) === 'device_revoked') throw new Revoked();
    if (res.statusCode !== 200) throw new Error(`${what} ${res.statusCode} ${res.body}`);
    return res;
  };

  const pushRequest =
    (mutations: Mutation[]) =>
    (token: string): InjectOptions => ({
      method: 'POST',
      url: '/api/sync/push',
      headers: { authorization: `Bearer ${token}` },
      payload: { protocolVersion: 2, mutations },
    });
  const push = async (device: Device, mutations: Mutation[]) =>
    (await call(device, pushRequest(mutations), 'push')).json<{ results: MutationResult[] }>().results;
  const pull = async (device: Device, cursor: string) =>
    (
      await call(
        device,
        (token) => ({
          method: 'GET',
          url: `/api/sync/pull?cursor=${cursor}&limit=${PAGE}`,
          headers: { authorization: `Bearer ${token}`, 'x-protocol-version': '2' },
        }),
        'pull',
      )
    ).json<PullResponse>();

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
  // I5: a mutation leaves the outbox only when the server's answer for it reached the device.
  const ack = (device: Device, answer: MutationResult[]) => {
    const acked = new Set(answer.map((x) => x.mutationId));
    device.outbox = device.outbox.filter((m) => !acked.has(m.id));
  };

  const start = String(await currentSeq(w));
  // Devices start synced up to now: earlier seeds' records are not part of this run.
  const devices: Device[] = w.sessions.map((session, n) => ({ n, session, records: new Map(), outbox: [], cursor: start, late: [] }));
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
    for (const m of device.outbox) {
      if (!results.has(m.id)) wiped.add(m.id);
    }
    device.session = await login(w.app, 'sanne');
    device.records = new Map();
    device.outbox = [];
    device.cursor = start;
    // its late copies stay in the network
  };

  const sync = async (device: Device) => {
    try {
      if (device.outbox.length) {
        const batch = device.outbox.slice(0, 1 + r.int(6));
        if (faults && r.chance(0.05)) {
          report.faults.expiredBeforePush++;
          await expire(device);
        }
        if (faults && r.chance(0.15)) throw new Offline(); // request dropped: nothing reaches the server
        const answer = await push(device, batch);
        observe(answer);
        if (faults && r.chance(0.1)) device.late.push({ batch, token: device.session.accessToken, revokedAfter: false });
        if (faults && r.chance(0.1)) observe(await push(device, batch)); // duplicated request
        if (faults && r.chance(0.15)) {
          // Answer lost; sometimes the phone is back only after its token ran out.
          if (r.chance(0.3)) {
            report.faults.expiredBeforePush++;
            await expire(device);
          }
          throw new Offline();
        }
        ack(device, answer);
      }
      for (let pages = 0; pages < 50; pages++) {
        if (faults && pages > 0 && r.chance(0.1)) {
          report.faults.expiredBetweenPages++;
          await expire(device);
        }
        const page = await pull(device, device.cursor);
        if (faults && r.chance(0.1)) throw new Offline(); // answer lost: cursor not moved, pulled again later
        for (const c of page.changes) device.records.set(String(c.record.id), { server: c.record, conflicts: c.conflicts });
        device.cursor = page.cursor; // I6: rows and cursor together
        if (!page.hasMore) break;
      }
    } catch (err) {
      if (err instanceof Offline) return;
      if (!(err instanceof Revoked)) throw err;
      await wipe(device);
    }
  };

  const deliverLate = async (copy: Device['late'][number]) => {
    const res = await inject(pushRequest(copy.batch)(copy.token));
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
            id: randomUUID(),
            entity: 'pupil',
            recordId: id,
            kind: 'update',
            baseVersion,
            createdAt: new Date().toISOString(),
            changes: { [field]: value },
          };
          device.outbox.push(m);
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
          await call(
            by,
            (token) => ({ method: 'POST', url: `/api/devices/${id}/revoke`, headers: { authorization: `Bearer ${token}` } }),
            'revoke',
          );
          report.faults.revoked++;
          for (const copy of victim.late) copy.revokedAfter = true;
        } catch (err) {
          if (!(err instanceof Revoked)) throw err;
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
    for (let round = 0; round < 20 && devices.some((d) => d.outbox.length || d.late.length); round++) {
      for (const device of devices) {
        for (const copy of device.late.splice(0)) await deliverLate(copy);
        for (let tries = 0; device.outbox.length && tries < 100; tries++) await sync(device);
      }
    }
    for (const device of devices) await sync(device);
  } finally {
    // The next seed goes on with the tokens (and devices) as this one left them, like phones do.
    w.sessions = devices.map((d) => d.session);
  }

  // The server's state of this seed's records, as a fresh pull shows it.
  const server = new Map<string, { record: Record<string, unknown>; conflicts: Conflict[] }>();
  let cursor = start;
  for (;;) {
    const page = await pull(devices[0]!, cursor);
    for (const c of page.changes) server.set(String(c.record.id), { record: c.record, conflicts: c.conflicts });
    cursor = page.cursor;
    if (!page.hasMore) break;
  }

  // Convergence: every device holds exactly the server state.
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const device of devices) {
    if (device.outbox.length) problems.push(`device ${device.n}: outbox not empty (${device.outbox.length})`);
    if (device.records.size !== server.size) problems.push(`device ${device.n}: ${device.records.size} records, server ${server.size}`);
    for (const [id, s] of server) {
      const local = device.records.get(id);
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
  if (problems.length) throw new ChaosFailure(seed, problems, report);
  return report;
}

async function currentSeq(w: ChaosWorld): Promise<number> {
  const { rows } = await w.t.db.query<{ n: number }>('SELECT coalesce(max(version), 0)::int AS n FROM records');
  return Number(rows[0]?.n ?? 0);
}
