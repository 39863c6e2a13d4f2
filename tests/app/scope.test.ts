import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SchoolnabijDB } from '../../src/app/db/db';
import { updateRecord } from '../../src/app/db/records';
import { currentSession, login, logout, refreshSession } from '../../src/app/auth/session';
import { lockAfterMs } from '../../src/app/auth/pin';
import { DexieSyncStore } from '../../src/app/sync/dexieStore';
import { syncOnce } from '../../src/app/sync/engine';
import { SyncError, type SyncTransport } from '../../src/app/sync/types';
import type { Change, Conflict, Mutation, MutationResult, PullResponse, PushResponse } from '../../src/sync/protocol';

/**
 * When what a user may read changes (the beheerder adds or removes a school, changes the role), the
 * pull answers with another scope key and the device starts over: records it may no longer read
 * are removed, records of a newly added school arrive, and nothing the user typed is lost.
 * The device is the real app code on real Dexie (fake-indexeddb); the network is a small in-memory
 * central service that filters by school and answers with a scope key, as the real one does.
 */

const A = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a00000a';
const B = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a00000b';
const ME = 'user-1';
const year = new Date().getFullYear();

interface Row {
  seq: number;
  record: Record<string, unknown>;
  conflicts: Conflict[];
}

/** The network plus the central service, in memory: pupils only, readable per school. */
class MemoryService implements SyncTransport {
  rows: Row[] = [];
  schools: string[];
  pulls: string[] = [];
  /** Runs before a pull is answered: the user typing while a sync is under way. */
  beforePull: (() => Promise<void>) | null = null;
  /** Answer with this key instead of the real one (a server whose key keeps changing). */
  keyOverride: (() => string) | null = null;
  private seq = 0;

  constructor(schools: string[]) {
    this.schools = schools;
  }

  key(): string {
    return this.keyOverride?.() ?? [...this.schools].sort().join(',');
  }

  /** Someone else saved a pupil on the server. */
  add(schoolId: string, initials: string, conflicts: Conflict[] = []): string {
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    this.rows.push({
      seq: ++this.seq,
      record: {
        id,
        schoolId,
        createdBy: 'colleague',
        createdAt: now,
        updatedAt: now,
        deleted: false,
        version: 1,
        initials,
        group: 'groep 6',
        birthYear: year - 10,
      },
      conflicts,
    });
    return id;
  }

  async push(mutations: Mutation[]): Promise<PushResponse> {
    const results: MutationResult[] = mutations.map((m) => {
      const row = this.rows.find((r) => r.record.id === m.recordId);
      const school = String(row?.record.schoolId ?? m.changes.schoolId);
      if (!this.schools.includes(school)) {
        return { mutationId: m.id, status: 'rejected', reason: 'Je werkt niet voor deze school; dit record kan niet worden opgeslagen.' };
      }
      const version = Number(row?.record.version ?? 0) + 1;
      const record = { ...(row?.record ?? {}), ...m.changes, id: m.recordId, version };
      this.rows = this.rows.filter((r) => r.record.id !== m.recordId);
      this.rows.push({ seq: ++this.seq, record, conflicts: [] });
      return { mutationId: m.id, status: 'applied', version };
    });
    return { results };
  }

  async pull(cursor: string, limit: number): Promise<PullResponse> {
    this.pulls.push(cursor);
    await this.beforePull?.();
    const after = Number(cursor);
    const visible = this.rows
      .filter((r) => r.seq > after && this.schools.includes(String(r.record.schoolId)))
      .sort((a, b) => a.seq - b.seq);
    const page = visible.slice(0, limit);
    const changes: Change[] = page.map((r) => ({ seq: r.seq, entity: 'pupil', record: r.record, conflicts: r.conflicts }));
    return {
      changes,
      cursor: String(page.at(-1)?.seq ?? Math.max(after, this.seq)),
      hasMore: visible.length > limit,
      remaining: visible.length,
      scopeKey: this.key(),
    };
  }
}

const conflict = (): Conflict => ({
  id: crypto.randomUUID(),
  field: 'group',
  value: 'groep 5',
  by: 'colleague',
  at: new Date().toISOString(),
});

let db: SchoolnabijDB;
let store: DexieSyncStore;
beforeEach(async () => {
  db = new SchoolnabijDB(`scope-${crypto.randomUUID()}`);
  await db.open();
  store = new DexieSyncStore(db);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await db.delete();
});

const pupilIds = async () => (await db.pupils.toArray()).map((p) => p.id).sort();
const meta = async (key: string) => (await db.meta.get(key))?.value;

describe('the scope of a pull', () => {
  it('the first pull ever stores the scope key and keeps what it pulled', async () => {
    const service = new MemoryService([A]);
    const a1 = service.add(A, 'Aa');
    service.add(B, 'Bb');
    const outcome = await syncOnce(store, service);
    expect(outcome).toMatchObject({ pulled: 1, scopeChanged: false });
    expect(await pupilIds()).toEqual([a1]);
    expect(await meta('scopeKey')).toBe(A);
    expect(service.pulls).toEqual(['0']);
  });

  it('the same scope: the next pull goes on from the cursor and removes nothing', async () => {
    const service = new MemoryService([A]);
    const a1 = service.add(A, 'Aa');
    await syncOnce(store, service);
    const a2 = service.add(A, 'Ab');
    const outcome = await syncOnce(store, service, () => {}, 1);
    expect(outcome).toMatchObject({ pulled: 1, scopeChanged: false });
    expect(await pupilIds()).toEqual([a1, a2].sort());
    expect(service.pulls).toEqual(['0', '1']);
  });

  it('a school added: the device pulls again from the start and gets that school’s older records', async () => {
    const service = new MemoryService([A]);
    const a1 = service.add(A, 'Aa');
    const b1 = service.add(B, 'Bb'); // seq 2: older than the device's cursor after the next record
    const a2 = service.add(A, 'Ac');
    await syncOnce(store, service);
    expect(await meta('syncCursor')).toBe('3');
    expect(await pupilIds()).toEqual([a1, a2].sort());

    service.schools = [A, B];
    const outcome = await syncOnce(store, service);
    expect(outcome.scopeChanged).toBe(true);
    expect(service.pulls).toEqual(['0', '3', '0']);
    expect(await pupilIds()).toEqual([a1, a2, b1].sort());
    expect((await db.pupils.get(b1))?.initials).toBe('Bb');
    expect(await meta('scopeKey')).toBe(`${A},${B}`);
    expect(await meta('syncCursor')).toBe('3');
  });

  it('a school taken away: its records and their conflicts are removed, waiting and refused work is kept', async () => {
    const service = new MemoryService([A, B]);
    const kept = service.add(A, 'Ka', [conflict()]); // plain synced record of A, with a kept conflict
    const refused = service.add(A, 'Rf');
    const typing = service.add(A, 'Ty');
    const b1 = service.add(B, 'Bb');
    await syncOnce(store, service);
    expect(await db.conflicts.count()).toBe(1);
    expect(await pupilIds()).toEqual([kept, refused, typing, b1].sort());

    // Offline, the user edits one pupil of school A. Then the beheerder takes school A away.
    await updateRecord(db, 'pupil', refused, { initials: 'Rf', group: 'groep 7', birthYear: year - 10 }, { userId: ME });
    service.schools = [B];
    // While this sync is under way, the user edits another pupil of A: that mutation is waiting.
    let typed = false;
    service.beforePull = async () => {
      if (typed) return;
      typed = true;
      await updateRecord(db, 'pupil', typing, { initials: 'Ty', group: 'groep 8', birthYear: year - 10 }, { userId: ME });
    };

    const outcome = await syncOnce(store, service);
    expect(outcome).toMatchObject({ rejected: 1, scopeChanged: true });
    expect(service.pulls).toEqual(['0', '4', '0']);
    // Gone: the synced record of A and its conflict. Kept: B's record, the refused edit, the waiting edit.
    expect(await pupilIds()).toEqual([refused, typing, b1].sort());
    expect(await db.conflicts.count()).toBe(0);
    expect((await db.pupils.get(refused))?.group).toBe('groep 7');
    expect((await db.pupils.get(typing))?.group).toBe('groep 8');
    const rejected = await db.rejected.toArray();
    expect(rejected.map((r) => [r.recordId, r.reason])).toEqual([
      [refused, 'Je werkt niet voor deze school; dit record kan niet worden opgeslagen.'],
    ]);
    expect((await db.outbox.toArray()).map((m) => [m.recordId, m.changes.group])).toEqual([[typing, 'groep 8']]);
    expect(await meta('scopeKey')).toBe(B);

    // The next sync pushes the waiting edit; the service refuses it and the refusal is shown as usual.
    const next = await syncOnce(store, service);
    expect(next).toMatchObject({ rejected: 1, scopeChanged: false });
    expect(await db.outbox.count()).toBe(0);
    expect((await db.rejected.toArray()).map((r) => r.recordId).sort()).toEqual([refused, typing].sort());
    expect(await pupilIds()).toEqual([refused, typing, b1].sort());
  });

  it('the reset is one transaction: if it fails, nothing is removed and the cursor and key stay', async () => {
    const service = new MemoryService([A, B]);
    service.add(A, 'Aa');
    service.add(B, 'Bb');
    await syncOnce(store, service);
    const before = await pupilIds();
    service.schools = [B];
    db.meta.hook('updating', (mods: object) => {
      if ('value' in mods && (mods as { value: unknown }).value === '0') throw new Error('schijf vol');
    });
    await expect(syncOnce(store, service)).rejects.toThrow('schijf vol');
    expect(await pupilIds()).toEqual(before);
    expect(await meta('syncCursor')).toBe('2');
    expect(await meta('scopeKey')).toBe(`${A},${B}`);
  });

  it('a scope that keeps changing within one run stops the run with a retryable error', async () => {
    const service = new MemoryService([A]);
    service.add(A, 'Aa');
    await syncOnce(store, service);
    let n = 0;
    service.keyOverride = () => `flapping-${n++}`;
    const error = await syncOnce(store, service).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).retryable).toBe(true);
  });
});

/** The central service's auth answers, over a fetch that is the network (in memory). */
function fakeJwt(): string {
  const payload = btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 900 }));
  return `x.${payload}.y`;
}
// As the contract has a school: a name of at least two characters.
const school = (id: string, name: string) => ({
  id,
  name: name.length > 1 ? name : `School ${name}`,
  kind: 'po' as const,
  place: 'Hilversum',
  presenceDays: [2],
});

function authService(users: Record<string, { id: string; schools: ReturnType<typeof school>[]; lockMinutes?: number }>) {
  let byToken: Record<string, string> = {};
  let n = 0;
  const tokens = (username: string) => {
    const refreshToken = `r${n++}`;
    byToken = { ...byToken, [refreshToken]: username };
    const u = users[username]!;
    return {
      accessToken: fakeJwt(),
      refreshToken,
      user: { id: u.id, name: username, role: 'jeugdprofessional', schools: u.schools, lockMinutes: u.lockMinutes },
    };
  };
  return async (url: string, init: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init.body)) as { username?: string; refreshToken?: string };
    if (url.endsWith('/api/auth/login')) return Response.json(tokens(body.username!));
    if (url.endsWith('/api/auth/refresh')) return Response.json(tokens(byToken[body.refreshToken!]!));
    return Response.json({ ok: true });
  };
}

describe('the signed-in user stays current', () => {
  it('the region’s lock time (set by the beheerder) arrives with log-in and refresh and is what the lock uses', async () => {
    const users = { sanne: { id: 'u-sanne', schools: [school(A, 'A')], lockMinutes: 12 } };
    vi.stubGlobal('fetch', authService(users));
    expect(await lockAfterMs(db)).toBe(5 * 60_000);
    await login(db, 'sanne', 'geheim');
    expect(await lockAfterMs(db)).toBe(12 * 60_000);
    users.sanne.lockMinutes = 3;
    await refreshSession(db);
    expect(await lockAfterMs(db)).toBe(3 * 60_000);
  });

  it('a refresh brings the user’s schools as they are now: a new school appears, a removed one goes', async () => {
    const users = { sanne: { id: 'u-sanne', schools: [school(A, 'OBS De Springplank')] } };
    vi.stubGlobal('fetch', authService(users));
    await login(db, 'sanne', 'geheim');
    expect((await db.schools.toArray()).map((s) => s.name)).toEqual(['OBS De Springplank']);

    users.sanne.schools = [school(B, 'Meerwende College')];
    await refreshSession(db);
    expect((await db.schools.toArray()).map((s) => s.name)).toEqual(['Meerwende College']);
    expect(currentSession()?.user.schools.map((s) => s.id)).toEqual([B]);
    expect(((await db.meta.get('session'))?.value as { user: { schools: { id: string }[] } }).user.schools.map((s) => s.id)).toEqual([B]);
  });

  it('another user signing in on this device makes the next pull start over and remove what the previous user pulled', async () => {
    vi.stubGlobal(
      'fetch',
      authService({ sanne: { id: 'u-sanne', schools: [school(A, 'A')] }, ahmed: { id: 'u-ahmed', schools: [school(A, 'A')] } }),
    );
    await login(db, 'sanne', 'geheim');
    const service = new MemoryService([A]);
    const a1 = service.add(A, 'Aa');
    await syncOnce(store, service);
    expect(await pupilIds()).toEqual([a1]);
    await logout(db);

    // Same school, but another person: what sanne pulled is not ahmed's to see until the server says so.
    await login(db, 'ahmed', 'geheim');
    expect(await meta('syncCursor')).toBeUndefined();
    service.rows = [];
    const outcome = await syncOnce(store, service);
    expect(outcome.scopeChanged).toBe(true);
    expect(await pupilIds()).toEqual([]);
  });
});
