// The directory of vaste contactpersonen on the device: stored through the real save path in a real
// (fake-indexeddb) Dexie, then searched and filtered as the Contactpersonen screen does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dateInAmsterdam,
  needsCheck,
  telHref,
  weekday,
  type Area,
  type ContactPerson,
  type ContactPersonInput,
  type School,
} from '../../src/domain';
import { SchoolnabijDB } from '../../src/app/db/db';
import { archiveRecord, createRecord, updateRecord, ValidationError } from '../../src/app/db/records';
import {
  directoryPeople,
  entriesForSchool,
  formatSlot,
  groupDirectory,
  presenceBadge,
  presentToday,
  searchDirectory,
  veiligThuisOf,
} from '../../src/app/db/directory';

const db = new SchoolnabijDB('directory-test');
const springplank: School = {
  id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001',
  name: 'OBS De Springplank',
  kind: 'po',
  place: 'Huizen',
  presenceDays: [1, 3],
};
const meerwende: School = {
  id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000003',
  name: 'Meerwende College',
  kind: 'vo',
  place: 'Bussum',
  presenceDays: [4],
};
const schools = [springplank, meerwende];
const coordinator = 'coordinator-1';

function person(p: Partial<ContactPersonInput> & Pick<ContactPersonInput, 'name' | 'role'>): ContactPersonInput {
  return { organisation: '', phone: '', email: '', presence: [], notes: '', ...p };
}

let people: ContactPerson[] = [];

beforeAll(async () => {
  await db.schools.bulkPut(schools);
  const add = (schoolId: string, input: ContactPersonInput) => createRecord(db, 'contactPerson', input, { userId: coordinator, schoolId });
  await add(
    springplank.id,
    person({
      role: 'leerplicht',
      name: 'Henk Bos',
      organisation: 'Leerplicht Gooi en Vecht',
      phone: '035 123 45 67',
      presence: [{ day: 2, from: '08:30', to: '12:00' }],
    }),
  );
  await add(
    springplank.id,
    person({
      role: 'jeugdprofessional',
      name: 'Sanne de Vries',
      organisation: 'Sociaal Team Huizen',
      phone: '06-12345678',
      presence: [
        { day: 1, from: '08:30', to: '16:00' },
        { day: 3, from: '13:00', to: '15:30' },
      ],
    }),
  );
  await add(springplank.id, person({ role: 'veilig_thuis', name: 'Veilig Thuis Gooi en Vecht', phone: '0800-2000' }));
  await add(
    meerwende.id,
    person({
      role: 'jgz',
      name: 'Jeugdarts Özlem Kaya',
      organisation: 'GGD Gooi en Vechtstreek',
      email: 'o.kaya@ggd.example',
      presence: [{ day: 4, from: '09:00', to: '11:30' }],
    }),
  );
  await add(
    meerwende.id,
    person({ role: 'leerplicht', name: 'Ria Smit', organisation: 'Leerplicht Gooi en Vecht', phone: '+31 35 765 43 21' }),
  );
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
    const attempt = createRecord(db, 'contactPerson', person({ role: 'swv', name: 'Zonder nummer' }), {
      userId: coordinator,
      schoolId: springplank.id,
    });
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
    expect(sections.map((s) => s.title)).toEqual(['Meerwende College', 'OBS De Springplank']);
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
  const slots = [
    { day: 3, from: '13:00', to: '15:30' },
    { day: 3, from: '08:30', to: '12:00' },
  ];
  it('says what is still to come, who is there now, and who has left', () => {
    expect(presenceBadge(slots, '07:45')).toBe('Vandaag 8:30–12:00, 13:00–15:30');
    expect(presenceBadge(slots, '08:30')).toBe('Nu op school, tot 12:00');
    expect(presenceBadge(slots, '12:30')).toBe('Vandaag 13:00–15:30');
    expect(presenceBadge(slots, '15:29')).toBe('Nu op school, tot 15:30');
    expect(presenceBadge(slots, '16:00')).toBe('Was vandaag tot 15:30');
  });
});

describe('the regional wie-is-wie on the device', () => {
  const rdb = new SchoolnabijDB('directory-regional-test');
  const swv: Area = { id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a0000a0', kind: 'swv', name: 'Samenwerkingsverband Gooi en Vecht' };
  const huizen: Area = { id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a0000a1', kind: 'gemeente', name: 'Huizen' };
  const bussum: Area = { id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a0000a2', kind: 'gemeente', name: 'Bussum' };
  const areas = [swv, huizen, bussum];
  const inHuizen: School = { ...springplank, gemeenteId: huizen.id };
  const inBussum: School = { ...meerwende, gemeenteId: bussum.id };
  let all: ContactPerson[] = [];

  beforeAll(async () => {
    await rdb.schools.bulkPut([inHuizen, inBussum]);
    const add = (schoolId: string, input: ContactPersonInput) =>
      createRecord(rdb, 'contactPerson', input, { userId: coordinator, schoolId });
    await add(huizen.id, person({ role: 'leerplicht', name: 'Leerplichtteam Huizen', phone: '035 750 30 00' }));
    await add(bussum.id, person({ role: 'leerplicht', name: 'Leerplichtteam Bussum', phone: '035 750 31 00' }));
    await add(swv.id, person({ role: 'veilig_thuis', name: 'Veilig Thuis regio', phone: '0800-2000' }));
    await add(swv.id, person({ role: 'swv_loket', name: 'Loket passend onderwijs', phone: '035 750 50 00' }));
    await add(inHuizen.id, person({ role: 'ib', name: 'Marieke Jansen', email: 'ib@springplank.example' }));
    all = await directoryPeople(rdb);
  });

  afterAll(async () => {
    rdb.close();
    await rdb.delete();
  });

  it("groups schools first, then the gemeenten, then the samenwerkingsverband, with the school's IB'er", () => {
    const sections = groupDirectory(all, [inHuizen, inBussum], areas);
    expect(sections.map((s) => s.title)).toEqual([
      'OBS De Springplank',
      'Gemeente Bussum',
      'Gemeente Huizen',
      'Samenwerkingsverband Gooi en Vecht',
    ]);
    expect(sections[0]!.roles.map((r) => r.role)).toEqual(['ib']);
    expect(sections[3]!.roles.map((r) => r.role)).toEqual(['swv_loket', 'veilig_thuis']);
  });

  it("finds a gemeente's entries by the gemeente and by the names of its schools; a school filter adds its gemeente and the SWV", () => {
    const schoolsHere = [inHuizen, inBussum];
    expect(names(searchDirectory(all, schoolsHere, 'leerplicht springplank', areas))).toEqual(['Leerplichtteam Huizen']);
    expect(names(searchDirectory(all, schoolsHere, 'gemeente bussum', areas))).toEqual(['Leerplichtteam Bussum']);
    expect(names(searchDirectory(all, schoolsHere, 'loket samenwerkingsverband', areas))).toEqual(['Loket passend onderwijs']);
    expect(names(entriesForSchool(all, inHuizen, areas))).toEqual([
      'Leerplichtteam Huizen',
      'Loket passend onderwijs',
      'Marieke Jansen',
      'Veilig Thuis regio',
    ]);
  });

  it('gives Meldcode step 2 the regional Veilig Thuis when the school has none of its own', async () => {
    expect((await veiligThuisOf(rdb, inBussum.id))?.name).toBe('Veilig Thuis regio');
  });

  it('flags an entry to check after 6 calendar months, counting from the last check or else the last change', () => {
    const at = (checkedOn: string | undefined, updatedAt = '2026-01-10T10:00:00.000Z') => ({ checkedOn, updatedAt });
    expect(needsCheck(at('2026-06-07'), '2026-12-06')).toBe(false);
    expect(needsCheck(at('2026-06-07'), '2026-12-07')).toBe(true);
    expect(needsCheck(at('2026-08-31'), '2027-02-27')).toBe(false);
    expect(needsCheck(at('2026-08-31'), '2027-02-28')).toBe(true);
    expect(needsCheck(at(undefined, '2026-06-07T08:00:00.000Z'), '2026-12-07')).toBe(true);
    expect(needsCheck(at(undefined, new Date().toISOString()), dateInAmsterdam(new Date()))).toBe(false);
  });
});
