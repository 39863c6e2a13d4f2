// The merge rules (src/sync/merge.ts MG1-MG6, I7) end to end: two devices, push, pull.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPupil, createSignal, login, pullAll, push, school, setup, update, type LoggedIn, type TestApp } from './helpers';

let t: TestApp;
let phone: LoggedIn;
let laptop: LoggedIn;
beforeAll(async () => {
  t = await setup();
  phone = await login(t.app, 'sanne');
  laptop = await login(t.app, 'sanne');
});
afterAll(() => t.cleanup());

/** A signal on the server, both devices having seen version `base`. */
async function shared() {
  const p = createPupil(school(1));
  const s = createSignal(school(1), p.recordId, { description: 'Basis' });
  const res = await push(t.app, phone.accessToken, [p, s]);
  return { id: s.recordId, base: res.body.results[1]!.version! };
}

/** The record's latest change as a device pulls it (a record appears once, at its latest seq). */
async function current(id: string) {
  const { changes } = await pullAll(t.app, phone.accessToken);
  return changes.filter((c) => c.record.id === id).at(-1)!;
}

describe('conflicts', () => {
  it('MG1: different fields changed on two devices merge cleanly', async () => {
    const { id, base } = await shared();
    await push(t.app, phone.accessToken, [update('signal', id, { description: 'Van telefoon' }, base)]);
    const r = await push(t.app, laptop.accessToken, [update('signal', id, { theme: 'gedrag' }, base)]);
    expect(r.body.results[0]?.status).toBe('applied');
    const c = await current(id);
    expect(c.record).toMatchObject({ description: 'Van telefoon', theme: 'gedrag' });
    expect(c.conflicts).toEqual([]);
  });

  it('MG4/I7: same field: the later arrival wins, the other value is kept and shown in the pull', async () => {
    const { id, base } = await shared();
    await push(t.app, phone.accessToken, [update('signal', id, { description: 'Van telefoon' }, base)]);
    const r = await push(t.app, laptop.accessToken, [update('signal', id, { description: 'Van laptop' }, base)]);
    expect(r.body.results[0]?.status).toBe('conflict');
    const c = await current(id);
    expect(c.record.description).toBe('Van laptop');
    expect(c.conflicts).toEqual([
      { id: expect.any(String), field: 'description', value: 'Van telefoon', by: phone.user.id, at: expect.any(String) },
    ]);

    // Resolve: pick the kept value. The conflict disappears from the next pull.
    const resolve = update('signal', id, { description: 'Van telefoon', _resolveConflicts: [c.conflicts[0]!.id] }, c.seq);
    const rr = await push(t.app, laptop.accessToken, [resolve]);
    expect(rr.body.results[0]?.status).toBe('applied');
    const after = await current(id);
    expect(after.record.description).toBe('Van telefoon');
    expect(after.conflicts).toEqual([]);
    // Resolving again (another device) is harmless.
    const again = await push(t.app, phone.accessToken, [update('signal', id, { _resolveConflicts: [c.conflicts[0]!.id] }, c.seq)]);
    expect(again.body.results[0]?.status).toBe('applied');
  });

  it('resolving by keeping the current value needs no field change', async () => {
    const { id, base } = await shared();
    await push(t.app, phone.accessToken, [update('signal', id, { seriousness: 'acuut' }, base)]);
    await push(t.app, laptop.accessToken, [update('signal', id, { seriousness: 'zorgelijk' }, base)]);
    const c = await current(id);
    const res = await push(t.app, phone.accessToken, [update('signal', id, { _resolveConflicts: c.conflicts.map((x) => x.id) }, c.seq)]);
    const after = await current(id);
    expect(after.seq).toBe(res.body.results[0]?.version);
    expect(after.record.seriousness).toBe('zorgelijk');
    expect(after.conflicts).toEqual([]);
  });

  it('MG5: delete vs edit keeps the edit visible, and the deletion as a conflict', async () => {
    const { id, base } = await shared();
    await push(t.app, phone.accessToken, [update('signal', id, { description: 'Nog een gesprek gehad' }, base)]);
    const del = await push(t.app, laptop.accessToken, [update('signal', id, { deleted: true }, base)]);
    expect(del.body.results[0]?.status).toBe('conflict');
    const c = await current(id);
    expect(c.record).toMatchObject({ deleted: false, description: 'Nog een gesprek gehad' });
    expect(c.conflicts).toEqual([expect.objectContaining({ field: 'deleted', value: true, by: laptop.user.id })]);
  });

  it('MG6: an edit on a record deleted since its base undeletes it and keeps the deletion', async () => {
    const { id, base } = await shared();
    await push(t.app, phone.accessToken, [update('signal', id, { deleted: true }, base)]);
    const edit = await push(t.app, laptop.accessToken, [update('signal', id, { followUpDate: '2026-12-01' }, base)]);
    expect(edit.body.results[0]?.status).toBe('conflict');
    const c = await current(id);
    expect(c.record).toMatchObject({ deleted: false, followUpDate: '2026-12-01' });
    expect(c.conflicts).toEqual([expect.objectContaining({ field: 'deleted', value: true })]);
  });

  it('MG2: a record created and edited offline on one device (all base 0) gives no conflicts', async () => {
    const p = createPupil(school(1));
    const s = createSignal(school(1), p.recordId);
    const res = await push(t.app, phone.accessToken, [
      p,
      s,
      update('signal', s.recordId, { description: 'Aangevuld' }, 0),
      update('signal', s.recordId, { deleted: true }, 0),
    ]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const c = await current(s.recordId);
    expect(c.record).toMatchObject({ deleted: true, description: 'Aangevuld' });
  });
});
