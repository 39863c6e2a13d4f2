// The demo region's verzuim: absence entries and verzuimroutes at two schools, and a
// leerplichtambtenaar per gemeente, so every part of the route and the leerplicht role can be tried.
import { randomUUID } from 'node:crypto';
import { addDays } from '../domain/calendar';
import { mondayOf } from '../domain/verzuimprotocol';
import { newRoute, type RouteStep } from '../domain/verzuimroute';
import { demoAreas, isoDay } from './demoSchoolSide';

const lid = (n: number) => `5e1d0a11-7c2b-4d3e-8f90-0000000000${String(10 + n)}`;

/** One leerplichtambtenaar per gemeente of the demo region. */
export const demoLeerplicht = demoAreas
  .filter((a) => a.kind === 'gemeente')
  .map((a, i) => ({
    id: lid(i),
    username: `leerplicht.${a.name.toLowerCase()}`,
    name: ['Karin Smit', 'Bas Meijer', 'Loes de Boer', 'Ravi Kalloe'][i] ?? `Leerplicht ${a.name}`,
    gemeenteId: a.id,
    label: `leerplichtambtenaar gemeente ${a.name}`,
  }));

const create = (schoolId: string, entity: string, changes: Record<string, unknown>, createdAt: string) => ({
  id: randomUUID(),
  entity,
  recordId: randomUUID(),
  kind: 'create',
  baseVersion: 0,
  changes: { ...changes, schoolId },
  createdAt,
});

/**
 * At one school: a pupil who crossed 16 hours of ongeoorloofd verzuim, reported to leerplicht (so the
 * gemeente's leerplichtambtenaar sees them); a pupil with two sick days and no route (leerplicht does
 * not see them); and, when `thuiszitter` is given, a pupil absent for five weeks with leerplicht involved.
 */
export function verzuimRecords(
  schoolId: string,
  pupils: { hours: string; sick: string; thuiszitter?: string },
  who: string,
  now: Date,
): Record<string, unknown>[] {
  const today = isoDay(now, 0);
  const lastMonday = addDays(mondayOf(today), -7);
  const at = (date: string) => new Date(`${date}T08:30:00Z`).toISOString();
  const step = (date: string, note: string): RouteStep => ({ status: 'gedaan', date, who, note });
  const out: Record<string, unknown>[] = [];
  const entry = (pupilId: string, from: string, to: string | null, hours: number | null, kind = 'ongeoorloofd', note = '') =>
    out.push(create(schoolId, 'absence', { pupilId, kind, from, to, hours, note }, at(from)));

  entry(pupils.hours, addDays(lastMonday, -4), addDays(lastMonday, -4), 6, 'ongeoorloofd', 'Niet op school, ouders niet bereikbaar');
  entry(pupils.hours, lastMonday, lastMonday, 5);
  entry(pupils.hours, addDays(lastMonday, 1), addDays(lastMonday, 1), 6);
  out.push(
    create(
      schoolId,
      'verzuimroute',
      {
        ...newRoute(pupils.hours, addDays(lastMonday, 1)),
        stepGesprek: step(addDays(lastMonday, 2), 'Gesprek met moeder en mentor; afspraken over op tijd komen.'),
        stepMelding: step(addDays(lastMonday, 3), 'Gemeld in het verzuimregister (DUO).'),
      },
      at(addDays(lastMonday, 3)),
    ),
  );

  entry(pupils.sick, addDays(lastMonday, 2), addDays(lastMonday, 3), null, 'ziek');

  if (pupils.thuiszitter) {
    const since = addDays(mondayOf(today), -35);
    entry(pupils.thuiszitter, since, null, null, 'ongeoorloofd', 'Komt niet meer naar school');
    out.push(
      create(
        schoolId,
        'verzuimroute',
        {
          ...newRoute(pupils.thuiszitter, addDays(since, 3)),
          stepGesprek: step(addDays(since, 4), 'Huisbezoek met de mentor.'),
          stepMelding: step(addDays(since, 8), 'Gemeld in het verzuimregister (DUO).'),
          stepJeugdarts: { status: 'overgeslagen', date: addDays(since, 9), who, note: 'Geen ziekteverzuim.' },
        },
        at(addDays(since, 9)),
      ),
    );
  }
  return out;
}

/**
 * The wachtlijst at one school: one pupil waiting for jeugd-ggz past the region's 14 weeks (on
 * Vandaag), with overbrugging; one waiting a few weeks for a named jeugdhulpaanbieder without it;
 * and, when `started` is given, a referral whose care started. The anonymised regional list and the
 * waiting-time kengetallen show them.
 */
export function wachtlijstRecords(schoolId: string, pupils: { long: string; short: string; started?: string }, now: Date) {
  const today = isoDay(now, 0);
  const at = (date: string) => new Date(`${date}T09:00:00Z`).toISOString();
  const referral = (pupilId: string, since: string, fields: Record<string, unknown>) =>
    create(
      schoolId,
      'wachtlijst',
      { pupilId, careKind: 'jggz', careName: '', since, overbrugging: '', status: 'wacht', statusDate: null, ...fields },
      at(since),
    );
  const out = [
    referral(pupils.long, addDays(today, -7 * 16), {
      careName: 'Levvel',
      overbrugging: 'Elke twee weken een gesprek met de jeugdprofessional; mentor houdt contact met moeder.',
    }),
    referral(pupils.short, addDays(today, -7 * 5), { careKind: 'jeugdhulpaanbieder', careName: 'Kenter Jeugdhulp' }),
  ];
  if (pupils.started) {
    out.push(
      referral(pupils.started, addDays(today, -7 * 20), {
        careName: 'Lucertis',
        overbrugging: 'Wijkteam op huisbezoek',
        status: 'gestart',
        statusDate: addDays(today, -7 * 8),
      }),
    );
  }
  return out;
}
