// The verzuimprotocol's thresholds at their boundaries: one hour, one report, one day either side.
import { describe, expect, it } from 'vitest';
import { absenceStatus } from '../../src/domain/absence';
import {
  crossedThresholds,
  defaultVerzuimSettings as s,
  isSchoolDay,
  lesweekenUpTo,
  mazlDue,
  mondayOf,
  reportDue,
  sickSpells,
  swvOverlegFrom,
  thuiszitterFrom,
  type AbsenceReport,
} from '../../src/domain/verzuimprotocol';
import { addDays } from '../../src/domain/calendar';

// Monday 5 January 2026 starts the first week below.
const mon = (week: number, day = 0) => addDays('2026-01-05', week * 7 + day);
const uur = (date: string, hours: number): AbsenceReport => ({ date, kind: 'ongeoorloofd', hours });
const ziek = (date: string): AbsenceReport => ({ date, kind: 'ziek' });

describe('school calendar', () => {
  it('weeks start on Monday; weekends and holiday weeks are no school days', () => {
    expect(mondayOf('2026-01-11')).toBe('2026-01-05'); // Sunday
    expect(mondayOf('2026-01-05')).toBe('2026-01-05');
    expect(isSchoolDay('2026-01-09')).toBe(true); // Friday
    expect(isSchoolDay('2026-01-10')).toBe(false); // Saturday
    expect(isSchoolDay('2026-01-07', { holidayWeeks: ['2026-01-05'] })).toBe(false);
  });
  it('consecutive lesweken skip a holiday week', () => {
    expect(lesweekenUpTo(mon(3), 4)).toEqual([mon(0), mon(1), mon(2), mon(3)]);
    expect(lesweekenUpTo(mon(3), 4, { holidayWeeks: [mon(2)] })).toEqual([mon(-1), mon(0), mon(1), mon(3)]);
  });
});

describe('16 hours of ongeoorloofd verzuim within 4 consecutive lesweken', () => {
  it('15 hours: nothing to report; the 16th hour: report on that day', () => {
    const fifteen = [uur(mon(0), 5), uur(mon(1), 5), uur(mon(3, 4), 5)];
    expect(reportDue(fifteen)).toBeNull();
    expect(reportDue([...fifteen, uur(mon(3, 4), 1)])).toBe(mon(3, 4));
  });
  it('hours five weeks apart are not within four lesweken', () => {
    expect(reportDue([uur(mon(0), 8), uur(mon(4), 8)])).toBeNull();
    expect(reportDue([uur(mon(0), 8), uur(mon(3, 4), 8)])).toBe(mon(3, 4));
  });
  it('a holiday week between them does not count as a lesweek', () => {
    expect(reportDue([uur(mon(0), 8), uur(mon(4), 8)], s, { holidayWeeks: [mon(2)] })).toBe(mon(4));
  });
  it('luxe verzuim counts as ongeoorloofd; ziekteverzuim does not', () => {
    expect(reportDue([uur(mon(0), 8), { date: mon(1), kind: 'luxe', hours: 8 }])).toBe(mon(1));
    expect(reportDue([uur(mon(0), 8), { date: mon(1), kind: 'ziek', hours: 8 }])).toBeNull();
  });
  it('the number of hours is a setting of the region', () => {
    expect(reportDue([uur(mon(0), 10)], { ...s, reportHours: 10 })).toBe(mon(0));
  });
});

describe('MAZL: ziekteverzuim to the jeugdarts', () => {
  it('sick days with a weekend between them are one spell', () => {
    expect(sickSpells([ziek(mon(0, 4)), ziek(mon(1, 0))])).toEqual([{ from: mon(0, 4), to: mon(1, 0), schoolDays: 2 }]);
  });
  it('6 consecutive school days: not yet; the 7th: MAZL', () => {
    const six = [0, 1, 2, 3, 4, 7].map((d) => ziek(mon(0, d)));
    expect(mazlDue(six)).toBeNull();
    expect(mazlDue([...six, ziek(mon(1, 1))])).toEqual({ date: mon(1, 1), reason: 'long' });
  });
  it('3 sick reports within 12 lesweken: not yet; the 4th: MAZL', () => {
    const three = [ziek(mon(0)), ziek(mon(4)), ziek(mon(8))];
    expect(mazlDue(three)).toBeNull();
    expect(mazlDue([...three, ziek(mon(11, 4))])).toEqual({ date: mon(11, 4), reason: 'frequent' });
    // A 4th in week 12: the 12 lesweken ending with it are weeks 1–12, which hold three reports.
    expect(mazlDue([...three, ziek(mon(12))])).toBeNull();
  });
});

describe('thuiszitter after 4 weeks, thuiszittersoverleg after 3 months', () => {
  it('agrees with the absence clock: a thuiszitter on day 29', () => {
    const since = '2026-02-02';
    const from = thuiszitterFrom(since);
    expect(absenceStatus({ absenceKind: 'verzuim', absenceSince: since }, addDays(from, -1))?.thuiszitter).toBe(false);
    expect(absenceStatus({ absenceKind: 'verzuim', absenceSince: since }, from)?.thuiszitter).toBe(true);
  });
  it("3 months later, on the same day of the month or the month's last day", () => {
    expect(swvOverlegFrom('2026-01-15')).toBe('2026-04-15');
    expect(swvOverlegFrom('2025-11-30')).toBe('2026-02-28');
    expect(swvOverlegFrom('2026-01-15', { ...s, swvAfterMonths: 2 })).toBe('2026-03-15');
  });
  it('Vandaag lists the thresholds crossed, oldest first; an exemption stops the clock', () => {
    const input = { reports: [uur(mon(0), 16)], absentSince: mon(0) };
    expect(crossedThresholds(input, addDays(mon(0), 27)).map((t) => t.step)).toEqual(['melding_leerplicht']);
    expect(crossedThresholds(input, addDays(mon(0), 28)).map((t) => t.step)).toEqual(['melding_leerplicht', 'thuiszitter']);
    expect(crossedThresholds(input, swvOverlegFrom(mon(0))).map((t) => t.step)).toEqual([
      'melding_leerplicht',
      'thuiszitter',
      'thuiszittersoverleg',
    ]);
    expect(crossedThresholds({ ...input, exemption: true }, '2026-12-01').map((t) => t.step)).toEqual(['melding_leerplicht']);
  });
});
