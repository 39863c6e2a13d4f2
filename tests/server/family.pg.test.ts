// The gezin across schools, through the real API: who reads the family, what the jeugdprofessional
// of another school learns (only that a sibling exists and whom to call), who links and changes
// which entry, that a linked pupil is really at that school, the audit rows and the demo family.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, pullAll, push, school, setup, update, type TestApp } from './helpers';
import { api, createOf, makeUser, row } from './schoolSide.support';
import { pupilElsewhereReason, unavailableReason } from '../../src/server/sync/pushPlan';
import { reasons } from '../../src/domain/permissions';
import type { FamilyMember } from '../../src/domain/family';

let t: TestApp;
type Who = { token: string; id: string };
let jpA: Who; // jeugdprofessional of school 1 (PO)
let jpB: Who; // jeugdprofessional of school 5 (VO), another team
let jpC: Who; // jeugdprofessional of school 2: no child of the family there
let ibA: Who; // the IB'er of school 1

// Details that must never reach a user who may not read the pupil.
const secretA = { initials: `Q${randomUUID().slice(0, 6)}`, group: 'groep 3', birthYear: new Date().getFullYear() - 7 };
const secretB = { initials: `Z${randomUUID().slice(0, 6)}`, group: '2 havo', birthYear: new Date().getFullYear() - 14 };
const pupilA = createOf('pupil', school(1), secretA);
const pupilB = createOf('pupil', school(5), secretB);
/** An id that is not this one (a guessed pupil id), whatever its last character is. */
const otherId = (id: string) => id.slice(0, -1) + (id.endsWith('0') ? '1' : '0');
const entry = (pupilId: string | null, schoolId: string, contactName: string): FamilyMember => ({
  pupilId,
  schoolId,
  schoolName: `School ${schoolId.slice(-1)}`,
  contactName,
  contactPhone: '035 750 21 10',
});

beforeAll(async () => {
  t = await setup();
  const beheer = await login(t.app, 'beheer');
  [jpA, jpB, jpC, ibA] = await Promise.all([
    makeUser(t.app, beheer.accessToken, 'jp.fam.a', 'jeugdprofessional', [school(1)]),
    makeUser(t.app, beheer.accessToken, 'jp.fam.b', 'jeugdprofessional', [school(5)]),
    makeUser(t.app, beheer.accessToken, 'jp.fam.c', 'jeugdprofessional', [school(2)]),
    makeUser(t.app, beheer.accessToken, 'ib.fam.a', 'ib', [school(1)]),
  ]);
  expect((await push(t.app, jpA.token, [pupilA])).body.results[0]?.status).toBe('applied');
  expect((await push(t.app, jpB.token, [pupilB])).body.results[0]?.status).toBe('applied');
}, 300_000);

afterAll(async () => {
  await t?.cleanup();
});

const idsOf = async (who: Who) => new Set((await pullAll(t.app, who.token)).changes.map((c) => String(c.record.id)));

describe('a family across two schools', () => {
  it('A records a sibling at school B; B links her pupil; B learns of A only existence and whom to call', async () => {
    const family = createOf('family', school(1), {
      members: [entry(pupilA.recordId, school(1), 'JP A'), entry(null, school(5), 'JP B')],
      regie: 'JP A',
      reviewDate: '2026-12-14',
    });
    expect((await push(t.app, jpA.token, [family])).body.results[0]?.status).toBe('applied');

    // B sees the family (she is asked to link), not A's pupil; C and the IB'er see nothing of it.
    expect((await idsOf(jpB)).has(family.recordId)).toBe(true);
    for (const who of [jpC, ibA]) expect((await idsOf(who)).has(family.recordId)).toBe(false);

    // B links her pupil at her school.
    let v = (await row(t.db, family.recordId))!.version;
    const linked = [entry(pupilA.recordId, school(1), 'JP A'), entry(pupilB.recordId, school(5), 'JP B')];
    expect((await push(t.app, jpB.token, [update('family', family.recordId, { members: linked }, v)])).body.results[0]?.status).toBe(
      'applied',
    );

    // What B's whole pull holds about A's child: the family entry (pupil id, school, whom to call), nothing else.
    const pulledB = await pullAll(t.app, jpB.token);
    const body = JSON.stringify(pulledB.changes);
    expect(body).not.toContain(secretA.initials);
    expect(pulledB.changes.some((c) => c.record.id === pupilA.recordId)).toBe(false);
    const famB = pulledB.changes.find((c) => c.record.id === family.recordId)!.record as { members: FamilyMember[] };
    const aEntry = famB.members.find((x) => x.schoolId === school(1))!;
    expect(Object.keys(aEntry).sort()).toEqual(['contactName', 'contactPhone', 'pupilId', 'schoolId', 'schoolName']);
    expect(aEntry.contactName).toBe('JP A');
    // And the other way round.
    const pulledA = await pullAll(t.app, jpA.token);
    expect(JSON.stringify(pulledA.changes)).not.toContain(secretB.initials);
    expect(pulledA.changes.some((c) => c.record.id === pupilB.recordId)).toBe(false);
    // C still learns nothing, not even that the family exists.
    const pulledC = JSON.stringify((await pullAll(t.app, jpC.token)).changes);
    for (const needle of [family.recordId, pupilA.recordId, pupilB.recordId, secretA.initials, secretB.initials])
      expect(pulledC).not.toContain(needle);

    // Reading the family is a read about each child it names, in the audit log.
    const { rows: reads } = await t.db.query<{ pupil_id: string }>(
      "SELECT pupil_id FROM audit_log WHERE user_id = $1 AND action = 'read' AND detail -> 'records' ? $2",
      [jpB.id, family.recordId],
    );
    expect(reads.map((r) => r.pupil_id)).toEqual(expect.arrayContaining([pupilA.recordId, pupilB.recordId]));

    // Both write the plan; A sees B's change.
    v = (await row(t.db, family.recordId))!.version;
    expect(
      (await push(t.app, jpB.token, [update('family', family.recordId, { goalLeisure: 'Weer naar voetbal' }, v)])).body.results[0]?.status,
    ).toBe('applied');
    const famA = (await pullAll(t.app, jpA.token)).changes.find((c) => c.record.id === family.recordId)!.record;
    expect(famA.goalLeisure).toBe('Weer naar voetbal');
  });

  it("refuses a change to another school's entry, a pupil at the wrong school, and deleting a shared family", async () => {
    const family = createOf('family', school(1), { members: [entry(pupilA.recordId, school(1), 'JP A'), entry(null, school(5), 'JP B')] });
    expect((await push(t.app, jpA.token, [family])).body.results[0]?.status).toBe('applied');
    const before = await row(t.db, family.recordId);
    const v = before!.version;
    const attempts: [Who, Record<string, unknown>, string][] = [
      // A fills in B's entry herself (she cannot know B's pupils; a guessed id is refused too).
      [jpA, { members: [entry(pupilA.recordId, school(1), 'JP A'), entry(pupilB.recordId, school(5), 'JP B')] }, reasons.familyOtherSchool],
      // B removes A's child.
      [jpB, { members: [entry(pupilB.recordId, school(5), 'JP B')] }, reasons.familyOtherSchool],
      // B puts A's pupil in as if at her school.
      [
        jpB,
        { members: [entry(pupilA.recordId, school(1), 'JP A'), entry(pupilA.recordId, school(5), 'JP B')] },
        'Deze leerling staat al in het gezin',
      ],
      [
        jpB,
        { members: [entry(pupilA.recordId, school(1), 'JP A'), entry(otherId(pupilA.recordId), school(5), 'JP B')] },
        pupilElsewhereReason,
      ],
      // A deletes a family with a child at B's school.
      [jpA, { deleted: true }, reasons.familyNoDelete],
      // C and the IB'er: as if it did not exist.
      [jpC, { goalHome: 'x' }, unavailableReason],
      [ibA, { goalHome: 'x' }, unavailableReason],
    ];
    for (const [who, changes, reason] of attempts) {
      const res = await push(t.app, who.token, [update('family', family.recordId, changes, v)]);
      expect(res.body.results[0], JSON.stringify(changes)).toMatchObject({ status: 'rejected', reason: expect.stringContaining(reason) });
    }
    expect(await row(t.db, family.recordId)).toEqual(before);
    // A new family at another school, or naming a pupil of another school: refused, nothing stored.
    for (const m of [
      createOf('family', school(5), { members: [entry(null, school(5), 'JP B')] }),
      createOf('family', school(1), { members: [entry(pupilA.recordId, school(1), 'JP A'), entry(pupilB.recordId, school(5), 'JP B')] }),
    ]) {
      expect((await push(t.app, jpA.token, [m])).body.results[0]?.status).toBe('rejected');
      expect(await row(t.db, m.recordId)).toBeUndefined();
    }
  });
});

describe('the demo family', () => {
  it('Sanne sees two children with details and one at Vechtdal Lyceum with Ahmed to call; Ahmed the reverse', async () => {
    const sanne = await login(t.app, 'sanne');
    const ahmed = await login(t.app, 'ahmed');
    const mine = await pullAll(t.app, sanne.accessToken);
    const fam = mine.changes.find((c) => c.entity === 'family')!.record as { members: FamilyMember[]; reviewDate: string };
    expect(fam.members.map((m) => m.schoolName)).toEqual(['OBS De Springplank', 'Meerwende College', 'Vechtdal Lyceum']);
    const pupils = new Set(mine.changes.filter((c) => c.entity === 'pupil').map((c) => String(c.record.id)));
    expect(fam.members.map((m) => pupils.has(m.pupilId!))).toEqual([true, true, false]);
    expect(fam.members[2]).toMatchObject({ contactName: 'Ahmed El Amrani', pupilId: expect.any(String) });
    const his = await pullAll(t.app, ahmed.accessToken);
    const hisPupils = new Set(his.changes.filter((c) => c.entity === 'pupil').map((c) => String(c.record.id)));
    expect(fam.members.map((m) => hisPupils.has(m.pupilId!))).toEqual([false, false, true]);
    expect(his.changes.some((c) => c.entity === 'family')).toBe(true);
  });
});

describe('GET /api/family/schools', () => {
  it('lists every school of the region with its jeugdprofessional, for a jeugdprofessional only', async () => {
    const res = await api(t.app, jpA.token)('GET', '/api/family/schools');
    expect(res.status).toBe(200);
    const schools = (res.json() as unknown as { schools: { name: string; contactName: string; contactPhone: string }[] }).schools;
    expect(schools).toHaveLength(6);
    expect(schools.find((s) => s.name === 'Vechtdal Lyceum')).toMatchObject({
      contactName: 'Ahmed El Amrani',
      contactPhone: '035 750 21 14',
    });
    // Nothing about a pupil or a record: only public names and the directory.
    expect(Object.keys(schools[0]!).sort()).toEqual(['contactName', 'contactPhone', 'id', 'kind', 'name', 'place']);
    for (const who of [ibA]) expect((await api(t.app, who.token)('GET', '/api/family/schools')).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/family/schools' })).statusCode).toBe(401);
  });
});
