// The directory of vaste contactpersonen on the device: stored through the real save path in a real
// (fake-indexeddb) Dexie, then searched and filtered as the Contactpersonen screen does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInAmsterdam, telHref, weekday, type ContactPerson, type ContactPersonInput, type School } from '../../src/domain';
import { SchoolnabijDB } from '../../src/app/db/db';
import { archiveRecord, createRecord, updateRecord, ValidationError } from '../../src/app/db/records';
import { directoryPeople, formatSlot, groupDirectory, presenceBadge, presentToday, searchDirectory, veiligThuisOf } from '../../src/app/db/directory';

const db = new SchoolnabijDB('directory-test');
const springplank: School = { id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001', name: 'OBS De Springplank', kind: 'po', place: 'Huizen', presenceDays: [1, 3] };
const meerwende: School = { id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000003', name: 'Meerwende College', kind: 'vo', place: 'Bussum', presenceDays: [4] };
const schools = [springplank, meerwende];
const coordinator = 'coordinator-1';

function person(p: Partial<ContactPersonInput> & Pick<ContactPersonInput, 'name' | 'role'>): ContactPersonInput {
  return { organisation: '', phone: '', email: '', presence: [], notes: '', ...p };
}

let people: ContactPerson[] = [];

beforeAll(async () => {
  await db.schools.bulkPut(schools);
  const add = (schoolId: string, input: ContactPersonInput) => createRecord(db, 'contactPerson', input, { userId: coordinator, schoolId });
  await add(springplank.id, person({ role: 'leerplicht', name: 'Henk Bos', organisation: 'Leerplicht Gooi en Vecht', phone: '035 123 45 67', presence: [{ day: 2, from: '08:30', to: '12:00' }] }));
  await add(springplank.id, person({ role: 'jeugdprofessional', name: 'Sanne de Vries', organisation: 'Sociaal Team Huizen', phone: '06-12345678', presence: [{ day: 1, from: '08:30', to: '16:00' }, { day: 3, from: '13:00', to: '15:30' }] }));
  await add(springplank.id, person({ role: 'veilig_thuis', name: 'Veilig Thuis Gooi en Vecht', phone: '0800-2000' }));
  await add(meerwende.id, person({ role: 'jgz', name: 'Jeugdarts Özlem Kaya', organisation: 'GGD Gooi en Vechtstreek', email: 'o.kaya@ggd.example', presence: [{ day: 4, from: '09:00', to: '11:30' }] }));
  await add(meerwende.id, person({ role: 'leerplicht', name: 'Ria Smit', organisation: 'Leerplicht Gooi en Vecht', phone: '+31 35 765 43 21' }));
  const gone = await add(meerwende.id, person({ role: 'smw', name: 'Oud Contact', phone: '0351111111' }));
  await archiveRecord(db, 'contactPerson', gone.id, { userId: coordinator });
  people = await directoryPeople(db);
});

afterAll(async () => {
  db.close();
  await db.delete();
});

const names = (rows: ContactPerson[]) => rows.map((p) => p.name).sort();

describe('the directory on the device', () => {
  it('keeps what the coordinator saved, without archived people, and puts each save in the outbox', async () => {
    expect(names(people)).toEqual(['Henk Bos', 'Jeugdarts Özlem Kaya', 'Ria Smit', 'Sanne de Vries', 'Veilig Thuis Gooi en Vecht']);
    const mutations = await db.outbox.toArray();
    expect(mutations.filter((m) => m.entity === 'contactPerson' && m.kind === 'create')).toHaveLength(6);
    expect(mutations.filter((m) => m.kind === 'update' && m.changes.deleted === true)).toHaveLength(1);
  });

  it('refuses a person who cannot be reached, with the Dutch message on the phone field', async () => {
    const attempt = createRecord(db, 'contactPerson', person({ role: 'swv', name: 'Zonder nummer' }), { userId: coordinator, schoolId: springplank.id });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ fields: { phone: 'Vul een telefoonnummer of e-mailadres in' } });
  });

  it('searches across schools and roles: name, organisation, role label and school, every word, accents ignored', () => {
    expect(names(searchDirectory(people, schools, 'leerplicht'))).toEqual(['Henk Bos', 'Ria Smit']);
    expect(names(searchDirectory(people, schools, 'leerplicht bussum'))).toEqual(['Ria Smit']);
    expect(names(searchDirectory(people, schools, 'springplank leerplichtambtenaar'))).toEqual(['Henk Bos']);
    expect(names(searchDirectory(people, schools, 'ozlem'))).toEqual(['Jeugdarts Özlem Kaya']);
    expect(names(searchDirectory(people, schools, 'JGZ'))).toEqual(['Jeugdarts Özlem Kaya']);
    expect(names(searchDirectory(people, schools, 'sociaal team'))).toEqual(['Sanne de Vries']);
    expect(names(searchDirectory(people, schools, 'veilig thuis'))).toEqual(['Veilig Thuis Gooi en Vecht']);
    expect(searchDirectory(people, schools, 'niemand-heet-zo')).toEqual([]);
    expect(searchDirectory(people, schools, '  ')).toHaveLength(5);
  });

  it('"vandaag op school" shows who is present on that weekday', () => {
    expect(names(presentToday(people, 1))).toEqual(['Sanne de Vries']);
    expect(names(presentToday(people, 2))).toEqual(['Henk Bos']);
    expect(names(presentToday(people, 3))).toEqual(['Sanne de Vries']);
    expect(names(presentToday(people, 4))).toEqual(['Jeugdarts Özlem Kaya']);
    expect(presentToday(people, 6)).toEqual([]);
    // The weekday is Amsterdam's: late Monday evening in UTC is already Tuesday there.
    expect(weekday(dateInAmsterdam(new Date('2026-11-23T23:30:00Z')))).toBe(2);
  });

  it('groups per school and then by role in the fixed order, and shows presence as people say it', () => {
    const sections = groupDirectory(people, schools);
    expect(sections.map((s) => s.school.name)).toEqual(['Meerwende College', 'OBS De Springplank']);
    expect(sections[1]!.roles.map((r) => r.role)).toEqual(['jeugdprofessional', 'leerplicht', 'veilig_thuis']);
    expect(sections[0]!.roles.map((r) => r.role)).toEqual(['leerplicht', 'jgz']);
    expect(formatSlot({ day: 2, from: '08:30', to: '12:00' })).toBe('dinsdag 8:30–12:00');
  });

  it('makes a tel: link of a number as people write it', () => {
    expect(telHref('035 123 45 67')).toBe('tel:0351234567');
    expect(telHref('06-12345678')).toBe('tel:0612345678');
    expect(telHref('+31 (0)35 765 43 21')).toBe('tel:+310357654321');
    expect(telHref('0800-2000')).toBe('tel:08002000');
  });

  it("finds the school's Veilig Thuis for Meldcode step 2, and none at a school without one", async () => {
    expect((await veiligThuisOf(db, springplank.id))?.phone).toBe('0800-2000');
    expect(await veiligThuisOf(db, meerwende.id)).toBeNull();
  });

  it('an edited phone number replaces the old one and is pushed as an update of that field only', async () => {
    const henk = people.find((p) => p.name === 'Henk Bos')!;
    await updateRecord(db, 'contactPerson', henk.id, { phone: '035 999 00 11' }, { userId: coordinator });
    const after = (await directoryPeople(db)).find((p) => p.id === henk.id)!;
    expect(after.phone).toBe('035 999 00 11');
    const last = (await db.outbox.toArray()).at(-1)!;
    expect(last).toMatchObject({ recordId: henk.id, kind: 'update', changes: { phone: '035 999 00 11' } });
    expect(Object.keys(last.changes)).toEqual(['phone']);
  });
});

describe('the presence badge follows the clock', () => {
  const slots = [{ day: 3, from: '13:00', to: '15:30' }, { day: 3, from: '08:30', to: '12:00' }];
  it('says what is still to come, who is there now, and who has left', () => {
    expect(presenceBadge(slots, '07:45')).toBe('Vandaag 8:30–12:00, 13:00–15:30');
    expect(presenceBadge(slots, '08:30')).toBe('Nu op school, tot 12:00');
    expect(presenceBadge(slots, '12:30')).toBe('Vandaag 13:00–15:30');
    expect(presenceBadge(slots, '15:29')).toBe('Nu op school, tot 15:30');
    expect(presenceBadge(slots, '16:00')).toBe('Was vandaag tot 15:30');
  });
});
