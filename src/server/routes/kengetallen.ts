// GET /api/kengetallen and /api/kengetallen.csv: anonymous figures, computed here from the records.
// Only counts, medians and labels leave the server (src/domain/kengetallen.ts), never a record.
//
// Who may read them: the coordinator (all their schools) and a jeugdprofessional (their own schools
// only: asking for another team's school is a 403). The ib and beheerder roles get 403: the IB'er
// sees only their own school's requests and the beheerder keeps users, not casework figures.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canReadKengetallen } from '../../domain/permissions';
import { dateInAmsterdam } from '../../domain/calendar';
import {
  computeWindowKengetallen,
  familyRange,
  kengetallenCsv,
  resolveFilter,
  schoolYearOf,
  windowsInside,
  type FamilyCache,
  type KengetallenFilter,
  type KengetallenQuery,
  type Facts,
  type Kengetallen,
} from '../../domain/kengetallen';
import { exactSolve } from '../kengetallen/exactSolve';
import { authenticate } from '../auth/authenticate';
import { HttpError } from '../errors';
import { writeAudit } from '../audit/log';
import type { Queryable } from '../store/db';
import { answer, parse, type RouteContext } from './context';
import { kengetallenQuerySchema, kengetallenResponseSchema } from '../../sync/api/kengetallen';

interface FactRow {
  entity: string;
  school_id: string;
  f: Record<string, unknown>;
}

/**
 * The fields the figures need, read in SQL from the jsonb data: no ids, no free text. A contact or
 * Meldcode trajectory gets the theme of the signal it belongs to.
 */
async function loadFacts(db: Queryable, schoolIds: string[], from: string, to: string): Promise<Facts> {
  const { rows } = await db.query<FactRow>(
    `SELECT r.entity, r.school_id::text AS school_id,
            CASE r.entity
              WHEN 'signal' THEN jsonb_build_object('date', r.data->'date', 'theme', r.data->'theme', 'seriousness', r.data->'seriousness')
              WHEN 'contact' THEN jsonb_build_object('date', r.data->'date', 'channel', r.data->'channel', 'withWhom', r.data->'withWhom',
                                                     'theme', s.data->'theme')
              WHEN 'consultationRequest' THEN jsonb_build_object('topic', r.data->'topic', 'status', r.data->'status',
                                                     'createdAt', to_jsonb(r.created_at), 'answeredAt', r.data->'answeredAt')
              WHEN 'pupil' THEN jsonb_build_object('absenceKind', r.data->'absenceKind', 'absenceSince', r.data->'absenceSince',
                                                     'exemption', r.data->'exemption', 'leerplichtInvolved', r.data->'leerplichtInvolved')
              WHEN 'meldcode' THEN jsonb_build_object('startDate', r.data->'startDate', 'closedDate', r.data->'closedDate', 'theme', s.data->'theme')
              WHEN 'wachtlijst' THEN jsonb_build_object('pupilId', r.data->'pupilId', 'since', r.data->'since',
                                                     'startedAt', CASE WHEN r.data->>'status' = 'gestart' THEN r.data->'statusDate' END,
                                                     'lapsedAt', CASE WHEN r.data->>'status' = 'vervallen' THEN r.data->'statusDate' END)
              WHEN 'absence' THEN jsonb_build_object('pupilId', r.data->'pupilId', 'kind', r.data->'kind', 'from', r.data->'from',
                                                     'to', r.data->'to', 'hours', r.data->'hours', 'couldAttend', r.data->'couldAttend')
              WHEN 'verzuimroute' THEN jsonb_build_object('pupilId', r.data->'pupilId', 'startDate', r.data->'startDate',
                                                     'outcome', r.data->'outcome', 'outcomeDate', r.data->'outcomeDate',
                                                     'steps', jsonb_build_object(
                                                       'stepGesprek', r.data->'stepGesprek'->'status', 'stepMelding', r.data->'stepMelding'->'status',
                                                       'stepJeugdarts', r.data->'stepJeugdarts'->'status', 'stepLeerplicht', r.data->'stepLeerplicht'->'status',
                                                       'stepOverleg', r.data->'stepOverleg'->'status', 'stepPlan', r.data->'stepPlan'->'status'))
            END AS f
       FROM records r
       LEFT JOIN records s ON r.entity IN ('contact', 'meldcode') AND s.entity = 'signal'
                          AND s.id::text = r.data->>'signalId' AND NOT s.deleted
      WHERE r.school_id::text = ANY($1::text[]) AND NOT r.deleted
        AND (   (r.entity IN ('signal', 'contact') AND r.data->>'date' BETWEEN $2 AND $3)
             OR (r.entity = 'consultationRequest' AND r.created_at < ($3::date + 2)::timestamptz
                                                 AND r.created_at >= ($2::date - 1)::timestamptz)
             OR (r.entity = 'pupil' AND r.data->>'absenceKind' IS NOT NULL)
             OR (r.entity = 'meldcode' AND r.data->>'startDate' <= $3)
             OR (r.entity = 'absence' AND r.data->>'from' <= $3)
             OR (r.entity = 'wachtlijst' AND r.data->>'since' <= $3)
             OR (r.entity = 'verzuimroute' AND r.data->>'startDate' <= $3))`,
    [schoolIds, from, to],
  );
  const facts: Facts = {
    signals: [],
    contacts: [],
    requests: [],
    pupils: [],
    meldcodes: [],
    absenceEntries: [],
    routes: [],
    referrals: [],
  };
  for (const row of rows) {
    const f = { ...row.f, schoolId: row.school_id } as never;
    if (row.entity === 'signal') facts.signals.push(f);
    else if (row.entity === 'contact') facts.contacts.push({ ...(f as object), theme: row.f.theme ?? null } as never);
    else if (row.entity === 'consultationRequest') {
      facts.requests.push({ ...(f as object), createdAt: new Date(row.f.createdAt as string).toISOString() } as never);
    } else if (row.entity === 'pupil') facts.pupils.push(f);
    else if (row.entity === 'meldcode') facts.meldcodes.push({ ...(f as object), theme: row.f.theme ?? null } as never);
    else if (row.entity === 'absence') facts.absenceEntries!.push(f);
    else if (row.entity === 'verzuimroute') facts.routes!.push(f);
    else if (row.entity === 'wachtlijst') facts.referrals!.push({ ...(f as object), startedAt: row.f.startedAt ?? null } as never);
  }
  return facts;
}

/**
 * Families of windows computed lately, in memory, by a digest of everything they depend on (see
 * FamilyCache): the months of a school year asked for after it are not solved again. Only counts and
 * labels are kept, never a record; the oldest go first.
 */
const familyCache: FamilyCache = (() => {
  const entries = new Map<string, Map<string, Kengetallen>>();
  const digest = (key: string) => createHash('sha256').update(key).digest('hex');
  return {
    get(key) {
      const d = digest(key);
      const hit = entries.get(d);
      if (hit) {
        entries.delete(d);
        entries.set(d, hit);
      }
      return hit;
    },
    set(key, value) {
      entries.set(digest(key), value);
      while (entries.size > 64) entries.delete(entries.keys().next().value!);
    },
  };
})();

/** The filter of a query by a user with these schools, and the names of its units. */
async function filterFor(db: Queryable, actorSchoolIds: readonly string[], query: KengetallenQuery, today: string) {
  const schoolIds = query.school ? [query.school] : [...actorSchoolIds];
  const filter = resolveFilter(query, schoolIds, today);
  const { rows } = await db.query<{ id: string; name: string; gemeente_id: string | null; gemeente: string | null }>(
    `SELECT s.id::text AS id, s.name, s.gemeente_id::text AS gemeente_id, a.name AS gemeente
       FROM schools s LEFT JOIN areas a ON a.id = s.gemeente_id
      WHERE s.id::text = ANY($1::text[]) ORDER BY a.name NULLS LAST, s.name`,
    [[...actorSchoolIds]],
  );
  // Columns per school (or gemeente) in name order.
  filter.schoolIds = rows.map((r) => r.id).filter((id) => schoolIds.includes(id));
  // Per gemeente: a school counts under its gemeente. Per samenwerkingsverband: every school of
  // the region under the one SWV (a region has one).
  const names: { id: string; name: string }[] = [...rows.map((r) => ({ id: r.id, name: r.name }))];
  if (filter.groupBy === 'gemeente') {
    filter.unitOf = Object.fromEntries(rows.map((r) => [r.id, r.gemeente_id ?? 'onbekend']));
    for (const r of rows) if (r.gemeente_id && r.gemeente) names.push({ id: r.gemeente_id, name: r.gemeente });
  } else if (filter.groupBy === 'swv') {
    const { rows: swv } = await db.query<{ id: string; name: string }>(
      "SELECT id::text AS id, name FROM areas WHERE kind = 'swv' ORDER BY name LIMIT 1",
    );
    const id = swv[0]?.id ?? 'swv';
    filter.unitOf = Object.fromEntries(rows.map((r) => [r.id, id]));
    if (swv[0]) names.push(swv[0]);
  }
  return { filter, names };
}

/**
 * The figures of a filter. The window is suppressed together with the windows inside it and its
 * quarter family, so the records of all of them are read (see windows.ts); only this window's
 * figures are answered.
 */
async function computeFor(db: Queryable, filter: KengetallenFilter, today: string): Promise<Kengetallen> {
  const range = familyRange(filter.window);
  const facts = await loadFacts(db, filter.schoolIds, range.from, range.to);
  return computeWindowKengetallen(facts, filter, today, { solve: await exactSolve() }, familyCache);
}

/**
 * Fills the family cache with the view a coordinator sees first (this school year, per school) for
 * every coordinator's schools, after the service listens: one quarter family at a time, with a turn
 * of the event loop between, so requests and the health check are served meanwhile; the school
 * year last, from its cached quarters. A request that comes first computes as it always does. The
 * service runs it at start; a large region would run it per night (docs/kengetallen.md).
 */
export async function warmKengetallen(db: Queryable, say: (m: string) => void): Promise<void> {
  const started = performance.now();
  const today = dateInAmsterdam(new Date());
  const { rows } = await db.query<{ schools: string[] }>(
    `SELECT DISTINCT (SELECT array_agg(m.id::text ORDER BY m.id) FROM (
              SELECT us.school_id AS id FROM user_schools us WHERE us.user_id = u.id
               UNION SELECT s.id FROM user_gemeenten ug JOIN schools s ON s.gemeente_id = ug.area_id WHERE ug.user_id = u.id) m
            ) AS schools
       FROM users u WHERE u.role = 'coordinator'`,
  );
  const year = schoolYearOf(today);
  const quarters = windowsInside(year).filter((w) => /-K\d$/.test(w));
  let done = 0;
  for (const { schools } of rows) {
    if (!schools?.length) continue;
    for (const window of [...quarters, year]) {
      await new Promise((resolve) => setImmediate(resolve));
      const { filter } = await filterFor(db, schools, { window }, today);
      await computeFor(db, filter, today);
    }
    done++;
  }
  say(
    `Kengetallen van schooljaar ${year} voorberekend voor ${done} coördinator(en) in ${Math.round((performance.now() - started) / 1000)} s`,
  );
}

export function kengetallenRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  async function figures(request: FastifyRequest) {
    const session = await authenticate(db, secret, request);
    const { actor } = session;
    if (!canReadKengetallen(actor.role)) {
      throw new HttpError(403, 'forbidden', 'Kengetallen zijn er voor de coördinator en de jeugdprofessional.');
    }
    const query = parse(kengetallenQuerySchema, request.query ?? {});
    if (query.school && !actor.schoolIds.includes(query.school)) {
      throw new HttpError(403, 'forbidden', 'Je kunt alleen de kengetallen van je eigen scholen zien.');
    }
    const today = dateInAmsterdam(new Date());
    const { filter, names } = await filterFor(db, actor.schoolIds, query, today);
    const k = await computeFor(db, filter, today);
    return { session, k, schools: [...new Map(names.map((n) => [n.id, n])).values()] };
  }

  app.get('/api/kengetallen', async (request) => {
    const { k, schools } = await figures(request);
    return answer(kengetallenResponseSchema, { ...k, schools });
  });

  app.get('/api/kengetallen.csv', async (request, reply) => {
    const { session, k, schools } = await figures(request);
    const names = Object.fromEntries(schools.map((s) => [s.id, s.name]));
    // Labelled "Kengetallen geëxporteerd" by its entity (audit/labels.ts), with role and address.
    await writeAudit(db, [
      {
        userId: session.actor.id,
        role: session.actor.role,
        deviceId: session.deviceId,
        ip: request.ip,
        action: 'export',
        entity: 'kengetallen',
        detail: { format: 'csv', ...k.filter },
      },
    ]);
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="kengetallen_${k.filter.from}_${k.filter.to}.csv"`)
      .send(kengetallenCsv(k, names));
  });
}
