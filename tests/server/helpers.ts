// Shared set-up for server tests: a fresh database per test file (in-memory PGlite, or a schema of
// its own on the PostgreSQL in DATABASE_URL), migrated and seeded with the demo region.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/server/app';
import { PGlite } from '@electric-sql/pglite';
import { openPg, quoteIdent, wrapPglite, type Db, type Queryable } from '../../src/server/store/db';
import { migrate } from '../../src/server/store/migrate';
import { seedDemo, demoSchools, DEMO_PASSWORD } from '../../src/server/demo';
import type { Mutation, MutationResult, PullResponse } from '../../src/sync/protocol';

export const onPostgres = Boolean(process.env.DATABASE_URL);
export const school = (n: number) => demoSchools[n - 1]!.id;

export interface TestDb {
  db: Db;
  /** A second, independent store on the same database (PostgreSQL only; PGlite has one connection). */
  openAnother?: () => Db;
  /** A copy of the whole database, to open again with PGlite's loadDataDir (PGlite only). */
  dump?: () => Promise<Blob>;
  cleanup: () => Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const raw = await PGlite.create();
    const db = wrapPglite(raw);
    return { db, dump: () => raw.dumpDataDir('none'), cleanup: () => db.close() };
  }
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  const opened: Db[] = [];
  const openAnother = () => {
    const db = openPg({ connectionString: url, schema });
    opened.push(db);
    return db;
  };
  const db = openAnother();
  return {
    db,
    openAnother,
    async cleanup() {
      for (const d of opened) await d.close();
      await admin.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
      await admin.end();
    },
  };
}

export interface TestApp extends TestDb {
  app: FastifyInstance;
}

/** Fresh database, migrated and seeded with the demo region, and an app on it. */
export async function setup(options: Partial<AppOptions> & { seed?: boolean } = {}): Promise<TestApp> {
  const t = await openTestDb();
  await migrate(t.db);
  if (options.seed !== false) await seedDemo(t.db);
  const app = await buildApp({ authRateLimit: 10_000, ...options, db: t.db });
  return {
    ...t,
    app,
    async cleanup() {
      await app.close();
      await t.cleanup();
    },
  };
}

export interface LoggedIn {
  accessToken: string;
  refreshToken: string;
  deviceId: string;
  user: { id: string; name: string; role: string; schools: { id: string }[]; areas?: { id: string; name: string }[] };
}

export async function login(app: FastifyInstance, username: string, deviceId = randomUUID()): Promise<LoggedIn> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD, deviceId, deviceName: `Telefoon van ${username}` },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return { ...res.json(), deviceId };
}

export async function push(app: FastifyInstance, token: string, mutations: unknown[]) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/sync/push',
    headers: { authorization: `Bearer ${token}` },
    payload: { protocolVersion: 2, mutations },
  });
  return { status: res.statusCode, body: res.json() as { results: MutationResult[] } & { error?: string; message?: string } };
}

export async function pull(app: FastifyInstance, token: string, cursor = '0', limit?: number) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/sync/pull?cursor=${cursor}${limit ? `&limit=${limit}` : ''}`,
    headers: { authorization: `Bearer ${token}`, 'x-protocol-version': '2' },
  });
  if (res.statusCode !== 200) throw new Error(`pull: ${res.statusCode} ${res.body}`);
  return res.json() as PullResponse;
}

/** Pulls every page after `cursor`. */
export async function pullAll(app: FastifyInstance, token: string, cursor = '0', limit = 1000) {
  const changes: PullResponse['changes'] = [];
  for (;;) {
    const page = await pull(app, token, cursor, limit);
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

const today = () => new Date().toISOString().slice(0, 10);

export function createPupil(schoolId: string, fields: Record<string, unknown> = {}): Mutation {
  return {
    id: randomUUID(),
    entity: 'pupil',
    recordId: randomUUID(),
    kind: 'create',
    changes: { initials: 'T.K.', group: 'groep 4', birthYear: new Date().getFullYear() - 8, schoolId, ...fields },
    baseVersion: 0,
    createdAt: new Date().toISOString(),
  };
}

export function createSignal(schoolId: string, pupilId: string, fields: Record<string, unknown> = {}): Mutation {
  return {
    id: randomUUID(),
    entity: 'signal',
    recordId: randomUUID(),
    kind: 'create',
    changes: {
      pupilId,
      date: today(),
      theme: 'verzuim',
      seriousness: 'zorg',
      source: 'leerkracht',
      description: 'Vaak te laat op maandag',
      followUpDate: null,
      schoolId,
      ...fields,
    },
    baseVersion: 0,
    createdAt: new Date().toISOString(),
  };
}

export function update(entity: Mutation['entity'], recordId: string, changes: Record<string, unknown>, baseVersion: number): Mutation {
  return { id: randomUUID(), entity, recordId, kind: 'update', changes, baseVersion, createdAt: new Date().toISOString() };
}

export async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, params);
  return Number(rows[0]?.n);
}

/**
 * `db` with every statement passed through `around` (`inTransaction`: run inside db.transaction), for
 * tests that watch the statements of server code or put something between two of them.
 */
export function observed(db: Db, around: <R>(sql: string, inTransaction: boolean, run: () => Promise<R>) => Promise<R>): Db {
  const watch = (q: Queryable, inTransaction: boolean): Queryable => ({
    query: (sql, params) => around(sql, inTransaction, () => q.query(sql, params)),
    exec: (sql) => q.exec(sql),
  });
  return {
    ...watch(db, false),
    kind: db.kind,
    close: () => Promise.resolve(),
    transaction: (fn) => db.transaction((tx) => fn(watch(tx, true))),
  };
}
