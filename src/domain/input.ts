// What may enter the service at all: the one check every text and every date passes, on the phone
// (forms, before anything is stored) and on the server (entity schemas, the sync protocol, every
// route's schema). A value that fails here is refused with a Dutch message, never stored and never a
// 500 from the database.
import * as z from 'zod/mini';

/**
 * NUL (U+0000): PostgreSQL's text and jsonb cannot hold it at all (the statement fails).
 * A lone UTF-16 surrogate (half of an emoji, e.g. a cut-off "\ud83d"): not Unicode; PostgreSQL would
 * store U+FFFD in its place, so the text would change silently. Both are refused, not repaired.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT_MESSAGE =
  'Deze tekst bevat een teken dat niet bewaard kan worden (een leeg teken of een half emoji-teken). Verwijder het of typ de tekst opnieuw.';

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** The text refinement: add it to every z.string() whose value can reach storage or a query. */
export const storable = z.refine<string>(isStorableText, { error: UNSTORABLE_TEXT_MESSAGE });

/**
 * Where inside `value` the first unstorable string (or object key) is: its path, or null when every
 * string is storable. Deeper than any record (64 levels) counts as unstorable: refused, not walked.
 */
export function unstorablePath(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (path.length > 64) return path;
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = unstorablePath(v, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (!isStorableText(k)) return [...path, k];
    const found = unstorablePath(v, [...path, k]);
    if (found) return found;
  }
  return null;
}

/** The same refinement for a free-form JSON value (a mutation's `changes`): every string in it. */
export const storableDeep = z.superRefine<unknown>((value, ctx) => {
  const path = unstorablePath(value);
  if (path) ctx.issues.push({ code: 'custom', message: UNSTORABLE_TEXT_MESSAGE, path, input: value });
});

/**
 * Dates the product deals with. PostgreSQL cannot hold year 0000, JavaScript and date-fns break past
 * year 9999 (an ISO string of year 10000 is "+010000-…"), and a period loop near either end runs out of
 * calendar. Nothing about a pupil today lies outside these years; a typo like 0202 or 20266 does.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;
export const DATE_RANGE_MESSAGE = `Kies een datum tussen ${MIN_YEAR} en ${MAX_YEAR}`;

const yearOf = (v: string) => Number(/^(\d{4})-/.exec(v)?.[1] ?? NaN);

function instantInRange(v: string): boolean {
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR && yearOf(v) >= MIN_YEAR && yearOf(v) <= MAX_YEAR;
}

/** A calendar date as an <input type="date"> gives it (2026-11-23), within MIN_YEAR–MAX_YEAR. */
export function calendarDate(error = 'Vul een geldige datum in') {
  return z.iso
    .date({ error })
    .check(z.refine<string>((v) => yearOf(v) >= MIN_YEAR && yearOf(v) <= MAX_YEAR, { error: DATE_RANGE_MESSAGE }));
}

/** An instant with its offset (2026-11-23T10:15:00.000Z), within MIN_YEAR–MAX_YEAR. */
export function instant(error = 'Ongeldig tijdstip') {
  return z.iso.datetime({ offset: true, error }).check(z.refine<string>(instantInRange, { error: DATE_RANGE_MESSAGE }));
}
