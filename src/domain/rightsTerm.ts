// The answer term of a request by a parent or pupil (inzage, correctie, verwijdering, bezwaar):
// AVG art. 12 lid 3 gives one month from receipt, extendable by two more months when the request is
// complex or there are many, with the reason told to the asker (docs/rights.md). Dates are calendar
// dates (yyyy-MM-dd), as the beheerder fills them in; a month after 31 January is the last day of
// February, as date-fns `addMonths` counts it.
import { addMonths, differenceInCalendarDays, format, parseISO } from 'date-fns';
import { nl } from 'date-fns/locale/nl';

/** The requests a parent or pupil can make (AVG art. 15, 16, 17 and 21), with their Dutch names. */
export const rightsKinds = ['inzage', 'correction', 'erasure', 'objection'] as const;
export type RightsKind = (typeof rightsKinds)[number];
export const rightsKindLabels = { inzage: 'Inzage', correction: 'Correctie', erasure: 'Verwijdering', objection: 'Bezwaar' } as const;

/** Less than this many days left: the screen warns. */
export const TERM_WARNING_DAYS = 7;

const iso = (d: Date) => format(d, 'yyyy-MM-dd');
/** "28 februari 2027": how the screen and its messages name a date. */
export const longDate = (date: string) => format(parseISO(date), 'd MMMM yyyy', { locale: nl });

/** The last day to answer without an extension: one month after the request was received. */
export function answerDue(requestedOn: string): string {
  return iso(addMonths(parseISO(requestedOn), 1));
}

/** The latest date an extension may set: the month plus two more. */
export function latestExtension(requestedOn: string): string {
  return iso(addMonths(parseISO(requestedOn), 3));
}

export type TermState = 'open' | 'soon' | 'overdue';
export interface Term {
  /** The last day to answer: the extended date if there is one. */
  due: string;
  /** Days from today to `due`; 0 on the day itself, negative once it has passed. */
  daysLeft: number;
  state: TermState;
  extended: boolean;
}

/** Where an open request stands on `today` (yyyy-MM-dd in the region's time zone). */
export function termOf(request: { requestedOn: string; extendedUntil?: string | null }, today: string): Term {
  const due = request.extendedUntil ?? answerDue(request.requestedOn);
  const daysLeft = differenceInCalendarDays(parseISO(due), parseISO(today));
  const state: TermState = daysLeft < 0 ? 'overdue' : daysLeft < TERM_WARNING_DAYS ? 'soon' : 'open';
  return { due, daysLeft, state, extended: Boolean(request.extendedUntil) };
}

/**
 * Why an extension to `until` is not allowed, or null when it is: it must lie after the term it
 * extends and within the two extra months. Extending twice is allowed within those limits (a second
 * reason is told to the asker too).
 */
export function extensionProblem(request: { requestedOn: string; extendedUntil?: string | null }, until: string): string | null {
  const current = request.extendedUntil ?? answerDue(request.requestedOn);
  if (until <= current) return `Kies een datum na ${longDate(current)}: tot en met die dag loopt de termijn al`;
  const latest = latestExtension(request.requestedOn);
  if (until > latest) return `Verlengen kan tot en met ${longDate(latest)}: twee maanden na de eerste termijn`;
  return null;
}
