// Verzuim and thuiszitters: the clock on a pupil's absence. Pure.
import { daysBetween } from './calendar';

export const absenceKinds = ['verzuim', 'thuiszitter'] as const;
export type AbsenceKind = (typeof absenceKinds)[number];

/**
 * The national definition: a thuiszitter is a leerplichtige pupil who is absent without a valid
 * reason for more than four weeks without a vrijstelling. We count calendar days from the first day
 * absent, school holidays included (the absence does not pause in a holiday, and a device does not
 * know every school's holiday calendar); "more than four weeks" is more than 28 days.
 */
export const THUISZITTER_AFTER_DAYS = 28;

export interface AbsenceFields {
  absenceKind?: AbsenceKind | null;
  absenceSince?: string | null;
  exemption?: boolean;
  leerplichtInvolved?: boolean;
}

export interface AbsenceStatus {
  kind: AbsenceKind;
  since: string;
  /** Calendar days since the first day absent (the first day counts as day 1). */
  daysAbsent: number;
  exemption: boolean;
  /** Absent more than 4 weeks without vrijstelling, or marked thuiszitter by hand. */
  thuiszitter: boolean;
  leerplichtInvolved: boolean;
  /** A thuiszitter without leerplicht involved: the screen says "leerplicht nog niet betrokken". */
  leerplichtNeeded: boolean;
}

/** The absence status on calendar day `today` (Amsterdam date, see calendar.ts), or null when not absent. */
export function absenceStatus(p: AbsenceFields, today: string): AbsenceStatus | null {
  if (!p.absenceKind || !p.absenceSince) return null;
  const daysAbsent = Math.max(0, daysBetween(p.absenceSince, today) + 1);
  const exemption = p.exemption === true;
  const thuiszitter = !exemption && (p.absenceKind === 'thuiszitter' || daysAbsent > THUISZITTER_AFTER_DAYS);
  const leerplichtInvolved = p.leerplichtInvolved === true;
  return {
    kind: p.absenceKind,
    since: p.absenceSince,
    daysAbsent,
    exemption,
    thuiszitter,
    leerplichtInvolved,
    leerplichtNeeded: thuiszitter && !leerplichtInvolved,
  };
}
