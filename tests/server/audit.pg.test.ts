// NEN 7513: every API read of pupil data writes audit rows (one per pupil, right user,
// device and pupil), offline views arrive after a sync, "Wie zag dit dossier", the export, and the
// log refuses UPDATE, DELETE and TRUNCATE.
import 'fake-indexeddb/auto';
import { familyPupilIds } from '../../src/domain/family';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchoolnabijDB } from '../../src/app/db/db';
import { recordView } from '../../src/app/db/views';
import { uploadViews } from '../../src/app/sync/views';
import { viewsResponseSchema, type Change, type ViewEvent } from '../../src/sync/protocol';
import {
  count,
  createPupil,
  createSignal,
  login,
  pull,
  pullAll,
  push,
  school,
  setup,
  update,
  type LoggedIn,
  type TestApp,
} from './helpers';
import { auditRowsAfter, lastAuditId, type AuditRow } from './audit.support';

let t: TestApp;
let sanne: LoggedIn;
let ahmed: LoggedIn;
let beheer: LoggedIn;
let ib: LoggedIn;
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
  ahmed = await login(t.app, 'ahmed');
  beheer = await login(t.app, 'beheer');
  ib = await login(t.app, 'ib.springplank');
});
afterAll(() => t.cleanup());

const lastId = () => lastAuditId(t.db);
const rowsAfter = (id: number, action?: string) => auditRowsAfter(t.db, id, action);

/**
 * The pupils a pull answer is about, worked out from the answer itself (not from the server's code):
 * by pupil id, and a consultatievraag that names a pupil (initials, no pupil record) by its own id.
 */
function pupilsIn(changes: Change[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of changes) {
    // A family is a read about each child it names (audit/log.ts subjectsOf).
    if (c.entity === 'family' && !c.purged) {
      for (const p of familyPupilIds(c.record)) out.set(p, (out.get(p) ?? new Set()).add(String(c.record.id)));
      continue;
    }
    const namedRequest = c.entity === 'consultationRequest' && c.record.anonymous === false;
    const pupil =
      c.entity === 'pupil' || namedRequest ? String(c.record.id) : typeof c.record.pupilId === 'string' ? c.record.pupilId : null;
    if (!pupil || c.purged) continue;
    out.set(pupil, (out.get(pupil) ?? new Set()).add(String(c.record.id)));
  }
  return out;
}

const api = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload }) });

describe('reads of pupil data are audited', () => {
  it('a pull writes exactly one read row per pupil returned, with the right user, device, role and records', async () => {
    const before = await lastId();
    const { changes } = await pullAll(t.app, sanne.accessToken);
    const expected = pupilsIn(changes);
    expect(expected.size).toBeGreaterThan(5);
    const rows = await rowsAfter(before, 'read');
    expect(rows).toHaveLength(expected.size);
    const subject = (r: AuditRow) => r.pupil_id ?? r.record_id!;
    for (const r of rows) {
      expect(r).toMatchObject({ user_id: sanne.user.id, device_id: sanne.deviceId, role: 'jeugdprofessional' });
      expect(r.entity).toBe(r.pupil_id ? 'pupil' : 'consultationRequest');
      expect(expected.has(subject(r))).toBe(true);
      expect(new Set(r.detail?.records as string[])).toEqual(expected.get(subject(r)));
    }
    expect(new Set(rows.map(subject))).toEqual(new Set(expected.keys()));
    expect(rows.some((r) => r.entity === 'consultationRequest')).toBe(true);
  });

  it('pages: each page logs the pupils of that page; an empty pull logs nothing', async () => {
    const all = await pullAll(t.app, sanne.accessToken);
    let before = await lastId();
    const page = await pull(t.app, sanne.accessToken, '0', 5);
    expect(await rowsAfter(before, 'read')).toHaveLength(pupilsIn(page.changes).size);
    before = await lastId();
    const empty = await pull(t.app, sanne.accessToken, all.cursor);
    expect(empty.changes).toHaveLength(0);
    expect(await rowsAfter(before)).toHaveLength(0);
  });

  it('a change to one pupil is logged for that pupil only, for the user and device that pulled it', async () => {
    const { cursor } = await pullAll(t.app, ahmed.accessToken);
    const p = createPupil(school(4));
    const s = createSignal(school(4), p.recordId);
    expect((await push(t.app, ahmed.accessToken, [p, s])).status).toBe(200);
    const before = await lastId();
    const page = await pull(t.app, ahmed.accessToken, cursor);
    expect(page.changes.map((c) => c.record.id).sort()).toEqual([p.recordId, s.recordId].sort());
    const rows = await rowsAfter(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'read', user_id: ahmed.user.id, device_id: ahmed.deviceId, pupil_id: p.recordId });
    expect((rows[0]!.detail!.records as string[]).sort()).toEqual([p.recordId, s.recordId].sort());
  });

  it('the push rows (create, update) name the pupil and the role too', async () => {
    const p = createPupil(school(1));
    const s = createSignal(school(1), p.recordId);
    await push(t.app, sanne.accessToken, [p, s]);
    const { rows } = await t.db.query<AuditRow>("SELECT * FROM audit_log WHERE action = 'create' AND record_id IN ($1, $2) ORDER BY id", [
      p.recordId,
      s.recordId,
    ]);
    expect(rows.map((r) => [r.entity, r.pupil_id, r.role])).toEqual([
      ['pupil', p.recordId, 'jeugdprofessional'],
      ['signal', p.recordId, 'jeugdprofessional'],
    ]);

    // Updates too; a signal moved to another pupil names the pupil it is about now.
    const p2 = createPupil(school(1));
    await push(t.app, sanne.accessToken, [p2]);
    const versions = await t.db.query<{ id: string; version: number }>('SELECT id, version FROM records WHERE id IN ($1, $2)', [
      p.recordId,
      s.recordId,
    ]);
    const v = new Map(versions.rows.map((r) => [r.id, Number(r.version)]));
    const before = await lastId();
    const res = await push(t.app, sanne.accessToken, [
      update('signal', s.recordId, { pupilId: p2.recordId }, v.get(s.recordId)!),
      update('pupil', p.recordId, { group: 'groep 5' }, v.get(p.recordId)!),
    ]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await rowsAfter(before, 'update')).map((r) => [r.entity, r.record_id, r.pupil_id, r.role, r.user_id, r.device_id])).toEqual([
      ['signal', s.recordId, p2.recordId, 'jeugdprofessional', sanne.user.id, sanne.deviceId],
      ['pupil', p.recordId, p.recordId, 'jeugdprofessional', sanne.user.id, sanne.deviceId],
    ]);
  });

  it('the audit trigger fills role and pupil for a writer that leaves them out, and keeps what a writer names (006)', async () => {
    const p = createPupil(school(1));
    const s = createSignal(school(1), p.recordId);
    await push(t.app, sanne.accessToken, [p, s]);
    const before = await lastId();
    await t.db.query(`INSERT INTO audit_log (user_id, action, entity, record_id) VALUES ($1, 'update', 'signal', $2)`, [
      sanne.user.id,
      s.recordId,
    ]);
    await t.db.query(
      `INSERT INTO audit_log (user_id, role, action, entity, record_id) VALUES ($1, 'coordinator', 'update', 'signal', $2)`,
      [sanne.user.id, s.recordId],
    );
    await t.db.query(`INSERT INTO audit_log (user_id, action, entity, record_id, pupil_id) VALUES ($1, 'update', 'signal', $2, $3)`, [
      sanne.user.id,
      s.recordId,
      p.recordId,
    ]);
    await t.db.query(`INSERT INTO audit_log (user_id, role, action) VALUES ($1, 'beheerder', 'login')`, [sanne.user.id]);
    expect((await rowsAfter(before)).map((r) => [r.role, r.pupil_id])).toEqual([
      ['jeugdprofessional', p.recordId],
      ['coordinator', p.recordId],
      ['jeugdprofessional', p.recordId],
      ['beheerder', null],
    ]);
  });

  it('roles that read no pupil records (ib, beheerder) write read rows only for the MDO agenda items of the school', async () => {
    const before = await lastId();
    await pullAll(t.app, beheer.accessToken);
    expect((await rowsAfter(before, 'read')).filter((r) => r.pupil_id !== null)).toHaveLength(0);
    const ibBefore = await lastId();
    await pullAll(t.app, ib.accessToken);
    const rows = await rowsAfter(ibBefore, 'read');
    // An agenda item names the pupil it is about: the IB'er read that much, and the log says so.
    const named = rows.filter((r) => r.pupil_id !== null).flatMap((r) => (r.detail?.records as string[] | undefined) ?? [r.record_id!]);
    const kinds = await t.db.query<{ entity: string }>('SELECT DISTINCT entity FROM records WHERE id = ANY($1::uuid[])', [named]);
    expect(kinds.rows.map((k) => k.entity).filter((e) => e !== 'mdoItem')).toEqual([]);
  });
});

describe('offline views', () => {
  it('views recorded on the device (Dexie) arrive in the audit log after the next sync and are then deleted there', async () => {
    const { changes } = await pullAll(t.app, sanne.accessToken);
    const pupils = [...pupilsIn(changes).keys()];
    const device = new SchoolnabijDB(`audit-${randomUUID()}`);
    await device.open();
    try {
      // A phone enrolled yesterday (a view before its enrolment would be clamped: refusals.pg.test.ts).
      await t.db.query("UPDATE devices SET created_at = now() - interval '1 day' WHERE user_id = $1 AND id = $2", [
        sanne.user.id,
        sanne.deviceId,
      ]);
      const offlineAt = new Date(Date.now() - 3 * 60 * 60 * 1000);
      const v1 = await recordView(device, pupils[0]!, offlineAt);
      const v2 = await recordView(device, pupils[1]!);
      const before = await lastId();
      const send = async (views: ViewEvent[]) => {
        const res = await api(sanne.accessToken, 'POST', '/api/audit/views', { views });
        expect(res.statusCode).toBe(200);
        return viewsResponseSchema.parse(res.json());
      };
      expect(await uploadViews(device, send)).toBe(2);
      expect(await device.views.count()).toBe(0);
      const rows = await rowsAfter(before);
      expect(rows.map((r) => [r.action, r.pupil_id, r.user_id, r.device_id, r.detail?.viewId])).toEqual([
        ['read', v1.pupilId, sanne.user.id, sanne.deviceId, v1.id],
        ['read', v2.pupilId, sanne.user.id, sanne.deviceId, v2.id],
      ]);
      // The time is when the page was opened on the device, not when it was uploaded.
      expect(new Date(rows[0]!.at).toISOString()).toBe(offlineAt.toISOString());
    } finally {
      await device.delete();
    }
  });

  it('is idempotent on the view id; pupils the user may not read and unknown pupils are refused per item', async () => {
    const theirs = pupilsIn((await pullAll(t.app, ahmed.accessToken)).changes);
    const mine = [...pupilsIn((await pullAll(t.app, sanne.accessToken)).changes).keys()];
    const ok = { id: randomUUID(), pupilId: mine[0]!, at: new Date().toISOString() };
    const other = { id: randomUUID(), pupilId: [...theirs.keys()][0]!, at: new Date().toISOString() };
    const unknown = { id: randomUUID(), pupilId: randomUUID(), at: new Date().toISOString() };
    const before = await lastId();
    const first = await api(sanne.accessToken, 'POST', '/api/audit/views', { views: [ok, other, unknown] });
    expect(first.json().results.map((r: { status: string }) => r.status)).toEqual(['recorded', 'refused', 'refused']);
    const again = await api(sanne.accessToken, 'POST', '/api/audit/views', { views: [ok] });
    expect(again.json().results).toEqual([{ id: ok.id, status: 'duplicate' }]);
    const rows = await rowsAfter(before);
    expect(rows.map((r) => r.pupil_id)).toEqual([ok.pupilId]);
  });

  it('refuses more than 500 views, unknown fields and a missing token, writing nothing', async () => {
    const before = await lastId();
    const view = () => ({ id: randomUUID(), pupilId: randomUUID(), at: new Date().toISOString() });
    expect((await api(sanne.accessToken, 'POST', '/api/audit/views', { views: Array.from({ length: 501 }, view) })).statusCode).toBe(400);
    expect((await api(sanne.accessToken, 'POST', '/api/audit/views', { views: [{ ...view(), extra: 1 }] })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/audit/views', payload: { views: [] } })).statusCode).toBe(401);
    expect(await rowsAfter(before)).toHaveLength(0);
  });
});

describe('Wie zag dit dossier', () => {
  it('lists every access to one pupil (time, user name, role, device, action) for the beheerder, and logs the look-up', async () => {
    const p = createPupil(school(2));
    await push(t.app, sanne.accessToken, [p]);
    await pullAll(t.app, sanne.accessToken);
    await api(sanne.accessToken, 'POST', '/api/audit/views', {
      views: [{ id: randomUUID(), pupilId: p.recordId, at: new Date().toISOString() }],
    });
    const res = await api(beheer.accessToken, 'GET', `/api/audit/pupils/${p.recordId}`);
    expect(res.statusCode).toBe(200);
    const { entries } = res.json() as {
      entries: { userName: string; role: string; action: string; actionLabel: string; deviceName: string; via: string | null }[];
    };
    expect(entries.map((e) => [e.action, e.userName, e.role, e.deviceName, e.via])).toEqual([
      ['read', 'Sanne de Vries', 'jeugdprofessional', 'Telefoon van sanne', 'device'],
      ['read', 'Sanne de Vries', 'jeugdprofessional', 'Telefoon van sanne', 'pull'],
      ['create', 'Sanne de Vries', 'jeugdprofessional', 'Telefoon van sanne', null],
    ]);
    expect(entries[0]!.actionLabel).toBe('Ingezien');
    const again = (await api(beheer.accessToken, 'GET', `/api/audit/pupils/${p.recordId}`)).json() as {
      entries: { action: string; userName: string }[];
    };
    expect(again.entries[0]).toMatchObject({ action: 'search', userName: 'Peter Visser' });
  });

  it("records on whose behalf the beheerder looked (an inzageverzoek) in the look-up's own row; bad values are refused", async () => {
    const p = createPupil(school(2));
    await push(t.app, sanne.accessToken, [p]);
    const namens = 'Ouder van de leerling, inzageverzoek 2026-14';
    const res = await api(beheer.accessToken, 'GET', `/api/audit/pupils/${p.recordId}?namens=${encodeURIComponent(`  ${namens} `)}`);
    expect(res.statusCode).toBe(200);
    const again = (await api(beheer.accessToken, 'GET', `/api/audit/pupils/${p.recordId}`)).json() as {
      entries: { action: string; onBehalfOf: string | null }[];
    };
    // The look-up's own row is written after it read the log: the second look-up shows the first.
    expect(again.entries[0]).toMatchObject({ action: 'search', onBehalfOf: namens });
    const exp = await api(
      beheer.accessToken,
      'GET',
      `/api/audit/export?from=2026-01-01&to=2026-01-31&namens=${encodeURIComponent(namens)}`,
    );
    expect(exp.statusCode).toBe(200);
    const { rows } = await t.db.query<{ on_behalf_of: string }>(
      "SELECT on_behalf_of FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]!.on_behalf_of).toBe(namens);

    const before = await lastId();
    const tooLong = await api(beheer.accessToken, 'GET', `/api/audit/pupils/${p.recordId}?namens=${'x'.repeat(201)}`);
    expect(tooLong.statusCode).toBe(400);
    expect(JSON.stringify(tooLong.json())).toMatch(/maximaal 200 tekens/);
    expect((await api(beheer.accessToken, 'GET', `/api/audit/pupils/${p.recordId}?wie=x`)).statusCode).toBe(400);
    expect(await rowsAfter(before)).toHaveLength(0);
  });

  it('is for the beheerder only: others get 403 and only the refusal is logged', async () => {
    const before = await lastId();
    for (const who of [sanne, ib]) {
      const res = await api(who.accessToken, 'GET', `/api/audit/pupils/${randomUUID()}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toMatch(/beheerder/);
    }
    expect((await api(sanne.accessToken, 'GET', '/api/audit/export?from=2026-01-01&to=2026-01-31')).statusCode).toBe(403);
    expect((await rowsAfter(before)).map((r) => [r.action, r.user_id])).toEqual([
      ['refused', sanne.user.id],
      ['refused', ib.user.id],
      ['refused', sanne.user.id],
    ]);
  });

  it('exports a period as CSV (semicolons, UTF-8 with BOM) and writes an export row', async () => {
    // Tomorrow (UTC): the period is in Dutch days, which run ahead of UTC.
    const today = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const before = await lastId();
    const inPeriod = await count(t.db, 'SELECT count(*)::int AS n FROM audit_log');
    const res = await api(beheer.accessToken, 'GET', `/api/audit/export?from=${from}&to=${today}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="logboek-${from}-tot-en-met-${today}.csv"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Tijdstip (Nederlandse tijd);Gebruiker;Rol;Toestel;Actie;Soort gegeven;Record;Leerling (dossiernummer);Namens;IP-adres;Details',
    );
    expect(lines).toHaveLength(inPeriod + 1);
    expect(lines.some((l) => l.includes(';Sanne de Vries;jeugdprofessional;Telefoon van sanne;Ingezien;pupil;'))).toBe(true);
    const rows = await rowsAfter(before);
    expect(rows).toMatchObject([{ action: 'export', user_id: beheer.user.id, detail: { from, to: today, rows: inPeriod } }]);
    const none = await api(beheer.accessToken, 'GET', '/api/audit/export?from=2001-01-01&to=2001-01-31');
    expect(
      none.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n'),
    ).toHaveLength(1);
    expect((await api(beheer.accessToken, 'GET', '/api/audit/export?from=2026-02-01&to=2026-01-01')).statusCode).toBe(400);
    expect((await api(beheer.accessToken, 'GET', '/api/audit/export?from=2024-01-01&to=2026-01-01')).statusCode).toBe(400);
  });
});

describe('append-only', () => {
  it('the audit table refuses UPDATE, DELETE and TRUNCATE, also inside a transaction', async () => {
    const n = await count(t.db, 'SELECT count(*)::int AS n FROM audit_log');
    await expect(t.db.query("UPDATE audit_log SET action = 'read' WHERE id = (SELECT max(id) FROM audit_log)")).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.query('DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    await expect(t.db.transaction((tx) => tx.query('DELETE FROM audit_log'))).rejects.toThrow(/append-only/);
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM audit_log')).toBe(n);
  });
});
