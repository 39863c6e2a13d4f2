// Bad input on every route: a 4xx with a precise ApiError body, never a 5xx, never a partial write.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { apiErrorSchema } from '../../src/sync/protocol';
import { buildApp } from '../../src/server/app';
import { count, createPupil, login, school, setup, type LoggedIn, type TestApp } from './helpers';

let t: TestApp;
let sanne: LoggedIn;
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
});
afterAll(() => t.cleanup());

type Method = 'GET' | 'POST';
const routes: [Method, string][] = [
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/refresh'],
  ['POST', '/api/auth/logout'],
  ['GET', '/api/devices'],
  ['POST', '/api/devices/00000000-0000-4000-8000-000000000000/revoke'],
  ['POST', '/api/sync/push'],
  ['GET', '/api/sync/pull'],
];
const postRoutes = routes.filter(([m]) => m === 'POST').map(([, url]) => url);

async function send(method: Method, url: string, body?: string | Buffer, headers: Record<string, string> = {}) {
  const res = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${sanne.accessToken}`, 'x-protocol-version': '2', ...headers },
    ...(body !== undefined ? { payload: body } : {}),
  });
  return res;
}

function expect4xx(res: { statusCode: number; body: string }, label: string, status?: number) {
  expect(res.statusCode, `${label}: ${res.body}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${label}: ${res.body}`).toBeLessThan(500);
  if (status) expect(res.statusCode, label).toBe(status);
  const body = JSON.parse(res.body);
  expect(apiErrorSchema.safeParse(body).success, label).toBe(true);
  expect(body.message.length, label).toBeGreaterThan(5);
  return body as { error: string; message: string; details?: { path: string; message: string }[] };
}

const json = { 'content-type': 'application/json' };

describe('bad input', () => {
  it('malformed JSON on every POST route: 400 invalid_json', async () => {
    for (const url of postRoutes) {
      for (const body of ['{', '{"a":', 'nul', '[1,,2]', '{"__proto__": {"x": 1}}']) {
        const err = expect4xx(await send('POST', url, body, json), `${url} ${body}`, 400);
        expect(err.error, `${url} ${body}`).toMatch(/invalid_json|bad_request|invalid_request/);
      }
      const empty = expect4xx(await send('POST', url, '', json), `${url} empty`, 400);
      expect(empty.message).toBeTruthy();
    }
  });

  it('wrong types and unknown fields: 400 with the field path', async () => {
    const bodies: [string, unknown, string][] = [
      ['/api/auth/login', { username: 5, password: 'x', deviceId: crypto.randomUUID(), deviceName: 'x' }, 'username'],
      ['/api/auth/login', { username: 'sanne', password: 'x', deviceId: 'nope', deviceName: 'x' }, 'deviceId'],
      ['/api/auth/login', { username: 'sanne', password: 'x', deviceId: crypto.randomUUID(), deviceName: 'x', admin: true }, ''],
      ['/api/auth/refresh', { refreshToken: ['x'], deviceId: crypto.randomUUID() }, 'refreshToken'],
      ['/api/auth/logout', { refreshToken: 'x', extra: 1 }, ''],
      ['/api/auth/logout', [1, 2], ''],
      ['/api/sync/push', { protocolVersion: 2, mutations: 'x' }, 'mutations'],
      ['/api/sync/push', { protocolVersion: 2, mutations: [], extra: 1 }, ''],
      ['/api/sync/push', { protocolVersion: '1x', mutations: [] }, ''],
      ['/api/sync/push', { protocolVersion: 2, mutations: [{ id: 'not-a-uuid' }] }, 'mutations.0.id'],
      ['/api/sync/push', { protocolVersion: 2, mutations: [null] }, 'mutations.0'],
      ['/api/sync/push', [], ''],
      ['/api/devices/00000000-0000-4000-8000-000000000000/revoke', { now: true }, ''],
    ];
    for (const [url, body, path] of bodies) {
      const err = expect4xx(await send('POST', url, JSON.stringify(body), json), `${url} ${JSON.stringify(body)}`, 400);
      if (path) expect(err.details?.map((d) => d.path).join(' '), url).toContain(path);
    }
    expect4xx(await send('POST', '/api/devices/not-a-uuid/revoke'), 'revoke bad id', 400);
    for (const q of ['cursor=abc', 'cursor=-1', 'limit=0', 'limit=5000', 'limit=x', 'foo=1', 'cursor=1&cursor=2']) {
      expect4xx(await send('GET', `/api/sync/pull?${q}`), `pull ${q}`, 400);
    }
  });

  it('a push batch over 500 mutations is refused whole', async () => {
    const mutations = Array.from({ length: 501 }, () => createPupil(school(1)));
    const before = await count(t.db, 'SELECT count(*)::int AS n FROM records');
    expect4xx(await send('POST', '/api/sync/push', JSON.stringify({ protocolVersion: 2, mutations }), json), 'push 501', 400);
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM records')).toBe(before);
  });

  it('oversized bodies: 413 on every POST route, nothing written', async () => {
    const before = await count(t.db, 'SELECT count(*)::int AS n FROM records');
    const big = JSON.stringify({ protocolVersion: 2, mutations: [createPupil(school(1))], pad: 'x'.repeat(1024 * 1024 + 10) });
    for (const url of postRoutes) {
      const err = expect4xx(await send('POST', url, big, json), `${url} big`, 413);
      expect(err.error).toBe('payload_too_large');
    }
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM records')).toBe(before);
  });

  it('other content types: 415; unknown API routes: 404 JSON', async () => {
    for (const url of postRoutes) {
      expect4xx(await send('POST', url, 'username=sanne', { 'content-type': 'application/x-www-form-urlencoded' }), `${url} form`, 415);
    }
    const err = expect4xx(await send('GET', '/api/nope'), 'unknown', 404);
    expect(err.error).toBe('not_found');
    expect4xx(await send('POST', '/api/health', '{}', json), 'POST health', 404);
  });

  it('a missing body where JSON is expected is a 400 with a message', async () => {
    for (const url of postRoutes.filter((u) => !u.includes('/revoke'))) {
      expect4xx(await send('POST', url), `${url} no body`, 400);
    }
  });
});

describe('static app', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schoolnabij-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'manifest.webmanifest'), '{}');
    app = await buildApp({ db: t.db, staticDir: dir });
  });
  afterAll(() => app.close());

  it('hashed assets are immutable; index.html and sw.js are revalidated; unknown paths get index.html', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
    const deep = await app.inject({ method: 'GET', url: '/leerlingen/123?x=1' });
    expect(deep.statusCode).toBe(200);
    expect(deep.headers['content-type']).toContain('text/html');
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ method: 'GET', url: '/api/unknown' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404); // never HTML for a missing asset
  });

  it('sends a strict CSP without inline scripts and forbids framing', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});
