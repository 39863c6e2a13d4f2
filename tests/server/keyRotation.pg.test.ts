// Replacing the access-token signing key (auth/keyRotation.ts, docs/operations.md "Sleutels"):
// after the rotation and a restart, phones sync on without logging in again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { loadSecret, signAccessToken } from '../../src/server/auth/tokens';
import { ROTATION_GRACE_SECONDS, rotateTokenKey } from '../../src/server/auth/keyRotation';
import { login, setup, type TestApp } from './helpers';

describe('rotating the token signing key', () => {
  let t: TestApp;
  const restarted: FastifyInstance[] = [];
  const restart = async () => {
    const app = await buildApp({ db: t.db, authRateLimit: 10_000 });
    restarted.push(app);
    return app;
  };
  beforeAll(async () => {
    t = await setup();
  });
  afterAll(async () => {
    for (const app of restarted) await app.close();
    await t.cleanup();
  });

  const pullStatus = async (app: FastifyInstance, token: string) =>
    (
      await app.inject({
        method: 'GET',
        url: '/api/sync/pull?cursor=0&limit=1',
        headers: { authorization: `Bearer ${token}`, 'x-protocol-version': '2' },
      })
    ).statusCode;

  it('keeps tokens of the old key working until they expire, signs new ones with the new key, and drops the old key at the next rotation', async () => {
    const phone = await login(t.app, 'sanne');
    const oldKey = await loadSecret(t.db);
    const rotatedAt = new Date();
    await rotateTokenKey(t.db, rotatedAt);
    const newKey = await loadSecret(t.db);
    expect(Buffer.from(newKey).equals(Buffer.from(oldKey))).toBe(false);

    // A restarted copy: the phone's token of the old key still works, no new log-in.
    const app = await restart();
    expect(await pullStatus(app, phone.accessToken)).toBe(200);
    // A token an old copy signed with the old key just after the rotation (copies restart one by one).
    const claims = { userId: phone.user.id, deviceId: phone.deviceId };
    expect(await pullStatus(app, await signAccessToken(oldKey, claims, rotatedAt.getTime() + 60_000))).toBe(200);
    // But not one made with the old key well after the rotation: that key is no longer in use.
    const late = rotatedAt.getTime() + (ROTATION_GRACE_SECONDS + 60) * 1000;
    expect(await pullStatus(app, await signAccessToken(oldKey, claims, late))).toBe(401);

    // The refresh token was never signed: it gets a token of the new key.
    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: phone.refreshToken, deviceId: phone.deviceId },
    });
    expect(refreshed.statusCode).toBe(200);
    const fresh = (refreshed.json() as { accessToken: string }).accessToken;
    expect(await pullStatus(app, fresh)).toBe(200);
    // A copy that was not restarted knows only the old key: restart every copy after a rotation.
    expect(await pullStatus(t.app, fresh)).toBe(401);

    // The next rotation: the first key is gone for good.
    await rotateTokenKey(t.db);
    const again = await restart();
    expect(await pullStatus(again, phone.accessToken)).toBe(401);
    expect(await pullStatus(again, fresh)).toBe(200);
  });
});
