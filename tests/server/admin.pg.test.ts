// The admin API: schools for everyone signed in, school changes by the coordinator, users
// and devices by the beheerder. Auth, 403 for other roles, 400/404/409 with Dutch messages, and an
// audit_log row for every change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSchools, demoUsers } from '../../src/server/demo';
import { count, login, pull, school, setup, type TestApp } from './helpers';
import { TEST_PASSWORD, activate, api, loginAs } from './schoolSide.support';
import { demoAreas } from '../../src/server/demoSchoolSide';

/** The areas part of a scope key: the demo SWV and the demo gemeenten numbered (1 Huizen … 4 Weesp). */
const areasKey = (...gemeenten: number[]) => [demoAreas[0].id, ...gemeenten.map((n) => demoAreas[n]!.id)].sort().join(',');

let t: TestApp;
let as: Record<'sanne' | 'ib' | 'coordinator' | 'beheer', ReturnType<typeof api>>;
let beheerId: string;

beforeAll(async () => {
  t = await setup();
  const [sanne, ib, coordinator, beheer] = await Promise.all(
    ['sanne', 'ib.springplank', 'coordinator', 'beheer'].map((u) => login(t.app, u)),
  );
  as = {
    sanne: api(t.app, sanne!.accessToken),
    ib: api(t.app, ib!.accessToken),
    coordinator: api(t.app, coordinator!.accessToken),
    beheer: api(t.app, beheer!.accessToken),
  };
  beheerId = beheer!.user.id;
}, 600_000);

afterAll(async () => {
  await t?.cleanup();
});

const audits = (action: string) => count(t.db, 'SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [action]);

describe('GET /api/schools', () => {
  it('needs a log-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/schools' });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/Log in/);
  });

  it('gives coordinator and beheerder every school, others only their own, with teamShares', async () => {
    for (const who of ['coordinator', 'beheer'] as const) {
      const body = (await as[who]('GET', '/api/schools')).json() as { schools: { id: string }[] };
      expect(body.schools.map((s) => s.id).sort()).toEqual(demoSchools.map((s) => s.id).sort());
    }
    const ib = (await as.ib('GET', '/api/schools')).json() as { schools: unknown[] };
    expect(ib.schools).toEqual([
      {
        id: school(1),
        name: 'OBS De Springplank',
        kind: 'po',
        place: 'Huizen',
        presenceDays: [1, 3],
        teamShares: true,
        gemeenteId: demoAreas.find((a) => a.name === 'Huizen')!.id,
      },
    ]);
    const sanne = (await as.sanne('GET', '/api/schools')).json() as { schools: { id: string }[] };
    expect(sanne.schools.map((s) => s.id).sort()).toEqual([school(1), school(2), school(3)].sort());
  });
});

describe('PATCH /api/schools/:id', () => {
  it('is for the coordinator only: 403 with a Dutch message for every other role, nothing changed', async () => {
    for (const who of ['sanne', 'ib', 'beheer'] as const) {
      const res = await as[who]('PATCH', `/api/schools/${school(2)}`, { teamShares: false });
      expect(res.status).toBe(403);
      expect(res.json()).toEqual({ error: 'forbidden', message: 'Alleen de coördinator wijzigt scholen.' });
    }
    expect(await count(t.db, 'SELECT count(*)::int AS n FROM schools WHERE NOT team_shares')).toBe(0);
  });

  it('changes name, place, presence days and team sharing, and writes school.update to the audit log', async () => {
    const before = await audits('school.update');
    const res = await as.coordinator('PATCH', `/api/schools/${school(2)}`, {
      place: 'Blaricum',
      presenceDays: [4, 2, 2],
      teamShares: false,
    });
    expect(res.status).toBe(200);
    expect(res.json().school).toEqual({
      id: school(2),
      name: 'KBS De Vuurvogel',
      kind: 'po',
      place: 'Blaricum',
      presenceDays: [2, 4],
      teamShares: false,
      // Its gemeente, unchanged: the beheer user form groups schools by it.
      gemeenteId: demoAreas.find((a) => a.name === 'Huizen')!.id,
    });
    expect(await audits('school.update')).toBe(before + 1);
    const { rows } = await t.db.query<{ detail: { fields: string[]; before: Record<string, unknown>; after: Record<string, unknown> } }>(
      "SELECT detail FROM audit_log WHERE action = 'school.update' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]?.detail).toMatchObject({
      fields: ['place', 'presenceDays', 'teamShares'],
      before: { teamShares: true, place: 'Huizen' },
      after: { teamShares: false },
    });
    // What a member sees at once.
    const sanne = (await as.sanne('GET', '/api/schools')).json() as { schools: { id: string; teamShares: boolean }[] };
    expect(sanne.schools.find((s) => s.id === school(2))?.teamShares).toBe(false);
    await as.coordinator('PATCH', `/api/schools/${school(2)}`, { place: 'Huizen', presenceDays: [2], teamShares: true });
  });

  it('refuses bad input with 400 and a Dutch message, an unknown school with 404', async () => {
    const bad = async (body: unknown) => {
      const res = await as.coordinator('PATCH', `/api/schools/${school(1)}`, body);
      expect(res.status).toBe(400);
      return res.json().message;
    };
    expect(await bad({ presenceDays: [0] })).toMatch(/maandag/);
    expect(await bad({ presenceDays: [8] })).toMatch(/zondag/);
    expect(await bad({ teamShares: 'ja' })).toMatch(/team/);
    expect(await bad({ name: 'X' })).toMatch(/naam/);
    expect(await bad({})).toMatch(/minstens één veld/);
    expect(await bad({ kind: 'vo' })).toMatch(/kind/);
    const unknown = await as.coordinator('PATCH', '/api/schools/7d0d7e38-9b1a-4d5e-8f00-000000000000', { teamShares: false });
    expect(unknown.status).toBe(404);
    expect(unknown.json().message).toBe('Deze school bestaat niet.');
    const notUuid = await as.coordinator('PATCH', '/api/schools/springplank', { teamShares: false });
    expect(notUuid.status).toBe(400);
  });
});

describe('users (beheerder)', () => {
  it('is for the beheerder only: 403 for every other role, 401 without log-in', async () => {
    for (const who of ['sanne', 'ib', 'coordinator'] as const) {
      const list = await as[who]('GET', '/api/admin/users');
      expect(list.status).toBe(403);
      expect(list.json().message).toBe('Alleen de functioneel beheerder beheert gebruikers.');
      expect(list.body).not.toMatch(/scrypt|sanne/);
      const create = await as[who]('POST', '/api/admin/users', {
        username: 'x.y.z',
        name: 'X Y',
        role: 'ib',
        schoolIds: [school(1)],
        password: TEST_PASSWORD,
      });
      expect(create.status).toBe(403);
    }
    expect(await count(t.db, "SELECT count(*)::int AS n FROM users WHERE username = 'x.y.z'")).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/users' })).statusCode).toBe(401);
  });

  it('lists every user sorted by name, with schools and devices, never a password hash', async () => {
    const res = await as.beheer('GET', '/api/admin/users');
    expect(res.status).toBe(200);
    expect(res.body).not.toMatch(/scrypt|password/i);
    const users = res.json().users as {
      name: string;
      username: string;
      role: string;
      schoolIds: string[];
      devices: { id: string; name: string; revokedAt: string | null }[];
    }[];
    expect(users.map((u) => u.name)).toEqual([...users.map((u) => u.name)].sort((a, b) => a.localeCompare(b, 'en')));
    const sanne = users.find((u) => u.username === 'sanne')!;
    expect(sanne).toMatchObject({ name: 'Sanne de Vries', role: 'jeugdprofessional' });
    expect(sanne.schoolIds.sort()).toEqual([school(1), school(2), school(3)].sort());
    expect(sanne.devices.map((d) => d.name)).toContain('Telefoon van sanne');
  });

  it('creates a user (201, lower-case username, audit user.create) with an activation code; the user chooses the password and syncs', async () => {
    const before = await audits('user.create');
    const res = await as.beheer('POST', '/api/admin/users', {
      username: '  IB.Vuurvogel ',
      name: 'Anouk Willems',
      role: 'ib',
      schoolIds: [school(2)],
    });
    expect(res.status).toBe(201);
    const user = res.json().user as {
      id: string;
      username: string;
      schoolIds: string[];
      devices: unknown[];
      createdAt: string;
      activationExpiresAt: string;
    };
    expect(user).toMatchObject({
      username: 'ib.vuurvogel',
      name: 'Anouk Willems',
      role: 'ib',
      schoolIds: [school(2)],
      devices: [],
      activated: false,
    });
    expect(Date.parse(user.createdAt)).not.toBeNaN();
    const activation = res.json().activation as { code: string; expiresAt: string };
    expect(activation.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // 72 hours from now (the database's clock), also in the user list.
    const hours = (Date.parse(activation.expiresAt) - Date.parse(user.createdAt)) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThan(72.1);
    expect(user.activationExpiresAt).toBe(activation.expiresAt);
    expect(await audits('user.create')).toBe(before + 1);
    // No password yet: nothing logs in, not even an empty or guessed one.
    await expect(loginAs(t.app, 'ib.vuurvogel', 'vuurvogel-zorg-2026!')).rejects.toThrow(/401/);
    await activate(t.app, 'ib.vuurvogel', activation.code.toLowerCase(), 'vuurvogel-zorg-2026!');
    const session = await loginAs(t.app, 'ib.vuurvogel', 'vuurvogel-zorg-2026!');
    const page = await pull(t.app, session.token);
    expect(page.scopeKey).toBe(`ib|${school(2)}||${areasKey(1)}`);
    const areas = new Set(areasKey(1).split(','));
    // The directory, and the MDO of her school (the demo has one held and one coming at De Vuurvogel).
    const schoolSide = new Set(['contactPerson', 'mdoMeeting', 'mdoItem', 'mdoAgreement']);
    expect(
      page.changes.every(
        (c) =>
          schoolSide.has(c.entity) &&
          (c.record.schoolId === school(2) || (c.entity === 'contactPerson' && areas.has(String(c.record.schoolId)))),
      ),
    ).toBe(true);
    // Used once: the same code again is refused, and the password stays.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/activate',
      payload: { username: 'ib.vuurvogel', code: activation.code, password: 'een-ander-wachtwoord' },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toBe('invalid_activation');
    const listed = (
      (await as.beheer('GET', '/api/admin/users')).json().users as {
        username: string;
        activated: boolean;
        activationExpiresAt: string | null;
      }[]
    ).find((u) => u.username === 'ib.vuurvogel');
    expect(listed).toMatchObject({ activated: true, activationExpiresAt: null });
  });

  it('the beheerder never chooses a password: a password in create or update is refused (400), nothing stored', async () => {
    const create = await as.beheer('POST', '/api/admin/users', {
      username: 'jp.eigen',
      name: 'Eigen Keuze',
      role: 'jeugdprofessional',
      schoolIds: [school(1)],
      password: TEST_PASSWORD,
    });
    expect(create.status).toBe(400);
    expect(create.json()).toMatchObject({ error: 'password_not_allowed', message: expect.stringMatching(/activeringscode/) });
    expect(await count(t.db, "SELECT count(*)::int AS n FROM users WHERE username = 'jp.eigen'")).toBe(0);
    const sanneId = (await login(t.app, 'sanne')).user.id;
    const patch = await as.beheer('PATCH', `/api/admin/users/${sanneId}`, { password: TEST_PASSWORD });
    expect(patch.status).toBe(400);
    expect(patch.json().error).toBe('password_not_allowed');
    await expect(loginAs(t.app, 'sanne', TEST_PASSWORD)).rejects.toThrow(/401/);
  });

  it('an activation code: wrong, expired or for another user is refused with one answer; the password policy holds', async () => {
    const made = await as.beheer('POST', '/api/admin/users', {
      username: 'jp.code',
      name: 'Jet Code',
      role: 'jeugdprofessional',
      schoolIds: [school(1)],
    });
    const code = (made.json().activation as { code: string }).code;
    const other = await as.beheer('POST', '/api/admin/users', {
      username: 'jp.ander',
      name: 'Jos Ander',
      role: 'jeugdprofessional',
      schoolIds: [school(1)],
    });
    const otherCode = (other.json().activation as { code: string }).code;
    const tryIt = (username: string, c: string, password = TEST_PASSWORD) =>
      t.app.inject({ method: 'POST', url: '/api/auth/activate', payload: { username, code: c, password } });
    const wrong = await tryIt('jp.code', 'AAAA-BBBB-CCCC');
    const crossed = await tryIt('jp.code', otherCode);
    const nobody = await tryIt('niemand', code);
    for (const r of [wrong, crossed, nobody]) {
      expect(r.statusCode).toBe(400);
      expect(r.json()).toEqual(wrong.json());
    }
    expect(wrong.json().message).toMatch(/klopt niet, is al gebruikt of is verlopen/);
    const short = await tryIt('jp.code', code, 'kort-2026');
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toMatch(/minstens 12 tekens/);
    const withName = await tryIt('jp.code', code, 'jp.code-is-mijn-naam');
    expect(withName.json().message).toMatch(/gebruikersnaam niet bevatten/);
    // After 72 hours the code is worth nothing (moved back in the database, as time would).
    await t.db.query("UPDATE activation_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1", [
      (made.json().user as { id: string }).id,
    ]);
    expect((await tryIt('jp.code', code)).json()).toEqual(wrong.json());
    expect(await count(t.db, "SELECT count(*)::int AS n FROM users WHERE username = 'jp.code' AND password_hash IS NOT NULL")).toBe(0);
    // Each refusal is a failed attempt in the audit log.
    expect(
      await count(
        t.db,
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'failed_login' AND detail ->> 'reason' = 'activation_code_wrong'",
      ),
    ).toBeGreaterThanOrEqual(4);
  });

  it('refuses a taken username with 409 username_taken', async () => {
    const res = await as.beheer('POST', '/api/admin/users', { username: 'Sanne', name: 'Sanne Twee', role: 'ib', schoolIds: [school(1)] });
    expect(res.status).toBe(409);
    expect(res.json()).toEqual({ error: 'username_taken', message: 'De gebruikersnaam sanne bestaat al. Kies een andere.' });
  });

  it('checks username, role and schools with 400 and a Dutch message; nothing is stored', async () => {
    const valid = { username: 'nieuw.account', name: 'Nieuw Account', role: 'jeugdprofessional', schoolIds: [school(1)] };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ username: 'ab' }, /3 tot 40 tekens/],
      [{ username: 'met spatie' }, /kleine letters/],
      [{ username: 'a'.repeat(41) }, /3 tot 40 tekens/],
      [{ role: 'admin' }, /Kies een rol/],
      [{ schoolIds: [] }, /minstens één school/],
      [{ schoolIds: ['7d0d7e38-9b1a-4d5e-8f00-000000000000'] }, /Onbekende school/],
      [{ schoolIds: ['springplank'] }, /school-id/],
      [{ isAdmin: true }, /isAdmin/],
    ];
    for (const [change, message] of cases) {
      const res = await as.beheer('POST', '/api/admin/users', { ...valid, ...change });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.json().message).toMatch(message);
    }
    expect(await count(t.db, "SELECT count(*)::int AS n FROM users WHERE username = 'nieuw.account'")).toBe(0);
  });

  it('updates name, role and schools (audit user.update); 404 for an unknown user', async () => {
    const made = await as.beheer('POST', '/api/admin/users', {
      username: 'jp.wissel',
      name: 'Jan Wissel',
      role: 'jeugdprofessional',
      schoolIds: [school(1)],
    });
    const id = (made.json().user as { id: string }).id;
    await activate(t.app, 'jp.wissel', (made.json().activation as { code: string }).code);
    const old = await loginAs(t.app, 'jp.wissel');
    expect((await pull(t.app, old.token)).scopeKey).toBe(`jeugdprofessional|${school(1)}||${areasKey(1)}`);

    const before = await audits('user.update');
    const res = await as.beheer('PATCH', `/api/admin/users/${id}`, { name: 'Jan Wissel-de Boer', schoolIds: [school(4), school(1)] });
    expect(res.status).toBe(200);
    expect(res.json().user).toMatchObject({
      name: 'Jan Wissel-de Boer',
      role: 'jeugdprofessional',
      schoolIds: [school(1), school(4)].sort(),
    });
    expect(await audits('user.update')).toBe(before + 1);
    const { rows } = await t.db.query<{ detail: Record<string, unknown> }>(
      "SELECT detail FROM audit_log WHERE action = 'user.update' ORDER BY id DESC LIMIT 1",
    );
    expect(rows[0]?.detail).toMatchObject({ userId: id, changed: { name: { before: 'Jan Wissel', after: 'Jan Wissel-de Boer' } } });

    // The same device's next pull carries a new scope key (the device then pulls again from 0).
    const page = await pull(t.app, old.token);
    expect(page.scopeKey).toBe(`jeugdprofessional|${[school(1), school(4)].sort().join(',')}||${areasKey(1, 3)}`);

    const role = await as.beheer('PATCH', `/api/admin/users/${id}`, { role: 'ib' });
    expect(role.json().user).toMatchObject({ role: 'ib' });
    const ibReads = new Set(['consultationRequest', 'contactPerson', 'mdoMeeting', 'mdoItem', 'mdoAgreement']);
    expect((await pull(t.app, old.token)).changes.every((c) => ibReads.has(c.entity))).toBe(true);

    const empty = await as.beheer('PATCH', `/api/admin/users/${id}`, {});
    expect(empty.status).toBe(400);
    const unknown = await as.beheer('PATCH', '/api/admin/users/7d0d7e38-9b1a-4d5e-8f00-000000000000', { name: 'Niemand Hier' });
    expect(unknown.status).toBe(404);
    expect(unknown.json().message).toBe('Deze gebruiker bestaat niet.');
    const forbidden = await as.coordinator('PATCH', `/api/admin/users/${id}`, { role: 'beheerder' });
    expect(forbidden.status).toBe(403);
    expect((await as.beheer('GET', '/api/admin/users')).body).toContain('"role":"ib"');
  });

  it('a beheerder cannot change their own role (400), but may change their own name', async () => {
    const res = await as.beheer('PATCH', `/api/admin/users/${beheerId}`, { role: 'coordinator' });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: 'own_role', message: 'Je kunt je eigen rol niet wijzigen; vraag een andere beheerder.' });
    expect(await count(t.db, "SELECT count(*)::int AS n FROM users WHERE id = $1 AND role = 'beheerder'", [beheerId])).toBe(1);
    expect((await as.beheer('PATCH', `/api/admin/users/${beheerId}`, { name: 'Peter Visser' })).status).toBe(200);
  });
});

describe('devices (beheerder)', () => {
  it('sees every device in the user list and revokes one by id (scoped by ?userId=), with an audit row', async () => {
    // Two users logged in on one shared tablet: the same device id.
    const tablet = '3f7b1c2e-8d4a-4b6e-9f10-0000000000aa';
    const sanne = await login(t.app, 'sanne', tablet);
    const ahmed = await login(t.app, 'ahmed', tablet);
    const users = (await as.beheer('GET', '/api/admin/users')).json().users as {
      username: string;
      id: string;
      devices: { id: string; revokedAt: string | null }[];
    }[];
    const owners = users.filter((u) => u.devices.some((d) => d.id === tablet));
    expect(owners.map((u) => u.username).sort()).toEqual(['ahmed', 'sanne']);

    const before = await audits('revoke_device');
    const res = await as.beheer('POST', `/api/devices/${tablet}/revoke?userId=${sanne.user.id}`);
    expect(res.status).toBe(200);
    expect(await audits('revoke_device')).toBe(before + 1);
    const sanneAfter = await t.app.inject({
      method: 'GET',
      url: '/api/schools',
      headers: { authorization: `Bearer ${sanne.accessToken}` },
    });
    expect(sanneAfter.statusCode).toBe(401);
    expect(sanneAfter.json().error).toBe('device_revoked');
    // Ahmed's log-in on the same tablet still works.
    const ahmedAfter = await t.app.inject({
      method: 'GET',
      url: '/api/schools',
      headers: { authorization: `Bearer ${ahmed.accessToken}` },
    });
    expect(ahmedAfter.statusCode).toBe(200);
    const listed = (await as.beheer('GET', '/api/admin/users')).json().users as typeof users;
    expect(listed.find((u) => u.username === 'sanne')?.devices.find((d) => d.id === tablet)?.revokedAt).toMatch(/^\d{4}-/);
    expect(listed.find((u) => u.username === 'ahmed')?.devices.find((d) => d.id === tablet)?.revokedAt).toBeNull();

    // An IB'er cannot revoke someone else's device: 404, as if it did not exist.
    const ib = await as.ib('POST', `/api/devices/${tablet}/revoke?userId=${ahmed.user.id}`);
    expect(ib.status).toBe(404);
    const bad = await as.beheer('POST', `/api/devices/${tablet}/revoke?userId=niet-een-id`);
    expect(bad.status).toBe(400);
  });
});

describe('colleagues in the log-in answer (who recorded a record, offline)', () => {
  type Who = { id: string; name: string; schoolIds: string[] };
  const colleagues = async (username: string) => ((await login(t.app, username)).user as { colleagues?: Who[] }).colleagues;

  it('names the jeugdprofessionals of a shared school whose team shares dossiers; none when it does not, none for other roles', async () => {
    const ahmed = demoUsers.find((u) => u.username === 'ahmed')!;
    const sanne = demoUsers.find((u) => u.username === 'sanne')!;
    // In the demo no school has two jeugdprofessionals (a test above added one at school 1).
    const before = await colleagues('sanne');
    expect(before?.map((c) => c.id)).not.toContain(ahmed.id);
    const ahmedEntry = { id: ahmed.id, name: 'Ahmed El Amrani', schoolIds: [school(3)] };

    const ahmedSchools = [school(4), school(5), school(6)];
    expect((await as.beheer('PATCH', `/api/admin/users/${ahmed.id}`, { schoolIds: [...ahmedSchools, school(3)] })).status).toBe(200);
    try {
      expect(await colleagues('sanne')).toEqual([ahmedEntry, ...before!]);
      expect(await colleagues('ahmed')).toEqual([{ id: sanne.id, name: 'Sanne de Vries', schoolIds: [school(3)] }]);
      for (const other of ['ib.springplank', 'coordinator', 'beheer']) expect(await colleagues(other)).toEqual([]);

      // "Team deelt dossiers" off: each reads only their own records there, so no colleague to name.
      expect((await as.coordinator('PATCH', `/api/schools/${school(3)}`, { teamShares: false })).status).toBe(200);
      expect(await colleagues('sanne')).toEqual(before);
    } finally {
      await as.coordinator('PATCH', `/api/schools/${school(3)}`, { teamShares: true });
      await as.beheer('PATCH', `/api/admin/users/${ahmed.id}`, { schoolIds: ahmedSchools });
    }
  });
});
