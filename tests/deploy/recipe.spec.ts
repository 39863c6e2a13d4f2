// The recipe of deploy/ at work (stack.ts): nginx over HTTPS and HTTP/2 in front of two copies of
// the service on one PostgreSQL. A phone logs in, saves offline and syncs through nginx; the copy
// that took its push is stopped, and another phone gets the record from the other copy.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import pg from 'pg';
import { TodayPage } from '../e2e/pages/TodayPage';
import { PupilPage } from '../e2e/pages/PupilPage';
import { demo, logInAs, newDevice } from '../e2e/support/fixtures';
import { recordNewPupilSignal } from '../e2e/support/flows';
import { outbox, waitingText } from '../e2e/support/storage';
import { statePath, type StackState } from './stack';

const stack = () => JSON.parse(readFileSync(statePath(process.env.DEPLOY_STATE_DIR!), 'utf8')) as StackState;
const COPY = 'x-schoolnabij-copy';

/** The security headers nginx adds to the files it serves (deploy/nginx/schoolnabij-headers.conf). */
const securityHeaders = [...readFileSync('deploy/nginx/schoolnabij-headers.conf', 'utf8').matchAll(/^add_header (\S+) /gm)].map((m) => m[1]!.toLowerCase());

async function synced(page: Page) {
  await expect(new TodayPage(page).statusLine).toHaveText(/Gesynchroniseerd om \d\d:\d\d · Niets wacht op synchronisatie$/, { timeout: 30_000 });
}

/** One HTTP/2 GET to nginx; resolves with its status and headers. */
function h2Get(origin: string, path: string): Promise<Record<string, string | string[] | undefined>> {
  return new Promise((resolve, reject) => {
    const session = connect(origin, { rejectUnauthorized: false });
    session.on('error', reject);
    const req = session.request({ ':path': path });
    req.on('response', (headers) => {
      req.resume();
      req.on('end', () => (session.close(), resolve(headers as Record<string, string | string[] | undefined>)));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A request to nginx from another loopback address, with an X-Forwarded-For of its own choosing. */
function fromAddress(origin: string, localAddress: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpsRequest(`${origin}${path}`, { method, localAddress, rejectUnauthorized: false, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('nginx serves the app over HTTP/2 with the right cache and security headers, /api from the copies', async ({ request }) => {
  const { https, copies, metricsToken } = stack();
  const h2 = await h2Get(https, '/');
  expect(h2[':status']).toBe(200);

  const direct = await fetch(`${copies[0]!.url}/`);
  const index = await request.get('/');
  expect(index.headers()['cache-control']).toBe('no-cache');
  // nginx says what the service itself says about the page (CSP, frames, referrer, …).
  for (const name of securityHeaders.filter((h) => h !== 'strict-transport-security')) {
    expect(index.headers()[name], name).toBe(direct.headers.get(name));
  }
  expect(index.headers()['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');

  const sw = await request.get('/sw.js');
  expect(sw.status()).toBe(200);
  expect(sw.headers()['cache-control']).toBe('no-cache');
  expect(sw.headers()['service-worker-allowed']).toBe('/');
  expect(sw.headers()['content-security-policy']).toBe(direct.headers.get('content-security-policy'));

  const asset = /\/assets\/[^"]+\.js/.exec(await index.text())?.[0];
  expect(asset).toBeTruthy();
  const hashed = await request.get(asset!);
  expect(hashed.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(hashed.headers()['content-type']).toMatch(/javascript/);
  expect((await request.get('/assets/bestaat-niet.js')).status()).toBe(404);
  // A route of the app is the app.
  const route = await request.get('/leerlingen/iets');
  expect(route.headers()['content-type']).toMatch(/text\/html/);

  // The API comes from a copy, never cached; HSTS there proves X-Forwarded-Proto reached it.
  const health = await request.get('/api/health');
  expect(await health.json()).toMatchObject({ ok: true, db: 'up' });
  expect(health.headers()['cache-control']).toBe('no-store');
  expect(['1', '2']).toContain(health.headers()[COPY]);
  expect(health.headers()['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');

  // /metrics only on a copy's own address, with its token.
  expect((await request.get('/metrics')).status()).toBe(404);
  const metrics = await fetch(`${copies[0]!.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toContain('schoolnabij_http_requests_total{method="GET",route="/api/health",status="200"}');
});

test('the service sees the client address nginx saw, not one the client made up', async () => {
  const { https } = stack();
  const spoof = { 'x-forwarded-for': '203.0.113.9' };
  const deviceId = crypto.randomUUID();
  const login = await fromAddress(https, '127.0.0.2', 'POST', '/api/auth/login', { ...spoof, 'content-type': 'application/json' },
    JSON.stringify({ username: demo.sanne.username, password: demo.sanne.password, deviceId, deviceName: 'Adrestest' }));
  expect(login.status).toBe(200);
  const { accessToken } = JSON.parse(login.body) as { accessToken: string };
  const pulled = await fromAddress(https, '127.0.0.2', 'GET', '/api/sync/pull?cursor=0&limit=50', {
    ...spoof, authorization: `Bearer ${accessToken}`, 'x-protocol-version': '2',
  });
  expect(pulled.status).toBe(200);
  // The pull is in the audit log (NEN 7513) with the address of the client.
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ ip: string }>('SELECT DISTINCT ip FROM audit_log WHERE device_id = $1', [deviceId]);
    expect(rows.map((r) => r.ip)).toEqual(['127.0.0.2']);
  } finally {
    await db.end();
  }
});

test('a phone logs in, saves offline and syncs through nginx; the other copy serves the pull to a second phone', async ({ browser }) => {
  const { copies } = stack();
  const context = { ignoreHTTPSErrors: true };
  const a = await newDevice(browser, demo.sanne, { serviceWorker: true, context });
  await synced(a.page);
  const pushedBy: string[] = [];
  a.context.on('response', (res) => {
    if (res.url().includes('/api/sync/push') && res.status() === 200) pushedBy.push(res.headers()[COPY] ?? '?');
  });

  // Offline in the corridor: saved on the phone, waiting in the outbox.
  const initials = `Dp${Math.random().toString(36).slice(2, 6)}`;
  await a.context.setOffline(true);
  const onA = await recordNewPupilSignal(a.page, initials, 'Via nginx en twee kopieën.');
  await onA.expectStatus('Offline', waitingText(2));
  const pupilId = onA.pupilId();

  await a.context.setOffline(false);
  await synced(a.page);
  expect(await outbox(a.page)).toEqual([]);
  expect(pushedBy.length).toBeGreaterThan(0);
  const pusher = pushedBy.at(-1)!;
  const other = copies.find((c) => c.id !== pusher)!;
  expect(other).toBeTruthy();

  // The copy that took the push stops (as `systemctl stop schoolnabij@N`): what it wrote is in
  // PostgreSQL, not in its memory, so the other copy has it.
  process.kill(copies.find((c) => c.id === pusher)!.pid, 'SIGTERM');
  await expect.poll(async () => fetch(`${copies.find((c) => c.id === pusher)!.url}/api/health`).then(() => 'up', () => 'down')).toBe('down');

  // The second phone: every pull it makes, from its first sync on, and which copy answered it.
  const pulledBy: string[] = [];
  const b = { context: await browser.newContext(context) };
  const bPage = await b.context.newPage();
  b.context.on('response', (res) => {
    if (res.url().includes('/api/sync/pull') && res.status() === 200) pulledBy.push(res.headers()[COPY] ?? '?');
  });
  await logInAs(bPage, demo.sanne);
  await synced(bPage);
  await bPage.goto(`/leerlingen/${pupilId}`);
  const onB = new PupilPage(bPage, initials);
  await onB.expectShown();
  await expect(onB.items('Signaal', 'Via nginx en twee kopieën.')).toHaveCount(1);
  expect(pulledBy.length).toBeGreaterThan(0);
  expect(new Set(pulledBy)).toEqual(new Set([other.id]));

  await a.context.close();
  await b.context.close();
});
