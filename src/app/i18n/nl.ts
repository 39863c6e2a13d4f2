// All labels of the domain's codes, in Dutch, in one place so wording can be reviewed in one read.
import type {
  absenceKinds,
  consultationParties,
  contactPersonRoles,
  contactChannels,
  contactParties,
  meldcodeOutcomes,
  seriousnessLevels,
  signalSources,
  signalThemes,
} from '../../domain';
import type { requestChannels, requestConsents, requestStatuses, requestUrgencies, sharingBases } from '../../domain';
import type { absenceEntryKinds, careKinds, planGoals, routeOutcomes, VerzuimStep, waitStatuses } from '../../domain';
import { signalSeriousnessLabels, signalThemeLabels, wachtlijstCareKindLabels, wachtlijstStatusLabels } from '../../domain';

type Labels<T extends readonly string[]> = Record<T[number], string>;

// Shared with the kengetallen and the inzage document (domain/signal.ts).
export const themeLabels: Labels<typeof signalThemes> = signalThemeLabels;
export const seriousnessLabels: Labels<typeof seriousnessLevels> = signalSeriousnessLabels;

export const sourceLabels: Labels<typeof signalSources> = {
  leerkracht: 'Leerkracht',
  ib: "IB'er",
  ouder: 'Ouder',
  leerling: 'Leerling',
  zelf: 'Zelf waargenomen',
  anders: 'Anders',
};

export const partyLabels: Labels<typeof contactParties> = {
  leerling: 'Leerling',
  ouder: 'Ouder/verzorger',
  leerkracht: 'Leerkracht',
  ib: "IB'er",
  professional: 'Andere professional',
};

export const channelLabels: Labels<typeof contactChannels> = {
  school: 'Gesprek op school',
  telefonisch: 'Telefonisch',
  huisbezoek: 'Huisbezoek',
  online: 'Online',
  mdo: 'MDO/ZAT-overleg',
};

export const consultationPartyLabels: Labels<typeof consultationParties> = {
  ib: "IB'er / zorgcoördinator",
  leerkracht: 'Leerkracht',
  ouder: 'Ouder/verzorger',
  professional: 'Andere professional',
  anders: 'Anders',
};

export const entityLabels = {
  pupil: 'Leerling',
  signal: 'Signaal',
  contact: 'Contactmoment',
  consultation: 'Consultatie',
  meldcode: 'Meldcode-traject',
  consultationRequest: 'Consultatievraag',
  consultationNote: 'Eigen aantekening',
  contactPerson: 'Contactpersoon',
  consent: 'Toestemming',
  family: 'Gezin',
  absence: 'Verzuim',
  verzuimroute: 'Verzuimroute',
  mdoMeeting: 'MDO',
  mdoItem: 'Agendapunt MDO',
  mdoAgreement: 'Afspraak uit het MDO',
  wachtlijst: 'Wachtlijst',
} as const;

/** Who a record in a list is about, when it names no pupil (useRecordSubjects.ts). */
export const recordSubjectLabels = {
  /** A consultation without a pupil's name. */
  anonymous: 'Anoniem',
  /** A contactmoment that is not about one pupil. */
  noPupil: 'Zonder leerling',
  /** The pupil is not on this device (any more). */
  unknownPupil: 'Onbekende leerling',
} as const;

export function waitingText(n: number): string {
  if (n === 0) return 'Niets wacht op synchronisatie';
  return n === 1 ? '1 wijziging wacht op synchronisatie' : `${n} wijzigingen wachten op synchronisatie`;
}

/** Field names as the forms call them, for conflict lists and messages. */
export const fieldLabels: Record<string, string> = {
  initials: 'Initialen of roepnaam',
  group: 'Groep of klas',
  birthYear: 'Geboortejaar',
  pupilId: 'Leerling',
  signalId: 'Hoort bij signaal',
  schoolId: 'School',
  date: 'Datum',
  time: 'Tijd',
  theme: 'Thema',
  seriousness: 'Ernst',
  source: 'Bron',
  description: 'Beschrijving',
  followUpDate: 'Opvolgen op',
  withWhom: 'Met wie',
  channel: 'Hoe',
  durationMinutes: 'Duur in minuten',
  summary: 'Samenvatting',
  question: 'Vraag',
  advice: 'Gegeven advies',
  deleted: 'Gearchiveerd',
  role: 'Rol',
  name: 'Naam',
  organisation: 'Organisatie',
  phone: 'Telefoon',
  email: 'E-mail',
  presence: 'Aanwezig op school',
  notes: 'Notities',
  absenceKind: 'Afwezigheid',
  absenceSince: 'Afwezig sinds',
  exemption: 'Vrijstelling',
  leerplichtInvolved: 'Leerplicht betrokken',
};

const valueLabels: Record<string, Record<string, string>> = {
  theme: themeLabels,
  seriousness: seriousnessLabels,
  source: sourceLabels,
  channel: channelLabels,
};

/** A stored value as a person reads it. */
export function displayValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(leeg)';
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  const labels = valueLabels[field];
  return labels?.[String(value)] ?? String(value);
}

// Vaste contactpersonen, Meldcode and absence.
export const contactPersonRoleLabels: Labels<typeof contactPersonRoles> = {
  jeugdprofessional: 'Jeugdprofessional',
  leerplicht: 'Leerplichtambtenaar',
  jgz: 'JGZ (jeugdarts / jeugdverpleegkundige)',
  swv: 'SWV-consulent / orthopedagoog',
  wijkteam: 'Wijkteam / sociaal team',
  smw: 'Schoolmaatschappelijk werk',
  veilig_thuis: 'Veilig Thuis',
  ib: 'Intern begeleider / zorgcoördinator',
  swv_loket: 'Loket samenwerkingsverband',
  cat: 'Consultatie- en adviesteam',
  rmc: 'RMC (voortijdig schoolverlaten)',
};

/** 1 = maandag … 7 = zondag, as calendar.ts counts. */
export const weekdayLabels: Record<number, string> = {
  1: 'maandag',
  2: 'dinsdag',
  3: 'woensdag',
  4: 'donderdag',
  5: 'vrijdag',
  6: 'zaterdag',
  7: 'zondag',
};

export const meldcodeOutcomeLabels: Labels<typeof meldcodeOutcomes> = {
  melding: 'Melding bij Veilig Thuis',
  hulp: 'Hulp organiseren',
  melding_en_hulp: 'Melden én hulp organiseren',
  geen_zorgen: 'Geen zorgen meer',
};

export const meldcodeDisclaimer =
  'Dit is een hulpmiddel om vast te leggen, geen juridisch advies. Volg de meldcode en het afwegingskader van je eigen organisatie.';

export const absenceKindLabels: Labels<typeof absenceKinds> = {
  verzuim: 'Verzuim',
  thuiszitter: 'Thuiszitter',
};

// Consultatievragen (IB'er -> jeugdprofessional).

export const urgencyLabels: Labels<typeof requestUrgencies> = {
  vandaag: 'Vandaag',
  deze_week: 'Deze week',
  kan_wachten: 'Kan wachten',
};

export const requestStatusLabels: Labels<typeof requestStatuses> = {
  nieuw: 'Nieuw',
  ingepland: 'Ingepland',
  beantwoord: 'Beantwoord',
  afgesloten: 'Afgesloten',
  teruggetrokken: 'Teruggetrokken',
};

export const requestChannelLabels: Labels<typeof requestChannels> = {
  op_school: 'Op school',
  telefonisch: 'Telefonisch',
  online: 'Online',
  maakt_niet_uit: 'Maakt niet uit',
};

export const consentLabels: Labels<typeof requestConsents> = {
  niet_besproken: 'Nog niet besproken met ouders',
  op_de_hoogte: 'Ouders zijn op de hoogte',
  toestemming: 'Ouders hebben toestemming gegeven',
};

/** The consultatievraag's fields, for conflict lists. */
Object.assign(fieldLabels, {
  anonymous: 'Anoniem',
  pupilInitials: 'Initialen of roepnaam',
  pupilGroup: 'Groep of klas',
  topic: 'Onderwerp',
  urgency: 'Hoe dringend',
  preferredChannel: 'Voorkeur contact',
  preferredMoment: 'Voorkeursmoment',
  consent: 'Wat weten ouders',
  status: 'Status',
  plannedDate: 'Datum afspraak',
  plannedTime: 'Tijd afspraak',
  adviceForSchool: 'Advies voor school',
  note: 'Eigen aantekening',
});
Object.assign(valueLabels, {
  topic: themeLabels,
  urgency: urgencyLabels,
  status: requestStatusLabels,
  preferredChannel: requestChannelLabels,
  consent: consentLabels,
});

/** The gezin: the family section of a pupil page, the family page and its Vandaag follow-up. */
export const familyText = {
  title: 'Gezin',
  none: 'Nog geen broers of zussen gekoppeld.',
  start: 'Gezin vastleggen',
  noSiblings: 'Nog geen broer of zus gekoppeld.',
  listLabel: 'Broers en zussen',
  // Brother or sister: the record keeps no sex (a pupil is recorded minimally), so one word for both.
  sibling: 'Broer/zus',
  toLink: (school: string) => `Broer/zus op ${school}: nog koppelen`,
  toLinkHint: 'Een collega heeft vastgelegd dat deze leerling een broer of zus op jouw school heeft. Kies de leerling.',
  elsewhere: (school: string) => `Heeft een broer/zus op ${school}`,
  call: (name: string) => `Bel ${name}`,
  callSchool: (school: string) => `de jeugdprofessional van ${school}`,
  regie: (who: string) => `Regie: ${who}`,
  noRegie: 'Nog niemand heeft de regie.',
  review: (date: string) => `evalueren op ${date}`,
  open: 'Gezinsplan bekijken',
  pageTitle: 'Gezin en gezinsplan',
  children: 'Kinderen',
  thisPupil: 'Deze leerling',
  addOwn: 'Broer of zus op jouw school toevoegen',
  addOwnField: 'Leerling',
  addOwnButton: 'Toevoegen',
  addOther: 'Broer of zus op een andere school',
  addOtherHint:
    'Je ziet de leerlingen van die school niet. Leg vast dát er een broer of zus is; de jeugdprofessional van die school koppelt de leerling.',
  addOtherField: 'School',
  addOtherButton: 'Vastleggen',
  addOtherOffline: 'Maak verbinding met internet om een andere school te kiezen.',
  linkField: (school: string) => `Welke leerling van ${school}?`,
  linkButton: 'Koppelen',
  plan: 'Gezinsplan',
  planHint: 'Kort: één doel per gebied, wie de regie heeft en wanneer jullie het plan weer bekijken.',
  goalSchool: 'Doel school',
  goalHome: 'Doel thuis',
  goalLeisure: 'Doel vrije tijd',
  regieField: 'Wie heeft de regie?',
  regieHint: 'Naam en organisatie, bijvoorbeeld "Sanne de Vries, Sociaal Team".',
  reviewField: 'Evalueren op',
  reviewHint: 'Vanaf die dag staat het gezinsplan op Vandaag, onder Gezinsplannen.',
  save: 'Gezinsplan opslaan',
  saved: 'Gezinsplan opgeslagen',
  todayTitle: 'Gezinsplannen',
  todayNone: 'Geen gezinsplan om te evalueren.',
  todayItem: (date: string) => `Gezinsplan evalueren (sinds ${date})`,
  childrenCount: (n: number) => (n === 1 ? '1 kind' : `${n} kinderen`),
  notFound: 'Dit gezin staat niet op dit toestel.',
} as const;
// Verzuim, the verzuimroute and the plan back to school.
export const absenceEntryKindLabels: Labels<typeof absenceEntryKinds> = {
  ongeoorloofd: 'Ongeoorloofd verzuim',
  ziek: 'Ziekteverzuim',
  luxe: 'Luxe verzuim',
  vrijstelling_absoluut: 'Absolute vrijstelling',
  vrijstelling_relatief: 'Relatieve vrijstelling',
};

export const verzuimStepLabels: Record<VerzuimStep, string> = {
  melding_leerplicht: '16 uur ongeoorloofd verzuim: melden bij leerplicht (DUO)',
  jeugdarts: 'Ziekteverzuim (MAZL): naar de jeugdarts',
  thuiszitter: 'Thuiszitter: leerplicht betrekken',
  thuiszittersoverleg: 'Thuiszitter 3 maanden: thuiszittersoverleg samenwerkingsverband',
};

export const planGoalLabels: Labels<typeof planGoals> = {
  terug_op_school: 'Terug op school',
  passend_aanbod: 'Passend aanbod (bijvoorbeeld een onderwijszorgarrangement)',
};

export const routeOutcomeLabels: Labels<typeof routeOutcomes> = {
  terug_op_school: 'Terug op school',
  ander_onderwijs: 'Ander onderwijs',
  vrijstelling: 'Vrijstelling',
  verhuisd: 'Verhuisd',
};
/** On what ground the advice to school was shared (the consent check on a consultatievraag). */
export const sharingBasisLabels: Labels<typeof sharingBases> = {
  toestemming: 'Met toestemming van ouders (in het register)',
  algemeen: 'Advies in algemene termen, zonder gegevens over de leerling',
  gevraagd: 'Toestemming is gevraagd; tot het antwoord alleen algemeen advies',
  meldcode: 'Uitzondering op grond van de Meldcode',
};
Object.assign(fieldLabels, { consentCheck: 'Toestemmingscheck', sharingBasis: 'Gedeeld op grond van', sharingReason: 'Reden (Meldcode)' });
Object.assign(valueLabels, {
  sharingBasis: sharingBasisLabels,
  consentCheck: { geldig: 'geldige toestemming', geen: 'geen geldige toestemming', niet_gekoppeld: 'leerling niet gekoppeld' },
});
// The wachtlijst: referrals to care.
// The words live in the domain: the inzage document uses them too.
export const careKindLabels: Labels<typeof careKinds> = wachtlijstCareKindLabels;
export const waitStatusLabels: Labels<typeof waitStatuses> = wachtlijstStatusLabels;
Object.assign(fieldLabels, {
  careKind: 'Naar welke zorg',
  careName: 'Naam van de zorgaanbieder',
  since: 'Op de wachtlijst sinds',
  overbrugging: 'Overbrugging',
  statusDate: 'Datum van start of vervallen',
});
