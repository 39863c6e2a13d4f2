// The audit log's closed list of actions: each one the service writes reads in Dutch for the
// beheerder, never as the raw action name.
import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditActionLabels, auditActions } from '../../src/domain/audit';

describe('audit actions', () => {
  it('every action has a Dutch label of its own, not its raw name', () => {
    expect(auditActions.length).toBeGreaterThan(10);
    for (const action of auditActions) {
      const label = auditActionLabel(action);
      expect(label, action).not.toBe(action);
      expect(label, action).toMatch(/^[A-Z]/);
    }
  });

  it('beheer actions read as what the beheerder did', () => {
    expect(auditActionLabel('user.create')).toBe('Gebruiker toegevoegd');
    expect(auditActionLabel('user.reset_second_factor')).toBe('Tweede stap hersteld');
    expect(auditActionLabel('school.update')).toBe('School gewijzigd');
    expect(auditActionLabel('settings.update')).toBe('Instellingen van de regio gewijzigd');
    expect(auditActionLabel('revoke_device')).toBe(auditActionLabels.revoke_device);
  });

  it('an export says what was exported; an older or unknown action shows as it is', () => {
    expect(auditActionLabel('export', 'audit_log')).toBe('Logboek geëxporteerd');
    expect(auditActionLabel('export', 'kengetallen')).toBe('Kengetallen geëxporteerd');
    expect(auditActionLabel('revoke')).toBe('Toestel ingetrokken');
    expect(auditActionLabel('something_else')).toBe('something_else');
  });
});
