// The directory of vaste contactpersonen as the screens read it: everything comes from Dexie, so it
// works offline. Search and "vandaag op school" are pure functions over the rows, tested without a UI.
import { presentOn, type Area, type ContactPerson, type ContactPersonRole, type PresenceSlot, type School } from '../../domain';
import { contactPersonRoleLabels, weekdayLabels } from '../i18n/nl';
import type { SchoolnabijDB } from './db';

/** The order of roles on screen: who a school calls first, Veilig Thuis last. */
export const directoryRoleOrder: readonly ContactPersonRole[] = [
  'jeugdprofessional',
  'ib',
  'leerplicht',
  'jgz',
  'swv_loket',
  'swv',
  'cat',
  'wijkteam',
  'smw',
  'rmc',
  'veilig_thuis',
];

/** Every contact person on this device that is not archived. */
export async function directoryPeople(db: SchoolnabijDB): Promise<ContactPerson[]> {
  return (await db.contactPersons.toArray()).filter((p) => !p.deleted);
}

/**
 * The school's Veilig Thuis for Meldcode step 2: the school's own entry, else the regional one (an
 * entry outside every school on this device); null when the directory has none.
 */
export async function veiligThuisOf(db: SchoolnabijDB, schoolId: string): Promise<ContactPerson | null> {
  const rows = await db.contactPersons.where('role').equals('veilig_thuis').toArray();
  const live = rows.filter((p) => !p.deleted);
  const own = live.find((p) => p.schoolId === schoolId);
  if (own) return own;
  const schools = new Set(await db.schools.toCollection().primaryKeys());
  return live.find((p) => !schools.has(p.schoolId)) ?? null;
}

/**
 * The directory entries that concern one school: its own, those of its gemeente and those of the
 * samenwerkingsverband (every area that is not a gemeente).
 */
export function entriesForSchool(people: readonly ContactPerson[], school: School, areas: readonly Area[]): ContactPerson[] {
  const regional = new Set(areas.filter((a) => a.kind === 'swv' || a.id === school.gemeenteId).map((a) => a.id));
  return people.filter((p) => p.schoolId === school.id || regional.has(p.schoolId));
}

const norm = (s: string) =>
  s
    .toLocaleLowerCase('nl')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');

/**
 * People whose name, organisation, role (as the screen names it) or school name contain every word
 * of the query, case- and accent-insensitive: "leerplicht huizen" finds the leerplichtambtenaar of a
 * school in Huizen. A gemeente's entry also answers to the names of the schools in that gemeente
 * ("springplank leerplicht" finds the leerplicht team of Huizen).
 */
export function searchDirectory(
  people: readonly ContactPerson[],
  schools: readonly School[],
  query: string,
  areas: readonly Area[] = [],
): ContactPerson[] {
  const words = norm(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...people];
  const schoolText = new Map(schools.map((s) => [s.id, `${s.name} ${s.place}`]));
  for (const a of areas) {
    const inside = a.kind === 'gemeente' ? schools.filter((s) => s.gemeenteId === a.id).map((s) => s.name) : [];
    schoolText.set(a.id, [a.kind === 'gemeente' ? `gemeente ${a.name}` : a.name, 'regio', ...inside].join(' '));
  }
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
  /** The school's or the area's id. */
  id: string;
  /** "OBS De Springplank", "Gemeente Huizen", "Samenwerkingsverband Gooi en Vecht". */
  title: string;
  roles: { role: ContactPersonRole; people: ContactPerson[] }[];
}

/** How a section names an area. */
export function areaTitle(area: Area): string {
  return area.kind === 'gemeente' ? `Gemeente ${area.name}` : area.name;
}

/**
 * Sections in the order people look: the schools (by name), then the gemeenten (by name), then the
 * samenwerkingsverband; each with its roles in `directoryRoleOrder` and people by name.
 */
export function groupDirectory(
  people: readonly ContactPerson[],
  schools: readonly School[],
  areas: readonly Area[] = [],
): DirectorySection[] {
  const byName = <T extends { name: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  const places = [
    ...byName(schools).map((s) => ({ id: s.id, title: s.name })),
    ...byName(areas.filter((a) => a.kind === 'gemeente')).map((a) => ({ id: a.id, title: areaTitle(a) })),
    ...byName(areas.filter((a) => a.kind !== 'gemeente')).map((a) => ({ id: a.id, title: areaTitle(a) })),
  ];
  return places
    .map(({ id, title }) => {
      const here = people.filter((p) => p.schoolId === id);
      const roles = directoryRoleOrder
        .map((role) => ({ role, people: here.filter((p) => p.role === role).sort((a, b) => a.name.localeCompare(b.name, 'nl')) }))
        .filter((r) => r.people.length > 0);
      return { id, title, roles };
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
