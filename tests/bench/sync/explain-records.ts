// Which index of `records` serves which query: EXPLAIN ANALYZE of the pull (the real scopeFilter of
// every role), its count and max, the push's lock read, kengetallen and retention, on a region-sized
// table (20 schools, ~40,000 records, seqs interleaved across schools), with all indexes and then
// without each candidate for removal. Evidence for dropping an index; run on PostgreSQL:
// `bash scripts/with-postgres.sh npx tsx tests/bench/sync/explain-records.ts` (PGlite without DATABASE_URL).
import { randomUUID } from 'node:crypto';
import { openPg, openPglite, type Db, type Queryable } from '../../../src/server/store/db';
import { migrate } from '../../../src/server/store/migrate';
import { scopeFilter } from '../../../src/server/sync/pull';
import { readScope, type Actor } from '../../../src/domain/permissions';

const SCHOOLS = Number(process.env.EXPLAIN_SCHOOLS ?? 20);
const PER_SCHOOL = Number(process.env.EXPLAIN_PER_SCHOOL ?? 2000);
// records_school_version was dropped by 007 on this evidence; EXPLAIN_DROP names others to try.
const CANDIDATES = (process.env.EXPLAIN_DROP ?? 'records_entity_school_version').split(',');

const url = process.env.DATABASE_URL;
const schema = `explain_records_${process.pid}`;
let admin: Db | undefined;
let db: Db;
if (url) {
  admin = openPg({ connectionString: url, max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  db = openPg({ connectionString: url, schema, max: 1 });
} else db = await openPglite();
await migrate(db);

const schools = Array.from({ length: SCHOOLS }, () => randomUUID());
const users = Array.from({ length: 10 }, () => randomUUID());
// Shares of a school's records per entity, roughly a region's: casework dominates.
const mix: [string, number][] = [
  ['pupil', 0.15],
  ['signal', 0.55],
  ['contact', 0.15],
  ['consultation', 0.05],
  ['meldcode', 0.02],
  ['consultationRequest', 0.04],
  ['consultationNote', 0.02],
  ['contactPerson', 0.02],
];
const rows: object[] = [];
for (const s of schools) {
  for (const [entity, share] of mix) {
    for (let k = 0; k < Math.round(PER_SCHOOL * share); k++) {
      rows.push({ id: randomUUID(), entity, school_id: s, by: users[Math.floor(Math.random() * users.length)], r: Math.random() });
    }
  }
}
await db.query(
  `INSERT INTO records (id, entity, school_id, data, field_versions, deleted, version, created_by, created_at, updated_at)
   SELECT x.id, x.entity, x.school_id, jsonb_build_object('schoolId', x.school_id, 'deleted', false, 'date', '2026-10-01', 'pupilId', gen_random_uuid()),
          '{}'::jsonb, false, row_number() OVER (ORDER BY x.r), x.by, now() - interval '1 year', now() - interval '1 year'
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, entity text, school_id uuid, by uuid, r float8)`,
  [JSON.stringify(rows)],
);
await db.query("SELECT setval('change_seq', (SELECT max(version) FROM records))");
await db.query('ANALYZE records');
const top = rows.length;

const actor = (role: Actor['role'], n: number, privateN = 0): Actor => ({
  id: users[0]!,
  role,
  schoolIds: schools.slice(0, n),
  privateSchoolIds: schools.slice(0, privateN),
});
const queries: [string, string, unknown[]][] = [];
for (const [name, a] of [
  ['jeugdprofessional, 3 schools', actor('jeugdprofessional', 3)],
  ['jeugdprofessional, 3 schools, 1 private', actor('jeugdprofessional', 3, 1)],
  ['ib, 1 school', actor('ib', 1)],
  ['coordinator, 20 schools', actor('coordinator', SCHOOLS)],
] as const) {
  for (const cursor of [0, Math.round(top * 0.9), top]) {
    const { filter, params } = scopeFilter(readScope(a), cursor);
    queries.push([
      `pull ${name}, cursor ${cursor}`,
      `SELECT id, entity, school_id, data, deleted, version, created_by, created_at, updated_at, purged_at
         FROM records WHERE ${filter} ORDER BY version LIMIT $${params.length + 1}`,
      [...params, 1001],
    ]);
  }
  const { filter, params } = scopeFilter(readScope(a), 0);
  queries.push([`pull count ${name}`, `SELECT count(*)::int AS n FROM records WHERE ${filter}`, params]);
}
queries.push(['pull max(version)', 'SELECT max(version) AS top FROM records', []]);
queries.push([
  'push lock read (500 ids)',
  'SELECT id, entity FROM records WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
  [rows.slice(0, 500).map((r) => (r as { id: string }).id)],
]);
queries.push([
  'kengetallen, 3 schools',
  `SELECT r.id FROM records r WHERE r.school_id::text = ANY($1::text[]) AND NOT r.deleted`,
  [schools.slice(0, 3)],
]);
queries.push([
  'retention candidates',
  `SELECT r.id FROM records r JOIN retention_terms t ON t.entity = r.entity
    WHERE r.purged_at IS NULL AND r.updated_at < now() + make_interval(months => t.months)
      AND (r.entity <> 'pupil' OR NOT EXISTS (SELECT 1 FROM records x WHERE x.data ->> 'pupilId' = r.id::text AND x.purged_at IS NULL))
    ORDER BY r.updated_at, r.id LIMIT 500`,
  [],
]);

async function explainAll(q: Queryable, label: string): Promise<void> {
  console.log(`\n== ${label}`);
  for (const [name, sql, params] of queries) {
    const { rows: plan } = await q.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params);
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    const scans = Array.from(
      text.matchAll(/Index (?:Only )?Scan (?:Backward )?using (\w+)|Bitmap Index Scan on (\w+)/g),
      (m) => m[1] ?? m[2],
    );
    const indexes = [...new Set(scans)];
    const seq = /Seq Scan on records/.test(text) ? ' +seqscan' : '';
    const ms = /Execution Time: ([\d.]+) ms/.exec(text)?.[1];
    console.log(`  ${String(ms).padStart(8)} ms  ${name.padEnd(52)} ${indexes.join(', ') || '-'}${seq}`);
    if (process.env.EXPLAIN_VERBOSE) console.log(text);
  }
}

await explainAll(db, `all indexes (${top} records, ${SCHOOLS} schools; ${db.kind})`);
for (const index of CANDIDATES) {
  await db
    .transaction(async (tx) => {
      await tx.query(`DROP INDEX ${index}`);
      await explainAll(tx, `without ${index}`);
      throw new Error('rollback');
    })
    .catch((err: Error) => {
      if (err.message !== 'rollback') throw err;
    });
}
await db.close();
if (admin) {
  await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
  await admin.close();
}
