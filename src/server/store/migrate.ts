// Numbered SQL migrations (src/server/migrations/NNN_name.sql), each run once, recorded in
// `schema_migrations`. The same SQL runs on PostgreSQL and PGlite.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

// From the sources this file is src/server/store/; the built service (scripts/build-server.mjs) is
// one bundle in dist-server/ with the SQL files copied to dist-server/migrations/.
const migrationsDir = [new URL('../migrations/', import.meta.url), new URL('./migrations/', import.meta.url)]
  .map((url) => fileURLToPath(url))
  .find((dir) => existsSync(dir + '001_init.sql'));

// Arbitrary constant key: N copies starting at once on one PostgreSQL migrate one after another.
const MIGRATION_LOCK = 715_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  if (!dir) throw new Error(`No SQL migrations beside ${fileURLToPath(import.meta.url)}`);
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (name) => ({ version: Number(name.slice(0, 3)), name, sql: await readFile(dir + name, 'utf8') })));
}

/** Runs the migrations not yet recorded; returns the names it ran. */
export async function migrate(db: Db, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const ran: string[] = [];
    for (const m of all) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      ran.push(m.name);
    }
    return ran;
  });
}

export async function schemaVersion(db: Db): Promise<number> {
  const { rows } = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}
