// GET /api/wachtlijst/regio: the anonymised list of every pupil of the region waiting for care,
// for the coordinator (the consultatie- en adviesteam's review; README, Wachtlijst). Read in SQL
// from the wachtlijst records: only the status, the date of referral, the kind of care and whether
// an overbrugging is filled in leave the database, never a pupil, a name or the text itself.
import type { FastifyInstance } from 'fastify';
import { readsRegionWachtlijst } from '../../domain/permissions';
import { dateInAmsterdam } from '../../domain/calendar';
import { weeksWaiting, type CareKind } from '../../domain/wachtlijst';
import { regionWaitingQuerySchema, regionWaitingResponseSchema } from '../../sync/api/wachtlijst';
import { authenticate } from '../auth/authenticate';
import { writeAudit } from '../audit/log';
import { HttpError } from '../errors';
import { answer, parse, type RouteContext } from './context';
import { verzuimSettings } from './settings';

interface Row {
  school: string;
  gemeente: string | null;
  care_kind: CareKind;
  since: string;
  overbrugging: boolean;
}

export function wachtlijstRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  app.get('/api/wachtlijst/regio', async (request) => {
    const session = await authenticate(db, secret, request);
    const { actor } = session;
    if (!readsRegionWachtlijst(actor.role)) {
      throw new HttpError(403, 'forbidden', 'De wachtlijst van de regio is er voor de coördinator.');
    }
    const query = parse(regionWaitingQuerySchema, request.query ?? {});
    const today = dateInAmsterdam(new Date());
    const { rows } = await db.query<Row>(
      `SELECT s.name AS school, a.name AS gemeente, r.data->>'careKind' AS care_kind, r.data->>'since' AS since,
              btrim(coalesce(r.data->>'overbrugging', '')) <> '' AS overbrugging
         FROM records r
         JOIN schools s ON s.id = r.school_id
         LEFT JOIN areas a ON a.id = s.gemeente_id
        WHERE r.entity = 'wachtlijst' AND NOT r.deleted AND r.purged_at IS NULL
          AND r.data->>'status' = 'wacht' AND r.data->>'since' <= $1
          AND r.school_id::text = ANY($2::text[])
          AND ($3::uuid IS NULL OR s.gemeente_id = $3::uuid)
        ORDER BY r.data->>'since', s.name`,
      [today, [...actor.schoolIds], query.gemeente ?? null],
    );
    // A read of data about pupils, even without names: in the log with how many rows and the filter.
    await writeAudit(db, [
      {
        userId: actor.id,
        role: actor.role,
        deviceId: session.deviceId,
        ip: request.ip,
        action: 'read',
        entity: 'wachtlijst',
        detail: { view: 'regio', rows: rows.length, ...(query.gemeente ? { gemeente: query.gemeente } : {}) },
      },
    ]);
    return answer(regionWaitingResponseSchema, {
      referenceDate: today,
      warnWeeks: (await verzuimSettings(db)).wachtlijstWarnWeeks,
      rows: rows.map((r) => ({
        school: r.school,
        gemeente: r.gemeente,
        careKind: r.care_kind,
        weeksWaiting: weeksWaiting(r, today),
        overbrugging: r.overbrugging,
      })),
    });
  });
}
