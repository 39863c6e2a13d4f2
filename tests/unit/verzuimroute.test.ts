// Absence entries as the protocol counts them, and the route's open step and reminders, at their boundaries.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar';
import { defaultVerzuimSettings as s } from '../../src/domain/verzuimprotocol';
import {
  absenceEntryInputSchema,
  absenceReports,
  absentSince,
  exemptOn,
  involvesLeerplicht,
  newRoute,
  nextReview,
  openRouteStep,
  routeStepSchema,
  verzuimPicture,
  verzuimrouteInputSchema,
  type AbsenceEntryInput,
} from '../../src/domain/verzuimroute';
import { verzuimSettingsFrom } from '../../src/sync/api/settings';

// Monday 5 January 2026.
const mon = (week: number, day = 0) => addDays('2026-01-05', week * 7 + day);
const entry = (e: Partial<AbsenceEntryInput>): AbsenceEntryInput => ({
  pupilId: '7d7c1b2e-8f0a-4c39-9d61-1f2e3a4b5c6d',
  kind: 'ongeoorloofd',
  from: mon(0),
  to: mon(0),
  hours: null,
  note: '',
  ...e,
});
const done = { status: 'gedaan' as const, date: mon(0), who: 'Sanne', note: '' };

describe('absence entries as reports', () => {
  it('a span counts each school day, weekends not; without hours a whole day is schoolDayHours', () => {
    const reports = absenceReports([entry({ from: mon(0, 4), to: mon(1, 0) })], mon(2));
    expect(reports).toEqual([
      { date: mon(0, 4), kind: 'ongeoorloofd', hours: s.schoolDayHours },
      { date: mon(1, 0), kind: 'ongeoorloofd', hours: s.schoolDayHours },
    ]);
  });
  it('hours of an entry are spread over its school days; an open entry runs until today', () => {
    expect(absenceReports([entry({ from: mon(0), to: mon(0, 1), hours: 3 })], mon(1)).map((r) => r.hours)).toEqual([1.5, 1.5]);
    expect(absenceReports([entry({ from: mon(0), to: null })], mon(0, 2))).toHaveLength(3);
    expect(absenceReports([entry({ kind: 'vrijstelling_absoluut', to: null })], mon(3))).toEqual([]);
  });
  it('15 hours in four lesweken: no threshold; one more hour: report to leerplicht', () => {
    const fifteen = [entry({ from: mon(0), to: mon(0), hours: 8 }), entry({ from: mon(3, 4), to: mon(3, 4), hours: 7 })];
    expect(verzuimPicture(fifteen, mon(3, 4)).crossed).toEqual([]);
    const sixteen = [...fifteen, entry({ from: mon(3, 4), to: mon(3, 4), hours: 1 })];
    expect(verzuimPicture(sixteen, mon(3, 4)).crossed).toEqual([{ step: 'melding_leerplicht', since: mon(3, 4) }]);
  });
  it('the region sets the hours: at 10 hours, 10 report already', () => {
    expect(verzuimPicture([entry({ hours: 10 })], mon(1), { ...s, reportHours: 10 }).crossed.map((c) => c.step)).toEqual([
      'melding_leerplicht',
    ]);
  });
});

describe('thuiszitter from absence entries', () => {
  it('an open entry of ongeoorloofd verzuim: a thuiszitter after 28 days, not on day 28', () => {
    const open = [entry({ from: mon(0), to: null })];
    expect(verzuimPicture(open, addDays(mon(0), 27)).thuiszitter).toBe(false);
    expect(verzuimPicture(open, addDays(mon(0), 28)).thuiszitter).toBe(true);
  });
  it('ziekteverzuim counts only when the pupil could attend', () => {
    expect(absentSince([entry({ kind: 'ziek', to: null })], mon(6))).toBeNull();
    expect(absentSince([entry({ kind: 'ziek', to: null, couldAttend: true })], mon(6))).toBe(mon(0));
  });
  it('entries that follow each other over a weekend are one absence; a gap of a school day breaks it', () => {
    const joined = [entry({ from: mon(0), to: mon(0, 4) }), entry({ from: mon(1), to: null })];
    expect(absentSince(joined, mon(2))).toBe(mon(0));
    const gap = [entry({ from: mon(0), to: mon(0, 3) }), entry({ from: mon(1), to: null })];
    expect(absentSince(gap, mon(2))).toBe(mon(1));
  });
  it('a vrijstelling stops the clock on its days only', () => {
    const entries = [entry({ from: mon(0), to: null }), entry({ kind: 'vrijstelling_relatief', from: mon(2), to: mon(5, 4) })];
    expect(exemptOn(entries, mon(5, 4))).toBe('vrijstelling_relatief');
    expect(verzuimPicture(entries, mon(5, 4)).thuiszitter).toBe(false);
    expect(exemptOn(entries, mon(6))).toBeNull();
    expect(verzuimPicture(entries, mon(6)).thuiszitter).toBe(true);
  });
});

describe('the route', () => {
  it('the first step neither done nor skipped is open; a reminder after more than routeReminderDays', () => {
    const r = newRoute('7d7c1b2e-8f0a-4c39-9d61-1f2e3a4b5c6d', mon(0));
    expect(openRouteStep(r, addDays(mon(0), 10))).toMatchObject({ step: 'stepGesprek', daysOpen: 10, reminder: false });
    expect(openRouteStep(r, addDays(mon(0), 11))).toMatchObject({ step: 'stepGesprek', reminder: true });
    const next = { ...r, stepGesprek: { ...done, date: mon(1) } };
    expect(openRouteStep(next, addDays(mon(1), 11))).toMatchObject({ step: 'stepMelding', openSince: mon(1), reminder: true });
    expect(openRouteStep({ ...next, outcome: 'verhuisd' }, mon(9))).toBeNull();
    expect(openRouteStep(r, addDays(mon(0), 3), { ...s, routeReminderDays: 2 })?.reminder).toBe(true);
  });
  it('a skipped step needs its reason', () => {
    expect(routeStepSchema.safeParse({ ...done, status: 'overgeslagen' }).success).toBe(false);
    expect(routeStepSchema.safeParse({ ...done, status: 'overgeslagen', note: 'Geen ziekteverzuim' }).success).toBe(true);
  });
  it('leerplicht is involved once the school reported (DUO) or leerplicht took it up; not by a skipped step', () => {
    expect(involvesLeerplicht({ stepMelding: null, stepLeerplicht: null })).toBe(false);
    expect(involvesLeerplicht({ stepMelding: done, stepLeerplicht: null })).toBe(true);
    expect(involvesLeerplicht({ stepMelding: { ...done, status: 'overgeslagen', note: 'x' }, stepLeerplicht: done })).toBe(true);
    expect(involvesLeerplicht({ stepMelding: { ...done, status: 'overgeslagen', note: 'x' }, stepLeerplicht: null })).toBe(false);
  });
  it('an outcome comes with its date', () => {
    const r = newRoute('7d7c1b2e-8f0a-4c39-9d61-1f2e3a4b5c6d', mon(0));
    expect(verzuimrouteInputSchema.safeParse({ ...r, outcome: 'terug_op_school' }).success).toBe(false);
    expect(
      verzuimrouteInputSchema.safeParse({
        ...r,
        outcome: 'terug_op_school',
        outcomeDate: mon(4),
        outcomeSchool: 'OBS De Springplank',
        outcomeHours: 12,
      }).success,
    ).toBe(true);
  });
  it('a review is on Vandaag from its date for 7 days, then the next one ahead', () => {
    const r = { ...newRoute('7d7c1b2e-8f0a-4c39-9d61-1f2e3a4b5c6d', mon(0)), planReviewDates: [mon(2), mon(6)] };
    expect(nextReview(r, mon(1))).toEqual({ date: mon(2), due: false });
    expect(nextReview(r, mon(2))).toEqual({ date: mon(2), due: true });
    expect(nextReview(r, addDays(mon(2), 7))).toEqual({ date: mon(2), due: true });
    expect(nextReview(r, addDays(mon(2), 8))).toEqual({ date: mon(6), due: false });
  });
  it('an entry whose last day is before its first is refused', () => {
    expect(absenceEntryInputSchema.safeParse(entry({ from: mon(1), to: mon(0) })).success).toBe(false);
  });
});

describe('regional settings', () => {
  it('missing or out-of-bounds numbers fall back to the protocol default', () => {
    expect(verzuimSettingsFrom(null)).toEqual(s);
    expect(verzuimSettingsFrom({ reportHours: 12, reportWeeks: 0, mazlWeeks: 'x' })).toEqual({ ...s, reportHours: 12 });
  });
});
