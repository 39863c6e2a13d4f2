// I4: every accepted change gets a place in one global increasing sequence, and a reader can never
// see seq n+1 while seq n may still commit. TOOLCHAIN.md: plain sequences commit out of order across
// connections, so a pull cursor could skip a late-committing row. See CHANGE_LOCK in sync/push.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPush } from '../../src/server/sync/push';
import type { Actor } from '../../src/domain/permissions';
import { createPupil, login, onPostgres, pull, pullAll, push, school, setup, type LoggedIn, type TestApp } from './helpers';

let t: TestApp;
let sanne: LoggedIn;
let actor: Actor;
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
  actor = { id: sanne.user.id, role: 'jeugdprofessional', schoolIds: sanne.user.schools.map((s) => s.id) };
});
afterAll(() => t.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a push whose transaction stays open after taking its seq, until `release()`. */
function heldPush(db: TestApp['db']) {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let tookSeq!: (seq: number) => void;
  const seq = new Promise<number>((r) => (tookSeq = r));
  const mutation = createPupil(school(1), { initials: 'Laat' });
  const done = applyPush(db, { actor, deviceId: sanne.deviceId }, [mutation], {
    afterSeq: async (s) => {
      tookSeq(s);
      await held;
    },
  });
  return { seq, release, done, mutation };
}

describe('I4: change sequence and late commits', () => {
  it.runIf(onPostgres)(
    'PostgreSQL: a transaction holding seq n blocks seq n+1; a pull in between sees neither, and skips nothing',
    async () => {
      const { cursor: start } = await pullAll(t.app, sanne.accessToken);
      // A: its own connection pool, holds its transaction open after taking its seq.
      const a = heldPush(t.openAnother!());
      const seqA = await a.seq;
      // B: a normal push through the app on other connections, started while A is open.
      let bDone = false;
      const b = push(t.app, sanne.accessToken, [createPupil(school(1), { initials: 'Vlot' })]).then((r) => {
        bDone = true;
        return r;
      });
      await sleep(300);
      expect(bDone).toBe(false); // B waits for the change lock: it cannot take seq n+1 yet.
      const between = await pull(t.app, sanne.accessToken, start);
      expect(between.changes).toEqual([]); // neither A (uncommitted) nor anything after it
      expect(between.cursor).toBe(start);

      a.release();
      const [resA, resB] = await Promise.all([a.done, b]);
      const seqB = resB.body.results[0]!.version!;
      expect(resA[0]).toMatchObject({ status: 'applied', version: seqA });
      expect(seqB).toBeGreaterThan(seqA);
      const after = await pull(t.app, sanne.accessToken, between.cursor);
      expect(after.changes.map((c) => c.seq)).toEqual([seqA, seqB]);
    },
  );

  it.runIf(!onPostgres)(
    'PGlite: one connection, so transactions are serial; a pull waits for the open transaction and sees its seq',
    async () => {
      const { cursor: start } = await pullAll(t.app, sanne.accessToken);
      const a = heldPush(t.db);
      const seqA = await a.seq;
      let pulled = false;
      const between = pull(t.app, sanne.accessToken, start).then((r) => {
        pulled = true;
        return r;
      });
      await sleep(300);
      expect(pulled).toBe(false); // PGlite runs nothing else while a transaction is open
      a.release();
      await a.done;
      expect((await between).changes.map((c) => c.seq)).toEqual([seqA]);
    },
  );

  it('many concurrent pushers and a puller polling meanwhile: every change is seen, in increasing order', async () => {
    const { cursor: start } = await pullAll(t.app, sanne.accessToken);
    const created = new Set<string>();
    const seen = new Set<string>();
    let cursor = start;
    let last = Number(start);
    let stop = false;
    const poll = async () => {
      while (!stop) {
        const page = await pull(t.app, sanne.accessToken, cursor, 5);
        for (const c of page.changes) {
          expect(c.seq).toBeGreaterThan(last); // never goes back: nothing commits behind the cursor
          last = c.seq;
          seen.add(String(c.record.id));
        }
        cursor = page.cursor;
        if (!page.hasMore) await sleep(5);
      }
    };
    const polling = poll();
    // On PostgreSQL each pusher uses its own pool, so they really run in parallel.
    const stores = Array.from({ length: 8 }, () => t.openAnother?.() ?? t.db);
    await Promise.all(
      stores.map(async (db) => {
        for (let round = 0; round < 5; round++) {
          const batch = Array.from({ length: 4 }, () => createPupil(school(2)));
          for (const m of batch) created.add(m.recordId);
          const results = await applyPush(db, { actor, deviceId: sanne.deviceId }, batch);
          expect(results.every((r) => r.status === 'applied')).toBe(true);
        }
      }),
    );
    stop = true;
    await polling;
    const rest = await pullAll(t.app, sanne.accessToken, cursor);
    for (const c of rest.changes) seen.add(String(c.record.id));
    expect([...created].filter((id) => !seen.has(id))).toEqual([]);
    expect(created.size).toBe(160);
  });
});
