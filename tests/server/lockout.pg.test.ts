// Log-in lockout per account and per address (stored in the database, so N copies share
// it), the same answer for an unknown user and a wrong password, audit rows for log-ins; and the
// security headers.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { DEMO_PASSWORD, demoUsers } from '../../src/server/demo';
import { count, login, setup, type TestApp } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await setup();
});
afterAll(() => t.cleanup());

const attempt = (app: FastifyInstance, username: string, password: string, ip = '10.0.0.1', headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: ip,
    headers,
    payload: { username, password, deviceId: randomUUID(), deviceName: 'Testtelefoon' },
  });

const userId = (username: string) => demoUsers.find((u) => u.username === username)!.id;

describe('log-in lockout', () => {
  it('the 6th wrong password within 15 minutes is refused even with the right password; other accounts still log in', async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await attempt(t.app, 'sanne', `fout-${i}`, '10.0.1.1');
      expect(res.statusCode, `attempt ${i}`).toBe(401);
    }
    const locked = await attempt(t.app, 'sanne', DEMO_PASSWORD, '10.0.1.2');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toEqual({
      error: 'too_many_attempts',
      message: 'Te veel mislukte pogingen om in te loggen. Probeer het over 15 minuten opnieuw of vraag de beheerder om hulp.',
    });
    expect((await attempt(t.app, 'ahmed', DEMO_PASSWORD, '10.0.1.1')).statusCode).toBe(200);
  });

  it('wrong passwords sent all at once get no more than 5 checked: the rest are refused as locked out', async () => {
    // Every attempt is counted before its (slow, scrypt) password check, so a burst cannot slip
    // past the limit; a check-then-record order let all 20 through.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(t.app, 'ahmed', `gok-${i}`, `10.0.6.${i}`)));
    const statuses = burst.map((r) => r.statusCode);
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBe(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect((await attempt(t.app, 'ahmed', DEMO_PASSWORD, '10.0.6.99')).statusCode).toBe(429);
    expect(await count(t.db, "SELECT count(*)::int AS n FROM login_failures WHERE username = 'ahmed'")).toBe(checked);
    await t.db.query("UPDATE login_failures SET at = at - interval '16 minutes' WHERE username = 'ahmed'");
    expect((await attempt(t.app, 'ahmed', DEMO_PASSWORD, '10.0.6.99')).statusCode).toBe(200);
  });

  it('wrong passwords for many names sent at once from one address get no more than its limit checked', async () => {
    const app = await buildApp({ db: t.db, authRateLimit: 10_000, lockout: { windowMinutes: 15, maxPerAccount: 5, maxPerIp: 8 } });
    try {
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(app, `raden-${i}`, 'x', '10.0.7.1')));
      const statuses = burst.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 401)).toHaveLength(8);
      expect(statuses.filter((s) => s === 429)).toHaveLength(12);
      expect(await count(t.db, "SELECT count(*)::int AS n FROM login_failures WHERE ip = '10.0.7.1'")).toBe(8);
    } finally {
      await app.close();
    }
  });

  it('a lockout is shared by every copy of the service (it lives in the database) and ends after the window', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(t.app, 'coordinator', 'verkeerd', '10.0.2.1')).statusCode).toBe(401);
    const copy = await buildApp({ db: t.db, authRateLimit: 10_000 });
    try {
      expect((await attempt(copy, 'coordinator', DEMO_PASSWORD, '10.0.2.9')).statusCode).toBe(429);
    } finally {
      await copy.close();
    }
    // The window passes: the failures are older than 15 minutes.
    await t.db.query("UPDATE login_failures SET at = at - interval '16 minutes' WHERE username = 'coordinator'");
    expect((await attempt(t.app, 'coordinator', DEMO_PASSWORD, '10.0.2.1')).statusCode).toBe(200);
  });

  it("a good log-in before the limit clears the account's failures", async () => {
    for (let i = 0; i < 4; i++) await attempt(t.app, 'ib.meerwende', 'verkeerd', '10.0.3.1');
    expect((await attempt(t.app, 'ib.meerwende', DEMO_PASSWORD, '10.0.3.1')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await attempt(t.app, 'ib.meerwende', 'verkeerd', '10.0.3.1');
    expect((await attempt(t.app, 'ib.meerwende', DEMO_PASSWORD, '10.0.3.1')).statusCode).toBe(200);
  });

  it('per address: many wrong passwords from one address (over several names) lock that address only', async () => {
    const app = await buildApp({ db: t.db, authRateLimit: 10_000, lockout: { windowMinutes: 15, maxPerAccount: 5, maxPerIp: 8 } });
    try {
      for (let i = 0; i < 8; i++) expect((await attempt(app, `onbekend-${i}`, 'x', '10.0.4.1')).statusCode).toBe(401);
      expect((await attempt(app, 'ib.springplank', DEMO_PASSWORD, '10.0.4.1')).statusCode).toBe(429);
      expect((await attempt(app, 'ib.springplank', DEMO_PASSWORD, '10.0.4.2')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('an unknown user and a wrong password get the same status and body, also once locked out', async () => {
    const wrong = await attempt(t.app, 'beheer', 'niet-goed', '10.0.5.1');
    const unknown = await attempt(t.app, 'bestaat-niet', 'niet-goed', '10.0.5.2');
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(unknown.body).toBe(wrong.body);
    expect(wrong.json()).toEqual({ error: 'invalid_credentials', message: 'Gebruikersnaam of wachtwoord klopt niet' });
    for (let i = 0; i < 4; i++) {
      await attempt(t.app, 'beheer', 'niet-goed', '10.0.5.1');
      await attempt(t.app, 'bestaat-niet', 'niet-goed', '10.0.5.2');
    }
    const lockedKnown = await attempt(t.app, 'beheer', 'niet-goed', '10.0.5.1');
    const lockedUnknown = await attempt(t.app, 'bestaat-niet', 'niet-goed', '10.0.5.2');
    expect(lockedKnown.statusCode).toBe(429);
    expect(lockedUnknown.statusCode).toBe(lockedKnown.statusCode);
    expect(lockedUnknown.body).toBe(lockedKnown.body);
    // Same work: both paths verify one scrypt hash (the dummy hash for an unknown name). Counted, not timed.
    expect(await count(t.db, "SELECT count(*)::int AS n FROM login_failures WHERE username IN ('beheer', 'bestaat-niet')")).toBe(10);
  });

  it('log-ins and failed log-ins write audit rows with user (when known), device, role and address', async () => {
    const before = await count(t.db, 'SELECT coalesce(max(id), 0)::int AS n FROM audit_log');
    expect((await attempt(t.app, 'ahmed', DEMO_PASSWORD, '10.0.6.1')).statusCode).toBe(200);
    await attempt(t.app, 'ahmed', 'fout', '10.0.6.1');
    await attempt(t.app, 'niemand', 'fout', '10.0.6.1');
    const { rows } = await t.db.query<{
      action: string;
      user_id: string | null;
      role: string | null;
      device_id: string | null;
      ip: string;
      detail: { reason?: string } | null;
    }>('SELECT action, user_id, role, device_id, ip, detail FROM audit_log WHERE id > $1 ORDER BY id', [before]);
    expect(rows).toEqual([
      {
        action: 'login',
        user_id: userId('ahmed'),
        role: 'jeugdprofessional',
        device_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ip: '10.0.6.1',
        detail: { secondFactor: 'exempt' },
      },
      {
        action: 'failed_login',
        user_id: userId('ahmed'),
        role: 'jeugdprofessional',
        device_id: null,
        ip: '10.0.6.1',
        detail: { reason: 'wrong_password' },
      },
      { action: 'failed_login', user_id: null, role: null, device_id: null, ip: '10.0.6.1', detail: { reason: 'unknown_user' } },
    ]);
  });
});

describe('security headers', () => {
  it('API answers: strict CSP without inline scripts, frame-ancestors none, nosniff, no-store, no HSTS over plain http', async () => {
    const s = await login(t.app, 'ahmed');
    const res = await t.app.inject({ method: 'GET', url: '/api/devices', headers: { authorization: `Bearer ${s.accessToken}` } });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k!, v]),
    );
    // WebAssembly (Argon2id for the PIN) may be compiled; JavaScript eval stays forbidden.
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // Errors too.
    const err = await t.app.inject({ method: 'GET', url: '/api/devices' });
    expect(err.statusCode).toBe(401);
    expect(err.headers['cache-control']).toBe('no-store');
    expect(err.headers['x-content-type-options']).toBe('nosniff');
  });

  it('HSTS only behind TLS: X-Forwarded-Proto is trusted only with trustProxy (TRUST_PROXY=1)', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };
    const plain = await t.app.inject({ method: 'GET', url: '/api/health', headers: forwarded });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const proxied = await buildApp({ db: t.db, trustProxy: true, authRateLimit: 10_000 });
    try {
      const res = await proxied.inject({ method: 'GET', url: '/api/health', headers: forwarded });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      // The address in the audit log is the client's, from the trusted proxy.
      const before = await count(t.db, 'SELECT coalesce(max(id), 0)::int AS n FROM audit_log');
      await attempt(proxied, 'niemand-hier', 'x', '10.9.9.9', forwarded);
      const { rows } = await t.db.query<{ ip: string }>('SELECT ip FROM audit_log WHERE id > $1', [before]);
      expect(rows).toEqual([{ ip: '203.0.113.7' }]);
    } finally {
      await proxied.close();
    }
  });
});
