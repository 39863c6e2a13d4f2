import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { isoDate, recordBaseShape, recordBaseStorage } from './record';
import { nameText, optionalText, storable } from './text';

/**
 * The vaste contactpersonen of a school and the regional wie-is-wie, by role (seeds/: "vaste
 * contactpersonen", "hoe vinden we elkaar"). `ib` is the school's own IB'er or zorgcoördinator.
 */
export const contactPersonRoles = [
  'jeugdprofessional',
  'leerplicht',
  'jgz',
  'swv',
  'wijkteam',
  'veilig_thuis',
  'smw',
  'ib',
  'swv_loket',
  'cat',
  'rmc',
] as const;
export type ContactPersonRole = (typeof contactPersonRoles)[number];

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

/** When someone is at the school: a weekday (1 = maandag … 7 = zondag) and a time range. */
export const presenceSlotSchema = z.object({
  day: z.int().check(z.minimum(1, 'Kies een dag'), z.maximum(7, 'Kies een dag')),
  from: z.string().check(z.regex(hhmm, 'Vul een tijd in als 08:30')),
  to: z.string().check(z.regex(hhmm, 'Vul een tijd in als 12:00')),
});
export type PresenceSlot = z.infer<typeof presenceSlotSchema>;

export const contactPersonFields = {
  role: z.enum(contactPersonRoles, { error: 'Kies een rol' }),
  name: nameText({ max: 80, empty: 'Vul een naam in' }),
  organisation: z.string().check(z.trim(), z.maxLength(120, 'Maximaal 120 tekens'), storable),
  /** Dutch or international number as people write it: 035 123 45 67, 06-12345678, 0800-2000, +31…. */
  phone: z
    .string()
    .check(
      z.trim(),
      z.maxLength(20, 'Maximaal 20 tekens'),
      z.regex(/^$|^\+?[0-9][0-9 ()-]{2,18}[0-9]$/, 'Vul een telefoonnummer in, bijvoorbeeld 035 123 45 67'),
    ),
  email: z
    .string()
    .check(
      z.trim(),
      z.maxLength(120, 'Maximaal 120 tekens'),
      z.regex(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Vul een geldig e-mailadres in'),
      storable,
    ),
  presence: z.array(presenceSlotSchema).check(z.maxLength(14, 'Hoogstens 14 dagdelen')),
  notes: optionalText(1000),
  /**
   * The day the coordinator last checked the entry (yyyy-mm-dd). Optional: entries made before it
   * existed count from their last change (`needsCheck`).
   */
  checkedOn: z.optional(isoDate),
};

const reachable = z.refine<{ phone: string; email: string }>((v) => v.phone.trim() !== '' || v.email.trim() !== '', {
  error: 'Vul een telefoonnummer of e-mailadres in',
  path: ['phone'],
});

export const contactPersonSchema = z.object({ ...recordBaseShape, ...contactPersonFields }).check(reachable);
export type ContactPerson = z.infer<typeof contactPersonSchema>;

/** On the phone: plain. The public directory of a school's vaste contactpersonen, no pupil in it. */
export const contactPersonStorage = {
  ...recordBaseStorage,
  role: 'indexSafe',
  name: 'indexSafe',
  organisation: 'indexSafe',
  phone: 'indexSafe',
  email: 'indexSafe',
  presence: 'indexSafe',
  notes: 'indexSafe',
  // The day an entry of the public directory was last checked: says nothing about a pupil.
  checkedOn: 'indexSafe',
} as const satisfies StorageClasses<ContactPerson>;
export const contactPersonInputSchema = z.object(contactPersonFields).check(reachable);
export type ContactPersonInput = z.infer<typeof contactPersonInputSchema>;

/**
 * Whom to call about a child at a school: the school's jeugdprofessional in the directory, the first
 * by name when there are more (as the server picks it for a school of another region's family).
 */
export function schoolJeugdprofessional<P extends Pick<ContactPerson, 'id' | 'role' | 'name' | 'deleted'>>(
  people: readonly P[],
): P | undefined {
  return people
    .filter((p) => !p.deleted && p.role === 'jeugdprofessional')
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))[0];
}

/** `tel:` link for a number as written: digits and a leading + only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/** The slots of this person on weekday `day` (1 = maandag … 7 = zondag). */
export function presentOn(person: { presence: readonly PresenceSlot[] }, day: number): PresenceSlot[] {
  return person.presence.filter((s) => s.day === day);
}

/** An entry not checked for this many months is flagged to the coordinator. */
export const CHECK_AFTER_MONTHS = 6;

/**
 * Whether the coordinator should check this entry again on `today` (yyyy-mm-dd): its last check (or,
 * without one, its last change) lies `CHECK_AFTER_MONTHS` calendar months or more before today.
 */
export function needsCheck(person: { checkedOn?: string | undefined; updatedAt: string }, today: string): boolean {
  const last = person.checkedOn ?? person.updatedAt.slice(0, 10);
  const [y, m, d] = last.split('-').map(Number) as [number, number, number];
  // The same day of the month 6 months on, or that month's last day when it is shorter (31 aug → 28 feb).
  const due = new Date(Date.UTC(y, m - 1 + CHECK_AFTER_MONTHS, 1));
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(d, lastDay));
  return today >= due.toISOString().slice(0, 10);
}
