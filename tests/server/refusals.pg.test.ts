// The audit log tells the whole story: refused attempts (a 403 on a route, a mutation refused for
// permission, a refused second factor), a phone's view with both clocks (clamped and marked when it
// cannot be true), and the kengetallen CSV download as what it is.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRefusal } from '../../src/server/audit/refusals';
import { createPupil, createSignal, login, push, school, setup, update, type LoggedIn, type TestApp } from './helpers';
import { auditRowsAfter, lastAuditId, type AuditRow } from './audit.support';

let t: TestApp;
let sanne: LoggedIn;
let ahmed: LoggedIn;
let beheer: LoggedIn;
let ib: LoggedIn;
let coordinator: LoggedIn;
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
  ahmed = await login(t.app, 'ahmed');
  beheer = await login(t.app, 'beheer');
  ib = await login(t.app, 'ib.springplank');
  coordinator = await login(t.app, 'coordinator');
});
afterAll(() => t.cleanup());

const lastId = () => lastAuditId(t.db);
const rowsAfter = (id: number, action?: string) => auditRowsAfter(t.db, id, action);

const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

/** The beheerder's export of today, parsed: rows of cells by header. */
async function exportToday(): Promise<Record<string, string>[]> {
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const res = await get(beheer.accessToken, `/api/audit/export?from=${today}&to=${tomorrow}`);
  expect(res.statusCode, res.body).toBe(200);
  const [header, ...lines] = res.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((l) => l.split(';'));
  return lines.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ''])));
}

describe('refused attempts are logged', () => {
  it('a 403 on a route: who, from which device and address, which route', async () => {
    const before = await lastId();
    expect((await get(ib.accessToken, '/api/kengetallen')).statusCode).toBe(403);
    expect((await get(sanne.accessToken, '/api/admin/users')).statusCode).toBe(403);
    const rows = await rowsAfter(before);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      user_id: ib.user.id,
      device_id: ib.deviceId,
      role: 'ib',
      action: 'refused',
      ip: '127.0.0.1',
      detail: { via: 'route', method: 'GET', route: '/api/kengetallen', error: 'forbidden' },
    });
    expect(rows[1]).toMatchObject({
      user_id: sanne.user.id,
      role: 'jeugdprofessional',
      action: 'refused',
      detail: { route: '/api/admin/users' },
    });
  });

  it('a 401 without a valid token writes nothing (no one to name)', async () => {
    const before = await lastId();
    expect((await get('x.y.z', '/api/admin/users')).statusCode).toBe(401);
    expect(await rowsAfter(before)).toEqual([]);
  });

  it('a mutation refused for permission: one row per refused mutation, on the pupil it tried to touch; never "applied"', async () => {
    const pupil = createPupil(school(1));
    const signal = createSignal(school(1), pupil.recordId);
    expect((await push(t.app, sanne.accessToken, [pupil, signal])).body.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const before = await lastId();
    const intrusion = update('signal', signal.recordId, { description: 'Overschreven door een ander team' }, 1);
    const notHisRole = createSignal(school(1), pupil.recordId);
    const own = createPupil(school(4));
    const res = await push(t.app, ahmed.accessToken, [intrusion, own]);
    expect(res.body.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    const byCoordinator = await push(t.app, coordinator.accessToken, [notHisRole]);
    expect(byCoordinator.body.results[0]!.status).toBe('rejected');

    const refused = (await rowsAfter(before)).filter((r) => r.action === 'refused');
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({
      user_id: ahmed.user.id,
      device_id: ahmed.deviceId,
      role: 'jeugdprofessional',
      entity: 'signal',
      record_id: signal.recordId,
      pupil_id: pupil.recordId,
      ip: '127.0.0.1',
      mutation_id: null,
      detail: { via: 'push', mutationId: intrusion.id },
    });
    expect(String(refused[0]!.detail!.reason)).toBe(res.body.results[0]!.reason);
    expect(refused[1]).toMatchObject({
      user_id: coordinator.user.id,
      role: 'coordinator',
      entity: 'signal',
      record_id: notHisRole.recordId,
    });

    // "Wie zag dit dossier" shows the attempt on the pupil's trail.
    const trail = await get(beheer.accessToken, `/api/audit/pupils/${pupil.recordId}`);
    const entries = trail.json().entries as { userName: string; actionLabel: string }[];
    expect(entries).toContainEqual(expect.objectContaining({ userName: ahmed.user.name, actionLabel: 'Geweigerd (geen toegang)' }));
    // The refused mutation is not "applied": sent again by a device that may, it is applied.
    expect(
      (await push(t.app, sanne.accessToken, [{ ...intrusion, changes: { description: 'Door Sanne aangepast' } }])).body.results[0]!.status,
    ).toBe('applied');
  });

  it('a failed log-in, and a refused second factor through the hook', async () => {
    const before = await lastId();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'sanne', password: 'niet het goede wachtwoord', deviceId: randomUUID(), deviceName: 'Telefoon' },
    });
    expect(res.statusCode).toBe(401);
    await auditRefusal(t.db, {
      kind: 'second_factor',
      userId: sanne.user.id,
      deviceId: sanne.deviceId,
      ip: '10.0.0.7',
      method: 'totp',
      reason: 'wrong_code',
    });
    const rows = await rowsAfter(before);
    expect(rows.map((r) => r.action)).toEqual(['failed_login', 'failed_second_factor']);
    expect(rows[0]).toMatchObject({ user_id: sanne.user.id, ip: '127.0.0.1', detail: { reason: 'wrong_password' } });
    expect(rows[1]).toMatchObject({
      user_id: sanne.user.id,
      role: 'jeugdprofessional',
      ip: '10.0.0.7',
      detail: { method: 'totp', reason: 'wrong_code' },
    });
    const csv = await exportToday();
    expect(csv.some((r) => r.Actie === 'Tweede stap bij inloggen geweigerd' && r['IP-adres'] === '10.0.0.7')).toBe(true);
  });
});

describe('a view reported by a phone', () => {
  async function report(at: string) {
    const { rows } = await t.db.query<{ id: string }>(
      "SELECT id FROM records WHERE entity = 'pupil' AND school_id = $1 ORDER BY id LIMIT 1",
      [school(1)],
    );
    const view = { id: randomUUID(), pupilId: rows[0]!.id, at };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/audit/views',
      headers: { authorization: `Bearer ${sanne.accessToken}` },
      payload: { views: [view] },
    });
    expect(res.json().results[0].status).toBe('recorded');
    const { rows: logged } = await t.db.query<AuditRow & { enrolled: Date }>(
      `SELECT a.at, a.detail, d.created_at AS enrolled FROM audit_log a JOIN devices d ON d.user_id = a.user_id AND d.id = a.device_id
        WHERE a.detail ->> 'viewId' = $1`,
      [view.id],
    );
    return logged[0]!;
  }

  it('keeps the phone time and the receive time; a time that can be true is the row time', async () => {
    const { rows } = await t.db.query<{ created_at: Date }>('SELECT created_at FROM devices WHERE user_id = $1 AND id = $2', [
      sanne.user.id,
      sanne.deviceId,
    ]);
    const at = new Date(rows[0]!.created_at.getTime() + 1).toISOString();
    const row = await report(at);
    expect(row.at.toISOString()).toBe(at);
    expect(row.detail).toMatchObject({ viewedAt: at });
    expect(Date.parse(String(row.detail!.receivedAt))).toBeGreaterThanOrEqual(Date.parse(at));
    expect(row.detail).not.toHaveProperty('clamped');
  });

  it('a time before the device was enrolled is clamped to the enrolment, and marked', async () => {
    const row = await report('2020-03-01T09:00:00.000+01:00');
    expect(row.at.getTime()).toBe(row.enrolled.getTime());
    expect(row.detail).toMatchObject({ viewedAt: '2020-03-01T09:00:00.000+01:00', clamped: 'before_enrolment' });
  });

  it('a time after now is clamped to the receive time, and marked', async () => {
    const row = await report('2999-01-01T00:00:00Z');
    expect(row.at.getTime()).toBe(Date.parse(String(row.detail!.receivedAt)));
    expect(row.detail).toMatchObject({ viewedAt: '2999-01-01T00:00:00Z', clamped: 'future' });
  });
});

describe('the kengetallen CSV download', () => {
  it('is logged with role and address and labelled as a kengetallen export', async () => {
    const before = await lastId();
    const res = await get(coordinator.accessToken, '/api/kengetallen.csv?from=2026-01-01&to=2026-03-31');
    expect(res.statusCode).toBe(200);
    const [row] = (await rowsAfter(before)).filter((r) => r.action === 'export');
    expect(row).toMatchObject({ user_id: coordinator.user.id, role: 'coordinator', ip: '127.0.0.1', entity: 'kengetallen' });
    const csv = await exportToday();
    const line = csv.find((r) => r['Soort gegeven'] === 'kengetallen');
    expect(line).toMatchObject({ Actie: 'Kengetallen geëxporteerd', Rol: 'coördinator', 'IP-adres': '127.0.0.1' });
  });
});
