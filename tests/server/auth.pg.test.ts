import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { loadSecret, signAccessToken } from '../../src/server/auth/tokens';
import { buildApp } from '../../src/server/app';
import { DEMO_PASSWORD } from '../../src/server/demo';
import { login, setup, type TestApp } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await setup();
});
afterAll(() => t.cleanup());

const post = (url: string, payload: unknown, token?: string) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
const devices = (token: string) => t.app.inject({ method: 'GET', url: '/api/devices', headers: { authorization: `Bearer ${token}` } });

describe('log-in', () => {
  it('returns tokens and the user with role and schools', async () => {
    const s = await login(t.app, 'sanne');
    expect(s.accessToken.split('.')).toHaveLength(3);
    expect(s.refreshToken.length).toBeGreaterThan(30);
    expect(s.user).toMatchObject({ name: 'Sanne de Vries', role: 'jeugdprofessional' });
    expect(s.user.schools.map((x) => x.id).sort()).toEqual([
      '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001',
      '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000002',
      '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000003',
    ]);
    expect(s.user.schools.find((x) => x.id.endsWith('1'))).toEqual({
      id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001',
      name: 'OBS De Springplank',
      kind: 'po',
      place: 'Huizen',
      presenceDays: [1, 3],
      gemeenteId: expect.any(String),
    });
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const deviceId = randomUUID();
    const unknown = await post('/api/auth/login', { username: 'niemand', password: DEMO_PASSWORD, deviceId, deviceName: 'x' });
    const wrong = await post('/api/auth/login', { username: 'sanne', password: 'fout-wachtwoord', deviceId, deviceName: 'x' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json()).toEqual({ error: 'invalid_credentials', message: 'Gebruikersnaam of wachtwoord klopt niet' });
  });

  it('accepts the username in any case and with spaces around it', async () => {
    const res = await post('/api/auth/login', { username: ' Sanne ', password: DEMO_PASSWORD, deviceId: randomUUID(), deviceName: 'x' });
    expect(res.statusCode).toBe(200);
  });

  it('limits log-in attempts per minute with 429', async () => {
    const limited = await buildApp({ db: t.db, authRateLimit: 2 });
    const body = { username: 'sanne', password: 'fout', deviceId: randomUUID(), deviceName: 'x' };
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await limited.inject({ method: 'POST', url: '/api/auth/login', payload: body })).statusCode);
    expect(codes).toEqual([401, 401, 429]);
    await limited.close();
  });
});

describe('refresh and log-out', () => {
  it('refresh gives new tokens and rotates the refresh token', async () => {
    const s = await login(t.app, 'sanne');
    const res = await post('/api/auth/refresh', { refreshToken: s.refreshToken, deviceId: s.deviceId });
    expect(res.statusCode).toBe(200);
    const next = res.json();
    expect(next.refreshToken).not.toBe(s.refreshToken);
    expect((await devices(next.accessToken)).statusCode).toBe(200);
    // The replaced token still works within the grace period (a lost answer), not after it.
    expect((await post('/api/auth/refresh', { refreshToken: s.refreshToken, deviceId: s.deviceId })).statusCode).toBe(200);
    await t.db.query("UPDATE refresh_tokens SET replaced_at = now() - interval '2 minutes' WHERE replaced_at IS NOT NULL");
    const reused = await post('/api/auth/refresh', { refreshToken: s.refreshToken, deviceId: s.deviceId });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error).toBe('session_expired');
  });

  it('refresh works days later (until the refresh token expires)', async () => {
    const s = await login(t.app, 'sanne');
    await t.db.query("UPDATE refresh_tokens SET created_at = now() - interval '20 days' WHERE device_id = $1", [s.deviceId]);
    expect((await post('/api/auth/refresh', { refreshToken: s.refreshToken, deviceId: s.deviceId })).statusCode).toBe(200);
    const old = await login(t.app, 'sanne');
    await t.db.query("UPDATE refresh_tokens SET expires_at = now() - interval '1 minute' WHERE device_id = $1", [old.deviceId]);
    const res = await post('/api/auth/refresh', { refreshToken: old.refreshToken, deviceId: old.deviceId });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('session_expired');
  });

  it('refresh with a token of another device fails', async () => {
    const s = await login(t.app, 'sanne');
    const res = await post('/api/auth/refresh', { refreshToken: s.refreshToken, deviceId: randomUUID() });
    expect(res.statusCode).toBe(401);
  });

  it('log-out drops the refresh tokens of that device, and is idempotent', async () => {
    const s = await login(t.app, 'sanne');
    expect((await post('/api/auth/logout', { refreshToken: s.refreshToken })).json()).toEqual({ ok: true });
    expect((await post('/api/auth/logout', { refreshToken: s.refreshToken })).statusCode).toBe(200);
    expect((await post('/api/auth/refresh', { refreshToken: s.refreshToken, deviceId: s.deviceId })).statusCode).toBe(401);
  });
});

describe('devices', () => {
  it('lists your own devices only, marking the current one', async () => {
    const a = await login(t.app, 'ahmed');
    await login(t.app, 'ahmed');
    const res = await devices(a.accessToken);
    const list = res.json().devices as { id: string; name: string; current: boolean; revokedAt: string | null }[];
    expect(list.filter((d) => d.current).map((d) => d.id)).toEqual([a.deviceId]);
    expect(list.every((d) => d.name.includes('ahmed') || d.name.startsWith('Demo'))).toBe(true);
    expect(list.length).toBeGreaterThanOrEqual(2);
  });

  it('a revoked device: refresh and API calls fail with device_revoked and a Dutch message', async () => {
    const phone = await login(t.app, 'sanne');
    const laptop = await login(t.app, 'sanne');
    const res = await post(`/api/devices/${phone.deviceId}/revoke`, undefined, laptop.accessToken);
    expect(res.statusCode).toBe(200);
    const refresh = await post('/api/auth/refresh', { refreshToken: phone.refreshToken, deviceId: phone.deviceId });
    expect(refresh.statusCode).toBe(401);
    expect(refresh.json()).toMatchObject({ error: 'device_revoked', message: expect.stringContaining('ingetrokken') });
    expect((await devices(phone.accessToken)).json().error).toBe('device_revoked');
    const again = await post('/api/auth/login', { username: 'sanne', password: DEMO_PASSWORD, deviceId: phone.deviceId, deviceName: 'x' });
    expect(again.json().error).toBe('device_revoked');
    expect((await devices(laptop.accessToken)).statusCode).toBe(200);
  });

  it('another user cannot revoke your device; a beheerder can', async () => {
    const phone = await login(t.app, 'ahmed');
    const ib = await login(t.app, 'ib.springplank');
    expect((await post(`/api/devices/${phone.deviceId}/revoke`, {}, ib.accessToken)).statusCode).toBe(404);
    const beheer = await login(t.app, 'beheer');
    expect((await post(`/api/devices/${phone.deviceId}/revoke`, {}, beheer.accessToken)).statusCode).toBe(200);
    expect((await devices(phone.accessToken)).statusCode).toBe(401);
  });
});

describe('access tokens', () => {
  it('missing, malformed, forged and expired tokens are 401 with a precise error', async () => {
    const s = await login(t.app, 'sanne');
    const secret = await loadSecret(t.db);
    const forged = await new SignJWT({ dev: s.deviceId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(s.user.id)
      .setIssuer('schoolnabij')
      .setExpirationTime('15m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    const expired = await signAccessToken(secret, { userId: s.user.id, deviceId: s.deviceId }, Date.now() - 16 * 60_000);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: s.user.id, dev: s.deviceId, iss: 'schoolnabij' })).toString('base64url')}.`;
    const cases: [Record<string, string>, string][] = [
      [{}, 'unauthorized'],
      [{ authorization: 'Basic abc' }, 'invalid_token'],
      [{ authorization: 'Bearer not-a-jwt' }, 'invalid_token'],
      [{ authorization: `Bearer ${forged}` }, 'invalid_token'],
      [{ authorization: `Bearer ${none}` }, 'invalid_token'],
      [{ authorization: `Bearer ${expired}` }, 'token_expired'],
    ];
    for (const [headers, error] of cases) {
      for (const [method, url] of [
        ['GET', '/api/devices'],
        ['GET', '/api/sync/pull'],
        ['POST', '/api/sync/push'],
      ] as const) {
        const res = await t.app.inject({
          method,
          url,
          headers: { ...headers, 'x-protocol-version': '2' },
          ...(method === 'POST' ? { payload: { protocolVersion: 2, mutations: [] } } : {}),
        });
        expect(res.statusCode, `${method} ${url} ${error}`).toBe(401);
        expect(res.json()).toMatchObject({ error, message: expect.any(String) });
      }
    }
  });
});
