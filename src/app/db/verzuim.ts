// Verzuim on the device: a pupil's absence entries and route, the region's verzuim settings (kept
// by the beheerder, fetched at every sync), and what Vandaag and the leerplicht list show.
import {
  dateInAmsterdam,
  defaultVerzuimSettings,
  newRoute,
  nextReview,
  openRouteStep,
  verzuimPicture,
  type AbsenceEntry,
  type Pupil,
  type RouteOpenStep,
  type VerzuimPicture,
  type VerzuimSettings,
  type Verzuimroute,
} from '../../domain';
import { settingsResponseSchema, verzuimSettingsFrom } from '../../sync/api/settings';
import { apiRequest } from '../api/client';
import type { SchoolnabijDB } from './db';
import { indexesPending, pupilIndex } from '../perf/derived';
import { createRecord } from './records';

export const VERZUIM_SETTINGS_META = 'verzuimSettings';

/** The region's numbers as last fetched; the protocol's defaults until the first sync. */
export async function verzuimSettingsOf(db: SchoolnabijDB): Promise<VerzuimSettings> {
  return verzuimSettingsFrom((await db.meta.get(VERZUIM_SETTINGS_META))?.value ?? defaultVerzuimSettings);
}

/**
 * Fetches the region's settings and keeps the verzuim numbers on the device. The only HTTP call of
 * this feature; a failure keeps the numbers it had (the next sync tries again).
 */
export async function fetchVerzuimSettings(db: SchoolnabijDB): Promise<void> {
  const settings = await apiRequest(settingsResponseSchema, 'GET', '/api/settings').catch(() => null);
  if (settings) await db.meta.put({ key: VERZUIM_SETTINGS_META, value: settings.verzuim });
}

async function byPupil<T extends { deleted: boolean }>(
  table: { where(i: string): { equals(v: string): { toArray(): Promise<T[]> } } },
  pupilId: string,
): Promise<T[]> {
  const pending = indexesPending();
  if (pending) await pending;
  return (await table.where('_pid').equals(pupilIndex(pupilId)).toArray()).filter((r) => !r.deleted);
}

/** A pupil's absence entries, newest first. */
export async function absencesOfPupil(db: SchoolnabijDB, pupilId: string): Promise<AbsenceEntry[]> {
  const rows = await byPupil<AbsenceEntry>(db.absences, pupilId);
  return rows.sort((a, b) => b.from.localeCompare(a.from) || b.createdAt.localeCompare(a.createdAt));
}

/** A pupil's current route: the open one (the newest, should two devices have started one), else the newest closed. */
export async function routeOfPupil(db: SchoolnabijDB, pupilId: string): Promise<Verzuimroute | null> {
  const rows = await byPupil<Verzuimroute>(db.verzuimroutes, pupilId);
  rows.sort((a, b) => Number(a.outcome !== null) - Number(b.outcome !== null) || b.startDate.localeCompare(a.startDate));
  return rows[0] ?? null;
}

export function startRoute(db: SchoolnabijDB, pupil: Pupil, today: string, userId: string): Promise<Verzuimroute> {
  return createRecord(db, 'verzuimroute', newRoute(pupil.id, today), { userId, schoolId: pupil.schoolId });
}

export interface VerzuimRow {
  pupil: Pupil;
  picture: VerzuimPicture;
  route: Verzuimroute | null;
  open: RouteOpenStep | null;
  review: { date: string; due: boolean } | null;
}

/**
 * Every pupil on this device with absence entries or a route: the thresholds crossed, the route and
 * its open step. For Vandaag (who needs a next step) and the leerplicht list (their pupils).
 */
export async function verzuimRows(db: SchoolnabijDB, today = dateInAmsterdam(new Date())): Promise<VerzuimRow[]> {
  const [entries, routes, settings] = await Promise.all([db.absences.toArray(), db.verzuimroutes.toArray(), verzuimSettingsOf(db)]);
  const entriesOf = new Map<string, AbsenceEntry[]>();
  for (const e of entries) if (!e.deleted) entriesOf.set(e.pupilId, [...(entriesOf.get(e.pupilId) ?? []), e]);
  const routeOf = new Map<string, Verzuimroute>();
  for (const r of routes) {
    if (r.deleted) continue;
    const had = routeOf.get(r.pupilId);
    if (
      !had ||
      (had.outcome !== null && r.outcome === null) ||
      (Boolean(had.outcome) === Boolean(r.outcome) && r.startDate > had.startDate)
    )
      routeOf.set(r.pupilId, r);
  }
  const ids = [...new Set([...entriesOf.keys(), ...routeOf.keys()])];
  const pupils = await db.pupils.bulkGet(ids);
  const rows: VerzuimRow[] = [];
  pupils.forEach((pupil) => {
    if (!pupil || pupil.deleted) return;
    const route = routeOf.get(pupil.id) ?? null;
    rows.push({
      pupil,
      picture: verzuimPicture(entriesOf.get(pupil.id) ?? [], today, settings),
      route,
      open: route ? openRouteStep(route, today, settings) : null,
      review: route ? nextReview(route, today) : null,
    });
  });
  return rows.sort((a, b) => a.pupil.initials.localeCompare(b.pupil.initials, 'nl'));
}
