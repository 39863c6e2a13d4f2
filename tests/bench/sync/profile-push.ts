// Where a push and a pull spend their time, without HTTP: applyPush (src/server/sync/push.ts) and
// pull + auditPulledReads (src/server/sync/pull.ts, audit/log.ts) as the routes call them, with every
// SQL statement timed. On a fresh in-memory PGlite, or with DATABASE_URL on a fresh schema of that
// PostgreSQL (dropped at the end): `bash scripts/with-postgres.sh npx tsx tests/bench/sync/profile-push.ts`.
// Run on demand: `npx tsx tests/bench/sync/profile-push.ts`. Not part of `npm run bench`.
// BENCH_PROFILE_BATCHES (default 20 = the bench's 10,000) sets how many batches of 500 are pushed.
// CPU is this process's user+system time: on PGlite (in process) the whole work, and much steadier
// than wall time on a shared, loaded machine; on PostgreSQL only the Node side.
import { openPg, openPglite, type Db, type Queryable } from '../../../src/server/store/db';
import { migrate } from '../../../src/server/store/migrate';
import { applyPush } from '../../../src/server/sync/push';
import { pull } from '../../../src/server/sync/pull';
import { auditPulledReads } from '../../../src/server/audit/log';
import { checkMutation } from '../../../src/server/sync/validate';
import { MAX_PULL_LIMIT, MAX_PUSH_BATCH } from '../../../src/sync/protocol';
import { BENCH_SCHOOL_ID, BENCH_USER_ID, benchMutations } from './data';

const BATCHES = Number(process.env.BENCH_PROFILE_BATCHES ?? 20);

interface Stat {
  n: number;
  ms: number;
}
const stats = new Map<string, Stat>();
const key = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 70);
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

async function fresh(): Promise<{ db: Db; store: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  let opened: { db: Db; store: string; drop(): Promise<void> };
  if (!url) opened = { db: await openPglite(), store: 'in-memory PGlite', drop: async () => {} };
  else {
    const schema = `bench_profile_${process.pid}`;
    const admin = openPg({ connectionString: url, max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    opened = {
      db: openPg({ connectionString: url, schema }),
      store: `PostgreSQL, schema ${schema}`,
      drop: async () => {
        await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
        await admin.close();
      },
    };
  }
  const { db } = opened;
  await migrate(db);
  await db.query("INSERT INTO schools (id, name, kind) VALUES ($1, 'Benchschool', 'po')", [BENCH_SCHOOL_ID]);
  await db.query(
    "INSERT INTO users (id, username, display_name, password_hash, role) VALUES ($1, 'bench', 'Bench', 'x', 'jeugdprofessional')",
    [BENCH_USER_ID],
  );
  return opened;
}

function printStats(totalMs: number): void {
  const sqlMs = [...stats.values()].reduce((s, x) => s + x.ms, 0);
  const sqlN = [...stats.values()].reduce((s, x) => s + x.n, 0);
  console.log(`  ${sqlN} SQL statements, ${sqlMs.toFixed(0)} ms; JS outside SQL ${(totalMs - sqlMs).toFixed(0)} ms`);
  for (const [sql, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`  ${s.ms.toFixed(0).padStart(6)} ms ${String(s.n).padStart(6)}×  ${sql}`);
  }
  stats.clear();
}

const mutations = benchMutations().slice(0, BATCHES * MAX_PUSH_BATCH);
const ctx = {
  actor: { id: BENCH_USER_ID, role: 'jeugdprofessional' as const, schoolIds: [BENCH_SCHOOL_ID] },
  deviceId: crypto.randomUUID(),
};

// 1. validation alone (the zod part of applyPush)
let t0 = performance.now();
for (const m of mutations) checkMutation(m as unknown as Record<string, unknown>);
const validateMs = performance.now() - t0;

// 2. applyPush as the route calls it, statements timed
const store = await fresh();
const db = timedDb(store.db);
console.log(`store: ${store.store}`);
t0 = performance.now();
let cpu0 = process.cpuUsage();
for (let i = 0; i < mutations.length; i += MAX_PUSH_BATCH) {
  await applyPush(db, ctx, mutations.slice(i, i + MAX_PUSH_BATCH) as unknown as Record<string, unknown>[]);
}
const pushMs = performance.now() - t0;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return ((d.user + d.system) / 1000).toFixed(0);
};
console.log(
  `push: applyPush of ${mutations.length} mutations in batches of ${MAX_PUSH_BATCH}: ${pushMs.toFixed(0)} ms, CPU ${cpuMs(cpu0)} ms ` +
    `(${((pushMs / mutations.length) * 1000).toFixed(0)} µs per mutation)`,
);
console.log(`  zod validation (checkMutation) alone: ${validateMs.toFixed(0)} ms`);
printStats(pushMs);

// 3. pull everything from cursor 0 in pages of MAX_PULL_LIMIT, with the read audit and the JSON the
// route sends (JSON.stringify of the answer).
t0 = performance.now();
cpu0 = process.cpuUsage();
let cursor = 0;
let pulled = 0;
let bytes = 0;
let stringifyMs = 0;
for (;;) {
  const answer = await pull(db, ctx.actor, cursor, MAX_PULL_LIMIT);
  await auditPulledReads(db, { userId: ctx.actor.id, role: ctx.actor.role, deviceId: ctx.deviceId }, answer.changes);
  const s0 = performance.now();
  bytes += JSON.stringify(answer).length;
  stringifyMs += performance.now() - s0;
  pulled += answer.changes.length;
  cursor = Number(answer.cursor);
  if (!answer.hasMore) break;
}
const pullMs = performance.now() - t0;
console.log(
  `pull: ${pulled} records in pages of ${MAX_PULL_LIMIT}: ${pullMs.toFixed(0)} ms, CPU ${cpuMs(cpu0)} ms, ${(bytes / 1e6).toFixed(1)} MB JSON ` +
    `(JSON.stringify ${stringifyMs.toFixed(0)} ms)`,
);
printStats(pullMs - stringifyMs);
await db.close();
await store.drop();
