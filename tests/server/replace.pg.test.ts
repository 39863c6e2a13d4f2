// "Vervangen" through the real API: the replaced device may still push what waits in its outbox; its
// next pull revokes it (401 device_revoked), so it wipes itself with nothing left unsent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPupil, login, pull, push, school, setup, type TestApp } from './helpers';
import { api } from './schoolSide.support';

let t: TestApp;

beforeAll(async () => {
  t = await setup();
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
});

describe('replacing a device', () => {
  it('lets the old phone push after "Vervangen", then revokes it at its pull', async () => {
    const old = await login(t.app, 'sanne');
    const laptop = await login(t.app, 'sanne');
    const res = await api(t.app, laptop.accessToken)('POST', `/api/devices/${old.deviceId}/replace`, {});
    expect(res.status).toBe(200);
    const listed = (await api(t.app, laptop.accessToken)('GET', '/api/devices')).json().devices as {
      id: string;
      replaceRequestedAt: string | null;
      revokedAt: string | null;
    }[];
    expect(listed.find((d) => d.id === old.deviceId)).toMatchObject({ replaceRequestedAt: expect.any(String), revokedAt: null });

    // The work made offline still arrives.
    const pupil = createPupil(school(1), { initials: 'Vv' });
    const pushed = await push(t.app, old.accessToken, [pupil]);
    expect(pushed.body.results[0]?.status).toBe('applied');

    // Its pull is the end: revoked, with the reason; afterwards every call is refused.
    const res2 = await t.app.inject({
      method: 'GET',
      url: '/api/sync/pull?cursor=0',
      headers: { authorization: `Bearer ${old.accessToken}`, 'x-protocol-version': '2' },
    });
    expect(res2.statusCode).toBe(401);
    expect(res2.json()).toMatchObject({ error: 'device_revoked', message: expect.stringContaining('vervangen') });
    const { rows } = await t.db.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM devices WHERE id = $1', [old.deviceId]);
    expect(rows[0]?.revoked_at).not.toBeNull();
    expect((await push(t.app, old.accessToken, [createPupil(school(1))])).status).toBe(401);
    // The laptop goes on as before.
    expect((await pull(t.app, laptop.accessToken)).changes.some((c) => c.record.id === pupil.recordId)).toBe(true);
  });

  it("refuses another user's device (404) and the server's demo log-in (409); no change", async () => {
    const sanne = await login(t.app, 'sanne');
    const ahmed = await login(t.app, 'ahmed');
    expect((await api(t.app, ahmed.accessToken)('POST', `/api/devices/${sanne.deviceId}/replace`, {})).status).toBe(404);
    const { rows } = await t.db.query<{ id: string }>("SELECT id FROM devices WHERE user_id = $1 AND kind = 'server'", [sanne.user.id]);
    const res = await api(t.app, sanne.accessToken)('POST', `/api/devices/${rows[0]!.id}/replace`, {});
    expect(res.status).toBe(409);
    expect(res.json().message).toMatch(/demogegevens/);
    const after = await t.db.query<{ id: string }>(
      'SELECT id FROM devices WHERE replace_requested_at IS NOT NULL AND id = ANY($1::uuid[])',
      [[sanne.deviceId, rows[0]!.id]],
    );
    expect(after.rows).toEqual([]);
  });
});
