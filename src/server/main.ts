// Reads the environment, opens the store, migrates, seeds the demo region when empty, listens.
// Everything else is in buildApp (app.ts). The settings are listed in docs/operations.md.
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp } from './app';
import { openPg, openPglite, type Db } from './store/db';
import { migrate } from './store/migrate';
import { DEMO_PASSWORD, DEMO_REGION, demoUsers, isEmpty, seedDemo } from './demo';
import { demoLeerplicht } from './demoVerzuim';
import { scheduleRetention } from './retention/schedule';
import { warmKengetallen } from './routes/kengetallen';

const env = process.env;

/**
 * A secret from NAME_FILE (a file only the service may read: systemd credentials, a mounted
 * secret) or else from NAME. A file keeps it out of the process environment and `ps e`.
 */
function secret(name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  return env[name] || undefined;
}

const port = Number(env.PORT ?? 5173);
const host = env.HOST ?? '127.0.0.1';
const demo = !process.argv.includes('--no-demo') && env.DEMO !== '0';
const staticDir = resolve(env.STATIC_DIR ?? 'dist');
// LOG=1 (or a pino level: info, warn, …): JSON log lines to stdout, or appended to LOG_FILE.
const logLevel = env.LOG === '1' ? 'info' : env.LOG && env.LOG !== '0' ? env.LOG : undefined;
const copyId = env.COPY_ID || undefined;

async function openStore(): Promise<Db> {
  const databaseUrl = secret('DATABASE_URL');
  if (databaseUrl) return openPg({ connectionString: databaseUrl });
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  return openPglite(dataDir);
}

const db = await openStore();
const ran = await migrate(db);
const seeded = demo && (await isEmpty(db));
if (seeded) await seedDemo(db);

// AUTH_RATE_LIMIT: log-ins per minute per address (default 30); the browser tests log in many times.
const authRateLimit = env.AUTH_RATE_LIMIT ? Number(env.AUTH_RATE_LIMIT) : undefined;
// TRUST_PROXY=N: behind N TLS-terminating proxies (1: nginx), client address and https from their
// X-Forwarded-*. Only the hops named are trusted, so an address a client sends itself is not taken.
const trustProxy = /^[1-9]$/.test(env.TRUST_PROXY ?? '') ? Number(env.TRUST_PROXY) : false;
const app = await buildApp({
  db,
  staticDir,
  logger: logLevel ? { level: logLevel, file: env.LOG_FILE || undefined } : false,
  metricsToken: secret('METRICS_TOKEN'),
  copyId,
  authRateLimit,
  trustProxy,
});
await app.listen({ port, host });
// With JSON logs on, the service's own messages are log lines too (and name no person).
const say = logLevel ? (m: string) => app.log.info(m) : (m: string) => console.log(m);
if (ran.length) say(`Migraties uitgevoerd: ${ran.join(', ')}`);
// Records past their retention term are removed every 6 hours (one copy at a time).
const stopRetention = scheduleRetention(db, say);
// KENGETALLEN_WARM=1: the kengetallen a coordinator opens first are computed after listening. Off by
// default: each family is synchronous work on the event loop, and with a real caseload the requests
// of every user wait behind it (docs/kengetallen.md) until it runs in a worker thread.
if (env.KENGETALLEN_WARM === '1') {
  setTimeout(() => {
    warmKengetallen(db, say).catch((e: unknown) => say(`Kengetallen voorberekenen mislukt: ${String(e)}`));
  }, 1000).unref();
}

const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
say(
  `Schoolnabij draait op ${url}${copyId ? ` (kopie ${copyId})` : ''} (${db.kind === 'pg' ? 'PostgreSQL' : `PGlite in ${resolve(env.DATA_DIR ?? 'data')}`}) op Node ${process.version}`,
);
if (demo) {
  say(`${seeded ? 'Demoregio aangemaakt' : 'Demoregio'}: gemeente ${DEMO_REGION}.`);
  if (!logLevel) {
    console.log(`Inloggen met wachtwoord ${DEMO_PASSWORD}:`);
    for (const u of [...demoUsers, ...demoLeerplicht]) console.log(`  ${u.username.padEnd(22)} ${u.label}`);
  }
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
