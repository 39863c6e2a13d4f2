import { describe, expect, it } from 'vitest';
import { canReadRecord, canWriteFamily, canWriteRecord, readScope, readsFamily, reasons, type Actor } from '../../src/domain/permissions';
import { familyInputSchema, familyPupilIds, familyReviewDue, familySchoolIds, type FamilyMember } from '../../src/domain/family';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const p1 = '10000000-0000-4000-8000-000000000001';
const p2 = '10000000-0000-4000-8000-000000000002';
const p3 = '10000000-0000-4000-8000-000000000003';

const sanne: Actor = { id: 'u1', role: 'jeugdprofessional', schoolIds: [A] };
const ahmed: Actor = { id: 'u2', role: 'jeugdprofessional', schoolIds: [B] };
const elsewhere: Actor = { id: 'u3', role: 'jeugdprofessional', schoolIds: [C] };
const ib: Actor = { id: 'u4', role: 'ib', schoolIds: [A, B] };
const coordinator: Actor = { id: 'u5', role: 'coordinator', schoolIds: [A, B, C] };

const m = (pupilId: string | null, schoolId: string): FamilyMember => ({
  pupilId,
  schoolId,
  schoolName: `School ${schoolId.slice(-1)}`,
  contactName: 'JP',
  contactPhone: '035 750 21 10',
});
const plan = { goalSchool: '', goalHome: '', goalLeisure: '', regie: '', reviewDate: null };
const family = (members: FamilyMember[]) => ({ members, ...plan });
const create = (actor: Actor, schoolId: string, members: FamilyMember[]) =>
  canWriteFamily(actor, { entity: 'family', schoolId, kind: 'create', changes: { ...family(members), schoolId } });
const update = (actor: Actor, before: FamilyMember[], changes: Record<string, unknown>) =>
  canWriteFamily(actor, { entity: 'family', schoolId: A, kind: 'update', changes, current: { createdBy: 'u1', values: family(before) } });

describe('family: who reads it', () => {
  const record = (members: FamilyMember[]) => ({ entity: 'family' as const, schoolId: A, createdBy: 'u1', values: family(members) });

  it.each([
    ['the jeugdprofessional of the school it was made at', sanne, [m(p1, A), m(p2, B)], true],
    ['the jeugdprofessional of a sibling at another school', ahmed, [m(p1, A), m(p2, B)], true],
    ['the jeugdprofessional of a school asked to link a sibling', ahmed, [m(p1, A), m(null, B)], true],
    ['a jeugdprofessional of a school without a child of the family', elsewhere, [m(p1, A), m(p2, B)], false],
    ["an IB'er of the children's schools", ib, [m(p1, A), m(p2, B)], false],
    ['the coordinator', coordinator, [m(p1, A), m(p2, B)], false],
  ] as const)('%s: %s', (_, actor, members, allowed) => {
    expect(canReadRecord(actor, record([...members]))).toBe(allowed);
    expect(readsFamily(actor, family([...members]))).toBe(allowed);
  });

  it('is read through the schools of its members, not the school it was made at', () => {
    expect(readScope(sanne)).toContainEqual({ entities: ['family'], schoolIds: [A], viaMembers: true });
    // Made at A, but A left the family: Sanne no longer reads it.
    expect(canReadRecord(sanne, { entity: 'family', schoolId: A, createdBy: 'u1', values: family([m(p2, B)]) })).toBe(false);
  });
});

describe('family: who writes what', () => {
  it.each([
    ['makes it with a child of her school', sanne, A, [m(p1, A)], true],
    ['adds a brother or sister at another school without naming the pupil', sanne, A, [m(p1, A), m(null, B)], true],
    ['may not name a pupil of another school', sanne, A, [m(p1, A), m(p2, B)], false],
    ['may not make it at another school', sanne, B, [m(null, B)], false],
    ['may not make it without a child of the school it is made at', sanne, A, [m(null, B)], false],
    ["an IB'er may not make one", ib, A, [m(p1, A)], false],
  ] as const)('create: %s', (_, actor, schoolId, members, allowed) => {
    expect(create(actor, schoolId, [...members]).ok).toBe(allowed);
  });

  it('the colleague of the other school links the sibling there; nobody else changes that entry', () => {
    const before = [m(p1, A), m(null, B)];
    expect(update(ahmed, before, { members: [m(p1, A), m(p2, B)] })).toEqual({ ok: true });
    expect(update(sanne, before, { members: [m(p1, A), m(p2, B)] })).toEqual({ ok: false, reason: reasons.familyOtherSchool });
    // Ahmed may not remove or change Sanne's child, nor put his pupil in as if at her school.
    expect(update(ahmed, before, { members: [m(p2, B)] })).toEqual({ ok: false, reason: reasons.familyOtherSchool });
    expect(update(ahmed, before, { members: [m(p1, A), m(null, B), m(p2, A)] })).toEqual({ ok: false, reason: reasons.familyOtherSchool });
    expect(update(ahmed, before, { members: [{ ...m(p1, A), contactName: 'Iemand anders' }, m(null, B)] }).ok).toBe(false);
    // Sanne may record a sibling at B on an existing family too, and take it back, while nobody linked it.
    expect(update(sanne, [m(p1, A)], { members: [m(p1, A), m(null, B)] })).toEqual({ ok: true });
    expect(update(sanne, before, { members: [m(p1, A)] })).toEqual({ ok: true });
    expect(update(sanne, [m(p1, A), m(p2, B)], { members: [m(p1, A)] })).toEqual({ ok: false, reason: reasons.familyOtherSchool });
    expect(update(sanne, before, { members: [m(p1, A), m(null, B), m(null, B)] })).toEqual({
      ok: false,
      reason: reasons.familyOtherSchool,
    });
    // Sanne may remove her own child and add another of her school.
    expect(update(sanne, before, { members: [m(p3, A), m(null, B)] })).toEqual({ ok: true });
    // A school with no child: no write at all.
    expect(update(elsewhere, before, { goalHome: 'x' })).toEqual({ ok: false, reason: reasons.notYourSchool });
  });

  it('the plan is written by every jeugdprofessional of the family; deleting needs every child at her schools', () => {
    const before = [m(p1, A), m(p2, B)];
    expect(update(ahmed, before, { goalSchool: 'Elke dag op school', reviewDate: '2026-12-14' })).toEqual({ ok: true });
    expect(update(sanne, before, { deleted: true })).toEqual({ ok: false, reason: reasons.familyNoDelete });
    expect(update(sanne, [m(p1, A), m(p3, A)], { deleted: true })).toEqual({ ok: true });
    expect(update(sanne, before, { schoolId: B })).toEqual({ ok: false, reason: reasons.noMove });
  });

  it('canWriteRecord sends a family to its own rule (a school of hers is not enough, nor needed)', () => {
    const w = {
      entity: 'family' as const,
      schoolId: A,
      kind: 'update' as const,
      changes: { goalHome: 'Rust' },
      current: { createdBy: 'u1', values: family([m(p1, A), m(p2, B)]) },
    };
    expect(canWriteRecord(ahmed, w)).toEqual({ ok: true });
    expect(canWriteRecord(elsewhere, w).ok).toBe(false);
    expect(canWriteRecord(ib, w)).toEqual({ ok: false, reason: reasons.notYourRole });
  });
});

describe('family: the record', () => {
  it('names children, schools and whom to call; no pupil twice; a plan with a review date', () => {
    expect(
      familyInputSchema.safeParse({ ...family([m(p1, A), m(null, B)]), reviewDate: '2026-12-14', regie: 'Sanne de Vries' }).success,
    ).toBe(true);
    expect(familyInputSchema.safeParse(family([m(p1, A), m(p1, A)])).success).toBe(false);
    expect(familyInputSchema.safeParse(family([])).success).toBe(false);
    expect(familyInputSchema.safeParse({ ...family([m(p1, A)]), regie: '123456782' }).success).toBe(false);
    expect(familySchoolIds(family([m(p1, A), m(null, B), m(p3, A)]))).toEqual([A, B]);
    expect(familyPupilIds(family([m(p1, A), m(null, B)]))).toEqual([p1]);
  });

  it('is due for review on and after its review date', () => {
    expect(familyReviewDue({ reviewDate: '2026-12-07' }, '2026-12-06')).toBe(false);
    expect(familyReviewDue({ reviewDate: '2026-12-07' }, '2026-12-07')).toBe(true);
    expect(familyReviewDue({ reviewDate: null }, '2026-12-07')).toBe(false);
  });
});
