// Verzuim as the Leerplichtwet and the regional verzuimprotocol see it: absence recorded as entries
// (a day or a span, with its kind and hours), and per absent pupil a route of steps towards a plan
// back to school and its outcome. The thresholds themselves are in verzuimprotocol.ts.
import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { isoDate, recordBaseShape, recordBaseStorage } from './record';
import { addDays, daysBetween } from './calendar';
import { optionalText, storable } from './text';
import {
  crossedThresholds,
  defaultVerzuimSettings,
  isSchoolDay,
  type AbsenceReport,
  type SchoolCalendar,
  type VerzuimSettings,
  type VerzuimStep,
} from './verzuimprotocol';

// ---------------------------------------------------------------------------------------------
// Absence entries

/**
 * Ongeoorloofd verzuim, ziekteverzuim, luxe verzuim (a holiday outside the school holidays without
 * leave), and the two vrijstellingen of the Leerplichtwet: absolute (art. 5: not enrolled at any
 * school) and relative (art. 11/15: excused from attending for a time or in part). A vrijstelling
 * is not absence: it stops the thuiszitter clock from its first day to its last.
 */
export const absenceEntryKinds = ['ongeoorloofd', 'ziek', 'luxe', 'vrijstelling_absoluut', 'vrijstelling_relatief'] as const;
export type AbsenceEntryKind = (typeof absenceEntryKinds)[number];

const MAX_HOURS = 400;

export const absenceEntryFields = {
  pupilId: z.uuid({ error: 'Kies een leerling' }),
  kind: z.enum(absenceEntryKinds, { error: 'Kies het soort verzuim' }),
  /** First day. */
  from: isoDate,
  /** Last day; null: still absent (or a vrijstelling without an end). */
  to: z.nullable(isoDate),
  /** Lesuren missed over the whole entry; null: every school day in it counts as a whole day. */
  hours: z.nullable(
    z
      .number({ error: 'Vul het aantal uren in' })
      .check(z.minimum(0.5, 'Vul minstens een half uur in'), z.maximum(MAX_HOURS, `Maximaal ${MAX_HOURS} uur`)),
  ),
  /**
   * Ziekteverzuim only: the jeugdarts (or the plan) says the pupil could attend, at least in part.
   * Only then does sickness count towards thuiszitter (README, Verzuim).
   */
  couldAttend: z.optional(z.boolean()),
  note: optionalText(500),
};

const toNotBeforeFrom = z.refine<{ from: string; to: string | null }>((v) => v.to === null || v.to >= v.from, {
  error: 'De laatste dag ligt niet vóór de eerste dag',
  path: ['to'],
});

export const absenceEntrySchema = z.object({ ...recordBaseShape, ...absenceEntryFields }).check(toNotBeforeFrom);
export type AbsenceEntry = z.infer<typeof absenceEntrySchema>;
export const absenceEntryInputSchema = z.object(absenceEntryFields).check(toNotBeforeFrom);
export type AbsenceEntryInput = z.infer<typeof absenceEntryInputSchema>;

/** On the phone: all of it (kind and dates of a child's absence are health and school data). */
export const absenceEntryStorage = {
  ...recordBaseStorage,
  pupilId: 'sensitive',
  kind: 'sensitive',
  from: 'sensitive',
  to: 'sensitive',
  hours: 'sensitive',
  couldAttend: 'sensitive',
  note: 'sensitive',
} as const satisfies StorageClasses<AbsenceEntry>;

type EntryFacts = Pick<AbsenceEntryInput, 'kind' | 'from' | 'to' | 'hours' | 'couldAttend'>;

const isExemption = (k: AbsenceEntryKind) => k === 'vrijstelling_absoluut' || k === 'vrijstelling_relatief';

/** The school days of an entry up to `today` (an open entry runs until today). */
function schoolDaysOf(e: EntryFacts, today: string, cal: SchoolCalendar): string[] {
  const last = e.to === null || e.to > today ? today : e.to;
  const days: string[] = [];
  for (let d = e.from; d <= last; d = addDays(d, 1)) if (isSchoolDay(d, cal)) days.push(d);
  return days;
}

/**
 * The entries as the protocol's rules count them: one report per school day up to `today`. Hours
 * given for an entry are spread evenly over its school days (the total is what counts in a window of
 * lesweken); without hours each school day counts `schoolDayHours`. Vrijstellingen are no absence.
 */
export function absenceReports(
  entries: readonly EntryFacts[],
  today: string,
  s: VerzuimSettings = defaultVerzuimSettings,
  cal: SchoolCalendar = {},
): AbsenceReport[] {
  const out: AbsenceReport[] = [];
  for (const e of entries) {
    if (isExemption(e.kind)) continue;
    const days = schoolDaysOf(e, today, cal);
    // An open entry has no fixed number of days: its hours (if any) are for the days so far.
    const perDay = e.hours === null ? s.schoolDayHours : e.hours / Math.max(1, days.length);
    for (const date of days) out.push({ date, kind: e.kind === 'ziek' ? 'ziek' : e.kind, hours: perDay });
  }
  return out;
}

/** A vrijstelling that covers `today`. */
export function exemptOn(entries: readonly EntryFacts[], today: string): AbsenceEntryKind | null {
  const e = entries.find((x) => isExemption(x.kind) && x.from <= today && (x.to === null || x.to >= today));
  return e ? e.kind : null;
}

/**
 * Since when the pupil is absent without interruption on `today`, as the thuiszitter clock counts:
 * ongeoorloofd and luxe verzuim always; ziekteverzuim only when `couldAttend` (the jeugdarts or the
 * plan says the pupil could attend, at least in part). Entries that follow each other (the next
 * starts on or before the first school day after the last ends) are one absence. Null: not absent
 * today, or not in a way that counts.
 */
export function absentSince(entries: readonly EntryFacts[], today: string, cal: SchoolCalendar = {}): string | null {
  const counts = entries.filter((e) => !isExemption(e.kind) && (e.kind !== 'ziek' || e.couldAttend === true) && e.from <= today);
  const current = counts.find((e) => e.to === null || e.to >= today);
  if (!current) return null;
  let since = current.from;
  // Walk back over entries that end right before the current span starts.
  for (let changed = true; changed;) {
    changed = false;
    for (const e of counts) {
      if (e.from >= since || e.to === null) continue;
      let next = addDays(e.to, 1);
      while (!isSchoolDay(next, cal) && next < since) next = addDays(next, 1);
      if (next >= since) {
        since = e.from;
        changed = true;
      }
    }
  }
  return since;
}

export interface VerzuimPicture {
  /** The protocol's thresholds crossed, oldest first (verzuimprotocol.ts). */
  crossed: { step: VerzuimStep; since: string }[];
  /** Since when absent without interruption, as the thuiszitter clock counts (absentSince). */
  absentSince: string | null;
  exemption: AbsenceEntryKind | null;
  thuiszitter: boolean;
}

/** What the entries of one pupil say on `today`: the thresholds crossed and whether a thuiszitter. */
export function verzuimPicture(
  entries: readonly EntryFacts[],
  today: string,
  s: VerzuimSettings = defaultVerzuimSettings,
  cal: SchoolCalendar = {},
): VerzuimPicture {
  const exemption = exemptOn(entries, today);
  const since = absentSince(entries, today, cal);
  const crossed = crossedThresholds(
    { reports: absenceReports(entries, today, s, cal), absentSince: since, exemption: exemption !== null },
    today,
    s,
    cal,
  );
  return { crossed, absentSince: since, exemption, thuiszitter: crossed.some((c) => c.step === 'thuiszitter') };
}

// ---------------------------------------------------------------------------------------------
// The route

/** The steps of the regional route, in order. `by`: who normally sets the step. */
export const routeSteps = [
  { key: 'stepGesprek', title: 'Gesprek school en ouders', by: 'school' },
  { key: 'stepMelding', title: 'Melding bij leerplicht (DUO) gedaan', by: 'school' },
  { key: 'stepJeugdarts', title: 'Jeugdarts (MAZL)', by: 'school' },
  { key: 'stepLeerplicht', title: 'Leerplicht betrokken', by: 'leerplicht' },
  { key: 'stepOverleg', title: 'Thuiszittersoverleg samenwerkingsverband', by: 'leerplicht' },
  { key: 'stepPlan', title: 'Plan terug naar school', by: 'school' },
] as const;
export type RouteStepKey = (typeof routeSteps)[number]['key'];
export const routeStepKeys = routeSteps.map((s) => s.key) as RouteStepKey[];

/** The steps a leerplichtambtenaar writes (permissions.ts); the rest is the school's side. */
export const leerplichtStepKeys = routeSteps.filter((s) => s.by === 'leerplicht').map((s) => s.key) as RouteStepKey[];

/** The threshold that makes a step due (Vandaag's "next step"). */
export const stepOfThreshold: Record<VerzuimStep, RouteStepKey> = {
  melding_leerplicht: 'stepMelding',
  jeugdarts: 'stepJeugdarts',
  thuiszitter: 'stepLeerplicht',
  thuiszittersoverleg: 'stepOverleg',
};

const who = z.string().check(z.trim(), z.minLength(1, 'Vul in wie deze stap zette'), z.maxLength(80, 'Maximaal 80 tekens'), storable);

/** A step done (date, who, note) or skipped (date, who, and the reason in `note`). */
export const routeStepSchema = z
  .object({
    status: z.enum(['gedaan', 'overgeslagen'], { error: 'Kies gedaan of overgeslagen' }),
    date: isoDate,
    who,
    note: optionalText(1000),
  })
  .check(
    z.refine((v) => v.status !== 'overgeslagen' || v.note.length > 0, {
      error: 'Vul in waarom deze stap wordt overgeslagen',
      path: ['note'],
    }),
  );
export type RouteStep = z.infer<typeof routeStepSchema>;

export const planGoals = ['terug_op_school', 'passend_aanbod'] as const;
/** What regional policy counts (kengetallen): how a route ended. */
export const routeOutcomes = ['terug_op_school', 'ander_onderwijs', 'vrijstelling', 'verhuisd'] as const;
export type RouteOutcome = (typeof routeOutcomes)[number];

const step = z.nullable(routeStepSchema);

export const verzuimrouteFields = {
  pupilId: z.uuid({ error: 'Kies een leerling' }),
  /** The day the route started: its first step is open from here. */
  startDate: isoDate,
  stepGesprek: step,
  stepMelding: step,
  stepJeugdarts: step,
  stepLeerplicht: step,
  stepOverleg: step,
  stepPlan: step,
  /** The plan: its goal, a named passend aanbod when that is the goal, the offer meanwhile, who coordinates. */
  planGoal: z.nullable(z.enum(planGoals, { error: 'Kies het doel van het plan' })),
  planAanbod: optionalText(200),
  planTemporary: optionalText(500),
  planCoordinator: optionalText(80),
  /** Review dates (follow-ups on Vandaag), ascending. */
  planReviewDates: z.array(isoDate).check(z.maxLength(12, 'Maximaal 12 evaluatiedatums')),
  /** How the route ended and when: a closed route. The fields kengetallen count. */
  outcome: z.nullable(z.enum(routeOutcomes, { error: 'Kies de uitkomst' })),
  outcomeDate: z.nullable(isoDate),
  /** Terug op school: which school (name) and how many lesuren a week. */
  outcomeSchool: optionalText(120),
  outcomeHours: z.nullable(
    z.int({ error: 'Vul een heel aantal uren in' }).check(z.minimum(0, 'Minstens 0 uur'), z.maximum(40, 'Maximaal 40 uur per week')),
  ),
};

const outcomeHasDate = z.refine<{ outcome: string | null; outcomeDate: string | null }>(
  (v) => (v.outcome === null) === (v.outcomeDate === null),
  { error: 'Vul de uitkomst en de datum samen in', path: ['outcomeDate'] },
);

export const verzuimrouteSchema = z.object({ ...recordBaseShape, ...verzuimrouteFields }).check(outcomeHasDate);
export type Verzuimroute = z.infer<typeof verzuimrouteSchema>;
export const verzuimrouteInputSchema = z.object(verzuimrouteFields).check(outcomeHasDate);
export type VerzuimrouteInput = z.infer<typeof verzuimrouteInputSchema>;

export const verzuimrouteStorage = {
  ...recordBaseStorage,
  pupilId: 'sensitive',
  startDate: 'sensitive',
  stepGesprek: 'sensitive',
  stepMelding: 'sensitive',
  stepJeugdarts: 'sensitive',
  stepLeerplicht: 'sensitive',
  stepOverleg: 'sensitive',
  stepPlan: 'sensitive',
  planGoal: 'sensitive',
  planAanbod: 'sensitive',
  planTemporary: 'sensitive',
  planCoordinator: 'sensitive',
  planReviewDates: 'sensitive',
  outcome: 'sensitive',
  outcomeDate: 'sensitive',
  outcomeSchool: 'sensitive',
  outcomeHours: 'sensitive',
} as const satisfies StorageClasses<Verzuimroute>;

/** A new route: every step open, no plan, no outcome. */
export function newRoute(pupilId: string, startDate: string): VerzuimrouteInput {
  return {
    pupilId,
    startDate,
    stepGesprek: null,
    stepMelding: null,
    stepJeugdarts: null,
    stepLeerplicht: null,
    stepOverleg: null,
    stepPlan: null,
    planGoal: null,
    planAanbod: '',
    planTemporary: '',
    planCoordinator: '',
    planReviewDates: [],
    outcome: null,
    outcomeDate: null,
    outcomeSchool: '',
    outcomeHours: null,
  };
}

/**
 * Leerplicht is involved in a route once the school reported to leerplicht (DUO) or leerplicht took
 * it up: from then on the leerplichtambtenaar of the school's gemeente reads the pupil, the absence
 * entries and the route (permissions.ts). The server computes the same from the stored JSON
 * (auth/authenticate.ts); the SQL there must say exactly this.
 */
export function involvesLeerplicht(r: Partial<Pick<VerzuimrouteInput, 'stepMelding' | 'stepLeerplicht'>>): boolean {
  return r.stepMelding?.status === 'gedaan' || r.stepLeerplicht?.status === 'gedaan';
}

export interface RouteOpenStep {
  step: RouteStepKey;
  /** Since when it is open: the latest date of a step before it, or the start date. */
  openSince: string;
  daysOpen: number;
  /** Open longer than the region's reminder days. */
  reminder: boolean;
}

/** The first step neither done nor skipped, or null when the route is closed or every step is set. */
export function openRouteStep(
  r: Pick<VerzuimrouteInput, RouteStepKey | 'startDate' | 'outcome'>,
  today: string,
  s: VerzuimSettings = defaultVerzuimSettings,
): RouteOpenStep | null {
  if (r.outcome) return null;
  let openSince = r.startDate;
  for (const key of routeStepKeys) {
    const set = r[key];
    if (!set) {
      const daysOpen = Math.max(0, daysBetween(openSince, today));
      return { step: key, openSince, daysOpen, reminder: daysOpen > s.routeReminderDays };
    }
    if (set.date > openSince) openSince = set.date;
  }
  return null;
}

/** A review is on Vandaag from its date for this many days; then the next one takes over. */
export const REVIEW_SHOWN_DAYS = 7;

/**
 * The plan's review that matters on `today`: one whose date passed at most REVIEW_SHOWN_DAYS ago
 * (due), else the next one ahead; null when the route is closed or no date is ahead or due.
 */
export function nextReview(
  r: Pick<VerzuimrouteInput, 'planReviewDates' | 'outcome'>,
  today: string,
): { date: string; due: boolean } | null {
  if (r.outcome) return null;
  const sorted = [...r.planReviewDates].sort();
  const due = sorted.filter((d) => d <= today && daysBetween(d, today) <= REVIEW_SHOWN_DAYS).at(-1);
  if (due) return { date: due, due: true };
  const ahead = sorted.find((d) => d > today);
  return ahead ? { date: ahead, due: false } : null;
}
