// The thuiszitter clock (src/domain/absence.ts). The rule, as documented there: calendar days from
// the first day absent (that day is day 1), school holidays included; more than 28 days (4 weeks)
// without vrijstelling makes a thuiszitter. Dates are Amsterdam calendar dates (calendar.ts).
import { describe, expect, it } from 'vitest';
import { THUISZITTER_AFTER_DAYS, absenceStatus } from '../../src/domain/absence';
import { dateInAmsterdam, daysBetween, weekday } from '../../src/domain/calendar';

const verzuim = (since: string, more: Record<string, unknown> = {}) => ({ absenceKind: 'verzuim' as const, absenceSince: since, ...more });

describe('absenceStatus', () => {
  it('is null for a pupil who is not absent, or marked absent without a start date', () => {
    expect(absenceStatus({}, '2025-11-01')).toBeNull();
    expect(absenceStatus({ absenceKind: null, absenceSince: null }, '2025-11-01')).toBeNull();
    expect(absenceStatus({ absenceKind: 'verzuim', absenceSince: null }, '2025-11-01')).toBeNull();
  });

  it('counts the first day absent as day 1', () => {
    expect(absenceStatus(verzuim('2025-11-03'), '2025-11-03')?.daysAbsent).toBe(1);
    expect(absenceStatus(verzuim('2025-11-03'), '2025-11-12')?.daysAbsent).toBe(10);
  });

  it('flags a thuiszitter after more than 4 weeks: day 28 is not, day 29 is', () => {
    expect(THUISZITTER_AFTER_DAYS).toBe(28);
    const day28 = absenceStatus(verzuim('2025-09-01'), '2025-09-28');
    expect(day28).toMatchObject({ daysAbsent: 28, thuiszitter: false, leerplichtNeeded: false });
    const day29 = absenceStatus(verzuim('2025-09-01'), '2025-09-29');
    expect(day29).toMatchObject({ daysAbsent: 29, thuiszitter: true, leerplichtInvolved: false, leerplichtNeeded: true });
  });

  it('says leerplicht is involved instead of needed once it is', () => {
    expect(absenceStatus(verzuim('2025-09-01', { leerplichtInvolved: true }), '2025-10-15')).toMatchObject({
      thuiszitter: true,
      leerplichtInvolved: true,
      leerplichtNeeded: false,
    });
  });

  it('never flags a pupil with a vrijstelling, however long, also when marked thuiszitter by hand', () => {
    expect(absenceStatus(verzuim('2025-01-06', { exemption: true }), '2025-11-01')).toMatchObject({
      exemption: true,
      thuiszitter: false,
      leerplichtNeeded: false,
    });
    expect(absenceStatus({ absenceKind: 'thuiszitter', absenceSince: '2025-10-01', exemption: true }, '2025-12-01')?.thuiszitter).toBe(
      false,
    );
  });

  it('flags a pupil marked thuiszitter by hand from the first day', () => {
    expect(absenceStatus({ absenceKind: 'thuiszitter', absenceSince: '2025-11-03' }, '2025-11-04')).toMatchObject({
      daysAbsent: 2,
      thuiszitter: true,
    });
  });

  it('keeps counting through the herfstvakantie (18–26 October 2025): calendar days, no pause', () => {
    // 10 Oct to 6 Nov spans the whole autumn holiday; 28 days, so not yet; the next day it is.
    expect(absenceStatus(verzuim('2025-10-10'), '2025-11-06')).toMatchObject({ daysAbsent: 28, thuiszitter: false });
    expect(absenceStatus(verzuim('2025-10-10'), '2025-11-07')).toMatchObject({ daysAbsent: 29, thuiszitter: true });
  });

  it('keeps counting through the kerstvakantie and the new year (20 Dec 2025 – 4 Jan 2026)', () => {
    expect(absenceStatus(verzuim('2025-12-10'), '2026-01-06')).toMatchObject({ daysAbsent: 28, thuiszitter: false });
    expect(absenceStatus(verzuim('2025-12-10'), '2026-01-07')).toMatchObject({ daysAbsent: 29, thuiszitter: true });
  });

  it('counts whole days across the daylight-saving changes of 26 October 2025 and 29 March 2026', () => {
    // 26 October 2025 has 25 hours, 29 March 2026 has 23: still exactly one day each.
    expect(daysBetween('2025-10-25', '2025-10-27')).toBe(2);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(absenceStatus(verzuim('2025-10-25'), '2025-10-27')?.daysAbsent).toBe(3);
    expect(absenceStatus(verzuim('2026-03-02'), '2026-03-29')).toMatchObject({ daysAbsent: 28, thuiszitter: false });
    expect(absenceStatus(verzuim('2026-03-02'), '2026-03-30')).toMatchObject({ daysAbsent: 29, thuiszitter: true });
  });

  it('is never negative when the start date is in the future (typed ahead)', () => {
    expect(absenceStatus(verzuim('2025-12-01'), '2025-11-20')?.daysAbsent).toBe(0);
  });
});

describe('the Amsterdam calendar date', () => {
  it('23:30 UTC is already the next day in Amsterdam (00:30 winter time)', () => {
    expect(dateInAmsterdam(new Date('2026-01-14T23:30:00Z'))).toBe('2026-01-15');
    expect(dateInAmsterdam(new Date('2026-01-14T22:59:00Z'))).toBe('2026-01-14');
  });

  it('follows the DST change of 26 October 2025 (UTC+2 → UTC+1)', () => {
    expect(dateInAmsterdam(new Date('2025-10-25T22:30:00Z'))).toBe('2025-10-26'); // 00:30 CEST
    expect(dateInAmsterdam(new Date('2025-10-26T22:30:00Z'))).toBe('2025-10-26'); // 23:30 CET
    expect(dateInAmsterdam(new Date('2025-10-26T23:30:00Z'))).toBe('2025-10-27'); // 00:30 CET
  });

  it('follows the DST change of 29 March 2026 (UTC+1 → UTC+2)', () => {
    expect(dateInAmsterdam(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29'); // 00:30 CET
    expect(dateInAmsterdam(new Date('2026-03-29T21:30:00Z'))).toBe('2026-03-29'); // 23:30 CEST
    expect(dateInAmsterdam(new Date('2026-03-29T22:30:00Z'))).toBe('2026-03-30'); // 00:30 CEST
  });

  it('decides the 29th day at Amsterdam midnight, not UTC midnight', () => {
    const pupil = verzuim('2025-10-10');
    // 6 Nov 23:30 UTC is 7 Nov 00:30 in Amsterdam: day 29, a thuiszitter, though it is still 6 Nov in UTC.
    expect(absenceStatus(pupil, dateInAmsterdam(new Date('2025-11-06T23:30:00Z')))?.thuiszitter).toBe(true);
    expect(absenceStatus(pupil, dateInAmsterdam(new Date('2025-11-06T22:30:00Z')))?.thuiszitter).toBe(false);
  });

  it('numbers weekdays 1 = maandag … 7 = zondag', () => {
    expect(weekday('2025-10-27')).toBe(1);
    expect(weekday('2025-10-26')).toBe(7);
    expect(weekday('2026-03-29')).toBe(7);
  });
});
