// The Meldcode reminder (src/domain/meldcode.ts): the open step is the first without a date; it is
// open since the latest earlier step (or the start); a reminder when open MORE than the set days.
import { describe, expect, it } from 'vitest';
import { MELDCODE_REMINDER_DAYS, meldcodeReminder, meldnorm, openMeldcodeStep } from '../../src/domain/meldcode';

const step = (date: string) => ({ date, who: 'Sanne de Vries', note: '' });
const trajectory = (start: string, steps: (string | null)[] = [], closedDate: string | null = null) => {
  const [s1, s2, s3, s4, s5] = [...steps, null, null, null, null, null];
  return {
    startDate: start,
    closedDate,
    step1: s1 ? step(s1) : null,
    step2: s2 ? step(s2) : null,
    step3: s3 ? step(s3) : null,
    step4: s4 ? step(s4) : null,
    step5: s5 ? step(s5) : null,
  };
};

describe('openMeldcodeStep', () => {
  it('starts with step 1 open since the start date', () => {
    expect(openMeldcodeStep(trajectory('2025-11-03'), '2025-11-05')).toEqual({ step: 1, openSince: '2025-11-03', daysOpen: 2 });
  });

  it('after steps 1 and 2, step 3 is open since the date of step 2', () => {
    expect(openMeldcodeStep(trajectory('2025-11-03', ['2025-11-04', '2025-11-10']), '2025-11-24')).toEqual({
      step: 3,
      openSince: '2025-11-10',
      daysOpen: 14,
    });
  });

  it('a step dated before the previous one does not move the clock back', () => {
    expect(openMeldcodeStep(trajectory('2025-11-03', ['2025-11-10', '2025-11-05']), '2025-11-12')).toEqual({
      step: 3,
      openSince: '2025-11-10',
      daysOpen: 2,
    });
  });

  it('is null when the trajectory is closed or all five steps are done', () => {
    expect(openMeldcodeStep(trajectory('2025-11-03', [], '2025-11-20'), '2025-12-20')).toBeNull();
    expect(
      openMeldcodeStep(trajectory('2025-11-03', ['2025-11-03', '2025-11-04', '2025-11-05', '2025-11-06', '2025-11-07']), '2025-12-20'),
    ).toBeNull();
  });
});

describe('meldcodeReminder', () => {
  it('reminds only when a step is open MORE than 10 days: day 10 not, day 11 yes', () => {
    expect(MELDCODE_REMINDER_DAYS).toBe(10);
    const t = trajectory('2025-11-03', ['2025-11-04', '2025-11-10']);
    expect(meldcodeReminder(t, '2025-11-20')).toBeNull();
    expect(meldcodeReminder(t, '2025-11-21')).toEqual({ step: 3, openSince: '2025-11-10', daysOpen: 11 });
  });

  it('uses the configured number of days', () => {
    const t = trajectory('2025-11-03');
    expect(meldcodeReminder(t, '2025-11-07', 3)).toMatchObject({ step: 1, daysOpen: 4 });
    expect(meldcodeReminder(t, '2025-11-06', 3)).toBeNull();
  });

  it('counts calendar days through a holiday and a DST change (29 March 2026)', () => {
    // Step 2 on 20 March; on 31 March it is 11 days open, the 23-hour Sunday counted as a whole day.
    expect(meldcodeReminder(trajectory('2026-03-16', ['2026-03-17', '2026-03-20']), '2026-03-31')).toMatchObject({ step: 3, daysOpen: 11 });
    // Kerstvakantie: step 1 open from 19 Dec to 30 Dec 2025 is 11 days, holiday or not.
    expect(meldcodeReminder(trajectory('2025-12-19'), '2025-12-30')).toMatchObject({ step: 1, daysOpen: 11 });
  });

  it('never reminds about a closed trajectory', () => {
    expect(meldcodeReminder(trajectory('2025-01-06', ['2025-01-07'], '2025-02-01'), '2025-11-01')).toBeNull();
  });
});

describe('meldnorm', () => {
  it('reporting is the norm on acute or structural unsafety, no help possible, help refused or not working', () => {
    expect(meldnorm(['ja', 'ja', 'ja', 'ja', 'ja'])?.melden).toBe(true);
    expect(meldnorm(['ja', 'nee', 'nee', null, null])?.reason).toMatch(/^vraag 3/);
    expect(meldnorm(['ja', 'nee', 'ja', 'nee', null])?.reason).toMatch(/^vraag 4/);
    expect(meldnorm(['ja', 'nee', 'ja', 'ja', 'nee'])?.reason).toMatch(/^vraag 5/);
    expect(meldnorm(['ja', 'nee', 'ja', 'ja', 'ja'])).toEqual({
      melden: false,
      reason: 'hulp bieden of organiseren volstaat volgens je antwoorden',
    });
  });
  it('says nothing without a suspicion or with questions open', () => {
    expect(meldnorm(['nee', 'ja', 'ja', 'ja', 'ja'])).toBeNull();
    expect(meldnorm([null, null, null, null, null])).toBeNull();
    expect(meldnorm(['ja', 'nee', 'ja', null, null])).toBeNull();
  });
});
