// The permission matrix through the real API: every role × entity × action × own/other
// school, asserted on what the push answers, what the pull contains and what the database holds.
// The expectations are written here from the issue, not computed with src/domain/permissions.ts,
// so a wrong rule there shows up as a leak (or a refusal) here.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityNames, type EntityName } from '../../src/domain/entities';
import { reasons } from '../../src/domain/permissions';
import { login, pull, pullAll, push, school, setup, update, type TestApp } from './helpers';
import { api, createOf, loginAs, makeUser, pupilAt, row, rows, schoolPupils } from './schoolSide.support';
import { demoAreas } from '../../src/server/demoSchoolSide';
import { unavailableReason } from '../../src/server/sync/pushPlan';

type Role = 'jeugdprofessional' | 'ib' | 'coordinator' | 'beheerder' | 'leerplicht';
type Action = 'create' | 'update' | 'archive' | 'read';
type Scope = 'own' | 'other';

const roles: Role[] = ['jeugdprofessional', 'ib', 'coordinator', 'beheerder', 'leerplicht'];
// Every entity there is: a new one without expectations below shows up as wrongly refused.
const entities: readonly EntityName[] = entityNames;
const actions: Action[] = ['create', 'update', 'archive', 'read'];
const scopes: Scope[] = ['own', 'other'];
// The jeugdprofessional's dossier: the consent register and verzuim belong to it.
const casework = new Set<EntityName>([
  'pupil',
  'signal',
  'contact',
  'consultation',
  'meldcode',
  'consent',
  'absence',
  'verzuimroute',
  // The wachtlijst (referral to care): the jeugdprofessional's only; never the IB'er or leerplicht.
  'wachtlijst',
]);
// The school's MDO: the IB'er and the jeugdprofessional plan it and write its minutes together.
const mdo = new Set<EntityName>(['mdoMeeting', 'mdoItem', 'mdoAgreement']);

/**
 * What the issue allows, on a record made by someone else (a colleague of the same school team, the
 * IB'er who asked, another coordinator). Other school: nothing, ever.
 */
function expected(role: Role, entity: EntityName, action: Action, scope: Scope): boolean {
  if (scope === 'other') return false;
  switch (role) {
    case 'jeugdprofessional':
      if (casework.has(entity)) return true; // the team shares (school 1 does)
      if (mdo.has(entity)) return true; // the school's MDO
      if (entity === 'consultationRequest') return action === 'read' || action === 'update'; // handles, never creates or deletes
      if (entity === 'consultationNote') return action === 'create'; // a colleague's private note: never
      if (entity === 'family') return true; // a family with a child at her school: read, plan, link, remove
      return entity === 'contactPerson' && action === 'read';
    case 'ib':
      if (mdo.has(entity)) return true; // the MDO of her school: meetings, agenda, minutes, agreements
      if (entity === 'consultationRequest') return action !== 'archive'; // asks, edits while nieuw, withdraws; never deletes
      return entity === 'contactPerson' && action === 'read';
    case 'coordinator':
      return entity === 'contactPerson';
    case 'beheerder':
      return entity === 'contactPerson' && action === 'read';
    case 'leerplicht':
      // The records name each school's pupil, whose route involves leerplicht (set up below); the
      // pupil records of the cells are fresh pupils without a route, so not theirs. Of the rest only
      // absence and routes; of a route only the leerplicht steps (updateFor), never a new one.
      if (entity === 'absence') return action === 'read';
      if (entity === 'verzuimroute') return action === 'read' || action === 'update';
      return entity === 'contactPerson' && action === 'read';
  }
}

/** The change each role would try on an existing record of `entity`. */
function updateFor(role: Role, entity: EntityName): Record<string, unknown> {
  switch (entity) {
    case 'pupil':
      return { group: 'groep 5' };
    case 'signal':
      return { description: 'Bijgewerkt signaal' };
    case 'contact':
      return { summary: 'Bijgewerkte samenvatting' };
    case 'consultation':
      return { advice: 'Nieuw advies' };
    case 'meldcode':
      return { step1: { date: new Date().toISOString().slice(0, 10), who: 'Test', note: '' } };
    case 'consultationRequest':
      return role === 'jeugdprofessional'
        ? { status: 'ingepland', plannedDate: '2026-12-02', plannedTime: '10:00', plannedAt: new Date().toISOString() }
        : { question: 'Aangepaste vraag van school' };
    case 'consultationNote':
      return { note: 'Overschreven aantekening' };
    case 'contactPerson':
      return { phone: '035 750 99 99' };
    case 'mdoMeeting':
      return { status: 'voorbereid' };
    case 'mdoItem':
      return { conclusion: 'Wijkteam gaat op huisbezoek' };
    case 'mdoAgreement':
      return { done: true, doneOn: new Date().toISOString().slice(0, 10) };
    case 'consent':
      return { withdrawnOn: new Date().toISOString().slice(0, 10), withdrawnReason: 'Vader trekt toestemming in' };
    case 'family':
      return { goalHome: 'Rust in huis, vaste bedtijden' };
    case 'absence':
      return { hours: 6 };
    case 'wachtlijst':
      return { overbrugging: 'Wekelijks gesprek met de jeugdprofessional' };
    case 'verzuimroute': {
      const step = { status: 'gedaan', date: new Date().toISOString().slice(0, 10), who: 'Test', note: '' };
      return role === 'leerplicht' ? { stepLeerplicht: step } : { stepGesprek: step };
    }
  }
}

interface Cell {
  role: Role;
  entity: EntityName;
  action: Action;
  scope: Scope;
  allow: boolean;
  recordId?: string;
}

let t: TestApp;
const actors = {} as Record<Role, { token: string; id: string }>;
const schoolOf = (s: Scope) => (s === 'own' ? school(1) : school(4));
const cells: Cell[] = [];

beforeAll(async () => {
  t = await setup();
  const beheer = await login(t.app, 'beheer');
  // The actors under test belong to school 1 only; school 4 is "other" for every role.
  // The makers of the records acted on: a jeugdprofessional and an IB'er of both schools, and the demo coordinator.
  const [jp, ib, coordinator, beheerder, jpMaker, ibMaker, coordMaker] = await Promise.all([
    makeUser(t.app, beheer.accessToken, 'jp.test', 'jeugdprofessional', [school(1)]),
    makeUser(t.app, beheer.accessToken, 'ib.test', 'ib', [school(1)]),
    makeUser(t.app, beheer.accessToken, 'coord.test', 'coordinator', [school(1)]),
    makeUser(t.app, beheer.accessToken, 'beheer.test', 'beheerder', [school(1)]),
    makeUser(t.app, beheer.accessToken, 'jp.maker', 'jeugdprofessional', [school(1), school(4)]),
    makeUser(t.app, beheer.accessToken, 'ib.maker', 'ib', [school(1), school(4)]),
    login(t.app, 'coordinator'),
  ]);
  // The leerplichtambtenaar of gemeente Huizen (school 1's gemeente; school 4 is in Hilversum).
  const leerplicht = await makeUser(t.app, beheer.accessToken, 'lpa.test', 'leerplicht', [], [demoAreas[1].id]);
  Object.assign(actors, { jeugdprofessional: jp, ib, coordinator, beheerder, leerplicht });

  for (const role of roles)
    for (const entity of entities)
      for (const action of actions)
        for (const scope of scopes) {
          cells.push({ role, entity, action, scope, allow: expected(role, entity, action, scope) });
        }
  // The pupil that the casework of each school names (a record names a pupil of its own school).
  const pupils = await push(t.app, jpMaker.token, schoolPupils([school(1), school(4)]));
  expect(pupils.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  // Both pupils have a route in which the school reported to leerplicht: leerplicht is involved.
  const reported = { status: 'gedaan', date: new Date().toISOString().slice(0, 10), who: 'Test', note: 'Gemeld via DUO' };
  const routes = await push(
    t.app,
    jpMaker.token,
    [school(1), school(4)].map((s) => createOf('verzuimroute', s, { stepMelding: reported })),
  );
  expect(routes.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  // One fresh record per update/archive/read cell, so no cell sees another cell's write.
  const byMaker = new Map<string, unknown[]>();
  for (const cell of cells.filter((c) => c.action !== 'create')) {
    const m = createOf(cell.entity, schoolOf(cell.scope));
    cell.recordId = m.recordId;
    const maker =
      cell.entity === 'consultationRequest' ? ibMaker.token : cell.entity === 'contactPerson' ? coordMaker.accessToken : jpMaker.token;
    byMaker.set(maker, [...(byMaker.get(maker) ?? []), m]);
  }
  for (const [token, mutations] of byMaker) {
    const res = await push(t.app, token, mutations);
    expect(res.status).toBe(200);
    expect(
      res.body.results.every((r) => r.status === 'applied'),
      JSON.stringify(res.body.results.find((r) => r.status !== 'applied')),
    ).toBe(true);
  }
}, 600_000);

afterAll(async () => {
  await t?.cleanup();
});

describe('permission matrix: role × entity × action × own/other school', () => {
  it('has 0 leaks: every expected deny is denied, every expected allow is allowed', async () => {
    const outcomes: { cell: Cell; got: boolean; why: string }[] = [];

    // Reads first (before any write): what a pull from the start holds, per actor.
    for (const role of roles) {
      const pulled = await pullAll(t.app, actors[role].token);
      const ids = new Set(pulled.changes.map((c) => String(c.record.id)));
      for (const cell of cells.filter((c) => c.role === role && c.action === 'read')) {
        outcomes.push({ cell, got: ids.has(cell.recordId!), why: 'pull' });
      }
    }

    // Writes: per role one push holding every write cell of that role (each on its own record, so
    // the answers are independent; a rejected mutation changes nothing, I5), then the rows compared.
    for (const role of roles) {
      const writes = cells
        .filter((c) => c.role === role && c.action !== 'read')
        .map((cell) => {
          if (cell.action === 'create') return { cell, m: createOf(cell.entity, schoolOf(cell.scope)), changes: null };
          const changes = cell.action === 'archive' ? { deleted: true } : updateFor(cell.role, cell.entity);
          return { cell, m: update(cell.entity, cell.recordId!, changes, 0), changes };
        });
      const before = await rows(
        t.db,
        writes.map((w) => w.m.recordId),
      );
      for (const w of writes) if (w.changes) w.m.baseVersion = before.get(w.m.recordId)!.version;
      const res = await push(
        t.app,
        actors[role].token,
        writes.map((w) => w.m),
      );
      expect(res.status).toBe(200);
      const after = await rows(
        t.db,
        writes.map((w) => w.m.recordId),
      );
      writes.forEach(({ cell, m, changes }, i) => {
        const result = res.body.results[i]!;
        expect(result.mutationId).toBe(m.id);
        const was = before.get(m.recordId);
        const now = after.get(m.recordId);
        if (result.status === 'applied') {
          // An allowed create is stored as the actor's; an allowed change is in the row.
          if (!changes) expect(now?.created_by).toBe(actors[role].id);
          for (const [k, v] of Object.entries(changes ?? {})) {
            if (k === 'deleted') expect(now!.deleted).toBe(true);
            else expect(now!.data[k]).toEqual(v);
          }
        } else {
          expect(result.status).toBe('rejected');
          expect(result.reason).toMatch(/\w/);
          // A denied write leaves the database exactly as it was: no row made, no row changed.
          expect(now).toEqual(was);
        }
        outcomes.push({ cell, got: result.status === 'applied', why: result.reason ?? result.status });
      });
    }

    const leaks = outcomes.filter((o) => !o.cell.allow && o.got);
    const refused = outcomes.filter((o) => o.cell.allow && !o.got);
    const allowed = outcomes.filter((o) => o.cell.allow).length;
    console.log(
      `permission matrix: ${outcomes.length} cells (${roles.length} roles × ${entities.length} entities × ${actions.length} actions × 2 schools), ` +
        `${allowed} allowed, ${outcomes.length - allowed} denied; leaks: ${leaks.length}, wrongly refused: ${refused.length}`,
    );
    const show = (o: (typeof outcomes)[number]) => `${o.cell.role} ${o.cell.action} ${o.cell.entity} (${o.cell.scope} school): ${o.why}`;
    expect(outcomes).toHaveLength(roles.length * entities.length * actions.length * scopes.length);
    expect(leaks.map(show)).toEqual([]);
    expect(refused.map(show)).toEqual([]);
  }, 600_000);
});

describe('consultatievraag: who writes which part', () => {
  it("the IB'er asks and edits while nieuw; once planned the question is locked; the JP never asks or withdraws", async () => {
    const ib = actors.ib.token;
    const jp = actors.jeugdprofessional.token;
    const ask = createOf('consultationRequest', school(1), { question: 'Mag ik iets vragen over groep 6?' });
    expect((await push(t.app, ib, [ask])).body.results[0]).toMatchObject({ status: 'applied' });
    let v = (await row(t.db, ask.recordId))!.version;
    expect((await push(t.app, ib, [update('consultationRequest', ask.recordId, { urgency: 'vandaag' }, v)])).body.results[0]?.status).toBe(
      'applied',
    );

    // The jeugdprofessional may not rewrite the question, withdraw, or create a request.
    v = (await row(t.db, ask.recordId))!.version;
    const before = await row(t.db, ask.recordId);
    for (const changes of [{ question: 'Door de JP herschreven' }, { status: 'teruggetrokken', withdrawnAt: new Date().toISOString() }]) {
      const res = await push(t.app, jp, [update('consultationRequest', ask.recordId, changes, v)]);
      expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/school|plannen/) });
    }
    expect(await row(t.db, ask.recordId)).toEqual(before);
    const jpCreate = await push(t.app, jp, [createOf('consultationRequest', school(1))]);
    expect(jpCreate.body.results[0]).toMatchObject({
      status: 'rejected',
      reason: 'Een consultatievraag wordt door school gesteld; je kunt er geen nieuwe aanmaken.',
    });

    // The JP plans it; now the IB'er cannot change the question, nor answer it, but can withdraw.
    const plan = {
      status: 'ingepland',
      plannedDate: '2026-12-02',
      plannedTime: '10:00',
      handledBy: actors.jeugdprofessional.id,
      plannedAt: new Date().toISOString(),
    };
    expect((await push(t.app, jp, [update('consultationRequest', ask.recordId, plan, v)])).body.results[0]?.status).toBe('applied');
    v = (await row(t.db, ask.recordId))!.version;
    const planned = await row(t.db, ask.recordId);
    const locked = await push(t.app, ib, [update('consultationRequest', ask.recordId, { question: 'Toch iets anders' }, v)]);
    expect(locked.body.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('al opgepakt') });
    const answer = await push(t.app, ib, [
      update('consultationRequest', ask.recordId, { status: 'beantwoord', adviceForSchool: 'Zelf beantwoord' }, v),
    ]);
    expect(answer.body.results[0]?.status).toBe('rejected');
    expect(await row(t.db, ask.recordId)).toEqual(planned);
    const withdraw = await push(t.app, ib, [
      update('consultationRequest', ask.recordId, { status: 'teruggetrokken', withdrawnAt: new Date().toISOString() }, v),
    ]);
    expect(withdraw.body.results[0]?.status).toBe('applied');
    expect((await row(t.db, ask.recordId))!.data.status).toBe('teruggetrokken');
  });

  it("an IB'er cannot send a request in already answered, nor withdraw an answered one", async () => {
    const ib = actors.ib.token;
    const answered = createOf('consultationRequest', school(1), {
      status: 'beantwoord',
      adviceForSchool: 'Al klaar',
      answeredAt: new Date().toISOString(),
    });
    const res = await push(t.app, ib, [answered]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('status nieuw') });
    expect(await row(t.db, answered.recordId)).toBeUndefined();

    const ask = createOf('consultationRequest', school(1));
    await push(t.app, ib, [ask]);
    let v = (await row(t.db, ask.recordId))!.version;
    await push(t.app, actors.jeugdprofessional.token, [
      update(
        'consultationRequest',
        ask.recordId,
        {
          status: 'beantwoord',
          adviceForSchool: 'Advies voor school',
          answeredAt: new Date().toISOString(),
          handledBy: actors.jeugdprofessional.id,
        },
        v,
      ),
    ]);
    v = (await row(t.db, ask.recordId))!.version;
    const late = await push(t.app, ib, [
      update('consultationRequest', ask.recordId, { status: 'teruggetrokken', withdrawnAt: new Date().toISOString() }, v),
    ]);
    expect(late.body.results[0]).toMatchObject({
      status: 'rejected',
      reason: 'Alleen een vraag die nog niet beantwoord is kan worden teruggetrokken.',
    });
    expect((await row(t.db, ask.recordId))!.data.status).toBe('beantwoord');
  });
});

describe('consultatievraag: the consent check and who answered', () => {
  it('only the jeugdprofessional stores the check, the choice and their name; the IB only their own name when asking', async () => {
    const ib = actors.ib.token;
    const jp = actors.jeugdprofessional.token;
    const named = createOf('consultationRequest', school(1), { askedByName: 'Marieke Jansen' });
    expect((await push(t.app, ib, [named])).body.results[0]?.status).toBe('applied');
    const preset = createOf('consultationRequest', school(1), { sharingBasis: 'meldcode', sharingReason: 'Zelf ingevuld' });
    expect((await push(t.app, ib, [preset])).body.results[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('status nieuw'),
    });

    let v = (await row(t.db, named.recordId))!.version;
    const ibSets = await push(t.app, ib, [
      update('consultationRequest', named.recordId, { sharingBasis: 'algemeen', handledByName: 'Iemand' }, v),
    ]);
    expect(ibSets.body.results[0]).toMatchObject({ status: 'rejected', reason: reasons.requestHandleOnly });

    const noReason = await push(t.app, jp, [update('consultationRequest', named.recordId, { sharingBasis: 'meldcode' }, v)]);
    expect(noReason.body.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('Meldcode') });
    const answer = {
      status: 'beantwoord',
      adviceForSchool: 'Algemeen advies.',
      answeredAt: new Date().toISOString(),
      handledBy: actors.jeugdprofessional.id,
      handledByName: 'Sanne de Vries',
      consentCheck: 'geen',
      sharingBasis: 'algemeen',
      sharingReason: '',
    };
    expect((await push(t.app, jp, [update('consultationRequest', named.recordId, answer, v)])).body.results[0]?.status).toBe('applied');
    v = (await row(t.db, named.recordId))!.version;
    expect((await row(t.db, named.recordId))!.data).toMatchObject({
      askedByName: 'Marieke Jansen',
      handledByName: 'Sanne de Vries',
      consentCheck: 'geen',
      sharingBasis: 'algemeen',
    });
    const bad = await push(t.app, jp, [update('consultationRequest', named.recordId, { sharingBasis: 'zomaar' }, v)]);
    expect(bad.body.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('sharingBasis') });
  });
});

describe('private note, create over an existing id, team sharing', () => {
  it('a private note is read and changed by its author only, not by a colleague on the same school', async () => {
    const author = actors.jeugdprofessional;
    const colleague = await loginAs(t.app, 'jp.maker');
    const note = createOf('consultationNote', school(1), { note: 'Alleen voor mij: moeder vertelt over schulden' });
    expect((await push(t.app, author.token, [note])).body.results[0]?.status).toBe('applied');
    const v = (await row(t.db, note.recordId))!.version;
    expect(
      (await push(t.app, author.token, [update('consultationNote', note.recordId, { note: 'Bijgewerkt door mij' }, v)])).body.results[0]
        ?.status,
    ).toBe('applied');

    const mine = await pullAll(t.app, author.token);
    expect(mine.changes.some((c) => c.record.id === note.recordId)).toBe(true);
    const theirs = await pullAll(t.app, colleague.token);
    expect(theirs.changes.some((c) => c.record.id === note.recordId)).toBe(false);
    const before = await row(t.db, note.recordId);
    const write = await push(t.app, colleague.token, [
      update('consultationNote', note.recordId, { note: 'Overschreven' }, before!.version),
    ]);
    // A note the colleague cannot see is refused like an id that does not exist: its existence is not told.
    expect(write.body.results[0]).toMatchObject({ status: 'rejected', reason: unavailableReason });
    expect(await row(t.db, note.recordId)).toEqual(before);
  });

  it('a create for an id that already exists is checked against the record that is there', async () => {
    const author = actors.jeugdprofessional;
    const note = createOf('consultationNote', school(1), { note: 'Privé' });
    await push(t.app, author.token, [note]);
    const before = await row(t.db, note.recordId);
    // A colleague, the IB'er and a jeugdprofessional of another school each "create" the same id.
    const colleague = await loginAs(t.app, 'jp.maker');
    const ahmed = await login(t.app, 'ahmed');
    for (const [token, schoolId] of [
      [colleague.token, school(1)],
      [actors.ib.token, school(1)],
      [ahmed.accessToken, school(4)],
    ] as const) {
      const res = await push(t.app, token, [createOf('consultationNote', schoolId, { note: 'Overgenomen' }, note.recordId)]);
      expect(res.body.results[0]?.status).toBe('rejected');
    }
    // The same for casework: Ahmed (other schools) cannot take over a school-1 signal by its id.
    const signal = createOf('signal', school(1));
    await push(t.app, author.token, [signal]);
    const signalBefore = await row(t.db, signal.recordId);
    const takeover = await push(t.app, ahmed.accessToken, [createOf('signal', school(4), {}, signal.recordId)]);
    // Refused as if the id did not exist: nothing about the other school's record is told.
    expect(takeover.body.results[0]).toMatchObject({ status: 'rejected', reason: unavailableReason });
    expect(await row(t.db, note.recordId)).toEqual(before);
    expect(await row(t.db, signal.recordId)).toEqual(signalBefore);
  });

  it('with team sharing off, a jeugdprofessional reads and edits only their own casework there', async () => {
    const coordinator = await login(t.app, 'coordinator');
    const jp = actors.jeugdprofessional;
    const maker = await loginAs(t.app, 'jp.maker');
    const theirs = createOf('signal', school(1), { description: 'Signaal van een collega' });
    const mine = createOf('signal', school(1), { description: 'Mijn eigen signaal' });
    await push(t.app, maker.token, [theirs]);
    await push(t.app, jp.token, [mine]);
    const sharedKey = (await pull(t.app, jp.token)).scopeKey;
    expect((await pullAll(t.app, jp.token)).changes.some((c) => c.record.id === theirs.recordId)).toBe(true);

    expect((await api(t.app, coordinator.accessToken)('PATCH', `/api/schools/${school(1)}`, { teamShares: false })).status).toBe(200);
    try {
      const first = await pull(t.app, jp.token);
      expect(first.scopeKey).not.toBe(sharedKey);
      expect(first.scopeKey?.startsWith(`jeugdprofessional|${school(1)}|${school(1)}|`)).toBe(true);
      const ids = new Set((await pullAll(t.app, jp.token)).changes.map((c) => c.record.id));
      expect(ids.has(mine.recordId)).toBe(true);
      expect(ids.has(theirs.recordId)).toBe(false);
      // The school side is not casework: requests and the directory still come.
      expect((await pullAll(t.app, jp.token)).changes.some((c) => c.entity === 'contactPerson')).toBe(true);
      const before = await row(t.db, theirs.recordId);
      const edit = await push(t.app, jp.token, [update('signal', theirs.recordId, { description: 'Aangepast' }, before!.version)]);
      // A colleague's record the jeugdprofessional no longer sees: the answer of a record that does not exist.
      expect(edit.body.results[0]).toMatchObject({ status: 'rejected', reason: unavailableReason });
      expect(await row(t.db, theirs.recordId)).toEqual(before);
      const own = await push(t.app, jp.token, [
        update('signal', mine.recordId, { description: 'Eigen signaal bijgewerkt' }, (await row(t.db, mine.recordId))!.version),
      ]);
      expect(own.body.results[0]?.status).toBe('applied');
    } finally {
      await api(t.app, coordinator.accessToken)('PATCH', `/api/schools/${school(1)}`, { teamShares: true });
    }
    expect((await pull(t.app, jp.token)).scopeKey).toBe(sharedKey);
  });
});

describe("the IB'er cannot obtain a private note by any API call", () => {
  it('not by pull, push answers, /api/schools, the admin API or /api/devices', async () => {
    // Sanne's demo note on the answered Springplank request, and a fresh one with a unique text.
    const sanne = await login(t.app, 'sanne');
    const secret = `GEHEIM-${randomUUID()}`;
    const note = createOf('consultationNote', school(1), { note: `Privé: ${secret}` });
    expect((await push(t.app, sanne.accessToken, [note])).body.results[0]?.status).toBe('applied');
    const { rows } = await t.db.query<{ id: string; data: { note: string } }>(
      "SELECT id, data FROM records WHERE entity = 'consultationNote' AND created_by = $1 AND id <> $2",
      [sanne.user.id, note.recordId],
    );
    const demoNote = rows[0]!;
    expect(demoNote.data.note).toMatch(/^Moeder vertelt/);
    const needles = [secret, note.recordId, demoNote.id, demoNote.data.note.slice(0, 40)];

    const ib = await login(t.app, 'ib.springplank');
    const call = api(t.app, ib.accessToken);
    const bodies: string[] = [];
    // Pull from the start, every page, and with every limit that could change the paging.
    for (const limit of [1, 7, 1000]) {
      let cursor = '0';
      for (;;) {
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/sync/pull?cursor=${cursor}&limit=${limit}`,
          headers: { authorization: `Bearer ${ib.accessToken}`, 'x-protocol-version': '2' },
        });
        bodies.push(res.body);
        const page = res.json() as { cursor: string; hasMore: boolean; changes: { entity: string }[] };
        expect(page.changes.some((c) => c.entity === 'consultationNote')).toBe(false);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
    }
    // Push: update, create over the id, resolve, delete: each rejected, and no answer repeats the note.
    for (const id of [note.recordId, demoNote.id]) {
      for (const m of [
        update('consultationNote', id, { note: 'x' }, 0),
        update('consultationNote', id, { deleted: true }, 0),
        createOf('consultationNote', school(1), {}, id),
        createOf('consultationRequest', school(1), {}, id),
      ]) {
        const res = await push(t.app, ib.accessToken, [m]);
        expect(res.body.results[0]?.status).toBe('rejected');
        bodies.push(JSON.stringify(res.body));
      }
    }
    for (const [method, url] of [
      ['GET', '/api/schools'],
      ['GET', '/api/admin/users'],
      ['GET', '/api/devices'],
      ['GET', `/api/admin/users/${sanne.user.id}`],
    ] as const) {
      bodies.push((await call(method, url)).body);
    }
    const all = bodies.join('\n');
    for (const needle of needles) expect(all).not.toContain(needle);
    // The note really is there: Sanne's own pull holds it.
    expect(JSON.stringify((await pullAll(t.app, sanne.accessToken)).changes)).toContain(secret);
  });
});

describe('regional wie-is-wie: role × action × area', () => {
  // Areas of the demo region: the SWV, gemeente Huizen (school 1, the actors' school) and Weesp (not theirs).
  const swv = demoAreas[0].id;
  const huizen = demoAreas[1].id;
  const weesp = demoAreas[4].id;
  type Area = 'swv' | 'own gemeente' | 'other gemeente';
  const areaId: Record<Area, string> = { swv, 'own gemeente': huizen, 'other gemeente': weesp };

  /** Written from the issue: everyone reads the SWV and their own gemeente; only the coordinator writes. */
  function allowed(role: Role, action: Action, area: Area): boolean {
    const overseesRegion = role === 'coordinator' || role === 'beheerder';
    if (action === 'read') return area !== 'other gemeente' || overseesRegion;
    return role === 'coordinator';
  }

  it('every role reads the regional entries of its SWV and gemeente; only the coordinator changes them', async () => {
    const coordMaker = await login(t.app, 'coordinator');
    const cellsHere: { role: Role; action: Action; area: Area; recordId?: string }[] = [];
    for (const role of roles)
      for (const action of actions) for (const area of Object.keys(areaId) as Area[]) cellsHere.push({ role, action, area });
    const made = cellsHere
      .filter((c) => c.action !== 'create')
      .map((c) => {
        const m = createOf('contactPerson', areaId[c.area], { name: `Regio ${c.role} ${c.action}` });
        c.recordId = m.recordId;
        return m;
      });
    const seeded = await push(t.app, coordMaker.accessToken, made);
    expect(
      seeded.body.results.every((r) => r.status === 'applied'),
      JSON.stringify(seeded.body.results[0]),
    ).toBe(true);

    const problems: string[] = [];
    for (const role of roles) {
      const ids = new Set((await pullAll(t.app, actors[role].token)).changes.map((c) => String(c.record.id)));
      for (const c of cellsHere.filter((x) => x.role === role && x.action === 'read')) {
        if (ids.has(c.recordId!) !== allowed(role, 'read', c.area)) problems.push(`${role} read ${c.area}: ${ids.has(c.recordId!)}`);
      }
      const writes = cellsHere
        .filter((x) => x.role === role && x.action !== 'read')
        .map((c) => {
          if (c.action === 'create') return { c, m: createOf('contactPerson', areaId[c.area]) };
          return { c, m: update('contactPerson', c.recordId!, c.action === 'archive' ? { deleted: true } : { phone: '035 750 99 98' }, 0) };
        });
      const before = await rows(
        t.db,
        writes.map((w) => w.m.recordId),
      );
      for (const w of writes) if (w.c.action !== 'create') w.m.baseVersion = before.get(w.m.recordId)!.version;
      const res = await push(
        t.app,
        actors[role].token,
        writes.map((w) => w.m),
      );
      const after = await rows(
        t.db,
        writes.map((w) => w.m.recordId),
      );
      writes.forEach(({ c, m }, i) => {
        const applied = res.body.results[i]?.status === 'applied';
        if (applied !== allowed(role, c.action, c.area))
          problems.push(`${role} ${c.action} ${c.area}: ${res.body.results[i]?.status} ${res.body.results[i]?.reason ?? ''}`);
        // A refused write leaves the row as it was (or makes none).
        if (!applied) expect(after.get(m.recordId)).toEqual(before.get(m.recordId));
      });
    }
    expect(problems).toEqual([]);

    // An area carries only the directory: casework cannot be parked there, not even by the coordinator.
    const signal = createOf('signal', huizen);
    const res = await push(t.app, actors.jeugdprofessional.token, [signal]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected' });
    expect(await row(t.db, signal.recordId)).toBeUndefined();
  });

  it("the demo's regional entries reach every demo role, each with its own gemeente's leerplicht team", async () => {
    const expectLeerplicht: Record<string, string[]> = {
      sanne: ['Leerplichtteam Bussum', 'Leerplichtteam Huizen'],
      ahmed: ['Leerplichtteam Hilversum', 'Leerplichtteam Weesp'],
      'ib.springplank': ['Leerplichtteam Huizen'],
      'ib.meerwende': ['Leerplichtteam Bussum'],
      coordinator: ['Leerplichtteam Bussum', 'Leerplichtteam Hilversum', 'Leerplichtteam Huizen', 'Leerplichtteam Weesp'],
      beheer: ['Leerplichtteam Bussum', 'Leerplichtteam Hilversum', 'Leerplichtteam Huizen', 'Leerplichtteam Weesp'],
    };
    for (const [username, teams] of Object.entries(expectLeerplicht)) {
      const who = await login(t.app, username);
      const people = (await pullAll(t.app, who.accessToken)).changes
        .filter((c) => c.entity === 'contactPerson')
        .map((c) => c.record as { name: string; role: string; schoolId: string; phone: string });
      const names = people.map((p) => p.name);
      expect(names.filter((n) => n.startsWith('Leerplichtteam ')).sort(), username).toEqual(teams);
      // The SWV level: loket, consultatie- en adviesteam, RMC and Veilig Thuis's regional number.
      for (const role of ['swv_loket', 'cat', 'rmc'])
        expect(
          people.some((p) => p.role === role && p.schoolId === swv),
          `${username} ${role}`,
        ).toBe(true);
      expect(people.find((p) => p.role === 'veilig_thuis' && p.schoolId === swv)?.phone, username).toBe('0800-2000');
      // The log-in answer names the areas, so the phone can title its sections.
      expect(who.user.areas?.map((a) => a.name)).toContain('Samenwerkingsverband Gooi en Vecht');
    }
  });
});

describe('permission matrix: break-the-glass (covering for a colleague)', () => {
  it('a grant opens exactly the casework about one pupil of another school, in pull and push: 0 leaks', async () => {
    const beheer = await login(t.app, 'beheer');
    // A jeugdprofessional of school 4 only, covering at school 1 for pupil G (not for pupil O).
    const [covering, maker] = await Promise.all([
      makeUser(t.app, beheer.accessToken, 'jp.bg', 'jeugdprofessional', [school(4)]),
      loginAs(t.app, 'jp.maker'),
    ]);
    const granted = createOf('pupil', school(1), { initials: 'G.G.' });
    const other = createOf('pupil', school(1), { initials: 'O.O.' });
    expect((await push(t.app, maker.token, [granted, other])).body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const code = String((await row(t.db, granted.recordId))!.data.dossierCode);
    const asked = await api(t.app, covering.token)('POST', '/api/rights/grants', { code, reason: 'Vervanging van een zieke collega' });
    expect(asked.status).toBe(201);

    type Target = 'granted' | 'other';
    const targets: Target[] = ['granted', 'other'];
    const pupilOfTarget = (target: Target) => (target === 'granted' ? granted.recordId : other.recordId);
    const about = (entity: EntityName, target: Target) =>
      entity === 'pupil' || entity === 'contactPerson' || entity === 'consultationRequest' ? {} : { pupilId: pupilOfTarget(target) };
    const allow = (entity: EntityName, action: Action, target: Target) =>
      casework.has(entity) && target === 'granted' && !(entity === 'pupil' && action === 'create');

    // One record per (entity, action, target), made by a colleague at school 1; a pupil target is the pupil itself.
    interface BgCell {
      entity: EntityName;
      action: Action;
      target: Target;
      recordId?: string;
    }
    const bgCells: BgCell[] = [];
    // The gezin and the MDO are not one pupil's casework (a gezin spans schools, the MDO is the school's):
    // the other matrices cover them; a grant never reaches them (0 leaks is checked above for the rest).
    const bgEntities = entities.filter((e) => !['family', 'mdoMeeting', 'mdoItem', 'mdoAgreement'].includes(e));
    for (const entity of bgEntities) for (const action of actions) for (const target of targets) bgCells.push({ entity, action, target });
    const byMaker = new Map<string, unknown[]>();
    for (const cell of bgCells.filter((c) => c.action !== 'create')) {
      if (cell.entity === 'pupil') {
        // Its own pupil record: the granted one, or the other one.
        cell.recordId = pupilOfTarget(cell.target);
        continue;
      }
      const m = createOf(cell.entity, school(1), about(cell.entity, cell.target));
      cell.recordId = m.recordId;
      const token =
        cell.entity === 'consultationRequest'
          ? actors.ib.token
          : cell.entity === 'contactPerson'
            ? (await login(t.app, 'coordinator')).accessToken
            : maker.token;
      byMaker.set(token, [...(byMaker.get(token) ?? []), m]);
    }
    for (const [token, mutations] of byMaker) {
      const res = await push(t.app, token, mutations);
      expect(
        res.body.results.every((r) => r.status === 'applied'),
        JSON.stringify(res.body.results.find((r) => r.status !== 'applied')),
      ).toBe(true);
    }

    const outcomes: { cell: BgCell; got: boolean; why: string }[] = [];
    const pulled = new Set((await pullAll(t.app, covering.token)).changes.map((c) => String(c.record.id)));
    for (const cell of bgCells.filter((c) => c.action === 'read')) outcomes.push({ cell, got: pulled.has(cell.recordId!), why: 'pull' });
    // Writes, one per cell; the pupil records are written last so archiving one does not hide another cell's record.
    const writes = bgCells
      .filter((c) => c.action !== 'read')
      .sort((a, b) => Number(a.entity === 'pupil') - Number(b.entity === 'pupil'))
      .map((cell) => {
        if (cell.action === 'create') return { cell, m: createOf(cell.entity, school(1), about(cell.entity, cell.target)) };
        const changes = cell.action === 'archive' ? { deleted: true } : updateFor('jeugdprofessional', cell.entity);
        return { cell, m: update(cell.entity, cell.recordId!, changes, 0) };
      });
    // Pupil cells share their record (update and archive): one push per write keeps the answers independent.
    for (const { cell, m } of writes) {
      m.baseVersion = (await row(t.db, m.recordId))?.version ?? 0;
      const before = await row(t.db, m.recordId);
      const res = await push(t.app, covering.token, [m]);
      const result = res.body.results[0]!;
      if (result.status !== 'applied') expect(await row(t.db, m.recordId)).toEqual(before);
      outcomes.push({ cell, got: result.status === 'applied', why: result.reason ?? result.status });
    }

    const leaks = outcomes.filter((o) => !allow(o.cell.entity, o.cell.action, o.cell.target) && o.got);
    const refused = outcomes.filter((o) => allow(o.cell.entity, o.cell.action, o.cell.target) && !o.got);
    console.log(`break-the-glass matrix: ${outcomes.length} cells; leaks: ${leaks.length}, wrongly refused: ${refused.length}`);
    const show = (o: (typeof outcomes)[number]) => `${o.cell.action} ${o.cell.entity} (${o.cell.target} pupil): ${o.why}`;
    expect(outcomes).toHaveLength(bgEntities.length * actions.length * targets.length);
    expect(leaks.map(show)).toEqual([]);
    expect(refused.map(show)).toEqual([]);
  }, 600_000);
});

describe('the leerplichtambtenaar: only pupils whose route involves leerplicht, in their gemeenten', () => {
  it('reads the involved pupil and its verzuim, not before the school reported, never another gemeente', async () => {
    const jp = actors.jeugdprofessional.token;
    const lpa = actors.leerplicht.token;
    // A new pupil at school 1 with verzuim and a route that does not yet involve leerplicht.
    const pupil = createOf('pupil', school(1), { initials: 'V.Z.' });
    const absence = createOf('absence', school(1), { pupilId: pupil.recordId, hours: 16 });
    const signal = createOf('signal', school(1), { pupilId: pupil.recordId });
    const route = createOf('verzuimroute', school(1), { pupilId: pupil.recordId });
    expect((await push(t.app, jp, [pupil, absence, signal, route])).body.results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    const before = await pullAll(t.app, lpa);
    const firstKey = (await pull(t.app, lpa)).scopeKey;
    const seen = (p: typeof before) => new Set(p.changes.map((c) => String(c.record.id)));
    for (const id of [pupil.recordId, absence.recordId, signal.recordId, route.recordId]) expect(seen(before).has(id)).toBe(false);

    // The school reports to leerplicht: from now on the pupil, the entries and the route are theirs,
    // the signal never; the scope key changes, so the phone pulls again from the start.
    const reported = { status: 'gedaan', date: new Date().toISOString().slice(0, 10), who: 'Test', note: 'DUO' };
    const v = (await row(t.db, route.recordId))!.version;
    expect((await push(t.app, jp, [update('verzuimroute', route.recordId, { stepMelding: reported }, v)])).body.results[0]?.status).toBe(
      'applied',
    );
    expect((await pull(t.app, lpa)).scopeKey).not.toBe(firstKey);
    const after = await pullAll(t.app, lpa);
    for (const id of [pupil.recordId, absence.recordId, route.recordId]) expect(seen(after).has(id), id).toBe(true);
    expect(seen(after).has(signal.recordId)).toBe(false);
    expect(seen(after).has(pupilAt(school(1)))).toBe(true);
    // School 4 (Hilversum) is not in their gemeente: its involved pupil is not theirs.
    expect(seen(after).has(pupilAt(school(4)))).toBe(false);
    const entities = new Set(after.changes.map((c) => c.entity));
    expect([...entities].filter((e) => !['pupil', 'absence', 'verzuimroute', 'contactPerson'].includes(e))).toEqual([]);

    // Their own step they write; the school's steps and the plan they do not.
    const v2 = (await row(t.db, route.recordId))!.version;
    const mine = await push(t.app, lpa, [
      update('verzuimroute', route.recordId, { stepLeerplicht: { ...reported, who: 'Test lpa', note: 'Opgepakt' } }, v2),
    ]);
    expect(mine.body.results[0]?.status).toBe('applied');
    const v3 = (await row(t.db, route.recordId))!.version;
    const theirs = await push(t.app, lpa, [update('verzuimroute', route.recordId, { planGoal: 'terug_op_school' }, v3)]);
    expect(theirs.body.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('leerplicht') });
    expect((await row(t.db, route.recordId))!.data.planGoal).toBeNull();
  });

  it('an account without a gemeente is refused, and a gemeente only for leerplicht', async () => {
    const beheer = await login(t.app, 'beheer');
    const call = api(t.app, beheer.accessToken);
    const none = await call('POST', '/api/admin/users', {
      username: 'lpa.none',
      name: 'Zonder gemeente',
      role: 'leerplicht',
      schoolIds: [],
    });
    expect(none.status).toBe(400);
    expect((none.json() as { details: { path: string }[] }).details[0]?.path).toBe('gemeenteIds');
    const jp = await call('POST', '/api/admin/users', {
      username: 'jp.gemeente',
      name: 'Met gemeente',
      role: 'jeugdprofessional',
      schoolIds: [school(1)],
      gemeenteIds: [demoAreas[1].id],
    });
    expect(jp.status).toBe(400);
    const unknown = await call('POST', '/api/admin/users', {
      username: 'lpa.swv',
      name: 'Bij het SWV',
      role: 'leerplicht',
      schoolIds: [],
      gemeenteIds: [demoAreas[0].id],
    });
    expect(unknown.status).toBe(400);
  });
});
