// Where a push spends its time, without HTTP: applyPush (src/server/sync/push.ts) on a fresh
// in-memory PGlite, with every SQL statement timed. Then the same 500 rows written set-based (one
// statement per table per batch), to show what batching the statements would buy.
// Run on demand: `npx tsx tests/bench/sync/profile-push.ts` (about a minute). Not part of `npm run bench`.
import { openPglite, type Db, type Queryable } from '../../../src/server/store/db';
import { migrate } from '../../../src/server/store/migrate';
import { applyPush } from '../../../src/server/sync/push';
import { checkMutation } from '../../../src/server/sync/validate';
import { MAX_PUSH_BATCH } from '../../../src/sync/protocol';
import { BENCH_SCHOOL_ID, BENCH_USER_ID, benchMutations } from './data';

const BATCHES = Number(process.env.BENCH_PROFILE_BATCHES ?? 6);

interface Stat { n: number; ms: number }
const stats = new Map<string, Stat>();
const key = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 60);
function timed(q: Queryable): Queryable {
  return {
    async query(sql, params) {
      const t0 = performance.now();
      try {
        return await q.query(sql, params);
      } finally {
        const s = stats.get(key(sql)) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += performance.now() - t0;
        stats.set(key(sql), s);
      }
    },
    exec: (sql) => q.exec(sql),
  } as Queryable;
}
function timedDb(db: Db): Db {
  return { ...db, ...timed(db), kind: db.kind, transaction: (fn) => db.transaction((tx) => fn(timed(tx))), close: () => db.close() };
}

async function fresh(): Promise<Db> {
  const db = await openPglite();
  await migrate(db);
  await db.query("INSERT INTO schools (id, name, kind) VALUES ($1, 'Benchschool', 'po')", [BENCH_SCHOOL_ID]);
  await db.query("INSERT INTO users (id, username, display_name, password_hash, role) VALUES ($1, 'bench', 'Bench', 'x', 'jeugdprofessional')", [BENCH_USER_ID]);
  return db;
}

const mutations = benchMutations().slice(0, BATCHES * MAX_PUSH_BATCH);
const ctx = { actor: { id: BENCH_USER_ID, role: 'jeugdprofessional' as const, schoolIds: [BENCH_SCHOOL_ID] }, deviceId: crypto.randomUUID() };

// 1. validation alone (the zod part of applyPush)
let t0 = performance.now();
for (const m of mutations) checkMutation(m as unknown as Record<string, unknown>);
const validateMs = performance.now() - t0;

// 2. applyPush as the route calls it, statements timed
const db = timedDb(await fresh());
t0 = performance.now();
for (let i = 0; i < mutations.length; i += MAX_PUSH_BATCH) {
  await applyPush(db, ctx, mutations.slice(i, i + MAX_PUSH_BATCH) as unknown as Record<string, unknown>[]);
}
const pushMs = performance.now() - t0;
const sqlMs = [...stats.values()].reduce((s, x) => s + x.ms, 0);
const sqlN = [...stats.values()].reduce((s, x) => s + x.n, 0);
console.log(`applyPush of ${mutations.length} mutations in batches of ${MAX_PUSH_BATCH}: ${pushMs.toFixed(0)} ms ` +
  `(${((pushMs / mutations.length) * 1000).toFixed(0)} µs per mutation)`);
console.log(`  zod validation (checkMutation) alone: ${validateMs.toFixed(0)} ms`);
console.log(`  ${sqlN} SQL statements, ${sqlMs.toFixed(0)} ms (${((sqlMs / sqlN) * 1000).toFixed(0)} µs each); JS outside SQL ${(pushMs - sqlMs).toFixed(0)} ms`);
for (const [sql, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(`  ${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)}×  ${sql}`);
}
await db.close();

// 3. the same writes set-based: one statement per table per batch of 500
const db2 = await fresh();
t0 = performance.now();
for (let i = 0; i < mutations.length; i += MAX_PUSH_BATCH) {
  const batch = mutations.slice(i, i + MAX_PUSH_BATCH);
  await db2.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(715002)');
    const ids = JSON.stringify(batch.map((m) => m.id));
    await tx.query('SELECT id, version FROM applied_mutations WHERE id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)', [ids]);
    await tx.query('SELECT id FROM records WHERE id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid) FOR UPDATE', [JSON.stringify(batch.map((m) => m.recordId))]);
    const seqs = (await tx.query<{ seq: number }>("SELECT nextval('change_seq') AS seq FROM generate_series(1, $1)", [batch.length])).rows.map((r) => Number(r.seq));
    const rows = batch.map((m, j) => ({ id: m.recordId, entity: m.entity, school_id: BENCH_SCHOOL_ID, data: { ...m.changes, deleted: false }, field_versions: {}, version: seqs[j], created_at: m.createdAt, mid: m.id }));
    const json = JSON.stringify(rows);
    await tx.query(
      `INSERT INTO records (id, entity, school_id, data, field_versions, deleted, version, created_by, created_at, updated_at)
       SELECT r.id, r.entity, r.school_id, r.data, r.field_versions, false, r.version, $2, r.created_at, r.created_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, entity text, school_id uuid, data jsonb, field_versions jsonb, version bigint, created_at timestamptz)`,
      [json, BENCH_USER_ID],
    );
    await tx.query(
      `INSERT INTO applied_mutations (id, user_id, device_id, record_id, status, version)
       SELECT r.mid, $2, $3, r.id, 'applied', r.version FROM jsonb_to_recordset($1::jsonb) AS r(mid uuid, id uuid, version bigint)`,
      [json, BENCH_USER_ID, ctx.deviceId],
    );
    await tx.query(
      `INSERT INTO audit_log (user_id, device_id, action, entity, record_id, detail)
       SELECT $2, $3, 'create', r.entity, r.id, jsonb_build_object('mutationId', r.mid, 'seq', r.version)
         FROM jsonb_to_recordset($1::jsonb) AS r(mid uuid, id uuid, entity text, version bigint)`,
      [json, BENCH_USER_ID, ctx.deviceId],
    );
  });
}
const setMs = performance.now() - t0;
console.log(`set-based sketch, same rows, 7 statements per batch: ${setMs.toFixed(0)} ms ` +
  `(${((setMs / mutations.length) * 1000).toFixed(0)} µs per mutation; plus validation ${((validateMs / mutations.length) * 1000).toFixed(0)} µs)`);
await db2.close();
