// The answer term of a rights request (src/domain/rightsTerm.ts): one month from receipt, a warning
// in the last week, overdue the day after, and an extension of at most two more months.
import { describe, expect, it } from 'vitest';
import { answerDue, extensionProblem, latestExtension, termOf } from '../../src/domain/rightsTerm';

describe('answer due date', () => {
  it('is the same day of the next month', () => {
    expect(answerDue('2026-12-07')).toBe('2027-01-07');
    expect(answerDue('2026-03-30')).toBe('2026-04-30');
  });
  it('ends on the last day of a shorter month', () => {
    expect(answerDue('2027-01-31')).toBe('2027-02-28');
    expect(answerDue('2028-01-31')).toBe('2028-02-29');
    expect(answerDue('2028-01-29')).toBe('2028-02-29');
    expect(answerDue('2026-03-31')).toBe('2026-04-30');
  });
  it('latest extension is three months after receipt, also at month ends', () => {
    expect(latestExtension('2026-12-07')).toBe('2027-03-07');
    expect(latestExtension('2026-11-30')).toBe('2027-02-28');
    expect(latestExtension('2027-01-31')).toBe('2027-04-30');
  });
});

describe('term state', () => {
  const request = { requestedOn: '2026-03-01' }; // due 1 April: March has 31 days
  it('is open with a week or more left', () => {
    expect(termOf(request, '2026-03-01')).toEqual({ due: '2026-04-01', daysLeft: 31, state: 'open', extended: false });
    expect(termOf(request, '2026-03-25')).toMatchObject({ daysLeft: 7, state: 'open' });
  });
  it('warns with less than a week left, up to and including the last day', () => {
    expect(termOf(request, '2026-03-26')).toMatchObject({ daysLeft: 6, state: 'soon' });
    expect(termOf(request, '2026-03-31')).toMatchObject({ daysLeft: 1, state: 'soon' });
    expect(termOf(request, '2026-04-01')).toMatchObject({ daysLeft: 0, state: 'soon' });
  });
  it('is overdue the day after the last day', () => {
    expect(termOf(request, '2026-04-02')).toMatchObject({ daysLeft: -1, state: 'overdue' });
  });
  it('day 30 and day 31 of a 30-day month', () => {
    const april = { requestedOn: '2026-04-01' }; // due 1 May, 30 days later
    expect(termOf(april, '2026-05-01')).toMatchObject({ due: '2026-05-01', daysLeft: 0, state: 'soon' });
    expect(termOf(april, '2026-05-02')).toMatchObject({ daysLeft: -1, state: 'overdue' });
  });
  it('counts from 28 February after a request of 31 January', () => {
    const jan = { requestedOn: '2027-01-31' };
    expect(termOf(jan, '2027-02-28')).toMatchObject({ due: '2027-02-28', state: 'soon' });
    expect(termOf(jan, '2027-03-01')).toMatchObject({ state: 'overdue' });
  });
  it('an extension moves the due date and clears the overdue state', () => {
    const extended = { requestedOn: '2026-03-01', extendedUntil: '2026-05-15' };
    expect(termOf(extended, '2026-04-02')).toEqual({ due: '2026-05-15', daysLeft: 43, state: 'open', extended: true });
    expect(termOf(extended, '2026-05-16')).toMatchObject({ state: 'overdue' });
  });
});

describe('extension', () => {
  const request = { requestedOn: '2027-01-31' }; // due 28 February, at most 30 April
  it('must lie after the current term', () => {
    expect(extensionProblem(request, '2027-02-28')).toBe('Kies een datum na 28 februari 2027: tot en met die dag loopt de termijn al');
    expect(extensionProblem(request, '2027-03-01')).toBeNull();
  });
  it('may go up to two months after the first term, not a day more', () => {
    expect(extensionProblem(request, '2027-04-30')).toBeNull();
    expect(extensionProblem(request, '2027-05-01')).toBe('Verlengen kan tot en met 30 april 2027: twee maanden na de eerste termijn');
  });
  it('a second extension must go past the first', () => {
    const once = { ...request, extendedUntil: '2027-03-31' };
    expect(extensionProblem(once, '2027-03-31')).toMatch(/^Kies een datum na 31 maart 2027/);
    expect(extensionProblem(once, '2027-04-15')).toBeNull();
  });
});
