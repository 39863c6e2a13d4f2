// The Meldcode huiselijk geweld en kindermishandeling as a recording aid: a trajectory per signal,
// five steps and the afwegingskader. Not legal advice; the UI says so.
import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { isoDate, recordBaseShape, recordBaseStorage } from './record';
import { daysBetween } from './calendar';
import { optionalText, storable } from './text';

export const meldcodeSteps = [
  { n: 1, title: 'Signalen in kaart brengen' },
  { n: 2, title: 'Collegiale consultatie en zo nodig Veilig Thuis raadplegen' },
  { n: 3, title: 'Gesprek met de betrokkenen' },
  { n: 4, title: 'Wegen met het afwegingskader' },
  { n: 5, title: 'Beslissen: melden en/of hulp organiseren' },
] as const;

/** The five questions of the afwegingskader (step 4). */
export const afwegingQuestions = [
  'Heb ik op basis van de stappen 1 tot en met 3 een vermoeden van huiselijk geweld of kindermishandeling?',
  'Schat ik in dat er sprake is van acute onveiligheid en/of structurele onveiligheid?',
  'Ben ik in staat om effectieve hulp te bieden of te organiseren?',
  'Aanvaarden de betrokkenen de hulp en zijn zij bereid zich in te zetten?',
  'Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten ten aanzien van de veiligheid en/of het welzijn van alle betrokkenen?',
] as const;

export const meldcodeOutcomes = ['melding', 'hulp', 'melding_en_hulp', 'geen_zorgen'] as const;

/** One step done: when, by whom (name or role, free text), and a note. */
export const meldcodeStepSchema = z.object({
  date: isoDate,
  who: z.string().check(z.trim(), z.minLength(1, 'Vul in wie deze stap zette'), z.maxLength(80, 'Maximaal 80 tekens'), storable),
  note: optionalText(2000),
});
export type MeldcodeStep = z.infer<typeof meldcodeStepSchema>;

const answer = z.nullable(z.enum(['ja', 'nee']));

export const meldcodeFields = {
  signalId: z.uuid({ error: 'Kies een signaal' }),
  pupilId: z.uuid({ error: 'Kies een leerling' }),
  /** The day the trajectory started: step 1 is open from here. */
  startDate: isoDate,
  step1: z.nullable(meldcodeStepSchema),
  step2: z.nullable(meldcodeStepSchema),
  step3: z.nullable(meldcodeStepSchema),
  step4: z.nullable(meldcodeStepSchema),
  step5: z.nullable(meldcodeStepSchema),
  afweging: z.tuple([answer, answer, answer, answer, answer]),
  outcome: z.nullable(z.enum(meldcodeOutcomes)),
  closedDate: z.nullable(isoDate),
};

export const meldcodeSchema = z.object({ ...recordBaseShape, ...meldcodeFields });
export type Meldcode = z.infer<typeof meldcodeSchema>;

/** On the phone: all of it; the pupil and the signal are found through blind indexes. */
export const meldcodeStorage = {
  ...recordBaseStorage,
  signalId: 'sensitive',
  pupilId: 'sensitive',
  startDate: 'sensitive',
  step1: 'sensitive',
  step2: 'sensitive',
  step3: 'sensitive',
  step4: 'sensitive',
  step5: 'sensitive',
  afweging: 'sensitive',
  outcome: 'sensitive',
  closedDate: 'sensitive',
} as const satisfies StorageClasses<Meldcode>;
export const meldcodeInputSchema = z.object(meldcodeFields);
export type MeldcodeInput = z.infer<typeof meldcodeInputSchema>;

/** A new trajectory for a signal: step 1 open from `startDate`, nothing answered yet. */
export function newMeldcode(signal: { id: string; pupilId: string }, startDate: string): MeldcodeInput {
  return {
    signalId: signal.id,
    pupilId: signal.pupilId,
    startDate,
    step1: null,
    step2: null,
    step3: null,
    step4: null,
    step5: null,
    afweging: [null, null, null, null, null],
    outcome: null,
    closedDate: null,
  };
}

/**
 * What the afwegingskader's answers point to (the meldnorm of the Meldcode, 2019): with a suspicion
 * (question 1: ja), reporting to Veilig Thuis is the norm when there is acute or structural
 * unsafety (2: ja), when the professional cannot offer or organise effective help (3: nee), when
 * those involved do not accept it (4: nee), or when it does not lead to safety in time (5: nee).
 * `null`: no suspicion, or not enough answered to say. A recording aid, not legal advice.
 */
export function meldnorm(afweging: readonly ('ja' | 'nee' | null)[]): { melden: boolean; reason: string } | null {
  const [suspicion, unsafe, canHelp, accepted, works] = afweging;
  if (suspicion !== 'ja') return null;
  if (unsafe === 'ja') return { melden: true, reason: 'vraag 2 is met ja beantwoord: er is acute of structurele onveiligheid' };
  if (canHelp === 'nee')
    return { melden: true, reason: 'vraag 3 is met nee beantwoord: je kunt zelf geen effectieve hulp bieden of organiseren' };
  if (accepted === 'nee') return { melden: true, reason: 'vraag 4 is met nee beantwoord: de betrokkenen aanvaarden de hulp niet' };
  if (works === 'nee') return { melden: true, reason: 'vraag 5 is met nee beantwoord: de hulp leidt niet op tijd tot veiligheid' };
  if (unsafe === 'nee' && canHelp === 'ja' && accepted === 'ja' && works === 'ja')
    return { melden: false, reason: 'hulp bieden of organiseren volstaat volgens je antwoorden' };
  return null;
}

/** Default: remind when a step has been open for more than this many calendar days. */
export const MELDCODE_REMINDER_DAYS = 10;

type StepKey = 'step1' | 'step2' | 'step3' | 'step4' | 'step5';
const stepKey = (n: number) => `step${n}` as StepKey;

export interface MeldcodeReminder {
  step: number;
  /** Since when the step is open: the date the previous step was done, or the start date. */
  openSince: string;
  daysOpen: number;
}

/**
 * The step now open (the first step without a date) and for how long, in calendar days (see
 * calendar.ts), or null when the trajectory is closed or every step is done. A reminder is due when
 * daysOpen > reminderDays.
 */
export function openMeldcodeStep(t: Pick<MeldcodeInput, StepKey | 'startDate' | 'closedDate'>, today: string): MeldcodeReminder | null {
  if (t.closedDate) return null;
  let openSince = t.startDate;
  for (let n = 1; n <= 5; n++) {
    const done = t[stepKey(n)];
    if (!done) return { step: n, openSince, daysOpen: Math.max(0, daysBetween(openSince, today)) };
    if (done.date > openSince) openSince = done.date;
  }
  return null;
}

export function meldcodeReminder(
  t: Pick<MeldcodeInput, StepKey | 'startDate' | 'closedDate'>,
  today: string,
  reminderDays = MELDCODE_REMINDER_DAYS,
): MeldcodeReminder | null {
  const open = openMeldcodeStep(t, today);
  return open && open.daysOpen > reminderDays ? open : null;
}
