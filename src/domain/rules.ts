// Pure rules about what may be written down about a pupil. No I/O.

/** The Dutch BSN check ("elfproef"): 9 digits, weighted sum 9..2 and -1 divisible by 11. */
export function passesElfproef(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0 && digits !== '000000000';
}

/**
 * True when free text holds something that is probably a BSN: nine digits in a row (optionally
 * written 1234.56.789 or with spaces) that pass the elfproef. Phone numbers have ten digits and
 * never match; a random nine-digit number passes one time in eleven, which is acceptable friction
 * for a field that must never hold a BSN.
 */
export function containsBsn(text: string): boolean {
  const candidates = text.match(/(?<!\d)\d{4}[ .]?\d{2}[ .]?\d{3}(?!\d)/g) ?? [];
  return candidates.some((c) => passesElfproef(c.replace(/[ .]/g, '')));
}

/** Name-like fields (initials, nickname) must never be a number: a digits-only value is refused. */
export function isDigitsOnly(text: string): boolean {
  return /^[\d\s.-]+$/.test(text.trim());
}

/** A pupil is of school age: born at most 25 and at least 2 years before `now`. */
export function birthYearProblem(year: number, now: Date = new Date()): string | null {
  const current = now.getFullYear();
  if (year > current) return 'Het geboortejaar ligt in de toekomst';
  if (year > current - 2) return 'Het geboortejaar is te recent voor een leerling';
  if (year < current - 25) return `Het geboortejaar moet ${current - 25} of later zijn`;
  return null;
}
