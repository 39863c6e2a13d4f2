// Consent rules (src/domain/consent.ts): validity on a day, the age rules from the birth year only,
// withdrawal, and which consent allows sharing with a party.
import { describe, expect, it } from 'vitest';
import { ageRange, consentFor, consentInputSchema, consentState, consentSummary, giverProblem } from '../../src/domain/consent';
import { aConsent } from './consentSample';

const consent = aConsent;

describe('ageRange and giverProblem', () => {
  it('knows the pupil only by birth year: born 2014 is 11 or 12 during 2026', () => {
    expect(ageRange(2014, '2026-03-01')).toEqual({ min: 11, max: 12 });
  });

  it('a parent alone consents while the pupil is certainly under 12', () => {
    expect(giverProblem('ouder', 2015, '2026-12-31')).toBeNull();
    expect(giverProblem('ouder', 2014, '2026-01-01')).toMatch(/Vanaf 12 jaar/);
  });

  it('the pupil alone only when certainly 16', () => {
    expect(giverProblem('leerling', 2010, '2026-06-01')).toMatch(/vanaf 16 jaar/);
    expect(giverProblem('leerling', 2009, '2026-06-01')).toBeNull();
  });

  it('pupil together with a parent is valid at every age', () => {
    for (const year of [2008, 2012, 2016, 2020]) expect(giverProblem('ouder_en_leerling', year, '2026-06-01')).toBeNull();
  });
});

describe('consentState', () => {
  it('is valid from the day given to the day it ends, both included', () => {
    const c = consent({ givenOn: '2026-09-01', validUntil: '2027-03-01' });
    expect(consentState(c, 2018, '2026-08-31')).toBe('nog_niet');
    expect(consentState(c, 2018, '2026-09-01')).toBe('geldig');
    expect(consentState(c, 2018, '2027-03-01')).toBe('geldig');
    expect(consentState(c, 2018, '2027-03-02')).toBe('verlopen');
  });

  it('is withdrawn from the day of withdrawal', () => {
    const c = consent({ withdrawnOn: '2026-10-10', withdrawnReason: 'Moeder wil het niet meer' });
    expect(consentState(c, 2018, '2026-10-09')).toBe('geldig');
    expect(consentState(c, 2018, '2026-10-10')).toBe('ingetrokken');
  });

  it('a parent-only consent must be asked again once the pupil may be 12', () => {
    const c = consent({ givenOn: '2024-09-01' });
    expect(consentState(c, 2013, '2024-12-31')).toBe('geldig');
    expect(consentState(c, 2013, '2025-01-01')).toBe('opnieuw_vragen');
  });
});

describe('consentFor and consentSummary', () => {
  it('finds the consent for a party and topic; a topic consent does not cover everything', () => {
    const topical = consent({ party: 'school', topic: 'verzuim' });
    expect(consentFor([topical], 2018, 'school', '2026-10-01', { topic: 'verzuim' })).toBe(topical);
    expect(consentFor([topical], 2018, 'school', '2026-10-01')).toBeNull();
    expect(consentFor([topical], 2018, 'leerplicht', '2026-10-01', { topic: 'verzuim' })).toBeNull();
  });

  it('a named jeugdhulpaanbieder needs a consent naming it', () => {
    const c = consent({ party: 'jeugdhulpaanbieder', partyName: 'Kompas Jeugdhulp' });
    expect(consentFor([c], 2018, 'jeugdhulpaanbieder', '2026-10-01', { partyName: 'kompas jeugdhulp' })).toBe(c);
    expect(consentFor([c], 2018, 'jeugdhulpaanbieder', '2026-10-01', { partyName: 'Ander Huis' })).toBeNull();
  });

  it('ignores archived consents and shows the longest-lasting one', () => {
    const short = consent({ validUntil: '2027-01-01' });
    const open = consent({ validUntil: null });
    expect(consentFor([{ ...open, deleted: true }, short], 2018, 'wijkteam', '2026-10-01')).toBe(short);
    expect(consentFor([short, open], 2018, 'wijkteam', '2026-10-01')).toBe(open);
  });

  it('summarises per party what may be shared now', () => {
    const rows = consentSummary(
      [consent({ party: 'wijkteam', validUntil: '2027-03-01' }), consent({ party: 'school' })],
      2018,
      '2026-10-01',
    );
    expect(rows.filter((r) => r.allowed)).toEqual([
      { party: 'school', allowed: true, until: null },
      { party: 'wijkteam', allowed: true, until: '2027-03-01' },
    ]);
  });
});

describe('consentInputSchema', () => {
  it('refuses a withdrawal without reason, an end before the start, and an unnamed provider', () => {
    const r = consentInputSchema.safeParse(consent({ party: 'jeugdhulpaanbieder', validUntil: '2026-01-01', withdrawnOn: '2026-10-01' }));
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path[0]).sort();
    expect(paths).toEqual(['partyName', 'validUntil', 'withdrawnReason']);
  });

  it('accepts a complete consent', () => {
    expect(consentInputSchema.safeParse(consent()).success).toBe(true);
  });
});
