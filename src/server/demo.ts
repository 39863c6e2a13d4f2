// The demo region, seeded on an empty database so a newcomer can log in at once. Fictional: the
// gemeente, schools, people and pupils do not exist. Records go through the real push path, so
// they have versions and seqs like everything a device writes.
import { randomUUID } from 'node:crypto';
import type { School } from '../domain/school';
import { seesAllSchools, type Role } from '../domain/permissions';
import type { Db } from './store/db';
import { hashPassword } from './auth/passwords';
import { applyPush } from './sync/push';
import {
  consultationRequests,
  demoAreas,
  demoGemeenteOf,
  directory,
  isoDay,
  jeugdprofessionals,
  meldcodeRecords,
  mutationMaker,
  regionalDirectory,
  schoolCare,
} from './demoSchoolSide';
import { demoFamily } from './demoFamily';
import { demoLeerplicht, verzuimRecords, wachtlijstRecords } from './demoVerzuim';
import { mdoRecords } from './demoMdo';

export const DEMO_REGION = 'Gooi en Vecht';
export const DEMO_PASSWORD = 'demo-schoolnabij';

const sid = (n: number) => `0b6c1a52-3f1e-4c8a-9a51-7f7d2a00000${n}`;
export const demoSchools: School[] = [
  { id: sid(1), name: 'OBS De Springplank', kind: 'po', place: 'Huizen', presenceDays: [1, 3] },
  { id: sid(2), name: 'KBS De Vuurvogel', kind: 'po', place: 'Huizen', presenceDays: [2] },
  { id: sid(3), name: 'Meerwende College', kind: 'vo', place: 'Bussum', presenceDays: [4, 5] },
  { id: sid(4), name: 'IKC Het Palet', kind: 'po', place: 'Hilversum', presenceDays: [1] },
  { id: sid(5), name: 'Vechtdal Lyceum', kind: 'vo', place: 'Weesp', presenceDays: [2, 4] },
  { id: sid(6), name: 'SO De Kaap', kind: 'so', place: 'Hilversum', presenceDays: [3] },
];

const uid = (n: number) => `5e1d0a11-7c2b-4d3e-8f90-00000000000${n}`;
export const demoUsers: { id: string; username: string; name: string; role: Role; schools: number[]; label: string }[] = [
  {
    id: uid(1),
    username: 'sanne',
    name: 'Sanne de Vries',
    role: 'jeugdprofessional',
    schools: [1, 2, 3],
    label: 'jeugdprofessional (3 scholen)',
  },
  {
    id: uid(2),
    username: 'ahmed',
    name: 'Ahmed El Amrani',
    role: 'jeugdprofessional',
    schools: [4, 5, 6],
    label: 'jeugdprofessional (3 andere scholen)',
  },
  {
    id: uid(3),
    username: 'ib.springplank',
    name: 'Marieke Jansen',
    role: 'ib',
    schools: [1],
    label: 'intern begeleider OBS De Springplank',
  },
  { id: uid(4), username: 'ib.meerwende', name: 'Joost Bakker', role: 'ib', schools: [3], label: 'zorgcoördinator Meerwende College' },
  { id: uid(5), username: 'coordinator', name: 'Fatima Öztürk', role: 'coordinator', schools: [1, 2, 3, 4, 5, 6], label: 'coördinator' },
  { id: uid(6), username: 'beheer', name: 'Peter Visser', role: 'beheerder', schools: [1, 2, 3, 4, 5, 6], label: 'functioneel beheerder' },
];

export async function isEmpty(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return Number(rows[0]?.n) === 0;
}

/** Seeds schools, users for every role and a few weeks of records. Run only on an empty database. */
export async function seedDemo(db: Db, now = new Date()): Promise<void> {
  for (const a of demoAreas) {
    await db.query('INSERT INTO areas (id, kind, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [a.id, a.kind, a.name]);
  }
  for (const s of demoSchools) {
    await db.query(
      'INSERT INTO schools (id, name, kind, place, presence_days, region, gemeente_id) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) ON CONFLICT (id) DO NOTHING',
      [s.id, s.name, s.kind, s.place, JSON.stringify(s.presenceDays), DEMO_REGION, demoGemeenteOf(s.place) ?? null],
    );
  }
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of demoUsers) {
    await db.query(
      // Only here are accounts exempt from the second factor: the demo stays a two-minute tour (README).
      `INSERT INTO users (id, username, display_name, password_hash, role, second_factor_exempt) VALUES ($1, $2, $3, $4, $5, true)
       ON CONFLICT (id) DO NOTHING`,
      [u.id, u.username, u.name, hash, u.role],
    );
    for (const n of u.schools) {
      await db.query('INSERT INTO user_schools (user_id, school_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [u.id, sid(n)]);
    }
  }
  for (const l of demoLeerplicht) {
    await db.query(
      `INSERT INTO users (id, username, display_name, password_hash, role, second_factor_exempt) VALUES ($1, $2, $3, $4, 'leerplicht', true)
       ON CONFLICT (id) DO NOTHING`,
      [l.id, l.username, l.name, hash],
    );
    await db.query('INSERT INTO user_gemeenten (user_id, area_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [l.id, l.gemeenteId]);
  }
  // Every write below goes through applyPush as the user who would make it, so created_by, the
  // audit log and the permission checks are the real ones.
  const as = async (u: DemoUser) => {
    const deviceId = randomUUID();
    await db.query("INSERT INTO devices (user_id, id, name, kind) VALUES ($1, $2, 'Demogegevens, ingelezen door de server', 'server')", [
      u.id,
      deviceId,
    ]);
    const areaIds = seesAllSchools(u.role) ? demoAreas.map((a) => a.id) : [];
    const ctx = { actor: { id: u.id, role: u.role, schoolIds: u.schools.map(sid), areaIds }, deviceId, now };
    return async (mutations: Record<string, unknown>[]) => {
      const results = await applyPush(db, ctx, mutations);
      const bad = results.find((r) => r.status !== 'applied');
      if (bad) throw new Error(`demo: ${u.username}: ${bad.status} ${bad.reason ?? ''}`);
      return new Map(results.map((r, i) => [String(mutations[i]?.recordId), Number(r.version)]));
    };
  };
  const [sanne, ahmed, ibSpringplank, ibMeerwende, coordinator] = demoUsers as [DemoUser, DemoUser, DemoUser, DemoUser, DemoUser];

  const pupilsBySchool = new Map<string, string[]>();
  for (const u of [sanne, ahmed]) {
    const mutations = u.schools.flatMap((n, i) => {
      const made = schoolRecords(sid(n), demoSchools[n - 1]?.kind ?? 'po', i, now);
      pupilsBySchool.set(sid(n), made.pupils);
      // Verzuim at OBS De Springplank (Huizen) and IKC Het Palet (Hilversum).
      const [p0 = '', p1 = '', p2] = made.pupils;
      if (n === 1) made.mutations.push(...verzuimRecords(sid(n), { hours: p0, sick: p1 }, u.name, now));
      if (n === 4) made.mutations.push(...verzuimRecords(sid(n), { hours: p0, sick: p1, ...(p2 ? { thuiszitter: p2 } : {}) }, u.name, now));
      // The wachtlijst for care at the same two schools.
      const [, , q2 = '', q3 = '', q4] = made.pupils;
      if (n === 1) made.mutations.push(...wachtlijstRecords(sid(n), { long: q2, short: q3, ...(q4 ? { started: q4 } : {}) }, now));
      if (n === 4) made.mutations.push(...wachtlijstRecords(sid(n), { long: q3, short: q2 }, now));
      return made.mutations;
    });
    if (u === sanne) mutations.push(...meldcodeRecords(sid(1), u.name, now));
    await (
      await as(u)
    )(mutations);
  }
  await (
    await as(sanne)
  )(demoConsents(sid(1), pupilsBySchool.get(sid(1)) ?? [], now));
  // Consents and the MDO: a meeting held and a coming one per school, with agreements.
  for (const u of [sanne, ahmed]) {
    await (
      await as(u)
    )(
      u.schools.flatMap((n) => {
        const school = demoSchools[n - 1]!;
        const labels = (school.kind === 'vo' ? pupilsVo : pupilsPo).map(([initials, group]) => `${initials} · ${group}`);
        const pupils = (pupilsBySchool.get(sid(n)) ?? []).map((id, i) => ({ id, label: labels[i] ?? '' }));
        return mdoRecords(sid(n), school.name, pupils, u.name, u.id, now);
      }),
    );
  }

  await (
    await as(coordinator)
  )([...demoSchools.flatMap((school) => [...directory(school, now), ...schoolCare(school, now)]), ...regionalDirectory(now)]);

  const requests = consultationRequests(now, pupilsBySchool.get(sid(1)) ?? []);
  const versions = new Map<string, number>();
  for (const [ib, school] of [
    [ibSpringplank, sid(1)],
    [ibMeerwende, sid(3)],
  ] as const) {
    // Who asked, as the app stores it with a new question.
    const made = await (
      await as(ib)
    )(
      requests
        .filter((r) => r.schoolId === school)
        .map((r) => ({ ...r.ask, changes: { ...(r.ask.changes as Record<string, unknown>), askedByName: ib.name } })),
    );
    for (const [k, v] of made) versions.set(k, v);
  }
  const named = (m: Record<string, unknown>) => {
    const changes = m.changes as Record<string, unknown>;
    return 'handledBy' in changes ? { ...m, changes: { ...changes, handledByName: sanne.name } } : m;
  };
  const handled = await (
    await as(sanne)
  )(requests.flatMap((r) => [...r.handle(versions.get(r.recordId) ?? 0, sanne.id).map(named), ...r.notes]));
  for (const [k, v] of handled) versions.set(k, v);
  await (
    await as(ibSpringplank)
  )(requests.flatMap((r) => r.withdraw(versions.get(r.recordId) ?? 0)));

  // A gezin across a PO and a VO school of Sanne's and a VO school of Ahmed's team.
  const member = (n: number, index: number, jp: 'sanne' | 'ahmed') => ({
    schoolId: sid(n),
    schoolName: demoSchools[n - 1]!.name,
    pupilId: pupilsBySchool.get(sid(n))![index]!,
    contact: { name: jeugdprofessionals[jp]!.name, phone: jeugdprofessionals[jp]!.phone },
  });
  const family = demoFamily(now, member(1, 3, 'sanne'), member(3, 0, 'sanne'), member(5, 2, 'ahmed'));
  const familyMade = await (await as(sanne))([family.create]);
  await (
    await as(ahmed)
  )([family.link(familyMade.get(family.recordId) ?? 0)]);
}

type DemoUser = (typeof demoUsers)[number];

const pupilsPo = [
  ['Daan', 'groep 7', 11],
  ['L.M.', 'groep 5', 9],
  ['Noor', 'groep 8', 12],
  ['S.B.', 'groep 3', 7],
  ['Finn', 'groep 6', 10],
] as const;
const pupilsVo = [
  ['Yara', '2 havo', 14],
  ['M.K.', '3 vmbo-t', 15],
  ['Jesse', '1 mavo', 13],
  ['R.A.', '4 vwo', 16],
  ['Sem', '2 vmbo-b', 14],
] as const;

const signals = [
  [
    'verzuim',
    'zorgelijk',
    'leerkracht',
    'Al drie weken vaak te laat en twee keer ziek gemeld op maandag. Ouders reageren niet op berichten van de leerkracht.',
  ],
  [
    'emotioneel_welzijn',
    'zorg',
    'ib',
    'Trekt zich terug in de klas, zit in de pauze alleen. Leerkracht merkt dat de concentratie sterk is afgenomen.',
  ],
  [
    'thuissituatie',
    'zorgelijk',
    'ouder',
    'Moeder vertelt dat vader sinds kort het huis uit is en dat het thuis onrustig is. Vraagt om een gesprek.',
  ],
  ['gedrag', 'zorg', 'leerkracht', 'Boze uitbarstingen bij het buitenspelen, twee keer een conflict met klasgenoten deze week.'],
  [
    'thuiszitter',
    'acuut',
    'ib',
    'Komt sinds de herfstvakantie niet meer naar school. Geen vrijstelling; leerplicht is nog niet ingelicht.',
  ],
  [
    'ontwikkeling_leren',
    'zorg',
    'zelf',
    'Leerachterstand bij rekenen en lezen loopt op; vraag of er meer aan de hand is dan alleen leren.',
  ],
] as const;

const contacts = [
  [
    'leerling',
    'school',
    20,
    'Kort gesprek op het plein. Gaat graag naar school maar slaapt slecht. Afgesproken volgende week weer even te praten.',
  ],
  ['ouder', 'telefonisch', 15, "Moeder gebeld over het verzuim. Ze herkent het beeld en staat open voor een gesprek samen met de IB'er."],
  ['ib', 'school', 30, "Overleg met de IB'er over de signalen in de klas. Besloten de leerling in het ZAT te bespreken."],
  ['professional', 'mdo', 45, 'MDO met leerplicht en JGZ. Afspraak: jeugdarts nodigt uit, leerplicht wacht tot na het gesprek.'],
] as const;

const consultations = [
  [
    'ib',
    'Hoe kunnen we een leerling met veel faalangst het beste ondersteunen rond de toetsweek?',
    'Maak samen een weekplanning en spreek een vast moment per dag af voor een korte check-in.',
  ],
  [
    'leerkracht',
    'Een leerling vertelt over ruzies thuis. Wat moet ik hiermee en wanneer is dit de Meldcode?',
    'Goed dat je het bespreekt. Leg vast wat de leerling letterlijk zei; we lopen samen stap 1 en 2 van de Meldcode door.',
  ],
  ['ouder', 'Vader vraagt waar hij terecht kan voor opvoedondersteuning na de scheiding.', ''],
] as const;

/**
 * Absence on one pupil per school (by the school's place in the jeugdprofessional's list): verzuim
 * since 10 days; absent since 5 weeks without vrijstelling and leerplicht not yet involved (so the
 * clock makes it a thuiszitter); absent with a vrijstelling.
 */
function absence(offset: number, i: number, now: Date): Record<string, unknown> {
  if (offset === 0 && i === 0) return { absenceKind: 'verzuim', absenceSince: isoDay(now, 9), exemption: false, leerplichtInvolved: false };
  if (offset === 1 && i === 3)
    return { absenceKind: 'verzuim', absenceSince: isoDay(now, 35), exemption: false, leerplichtInvolved: false };
  if (offset === 2 && i === 4) return { absenceKind: 'verzuim', absenceSince: isoDay(now, 40), exemption: true, leerplichtInvolved: true };
  return {};
}

/** About three weeks of work at one school, as create mutations in the order a device made them. */
function schoolRecords(
  schoolId: string,
  kind: School['kind'],
  offset: number,
  now: Date,
): { mutations: Record<string, unknown>[]; pupils: string[] } {
  const out: Record<string, unknown>[] = [];
  const create = mutationMaker(schoolId, now, out);
  const pupils = (kind === 'vo' ? pupilsVo : pupilsPo).map(([initials, group, age], i) =>
    create('pupil', { initials, group, birthYear: now.getFullYear() - age, ...absence(offset, i, now) }, 24 - i),
  );
  pupils.forEach((pupilId, i) => {
    const s = signals[(i + offset) % signals.length];
    if (!s || i > 3) return;
    const daysAgo = 20 - i * 4;
    const signalId = create(
      'signal',
      {
        pupilId,
        date: isoDay(now, daysAgo),
        theme: s[0],
        seriousness: s[1],
        source: s[2],
        description: s[3],
        followUpDate: i % 2 === 0 ? isoDay(now, daysAgo - 14) : null,
      },
      daysAgo,
    );
    const c = contacts[(i + offset) % contacts.length];
    if (!c) return;
    create(
      'contact',
      {
        pupilId,
        signalId,
        withWhom: c[0],
        channel: c[1],
        date: isoDay(now, daysAgo - 2),
        time: `${String(9 + i).padStart(2, '0')}:30`,
        durationMinutes: c[2],
        summary: c[3],
        followUpDate: i === 0 ? isoDay(now, -3) : null,
      },
      daysAgo - 2,
    );
  });
  consultations.forEach(([withWhom, question, advice], i) => {
    create(
      'consultation',
      {
        pupilId: i === 1 ? null : (pupils[i] ?? null),
        withWhom,
        date: isoDay(now, 10 - i * 3),
        question,
        advice,
        followUpDate: advice ? null : isoDay(now, -2),
      },
      10 - i * 3,
    );
  });
  return { mutations: out, pupils };
}

/**
 * The consent register at De Springplank, by the pupils of schoolRecords (Daan 11, L.M. 9, Noor 12,
 * S.B. 7, Finn 10): valid ones, one withdrawn, one expired, and one the pupil outgrew (given by a
 * parent alone two years ago; Noor may be 12 now, so it must be asked again).
 */
function demoConsents(schoolId: string, pupils: readonly string[], now: Date): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const create = mutationMaker(schoolId, now, out);
  const [daan, , noor, sb, finn] = pupils;
  const base = { partyName: '', topic: null, withdrawnOn: null, withdrawnReason: '' };
  if (finn)
    create(
      'consent',
      {
        ...base,
        pupilId: finn,
        party: 'school',
        givenBy: 'ouder',
        way: 'schriftelijk',
        givenOn: isoDay(now, 20),
        validUntil: isoDay(now, -160),
      },
      20,
    );
  if (sb) {
    create(
      'consent',
      { ...base, pupilId: sb, party: 'school', givenBy: 'ouder', way: 'mondeling', givenOn: isoDay(now, 8), validUntil: null },
      8,
    );
    create(
      'consent',
      {
        ...base,
        pupilId: sb,
        party: 'wijkteam',
        givenBy: 'ouder',
        way: 'schriftelijk',
        givenOn: isoDay(now, 8),
        validUntil: isoDay(now, -84),
      },
      8,
    );
    create(
      'consent',
      {
        ...base,
        pupilId: sb,
        party: 'leerplicht',
        givenBy: 'ouder',
        way: 'mondeling',
        givenOn: isoDay(now, 30),
        validUntil: null,
        withdrawnOn: isoDay(now, 6),
        withdrawnReason: 'Moeder wil eerst zelf met de leerplichtambtenaar praten.',
      },
      6,
    );
  }
  if (daan)
    create(
      'consent',
      {
        ...base,
        pupilId: daan,
        party: 'jgz',
        topic: 'verzuim',
        givenBy: 'ouder',
        way: 'schriftelijk',
        givenOn: isoDay(now, 400),
        validUntil: isoDay(now, 35),
      },
      400,
    );
  if (noor)
    create(
      'consent',
      { ...base, pupilId: noor, party: 'school', givenBy: 'ouder', way: 'schriftelijk', givenOn: isoDay(now, 730), validUntil: null },
      730,
    );
  return out;
}
