import { describe, expect, it } from 'vitest';
import { canReadRecord, canRevokeDevice, canWriteRecord, readScope, type Actor } from '../../src/domain/permissions';

const sanne: Actor = { id: 'u1', role: 'jeugdprofessional', schoolIds: ['s1', 's2'] };
const ib: Actor = { id: 'u2', role: 'ib', schoolIds: ['s1'] };
const beheer: Actor = { id: 'u3', role: 'beheerder', schoolIds: [] };

describe('permissions', () => {
  it('a jeugdprofessional writes and reads records of their own schools only', () => {
    expect(canWriteRecord(sanne, 'signal', 's1')).toEqual({ ok: true });
    expect(canWriteRecord(sanne, 'pupil', 's3')).toEqual({ ok: false, reason: expect.stringContaining('school') });
    expect(canReadRecord(sanne, 'contact', 's2')).toBe(true);
    expect(canReadRecord(sanne, 'contact', 's3')).toBe(false);
  });

  it('other roles cannot write or read the jeugdprofessional records (for now)', () => {
    for (const actor of [ib, beheer, { ...beheer, role: 'coordinator' as const }]) {
      expect(canWriteRecord(actor, 'consultation', 's1').ok).toBe(false);
      expect(canReadRecord(actor, 'signal', 's1')).toBe(false);
      expect(readScope(actor)).toEqual({ entities: [], schoolIds: [] });
    }
  });

  it('readScope agrees with canReadRecord', () => {
    const scope = readScope(sanne);
    expect(scope.schoolIds).toEqual(['s1', 's2']);
    expect(scope.entities).toContain('pupil');
  });

  it('a device is revoked by its owner or a beheerder', () => {
    expect(canRevokeDevice(sanne, 'u1')).toBe(true);
    expect(canRevokeDevice(ib, 'u1')).toBe(false);
    expect(canRevokeDevice(beheer, 'u1')).toBe(true);
  });
});
