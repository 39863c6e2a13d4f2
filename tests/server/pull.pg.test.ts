import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familySchoolIds } from '../../src/domain/family';
import { entitySchemas } from '../../src/domain/entities';
import { changeSchema } from '../../src/sync/protocol';
import { demoAreas } from '../../src/server/demoSchoolSide';
import { createPupil, login, pull, pullAll, push, school, setup, update, type LoggedIn, type TestApp } from './helpers';

let t: TestApp;
let sanne: LoggedIn;
let ahmed: LoggedIn;
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
  ahmed = await login(t.app, 'ahmed');
});
afterAll(() => t.cleanup());

describe('pull', () => {
  it('returns full records that pass the shared record schema, in seq order, only of your schools and areas', async () => {
    const { changes } = await pullAll(t.app, sanne.accessToken);
    expect(changes.length).toBeGreaterThan(40);
    const seqs = changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Her schools, and the regional wie-is-wie of her gemeenten and the SWV.
    const mine = new Set([...sanne.user.schools.map((s) => s.id), ...(sanne.user.areas ?? []).map((a) => a.id)]);
    expect(sanne.user.areas?.map((a) => a.name).sort()).toEqual(['Bussum', 'Huizen', 'Samenwerkingsverband Gooi en Vecht']);
    for (const c of changes) {
      expect(changeSchema.safeParse(c).success).toBe(true);
      const parsed = entitySchemas[c.entity].record.safeParse(c.record);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      // A family is read through its children's schools (permissions.ts readsFamily).
      if (c.entity === 'family') expect(familySchoolIds(c.record).some((id) => mine.has(id))).toBe(true);
      else expect(mine.has(String(c.record.schoolId))).toBe(true);
      expect(c.record.version).toBe(c.seq);
    }
    const theirs = await pullAll(t.app, ahmed.accessToken);
    // Different schools and gemeenten: the two share only the samenwerkingsverband's entries, and
    // the demo family with children at schools of both.
    const ids = new Set(changes.map((c) => c.record.id));
    const shared = theirs.changes.filter((c) => ids.has(c.record.id));
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.filter((c) => c.entity === 'family')).toHaveLength(1);
    expect(shared.every((c) => c.entity === 'family' || (c.entity === 'contactPerson' && c.record.schoolId === demoAreas[0].id))).toBe(
      true,
    );
  });

  it('pages with limit, cursor, hasMore and remaining, skipping and repeating nothing', async () => {
    const all = await pullAll(t.app, sanne.accessToken);
    const first = await pull(t.app, sanne.accessToken, '0', 7);
    expect(first.changes).toHaveLength(7);
    expect(first.hasMore).toBe(true);
    expect(first.remaining).toBe(all.changes.length);
    expect(first.cursor).toBe(String(first.changes[6]?.seq));
    const paged = await pullAll(t.app, sanne.accessToken, '0', 7);
    expect(paged.changes.map((c) => c.seq)).toEqual(all.changes.map((c) => c.seq));
    const empty = await pull(t.app, sanne.accessToken, paged.cursor);
    expect(empty).toEqual({
      changes: [],
      cursor: paged.cursor,
      hasMore: false,
      remaining: 0,
      scopeKey: expect.stringMatching(/^jeugdprofessional\|/),
    });
  });

  it('remaining is for progress only: exact from cursor 0 and on the last page, an estimate in between', async () => {
    const all = await pullAll(t.app, sanne.accessToken);
    const first = await pull(t.app, sanne.accessToken, '0', 5);
    const second = await pull(t.app, sanne.accessToken, first.cursor, 5);
    expect(second.hasMore).toBe(true);
    expect(second.remaining).toBeGreaterThan(second.changes.length);
    const done = all.changes.findIndex((c) => String(c.seq) === second.cursor) + 1;
    const restCursor = String(all.changes[all.changes.length - 4]?.seq);
    const last = await pull(t.app, sanne.accessToken, restCursor, 5);
    expect(last).toMatchObject({ hasMore: false, remaining: 3 });
    expect(done).toBe(10);
  });

  it('a record changed twice comes once, at its latest seq, after the cursor', async () => {
    const { cursor } = await pullAll(t.app, sanne.accessToken);
    const p = createPupil(school(2));
    await push(t.app, sanne.accessToken, [p]);
    const u = await push(t.app, sanne.accessToken, [update('pupil', p.recordId, { group: 'groep 5' }, 0)]);
    const { changes } = await pull(t.app, sanne.accessToken, cursor);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ seq: u.body.results[0]?.version, record: { group: 'groep 5' } });
  });

  it('the school side pulls only its consultatievragen, its MDO and the directory; coordinator and beheerder only the directory', async () => {
    const expected: Record<string, string[]> = {
      'ib.springplank': ['consultationRequest', 'contactPerson', 'mdoAgreement', 'mdoItem', 'mdoMeeting'],
      coordinator: ['contactPerson'],
      beheer: ['contactPerson'],
    };
    for (const [username, entities] of Object.entries(expected)) {
      const who = await login(t.app, username);
      const { changes } = await pullAll(t.app, who.accessToken);
      expect([...new Set(changes.map((c) => c.entity))].sort()).toEqual(entities);
      // Her school, and the regional entries of its gemeente (Huizen) and the SWV.
      if (username === 'ib.springplank')
        expect(new Set(changes.map((c) => c.record.schoolId))).toEqual(new Set([school(1), demoAreas[0].id, demoAreas[1].id]));
    }
  });

  it('API answers are never cached', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/sync/pull',
      headers: { authorization: `Bearer ${sanne.accessToken}`, 'x-protocol-version': '2' },
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
