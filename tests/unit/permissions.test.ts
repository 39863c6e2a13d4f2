import { describe, expect, it } from 'vitest';
import {
  canManageSchools,
  canManageUsers,
  canReadAuditLog,
  canReadKengetallen,
  canReadRecord,
  canRevokeDevice,
  canWriteRecord,
  coversAt,
  followsLeerplichtRoutes,
  keepsDossiers,
  linksMdoPupils,
  mdoSeatOf,
  needsSchools,
  readsGrants,
  readScope,
  reasons,
  roles,
  scopeKey,
  scopedByGemeenten,
  seesAllSchools,
  setsRouteStep,
  takesPartInMdo,
  type Actor,
  type Role,
} from '../../src/domain/permissions';
import { entityNames } from '../../src/domain/entities';
import { mdoParticipantRoles } from '../../src/domain/mdo';
import { routeSteps } from '../../src/domain/verzuimroute';

const sanne: Actor = { id: 'u1', role: 'jeugdprofessional', schoolIds: ['s1', 's2'] };
const ib: Actor = { id: 'u2', role: 'ib', schoolIds: ['s1'] };
const beheer: Actor = { id: 'u3', role: 'beheerder', schoolIds: ['s1'] };
const coordinator: Actor = { id: 'u4', role: 'coordinator', schoolIds: ['s1'] };

const create = (entity: 'signal' | 'pupil' | 'consultation' | 'contactPerson', schoolId: string) => ({
  entity,
  schoolId,
  kind: 'create' as const,
  changes: {},
});

describe('permissions', () => {
  it('a jeugdprofessional writes and reads casework of their own schools only', () => {
    expect(canWriteRecord(sanne, create('signal', 's1'))).toEqual({ ok: true });
    expect(canWriteRecord(sanne, create('pupil', 's3'))).toEqual({ ok: false, reason: expect.stringContaining('school') });
    expect(canReadRecord(sanne, { entity: 'contact', schoolId: 's2', createdBy: 'other' })).toBe(true);
    expect(canReadRecord(sanne, { entity: 'contact', schoolId: 's3', createdBy: 'u1' })).toBe(false);
  });

  it('other roles never write or read the jeugdprofessional casework', () => {
    for (const actor of [ib, beheer, coordinator]) {
      expect(canWriteRecord(actor, create('consultation', 's1')).ok).toBe(false);
      expect(canReadRecord(actor, { entity: 'signal', schoolId: 's1', createdBy: 'u1' })).toBe(false);
      expect(readScope(actor).flatMap((c) => c.entities)).not.toContain('signal');
    }
  });

  it('only the coordinator writes the directory; every role of the school reads it', () => {
    expect(canWriteRecord(coordinator, create('contactPerson', 's1')).ok).toBe(true);
    for (const actor of [sanne, ib, beheer]) expect(canWriteRecord(actor, create('contactPerson', 's1')).ok).toBe(false);
    for (const actor of [sanne, ib, beheer, coordinator]) {
      expect(canReadRecord(actor, { entity: 'contactPerson', schoolId: 's1', createdBy: 'u4' })).toBe(true);
    }
  });

  it('a device is revoked by its owner or a beheerder', () => {
    expect(canRevokeDevice(sanne, 'u1')).toBe(true);
    expect(canRevokeDevice(ib, 'u1')).toBe(false);
    expect(canRevokeDevice(beheer, 'u1')).toBe(true);
  });
});

describe('permissions: the school side', () => {
  const jp2: Actor = { id: 'u5', role: 'jeugdprofessional', schoolIds: ['s1'] };
  const request = (changes: Record<string, unknown>, status: string) => ({
    entity: 'consultationRequest' as const,
    schoolId: 's1',
    kind: 'update' as const,
    changes,
    current: { createdBy: 'u2', values: { status } },
  });
  const newRequest = {
    status: 'nieuw',
    plannedDate: null,
    plannedTime: null,
    adviceForSchool: '',
    handledBy: null,
    plannedAt: null,
    answeredAt: null,
    closedAt: null,
    withdrawnAt: null,
  };

  it("an IB'er asks (status nieuw, handling empty), edits the question only while nieuw, and only withdraws", () => {
    const ask = { entity: 'consultationRequest' as const, schoolId: 's1', kind: 'create' as const };
    expect(canWriteRecord(ib, { ...ask, changes: { question: 'Vraag', ...newRequest } })).toEqual({ ok: true });
    expect(canWriteRecord(ib, { ...ask, changes: { ...newRequest, status: 'beantwoord' } }).ok).toBe(false);
    expect(canWriteRecord(ib, { ...ask, changes: { ...newRequest, adviceForSchool: 'al beantwoord' } }).ok).toBe(false);
    expect(canWriteRecord(ib, request({ question: 'Nieuwe tekst' }, 'nieuw'))).toEqual({ ok: true });
    expect(canWriteRecord(ib, request({ question: 'Nieuwe tekst' }, 'ingepland'))).toEqual({ ok: false, reason: reasons.requestAskLocked });
    expect(canWriteRecord(ib, request({ status: 'teruggetrokken', withdrawnAt: '2025-11-03T10:00:00Z' }, 'ingepland'))).toEqual({
      ok: true,
    });
    expect(canWriteRecord(ib, request({ status: 'teruggetrokken' }, 'beantwoord'))).toEqual({ ok: false, reason: reasons.requestWithdraw });
    expect(canWriteRecord(ib, request({ status: 'afgesloten' }, 'beantwoord'))).toEqual({ ok: false, reason: reasons.requestHandleOnly });
    expect(canWriteRecord(ib, request({ adviceForSchool: 'zelf ingevuld' }, 'nieuw'))).toEqual({
      ok: false,
      reason: reasons.requestHandleOnly,
    });
    expect(canWriteRecord(ib, request({ deleted: true }, 'nieuw'))).toEqual({ ok: false, reason: reasons.requestNoDelete });
  });

  it('a jeugdprofessional handles a request but never creates, withdraws or rewrites the question', () => {
    expect(canWriteRecord(sanne, { entity: 'consultationRequest', schoolId: 's1', kind: 'create', changes: newRequest })).toEqual({
      ok: false,
      reason: reasons.requestBySchool,
    });
    expect(
      canWriteRecord(sanne, request({ status: 'beantwoord', adviceForSchool: 'Advies', answeredAt: '2025-11-03T10:00:00Z' }, 'ingepland')),
    ).toEqual({ ok: true });
    expect(canWriteRecord(sanne, request({ status: 'teruggetrokken' }, 'nieuw'))).toEqual({ ok: false, reason: reasons.requestAskOnly });
    expect(canWriteRecord(sanne, request({ withdrawnAt: '2025-11-03T10:00:00Z' }, 'nieuw'))).toEqual({
      ok: false,
      reason: reasons.requestAskOnly,
    });
    expect(canWriteRecord(sanne, request({ question: 'Anders' }, 'nieuw'))).toEqual({ ok: false, reason: reasons.requestAskOnly });
    expect(canWriteRecord(sanne, request({ schoolId: 's2' }, 'nieuw'))).toEqual({ ok: false, reason: reasons.noMove });
  });

  it('a private note is read and written by its author only', () => {
    const note = { entity: 'consultationNote' as const, schoolId: 's1', createdBy: 'u1' };
    expect(canReadRecord(sanne, note)).toBe(true);
    expect(canReadRecord(jp2, note)).toBe(false);
    expect(canReadRecord(ib, note)).toBe(false);
    const edit = { entity: 'consultationNote' as const, schoolId: 's1', kind: 'update' as const, changes: { note: 'x' } };
    expect(canWriteRecord(sanne, { ...edit, current: { createdBy: 'u1', values: {} } })).toEqual({ ok: true });
    expect(canWriteRecord(jp2, { ...edit, current: { createdBy: 'u1', values: {} } })).toEqual({ ok: false, reason: reasons.notYours });
    expect(canWriteRecord(ib, { ...edit, current: { createdBy: 'u2', values: {} } })).toEqual({ ok: false, reason: reasons.notYourRole });
  });

  it('where the team does not share, a jeugdprofessional reads and edits only their own casework', () => {
    const closed: Actor = { ...jp2, privateSchoolIds: ['s1'] };
    expect(canReadRecord(closed, { entity: 'signal', schoolId: 's1', createdBy: 'u1' })).toBe(false);
    expect(canReadRecord(closed, { entity: 'signal', schoolId: 's1', createdBy: 'u5' })).toBe(true);
    expect(canReadRecord(closed, { entity: 'consultationRequest', schoolId: 's1', createdBy: 'u2' })).toBe(true);
    const edit = { entity: 'signal' as const, schoolId: 's1', kind: 'update' as const, changes: { description: 'x' } };
    expect(canWriteRecord(closed, { ...edit, current: { createdBy: 'u1', values: {} } })).toEqual({ ok: false, reason: reasons.notYours });
    expect(canWriteRecord(jp2, { ...edit, current: { createdBy: 'u1', values: {} } })).toEqual({ ok: true });
  });

  it('the scope key changes with role, schools and team sharing, not with their order', () => {
    expect(scopeKey({ ...sanne, schoolIds: ['s2', 's1'] })).toBe(scopeKey(sanne));
    expect(scopeKey({ ...sanne, schoolIds: ['s1'] })).not.toBe(scopeKey(sanne));
    expect(scopeKey({ ...sanne, role: 'ib' })).not.toBe(scopeKey(sanne));
    expect(scopeKey({ ...sanne, privateSchoolIds: ['s2'] })).not.toBe(scopeKey(sanne));
  });
});

describe('permissions: what each role is for (one table, read by server routes and screens)', () => {
  const table: Record<
    Role,
    [
      seesAll: boolean,
      needsSchools: boolean,
      kengetallen: boolean,
      auditLog: boolean,
      dossiers: boolean,
      schools: boolean,
      users: boolean,
      gemeenten: boolean,
      leerplichtRoutes: boolean,
      mdo: boolean,
      mdoPupils: boolean,
      grants: 'all' | 'own' | 'none',
    ]
  > = {
    jeugdprofessional: [false, true, true, false, true, false, false, false, false, true, true, 'own'],
    ib: [false, true, false, false, false, false, false, false, false, true, false, 'none'],
    coordinator: [true, false, true, false, false, true, false, false, false, false, false, 'all'],
    beheerder: [true, false, false, true, false, false, true, false, false, false, false, 'none'],
    leerplicht: [false, false, false, false, false, false, false, true, true, false, false, 'none'],
  };
  it.each(roles)('%s', (role) => {
    const actor: Actor = { id: 'u', role, schoolIds: [] };
    expect([
      seesAllSchools(role),
      needsSchools(role),
      canReadKengetallen(role),
      canReadAuditLog(role),
      keepsDossiers(role),
      canManageSchools(actor),
      canManageUsers(actor),
      scopedByGemeenten(role),
      followsLeerplichtRoutes(role),
      takesPartInMdo(role),
      linksMdoPupils(role),
      readsGrants(role),
    ]).toEqual(table[role]);
  });
});

describe('permissions: the predicates screens use agree with the rules the server enforces', () => {
  it.each(roles)('%s sets exactly the verzuimroute steps the server accepts', (role) => {
    const actor: Actor = { id: 'u', role, schoolIds: ['s1'] };
    for (const { key } of routeSteps) {
      const write = canWriteRecord(actor, {
        entity: 'verzuimroute',
        schoolId: 's1',
        kind: 'update',
        changes: { [key]: null },
        current: { createdBy: 'u1', values: {} },
      });
      expect([key, setsRouteStep(role, key)]).toEqual([key, write.ok]);
    }
  });

  it.each(roles.filter(takesPartInMdo))('%s links a pupil to an MDO agenda item exactly when the server accepts it', (role) => {
    const actor: Actor = { id: 'u', role, schoolIds: ['s1'] };
    const write = canWriteRecord(actor, { entity: 'mdoItem', schoolId: 's1', kind: 'create', changes: { pupilId: 'p1' } });
    expect(write.ok).toBe(linksMdoPupils(role));
    // Their seat on the list of participants is one the MDO knows, named after their role.
    expect(mdoParticipantRoles).toContain(mdoSeatOf(role));
  });

  it("the IB'er sits at the MDO as ib, the jeugdprofessional as jeugdprofessional", () => {
    expect(mdoSeatOf('ib')).toBe('ib');
    expect(mdoSeatOf('jeugdprofessional')).toBe('jeugdprofessional');
  });

  it('a jeugdprofessional covers at a school that is not hers; at her own school, or in another role, nobody covers', () => {
    expect(coversAt(sanne, 's3')).toBe(true);
    expect(coversAt(sanne, 's1')).toBe(false);
    expect(coversAt(sanne, 's2')).toBe(false);
    for (const actor of [ib, beheer, coordinator, { id: 'u9', role: 'leerplicht' as const, schoolIds: ['s1'] }]) {
      expect([actor.role, coversAt(actor, 's3')]).toEqual([actor.role, false]);
    }
  });
});

describe('permissions: break-the-glass grants', () => {
  // Ahmed works at s3; covering for a colleague he has a grant on pupil p1 of school s1.
  const grant = { id: 'g1', pupilId: 'p1', schoolId: 's1' };
  const ahmed: Actor = { id: 'u9', role: 'jeugdprofessional', schoolIds: ['s3'], grants: [grant] };
  const casework = ['pupil', 'signal', 'contact', 'consultation', 'meldcode'] as const;
  const others = ['consultationRequest', 'consultationNote', 'contactPerson'] as const;

  it('reads exactly the casework about the granted pupil at its school: 0 leaks over every entity, pupil and school', () => {
    const leaks: string[] = [];
    for (const entity of [...casework, ...others]) {
      for (const pupilId of ['p1', 'p2', null]) {
        for (const schoolId of ['s1', 's2']) {
          const expected = (casework as readonly string[]).includes(entity) && pupilId === 'p1' && schoolId === 's1';
          const got = canReadRecord(ahmed, { entity, schoolId, createdBy: 'u1', pupilId });
          if (got !== expected) leaks.push(`${entity} ${String(pupilId)} ${schoolId}: ${String(got)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('writes casework about the granted pupil only; never a new pupil, another pupil or another school', () => {
    const write = (
      entity: (typeof casework)[number] | (typeof others)[number],
      schoolId: string,
      pupilId: string | null,
      kind: 'create' | 'update' = 'update',
    ) =>
      canWriteRecord(ahmed, {
        entity,
        schoolId,
        kind,
        changes: {},
        pupilId,
        ...(kind === 'update' ? { current: { createdBy: 'u1', values: {} } } : {}),
      }).ok;
    const leaks: string[] = [];
    for (const entity of [...casework, ...others]) {
      for (const kind of ['create', 'update'] as const) {
        for (const [schoolId, pupilId] of [
          ['s1', 'p1'],
          ['s1', 'p2'],
          ['s2', 'p1'],
          ['s1', null],
        ] as const) {
          const expected =
            (casework as readonly string[]).includes(entity) &&
            schoolId === 's1' &&
            pupilId === 'p1' &&
            !(entity === 'pupil' && kind === 'create');
          if (write(entity, schoolId, pupilId, kind) !== expected) leaks.push(`${kind} ${entity} ${schoolId} ${String(pupilId)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('only a jeugdprofessional is helped by a grant, and a grant changes the scope key', () => {
    const ib2: Actor = { id: 'u8', role: 'ib', schoolIds: ['s3'], grants: [grant] };
    expect(canReadRecord(ib2, { entity: 'signal', schoolId: 's1', createdBy: 'u1', pupilId: 'p1' })).toBe(false);
    expect(canWriteRecord(ib2, { entity: 'signal', schoolId: 's1', kind: 'create', changes: {}, pupilId: 'p1' }).ok).toBe(false);
    const without: Actor = { ...ahmed, grants: [] };
    expect(scopeKey(ahmed)).not.toBe(scopeKey(without));
    // No grants: the key is as it was before grants existed (devices keep their cursor).
    expect(scopeKey(without)).toBe(scopeKey({ id: 'u9', role: 'jeugdprofessional', schoolIds: ['s3'] }));
  });
});

describe('permissions: the leerplichtambtenaar', () => {
  // Schools s1 and s2 are in their gemeente; p1 has a route that involves leerplicht, p2 does not.
  const lpa: Actor = { id: 'u9', role: 'leerplicht', schoolIds: ['s1', 's2'], leerplichtPupilIds: ['p1'] };
  const about = (entity: (typeof entityNames)[number], pupilId: string | null, schoolId = 's1') => ({
    entity,
    schoolId,
    createdBy: 'u1',
    pupilId,
  });

  it('reads the pupil, absence entries and route of an involved pupil, nothing else of any pupil', () => {
    for (const entity of entityNames) {
      const expected = entity === 'pupil' || entity === 'absence' || entity === 'verzuimroute';
      // The school's directory names no pupil: theirs to read at every school of their gemeenten.
      const directory = entity === 'contactPerson';
      expect([entity, canReadRecord(lpa, about(entity, 'p1'))]).toEqual([entity, expected || directory]);
      expect([entity, canReadRecord(lpa, about(entity, 'p2'))]).toEqual([entity, directory]);
      expect([entity, canReadRecord(lpa, about(entity, 'p1', 's3'))]).toEqual([entity, false]);
    }
    expect(canReadRecord(lpa, about('verzuimroute', null))).toBe(false);
  });

  it('reads nothing of a pupil while no route involves leerplicht', () => {
    expect(readScope({ ...lpa, leerplichtPupilIds: [] }).flatMap((c) => c.entities)).toEqual(['contactPerson']);
  });

  it('writes only the leerplicht steps of an existing route', () => {
    const update = (changes: Record<string, unknown>) =>
      canWriteRecord(lpa, { entity: 'verzuimroute', schoolId: 's1', kind: 'update', changes, current: { createdBy: 'u1', values: {} } });
    expect(update({ stepLeerplicht: { status: 'gedaan' } })).toEqual({ ok: true });
    expect(update({ stepOverleg: { status: 'gedaan' }, schoolId: 's1' })).toEqual({ ok: true });
    expect(update({ stepMelding: { status: 'gedaan' } })).toEqual({ ok: false, reason: reasons.leerplichtStepsOnly });
    expect(update({ stepLeerplicht: null, outcome: 'verhuisd' })).toEqual({ ok: false, reason: reasons.leerplichtStepsOnly });
    expect(update({ deleted: true })).toEqual({ ok: false, reason: reasons.leerplichtStepsOnly });
    expect(canWriteRecord(lpa, { entity: 'verzuimroute', schoolId: 's1', kind: 'create', changes: {} })).toEqual({
      ok: false,
      reason: reasons.leerplichtStepsOnly,
    });
    expect(canWriteRecord(lpa, { entity: 'verzuimroute', schoolId: 's3', kind: 'update', changes: { stepLeerplicht: null } }).ok).toBe(
      false,
    );
    for (const entity of entityNames.filter((e) => e !== 'verzuimroute')) {
      expect([entity, canWriteRecord(lpa, { entity, schoolId: 's1', kind: 'create', changes: {} }).ok]).toEqual([entity, false]);
    }
  });

  it('the jeugdprofessional keeps absence entries and routes as casework', () => {
    expect(canWriteRecord(sanne, { entity: 'absence', schoolId: 's1', kind: 'create', changes: {} })).toEqual({ ok: true });
    expect(
      canWriteRecord(sanne, {
        entity: 'verzuimroute',
        schoolId: 's1',
        kind: 'update',
        changes: { stepMelding: null },
        current: { createdBy: 'u7', values: {} },
      }),
    ).toEqual({ ok: true });
    for (const actor of [ib, beheer, coordinator])
      expect(canReadRecord(actor, { entity: 'absence', schoolId: 's1', createdBy: 'u1' })).toBe(false);
  });

  it('the scope key changes when a pupil becomes involved, so the device pulls again from the start', () => {
    expect(scopeKey({ ...lpa, leerplichtPupilIds: ['p2', 'p1'] })).not.toBe(scopeKey(lpa));
    expect(scopeKey({ ...lpa, leerplichtPupilIds: ['p1'] })).toBe(scopeKey(lpa));
  });
});
