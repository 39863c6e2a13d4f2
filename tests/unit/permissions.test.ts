import { describe, expect, it } from 'vitest';
import { canReadRecord, canRevokeDevice, canWriteRecord, readScope, type Actor } from '../../src/domain/permissions';

const sanne: Actor = { id: 'u1', role: 'jeugdprofessional', schoolIds: ['s1', 's2'] };
const ib: Actor = { id: 'u2', role: 'ib', schoolIds: ['s1'] };
const beheer: Actor = { id: 'u3', role: 'beheerder', schoolIds: ['s1'] };
const coordinator: Actor = { id: 'u4', role: 'coordinator', schoolIds: ['s1'] };

const create = (entity: 'signal' | 'pupil' | 'consultation' | 'contactPerson', schoolId: string) =>
  ({ entity, schoolId, kind: 'create' as const, changes: {} });

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
