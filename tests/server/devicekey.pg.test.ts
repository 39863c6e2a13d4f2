import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, setup, type TestApp } from './helpers';

/** The server-held key that wraps a device's data key (recovery of a forgotten PIN). */
let t: TestApp;
beforeAll(async () => {
  t = await setup();
});
afterAll(() => t.cleanup());

const key = (token?: string, payload: unknown = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/devices/current/key',
    payload: payload as object,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('POST /api/devices/current/key', () => {
  it('gives the device 32 random bytes, the same ones on every call, not cacheable', async () => {
    const deviceId = randomUUID();
    const phone = await login(t.app, 'sanne', deviceId);
    const first = await key(phone.accessToken);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const k = (first.json() as { key: string }).key;
    expect(Buffer.from(k, 'base64')).toHaveLength(32);
    expect((await key(phone.accessToken)).json()).toEqual({ key: k });
    // A new log-in on the same device keeps the key: that is how a forgotten PIN is recovered.
    const again = await login(t.app, 'sanne', deviceId);
    expect((await key(again.accessToken)).json()).toEqual({ key: k });
    const { rows } = await t.db.query<{ wrap_key: string }>('SELECT wrap_key FROM devices WHERE id = $1', [phone.deviceId]);
    expect(rows).toEqual([{ wrap_key: k }]);
  });

  it('differs per device and per user on the same device id', async () => {
    const deviceId = randomUUID();
    const a = await login(t.app, 'sanne', deviceId);
    const b = await login(t.app, 'sanne');
    const other = await login(t.app, 'ahmed', deviceId);
    const keys = await Promise.all([a, b, other].map(async (s) => ((await key(s.accessToken)).json() as { key: string }).key));
    expect(new Set(keys).size).toBe(3);
  });

  it('is refused without a token, with unknown fields, and for a revoked device', async () => {
    const phone = await login(t.app, 'sanne');
    const laptop = await login(t.app, 'sanne');
    expect((await key()).statusCode).toBe(401);
    expect((await key(phone.accessToken, { deviceId: laptop.deviceId })).statusCode).toBe(400);
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api/devices/${phone.deviceId}/revoke`,
      payload: {},
      headers: { authorization: `Bearer ${laptop.accessToken}` },
    });
    expect(revoke.statusCode).toBe(200);
    const refused = await key(phone.accessToken);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: 'device_revoked' });
    expect(refused.body).not.toContain('key"');
  });
});
