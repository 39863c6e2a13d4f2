// Thuiszitter figures for regional policy: how long pupils are out, how it ends, who is back at
// school within 3 and 6 months, vrijstellingen, waiting for care, and where routes stand. Pure
// functions over plain rows (ThuiszitterFact): the server reads the few fields it needs from the
// absence route, the plan back to school and the wachtlijst records, and passes them in. The counts
// come out as tables for suppressTables, like every other kengetal.
import { addDays, daysBetween } from '../calendar';
import { THUISZITTER_AFTER_DAYS } from '../absence';
import { spread, type Cell } from './suppression';
import { absentSince, routeStepKeys, type AbsenceEntryKind, type RouteOutcome, type RouteStepKey } from '../verzuimroute';

export const routeSteps = [
  'gesprekOuders',
  'meldingLeerplicht',
  'jeugdarts',
  'leerplichtBetrokken',
  'thuiszittersoverleg',
  'plan',
] as const;
export type RouteStep = (typeof routeSteps)[number];
export const routeStepStates = ['gedaan', 'overgeslagen', 'open'] as const;
export const planOutcomes = ['terugOpSchool', 'anderOnderwijs', 'vrijstelling', 'verhuisd'] as const;
export type PlanOutcome = (typeof planOutcomes)[number];
/** The columns of the table by outcome: the outcomes, and still out on the reference date. */
export const thuiszitterOutcomes = ['nogThuis', ...planOutcomes] as const;
export const thuiszitterDurations = ['4wTot3m', '3mTot6m', 'meerDan6m'] as const;

/** One absent pupil, as the figures need it: no name, no free text. */
export interface ThuiszitterFact {
  schoolId: string;
  /** First day absent. A thuiszitter from day 29 on without vrijstelling (absence.ts). */
  absenceSince: string;
  /** The route's steps as they stand (a step not listed is open). */
  steps: { step: RouteStep; state: (typeof routeStepStates)[number] }[];
  /** The outcome of the plan back to school, with its date, or null while the pupil is still out. */
  outcome: { kind: PlanOutcome; date: string } | null;
  /** A vrijstelling granted, with its kind and date (also when it is not the plan's outcome). */
  vrijstelling: { kind: 'absoluut' | 'relatief'; date: string } | null;
  /** Referrals to care: since when on the wachtlijst, and the day care started (null: still waiting). */
  referrals: { since: string; startedAt: string | null }[];
}

/** The day a pupil became a thuiszitter: the first day past four weeks absent. */
export function thuiszitterFrom(f: ThuiszitterFact): string {
  return addDays(f.absenceSince, THUISZITTER_AFTER_DAYS);
}

/** The same day `months` calendar months later (31 January + 1 month: the last day of February). */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  const d = Math.min(Number(iso.slice(8, 10)), last);
  return `${yy}-${String(mm + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Whether the pupil was a thuiszitter on some day up to `refDate`: out past four weeks, before any outcome. */
function becameThuiszitter(f: ThuiszitterFact, refDate: string): boolean {
  const from = thuiszitterFrom(f);
  const end = f.outcome && f.outcome.date <= refDate ? f.outcome.date : refDate;
  return from <= end && !(f.vrijstelling && f.vrijstelling.date < from);
}

/** The outcome as it stands on `refDate`: an outcome dated later is not known yet. */
const outcomeOn = (f: ThuiszitterFact, refDate: string) => (f.outcome && f.outcome.date <= refDate ? f.outcome : null);

/** Counts as a table before suppression: rows × columns. */
export interface CountsTable {
  rows: string[];
  cols: string[];
  counts: number[][];
}

function table(rows: readonly string[], cols: readonly string[], items: [string, string][]): CountsTable {
  const counts = rows.map(() => cols.map(() => 0));
  for (const [r, c] of items) {
    const i = rows.indexOf(r);
    const k = cols.indexOf(c);
    if (i >= 0 && k >= 0) counts[i]![k]!++;
  }
  return { rows: [...rows], cols: [...cols], counts };
}

/**
 * Thuiszitters by how long they were (or are) out and how it ended, on `refDate`. The duration is
 * counted from the first day absent to the outcome, or to `refDate` for a pupil still out.
 */
export function thuiszittersByDurationAndOutcome(facts: readonly ThuiszitterFact[], refDate: string): CountsTable {
  return table(
    thuiszitterDurations,
    thuiszitterOutcomes,
    facts
      .filter((f) => becameThuiszitter(f, refDate))
      .map((f) => {
        const out = outcomeOn(f, refDate);
        const end = out?.date ?? refDate;
        const bucket = end <= addMonths(f.absenceSince, 3) ? '4wTot3m' : end <= addMonths(f.absenceSince, 6) ? '3mTot6m' : 'meerDan6m';
        return [bucket, out?.kind ?? 'nogThuis'];
      }),
  );
}

/** Back in education: terug op school or ander onderwijs (a passend aanbod elsewhere). */
const backInEducation = (k: PlanOutcome) => k === 'terugOpSchool' || k === 'anderOnderwijs';

export interface ReturnRate {
  months: 3 | 6;
  /** Thuiszitters who have been thuiszitter for at least this long by `refDate` (or returned earlier). */
  cohort: number;
  /** Of those, back in education within the months. */
  returned: number;
}

/**
 * Return to school within 3 and 6 months of becoming a thuiszitter. Only pupils whose 3 (or 6) months
 * have passed by `refDate` are in the cohort, so a pupil who became thuiszitter last week does not
 * count as "not back"; a pupil who moved away (verhuisd) leaves the cohort.
 */
export function returnWithin(facts: readonly ThuiszitterFact[], refDate: string): ReturnRate[] {
  return ([3, 6] as const).map((months) => {
    let cohort = 0;
    let returned = 0;
    for (const f of facts) {
      if (!becameThuiszitter(f, refDate)) continue;
      const from = thuiszitterFrom(f);
      const deadline = addMonths(from, months);
      const out = outcomeOn(f, refDate);
      const backInTime = !!out && backInEducation(out.kind) && out.date <= deadline;
      if (out?.kind === 'verhuisd' && out.date <= deadline) continue;
      if (deadline > refDate && !backInTime) continue;
      cohort++;
      if (backInTime) returned++;
    }
    return { months, cohort, returned };
  });
}

/** Vrijstellingen granted from `from` to `to`, by kind. */
export function vrijstellingen(facts: readonly ThuiszitterFact[], from: string, to: string): { absoluut: number; relatief: number } {
  const inRange = facts.filter((f) => f.vrijstelling && f.vrijstelling.date >= from && f.vrijstelling.date <= to);
  return {
    absoluut: inRange.filter((f) => f.vrijstelling!.kind === 'absoluut').length,
    relatief: inRange.filter((f) => f.vrijstelling!.kind === 'relatief').length,
  };
}

export interface WaitingTime {
  /** Care started: days from referral to start (median and 90th percentile over 5 or more). */
  started: { n: Cell; medianDays: number | null; p90Days: number | null };
  /** Still waiting on `refDate`: days waited so far. */
  waiting: { n: Cell; medianDays: number | null; p90Days: number | null };
}

/** Waiting time for care: referrals whose care started by `refDate`, and those still waiting. */
export function waitingTimeForCare(facts: readonly ThuiszitterFact[], refDate: string): WaitingTime {
  const referrals = facts.flatMap((f) => f.referrals).filter((r) => r.since <= refDate);
  const started = referrals.filter((r) => r.startedAt && r.startedAt <= refDate).map((r) => daysBetween(r.since, r.startedAt!));
  const waiting = referrals.filter((r) => !r.startedAt || r.startedAt > refDate).map((r) => daysBetween(r.since, refDate));
  const s = spread(started);
  const w = spread(waiting);
  return {
    started: { n: s.n, medianDays: s.median, p90Days: s.p90 },
    waiting: { n: w.n, medianDays: w.median, p90Days: w.p90 },
  };
}

/** Routes of pupils still out on `refDate`, per step and how that step stands. */
export function routesPerStep(facts: readonly ThuiszitterFact[], refDate: string): CountsTable {
  const open = facts.filter((f) => f.absenceSince <= refDate && !outcomeOn(f, refDate));
  return table(
    routeSteps,
    routeStepStates,
    open.flatMap((f) => routeSteps.map((step): [string, string] => [step, f.steps.find((s) => s.step === step)?.state ?? 'open'])),
  );
}

// ---------------------------------------------------------------------------------------------
// From the stored records to the facts above

/** An absence entry as the figures need it: kind, days and hours, no note. */
export interface AbsenceEntryFact {
  pupilId: string;
  schoolId: string;
  kind: AbsenceEntryKind;
  from: string;
  to: string | null;
  hours: number | null;
  couldAttend?: boolean;
}

/** A verzuimroute as the figures need it: how each step stands and the outcome, no names or notes. */
export interface RouteFact {
  pupilId: string;
  schoolId: string;
  startDate: string;
  steps: Partial<Record<RouteStepKey, 'gedaan' | 'overgeslagen' | null>>;
  outcome: RouteOutcome | null;
  outcomeDate: string | null;
}

/** A referral to care (wachtlijst): since when, and the day care started (null: still waiting). */
export interface ReferralFact {
  pupilId: string;
  schoolId: string;
  since: string;
  startedAt: string | null;
  /** The day the referral lapsed (vervallen): from then on the pupil no longer waits. */
  lapsedAt?: string | null;
}

const stepOf: Record<RouteStepKey, RouteStep> = {
  stepGesprek: 'gesprekOuders',
  stepMelding: 'meldingLeerplicht',
  stepJeugdarts: 'jeugdarts',
  stepLeerplicht: 'leerplichtBetrokken',
  stepOverleg: 'thuiszittersoverleg',
  stepPlan: 'plan',
};
const outcomeOf: Record<RouteOutcome, PlanOutcome> = {
  terug_op_school: 'terugOpSchool',
  ander_onderwijs: 'anderOnderwijs',
  vrijstelling: 'vrijstelling',
  verhuisd: 'verhuisd',
};

/**
 * The facts of every pupil with absence or a route, as they stand on `refDate`. `absent` holds the
 * pupils whose absence counts for the thuiszitter clock (absentSince in verzuimroute.ts), with the
 * first day of their last span up to the outcome (or `refDate`); `routes` holds every route, dated
 * from its start, for the table of routes per step (a route may be open for a pupil whose sickness
 * does not count, e.g. while the jeugdarts looks at it).
 */
export function thuiszitterFactsFrom(
  entries: readonly AbsenceEntryFact[],
  routes: readonly RouteFact[],
  referrals: readonly ReferralFact[],
  refDate: string,
): { absent: ThuiszitterFact[]; routes: ThuiszitterFact[] } {
  const pupils = new Map<string, string>();
  for (const x of [...entries, ...routes]) pupils.set(x.pupilId, x.schoolId);
  const absent: ThuiszitterFact[] = [];
  const withRoute: ThuiszitterFact[] = [];
  for (const [pupilId, schoolId] of pupils) {
    const own = entries.filter((e) => e.pupilId === pupilId && e.from <= refDate);
    // A pupil has one route; should two have synced, the latest started is the one that stands.
    const route = routes.filter((r) => r.pupilId === pupilId).sort((a, b) => b.startDate.localeCompare(a.startDate))[0];
    const outcome =
      route?.outcome && route.outcomeDate && route.outcomeDate <= refDate
        ? { kind: outcomeOf[route.outcome], date: route.outcomeDate }
        : null;
    // Absence is measured up to the day before the outcome: the span that led to it.
    const until = outcome ? addDays(outcome.date, -1) : refDate;
    const counting = own.filter(
      (e) => e.kind !== 'vrijstelling_absoluut' && e.kind !== 'vrijstelling_relatief' && (e.kind !== 'ziek' || e.couldAttend === true),
    );
    const lastDay = counting
      .filter((e) => e.from <= until)
      .map((e) => (e.to === null || e.to > until ? until : e.to))
      .sort()
      .at(-1);
    const since = lastDay ? absentSince(own, lastDay) : null;
    const exemption = own
      .filter((e) => e.kind === 'vrijstelling_absoluut' || e.kind === 'vrijstelling_relatief')
      .sort((a, b) => a.from.localeCompare(b.from))
      .at(-1);
    const fact: Omit<ThuiszitterFact, 'absenceSince'> = {
      schoolId,
      steps: route ? routeStepKeys.map((k) => ({ step: stepOf[k], state: route.steps[k] ?? ('open' as const) })) : [],
      outcome,
      vrijstelling: exemption ? { kind: exemption.kind === 'vrijstelling_absoluut' ? 'absoluut' : 'relatief', date: exemption.from } : null,
      referrals: referrals.filter((r) => r.pupilId === pupilId).map((r) => ({ since: r.since, startedAt: r.startedAt })),
    };
    if (since || fact.vrijstelling) absent.push({ ...fact, absenceSince: since ?? fact.vrijstelling!.date });
    if (route) withRoute.push({ ...fact, absenceSince: route.startDate });
  }
  return { absent, routes: withRoute };
}

/** Pupils who were thuiszitter at some time in `from`..`to`: the figures of a window. */
export function thuiszitterInWindow(f: ThuiszitterFact, from: string, to: string): boolean {
  return thuiszitterFrom(f) <= to && (!f.outcome || f.outcome.date >= from);
}
