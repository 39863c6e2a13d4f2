import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { recordBaseShape, recordBaseStorage } from './record';
import { nameText, optionalText } from './text';

/** The vaste contactpersonen of a school, by role (seeds/: "vaste contactpersonen"). */
export const contactPersonRoles = [
  'jeugdprofessional',
  'leerplicht',
  'jgz',
  'swv',
  'wijkteam',
  'veilig_thuis',
  'smw',
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
  organisation: z.string().check(z.trim(), z.maxLength(120, 'Maximaal 120 tekens')),
  /** Dutch or international number as people write it: 035 123 45 67, 06-12345678, 0800-2000, +31…. */
  phone: z.string().check(
    z.trim(),
    z.maxLength(20, 'Maximaal 20 tekens'),
    z.regex(/^$|^\+?[0-9][0-9 ()-]{2,18}[0-9]$/, 'Vul een telefoonnummer in, bijvoorbeeld 035 123 45 67'),
  ),
  email: z.string().check(
    z.trim(),
    z.maxLength(120, 'Maximaal 120 tekens'),
    z.regex(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Vul een geldig e-mailadres in'),
  ),
  presence: z.array(presenceSlotSchema).check(z.maxLength(14, 'Hoogstens 14 dagdelen')),
  notes: optionalText(1000),
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
} as const satisfies StorageClasses<ContactPerson>;
export const contactPersonInputSchema = z.object(contactPersonFields).check(reachable);
export type ContactPersonInput = z.infer<typeof contactPersonInputSchema>;

/** `tel:` link for a number as written: digits and a leading + only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/** The slots of this person on weekday `day` (1 = maandag … 7 = zondag). */
export function presentOn(person: { presence: readonly PresenceSlot[] }, day: number): PresenceSlot[] {
  return person.presence.filter((s) => s.day === day);
}
