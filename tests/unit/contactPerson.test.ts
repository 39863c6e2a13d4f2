import { describe, expect, it } from 'vitest';
import { schoolJeugdprofessional, type ContactPersonRole } from '../../src/domain/contactPerson';

const person = (id: string, role: ContactPersonRole, name: string, deleted = false) => ({ id, role, name, deleted });

describe('schoolJeugdprofessional: whom to call about a child at a school', () => {
  it("is the school's jeugdprofessional, the first by name, never a deleted entry or another role", () => {
    const people = [
      person('c1', 'ib', 'Anna'),
      person('c2', 'jeugdprofessional', 'Sanne'),
      person('c3', 'jeugdprofessional', 'Bram', true),
      person('c4', 'jeugdprofessional', 'Marieke'),
    ];
    expect(schoolJeugdprofessional(people)?.id).toBe('c4');
  });

  it('is nobody when the directory names no jeugdprofessional', () => {
    expect(schoolJeugdprofessional([person('c1', 'ib', 'Anna'), person('c2', 'jeugdprofessional', 'Sanne', true)])).toBeUndefined();
  });
});
