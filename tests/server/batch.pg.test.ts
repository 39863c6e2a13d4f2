// A push is applied per batch (src/server/sync/push.ts + pushPlan.ts), with the same answers as
// applying its mutations one by one: same-record mutations in order, each seeing the previous one's
// result; duplicates inside one batch (I3); a rejected mutation writes nothing and stops nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPush } from '../../src/server/sync/push';
import { count, createPupil, login, observed, pull, pullAll, push, school, setup, update, type LoggedIn, type TestApp } from './helpers';

let t: TestApp;
let sanne: LoggedIn;
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
});
afterAll(() => t.cleanup());

const maxSeq = () => count(t.db, 'SELECT coalesce(max(version), 0)::int AS n FROM records');

async function audit(recordId: string) {
  const { rows } = await t.db.query<{ action: string; detail: { mutationId: string; seq: number; fields: string[]; resolved: number } }>(
    'SELECT action, detail FROM audit_log WHERE record_id = $1 ORDER BY id',
    [recordId],
  );
  return rows;
}

async function latest(recordId: string) {
  const { changes } = await pullAll(t.app, sanne.accessToken);
  return changes.filter((c) => c.record.id === recordId).at(-1)!;
}

describe('push per batch', () => {
  it('same record in one batch: applied in order, a no-op takes no seq, one final row at the last seq', async () => {
    const before = await maxSeq();
    const p = createPupil(school(1), { group: 'groep 3' });
    const u1 = update('pupil', p.recordId, { group: 'groep 4' }, 0);
    const same = update('pupil', p.recordId, { group: 'groep 4' }, 0); // MG3: not a change
    const u2 = update('pupil', p.recordId, { initials: 'Z.Z.' }, 0);
    const res = await push(t.app, sanne.accessToken, [p, u1, same, u2]);
    expect(res.body.results).toEqual([
      { mutationId: p.id, status: 'applied', version: before + 1 },
      { mutationId: u1.id, status: 'applied', version: before + 2 },
      { mutationId: same.id, status: 'applied', version: before + 2 },
      { mutationId: u2.id, status: 'applied', version: before + 3 },
    ]);
    const c = await latest(p.recordId);
    expect(c.seq).toBe(before + 3);
    expect(c.record).toMatchObject({ group: 'groep 4', initials: 'Z.Z.', version: before + 3, deleted: false });
    expect((await audit(p.recordId)).map((a) => [a.action, a.detail.seq, a.detail.fields])).toEqual([
      ['create', before + 1, expect.arrayContaining(['group', 'initials'])],
      ['update', before + 2, ['group']],
      ['update', before + 2, []],
      ['update', before + 3, ['initials']],
    ]);
    // Field metadata holds real seqs, so a later edit from another device merges against them.
    const laptop = await login(t.app, 'sanne');
    const other = await push(t.app, laptop.accessToken, [update('pupil', p.recordId, { group: 'groep 5' }, before + 1)]);
    expect(other.body.results[0]?.status).toBe('conflict');
  });

  it("I3: a mutation repeated inside one batch answers duplicate with the first copy's version", async () => {
    const p = createPupil(school(1));
    const u = update('pupil', p.recordId, { group: 'groep 6' }, 0);
    const res = await push(t.app, sanne.accessToken, [p, u, p, u]);
    const [v0, v1] = [res.body.results[0]?.version, res.body.results[1]?.version];
    expect(res.body.results.map((r) => [r.status, r.version])).toEqual([
      ['applied', v0],
      ['applied', v1],
      ['duplicate', v0],
      ['duplicate', v1],
    ]);
    expect(
      await count(t.db, 'SELECT count(*)::int AS n FROM audit_log WHERE mutation_id IS NOT NULL AND record_id = $1', [p.recordId]),
    ).toBe(2);
    expect(await audit(p.recordId)).toHaveLength(2);
  });

  it('a copy of a mutation that was rejected earlier in the batch is judged again, on the state it meets', async () => {
    const p = createPupil(school(1));
    const u = update('pupil', p.recordId, { group: 'groep 7' }, 0);
    const res = await push(t.app, sanne.accessToken, [u, p, u]);
    expect(res.body.results.map((r) => r.status)).toEqual(['rejected', 'applied', 'applied']);
    expect((await latest(p.recordId)).record.group).toBe('groep 7');
  });

  it('rejected mutations in a same-record sequence write nothing and stop nothing; seqs stay contiguous', async () => {
    const before = await maxSeq();
    const p = createPupil(school(1));
    const bad = update('pupil', p.recordId, { birthYear: 1900 }, 0);
    const move = update('pupil', p.recordId, { schoolId: school(2) }, 0);
    const steal = update('pupil', p.recordId, { schoolId: school(5) }, 0);
    const after = update('pupil', p.recordId, { group: 'groep 8' }, 0);
    const res = await push(t.app, sanne.accessToken, [p, bad, move, steal, after]);
    expect(res.body.results.map((r) => [r.status, r.version])).toEqual([
      ['applied', before + 1],
      ['rejected', undefined],
      ['applied', before + 2],
      ['rejected', undefined],
      ['applied', before + 3],
    ]);
    const c = await latest(p.recordId);
    expect(c.record).toMatchObject({ schoolId: school(2), group: 'groep 8', version: before + 3 });
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM records WHERE id = $1 AND school_id = $2', [p.recordId, school(2)])).toBe(1);
    const rows = await audit(p.recordId);
    expect(rows.filter((a) => a.action !== 'refused').map((a) => a.detail.mutationId)).toEqual([p.id, move.id, after.id]);
    // The attempt to move it to a school that is not hers is kept as a refusal (audit/refusals.ts).
    expect(rows.filter((a) => a.action === 'refused').map((a) => a.detail.mutationId)).toEqual([steal.id]);
  });

  it('a conflict resolved twice in one batch is resolved once; the second is a no-op', async () => {
    const p = createPupil(school(1), { group: 'groep 1' });
    const first = await push(t.app, sanne.accessToken, [p]);
    const base = first.body.results[0]!.version!;
    const laptop = await login(t.app, 'sanne');
    await push(t.app, sanne.accessToken, [update('pupil', p.recordId, { group: 'groep 2' }, base)]);
    await push(t.app, laptop.accessToken, [update('pupil', p.recordId, { group: 'groep 3' }, base)]);
    const c = await latest(p.recordId);
    expect(c.conflicts).toHaveLength(1);
    const ids = [c.conflicts[0]!.id.toUpperCase()];
    const r1 = update('pupil', p.recordId, { _resolveConflicts: ids }, c.seq);
    const r2 = update('pupil', p.recordId, { _resolveConflicts: ids }, c.seq);
    const res = await push(t.app, laptop.accessToken, [r1, r2]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(res.body.results[1]?.version).toBe(res.body.results[0]?.version);
    expect((await audit(p.recordId)).slice(-2).map((a) => a.detail.resolved)).toEqual([1, 0]);
    const after = await latest(p.recordId);
    expect(after.conflicts).toEqual([]);
    expect(after.seq).toBe(res.body.results[0]?.version);
  });

  it('ids are uuids, not strings: upper and lower case name the same mutation and the same record', async () => {
    const p = createPupil(school(1));
    const upper = { ...p, id: p.id.toUpperCase(), recordId: p.recordId.toUpperCase() };
    const u = update('pupil', p.recordId, { group: 'groep 2' }, 0);
    const res = await push(t.app, sanne.accessToken, [upper, u, { ...p }]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'duplicate']);
    const again = await push(t.app, sanne.accessToken, [p]);
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', version: res.body.results[0]?.version });
  });

  it('a batch of the same device that creates, edits and deletes many records is one pull page of final states', async () => {
    const { cursor } = await pullAll(t.app, sanne.accessToken);
    const creates = Array.from({ length: 30 }, (_, i) => createPupil(school(1 + (i % 3))));
    const edits = creates.map((c, i) => update('pupil', c.recordId, i % 2 ? { deleted: true } : { group: 'groep 1' }, 0));
    const ids = new Set(creates.map((c) => c.recordId));
    const res = await push(t.app, sanne.accessToken, [
      ...creates,
      ...edits,
      createPupil(school(1), { bsn: '1' }),
      update('pupil', randomUUID(), { group: 'x' }, 0),
    ]);
    expect(res.body.results.filter((r) => r.status === 'applied')).toHaveLength(60);
    const page = await pull(t.app, sanne.accessToken, cursor);
    expect(page.changes.map((c) => c.record.id)).toEqual(creates.map((c) => c.recordId));
    expect(page.changes.every((c, i) => (i % 2 ? c.record.deleted === true : c.record.group === 'groep 1'))).toBe(true);
    expect(page.changes.every((c) => ids.has(String(c.record.id)))).toBe(true);
  });
  it("updatedAt is the latest createdAt of the mutations that changed the record; createdAt is the create's", async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString();
    const stamp = <M extends { createdAt: string }>(m: M, minute: number): M => ({ ...m, createdAt: at(minute) });
    const alone = stamp(createPupil(school(1)), 1);
    const edited = stamp(createPupil(school(1)), 2);
    const old = stamp(createPupil(school(1)), 3);
    await push(t.app, sanne.accessToken, [old]);
    const res = await push(t.app, sanne.accessToken, [
      alone,
      edited,
      // a later edit of a new record, then one stamped earlier (a device clock): the greatest counts
      stamp(update('pupil', edited.recordId, { group: 'groep 6' }, 0), 9),
      stamp(update('pupil', edited.recordId, { initials: 'Q.Q.' }, 0), 5),
      // an existing record changed once, and a no-op after it that changes nothing
      stamp(update('pupil', old.recordId, { group: 'groep 8' }, 0), 7),
      stamp(update('pupil', old.recordId, { group: 'groep 8' }, 0), 30),
    ]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    const times = async (recordId: string) => {
      const { record } = await latest(recordId);
      return [record.createdAt, record.updatedAt];
    };
    expect(await times(alone.recordId)).toEqual([at(1), at(1)]);
    expect(await times(edited.recordId)).toEqual([at(2), at(9)]);
    expect(await times(old.recordId)).toEqual([at(3), at(7)]);
  });

  it('holds the change lock for three statements: the lock, one read, one write (every one makes other pushes wait)', async () => {
    const inside: string[] = [];
    const counting = observed(t.db, (sql, inTransaction, run) => {
      if (inTransaction) inside.push(sql.trim().split(/\s+/).slice(0, 2).join(' '));
      return run();
    });
    const actor = { id: sanne.user.id, role: 'jeugdprofessional' as const, schoolIds: sanne.user.schools.map((s) => s.id) };
    const p = createPupil(school(1));
    const first = await push(t.app, sanne.accessToken, [createPupil(school(1)), p]);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // A batch with a create, an update and a duplicate.
    const results = await applyPush(counting, { actor, deviceId: sanne.deviceId }, [
      createPupil(school(2)),
      update('pupil', p.recordId, { group: 'groep 8' }, 0),
      p,
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'duplicate']);
    expect(inside).toEqual(['SELECT pg_advisory_xact_lock($1)', 'WITH applied', 'WITH w0']);
    expect((await latest(p.recordId)).record).toMatchObject({ group: 'groep 8' });
  });

  it('the audit row names the pupil of the record after the batch: a consultation made anonymous is audited without its pupil', async () => {
    const p = createPupil(school(1));
    const consultation = {
      id: randomUUID(),
      entity: 'consultation' as const,
      recordId: randomUUID(),
      kind: 'create' as const,
      baseVersion: 0,
      createdAt: new Date().toISOString(),
      changes: {
        schoolId: school(1),
        pupilId: p.recordId,
        withWhom: 'ib',
        date: '2026-11-30',
        question: 'Hoe verder met verzuim?',
        advice: '',
        followUpDate: null,
      },
    };
    const created = await push(t.app, sanne.accessToken, [p, consultation]);
    expect(created.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const anonymous = await push(t.app, sanne.accessToken, [
      update('consultation', consultation.recordId, { pupilId: null }, created.body.results[1]!.version!),
    ]);
    expect(anonymous.body.results[0]?.status).toBe('applied');
    const { rows } = await t.db.query<{ action: string; pupil_id: string | null }>(
      'SELECT action, pupil_id FROM audit_log WHERE record_id = $1 ORDER BY id',
      [consultation.recordId],
    );
    expect(rows).toEqual([
      { action: 'create', pupil_id: p.recordId },
      { action: 'update', pupil_id: null },
    ]);
  });
});
