// The restore drill of docs/operations.md, on a real PostgreSQL with the real scripts: back up
// (deploy/backup.sh) while phones sync, lose the database, restore (deploy/restore.sh), and the
// phones sync on: nothing that was on a phone is lost, nothing is doubled, and a phone that synced
// after the backup still gets every change made after the restore.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { openPg, type Db } from '../../src/server/store/db';
import { migrate } from '../../src/server/store/migrate';
import { seedDemo } from '../../src/server/demo';
import { createPupil, createSignal, login, onPostgres, pullAll, push, school } from './helpers';

describe.skipIf(!onPostgres)('restore drill (PostgreSQL)', () => {
  const name = `drill_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let admin: pg.Client;
  let url: string;
  let db: Db;
  let app: FastifyInstance;
  const scripts = { env: { ...process.env } };

  const start = async () => {
    db = openPg({ connectionString: url });
    await migrate(db);
    app = await buildApp({ db, authRateLimit: 10_000 });
  };
  const stop = async () => {
    await app.close();
    await db.close();
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
    scripts.env.DATABASE_URL = url;
    await start();
    await seedDemo(db);
  });
  afterAll(async () => {
    await stop().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('loses nothing a phone still has, doubles nothing, and misses no change after the restore', async () => {
    const a = await login(app, 'sanne');
    const b = await login(app, 'sanne');
    const pupil = createPupil(school(1), { initials: 'R.D.' });
    const before = createSignal(school(1), pupil.recordId, { description: 'Vóór de back-up' });
    expect((await push(app, a.accessToken, [pupil, before])).body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    await pullAll(app, b.accessToken);

    const file = join(mkdtempSync(join(tmpdir(), 'schoolnabij-backup-')), 'schoolnabij.dump');
    execFileSync('bash', ['deploy/backup.sh', file], scripts);

    // After the backup: phone A syncs once more (acknowledged, so gone from its outbox) and pulls;
    // its cursor is now past anything the backup knows.
    const afterBackup = createSignal(school(1), pupil.recordId, { description: 'Na de back-up' });
    expect((await push(app, a.accessToken, [afterBackup])).body.results[0]?.status).toBe('applied');
    const { cursor: cursorA } = await pullAll(app, a.accessToken);
    // Phone B saves offline meanwhile: it waits in B's outbox.
    const offlineOnB = createSignal(school(1), pupil.recordId, { description: 'Offline op B' });

    // The database is lost: every copy stops, the database is made anew and restored.
    await stop();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    execFileSync('bash', ['deploy/restore.sh', file], scripts);
    await start();

    // The phones' tokens still work (the signing key is in the dump). B pushes its outbox, and its
    // first mutation once more, as a phone does whose answer got lost: applied once, not twice.
    const resent = await push(app, b.accessToken, [offlineOnB, before]);
    expect(resent.body.results.map((r) => r.status)).toEqual(['applied', 'duplicate']);
    const newOnA = createSignal(school(1), pupil.recordId, { description: 'Na het terugzetten' });
    expect((await push(app, a.accessToken, [newOnA])).body.results[0]?.status).toBe('applied');

    // A, whose cursor was ahead of the backup, still gets B's change.
    const { changes } = await pullAll(app, a.accessToken, cursorA);
    expect(changes.map((c) => String(c.record.id)).sort()).toEqual([offlineOnB.recordId, newOnA.recordId].sort());

    // A new phone gets every record once. What was written after the backup and is on no phone's
    // outbox any more is not on the server: that is the backup's recovery point (docs/operations.md).
    const c = await login(app, 'sanne');
    const all = (await pullAll(app, c.accessToken)).changes.filter((ch) =>
      [pupil, before, afterBackup, offlineOnB, newOnA].some((m) => m.recordId === ch.record.id),
    );
    expect(all.map((ch) => String(ch.record.id)).sort()).toEqual(
      [pupil.recordId, before.recordId, offlineOnB.recordId, newOnA.recordId].sort(),
    );
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE mutation_id = $1', [before.id]);
    expect(rows[0]?.n).toBe(1);
  });
});
