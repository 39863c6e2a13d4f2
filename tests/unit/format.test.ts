import { describe, expect, it } from 'vitest';
import { formatDateTime, formatMoment } from '../../src/app/i18n/format';

// The status strip's "Gesynchroniseerd …": a time alone would make yesterday's sync look like today's.
describe('formatMoment', () => {
  const now = new Date(2026, 11, 2, 13, 5); // wo 2 dec 2026, local time
  it('says only the time for today', () => {
    expect(formatMoment(new Date(2026, 11, 2, 8, 30).toISOString(), now)).toBe('om 08:30');
  });
  it('says "gisteren" for yesterday', () => {
    expect(formatMoment(new Date(2026, 11, 1, 23, 59).toISOString(), now)).toBe('gisteren om 23:59');
  });
  it('names the day before that, in Dutch', () => {
    expect(formatMoment(new Date(2026, 10, 27, 10, 42).toISOString(), now)).toBe('vr 27 nov. om 10:42');
  });
});

// A device card's "In gebruik sinds": two log-ins on one day differ only in the time.
describe('formatDateTime', () => {
  it('says the day, the date and the time, in Dutch', () => {
    expect(formatDateTime(new Date(2026, 11, 2, 10, 42).toISOString())).toBe('wo 2 dec. 2026 om 10:42');
  });
});
