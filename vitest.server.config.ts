import { defineConfig } from 'vitest/config';

// The server's own vitest config, kept apart from vite.config.ts (which the app side edits).
// `*.pg.test.ts` need a database: a fresh in-memory PGlite per file, or real PostgreSQL when
// DATABASE_URL is set (each file in its own schema). See tests/server/helpers.ts.
export default defineConfig({
  test: {
    name: 'server',
    include: ['tests/server/**/*.pg.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two workers, as in vite.config.ts: every file has its own database, so files run side by side.
    maxWorkers: 2,
  },
});
