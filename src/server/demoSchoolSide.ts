// The school's side of the demo region: vaste contactpersonen per school, consultatievragen
// in every status, a Meldcode trajectory. Fictional people, numbers and addresses (.example domains);
// only Veilig Thuis's national number 0800-2000 is real, as every school would have it.
import { randomUUID } from 'node:crypto';
import type { School } from '../domain/school';
import type { ContactPersonInput, PresenceSlot } from '../domain/contactPerson';
import type { ConsultationRequestInput } from '../domain/consultationRequest';
import { newRequestHandling } from '../domain/consultationRequest';
import { addDays, dateInAmsterdam, weekday } from '../domain/calendar';
import { newMeldcode } from '../domain/meldcode';

type Mutation = Record<string, unknown>;

/** The Amsterdam calendar date `daysAgo` days before `now` (negative: in the future). */
export function isoDay(now: Date, daysAgo: number): string {
  return dateInAmsterdam(new Date(now.getTime() - daysAgo * 86_400_000));
}

const at = (now: Date, daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();

/** A maker of create mutations at one school, appending to `out`; returns the new record's id. */
export function mutationMaker(schoolId: string, now: Date, out: Mutation[]) {
  return (entity: string, changes: Record<string, unknown>, daysAgo: number) => {
    const recordId = randomUUID();
    out.push({
      id: randomUUID(),
      entity,
      recordId,
      kind: 'create',
      baseVersion: 0,
      changes: { ...changes, schoolId },
      createdAt: at(now, daysAgo),
    });
    return recordId;
  };
}

const update = (entity: string, recordId: string, changes: Record<string, unknown>, baseVersion: number, createdAt: string): Mutation => ({
  id: randomUUID(),
  entity,
  recordId,
  kind: 'update',
  changes,
  baseVersion,
  createdAt,
});

// ---------------------------------------------------------------------------------------------
// Vaste contactpersonen

const mail = (local: string) => `${local}@gooienvecht.example`;
const slots = (days: readonly number[], from: string, to: string): PresenceSlot[] => days.map((day) => ({ day, from, to }));

export const jeugdprofessionals: Record<string, { name: string; phone: string; email: string }> = {
  sanne: { name: 'Sanne de Vries', phone: '035 750 21 10', email: mail('s.devries') },
  ahmed: { name: 'Ahmed El Amrani', phone: '035 750 21 14', email: mail('a.elamrani') },
};

const byPlace: Record<string, { leerplicht: string; wijkteam: [string, string]; phone: string }> = {
  Huizen: { leerplicht: 'Karin Smit', wijkteam: ['Yusuf Kaya', 'Sociaal Team Huizen'], phone: '035 750 30' },
  Bussum: { leerplicht: 'Ruud Verhoeven', wijkteam: ['Linda Vos', 'Wijkteam Bussum'], phone: '035 750 31' },
  Hilversum: { leerplicht: 'Miriam de Graaf', wijkteam: ['Ilse Brouwer', 'Sociaal Team Hilversum'], phone: '035 750 32' },
  Weesp: { leerplicht: 'Tom Hendriks', wijkteam: ['Mark Jacobs', 'Wijkteam Weesp'], phone: '035 750 33' },
};

const smw: Record<string, string> = {
  'Meerwende College': 'Naima Bouali',
  'Vechtdal Lyceum': 'Kees van Leeuwen',
  'SO De Kaap': 'Anouk Dekker',
};

/** The directory of one school, as the coordinator enters it. */
export function directory(school: School, now: Date): Mutation[] {
  const out: Mutation[] = [];
  const create = mutationMaker(school.id, now, out);
  const person = (p: ContactPersonInput) => create('contactPerson', p, 30);
  const place = byPlace[school.place] ?? byPlace.Huizen!;
  const jp = ['Huizen', 'Bussum'].includes(school.place) ? jeugdprofessionals.sanne! : jeugdprofessionals.ahmed!;
  const firstDay = school.presenceDays[0] ?? 2;

  person({
    role: 'jeugdprofessional',
    name: jp.name,
    organisation: 'Sociaal Team Gooi en Vecht',
    phone: jp.phone,
    email: jp.email,
    presence: slots(school.presenceDays, '08:30', '12:00'),
    notes: 'Vaste jeugdprofessional van school. Loop gerust binnen in de ochtend, of stel een consultatievraag in de app.',
  });
  person({
    role: 'leerplicht',
    name: place.leerplicht,
    organisation: 'Regionaal Bureau Leerplicht Gooi en Vecht',
    phone: `${place.phone} 10`,
    email: mail('leerplicht'),
    presence: [],
    notes: 'Verzuim melden via het verzuimregister. Bij zorgen over een (dreigende) thuiszitter eerst even bellen.',
  });
  if (school.kind === 'vo') {
    person({
      role: 'jgz',
      name: 'Hanneke Kok',
      organisation: 'JGZ Gooi en Vecht',
      phone: '035 750 40 20',
      email: mail('jgz.jeugdarts'),
      presence: slots([firstDay], '13:00', '16:00'),
      notes: 'Jeugdarts. Ziekteverzuimbegeleiding (M@ZL) en spreekuur op school, om de week.',
    });
  } else {
    person({
      role: 'jgz',
      name: school.place === 'Huizen' ? 'Eva Mulder' : 'Lotte Bos',
      organisation: 'JGZ Gooi en Vecht',
      phone: '035 750 40 10',
      email: mail('jgz.huizen-hilversum'),
      presence: slots([firstDay], '13:00', '15:00'),
      notes: 'Jeugdverpleegkundige. Spreekuur voor ouders en leerkrachten, eens per maand.',
    });
  }
  person(
    school.kind === 'vo'
      ? {
          role: 'swv',
          name: 'Bram de Wit',
          organisation: 'Samenwerkingsverband VO Gooi en Vecht',
          phone: '035 750 50 20',
          email: mail('swv-vo'),
          presence: [],
          notes: 'Consulent passend onderwijs. Denkt mee over arrangementen en overstap naar ander onderwijs.',
        }
      : {
          role: 'swv',
          name: school.kind === 'so' ? 'Ingrid van Dam' : 'Saskia Peeters',
          organisation: 'Samenwerkingsverband PO Gooi en Vecht',
          phone: '035 750 50 10',
          email: mail('swv-po'),
          presence: [],
          notes: 'Orthopedagoog. Sluit aan bij het ondersteuningsteam (ZAT) op afspraak.',
        },
  );
  person({
    role: 'wijkteam',
    name: place.wijkteam[0],
    organisation: place.wijkteam[1],
    phone: `${place.phone} 20`,
    email: mail(`wijkteam.${school.place.toLowerCase()}`),
    presence: [],
    notes: 'Voor hulp thuis: opvoedondersteuning, schulden, huisvesting. Aanmelden met toestemming van ouders.',
  });
  const smwName = smw[school.name];
  if (smwName) {
    person({
      role: 'smw',
      name: smwName,
      organisation: 'Schoolmaatschappelijk werk Gooi en Vecht',
      phone: '035 750 60 10',
      email: mail('smw'),
      presence: slots(school.presenceDays.slice(-1), '09:00', '13:00'),
      notes: 'Gesprekken met leerlingen en ouders op school.',
    });
  }
  person({
    role: 'veilig_thuis',
    name: 'Adviespunt Veilig Thuis',
    organisation: 'Veilig Thuis Gooi en Vlietstreek',
    phone: '0800-2000',
    email: '',
    presence: [],
    notes: 'Dag en nacht bereikbaar, gratis. Bel ook voor advies (stap 2 van de Meldcode); overleggen is nog geen melding.',
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Consultatievragen

interface DemoRequest {
  schoolId: string;
  recordId: string;
  /** The IB'er's create. */
  ask: Mutation;
  /** The jeugdprofessional's updates (plan, answer, close), from the version the ask got. */
  handle: (version: number, jp: string) => Mutation[];
  /** The IB'er's withdrawal, if any. */
  withdraw: (version: number) => Mutation[];
}

type Ask = Omit<ConsultationRequestInput, keyof typeof newRequestHandling>;

/** The first day after `from` that is one of `days` (1 = maandag … 7 = zondag). */
function nextPresenceDay(from: string, days: readonly number[]): string {
  for (let d = 1; d <= 7; d++) if (days.includes(weekday(addDays(from, d)))) return addDays(from, d);
  return addDays(from, 7);
}

/**
 * Six requests by the two IB'ers, one per status: two nieuw (one anonymous, one 'vandaag'),
 * ingepland, beantwoord (with a private note linked to a pupil), afgesloten, teruggetrokken.
 * `springplankPupils` are the jeugdprofessional's pupils at De Springplank (index 3 is S.B., groep 3).
 */
export function consultationRequests(now: Date, springplankPupils: readonly string[]): (DemoRequest & { notes: Mutation[] })[] {
  const springplank = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';
  const meerwende = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000003';
  const request = (
    schoolId: string,
    daysAgo: number,
    ask: Ask,
    handle: (version: number, jp: string, recordId: string) => Mutation[] = () => [],
    withdraw: (version: number, recordId: string) => Mutation[] = () => [],
  ) => {
    const recordId = randomUUID();
    return {
      schoolId,
      recordId,
      ask: {
        id: randomUUID(),
        entity: 'consultationRequest',
        recordId,
        kind: 'create',
        baseVersion: 0,
        changes: { ...ask, ...newRequestHandling, schoolId },
        createdAt: at(now, daysAgo),
      },
      handle: (v: number, jp: string) => handle(v, jp, recordId),
      withdraw: (v: number) => withdraw(v, recordId),
      notes: [] as Mutation[],
    };
  };
  const req = (id: string, v: number, daysAgo: number, changes: Record<string, unknown>) =>
    update('consultationRequest', id, changes, v, at(now, daysAgo));

  const answered = request(
    springplank,
    9,
    {
      anonymous: false,
      pupilInitials: 'S.B.',
      pupilGroup: 'groep 3',
      topic: 'emotioneel_welzijn',
      question:
        'S. huilt de laatste weken vaak bij het brengen en wil moeder niet loslaten. Leerkracht twijfelt of dit meer is dan wennen na de verhuizing. Wat kunnen we in de klas doen?',
      urgency: 'deze_week',
      preferredChannel: 'op_school',
      preferredMoment: 'woensdagochtend na 10:00',
      consent: 'op_de_hoogte',
    },
    (v, jp, id) => [
      req(id, v, 8, { status: 'ingepland', plannedDate: isoDay(now, 7), plannedTime: '10:15', handledBy: jp, plannedAt: at(now, 8) }),
      req(id, v, 6, {
        status: 'beantwoord',
        answeredAt: at(now, 6),
        adviceForSchool:
          'Gesproken met leerkracht en moeder. Advies: een vast afscheidsritueel bij de deur en een taakje als eerste in de klas. Over drie weken samen kijken of het beter gaat; eerder bellen mag altijd.',
      }),
    ],
  );
  answered.notes.push({
    id: randomUUID(),
    entity: 'consultationNote',
    recordId: randomUUID(),
    kind: 'create',
    baseVersion: 0,
    createdAt: at(now, 6),
    changes: {
      requestId: answered.recordId,
      pupilId: springplankPupils[3] ?? null,
      schoolId: springplank,
      note: 'Moeder vertelt over spanningen sinds de verhuizing en slecht slapen bij S. Zelf volgen; als het over drie weken niet beter is, aanmelden bij het Sociaal Team (toestemming moeder besproken).',
    },
  });

  return [
    request(springplank, 0.1, {
      anonymous: false,
      pupilInitials: 'Noor',
      pupilGroup: 'groep 8',
      topic: 'veiligheid',
      question:
        'Noor vertelde vanochtend aan de leerkracht dat ze niet naar huis wil omdat het thuis "weer ruzie" is. Kun je vandaag nog even meedenken over wat we nu moeten doen?',
      urgency: 'vandaag',
      preferredChannel: 'telefonisch',
      preferredMoment: 'vandaag voor 15:00',
      consent: 'niet_besproken',
    }),
    request(meerwende, 1, {
      anonymous: true,
      pupilInitials: '',
      pupilGroup: '3 vmbo-t',
      topic: 'thuissituatie',
      question:
        'Anoniem: een leerling vertelt dat er thuis te weinig eten is en dat ouders schulden hebben. Waar kunnen we de leerling en het gezin naartoe verwijzen?',
      urgency: 'deze_week',
      preferredChannel: 'maakt_niet_uit',
      preferredMoment: '',
      consent: 'niet_besproken',
    }),
    request(
      springplank,
      4,
      {
        anonymous: false,
        pupilInitials: 'Finn',
        pupilGroup: 'groep 6',
        topic: 'gedrag',
        question:
          'Finn raakt in de pauze vaak in conflict en is daarna niet meer aanspreekbaar. Ouders willen graag een gesprek met jou erbij.',
        urgency: 'kan_wachten',
        preferredChannel: 'op_school',
        preferredMoment: 'samen met ouders, na schooltijd',
        consent: 'toestemming',
      },
      (v, jp, id) => [
        req(id, v, 3, {
          status: 'ingepland',
          plannedDate: nextPresenceDay(isoDay(now, 0), [1, 3]),
          plannedTime: '14:30',
          handledBy: jp,
          plannedAt: at(now, 3),
        }),
      ],
    ),
    answered,
    request(
      meerwende,
      15,
      {
        anonymous: false,
        pupilInitials: 'Yara',
        pupilGroup: '2 havo',
        topic: 'verzuim',
        question: 'Yara meldt zich vaak ziek op de dag van een toets. Is dit iets voor de jeugdarts of eerst voor jou?',
        urgency: 'deze_week',
        preferredChannel: 'online',
        preferredMoment: '',
        consent: 'op_de_hoogte',
      },
      (v, jp, id) => [
        req(id, v, 13, {
          status: 'beantwoord',
          handledBy: jp,
          answeredAt: at(now, 13),
          adviceForSchool:
            'Eerst de jeugdarts: aanmelden voor ziekteverzuimbegeleiding (M@ZL). Ik sluit aan bij het gesprek als er meer speelt dan faalangst.',
        }),
        req(id, v, 10, { status: 'afgesloten', closedAt: at(now, 10) }),
      ],
    ),
    request(
      springplank,
      5,
      {
        anonymous: false,
        pupilInitials: 'L.M.',
        pupilGroup: 'groep 5',
        topic: 'ontwikkeling_leren',
        question: 'L. leest ver onder niveau. Is een onderzoek zinvol, en wie vraagt dat aan?',
        urgency: 'kan_wachten',
        preferredChannel: 'maakt_niet_uit',
        preferredMoment: '',
        consent: 'op_de_hoogte',
      },
      undefined,
      (v, id) => [req(id, v, 4, { status: 'teruggetrokken', withdrawnAt: at(now, 4) })],
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// Meldcode

/**
 * A pupil at De Springplank with a veiligheid signal and a Meldcode trajectory: steps 1 and 2 done,
 * step 3 open for 14 days (more than the 10-day reminder).
 */
export function meldcodeRecords(schoolId: string, who: string, now: Date): Mutation[] {
  const out: Mutation[] = [];
  const create = mutationMaker(schoolId, now, out);
  const pupilId = create('pupil', { initials: 'J.P.', group: 'groep 4', birthYear: now.getFullYear() - 8 }, 22);
  const signalId = create(
    'signal',
    {
      pupilId,
      date: isoDay(now, 21),
      theme: 'veiligheid',
      seriousness: 'zorgelijk',
      source: 'leerkracht',
      followUpDate: isoDay(now, 7),
      description:
        'Blauwe plekken op de bovenarm; J. zegt eerst dat hij gevallen is en later dat "papa boos was". Leerkracht heeft letterlijk opgeschreven wat hij zei.',
    },
    21,
  );
  create(
    'meldcode',
    {
      ...newMeldcode({ id: signalId, pupilId }, isoDay(now, 21)),
      step1: {
        date: isoDay(now, 20),
        who,
        note: 'Signalen en letterlijke uitspraken vastgelegd met de leerkracht; foto van de aantekening niet bewaard.',
      },
      step2: {
        date: isoDay(now, 14),
        who: `${who} met IB'er`,
        note: "Collegiale consultatie met de IB'er; Veilig Thuis gebeld voor advies (anoniem besproken). Advies: gesprek met ouders.",
      },
    },
    20,
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// The regional wie-is-wie: the samenwerkingsverband and one entry set per gemeente

const aid = (n: number) => `0b6c1a52-3f1e-4c8a-9a51-7f7d2a0000a${n}`;
/** The SWV of the demo region and its gemeenten (a school's gemeente is its place). */
export const demoAreas = [
  { id: aid(0), kind: 'swv', name: 'Samenwerkingsverband Gooi en Vecht' },
  { id: aid(1), kind: 'gemeente', name: 'Huizen' },
  { id: aid(2), kind: 'gemeente', name: 'Bussum' },
  { id: aid(3), kind: 'gemeente', name: 'Hilversum' },
  { id: aid(4), kind: 'gemeente', name: 'Weesp' },
] as const;

/** The gemeente of a demo school: the area named as its place. */
export function demoGemeenteOf(place: string): string | undefined {
  return demoAreas.find((a) => a.kind === 'gemeente' && a.name === place)?.id;
}

const none: PresenceSlot[] = [];

/**
 * The regional entries, as the coordinator keeps them. Two were last checked more than half a year
 * ago, so the coordinator sees the flag in the demo.
 */
export function regionalDirectory(now: Date): Mutation[] {
  const out: Mutation[] = [];
  const checked = (daysAgo: number) => isoDay(now, daysAgo);
  const region = mutationMaker(aid(0), now, out);
  const swv = (p: Omit<ContactPersonInput, 'presence'>) => region('contactPerson', { ...p, presence: none }, 30);
  swv({
    role: 'swv_loket',
    name: 'Loket passend onderwijs',
    organisation: 'Samenwerkingsverband Gooi en Vecht',
    phone: '035 750 50 00',
    email: mail('loket.swv'),
    notes: 'Bereikbaar ma–vr 9:00–16:00. Voor aanmeldingen, toelaatbaarheidsverklaringen en vragen over arrangementen.',
    checkedOn: checked(20),
  });
  swv({
    role: 'swv',
    name: 'Saskia Peeters',
    organisation: 'Samenwerkingsverband PO Gooi en Vecht',
    phone: '035 750 50 10',
    email: mail('swv-po'),
    notes: 'Consulent passend onderwijs PO. Bereikbaar ma, di en do.',
    checkedOn: checked(40),
  });
  swv({
    role: 'swv',
    name: 'Bram de Wit',
    organisation: 'Samenwerkingsverband VO Gooi en Vecht',
    phone: '035 750 50 20',
    email: mail('swv-vo'),
    notes: 'Consulent passend onderwijs VO. Bereikbaar di–vr, liefst per mail.',
    checkedOn: checked(220),
  });
  swv({
    role: 'cat',
    name: 'Consultatie- en adviesteam',
    organisation: 'Samenwerkingsverband Gooi en Vecht',
    phone: '035 750 50 30',
    email: mail('cat'),
    notes: 'Bespreekt een leerling anoniem op verzoek van school. Aanmelden via het loket; het team komt elke tweede dinsdag bijeen.',
    checkedOn: checked(60),
  });
  swv({
    role: 'veilig_thuis',
    name: 'Veilig Thuis Gooi en Vlietstreek',
    organisation: 'Veilig Thuis (regionaal nummer)',
    phone: '0800-2000',
    email: '',
    notes: 'Dag en nacht bereikbaar, gratis. Bel ook voor advies (stap 2 van de Meldcode); overleggen is nog geen melding.',
    checkedOn: checked(10),
  });
  swv({
    role: 'rmc',
    name: 'RMC Gooi en Vecht',
    organisation: 'Regionaal Meld- en Coördinatiepunt voortijdig schoolverlaten',
    phone: '035 750 30 90',
    email: mail('rmc'),
    notes: 'Voor jongeren van 18 tot 23 jaar zonder startkwalificatie. Bereikbaar ma–do 9:00–17:00.',
    checkedOn: checked(200),
  });
  for (const area of demoAreas.filter((a) => a.kind === 'gemeente')) {
    const place = byPlace[area.name] ?? byPlace.Huizen!;
    const gemeente = mutationMaker(area.id, now, out);
    const entry = (p: Omit<ContactPersonInput, 'presence'>) => gemeente('contactPerson', { ...p, presence: none }, 30);
    entry({
      role: 'leerplicht',
      name: `Leerplichtteam ${area.name}`,
      organisation: 'Regionaal Bureau Leerplicht Gooi en Vecht',
      phone: `${place.phone} 00`,
      email: mail(`leerplicht.${area.name.toLowerCase()}`),
      notes: `Bereikbaar ma–vr 8:30–17:00. Contactpersoon: ${place.leerplicht}.`,
      checkedOn: checked(30),
    });
    entry({
      role: 'jgz',
      name: `JGZ ${area.name}`,
      organisation: 'JGZ Gooi en Vecht',
      phone: '035 750 40 00',
      email: mail(`jgz.${area.name.toLowerCase()}`),
      notes: 'Bereikbaar ma–vr 8:30–17:00. Jeugdarts en jeugdverpleegkundige van de scholen in deze gemeente.',
      checkedOn: checked(50),
    });
    entry({
      role: 'wijkteam',
      name: place.wijkteam[1],
      organisation: `Gemeente ${area.name}`,
      phone: `${place.phone} 20`,
      email: mail(`wijkteam.${area.name.toLowerCase()}`),
      notes: 'Bereikbaar ma–vr 9:00–17:00. Aanmelden met toestemming van ouders.',
      checkedOn: checked(70),
    });
  }
  return out;
}

/** The IB'ers and zorgcoördinatoren of the demo schools, in each school's directory. */
export function schoolCare(school: School, now: Date): Mutation[] {
  const out: Mutation[] = [];
  const create = mutationMaker(school.id, now, out);
  const people: Record<string, [string, string, string]> = {
    'OBS De Springplank': ['Marieke Jansen', 'ib.springplank', '035 750 60 11'],
    'KBS De Vuurvogel': ['Gert Hoekstra', 'ib.vuurvogel', ''],
    'Meerwende College': ['Joost Bakker', 'zorg.meerwende', '035 750 60 31'],
    'IKC Het Palet': ['Sevda Yilmaz', 'ib.palet', ''],
    'Vechtdal Lyceum': ['Femke Scholten', 'zorg.vechtdal', ''],
    'SO De Kaap': ['Wouter Meijer', 'ib.dekaap', ''],
  };
  const person = people[school.name];
  if (!person) return out;
  create(
    'contactPerson',
    {
      role: 'ib',
      name: person[0],
      organisation: school.kind === 'vo' ? 'Zorgcoördinator' : 'Intern begeleider',
      phone: person[2],
      email: mail(person[1]),
      presence: slots(school.presenceDays, '08:15', '15:00'),
      notes: 'Stel een consultatievraag in de app, of mail voor een afspraak.',
      checkedOn: isoDay(now, 30),
    },
    30,
  );
  return out;
}
