// Our side of the bench in Node: the real service (buildApp) on a fresh in-memory PGlite with one
// bench user, and a push client that speaks the protocol over real HTTP on loopback.
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../../../src/server/app';
import { openPg, openPglite, type Db } from '../../../src/server/store/db';
import { migrate } from '../../../src/server/store/migrate';
import { hashPassword } from '../../../src/server/auth/passwords';
import { MAX_PUSH_BATCH, PROTOCOL_VERSION, type Mutation, type MutationResult } from '../../../src/sync/protocol';
import { BENCH_PASSWORD, BENCH_SCHOOL_ID, BENCH_USER_ID, BENCH_USERNAME } from './data';

export interface OurServer {
  url: string;
  /** Which store the service runs on, for the report. */
  store: string;
  /** The service's own database, to read back what a push wrote. */
  db: Db;
  close(): Promise<void>;
}

/**
 * A fresh in-memory PGlite, or with DATABASE_URL a fresh schema on that PostgreSQL (dropped again at
 * the end), so `bash scripts/with-postgres.sh npx tsx tests/bench/sync/run.ts` measures the pg path.
 */
let schemas = 0;
async function openStore(): Promise<{ db: Db; store: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { db: await openPglite(), store: 'fresh in-memory PGlite', drop: async () => {} };
  // One per push round (BENCH_PUSH_RUNS) and one for the pull.
  const schema = `bench_sync_${process.pid}_${++schemas}`;
  const admin = openPg({ connectionString: url, max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  return {
    db: openPg({ connectionString: url, schema }),
    store: `PostgreSQL (DATABASE_URL), fresh schema ${schema}`,
    drop: async () => {
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

/** Same SQL as the demo seed (src/server/demo.ts): one school, one jeugdprofessional who works there. */
async function seed(db: Db): Promise<void> {
  await migrate(db);
  await db.query("INSERT INTO schools (id, name, kind, place) VALUES ($1, 'Benchschool', 'po', 'Loopback')", [BENCH_SCHOOL_ID]);
  await db.query(
    "INSERT INTO users (id, username, display_name, password_hash, role, second_factor_exempt) VALUES ($1, $2, 'Bench', $3, 'jeugdprofessional', true)",
    [BENCH_USER_ID, BENCH_USERNAME, await hashPassword(BENCH_PASSWORD)],
  );
  await db.query('INSERT INTO user_schools (user_id, school_id) VALUES ($1, $2)', [BENCH_USER_ID, BENCH_SCHOOL_ID]);
}

export async function startOurServer(staticDir: string): Promise<OurServer> {
  const { db, store, drop } = await openStore();
  await seed(db);
  const app = await buildApp({ db, staticDir, authRateLimit: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    db,
    close: async () => {
      await app.close();
      await db.close();
      await drop();
    },
  };
}

export async function login(url: string, deviceName: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: BENCH_USERNAME, password: BENCH_PASSWORD, deviceId: randomUUID(), deviceName }),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export interface PushRun {
  ms: number;
  counts: Record<MutationResult['status'], number>;
  /** Time of each batch of MAX_PUSH_BATCH, to see whether the server slows as the tables grow. */
  batchMs: number[];
  requestBytes: number;
}

/** Pushes every mutation in batches of the protocol's maximum, one request after another (as a device does). */
export async function push(url: string, token: string, mutations: readonly Mutation[]): Promise<PushRun> {
  const counts = { applied: 0, duplicate: 0, conflict: 0, rejected: 0 };
  const batchMs: number[] = [];
  let requestBytes = 0;
  let firstReason: string | undefined;
  const t0 = performance.now();
  for (let i = 0; i < mutations.length; i += MAX_PUSH_BATCH) {
    const b0 = performance.now();
    const body = JSON.stringify({ protocolVersion: PROTOCOL_VERSION, mutations: mutations.slice(i, i + MAX_PUSH_BATCH) });
    requestBytes += Buffer.byteLength(body);
    const res = await fetch(`${url}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-protocol-version': String(PROTOCOL_VERSION) },
      body,
    });
    if (!res.ok) throw new Error(`push: ${res.status} ${await res.text()}`);
    const { results } = (await res.json()) as { results: MutationResult[] };
    for (const r of results) {
      counts[r.status]++;
      if (r.status === 'rejected') firstReason ??= r.reason;
    }
    batchMs.push(performance.now() - b0);
  }
  const ms = performance.now() - t0;
  if (firstReason) console.warn(`  warning: ${counts.rejected} rejected, e.g. ${firstReason}`);
  return { ms, counts, batchMs, requestBytes };
}

/**
 * Every row a push wrote, as JSON, per table it writes: the records (their `version` is the change
 * log: a pull reads `version > cursor`) and the audit log (since migration 008 an audit row with a
 * mutation_id is also what makes a mutation applied; applied_mutations is no longer written).
 */
export interface PushedRows {
  records: string;
  audit: string;
  auditColumns: string[];
  lastSeq: number;
}

export async function pushedRows(db: Db): Promise<PushedRows> {
  const {
    rows: [r],
  } = await db.query<{ records: string; audit: string; last: string | number }>(
    `SELECT (SELECT coalesce(jsonb_agg(r ORDER BY r.version), '[]')::text FROM records r) AS records,
            (SELECT coalesce(jsonb_agg(to_jsonb(a) - 'id' ORDER BY a.id), '[]')::text FROM audit_log a WHERE a.mutation_id IS NOT NULL) AS audit,
            (SELECT coalesce(max(version), 0) FROM records) AS last`,
  );
  const first = (JSON.parse(r!.audit) as Record<string, unknown>[])[0] ?? {};
  return { records: r!.records, audit: r!.audit, auditColumns: Object.keys(first), lastSeq: Number(r!.last) };
}

export interface WriteFloorRun {
  ms: number;
  records: number;
  audit: number;
}

/**
 * The server's write floor: the rows a push wrote, inserted into a fresh store of the same kind by
 * one set-based statement per table (and the change sequence moved past them), in one transaction,
 * without HTTP, validation, merge or look-ups. What any server that keeps these rows must write.
 */
export async function writeFloor(rows: PushedRows): Promise<WriteFloorRun> {
  const { db, drop } = await openStore();
  try {
    await seed(db);
    const cols = rows.auditColumns.map((c) => `"${c}"`).join(', ');
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO records SELECT * FROM jsonb_populate_recordset(NULL::records, $1::jsonb)', [rows.records]);
      await tx.query(`INSERT INTO audit_log (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::audit_log, $1::jsonb)`, [
        rows.audit,
      ]);
      await tx.query("SELECT setval('change_seq', $1)", [rows.lastSeq]);
    });
    const ms = performance.now() - t0;
    const {
      rows: [n],
    } = await db.query<{ records: string | number; audit: string | number }>(
      'SELECT (SELECT count(*) FROM records) AS records, (SELECT count(*) FROM audit_log WHERE mutation_id IS NOT NULL) AS audit',
    );
    return { ms, records: Number(n!.records), audit: Number(n!.audit) };
  } finally {
    await db.close();
    await drop();
  }
}
