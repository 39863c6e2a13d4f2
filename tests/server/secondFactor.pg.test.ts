// The second factor at log-in: the first log-in of a user on a device asks for one (TOTP here; the
// passkey path runs in the browser against Chromium's virtual authenticator, secondFactor.spec.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, login, school, setup, type TestApp } from './helpers';
import { TEST_PASSWORD, activate, api, totpCode } from './schoolSide.support';

let t: TestApp;
let beheer: ReturnType<typeof api>;
beforeAll(async () => {
  t = await setup();
  beheer = api(t.app, (await login(t.app, 'beheer')).accessToken);
}, 600_000);
afterAll(async () => {
  await t?.cleanup();
});

async function newUser(username: string) {
  const res = await beheer('POST', '/api/admin/users', {
    username,
    name: `Test ${username}`,
    role: 'jeugdprofessional',
    schoolIds: [school(1)],
  });
  await activate(t.app, username, (res.json().activation as { code: string }).code);
  return (res.json().user as { id: string }).id;
}

const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object });
const passwordStep = async (username: string, deviceId = randomUUID()) => {
  const res = await post('/api/auth/login', { username, password: TEST_PASSWORD, deviceId, deviceName: 'Telefoon' });
  expect(res.statusCode).toBe(200);
  return {
    body: res.json() as { accessToken?: string; secondFactor?: { challenge: string; totp: boolean; passkey: boolean; enrol: boolean } },
    deviceId,
  };
};

describe('second factor', () => {
  it('a new device asks for it: no token after the password alone; the first time an authenticator app is enrolled', async () => {
    await newUser('jp.totp');
    const first = await passwordStep('jp.totp');
    expect(first.body.accessToken).toBeUndefined();
    expect(first.body.secondFactor).toMatchObject({ enrol: true, totp: false, passkey: false });
    const { challenge } = first.body.secondFactor!;
    const setupRes = await post('/api/auth/second-factor/totp/setup', { challenge });
    const { secret, uri } = setupRes.json() as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Schoolnabij:jp\.totp\?/);
    const wrong = await post('/api/auth/second-factor/totp', { challenge, code: totpCode(secret).code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'second_factor_invalid', message: expect.stringMatching(/code klopt niet/) });
    const { code, counter } = totpCode(secret);
    const ok = await post('/api/auth/second-factor/totp', { challenge, code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().accessToken).toEqual(expect.any(String));
    // The same device later: password only.
    const again = await passwordStep('jp.totp', first.deviceId);
    expect(again.body.accessToken).toEqual(expect.any(String));
    // Another device: the app's code, and the used code does not work twice.
    const other = await passwordStep('jp.totp');
    expect(other.body.secondFactor).toMatchObject({ enrol: false, totp: true });
    const replay = await post('/api/auth/second-factor/totp', { challenge: other.body.secondFactor!.challenge, code });
    expect(replay.statusCode).toBe(401);
    const next = await post('/api/auth/second-factor/totp', {
      challenge: other.body.secondFactor!.challenge,
      code: totpCode(secret, counter).code,
    });
    expect(next.statusCode).toBe(200);
    // Refused factors are in the audit log, with the method.
    expect(
      await count(
        t.db,
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'failed_login' AND detail ->> 'reason' = 'second_factor_refused' AND detail ->> 'method' = 'totp'",
      ),
    ).toBe(2);
    expect(
      await count(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'login' AND detail ->> 'secondFactor' = 'totp'"),
    ).toBe(2);
  });

  it('a challenge is spent after 5 wrong codes, and expires; a made-up one is refused', async () => {
    await newUser('jp.raden');
    const { body } = await passwordStep('jp.raden');
    const { challenge } = body.secondFactor!;
    const { secret } = (await post('/api/auth/second-factor/totp/setup', { challenge })).json() as { secret: string };
    const good = totpCode(secret).code;
    const bad = good === '123456' ? '654321' : '123456';
    // The password's own attempt counts too: four wrong codes reach the account's lockout (5).
    for (let i = 0; i < 4; i++) expect((await post('/api/auth/second-factor/totp', { challenge, code: bad })).statusCode).toBe(401);
    const locked = await post('/api/auth/second-factor/totp', { challenge, code: good });
    expect(locked.statusCode).toBe(429);
    expect((await post('/api/auth/second-factor/totp', { challenge: 'verzonnen', code: good })).json().error).toBe('challenge_expired');
  });

  it('the beheerder resets it (audited): every device asks again and the user enrols a new one', async () => {
    const id = await newUser('jp.kwijt');
    const first = await passwordStep('jp.kwijt');
    const { challenge } = first.body.secondFactor!;
    const { secret } = (await post('/api/auth/second-factor/totp/setup', { challenge })).json() as { secret: string };
    expect((await post('/api/auth/second-factor/totp', { challenge, code: totpCode(secret).code })).statusCode).toBe(200);
    const listed = () =>
      beheer('GET', '/api/admin/users').then((r) => (r.json().users as { id: string; secondFactor: unknown }[]).find((u) => u.id === id));
    expect((await listed())?.secondFactor).toEqual({ totp: true, passkeys: 0 });

    const sanne = await login(t.app, 'sanne');
    expect((await api(t.app, sanne.accessToken)('POST', `/api/admin/users/${id}/reset-second-factor`, {})).status).toBe(403);
    const reset = await beheer('POST', `/api/admin/users/${id}/reset-second-factor`, {});
    expect(reset.status).toBe(200);
    expect((await listed())?.secondFactor).toEqual({ totp: false, passkeys: 0 });
    expect(
      await count(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.reset_second_factor' AND detail ->> 'userId' = $1", [
        id,
      ]),
    ).toBe(1);
    // Even the device that passed before asks again, and it is enrolment.
    const after = await passwordStep('jp.kwijt', first.deviceId);
    expect(after.body.secondFactor).toMatchObject({ enrol: true });
  });

  it('the demo accounts are exempt (set by the demo seed only): a token at once', async () => {
    expect((await login(t.app, 'sanne')).accessToken).toEqual(expect.any(String));
    // Accounts the beheerder makes never are.
    expect(await count(t.db, "SELECT count(*)::int AS n FROM users WHERE second_factor_exempt AND username LIKE 'jp.%'")).toBe(0);
  });
});
