// Text and dates the store cannot hold (NUL, a lone UTF-16 surrogate, year 0000, a far-future range):
// every request that once answered 500 answers a precise 4xx, writes nothing, and one bad mutation is
// rejected on its own while the rest of its batch is applied.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, type MutationResult } from '../../src/sync/protocol';
import { UNSTORABLE_TEXT_MESSAGE } from '../../src/domain/input';
import { count, createPupil, createSignal, login, push, school, setup, update, type LoggedIn, type TestApp } from './helpers';

let t: TestApp;
let sanne: LoggedIn;
let beheer: LoggedIn;
let coordinator: LoggedIn;
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
  beheer = await login(t.app, 'beheer');
  coordinator = await login(t.app, 'coordinator');
});
afterAll(() => t.cleanup());

const NUL = '\u0000';
const LONE = '\ud800';

/** Everything but the two security logs (the refusals may be written there on purpose). */
async function snapshot(): Promise<string> {
  const tables = ['records', 'users', 'devices', 'schools', 'user_schools', 'conflicts', 'refresh_tokens', 'login_failures'];
  const parts = await Promise.all(
    tables.map(
      async (n) =>
        (await t.db.query<{ h: string }>(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${n} x`)).rows[0]!
          .h,
    ),
  );
  return parts.join(',');
}

async function send(method: 'GET' | 'POST' | 'PATCH', url: string, token?: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'x-protocol-version': '2' },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** A 400 with an ApiError naming `path` and saying what is wrong, and nothing stored. */
async function refused(label: string, run: () => ReturnType<typeof send>, path: string, message: string | RegExp) {
  const before = await snapshot();
  const res = await run();
  expect(res.statusCode, `${label}: ${res.body}`).toBe(400);
  const body = apiErrorSchema.parse(res.json());
  expect(
    body.details?.map((d) => d.path),
    label,
  ).toContain(path);
  const detail = body.details!.find((d) => d.path === path)!;
  if (typeof message === 'string') expect(detail.message, label).toBe(message);
  else expect(detail.message, label).toMatch(message);
  expect(await snapshot(), `${label} wrote something`).toBe(before);
}

const login$ = (fields: Record<string, string>) =>
  send('POST', '/api/auth/login', undefined, {
    username: 'sanne',
    password: 'demo-schoolnabij',
    deviceId: randomUUID(),
    deviceName: 'Telefoon',
    ...fields,
  });

describe('a NUL or a lone surrogate in a route', () => {
  it('log-in: username and deviceName (no log-in needed)', async () => {
    await refused('username', () => login$({ username: `san${NUL}ne` }), 'username', UNSTORABLE_TEXT_MESSAGE);
    await refused('deviceName', () => login$({ deviceName: `Tele${NUL}foon` }), 'deviceName', UNSTORABLE_TEXT_MESSAGE);
    await refused('deviceName surrogate', () => login$({ deviceName: `Telefoon ${LONE}` }), 'deviceName', UNSTORABLE_TEXT_MESSAGE);
  });

  it('school name and place (coordinator)', async () => {
    const url = `/api/schools/${school(1)}`;
    await refused(
      'name',
      () => send('PATCH', url, coordinator.accessToken, { name: `De ${NUL}Springplank` }),
      'name',
      UNSTORABLE_TEXT_MESSAGE,
    );
    await refused('place', () => send('PATCH', url, coordinator.accessToken, { place: `Huizen${NUL}` }), 'place', UNSTORABLE_TEXT_MESSAGE);
  });

  it('user name on create and change (beheerder)', async () => {
    const user = { username: 'nieuw.iemand', name: `Nieuw ${NUL}Iemand`, role: 'coordinator', schoolIds: [] };
    await refused('create', () => send('POST', '/api/admin/users', beheer.accessToken, user), 'name', UNSTORABLE_TEXT_MESSAGE);
    await refused(
      'patch',
      () => send('PATCH', `/api/admin/users/${sanne.user.id}`, beheer.accessToken, { name: `Sanne${NUL}` }),
      'name',
      UNSTORABLE_TEXT_MESSAGE,
    );
  });

  it('?namens= on the audit routes', async () => {
    await refused(
      'lookup',
      () => send('GET', `/api/audit/pupils/${randomUUID()}?namens=ouder%00x`, beheer.accessToken),
      'namens',
      UNSTORABLE_TEXT_MESSAGE,
    );
    await refused(
      'export',
      () => send('GET', '/api/audit/export?from=2026-01-01&to=2026-01-31&namens=%00', beheer.accessToken),
      'namens',
      UNSTORABLE_TEXT_MESSAGE,
    );
  });
});

describe('dates the store cannot hold', () => {
  const range = /^Kies een datum tussen 1900 en 2999$/;

  it('year 0000 in a reported view', async () => {
    const { rows } = await t.db.query<{ id: string }>("SELECT id FROM records WHERE entity = 'pupil' AND school_id = $1 LIMIT 1", [
      school(1),
    ]);
    const views = [{ id: randomUUID(), pupilId: rows[0]!.id, at: '0000-01-01T10:00:00Z' }];
    await refused('view at', () => send('POST', '/api/audit/views', sanne.accessToken, { views }), 'views.0.at', range);
  });

  it('year 0000 and a far-future range on kengetallen, JSON and CSV', async () => {
    for (const url of ['/api/kengetallen', '/api/kengetallen.csv']) {
      await refused(`${url} from`, () => send('GET', `${url}?from=0000-01-01&to=2026-01-01`, coordinator.accessToken), 'from', range);
      await refused(`${url} to`, () => send('GET', `${url}?to=0000-12-31`, coordinator.accessToken), 'to', range);
      await refused(`${url} 9999`, () => send('GET', `${url}?from=9999-01-01&to=9999-12-31`, coordinator.accessToken), 'from', range);
    }
    // The last year that is allowed works to its end.
    const last = await send('GET', '/api/kengetallen?from=2999-01-01&to=2999-12-31', coordinator.accessToken);
    expect(last.statusCode, last.body).toBe(200);
  });

  it('year 0000 in the audit export', async () => {
    await refused('export from', () => send('GET', '/api/audit/export?from=0000-01-01&to=0000-02-01', beheer.accessToken), 'from', range);
  });
});

describe('one bad mutation never fails its batch', () => {
  it('rejects only the mutation with a NUL, a lone surrogate or year 0000, with its reason, and applies the rest', async () => {
    const pupil = createPupil(school(1));
    const first = await push(t.app, sanne.accessToken, [pupil]);
    expect(first.body.results[0]!.status).toBe('applied');
    const good1 = createSignal(school(1), pupil.recordId);
    const nulText = createSignal(school(1), pupil.recordId, { description: `Vaak te laat${NUL} op maandag` });
    const nulInitials = createPupil(school(1), { initials: `J.${NUL}P.` });
    const lone = createSignal(school(1), pupil.recordId, { description: `Boos ${LONE} weggelopen` });
    const year0 = { ...createSignal(school(1), pupil.recordId), createdAt: '0000-01-01T00:00:00Z' };
    const nulKey = createSignal(school(1), pupil.recordId);
    (nulKey.changes as Record<string, unknown>)[`x${NUL}`] = 1;
    const nulUpdate = update('pupil', pupil.recordId, { group: `groep${NUL}5` }, first.body.results[0]!.version!);
    const good2 = createSignal(school(1), pupil.recordId, { description: 'Huilde in de pauze' });
    const batch = [good1, nulText, nulInitials, lone, year0, nulKey, nulUpdate, good2];

    const before = await count(t.db, 'SELECT count(*)::int AS n FROM records');
    const res = await push(t.app, sanne.accessToken, batch);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const by = new Map(res.body.results.map((r: MutationResult) => [r.mutationId, r]));
    expect(by.get(good1.id)!.status).toBe('applied');
    expect(by.get(good2.id)!.status).toBe('applied');
    for (const [m, field] of [
      [nulText, 'description'],
      [nulInitials, 'initials'],
      [lone, 'description'],
      [nulUpdate, 'group'],
    ] as const) {
      expect(by.get(m.id), field).toMatchObject({ status: 'rejected', reason: `${field}: ${UNSTORABLE_TEXT_MESSAGE}` });
    }
    expect(by.get(year0.id)).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('createdAt: Kies een datum tussen 1900 en 2999'),
    });
    expect(by.get(nulKey.id)).toMatchObject({ status: 'rejected', reason: expect.stringContaining(UNSTORABLE_TEXT_MESSAGE) });
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM records')).toBe(before + 2);
    const { rows } = await t.db.query<{ group: string }>("SELECT data->>'group' AS group FROM records WHERE id = $1", [pupil.recordId]);
    expect(rows[0]!.group).toBe('groep 4');
  });
});
