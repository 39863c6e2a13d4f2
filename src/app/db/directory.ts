// The directory of vaste contactpersonen as the screens read it: everything comes from Dexie, so it
// works offline. Search and "vandaag op school" are pure functions over the rows, tested without a UI.
import { presentOn, type ContactPerson, type ContactPersonRole, type PresenceSlot, type School } from '../../domain';
import { contactPersonRoleLabels, weekdayLabels } from '../i18n/nl';
import type { SchoolnabijDB } from './db';

/** The order of roles on screen: who a school calls first, Veilig Thuis last. */
export const directoryRoleOrder: readonly ContactPersonRole[] = [
  'jeugdprofessional',
  'leerplicht',
  'jgz',
  'swv',
  'wijkteam',
  'smw',
  'veilig_thuis',
];

/** Every contact person on this device that is not archived. */
export async function directoryPeople(db: SchoolnabijDB): Promise<ContactPerson[]> {
  return (await db.contactPersons.toArray()).filter((p) => !p.deleted);
}

/** The school's Veilig Thuis (the regional number), for Meldcode step 2; null when the directory has none. */
export async function veiligThuisOf(db: SchoolnabijDB, schoolId: string): Promise<ContactPerson | null> {
  const rows = await db.contactPersons.where('schoolId').equals(schoolId).toArray();
  return rows.find((p) => !p.deleted && p.role === 'veilig_thuis') ?? null;
}

const norm = (s: string) => s.toLocaleLowerCase('nl').normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/**
 * People whose name, organisation, role (as the screen names it) or school name contain every word
 * of the query, case- and accent-insensitive: "leerplicht huizen" finds the leerplichtambtenaar of a
 * school in Huizen.
 */
export function searchDirectory(people: readonly ContactPerson[], schools: readonly School[], query: string): ContactPerson[] {
  const words = norm(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...people];
  const schoolText = new Map(schools.map((s) => [s.id, `${s.name} ${s.place}`]));
  return people.filter((p) => {
    const hay = norm([p.name, p.organisation, contactPersonRoleLabels[p.role], schoolText.get(p.schoolId) ?? ''].join(' '));
    return words.every((w) => hay.includes(w));
  });
}

/** Who is at the school on weekday `day` (1 = maandag … 7 = zondag). */
export function presentToday(people: readonly ContactPerson[], day: number): ContactPerson[] {
  return people.filter((p) => presentOn(p, day).length > 0);
}

export interface DirectorySection {
  school: School;
  roles: { role: ContactPersonRole; people: ContactPerson[] }[];
}

/** School sections (by name), each with its roles in `directoryRoleOrder` and people by name. */
export function groupDirectory(people: readonly ContactPerson[], schools: readonly School[]): DirectorySection[] {
  const sorted = [...schools].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  return sorted
    .map((school) => {
      const here = people.filter((p) => p.schoolId === school.id);
      const roles = directoryRoleOrder
        .map((role) => ({ role, people: here.filter((p) => p.role === role).sort((a, b) => a.name.localeCompare(b.name, 'nl')) }))
        .filter((r) => r.people.length > 0);
      return { school, roles };
    })
    .filter((s) => s.roles.length > 0);
}

/** "8:30" for "08:30": how people write a time. */
export function shortTime(hhmm: string): string {
  return hhmm.replace(/^0(\d)/, '$1');
}

/**
 * Today's presence as the badge says it at `now` ("HH:mm", the phone's clock): "Nu op school, tot
 * 12:00" during a slot, "Vandaag 13:00–15:30" for what is still to come, "Was vandaag tot 12:00"
 * when today's slots are over (at 13:00 "Vandaag 8:30–12:00" read as if she were still there).
 */
export function presenceBadge(todaySlots: readonly PresenceSlot[], now: string): string {
  const slots = [...todaySlots].sort((a, b) => a.from.localeCompare(b.from));
  const current = slots.find((s) => s.from <= now && now < s.to);
  if (current) return `Nu op school, tot ${shortTime(current.to)}`;
  const later = slots.filter((s) => s.from > now);
  if (later.length > 0) return `Vandaag ${later.map((s) => `${shortTime(s.from)}–${shortTime(s.to)}`).join(', ')}`;
  return `Was vandaag tot ${shortTime(slots.at(-1)?.to ?? '')}`;
}

/** "dinsdag 8:30–12:00" */
export function formatSlot(slot: PresenceSlot): string {
  return `${weekdayLabels[slot.day] ?? '?'} ${shortTime(slot.from)}–${shortTime(slot.to)}`;
}

/** Slots in week order. */
export function sortedSlots(slots: readonly PresenceSlot[]): PresenceSlot[] {
  return [...slots].sort((a, b) => a.day - b.day || a.from.localeCompare(b.from));
}
