// A phone whose clock runs slow sends an access token the service finds expired. The app's HTTP
// transport then refreshes and sends the request once more, instead of stopping sync until the
// user logs in again. Real service on a port, the app's own HttpTransport, real fetch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../../src/app/sync/httpTransport';
import { SyncError } from '../../src/app/sync/types';
import { ACCESS_TOKEN_SECONDS, loadSecret, signAccessToken } from '../../src/server/auth/tokens';
import { login, setup, type TestApp } from './helpers';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await setup();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.cleanup());

describe('HttpTransport and an access token the service finds expired', () => {
  it('refreshes once and repeats the request', async () => {
    const sanne = await login(t.app, 'sanne');
    // The token this phone still holds: by its slow clock it is valid, by the service's it has expired.
    const stale = await signAccessToken(
      await loadSecret(t.db),
      { userId: sanne.user.id, deviceId: sanne.deviceId },
      Date.now() - (ACCESS_TOKEN_SECONDS + 60) * 1000,
    );
    let renewals = 0;
    const renew = async () => {
      renewals++;
      const res = await fetch(`${base}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: sanne.refreshToken, deviceId: sanne.deviceId }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const transport = new HttpTransport(async () => stale, base, false, renew);
    const page = await transport.pull('0', 50);
    expect(page.changes.length).toBeGreaterThan(0);
    expect(renewals).toBe(1);
  });

  it('without a way to renew, or when the renewed token is refused too, it stops with "unauthorized"', async () => {
    const sanne = await login(t.app, 'sanne');
    const stale = await signAccessToken(
      await loadSecret(t.db),
      { userId: sanne.user.id, deviceId: sanne.deviceId },
      Date.now() - (ACCESS_TOKEN_SECONDS + 60) * 1000,
    );
    const kind = (e: unknown) => (e instanceof SyncError ? e.kind : String(e));
    await expect(new HttpTransport(async () => stale, base, false).pull('0', 50).catch(kind)).resolves.toBe('unauthorized');
    let renewals = 0;
    const alsoStale = new HttpTransport(
      async () => stale,
      base,
      false,
      async () => (renewals++, stale),
    );
    await expect(alsoStale.pull('0', 50).catch(kind)).resolves.toBe('unauthorized');
    expect(renewals).toBe(1);
  });
});
