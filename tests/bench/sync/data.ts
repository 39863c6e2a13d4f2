// The bench's 10,000 records, the same for both peers: 2,000 pupils and 8,000 signals at one school,
// valid against the domain schemas (src/domain), from a seeded generator so every run pushes the
// same bytes. Ours gets them as create mutations (the outbox's shape); PouchDB gets each record as a
// document with the same fields.
import type { Mutation } from '../../../src/sync/protocol';
import { sized } from '../support';
import { signalSources, signalThemes, seriousnessLevels } from '../../../src/domain/signal';
import { mulberry32 } from '../../support/random';

export const SEED = 20261123;
export const PUPILS = sized(2_000, 100);
export const SIGNALS = sized(8_000, 400);
export const TOTAL = PUPILS + SIGNALS;

export const BENCH_SCHOOL_ID = '7a3e2c10-5b4d-4e6f-8a90-b1c2d3e4f501';
export const BENCH_USER_ID = '7a3e2c10-5b4d-4e6f-8a90-b1c2d3e4f502';
export const BENCH_USERNAME = 'bench';
export const BENCH_PASSWORD = 'bench-schoolnabij';

const rng = mulberry32;

function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(next() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const groups = ['groep 3', 'groep 4', 'groep 5', 'groep 6', 'groep 7', 'groep 8', '1 mavo', '2 havo', '3 vwo'];
const names = ['Daan', 'Noor', 'Finn', 'Yara', 'Sem', 'Lotte', 'Milan', 'Saar', 'Jesse', 'Fenna', 'L.M.', 'S.B.', 'R.A.'];
const phrases = [
  'Al drie weken vaak te laat en twee keer ziek gemeld op maandag.',
  'Trekt zich terug in de klas en zit in de pauze alleen.',
  'Moeder vertelt dat het thuis onrustig is en vraagt om een gesprek.',
  'Boze uitbarstingen bij het buitenspelen, twee conflicten deze week.',
  'Leerachterstand bij rekenen en lezen loopt op.',
  'Leerkracht merkt dat de concentratie sterk is afgenomen.',
  'Ouders reageren niet op berichten van de leerkracht.',
];

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

function isoDay(base: number, daysAgo: number): string {
  return new Date(base - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/** The 10,000 create mutations in outbox order: every pupil before the signals that name it. */
export function benchMutations(now = Date.UTC(2026, 10, 23, 9, 0, 0)): Mutation[] {
  const next = rng(SEED);
  const year = new Date(now).getUTCFullYear();
  const out: Mutation[] = [];
  const create = (entity: Mutation['entity'], changes: Record<string, unknown>, i: number) => {
    const recordId = uuidFrom(next);
    out.push({
      id: uuidFrom(next),
      entity,
      recordId,
      kind: 'create',
      baseVersion: 0,
      changes: { ...changes, schoolId: BENCH_SCHOOL_ID },
      createdAt: new Date(now - (TOTAL - i) * 60_000).toISOString(),
    });
    return recordId;
  };
  const pupilIds: string[] = [];
  for (let i = 0; i < PUPILS; i++) {
    pupilIds.push(
      create('pupil', { initials: pick(next, names), group: pick(next, groups), birthYear: year - 6 - Math.floor(next() * 12) }, i),
    );
  }
  for (let i = 0; i < SIGNALS; i++) {
    const daysAgo = Math.floor(next() * 60);
    create(
      'signal',
      {
        pupilId: pupilIds[Math.floor(next() * PUPILS)],
        date: isoDay(now, daysAgo),
        theme: pick(next, signalThemes),
        seriousness: pick(next, seriousnessLevels),
        source: pick(next, signalSources),
        description: `${pick(next, phrases)} ${pick(next, phrases)} ${pick(next, phrases)}`,
        followUpDate: next() < 0.5 ? isoDay(now, daysAgo - 14) : null,
      },
      PUPILS + i,
    );
  }
  return out;
}

/** The same records as PouchDB documents: the fields a device stores, with the record id as _id. */
export function benchDocs(mutations: readonly Mutation[]): Record<string, unknown>[] {
  return mutations.map((m) => ({
    _id: m.recordId,
    entity: m.entity,
    ...m.changes,
    createdBy: BENCH_USER_ID,
    createdAt: m.createdAt,
    updatedAt: m.createdAt,
    deleted: false,
  }));
}
