// The wachtlijst's rules: what a referral needs, and when Vandaag warns (at the region's number of
// weeks: not on the last day of it, from the day after).
import { describe, expect, it } from 'vitest';
import { newReferral, waitsTooLong, wachtlijstInputSchema, weeksWaiting } from '../../src/domain/wachtlijst';
import { fieldErrors } from '../../src/domain/entities';

const pupilId = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a0000aa';
const errorsOf = (v: unknown) => {
  const r = wachtlijstInputSchema.safeParse(v);
  return r.success ? {} : fieldErrors(r.error.issues);
};

describe('a referral to care', () => {
  it('a new one waits, with JGGZ and no name: valid', () => {
    expect(errorsOf(newReferral(pupilId, '2026-09-01'))).toEqual({});
  });

  it('a jeugdhulpaanbieder is named', () => {
    expect(errorsOf({ ...newReferral(pupilId, '2026-09-01'), careKind: 'jeugdhulpaanbieder' })).toEqual({
      careName: 'Vul de naam van de jeugdhulpaanbieder in',
    });
  });

  it('started or lapsed has its date, not before the referral; waiting has none', () => {
    const base = newReferral(pupilId, '2026-09-01');
    expect(errorsOf({ ...base, status: 'gestart' })).toEqual({ statusDate: 'Vul in wanneer de zorg begon' });
    expect(errorsOf({ ...base, status: 'vervallen' })).toEqual({ statusDate: 'Vul in wanneer de verwijzing verviel' });
    expect(errorsOf({ ...base, status: 'gestart', statusDate: '2026-08-31' })).toEqual({
      statusDate: 'Deze datum ligt vóór de datum van verwijzing',
    });
    expect(errorsOf({ ...base, status: 'gestart', statusDate: '2026-09-01' })).toEqual({});
    expect(errorsOf({ ...base, statusDate: '2026-10-01' })).toEqual({
      statusDate: 'Een leerling die nog wacht heeft geen datum van start of vervallen',
    });
  });

  it('no BSN in the overbrugging', () => {
    expect(errorsOf({ ...newReferral(pupilId, '2026-09-01'), overbrugging: 'BSN 111222333' }).overbrugging).toMatch(/BSN/);
  });
});

describe('waiting too long', () => {
  const r = { ...newReferral(pupilId, '2026-09-01') };
  it('counts whole weeks', () => {
    expect(weeksWaiting(r, '2026-09-01')).toBe(0);
    expect(weeksWaiting(r, '2026-09-07')).toBe(0);
    expect(weeksWaiting(r, '2026-09-08')).toBe(1);
  });

  it('warns from the day after the region’s number of weeks, only while waiting', () => {
    // 14 weeks after 1 September is 8 December.
    expect(waitsTooLong(r, '2026-12-08', 14)).toBe(false);
    expect(waitsTooLong(r, '2026-12-09', 14)).toBe(true);
    expect(waitsTooLong({ ...r, status: 'gestart' }, '2027-01-01', 14)).toBe(false);
    expect(waitsTooLong({ ...r, status: 'vervallen' }, '2027-01-01', 14)).toBe(false);
    expect(waitsTooLong(r, '2026-09-15', 1)).toBe(true);
  });
});
