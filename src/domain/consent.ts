// Toestemming: the parents' (and from 12 the pupil's own, from 16 the pupil's alone) consent to share
// information about a pupil with a party. Pure rules: which consent is valid on a day, and whether
// sharing with a party is allowed. The Meldcode is the exception that needs no consent; that choice
// is recorded where sharing happens, not here.
import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { isoDate, recordBaseShape, recordBaseStorage } from './record';
import { signalThemes, type SignalTheme } from './signal';
import { optionalText } from './text';

/** With whom information may be shared. */
export const consentParties = ['school', 'leerplicht', 'jgz', 'wijkteam', 'cat', 'jeugdhulpaanbieder'] as const;
export type ConsentParty = (typeof consentParties)[number];

export const consentPartyLabels: Record<ConsentParty, string> = {
  school: 'school (IB)',
  leerplicht: 'leerplicht',
  jgz: 'JGZ',
  wijkteam: 'wijkteam',
  cat: 'consultatie- en adviesteam',
  jeugdhulpaanbieder: 'jeugdhulpaanbieder',
};

/** Who gave it: a parent or verzorger; the pupil (12–15) together with a parent; the pupil (16+). */
export const consentGivers = ['ouder', 'ouder_en_leerling', 'leerling'] as const;
export type ConsentGiver = (typeof consentGivers)[number];
export const consentGiverLabels: Record<ConsentGiver, string> = {
  ouder: 'ouder of verzorger',
  ouder_en_leerling: 'leerling samen met ouder',
  leerling: 'leerling zelf (16 jaar of ouder)',
};

export const consentWays = ['mondeling', 'schriftelijk'] as const;

export const consentFields = {
  pupilId: z.uuid({ error: 'Kies een leerling' }),
  party: z.enum(consentParties, { error: 'Kies met wie gedeeld mag worden' }),
  /** The named jeugdhulpaanbieder (required for that party), or a named team otherwise. */
  partyName: optionalText(120),
  /** null: everything; otherwise only this topic. */
  topic: z.nullable(z.enum(signalThemes, { error: 'Kies een onderwerp of "alles"' })),
  givenBy: z.enum(consentGivers, { error: 'Kies wie toestemming gaf' }),
  way: z.enum(consentWays, { error: 'Kies mondeling of schriftelijk' }),
  givenOn: isoDate,
  validUntil: z.nullable(isoDate),
  withdrawnOn: z.nullable(isoDate),
  withdrawnReason: optionalText(500),
};

type ConsentShape = {
  party: ConsentParty;
  partyName: string;
  givenOn: string;
  validUntil: string | null;
  withdrawnOn: string | null;
  withdrawnReason: string;
};

/** Cross-field rules of one consent (the age rule needs the pupil: see `giverProblem`). */
export function consentProblems(v: ConsentShape): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (v.party === 'jeugdhulpaanbieder' && v.partyName.trim() === '')
    out.push({ path: 'partyName', message: 'Vul de naam van de jeugdhulpaanbieder in' });
  if (v.validUntil && v.validUntil < v.givenOn)
    out.push({ path: 'validUntil', message: 'Geldig tot ligt voor de datum van de toestemming' });
  if (v.withdrawnOn && v.withdrawnOn < v.givenOn)
    out.push({ path: 'withdrawnOn', message: 'Ingetrokken op ligt voor de datum van de toestemming' });
  if (v.withdrawnOn && v.withdrawnReason.trim() === '')
    out.push({ path: 'withdrawnReason', message: 'Schrijf waarom de toestemming is ingetrokken' });
  if (!v.withdrawnOn && v.withdrawnReason.trim() !== '')
    out.push({ path: 'withdrawnOn', message: 'Vul in wanneer de toestemming is ingetrokken' });
  return out;
}

const withRules = z.superRefine<ConsentShape>((v, ctx) => {
  for (const p of consentProblems(v)) ctx.issues.push({ code: 'custom', message: p.message, path: [p.path], input: v });
});

export const consentSchema = z.object({ ...recordBaseShape, ...consentFields }).check(withRules);
export type Consent = z.infer<typeof consentSchema>;
export const consentInputSchema = z.object(consentFields).check(withRules);
export type ConsentInput = z.infer<typeof consentInputSchema>;

/** On the phone: who may know what about which pupil is itself about the child. */
export const consentStorage = {
  ...recordBaseStorage,
  pupilId: 'sensitive',
  party: 'sensitive',
  partyName: 'sensitive',
  topic: 'sensitive',
  givenBy: 'sensitive',
  way: 'sensitive',
  givenOn: 'sensitive',
  validUntil: 'sensitive',
  withdrawnOn: 'sensitive',
  withdrawnReason: 'sensitive',
} as const satisfies StorageClasses<Consent>;

/**
 * The pupil's age on a day, from the birth year only (the app records no birth date): the youngest
 * and the oldest the pupil can be. Rules that protect the pupil use the side that protects.
 */
export function ageRange(birthYear: number, on: string): { min: number; max: number } {
  const max = Number(on.slice(0, 4)) - birthYear;
  return { min: max - 1, max };
}

/**
 * Whether this giver can consent for a pupil of this birth year on this day, or why not:
 * from 12 the pupil consents too; from 16 the pupil decides alone. A pupil who may already be 12
 * must be asked; a pupil alone only when certainly 16.
 */
export function giverProblem(givenBy: ConsentGiver, birthYear: number, on: string): string | null {
  const age = ageRange(birthYear, on);
  if (givenBy === 'ouder' && age.max >= 12) return 'Vanaf 12 jaar geeft de leerling zelf ook toestemming';
  if (givenBy === 'leerling' && age.min < 16) return 'Alleen vanaf 16 jaar geeft de leerling alleen toestemming';
  return null;
}

export type ConsentState = 'geldig' | 'nog_niet' | 'verlopen' | 'ingetrokken' | 'opnieuw_vragen';

export const consentStateLabels: Record<ConsentState, string> = {
  geldig: 'geldig',
  nog_niet: 'nog niet geldig',
  verlopen: 'verlopen',
  ingetrokken: 'ingetrokken',
  opnieuw_vragen: 'opnieuw vragen: de leerling is ouder geworden',
};

type ConsentLike = Pick<Consent, 'party' | 'partyName' | 'topic' | 'givenBy' | 'givenOn' | 'validUntil' | 'withdrawnOn'> & {
  deleted?: boolean;
};

/** What a consent is worth on a day. A consent the pupil has outgrown must be asked again. */
export function consentState(c: ConsentLike, birthYear: number | null, on: string): ConsentState {
  if (c.withdrawnOn && c.withdrawnOn <= on) return 'ingetrokken';
  if (on < c.givenOn) return 'nog_niet';
  if (c.validUntil && c.validUntil < on) return 'verlopen';
  if (birthYear !== null && giverProblem(c.givenBy, birthYear, on)) return 'opnieuw_vragen';
  return 'geldig';
}

/**
 * The consent that allows sharing with `party` on `on` (about `topic`, or about everything when no
 * topic is given), or null. A named party (a jeugdhulpaanbieder) needs a consent naming it.
 */
export function consentFor<C extends ConsentLike>(
  consents: readonly C[],
  birthYear: number | null,
  party: ConsentParty,
  on: string,
  options: { topic?: SignalTheme; partyName?: string } = {},
): C | null {
  const name = options.partyName?.trim().toLowerCase();
  let best: C | null = null;
  for (const c of consents) {
    if (c.deleted || c.party !== party) continue;
    if (name && c.partyName.trim().toLowerCase() !== name) continue;
    if (c.topic !== null && c.topic !== options.topic) continue;
    if (consentState(c, birthYear, on) !== 'geldig') continue;
    // The one that lasts longest is the one to show ("tot 1 maart").
    if (!best || (best.validUntil !== null && (c.validUntil === null || c.validUntil > best.validUntil))) best = c;
  }
  return best;
}

/** Per party: may it be told (about everything) now, and until when. For the pupil page. */
export function consentSummary<C extends ConsentLike>(
  consents: readonly C[],
  birthYear: number | null,
  on: string,
): { party: ConsentParty; allowed: boolean; until: string | null }[] {
  return consentParties.map((party) => {
    const c = consentFor(consents, birthYear, party, on);
    return { party, allowed: c !== null, until: c?.validUntil ?? null };
  });
}
