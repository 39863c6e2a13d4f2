// Retention: a record past its term becomes a tombstone on the server (data emptied, new
// seq), devices remove it through pull, kept conflicts go, every removal is audited, and nothing can
// write to it again.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchoolnabijDB } from '../../src/app/db/db';
import { DexieSyncStore } from '../../src/app/sync/dexieStore';
import { syncOnce } from '../../src/app/sync/engine';
import type { SyncTransport } from '../../src/app/sync/types';
import { runRetention, retentionTerms } from '../../src/server/retention/run';
import {
  count,
  createPupil,
  createSignal,
  login,
  observed,
  onPostgres,
  pull,
  pullAll,
  push,
  school,
  setup,
  update,
  type LoggedIn,
  type TestApp,
} from './helpers';

let t: TestApp;
let sanne: LoggedIn;
let sanne2: LoggedIn;
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
  sanne2 = await login(t.app, 'sanne');
});
afterAll(() => t.cleanup());

const transport = (token: string): SyncTransport => ({
  push: async (mutations) => {
    const res = await push(t.app, token, mutations);
    if (res.status !== 200) throw new Error(`push ${res.status}`);
    return res.body;
  },
  pull: (cursor, limit) => pull(t.app, token, cursor, limit),
});

const age = (ids: string[], interval: string) =>
  t.db.query(`UPDATE records SET updated_at = now() - $2::interval WHERE id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)`, [
    JSON.stringify(ids),
    interval,
  ]);

describe('retention', () => {
  it('has a documented default term per record type about pupils', async () => {
    const terms = await retentionTerms(t.db);
    expect(Object.fromEntries(terms.map((x) => [x.entity, x.months]))).toEqual({
      pupil: 240,
      signal: 240,
      contact: 240,
      meldcode: 240,
      consultation: 24,
      consultationRequest: 24,
      consultationNote: 24,
      consent: 240,
      family: 240,
      absence: 60,
      verzuimroute: 240,
      mdoMeeting: 240,
      mdoItem: 240,
      mdoAgreement: 240,
      wachtlijst: 240,
    });
    for (const term of terms) expect(term.source).toMatch(/Jeugdwet|AVG/);
  });

  it('term passed: tombstone with a new seq, conflicts removed, audit rows; the device removes it on its next sync', async () => {
    const p = createPupil(school(1), { initials: 'R.T.' });
    const s = createSignal(school(1), p.recordId, { description: 'Bewaartermijn-signaal' });
    const created = await push(t.app, sanne.accessToken, [p, s]);
    const base = created.body.results[0]!.version!;
    // A kept conflict on the pupil: two devices change the same field from the same base.
    await push(t.app, sanne.accessToken, [update('pupil', p.recordId, { group: 'groep 5' }, base)]);
    await push(t.app, sanne2.accessToken, [update('pupil', p.recordId, { group: 'groep 6' }, base)]);
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM conflicts WHERE record_id = $1', [p.recordId])).toBe(1);

    const device = new SchoolnabijDB(`retention-${randomUUID()}`);
    await device.open();
    try {
      const store = new DexieSyncStore(device);
      await syncOnce(store, transport(sanne.accessToken));
      expect(await device.pupils.get(p.recordId)).toMatchObject({ initials: 'R.T.' });
      expect(await device.signals.get(s.recordId)).toMatchObject({ description: 'Bewaartermijn-signaal' });
      expect(await device.conflicts.where('recordId').equals(p.recordId).count()).toBe(1);
      const otherPupils = await device.pupils.count();

      const maxBefore = await count(t.db, 'SELECT max(version)::int AS n FROM records');
      const auditBefore = await count(t.db, 'SELECT max(id)::int AS n FROM audit_log');
      // 21 years without a change: past the 20-year term of both.
      await age([p.recordId, s.recordId], '21 years');
      const result = await runRetention(t.db);
      expect(result).toMatchObject({ skipped: false, purged: 2, byEntity: { signal: 1, pupil: 1 } });

      const { rows } = await t.db.query<{ id: string; data: unknown; deleted: boolean; version: number; purged: boolean }>(
        'SELECT id, data, deleted, version, purged_at IS NOT NULL AS purged FROM records WHERE id IN ($1, $2) ORDER BY version',
        [p.recordId, s.recordId],
      );
      // The signal goes first, then the pupil (only once nothing about them is left), each with a new seq.
      expect(rows).toEqual([
        { id: s.recordId, data: { schoolId: school(1), deleted: true }, deleted: true, version: maxBefore + 1, purged: true },
        { id: p.recordId, data: { schoolId: school(1), deleted: true }, deleted: true, version: maxBefore + 2, purged: true },
      ]);
      expect(await count(t.db, 'SELECT count(*)::int AS n FROM conflicts WHERE record_id = $1', [p.recordId])).toBe(0);
      const audit = await t.db.query<{
        action: string;
        entity: string;
        record_id: string;
        pupil_id: string;
        user_id: string | null;
        detail: { reason: string; termMonths: number };
      }>('SELECT action, entity, record_id, pupil_id, user_id, detail FROM audit_log WHERE id > $1 ORDER BY id', [auditBefore]);
      expect(audit.rows.map((r) => [r.action, r.entity, r.record_id, r.pupil_id, r.user_id, r.detail.reason, r.detail.termMonths])).toEqual(
        [
          ['delete', 'signal', s.recordId, p.recordId, null, 'retention', 240],
          ['delete', 'pupil', p.recordId, p.recordId, null, 'retention', 240],
        ],
      );

      // The pull carries them as purged, without data, and writes no read rows for them.
      const readsBefore = await count(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'read'");
      const cursor = await store.cursor();
      const page = await pull(t.app, sanne.accessToken, cursor);
      expect(page.changes.map((c) => [c.record.id, c.purged, c.record.description, c.record.initials])).toEqual([
        [s.recordId, true, undefined, undefined],
        [p.recordId, true, undefined, undefined],
      ]);
      expect(await count(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'read'")).toBe(readsBefore);

      await syncOnce(store, transport(sanne.accessToken));
      expect(await device.pupils.get(p.recordId)).toBeUndefined();
      expect(await device.signals.get(s.recordId)).toBeUndefined();
      expect(await device.conflicts.where('recordId').equals(p.recordId).count()).toBe(0);
      expect(await device.pupils.count()).toBe(otherPupils - 1);

      // Nobody writes to it again.
      const late = await push(t.app, sanne2.accessToken, [update('pupil', p.recordId, { group: 'groep 7' }, base)]);
      expect(late.body.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/bewaartermijn/) });
      const recreate = await push(t.app, sanne2.accessToken, [{ ...createPupil(school(1)), recordId: p.recordId }]);
      expect(recreate.body.results[0]).toMatchObject({ status: 'rejected' });
      expect((await t.db.query<{ data: unknown }>('SELECT data FROM records WHERE id = $1', [p.recordId])).rows[0]!.data).toEqual({
        schoolId: school(1),
        deleted: true,
      });
    } finally {
      await device.delete();
    }
  });

  it('a pupil past the term stays while something about them is still within its term', async () => {
    const p = createPupil(school(2));
    const s = createSignal(school(2), p.recordId);
    await push(t.app, sanne.accessToken, [p, s]);
    await age([p.recordId], '21 years');
    await age([s.recordId], '19 years');
    const result = await runRetention(t.db);
    expect(result.purged).toBe(0);
    expect(
      await count(t.db, 'SELECT count(*)::int AS n FROM records WHERE id IN ($1, $2) AND purged_at IS NULL', [p.recordId, s.recordId]),
    ).toBe(2);
  });

  it('terms are configurable per record type; a second run finds nothing more; concurrent runs remove each record once', async () => {
    const p = createPupil(school(3));
    const signals = [createSignal(school(3), p.recordId), createSignal(school(3), p.recordId), createSignal(school(3), p.recordId)];
    await push(t.app, sanne.accessToken, [p, ...signals]);
    await age(
      signals.map((x) => x.recordId),
      '13 months',
    );
    expect((await runRetention(t.db)).purged).toBe(0);
    await t.db.query("UPDATE retention_terms SET months = 12 WHERE entity = 'signal'");
    try {
      const deletes = () => count(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'delete'");
      const before = await deletes();
      const [a, b] = await Promise.all([runRetention(t.db, { batch: 1 }), runRetention(t.db, { batch: 1 })]);
      // Every removal once: as many audit rows as the two runs report together (the earlier test's
      // 19-year-old signal and then its pupil go too, now that signals keep 12 months).
      expect(await deletes()).toBe(before + a.purged + b.purged);
      expect(a.purged + b.purged).toBe(5);
      const { rows } = await t.db.query<{ record_id: string; n: number }>(
        `SELECT record_id, count(*)::int AS n FROM audit_log WHERE action = 'delete'
          AND record_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid) GROUP BY record_id`,
        [JSON.stringify(signals.map((x) => x.recordId))],
      );
      expect(rows.map((r) => r.n)).toEqual([1, 1, 1]);
      expect((await runRetention(t.db)).purged).toBe(0);
      // The pupil itself is young: kept.
      expect(await count(t.db, 'SELECT count(*)::int AS n FROM records WHERE id = $1 AND purged_at IS NULL', [p.recordId])).toBe(1);
    } finally {
      await t.db.query("UPDATE retention_terms SET months = 240 WHERE entity = 'signal'");
    }
  });

  it('a device that pulls from the start after a purge never receives the data', async () => {
    const { changes } = await pullAll(t.app, sanne.accessToken);
    for (const c of changes.filter((x) => x.purged)) {
      expect(Object.keys(c.record).sort()).toEqual(['createdAt', 'createdBy', 'deleted', 'id', 'schoolId', 'updatedAt', 'version']);
    }
    expect(changes.filter((x) => x.purged).length).toBeGreaterThanOrEqual(5);
  });

  // PostgreSQL: pushes run on other connections while the job runs. (PGlite is one connection: its
  // transaction holds every other query, so nothing can come between the search and the purge.)
  it.runIf(onPostgres)(
    'PostgreSQL: searches without the change lock: a push right after the search goes through, and a record it changed is kept',
    async () => {
      const p = createPupil(school(2));
      const [s1, s2] = [createSignal(school(2), p.recordId), createSignal(school(2), p.recordId)];
      const created = await push(t.app, sanne.accessToken, [p, s1, s2]);
      await age([s1.recordId, s2.recordId], '21 years');
      // A colleague edits s2 while the job is between its search and its purge. Were the job holding
      // the change lock, this push would wait for it: a deadlock.
      let pushed: number | undefined;
      const db = observed(t.db, async (sql, _inTransaction, run) => {
        const answer = await run();
        if (pushed === undefined && /FROM records r JOIN retention_terms/.test(sql) && !sql.includes('FOR UPDATE')) {
          const res = await push(t.app, sanne2.accessToken, [
            update('signal', s2.recordId, { description: 'Nog actueel' }, created.body.results[2]!.version!),
          ]);
          pushed = res.status;
        }
        return answer;
      });
      await runRetention(db);
      expect(pushed).toBe(200);
      const purged = (id: string) => count(t.db, 'SELECT count(*)::int AS n FROM records WHERE id = $1 AND purged_at IS NOT NULL', [id]);
      expect(await purged(s1.recordId)).toBe(1);
      expect(await purged(s2.recordId)).toBe(0);
      expect((await pullAll(t.app, sanne.accessToken)).changes.findLast((c) => c.record.id === s2.recordId)?.record).toMatchObject({
        description: 'Nog actueel',
      });
    },
  );
});
