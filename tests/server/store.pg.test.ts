import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, loadMigrations } from '../../src/server/store/migrate';
import { count, setup, type TestApp } from './helpers';

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

  it('reports health with schema and protocol version, and no-store caching', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    // The newest migration's number (004_device_keys.sql at the time of writing).
    const latest = Math.max(...(await loadMigrations()).map((m) => m.version));
    expect(latest).toBeGreaterThanOrEqual(4);
    expect(res.json()).toEqual({ ok: true, db: 'up', schemaVersion: latest, protocolVersion: 1 });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('seeds the demo region: 6 schools, users for every role, records with seqs', async () => {
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM schools')).toBe(6);
    const roles = (await t.db.query<{ role: string }>('SELECT DISTINCT role FROM users ORDER BY role')).rows.map((r) => r.role);
    expect(roles).toEqual(['beheerder', 'coordinator', 'ib', 'jeugdprofessional']);
    for (const entity of ['pupil', 'signal', 'contact', 'consultation']) {
      expect(await count(t.db, 'SELECT count(*)::int AS n FROM records WHERE entity = $1', [entity])).toBeGreaterThan(5);
    }
    const passwords = await t.db.query<{ password_hash: string }>('SELECT password_hash FROM users');
    for (const p of passwords.rows) expect(p.password_hash).toMatch(/^scrypt\$/);
  });

  it('keeps the JWT secret in the database, generated once', async () => {
    expect(await count(t.db, "SELECT count(*)::int AS n FROM settings WHERE key = 'jwt_secret'")).toBe(1);
  });
});
