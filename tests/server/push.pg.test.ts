import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createPupil, createSignal, login, pull, push, school, setup, update, type LoggedIn, type TestApp } from './helpers';
import { unavailableReason } from '../../src/server/sync/pushPlan';

let t: TestApp;
let sanne: LoggedIn;
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
});
afterAll(() => t.cleanup());

const records = () => count(t.db, 'SELECT count(*)::int AS n FROM records');
// I3: an applied mutation is its audit row (008: audit_log.mutation_id).
const applied = () => count(t.db, 'SELECT count(*)::int AS n FROM audit_log WHERE mutation_id IS NOT NULL');
const maxSeq = () => count(t.db, 'SELECT coalesce(max(version), 0)::int AS n FROM records');

describe('push', () => {
  it('applies creates and updates, each with the next seq as its version', async () => {
    const before = await maxSeq();
    const p = createPupil(school(1));
    const s = createSignal(school(1), p.recordId);
    const u = update('signal', s.recordId, { seriousness: 'acuut' }, 0);
    const res = await push(t.app, sanne.accessToken, [p, s, u]);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { mutationId: p.id, status: 'applied', version: before + 1 },
      { mutationId: s.id, status: 'applied', version: before + 2 },
      { mutationId: u.id, status: 'applied', version: before + 3 },
    ]);
    const { changes } = await pull(t.app, sanne.accessToken, String(before));
    expect(changes.map((c) => c.seq)).toEqual([before + 1, before + 3]);
    expect(changes[1]?.record).toMatchObject({
      id: s.recordId,
      seriousness: 'acuut',
      version: before + 3,
      createdBy: sanne.user.id,
      deleted: false,
    });
  });

  it('"Opgevolgd" is a field like any other: applied, pulled, and a bad date refused', async () => {
    const p = createPupil(school(1));
    const s = createSignal(school(1), p.recordId);
    const done = update('signal', s.recordId, { followedUpOn: '2026-11-23' }, 0);
    const bad = update('signal', s.recordId, { followedUpOn: 'morgen' }, 0);
    const res = await push(t.app, sanne.accessToken, [p, s, done, bad]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected']);
    const { changes } = await pull(t.app, sanne.accessToken);
    expect(changes.find((c) => c.record.id === s.recordId)?.record).toMatchObject({ followedUpOn: '2026-11-23' });
  });

  it('I3: the same batch pushed twice is applied once; the second answer is duplicate', async () => {
    const batch = [createPupil(school(2)), createPupil(school(2))];
    const first = await push(t.app, sanne.accessToken, batch);
    const [r0, n0] = [await records(), await applied()];
    const second = await push(t.app, sanne.accessToken, batch);
    expect(second.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(second.body.results.map((r) => r.version)).toEqual(first.body.results.map((r) => r.version));
    expect([await records(), await applied()]).toEqual([r0, n0]);
  });

  it('I3: the same batch pushed concurrently is applied once', async () => {
    const batch = Array.from({ length: 20 }, () => createPupil(school(3)));
    const [r0, n0] = [await records(), await applied()];
    const answers = await Promise.all(Array.from({ length: 5 }, () => push(t.app, sanne.accessToken, batch)));
    for (const a of answers) expect(a.status).toBe(200);
    const statuses = answers.map((a) => a.body.results.map((r) => r.status));
    // Exactly one copy applied each mutation; the others saw it as duplicate.
    for (let i = 0; i < batch.length; i++) {
      expect(statuses.filter((s) => s[i] === 'applied')).toHaveLength(1);
      expect(statuses.filter((s) => s[i] === 'duplicate')).toHaveLength(4);
    }
    expect([await records(), await applied()]).toEqual([r0 + 20, n0 + 20]);
  });

  it('I3: the unique audit_log_mutation index refuses a second row for an applied mutation (008)', async () => {
    const m = createPupil(school(2));
    expect((await push(t.app, sanne.accessToken, [m])).body.results[0]?.status).toBe('applied');
    const { rows } = await t.db.query<{ user_id: string; device_id: string; record_id: string }>(
      'SELECT user_id, device_id, record_id FROM audit_log WHERE mutation_id = $1',
      [m.id],
    );
    expect(rows).toEqual([{ user_id: sanne.user.id, device_id: expect.any(String), record_id: m.recordId }]);
    await expect(
      t.db.query(
        "INSERT INTO audit_log (user_id, role, action, entity, record_id, pupil_id, mutation_id) VALUES ($1, 'jeugdprofessional', 'create', 'pupil', $2, $2, $3)",
        [sanne.user.id, m.recordId, m.id],
      ),
    ).rejects.toThrow(/audit_log_mutation/);
  });

  it('a mutation repeated inside one batch is applied once', async () => {
    const p = createPupil(school(1));
    const res = await push(t.app, sanne.accessToken, [p, p]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'duplicate']);
  });

  it('rejects bad mutations with a Dutch reason, writes nothing for them, and applies the rest', async () => {
    const good = createPupil(school(1));
    const bsn = createPupil(school(1), { initials: '123456782' });
    const badDate = createSignal(school(1), good.recordId, { date: '2026-13-45' });
    const missing = createSignal(school(1), good.recordId);
    delete (missing.changes as Record<string, unknown>).description;
    const unknownField = createPupil(school(1), { bsn: '1' });
    const otherSchool = createPupil(school(4));
    const noSchool = createPupil(school(1));
    delete (noSchool.changes as Record<string, unknown>).schoolId;
    const updateMissing = update('pupil', randomUUID(), { group: 'groep 1' }, 0);
    const badUpdate = update('pupil', good.recordId, { birthYear: 1900 }, 0);
    const unknownUpdate = update('pupil', good.recordId, { version: 5 }, 0);
    const wrongEntity = update('signal', good.recordId, { description: 'abc' }, 0);
    const extraKey = { ...createPupil(school(1)), extra: true };
    const badKind = { ...createPupil(school(1)), kind: 'delete' };
    const badResolve = update('pupil', good.recordId, { _resolveConflicts: ['x'] }, 0);
    // Names every object has (Object.prototype) are no fields either: an update with one was a 500.
    const inheritedCreate = createPupil(school(1), { toString: 'x' });
    const inheritedUpdate = update('pupil', good.recordId, { constructor: 'x' }, 0);
    const [r0, n0, s0] = [await records(), await applied(), await maxSeq()];
    const res = await push(t.app, sanne.accessToken, [
      bsn,
      badDate,
      missing,
      unknownField,
      otherSchool,
      noSchool,
      updateMissing,
      good,
      badUpdate,
      unknownUpdate,
      wrongEntity,
      extraKey,
      badKind,
      badResolve,
      inheritedCreate,
      inheritedUpdate,
    ]);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.results.map((r) => [r.mutationId, r]));
    const reason = (m: { id: string }) => byId.get(m.id)?.reason ?? '';
    expect(byId.get(good.id)?.status).toBe('applied');
    expect(res.body.results.filter((r) => r.status === 'rejected')).toHaveLength(15);
    expect(reason(bsn)).toContain('BSN');
    expect(reason(badDate)).toContain('Vul een geldige datum in');
    expect(reason(missing)).toContain('description');
    expect(reason(unknownField)).toBe('Onbekend veld: bsn');
    expect(reason(otherSchool)).toContain('Je werkt niet voor deze school');
    expect(reason(noSchool)).toContain('Kies een school');
    expect(reason(updateMissing)).toBe(unavailableReason);
    expect(reason(badUpdate)).toMatch(/^birthYear: Het geboortejaar moet \d+ of later zijn$/);
    expect(reason(unknownUpdate)).toBe('Onbekend veld: version');
    expect(reason(wrongEntity)).toContain('ander soort');
    expect(reason(extraKey)).toBe('Onbekend veld in de mutatie: extra');
    expect(reason(badKind)).toContain('Ongeldige mutatie: kind');
    expect(reason(badResolve)).toContain('_resolveConflicts');
    expect(reason(inheritedCreate)).toBe('Onbekend veld: toString');
    expect(reason(inheritedUpdate)).toBe('Onbekend veld: constructor');
    // Only the good one was written.
    expect([await records(), await applied()]).toEqual([r0 + 1, n0 + 1]);
    expect(await maxSeq()).toBeGreaterThan(s0);
    // A rejected mutation can be fixed and pushed again under the same id: it was not recorded as applied.
    const fixed = { ...bsn, changes: { ...bsn.changes, initials: 'B.S.' } };
    expect((await push(t.app, sanne.accessToken, [fixed])).body.results[0]?.status).toBe('applied');
  });

  it('rejects writes by roles that may not record, and moving a record to a school that is not yours', async () => {
    for (const username of ['ib.springplank', 'coordinator', 'beheer']) {
      const who = await login(t.app, username);
      const res = await push(t.app, who.accessToken, [createPupil(school(1))]);
      expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('rol') });
    }
    const p = createPupil(school(1));
    await push(t.app, sanne.accessToken, [p]);
    const move = await push(t.app, sanne.accessToken, [update('pupil', p.recordId, { schoolId: school(5) }, 0)]);
    expect(move.body.results[0]?.status).toBe('rejected');
    const ahmed = await login(t.app, 'ahmed');
    const steal = await push(t.app, ahmed.accessToken, [update('pupil', p.recordId, { group: 'groep 8' }, 0)]);
    // Another team's record: the same answer as for an id that does not exist.
    expect(steal.body.results[0]).toMatchObject({ status: 'rejected', reason: unavailableReason });
  });

  it('a record id that already exists is not overwritten by another create: it merges as a conflict', async () => {
    const p = createPupil(school(1), { initials: 'Eerst' });
    await push(t.app, sanne.accessToken, [p]);
    const phone2 = await login(t.app, 'sanne');
    const again = { ...p, id: randomUUID(), changes: { ...p.changes, initials: 'Tweede' } };
    const res = await push(t.app, phone2.accessToken, [again]);
    expect(res.body.results[0]?.status).toBe('conflict');
    const { changes } = await pull(t.app, sanne.accessToken, String((res.body.results[0]?.version ?? 1) - 1));
    const change = changes.find((c) => c.record.id === p.recordId);
    expect(change?.record.initials).toBe('Tweede');
    expect(change?.conflicts).toEqual([expect.objectContaining({ field: 'initials', value: 'Eerst' })]);
  });

  it('writes an audit entry per applied mutation', async () => {
    const p = createPupil(school(2));
    await push(t.app, sanne.accessToken, [p]);
    const { rows } = await t.db.query<{ user_id: string; device_id: string; action: string }>(
      'SELECT user_id, device_id, action FROM audit_log WHERE record_id = $1',
      [p.recordId],
    );
    expect(rows).toEqual([{ user_id: sanne.user.id, device_id: sanne.deviceId, action: 'create' }]);
  });

  it('426 "Werk de app bij" for an unsupported protocol version, on push and pull, before anything else', async () => {
    const old = await t.app.inject({ method: 'POST', url: '/api/sync/push', payload: { protocolVersion: 0, whatever: 1 } });
    expect(old.statusCode).toBe(426);
    expect(old.json()).toEqual({ error: 'upgrade_required', message: 'Werk de app bij' });
    // Version 1 knew neither `purged` nor `scopeKey`: such a phone would keep what its user may no
    // longer read, so it is sent to update before it syncs again.
    const v1 = await t.app.inject({ method: 'GET', url: '/api/sync/pull', headers: { 'x-protocol-version': '1' } });
    expect(v1.statusCode).toBe(426);
    const future = await t.app.inject({ method: 'GET', url: '/api/sync/pull', headers: { 'x-protocol-version': '3' } });
    expect(future.statusCode).toBe(426);
    const missing = await t.app.inject({ method: 'GET', url: '/api/sync/pull', headers: { authorization: `Bearer ${sanne.accessToken}` } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('protocolVersion');
  });
});
