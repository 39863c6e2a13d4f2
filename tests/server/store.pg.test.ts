import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, loadMigrations } from '../../src/server/store/migrate';
import { randomUUID } from 'node:crypto';
import { decodeFieldVersions, type StoredFieldVersions } from '../../src/server/sync/fieldVersions';
import { applyPush } from '../../src/server/sync/push';
import { count, createPupil, openTestDb, school, setup, type TestApp } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await setup();
});
afterAll(() => t.cleanup());

describe('store', () => {
  it('runs each numbered migration once and records it', async () => {
    const files = await loadMigrations();
    expect(files.map((m) => m.name)).toContain('001_init.sql');
    expect(await migrate(t.db)).toEqual([]);
    expect(await migrate(t.db)).toEqual([]);
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM schema_migrations')).toBe(files.length);
  });

  it('006 leaves one audit fill trigger, which runs only for rows that miss role or pupil', async () => {
    const { rows } = await t.db.query<{ def: string }>(
      `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND tgname = 'audit_log_fill'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.def).toMatch(/ WHEN \(.*new\.role IS NULL.*new\.pupil_id IS NULL/);
  });

  it('007 leaves records with its primary key and the indexes queries use', async () => {
    const { rows } = await t.db.query<{ name: string }>(
      `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'records'::regclass ORDER BY 1`,
    );
    // records_dossier_code: 014, the dossier code's uniqueness. records_family_members and
    // records_mdo_agreement_item: 021, the inzage document's look-ups of a pupil's gezin and MDO.
    expect(rows.map((r) => r.name)).toEqual([
      'records_dossier_code',
      'records_entity_school_version',
      'records_family_members',
      'records_mdo_agreement_item',
      'records_pkey',
      'records_pupil',
      'records_version',
    ]);
  });

  it('003 rewrites field_versions of existing records to the compact form, same metadata', async () => {
    const all = await loadMigrations();
    const other = await openTestDb();
    try {
      await migrate(
        other.db,
        all.filter((m) => m.version < 3),
      );
      const meta = {
        initials: { v: 4, by: 'u-a', dev: 'd-a' },
        group: { v: 9, by: 'u-b', dev: 'd-b' },
        schoolId: { v: 4, by: 'u-a', dev: 'd-a' },
        deleted: { v: 4, by: 'u-a', dev: 'd-a' },
      };
      const data = { initials: 'S.B.', group: 'groep 5', schoolId: school(1), deleted: false };
      await other.db.query(
        `INSERT INTO records (id, entity, school_id, data, field_versions, version, created_by, created_at, updated_at)
         VALUES ($1, 'pupil', $2, $3::jsonb, $4::jsonb, 9, $5, now(), now())`,
        [randomUUID(), school(1), JSON.stringify(data), JSON.stringify(meta), randomUUID()],
      );
      expect(await migrate(other.db, all)).toEqual(all.filter((m) => m.version >= 3).map((m) => m.name));
      const { rows } = await other.db.query<{ field_versions: StoredFieldVersions }>('SELECT field_versions FROM records');
      expect(rows[0]!.field_versions).toEqual({ f: Object.fromEntries(Object.entries(meta).map(([k, m]) => [k, [m.v, m.by, m.dev]])) });
      expect(decodeFieldVersions(rows[0]!.field_versions, data)).toEqual(meta);
    } finally {
      await other.cleanup();
    }
  }, 180_000); // a fresh database migrated twice: minutes on a busy machine

  it('008: a mutation applied before it (in applied_mutations) is still answered duplicate; its rows are kept', async () => {
    const all = await loadMigrations();
    const other = await openTestDb();
    try {
      await migrate(
        other.db,
        all.filter((m) => m.version < 8),
      );
      const actor = { id: randomUUID(), role: 'jeugdprofessional' as const, schoolIds: [school(1)] };
      const deviceId = randomUUID();
      const m = createPupil(school(1));
      // What the push wrote before 008: the record, its applied_mutations row and its audit row.
      await other.db.query(
        `INSERT INTO records (id, entity, school_id, data, field_versions, version, created_by, created_at, updated_at)
         VALUES ($1, 'pupil', $2, $3::jsonb, '{}'::jsonb, 41, $4, now(), now())`,
        [m.recordId, school(1), JSON.stringify({ ...m.changes, deleted: false }), actor.id],
      );
      await other.db.query(
        "INSERT INTO applied_mutations (id, user_id, device_id, record_id, status, version) VALUES ($1, $2, $3, $4, 'applied', 41)",
        [m.id, actor.id, deviceId, m.recordId],
      );
      await other.db.query(
        `INSERT INTO audit_log (user_id, role, device_id, action, entity, record_id, pupil_id, detail)
         VALUES ($1, 'jeugdprofessional', $2, 'create', 'pupil', $3, $3, $4::jsonb)`,
        [actor.id, deviceId, m.recordId, JSON.stringify({ mutationId: m.id, seq: 41 })],
      );
      const before = await other.db.query('SELECT * FROM audit_log ORDER BY id');

      expect(await migrate(other.db, all)).toEqual(all.filter((m) => m.version >= 8).map((m) => m.name));
      // Nothing rewritten: the audit rows as they were (plus a NULL mutation_id), applied_mutations kept.
      const after = await other.db.query('SELECT * FROM audit_log ORDER BY id');
      expect(after.rows).toEqual(before.rows.map((r) => ({ ...r, mutation_id: null })));
      expect(await count(other.db, 'SELECT count(*)::int AS n FROM applied_mutations WHERE id = $1', [m.id])).toBe(1);

      const results = await applyPush(other.db, { actor, deviceId }, [m, m]);
      expect(results).toEqual([
        { mutationId: m.id, status: 'duplicate', version: 41 },
        { mutationId: m.id, status: 'duplicate', version: 41 },
      ]);
      expect(await count(other.db, 'SELECT count(*)::int AS n FROM audit_log')).toBe(1);
      expect(await count(other.db, 'SELECT count(*)::int AS n FROM records')).toBe(1);

      // audit_log keeps the indexes its queries read (per pupil, per period) and the new unique one.
      const { rows } = await other.db.query<{ name: string }>(
        `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'audit_log'::regclass ORDER BY 1`,
      );
      expect(rows.map((r) => r.name)).toEqual([
        'audit_log_at',
        'audit_log_mutation',
        'audit_log_pkey',
        'audit_log_pupil',
        'audit_log_view_id',
      ]);
    } finally {
      await other.cleanup();
    }
  }, 180_000); // a fresh database migrated twice: minutes on a busy machine

  it('reports health with schema and protocol version, and no-store caching', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const newest = Math.max(...(await loadMigrations()).map((m) => m.version));
    expect(res.json()).toEqual({ ok: true, db: 'up', schemaVersion: newest, protocolVersion: 2 });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('seeds the demo region: 6 schools, users for every role, records with seqs', async () => {
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM schools')).toBe(6);
    const roles = (await t.db.query<{ role: string }>('SELECT DISTINCT role FROM users ORDER BY role')).rows.map((r) => r.role);
    expect(roles).toEqual(['beheerder', 'coordinator', 'ib', 'jeugdprofessional', 'leerplicht']);
    for (const entity of ['pupil', 'signal', 'contact', 'consultation']) {
      expect(await count(t.db, 'SELECT count(*)::int AS n FROM records WHERE entity = $1', [entity])).toBeGreaterThan(5);
    }
    const passwords = await t.db.query<{ password_hash: string }>('SELECT password_hash FROM users');
    for (const p of passwords.rows) expect(p.password_hash).toMatch(/^scrypt\$/);
  });

  it('keeps the JWT secret in the database, generated once', async () => {
    expect(await count(t.db, "SELECT count(*)::int AS n FROM settings WHERE key = 'jwt_secret'")).toBe(1);
  });

  it('prepared statements: a failed one rolls back its transaction, the next works, changed tables are read anew', async () => {
    await t.db.exec('CREATE TABLE prep_probe (id int PRIMARY KEY, a text)');
    await t.db.query('INSERT INTO prep_probe (id, a) VALUES ($1, $2)', [1, 'een']);
    // A duplicate key inside a transaction: nothing of it stays, and the store goes on.
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query('INSERT INTO prep_probe (id, a) VALUES ($1, $2)', [2, 'twee']);
        await tx.query('INSERT INTO prep_probe (id, a) VALUES ($1, $2)', [1, 'weer een']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const all = () => t.db.query<Record<string, unknown>>('SELECT * FROM prep_probe ORDER BY id');
    expect((await all()).rows).toEqual([{ id: 1, a: 'een' }]);
    // A migration adds a column: the same statement text now answers with it.
    await t.db.exec("ALTER TABLE prep_probe ADD COLUMN b text NOT NULL DEFAULT 'x'");
    expect((await all()).rows).toEqual([{ id: 1, a: 'een', b: 'x' }]);
    // More distinct statements than a store keeps prepared: each still answers its own.
    for (let i = 0; i < 300; i++) {
      const { rows } = await t.db.query<{ n: number }>(`SELECT $1::int + ${i} AS n`, [1]);
      expect(rows[0]!.n).toBe(i + 1);
    }
    // Types go both ways: json, arrays, timestamps and null.
    const { rows } = await t.db.query<{ j: unknown; arr: string[]; at: Date; nothing: null }>(
      'SELECT $1::jsonb AS j, $2::text[] AS arr, $3::timestamptz AS at, $4::text AS nothing',
      [{ a: [1, 'twee'] }, ['x', 'y'], new Date('2026-12-08T01:02:03Z'), null],
    );
    expect(rows[0]).toEqual({ j: { a: [1, 'twee'] }, arr: ['x', 'y'], at: new Date('2026-12-08T01:02:03Z'), nothing: null });
    await t.db.exec('DROP TABLE prep_probe');
  });

  it('a statement outside a running transaction does not see its writes before COMMIT', async () => {
    await t.db.exec('CREATE TABLE prep_wait (id int PRIMARY KEY)');
    const counting = 'SELECT count(*)::int AS n FROM prep_wait';
    expect(await count(t.db, counting)).toBe(0);
    let outside: Promise<number> | undefined;
    await t.db.transaction(async (tx) => {
      await tx.query('INSERT INTO prep_wait (id) VALUES ($1)', [1]);
      outside = count(t.db, counting);
      // Time for the outside statement to run now, were it let in: it would count 1.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await tx.query('INSERT INTO prep_wait (id) VALUES ($1)', [2]);
    });
    // PGlite: it waited for the transaction and sees both; PostgreSQL: a snapshot of before or after.
    expect([0, 2]).toContain(await outside);
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM prep_wait')).toBe(2);
    await t.db.exec('DROP TABLE prep_wait');
  });
});
