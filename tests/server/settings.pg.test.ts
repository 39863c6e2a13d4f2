// The region's lock time ("locks after 5 minutes idle, configurable by the beheerder"): read by
// every signed-in user, set by the beheerder only, sent with every log-in and refresh answer, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, login, setup, type TestApp } from './helpers';
import { api } from './schoolSide.support';
import { defaultVerzuimSettings } from '../../src/domain/verzuimprotocol';

let t: TestApp;
let as: Record<'sanne' | 'ib' | 'coordinator' | 'beheer', ReturnType<typeof api>>;

beforeAll(async () => {
  t = await setup();
  const [sanne, ib, coordinator, beheer] = await Promise.all(
    ['sanne', 'ib.springplank', 'coordinator', 'beheer'].map((u) => login(t.app, u)),
  );
  as = {
    sanne: api(t.app, sanne!.accessToken),
    ib: api(t.app, ib!.accessToken),
    coordinator: api(t.app, coordinator!.accessToken),
    beheer: api(t.app, beheer!.accessToken),
  };
}, 600_000);

afterAll(async () => {
  await t?.cleanup();
});

describe('lock time', () => {
  it('is 5 minutes until the beheerder sets it, and every signed-in user can read it', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/settings' })).statusCode).toBe(401);
    for (const who of ['sanne', 'ib', 'coordinator', 'beheer'] as const) {
      expect((await as[who]('GET', '/api/settings')).json()).toEqual({
        lockMinutes: 5,
        verzuim: defaultVerzuimSettings,
        breakGlassDays: 14,
      });
    }
    expect((await login(t.app, 'sanne')).user).toMatchObject({ lockMinutes: 5 });
  });

  it('only the beheerder sets it; bad values get a 400 naming the range and change nothing', async () => {
    for (const who of ['sanne', 'ib', 'coordinator'] as const) {
      const res = await as[who]('PATCH', '/api/admin/settings', { lockMinutes: 10 });
      expect(res.status).toBe(403);
    }
    for (const body of [
      { lockMinutes: 0 },
      { lockMinutes: 31 },
      { lockMinutes: 2.5 },
      { lockMinutes: '10' },
      {},
      { lockMinutes: 10, extra: 1 },
    ]) {
      const res = await as.beheer('PATCH', '/api/admin/settings', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json().message).toBeTruthy();
    }
    expect((await as.beheer('PATCH', '/api/admin/settings', { lockMinutes: 31 })).json().message).toMatch(/1 tot 30 minuten/);
    expect((await as.sanne('GET', '/api/settings')).json()).toMatchObject({ lockMinutes: 5 });
  });

  it('a change reaches the log-in and refresh answers and is audited', async () => {
    const audits = () => count(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'settings.update'");
    const before = await audits();
    const res = await as.beheer('PATCH', '/api/admin/settings', { lockMinutes: 12 });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ lockMinutes: 12, verzuim: defaultVerzuimSettings, breakGlassDays: 14 });
    expect(await audits()).toBe(before + 1);
    const sanne = await login(t.app, 'sanne');
    expect(sanne.user).toMatchObject({ lockMinutes: 12 });
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: sanne.refreshToken, deviceId: sanne.deviceId },
    });
    expect(refreshed.json().user).toMatchObject({ lockMinutes: 12 });
  });
});

describe('verzuim numbers of the region', () => {
  it('are the protocol defaults until the beheerder sets them; a change keeps the rest and is audited', async () => {
    expect((await as.sanne('GET', '/api/settings')).json().verzuim).toEqual(defaultVerzuimSettings);
    const audits = () => count(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'settings.update'");
    const before = await audits();
    const res = await as.beheer('PATCH', '/api/admin/settings', { verzuim: { reportHours: 12, routeReminderDays: 5 } });
    expect(res.status).toBe(200);
    const expected = { ...defaultVerzuimSettings, reportHours: 12, routeReminderDays: 5 };
    expect(res.json().verzuim).toEqual(expected);
    expect(await audits()).toBe(before + 1);
    // Every signed-in user (the phone at sync) reads the region's numbers.
    for (const who of ['sanne', 'ib', 'coordinator'] as const)
      expect((await as[who]('GET', '/api/settings')).json().verzuim).toEqual(expected);
  });

  it('only the beheerder sets them; out of bounds, unknown or non-integer numbers get a 400 and change nothing', async () => {
    const before = (await as.sanne('GET', '/api/settings')).json().verzuim;
    expect((await as.coordinator('PATCH', '/api/admin/settings', { verzuim: { reportHours: 20 } })).status).toBe(403);
    for (const verzuim of [{ reportHours: 0 }, { reportHours: 81 }, { reportWeeks: 2.5 }, { mazlWeeks: '12' }, { nieuw: 3 }, null]) {
      const res = await as.beheer('PATCH', '/api/admin/settings', { verzuim });
      expect(res.status, JSON.stringify(verzuim)).toBe(400);
      expect(res.json().message).toBeTruthy();
    }
    expect((await as.beheer('PATCH', '/api/admin/settings', { verzuim: { reportHours: 81 } })).json().message).toMatch(/1 tot 80/);
    expect((await as.sanne('GET', '/api/settings')).json().verzuim).toEqual(before);
  });
});

describe('break-the-glass days of the region', () => {
  it('is 14 until the beheerder sets it within 1 to 30 days; the change is audited with before and after', async () => {
    expect((await as.coordinator('GET', '/api/settings')).json().breakGlassDays).toBe(14);
    for (const who of ['sanne', 'ib', 'coordinator'] as const) {
      expect((await as[who]('PATCH', '/api/admin/settings', { breakGlassDays: 7 })).status).toBe(403);
    }
    for (const breakGlassDays of [0, 31, 2.5, '7', null]) {
      const res = await as.beheer('PATCH', '/api/admin/settings', { breakGlassDays });
      expect(res.status, JSON.stringify(breakGlassDays)).toBe(400);
      expect(res.json().message).toMatch(/Kies een aantal dagen van 1 tot 30/);
    }
    expect((await as.sanne('GET', '/api/settings')).json().breakGlassDays).toBe(14);

    const res = await as.beheer('PATCH', '/api/admin/settings', { breakGlassDays: 7 });
    expect(res.status).toBe(200);
    expect(res.json().breakGlassDays).toBe(7);
    expect((await as.coordinator('GET', '/api/settings')).json().breakGlassDays).toBe(7);
    const audit = await t.db.query<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM audit_log WHERE action = 'settings.update' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows[0]!.detail).toEqual({ breakGlassDays: { before: 14, after: 7 } });
  });
});
