// The audit log's routes (NEN 7513):
//   POST /api/audit/views          pupil pages, MDO preparation cards and their prints opened on a device (also offline)
//   GET  /api/audit/pupils/:id     "Wie zag dit dossier": every access to one pupil (beheerder)
//   GET  /api/audit/export         the log for a period as CSV (beheerder)
// Both take an optional ?namens= (on behalf of whom, e.g. an inzageverzoek), kept in their own row.
import type { FastifyInstance } from 'fastify';
import { canReadAuditLog, canReadRecord } from '../../domain/permissions';
import { authenticate, type Session } from '../auth/authenticate';
import { HttpError, badRequest } from '../errors';
import { breakGlass, writeAudit } from '../audit/log';
import type { AuditAction } from '../../domain/audit';
import { actionLabel, roleLabel } from '../audit/labels';
import { toCsv } from '../audit/csv';
import type { ViewsResponse } from '../../sync/protocol';
import { answer, parse, type RouteContext } from './context';
import {
  MAX_EXPORT_DAYS,
  auditExportQuerySchema,
  pupilAuditParamsSchema,
  pupilAuditQuerySchema,
  pupilAuditResponseSchema,
  viewsRequestSchema,
  viewsResponseSchema,
} from '../../sync/api/audit';

/** A pupil page opened on a device is a read like any other. */
const viewAction: AuditAction = 'read';

type ViewStatus = ViewsResponse['results'][number]['status'];

const forbidden = () => new HttpError(403, 'forbidden', 'Alleen de functioneel beheerder kan het logboek inzien.');

function requireBeheerder(session: Session) {
  if (!canReadAuditLog(session.actor.role)) throw forbidden();
}

// Days are Dutch calendar days: from 00:00 on `from` to 24:00 on `to`, Amsterdam time.
const PERIOD = `a.at >= ($1::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'
            AND a.at < (($2::date) + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'`;

interface EntryRow {
  at: Date;
  local: string;
  user_id: string | null;
  user_name: string | null;
  role: string | null;
  device_id: string | null;
  device_name: string | null;
  action: string;
  entity: string | null;
  record_id: string | null;
  pupil_id: string | null;
  on_behalf_of: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

const ENTRY_SELECT = `SELECT a.at, to_char(a.at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI:SS') AS local, a.user_id, u.display_name AS user_name, a.role, a.device_id, d.name AS device_name, a.action,
       a.entity, a.record_id, a.pupil_id, a.on_behalf_of, a.ip, a.detail
  FROM audit_log a
  LEFT JOIN users u ON u.id = a.user_id
  LEFT JOIN devices d ON d.user_id = a.user_id AND d.id = a.device_id`;

export function auditRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  app.post('/api/audit/views', async (request): Promise<ViewsResponse> => {
    const session = await authenticate(db, secret, request, ctx.clock?.());
    const { views } = parse(viewsRequestSchema, request.body);
    if (views.length === 0) return answer(viewsResponseSchema, { results: [] });
    const pupilIds = [...new Set(views.map((v) => v.pupilId.toLowerCase()))];
    const { rows } = await db.query<{ id: string; school_id: string; created_by: string; purged: boolean }>(
      `SELECT id, school_id, created_by, purged_at IS NOT NULL AS purged FROM records
        WHERE entity = 'pupil' AND id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)`,
      [JSON.stringify(pupilIds)],
    );
    const readable = new Set(
      rows
        .filter(
          (r) =>
            !r.purged && canReadRecord(session.actor, { entity: 'pupil', schoolId: r.school_id, createdBy: r.created_by, pupilId: r.id }),
        )
        .map((r) => r.id),
    );
    // A card or print names its agenda item: it must be an item about that pupil the user may read.
    const itemIds = [...new Set(views.flatMap((v) => (v.itemId ? [v.itemId.toLowerCase()] : [])))];
    const items = new Set<string>();
    if (itemIds.length > 0) {
      const found = await db.query<{ id: string; school_id: string; created_by: string; pupil_id: string | null }>(
        `SELECT id, school_id, created_by, data ->> 'pupilId' AS pupil_id FROM records
          WHERE entity = 'mdoItem' AND purged_at IS NULL AND id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)`,
        [JSON.stringify(itemIds)],
      );
      for (const r of found.rows) {
        if (r.pupil_id && canReadRecord(session.actor, { entity: 'mdoItem', schoolId: r.school_id, createdBy: r.created_by }))
          items.add(`${r.id}:${r.pupil_id.toLowerCase()}`);
      }
    }
    const seen = new Set<string>();
    const accepted = views.filter((v) => {
      const id = v.id.toLowerCase();
      if (seen.has(id) || !readable.has(v.pupilId.toLowerCase())) return false;
      if (v.itemId && !items.has(`${v.itemId.toLowerCase()}:${v.pupilId.toLowerCase()}`)) return false;
      seen.add(id);
      return true;
    });
    let inserted = new Set<string>();
    if (accepted.length > 0) {
      // Not through writeAudit: one set-based statement that clamps each time against the device's
      // enrolment and skips a view already recorded; its action is of the closed list (viewAction).
      // One statement; idempotent on the view's id (unique index audit_log_view_id). The row keeps
      // the phone's time as it was sent (viewedAt) and when the server received it (receivedAt). Its
      // `at` is the phone's time, clamped to what can be true: not before this device was enrolled
      // (its first log-in) and not after now (a wrong clock); a clamped row says so (clamped).
      const res = await db.query<{ view_id: string }>(
        `INSERT INTO audit_log (at, user_id, role, device_id, action, entity, record_id, pupil_id, ip, detail)
         SELECT greatest(least(x.at::timestamptz, now()), d.created_at), $2, $5, $3, $6,
                CASE WHEN x.item_id IS NULL THEN 'pupil' ELSE 'mdoItem' END, x.item_id, x.pupil_id, $4,
                jsonb_build_object('via', 'device', 'viewId', x.id, 'viewedAt', x.at, 'receivedAt', now())
                || CASE WHEN x.kind IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('kind', x.kind) END
                || CASE WHEN x.at::timestamptz > now() THEN '{"clamped": "future"}'::jsonb
                        WHEN x.at::timestamptz < d.created_at THEN '{"clamped": "before_enrolment"}'::jsonb
                        ELSE '{}'::jsonb END
                || CASE WHEN x.break_glass IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('breakGlass', x.break_glass) END
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, pupil_id uuid, at text, break_glass text, kind text, item_id uuid)
           JOIN devices d ON d.user_id = $2 AND d.id = $3
         ON CONFLICT ((detail ->> 'viewId')) WHERE action = 'read' AND detail ? 'viewId' DO NOTHING
         RETURNING detail ->> 'viewId' AS view_id`,
        [
          JSON.stringify(
            accepted.map((v) => ({
              id: v.id.toLowerCase(),
              pupil_id: v.pupilId,
              at: v.at,
              break_glass: breakGlass(session.actor.grants, v.pupilId).breakGlass ?? null,
              kind: v.kind ?? null,
              item_id: v.itemId ?? null,
            })),
          ),
          session.actor.id,
          session.deviceId,
          request.ip,
          session.actor.role,
          viewAction,
        ],
      );
      inserted = new Set(res.rows.map((r) => r.view_id));
    }
    const acceptedIds = new Set(accepted.map((v) => v.id.toLowerCase()));
    return answer(viewsResponseSchema, {
      results: views.map((v) => {
        const id = v.id.toLowerCase();
        if (inserted.has(id)) return { id: v.id, status: 'recorded' as ViewStatus };
        if (acceptedIds.has(id) || seen.has(id)) return { id: v.id, status: 'duplicate' as ViewStatus };
        return { id: v.id, status: 'refused' as ViewStatus, reason: 'Deze leerling bestaat niet of je mag het dossier niet inzien.' };
      }),
    });
  });

  app.get('/api/audit/pupils/:id', async (request) => {
    const session = await authenticate(db, secret, request);
    requireBeheerder(session);
    const { id } = parse(pupilAuditParamsSchema, request.params);
    const { namens } = parse(pupilAuditQuerySchema, request.query);
    const { rows } = await db.query<EntryRow>(`${ENTRY_SELECT} WHERE a.pupil_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT 5000`, [id]);
    // Looking up who saw a dossier is itself an access to it.
    await writeAudit(db, [
      {
        userId: session.actor.id,
        role: session.actor.role,
        deviceId: session.deviceId,
        action: 'search',
        entity: 'audit_log',
        pupilId: id,
        ip: request.ip,
        onBehalfOf: namens || null,
      },
    ]);
    return answer(pupilAuditResponseSchema, {
      pupilId: id,
      entries: rows.map((r) => ({
        at: new Date(r.at).toISOString(),
        userName: r.user_name ?? (r.user_id ? 'Onbekende gebruiker' : 'Systeem'),
        role: r.role,
        roleLabel: roleLabel(r.role),
        deviceId: r.device_id,
        deviceName: r.device_name,
        action: r.action,
        actionLabel: actionLabel(r.action, r.entity),
        entity: r.entity,
        recordId: r.record_id,
        onBehalfOf: r.on_behalf_of,
        via: typeof r.detail?.via === 'string' ? r.detail.via : null,
      })),
    });
  });

  app.get('/api/audit/export', async (request, reply) => {
    const session = await authenticate(db, secret, request);
    requireBeheerder(session);
    const { from, to, namens } = parse(auditExportQuerySchema, request.query);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0) throw badRequest([{ path: ['to'], message: 'De einddatum ligt voor de begindatum' }]);
    if (days >= MAX_EXPORT_DAYS) throw badRequest([{ path: ['to'], message: `Exporteer maximaal ${MAX_EXPORT_DAYS} dagen per keer` }]);
    const { rows } = await db.query<EntryRow>(`${ENTRY_SELECT} WHERE ${PERIOD} ORDER BY a.at, a.id`, [from, to]);
    await writeAudit(db, [
      {
        userId: session.actor.id,
        role: session.actor.role,
        deviceId: session.deviceId,
        action: 'export',
        entity: 'audit_log',
        ip: request.ip,
        onBehalfOf: namens || null,
        detail: { from, to, rows: rows.length },
      },
    ]);
    const csv = toCsv(
      [
        'Tijdstip (Nederlandse tijd)',
        'Gebruiker',
        'Rol',
        'Toestel',
        'Actie',
        'Soort gegeven',
        'Record',
        'Leerling (dossiernummer)',
        'Namens',
        'IP-adres',
        'Details',
      ],
      rows.map((r) => [
        r.local,
        r.user_name ?? (r.user_id ? 'Onbekende gebruiker' : 'Systeem'),
        roleLabel(r.role),
        r.device_name ?? r.device_id ?? '',
        actionLabel(r.action, r.entity),
        r.entity ?? '',
        r.record_id ?? '',
        r.pupil_id ?? '',
        r.on_behalf_of ?? '',
        r.ip ?? '',
        r.detail ?? '',
      ]),
    );
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="logboek-${from}-tot-en-met-${to}.csv"`)
      .send(csv);
  });
}
