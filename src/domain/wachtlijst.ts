// Wachtlijst: a pupil referred to care (JGGZ or a named jeugdhulpaanbieder) who waits for it to
// start. One record per referral: to which care, since when, what bridges the wait (overbrugging),
// and its status with the date it changed. Vandaag warns when a pupil waits longer than the
// region's number of weeks; the consultatie- en adviesteam sees an anonymised list (no names);
// kengetallen count the waiting time.
import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { isoDate, recordBaseShape, recordBaseStorage } from './record';
import { daysBetween } from './calendar';
import { optionalText } from './text';

/** JGGZ (jeugd-ggz) or another jeugdhulpaanbieder, which is then named. */
export const careKinds = ['jggz', 'jeugdhulpaanbieder'] as const;
export type CareKind = (typeof careKinds)[number];

/** Still waiting; care started; or the referral lapsed (withdrawn, moved, no longer needed). */
export const waitStatuses = ['wacht', 'gestart', 'vervallen'] as const;
export type WaitStatus = (typeof waitStatuses)[number];

/** In Dutch, for the screens and the inzage document. */
export const wachtlijstCareKindLabels: Record<CareKind, string> = {
  jggz: 'Jeugd-ggz (JGGZ)',
  jeugdhulpaanbieder: 'Andere jeugdhulpaanbieder',
};
export const wachtlijstStatusLabels: Record<WaitStatus, string> = {
  wacht: 'Wacht nog',
  gestart: 'Zorg is gestart',
  vervallen: 'Vervallen',
};

export const wachtlijstFields = {
  pupilId: z.uuid({ error: 'Kies een leerling' }),
  careKind: z.enum(careKinds, { error: 'Kies naar welke zorg' }),
  /** The name of the provider: required for a jeugdhulpaanbieder, optional for JGGZ. */
  careName: optionalText(120),
  /** Referred (on the wachtlijst) since. */
  since: isoDate,
  /** What bridges the wait (e.g. gesprekken met de jeugdprofessional); empty: nothing. */
  overbrugging: optionalText(500),
  status: z.enum(waitStatuses, { error: 'Kies wacht, gestart of vervallen' }),
  /** The day care started or the referral lapsed; null while waiting. */
  statusDate: z.nullable(isoDate),
};

type WachtlijstShape = { careKind: CareKind; careName: string; since: string; status: WaitStatus; statusDate: string | null };

/** Cross-field rules: in the order of the fields on the form. */
export function wachtlijstProblems(v: WachtlijstShape): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (v.careKind === 'jeugdhulpaanbieder' && v.careName.trim() === '')
    out.push({ path: 'careName', message: 'Vul de naam van de jeugdhulpaanbieder in' });
  if (v.status !== 'wacht' && v.statusDate === null)
    out.push({
      path: 'statusDate',
      message: v.status === 'gestart' ? 'Vul in wanneer de zorg begon' : 'Vul in wanneer de verwijzing verviel',
    });
  if (v.status === 'wacht' && v.statusDate !== null)
    out.push({ path: 'statusDate', message: 'Een leerling die nog wacht heeft geen datum van start of vervallen' });
  if (v.statusDate !== null && v.statusDate < v.since)
    out.push({ path: 'statusDate', message: 'Deze datum ligt vóór de datum van verwijzing' });
  return out;
}

const withRules = z.superRefine<WachtlijstShape>((v, ctx) => {
  for (const p of wachtlijstProblems(v)) ctx.issues.push({ code: 'custom', message: p.message, path: [p.path], input: v });
});

export const wachtlijstSchema = z.object({ ...recordBaseShape, ...wachtlijstFields }).check(withRules);
export type Wachtlijst = z.infer<typeof wachtlijstSchema>;
export const wachtlijstInputSchema = z.object(wachtlijstFields).check(withRules);
export type WachtlijstInput = z.infer<typeof wachtlijstInputSchema>;

/** On the phone: all of it. That a child waits for youth mental health care is health data. */
export const wachtlijstStorage = {
  ...recordBaseStorage,
  pupilId: 'sensitive',
  careKind: 'sensitive',
  careName: 'sensitive',
  since: 'sensitive',
  overbrugging: 'sensitive',
  status: 'sensitive',
  statusDate: 'sensitive',
} as const satisfies StorageClasses<Wachtlijst>;

/** A new referral: waiting since `since`, nothing bridging yet. */
export function newReferral(pupilId: string, since: string): WachtlijstInput {
  return { pupilId, careKind: 'jggz', careName: '', since, overbrugging: '', status: 'wacht', statusDate: null };
}

/** Whole weeks waited by `today` (the day of referral is week 0). */
export function weeksWaiting(r: Pick<WachtlijstInput, 'since'>, today: string): number {
  return Math.max(0, Math.floor(daysBetween(r.since, today) / 7));
}

/** Still waiting on `today` for more than the region's number of weeks: Vandaag warns. */
export function waitsTooLong(r: Pick<WachtlijstInput, 'since' | 'status'>, today: string, warnWeeks: number): boolean {
  return r.status === 'wacht' && r.since <= today && daysBetween(r.since, today) > warnWeeks * 7;
}

/** Something bridges the wait. */
export const hasOverbrugging = (r: Pick<WachtlijstInput, 'overbrugging'>) => r.overbrugging.trim() !== '';
