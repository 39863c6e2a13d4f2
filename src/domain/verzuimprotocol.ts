// The thresholds of the regional verzuimprotocol as pure rules: when the school must report
// ongeoorloofd verzuim to leerplicht, when ziekteverzuim goes to the jeugdarts (MAZL), when a pupil
// is a thuiszitter and when the samenwerkingsverband's thuiszittersoverleg takes it up.
// The numbers are the region's settings (VerzuimSettings), with the national ones as defaults.
import { addDays, daysBetween, weekday } from './calendar';

export interface VerzuimSettings {
  /** Leerplichtwet: this many hours of ongeoorloofd verzuim ... */
  reportHours: number;
  /** ... within this many consecutive lesweken must be reported to leerplicht (via DUO). */
  reportWeeks: number;
  /** MAZL: this many sick reports ... */
  mazlReports: number;
  /** ... within this many lesweken, */
  mazlWeeks: number;
  /** or sick for more than this many consecutive school days, goes to the jeugdarts. */
  mazlConsecutiveDays: number;
  /** Absent without exemption for more than this many calendar days: thuiszitter. */
  thuiszitterAfterDays: number;
  /** A thuiszitter for this many months goes to the thuiszittersoverleg of the samenwerkingsverband. */
  swvAfterMonths: number;
  /** A step of the verzuimroute open for more than this many calendar days gets a reminder. */
  routeReminderDays: number;
  /** Lesuren in a school day: an absence of whole days without hours counts this many per day. */
  schoolDayHours: number;
  /**
   * Wachtlijst: a pupil waiting for care longer than this many weeks is on Vandaag. The default is
   * the treeknorm of the ggz: 4 weeks to the intake and 10 more to the start of treatment.
   */
  wachtlijstWarnWeeks: number;
}

export const defaultVerzuimSettings: VerzuimSettings = {
  reportHours: 16,
  reportWeeks: 4,
  mazlReports: 4,
  mazlWeeks: 12,
  mazlConsecutiveDays: 6,
  thuiszitterAfterDays: 28,
  swvAfterMonths: 3,
  routeReminderDays: 10,
  schoolDayHours: 5,
  wachtlijstWarnWeeks: 14,
};

/** The bounds a region may set each number within (beheer); the server refuses anything else. */
export const verzuimSettingBounds: { readonly [K in keyof VerzuimSettings]: readonly [number, number] } = {
  reportHours: [1, 80],
  reportWeeks: [1, 12],
  mazlReports: [1, 12],
  mazlWeeks: [1, 40],
  mazlConsecutiveDays: [1, 30],
  thuiszitterAfterDays: [7, 90],
  swvAfterMonths: [1, 12],
  routeReminderDays: [1, 60],
  schoolDayHours: [1, 10],
  wachtlijstWarnWeeks: [1, 52],
};

/**
 * The school calendar as the rules need it: the Mondays of weeks without lessons (holidays).
 * A lesweek is a Monday-to-Friday week that is not a holiday week; a school day is a weekday in
 * such a week. Without holidays every week is a lesweek.
 */
export interface SchoolCalendar {
  holidayWeeks?: readonly string[];
}

/** The Monday (ISO date) of the week that holds `isoDate`. */
export function mondayOf(isoDate: string): string {
  return addDays(isoDate, 1 - weekday(isoDate));
}

function isLesweek(monday: string, cal: SchoolCalendar): boolean {
  return !(cal.holidayWeeks ?? []).includes(monday);
}

export function isSchoolDay(isoDate: string, cal: SchoolCalendar = {}): boolean {
  return weekday(isoDate) <= 5 && isLesweek(mondayOf(isoDate), cal);
}

/** The `count` lesweken (their Mondays) that end with the week of `isoDate`, newest last. */
export function lesweekenUpTo(isoDate: string, count: number, cal: SchoolCalendar = {}): string[] {
  const weeks: string[] = [];
  // A holiday week in between does not break "consecutive": count back over lesweken only.
  for (let monday = mondayOf(isoDate); weeks.length < count; monday = addDays(monday, -7)) {
    if (isLesweek(monday, cal)) weeks.unshift(monday);
  }
  return weeks;
}

/** One registered absence: a day (ISO date) with its kind and, for ongeoorloofd, the hours missed. */
export interface AbsenceReport {
  date: string;
  kind: 'ongeoorloofd' | 'ziek' | 'luxe';
  hours?: number;
}

/**
 * Ongeoorloofd verzuim to report: the first date on which the hours of ongeoorloofd verzuim (luxe
 * verzuim counts as ongeoorloofd) within the lesweken ending that week reach `reportHours`, or null.
 */
export function reportDue(reports: readonly AbsenceReport[], s = defaultVerzuimSettings, cal: SchoolCalendar = {}): string | null {
  const unauthorised = reports.filter((r) => r.kind !== 'ziek' && isSchoolDay(r.date, cal)).sort((a, b) => a.date.localeCompare(b.date));
  for (const r of unauthorised) {
    const window = new Set(lesweekenUpTo(r.date, s.reportWeeks, cal));
    const hours = unauthorised.filter((o) => o.date <= r.date && window.has(mondayOf(o.date))).reduce((sum, o) => sum + (o.hours ?? 0), 0);
    if (hours >= s.reportHours) return r.date;
  }
  return null;
}

/** A sick spell: from its first to its last school day. Sick days with only weekends or holidays between them are one spell. */
export interface SickSpell {
  from: string;
  to: string;
  schoolDays: number;
}

export function sickSpells(reports: readonly AbsenceReport[], cal: SchoolCalendar = {}): SickSpell[] {
  const days = [...new Set(reports.filter((r) => r.kind === 'ziek' && isSchoolDay(r.date, cal)).map((r) => r.date))].sort();
  const spells: SickSpell[] = [];
  for (const day of days) {
    const last = spells.at(-1);
    if (last && nextSchoolDay(last.to, cal) === day) {
      last.to = day;
      last.schoolDays++;
    } else spells.push({ from: day, to: day, schoolDays: 1 });
  }
  return spells;
}

function nextSchoolDay(isoDate: string, cal: SchoolCalendar): string {
  let d = addDays(isoDate, 1);
  while (!isSchoolDay(d, cal)) d = addDays(d, 1);
  return d;
}

export type MazlReason = 'frequent' | 'long';

/**
 * MAZL (medische advisering zieke leerling): ziekteverzuim that goes to the jeugdarts. The first date
 * on which either `mazlReports` sick reports (spells) started within `mazlWeeks` lesweken, or a spell
 * passed `mazlConsecutiveDays` school days; null when neither.
 */
export function mazlDue(
  reports: readonly AbsenceReport[],
  s = defaultVerzuimSettings,
  cal: SchoolCalendar = {},
): { date: string; reason: MazlReason } | null {
  const spells = sickSpells(reports, cal);
  const hits: { date: string; reason: MazlReason }[] = [];
  for (const spell of spells) {
    if (spell.schoolDays > s.mazlConsecutiveDays) {
      let d = spell.from;
      for (let n = 1; n <= s.mazlConsecutiveDays; n++) d = nextSchoolDay(d, cal);
      hits.push({ date: d, reason: 'long' });
    }
    const window = new Set(lesweekenUpTo(spell.from, s.mazlWeeks, cal));
    const started = spells.filter((o) => o.from <= spell.from && window.has(mondayOf(o.from))).length;
    if (started >= s.mazlReports) hits.push({ date: spell.from, reason: 'frequent' });
  }
  hits.sort((a, b) => a.date.localeCompare(b.date));
  return hits[0] ?? null;
}

/** Absent since `since` without exemption: a thuiszitter from the day after `thuiszitterAfterDays`. */
export function thuiszitterFrom(since: string, s = defaultVerzuimSettings): string {
  return addDays(since, s.thuiszitterAfterDays);
}

/** The date a thuiszitter (absent since `since`) goes to the thuiszittersoverleg: `swvAfterMonths` later. */
export function swvOverlegFrom(since: string, s = defaultVerzuimSettings): string {
  const [y, m, d] = since.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + s.swvAfterMonths, 1));
  // The same day of the month, or the month's last day when it has fewer days (31 January + 1 month).
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export type VerzuimStep = 'melding_leerplicht' | 'jeugdarts' | 'thuiszitter' | 'thuiszittersoverleg';

/** Which thresholds a pupil has crossed on `today`, oldest first: what Vandaag shows, with the next step. */
export function crossedThresholds(
  input: { reports: readonly AbsenceReport[]; absentSince?: string | null; exemption?: boolean },
  today: string,
  s = defaultVerzuimSettings,
  cal: SchoolCalendar = {},
): { step: VerzuimStep; since: string }[] {
  const out: { step: VerzuimStep; since: string }[] = [];
  const past = input.reports.filter((r) => r.date <= today);
  const report = reportDue(past, s, cal);
  if (report) out.push({ step: 'melding_leerplicht', since: report });
  const mazl = mazlDue(past, s, cal);
  if (mazl && mazl.date <= today) out.push({ step: 'jeugdarts', since: mazl.date });
  if (input.absentSince && !input.exemption && daysBetween(input.absentSince, today) >= 0) {
    const thuis = thuiszitterFrom(input.absentSince, s);
    if (thuis <= today) out.push({ step: 'thuiszitter', since: thuis });
    const swv = swvOverlegFrom(input.absentSince, s);
    if (swv <= today) out.push({ step: 'thuiszittersoverleg', since: swv });
  }
  return out.sort((a, b) => a.since.localeCompare(b.since));
}
