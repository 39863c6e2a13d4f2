// Reads the environment, opens the store, migrates, seeds the demo region when empty, listens.
// Everything else is in buildApp (app.ts).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp } from './app';
import { openPg, openPglite, type Db } from './store/db';
import { migrate } from './store/migrate';
import { DEMO_PASSWORD, DEMO_REGION, demoUsers, isEmpty, seedDemo } from './demo';
import { scheduleRetention } from './retention/schedule';

const env = process.env;
const port = Number(env.PORT ?? 5173);
const host = env.HOST ?? '127.0.0.1';
const demo = !process.argv.includes('--no-demo') && env.DEMO !== '0';
const staticDir = resolve(env.STATIC_DIR ?? 'dist');

async function openStore(): Promise<Db> {
  if (env.DATABASE_URL) return openPg({ connectionString: env.DATABASE_URL });
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  return openPglite(dataDir);
}

const db = await openStore();
const ran = await migrate(db);
if (ran.length) console.log(`Migraties uitgevoerd: ${ran.join(', ')}`);
const seeded = demo && (await isEmpty(db));
if (seeded) await seedDemo(db);

// AUTH_RATE_LIMIT: log-ins per minute per address (default 30); the browser tests log in many times.
const authRateLimit = env.AUTH_RATE_LIMIT ? Number(env.AUTH_RATE_LIMIT) : undefined;
// TRUST_PROXY=1: behind a TLS-terminating proxy (client address and https from X-Forwarded-*).
const trustProxy = env.TRUST_PROXY === '1';
const app = await buildApp({ db, staticDir, logger: env.LOG === '1', authRateLimit, trustProxy });
await app.listen({ port, host });
// Issue 6: records past their retention term are removed every 6 hours (one copy at a time).
const stopRetention = scheduleRetention(db, (m) => console.log(m));

const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
console.log(`Schoolnabij draait op ${url} (${db.kind === 'pg' ? 'PostgreSQL' : `PGlite in ${resolve(env.DATA_DIR ?? 'data')}`})`);
if (demo) {
  console.log(`${seeded ? 'Demoregio aangemaakt' : 'Demoregio'}: gemeente ${DEMO_REGION}. Inloggen met wachtwoord ${DEMO_PASSWORD}:`);
  for (const u of demoUsers) console.log(`  ${u.username.padEnd(16)} ${u.label}`);
}

// A clean stop: finish requests in flight, then close the database (PGlite flushes its data dir).
// Ctrl-C reaches this process both from the terminal and forwarded by npm start: stop once, and
// never let a second signal end the process before the database is closed.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    stopRetention();
    void app
      .close()
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
}
