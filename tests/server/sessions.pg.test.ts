// Sessions end when they should: a password reset by the beheerder, a re-used refresh token and a
// log-out refuse the session's tokens at once; a revoked device is no password oracle; refusals of a
// push never tell that a record exists elsewhere; a record names only a pupil of its own school.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createPupil, createSignal, login, push, school, setup, update, type TestApp } from './helpers';
import { activate, api, loginAs } from './schoolSide.support';
import { DEMO_PASSWORD } from '../../src/server/demo';

// As the device shows them (pushPlan.ts).
const unavailableReason = 'Dit record is niet gevonden, of je mag het niet wijzigen.';
const pupilElsewhereReason = 'Deze leerling is niet gevonden bij de school van dit record. Kies een leerling van deze school.';

let t: TestApp;
beforeAll(async () => {
  t = await setup();
}, 600_000);
afterAll(async () => {
  await t?.cleanup();
});

const get = (token: string) => t.app.inject({ method: 'GET', url: '/api/devices', headers: { authorization: `Bearer ${token}` } });
const refresh = (refreshToken: string, deviceId: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken, deviceId } });

describe('a password reset by the beheerder', () => {
  it('ends every session of the user at once: access and refresh tokens refused, old password gone; the code sets a new one', async () => {
    const beheer = api(t.app, (await login(t.app, 'beheer')).accessToken);
    const phone = await login(t.app, 'ahmed');
    const laptop = await login(t.app, 'ahmed');
    expect((await get(phone.accessToken)).statusCode).toBe(200);
    const res = await beheer('POST', `/api/admin/users/${phone.user.id}/reset-password`, {});
    expect(res.status).toBe(200);
    const code = (res.json().activation as { code: string }).code;
    for (const s of [phone, laptop]) {
      const denied = await get(s.accessToken);
      expect(denied.statusCode).toBe(401);
      expect(denied.json().error).toBe('session_ended');
      expect((await refresh(s.refreshToken, s.deviceId)).statusCode).toBe(401);
    }
    await expect(login(t.app, 'ahmed')).rejects.toThrow(/401/);
    const { rows } = await t.db.query<{ detail: { sessionsEnded: number } }>(
      "SELECT detail FROM audit_log WHERE action = 'user.reset_password' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]?.detail.sessionsEnded).toBe(2);
    // (He happens to choose the demo password again, which the later tests of this file use.)
    await activate(t.app, 'ahmed', code, DEMO_PASSWORD);
    const back = await loginAs(t.app, 'ahmed', DEMO_PASSWORD, phone.deviceId);
    expect((await get(back.token)).statusCode).toBe(200);
  });

  it('is for the beheerder only', async () => {
    const sanne = await login(t.app, 'sanne');
    const res = await api(t.app, sanne.accessToken)('POST', `/api/admin/users/${sanne.user.id}/reset-password`, {});
    expect(res.status).toBe(403);
  });
});

describe('refresh token rotation', () => {
  it('re-use of a replaced refresh token ends the whole family, the access tokens with it', async () => {
    const s = await login(t.app, 'sanne');
    const r1 = await refresh(s.refreshToken, s.deviceId);
    const r2 = await refresh(r1.json().refreshToken, s.deviceId);
    expect(r2.statusCode).toBe(200);
    // The first token, replaced twice over, comes back (a copy): refused, and everything ends.
    const reuse = await refresh(s.refreshToken, s.deviceId);
    expect(reuse.statusCode).toBe(401);
    expect((await refresh(r2.json().refreshToken, s.deviceId)).statusCode).toBe(401);
    expect((await get(r2.json().accessToken)).statusCode).toBe(401);
    expect(
      await count(
        t.db,
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'failed_login' AND detail ->> 'reason' = 'refresh_token_reused'",
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('a retry of a lost answer continues the one chain: the lost token is dead, and using it ends the family', async () => {
    const s = await login(t.app, 'sanne');
    const lost = await refresh(s.refreshToken, s.deviceId);
    expect(lost.statusCode).toBe(200);
    const retry = await refresh(s.refreshToken, s.deviceId);
    expect(retry.statusCode).toBe(200);
    // Two live chains before: both of these worked.
    const stolen = await refresh(lost.json().refreshToken, s.deviceId);
    expect(stolen.statusCode).toBe(401);
    expect((await refresh(retry.json().refreshToken, s.deviceId)).statusCode).toBe(401);
    expect((await get(retry.json().accessToken)).statusCode).toBe(401);
  });

  it('an attacker who uses a copied token first loses it when the phone comes back', async () => {
    const s = await login(t.app, 'sanne');
    const attacker = await refresh(s.refreshToken, s.deviceId);
    expect(attacker.statusCode).toBe(200);
    const next = await refresh(attacker.json().refreshToken, s.deviceId);
    expect(next.statusCode).toBe(200);
    // The phone still has the original token: a re-use, and the attacker's chain ends.
    expect((await refresh(s.refreshToken, s.deviceId)).statusCode).toBe(401);
    expect((await get(next.json().accessToken)).statusCode).toBe(401);
    expect((await refresh(next.json().refreshToken, s.deviceId)).statusCode).toBe(401);
  });
});

describe('log-out', () => {
  it('makes its access token invalid at once, and only that device is logged out', async () => {
    const s = await login(t.app, 'sanne');
    const other = await login(t.app, 'sanne');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${s.accessToken}` },
      payload: { refreshToken: s.refreshToken },
    });
    expect(out.statusCode).toBe(200);
    const denied = await get(s.accessToken);
    expect(denied.statusCode).toBe(401);
    expect(denied.json()).toEqual({
      error: 'session_ended',
      message: 'Je bent uitgelogd op dit toestel. Log opnieuw in om verder te gaan.',
    });
    expect((await get(other.accessToken)).statusCode).toBe(200);
  });

  it('without the access token (expired offline) the refresh token still ends the session', async () => {
    const s = await login(t.app, 'sanne');
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken: s.refreshToken } });
    expect((await get(s.accessToken)).statusCode).toBe(401);
  });
});

describe('a revoked device', () => {
  it('answers device_revoked whether or not the password is right', async () => {
    const s = await login(t.app, 'coordinator');
    const beheer = api(t.app, (await login(t.app, 'beheer')).accessToken);
    expect((await beheer('POST', `/api/devices/${s.deviceId}/revoke?userId=${s.user.id}`, {})).status).toBe(200);
    const attempt = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'coordinator', password, deviceId: s.deviceId, deviceName: 'Oud toestel' },
      });
    const right = await attempt(DEMO_PASSWORD);
    const wrong = await attempt('fout-wachtwoord-123');
    expect(wrong.statusCode).toBe(right.statusCode);
    expect(wrong.json()).toEqual(right.json());
    expect(right.json().error).toBe('device_revoked');
  });
});

describe('push refusals', () => {
  it('say the same for a record id that does not exist and one of another school, whatever its type', async () => {
    const sanne = await login(t.app, 'sanne');
    const ahmed = await login(t.app, 'ahmed');
    // Ahmed's pupil and signal at school 5 (not one of Sanne's schools).
    const pupil = createPupil(school(5));
    const signal = createSignal(school(5), pupil.recordId);
    expect((await push(t.app, ahmed.accessToken, [pupil, signal])).body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const attempts = [
      update('pupil', randomUUID(), { group: 'groep 8' }, 1),
      update('pupil', pupil.recordId, { group: 'groep 8' }, 1),
      update('signal', pupil.recordId, { description: 'Iets anders' }, 1),
      update('contact', signal.recordId, { summary: 'Iets anders' }, 1),
      { ...createPupil(school(1)), recordId: pupil.recordId },
      { ...createSignal(school(1), randomUUID()), recordId: signal.recordId },
    ];
    const res = await push(t.app, sanne.accessToken, attempts);
    expect(res.body.results.map((r) => r.reason)).toEqual(attempts.map(() => unavailableReason));
    expect(JSON.stringify(res.body)).not.toMatch(/school|soort/i);
  });
});

describe('a record that names a pupil', () => {
  it("must be at that pupil's school (and a pupil the user may see); the other pupil's audit trail stays clean", async () => {
    const sanne = await login(t.app, 'sanne');
    const ahmed = await login(t.app, 'ahmed');
    const theirs = createPupil(school(5));
    const mine = createPupil(school(2));
    await push(t.app, ahmed.accessToken, [theirs]);
    await push(t.app, sanne.accessToken, [mine]);
    const before = await count(t.db, 'SELECT count(*)::int AS n FROM audit_log WHERE pupil_id = $1', [theirs.recordId]);
    const bad = [createSignal(school(1), theirs.recordId), createSignal(school(1), mine.recordId), createSignal(school(1), randomUUID())];
    const res = await push(t.app, sanne.accessToken, bad);
    expect(res.body.results.map((r) => r.reason)).toEqual(bad.map(() => pupilElsewhereReason));
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM records WHERE id = ANY($1::uuid[])', [bad.map((m) => m.recordId)])).toBe(0);
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM audit_log WHERE pupil_id = $1', [theirs.recordId])).toBe(before);
    // The same pupil at its own school, also made in the same batch, is fine; moving the link away is not.
    const fresh = createPupil(school(1));
    const good = createSignal(school(1), fresh.recordId);
    const ok = await push(t.app, sanne.accessToken, [fresh, good, createSignal(school(2), mine.recordId)]);
    expect(ok.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const relink = await push(t.app, sanne.accessToken, [
      update('signal', good.recordId, { pupilId: mine.recordId }, ok.body.results[1]!.version!),
    ]);
    expect(relink.body.results[0]?.reason).toBe(pupilElsewhereReason);
  });
});
