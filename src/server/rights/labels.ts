// The inzage document's words (docs/rights.md): per kind of record a Dutch heading and per field a
// Dutch label, in one table. A kind or field that is not here still appears, under a readable
// fallback, so a kind registered in domain/entities.ts is in the document before it is named here.
import { signalSeriousnessLabels, signalThemeLabels } from '../../domain/signal';
import { wachtlijstCareKindLabels } from '../../domain/wachtlijst';

export interface KindLabels {
  /** The section's heading. */
  heading: string;
  /** One record, in "Signaal van 3 december 2026". */
  one: string;
  /** The field that dates a record (else its creation time). */
  dateField?: string;
  fields: Record<string, string>;
}

export const dossierKinds: Record<string, KindLabels> = {
  pupil: {
    heading: 'Gegevens van de leerling',
    one: 'Leerling',
    fields: {
      initials: 'Initialen of roepnaam',
      group: 'Groep of klas',
      birthYear: 'Geboortejaar',
      absenceKind: 'Afwezigheid',
      absenceSince: 'Afwezig sinds',
      exemption: 'Vrijstelling',
      leerplichtInvolved: 'Leerplicht betrokken',
    },
  },
  signal: {
    heading: 'Signalen',
    one: 'Signaal',
    dateField: 'date',
    fields: {
      date: 'Datum',
      theme: 'Thema',
      seriousness: 'Ernst',
      source: 'Van wie het signaal kwam',
      description: 'Beschrijving',
      followUpDate: 'Opvolgen op',
    },
  },
  contact: {
    heading: 'Contactmomenten',
    one: 'Contactmoment',
    dateField: 'date',
    fields: {
      date: 'Datum',
      time: 'Tijd',
      withWhom: 'Met wie',
      channel: 'Hoe',
      durationMinutes: 'Duur in minuten',
      summary: 'Samenvatting',
      followUpDate: 'Opvolgen op',
      signalId: 'Hoort bij een signaal',
    },
  },
  consultation: {
    heading: 'Consultaties',
    one: 'Consultatie',
    dateField: 'date',
    fields: { date: 'Datum', withWhom: 'Met wie', question: 'Vraag', advice: 'Gegeven advies', followUpDate: 'Opvolgen op' },
  },
  consultationRequest: {
    heading: 'Consultatievragen van school en het advies aan school',
    one: 'Consultatievraag',
    fields: {
      pupilInitials: 'Leerling (zoals school het schreef)',
      pupilGroup: 'Groep of klas',
      topic: 'Onderwerp',
      question: 'Vraag van school',
      urgency: 'Hoe dringend',
      preferredChannel: 'Gewenst contact',
      preferredMoment: 'Gewenst moment',
      consent: 'Wat ouders weten',
      status: 'Status',
      plannedDate: 'Gepland op',
      plannedTime: 'Tijd',
      adviceForSchool: 'Advies aan school',
      anonymous: 'Anoniem',
      plannedAt: 'Ingepland op',
      answeredAt: 'Beantwoord op',
      closedAt: 'Afgesloten op',
      withdrawnAt: 'Teruggetrokken op',
    },
  },
  meldcode: {
    heading: 'Meldcode huiselijk geweld en kindermishandeling',
    one: 'Meldcode-traject',
    dateField: 'startDate',
    fields: {
      startDate: 'Begonnen op',
      step1: 'Stap 1: signalen in kaart brengen',
      step2: 'Stap 2: collegiale consultatie en Veilig Thuis',
      step3: 'Stap 3: gesprek met de betrokkenen',
      step4: 'Stap 4: wegen met het afwegingskader',
      step5: 'Stap 5: beslissen',
      afweging: 'Antwoorden afwegingskader',
      outcome: 'Uitkomst',
      closedDate: 'Afgesloten op',
      signalId: 'Hoort bij een signaal',
      date: 'Datum',
      who: 'Wie',
      note: 'Notitie',
    },
  },
  // Kinds other parts of the app add; named here so their heading reads well once registered.
  consent: {
    heading: 'Toestemmingen',
    one: 'Toestemming',
    dateField: 'givenOn',
    fields: {
      party: 'Met wie gedeeld mag worden',
      partyName: 'Naam van de organisatie',
      topic: 'Waarover',
      givenBy: 'Gegeven door',
      way: 'Hoe gegeven',
      givenOn: 'Gegeven op',
      validUntil: 'Geldig tot',
      withdrawnOn: 'Ingetrokken op',
      withdrawnReason: 'Reden van intrekken',
    },
  },
  family: {
    heading: 'Gezin: broers en zussen en het gezinsplan',
    one: 'Gezinsplan',
    fields: {
      members: 'Kinderen in het gezin',
      goalSchool: 'Doel op school',
      goalHome: 'Doel thuis',
      goalLeisure: 'Doel in de vrije tijd',
      regie: 'Wie heeft de regie',
      reviewDate: 'Opnieuw bekijken op',
    },
  },
  // The MDO is one section: each agenda item about the pupil with its meeting and its agreements.
  mdoMeeting: { heading: 'MDO: overleg', one: 'MDO-overleg', fields: { date: 'Datum', time: 'Tijd', participants: 'Aan tafel' } },
  mdoItem: {
    heading: 'MDO: agendapunten, voorbereiding, verslag en afspraken',
    one: 'MDO-agendapunt',
    fields: {
      pupilLabel: 'Leerling (zoals op de agenda)',
      question: 'Vraag voor het overleg',
      consentOutcome: 'Toestemming om te bespreken',
      consentMissing: 'Geen toestemming van',
      consentReason: 'Waarom de Meldcode delen toestond',
      consentCheckedOn: 'Toestemming gecontroleerd op',
      conclusion: 'Verslag: conclusie',
    },
  },
  mdoAgreement: {
    heading: 'MDO: afspraken',
    one: 'Afspraak',
    fields: {
      who: 'Wie doet het',
      whoName: 'Namelijk',
      what: 'Wat is afgesproken',
      byWhen: 'Klaar op',
      done: 'Gedaan',
      doneOn: 'Gedaan op',
    },
  },
  absence: {
    heading: 'Verzuim',
    one: 'Verzuim',
    dateField: 'from',
    fields: {
      kind: 'Soort verzuim',
      from: 'Van',
      to: 'Tot en met',
      hours: 'Uren',
      couldAttend: 'Kon volgens plan naar school',
      note: 'Toelichting',
    },
  },
  verzuimroute: {
    heading: 'Verzuim: route en plan',
    one: 'Verzuimroute',
    dateField: 'startDate',
    fields: {
      startDate: 'Route gestart op',
      stepGesprek: 'Gesprek school en ouders',
      stepMelding: 'Melding bij leerplicht (DUO)',
      stepJeugdarts: 'Jeugdarts (MAZL)',
      stepLeerplicht: 'Leerplicht betrokken',
      stepOverleg: 'Thuiszittersoverleg van het samenwerkingsverband',
      stepPlan: 'Plan terug naar school',
      status: 'Stand',
      date: 'Datum',
      who: 'Wie',
      note: 'Toelichting',
      planGoal: 'Doel van het plan',
      planAanbod: 'Passend aanbod',
      planTemporary: 'Aanbod in de tussentijd',
      planCoordinator: 'Wie coördineert',
      planReviewDates: 'Evaluatie op',
      outcome: 'Uitkomst',
      outcomeDate: 'Datum van de uitkomst',
      outcomeSchool: 'Naar school',
      outcomeHours: 'Uren per week',
    },
  },
  wachtlijst: {
    heading: 'Wachtlijst voor zorg',
    one: 'Verwijzing',
    dateField: 'since',
    fields: {
      careKind: 'Naar welke zorg',
      careName: 'Naam van de zorgaanbieder',
      since: 'Op de wachtlijst sinds',
      overbrugging: 'Wat helpt in de tussentijd',
      status: 'Stand',
      statusDate: 'Sinds',
    },
  },
};

/** Who sits at an MDO table, and who does an agreement: roles and organisations, never names. */
export const mdoRoles: Record<string, string> = {
  ib: 'Intern begeleider of zorgcoördinator',
  jeugdprofessional: 'Jeugdprofessional',
  jgz: 'Jeugdgezondheidszorg (JGZ)',
  leerplicht: 'Leerplicht',
  wijkteam: 'Wijkteam',
  cat: 'Consultatie- en adviesteam',
  jeugdhulpaanbieder: 'Jeugdhulpaanbieder',
  smw: 'Schoolmaatschappelijk werk',
  swv: 'Samenwerkingsverband',
  anders: 'Anders',
  school: 'School',
};

/** Values as a parent reads them; anything else: underscores become spaces. */
export const dossierValues: Record<string, Record<string, string>> = {
  theme: signalThemeLabels,
  seriousness: signalSeriousnessLabels,
  careKind: wachtlijstCareKindLabels,
  party: mdoRoles,
  givenBy: { ouder: 'Ouder of verzorger', ouder_en_leerling: 'Ouder en leerling samen', leerling: 'De leerling zelf' },
  withWhom: {
    leerling: 'Leerling',
    ouder: 'Ouder of verzorger',
    leerkracht: 'Leerkracht',
    ib: 'Intern begeleider',
    professional: 'Andere professional',
    anders: 'Anders',
  },
  outcome: {
    melding: 'Melding bij Veilig Thuis',
    hulp: 'Hulp georganiseerd',
    melding_en_hulp: 'Melding en hulp',
    geen_zorgen: 'Geen zorgen meer',
  },
  absenceKind: { verzuim: 'Verzuim', thuiszitter: 'Thuiszitter' },
  consentOutcome: {
    toestemming: 'Ja, iedereen aan tafel had toestemming',
    anoniem: 'Anoniem besproken',
    gevraagd: 'Toestemming gevraagd, nog niet gegeven',
    meldcode: 'Zonder toestemming besproken (Meldcode)',
    niet_gecontroleerd: 'Nog niet gecontroleerd',
  },
  consentMissing: mdoRoles,
};

/** Fields that are bookkeeping, not content: never shown. */
export const hiddenFields = new Set([
  'id',
  'schoolId',
  'deleted',
  'version',
  'createdBy',
  'createdAt',
  'updatedAt',
  'pupilId',
  'dossierCode',
  'handledBy',
  'requestId',
  'meetingId',
  'itemId',
  // Shown once, with the request and its decision, under "Verzoeken om inzage, correctie, verwijdering of bezwaar".
  'corrections',
]);

/**
 * Third parties (docs/rights.md): who reported a signal (`signal.source`, possibly in confidence) and
 * who took a Meldcode step (`who` in a step: a colleague or Veilig Thuis consulted) are masked.
 * Other pupils' initials are masked in every text (document.ts).
 */
export const maskedFields: Record<string, Set<string>> = {
  signal: new Set(['source']),
  meldcode: new Set(['who']),
};
export const MASKED = 'afgeschermd (derde)';
export const OTHER_PUPIL = '[andere leerling]';

/** "followUpDate" → "Follow up date": readable for a field no one has named yet. */
export function fallbackLabel(field: string): string {
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : field;
}

export function kindLabels(kind: string): KindLabels {
  return dossierKinds[kind] ?? { heading: `Overige gegevens: ${fallbackLabel(kind).toLowerCase()}`, one: fallbackLabel(kind), fields: {} };
}
