// Labels (Dutch), shared by the dashboard and the CSV export.
import { signalSeriousnessLabels, signalThemeLabels } from '../signal';
import { periodLabel } from './query';
import type { Cell, Dim } from './suppression';

export const kengetalLabels: Record<Exclude<Dim, 'period' | 'school' | 'gemeente' | 'swv'>, Record<string, string>> = {
  theme: signalThemeLabels,
  seriousness: signalSeriousnessLabels,
  channel: { school: 'Gesprek op school', telefonisch: 'Telefonisch', huisbezoek: 'Huisbezoek', online: 'Online', mdo: 'MDO/ZAT-overleg' },
  party: { leerling: 'Leerling', ouder: 'Ouder/verzorger', leerkracht: 'Leerkracht', ib: "IB'er", professional: 'Andere professional' },
  requestState: { beantwoord: 'Beantwoord', open: 'Nog niet beantwoord', teruggetrokken: 'Teruggetrokken' },
  absenceKind: { verzuim: 'Verzuim', thuiszitter: 'Thuiszitter' },
  absenceDuration: { tot4w: 'Tot 4 weken', '4wTot3m': '4 weken tot 3 maanden', meerDan3m: 'Langer dan 3 maanden' },
  meldcodeState: { open: 'Open', afgesloten: 'Afgesloten' },
  figure: { signalen: 'Signalen', contactmomenten: 'Contactmomenten', consultatievragen: 'Consultatievragen' },
  thuiszitterDuration: { '4wTot3m': '4 weken tot 3 maanden', '3mTot6m': '3 tot 6 maanden', meerDan6m: 'Langer dan 6 maanden' },
  thuiszitterOutcome: {
    nogThuis: 'Nog thuis',
    terugOpSchool: 'Terug op school',
    anderOnderwijs: 'Ander onderwijs',
    vrijstelling: 'Vrijstelling',
    verhuisd: 'Verhuisd',
  },
  returnState: { terug: 'Terug', nietTerug: 'Niet terug' },
  vrijstelling: { absoluut: 'Absoluut', relatief: 'Relatief' },
  routeStep: {
    gesprekOuders: 'Gesprek school en ouders',
    meldingLeerplicht: 'Melding leerplicht (DUO)',
    jeugdarts: 'Jeugdarts (MAZL)',
    leerplichtBetrokken: 'Leerplicht betrokken',
    thuiszittersoverleg: 'Overleg SWV',
    plan: 'Plan',
  },
  routeStepState: { gedaan: 'Gedaan', overgeslagen: 'Overgeslagen', open: 'Open' },
  waitState: { wacht: 'Wacht nog', gestart: 'Zorg gestart' },
};

/** The Dutch label of a row or column key; school ids through `schoolNames`. */
export function dimLabel(dim: Dim, key: string, schoolNames: Readonly<Record<string, string>> = {}): string {
  if (dim === 'period') return periodLabel(key);
  if (key === 'overig' && (dim === 'school' || dim === 'gemeente')) return dim === 'school' ? 'Overige scholen' : 'Overige gemeenten';
  if (dim === 'school') return schoolNames[key] ?? 'Onbekende school';
  if (dim === 'gemeente') return schoolNames[key] ?? 'Gemeente onbekend';
  if (dim === 'swv') return schoolNames[key] ?? 'Samenwerkingsverband';
  return kengetalLabels[dim][key] ?? key;
}

/** A published number as text: 1234 → "1234", "<5", "x"; decimals with a comma. */
export function cellText(c: Cell | number | null): string {
  if (c === null) return '–';
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : c.toFixed(1).replace('.', ',');
  return c;
}
