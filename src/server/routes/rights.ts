// Rights of parents and pupils (docs/rights.md):
//   GET  /api/rights/pupils?code=        the beheerder finds a pupil by dossier code
//   GET  /api/rights/pupils/:id/inzage   the inzage document (HTML print page, streamed; beheerder)
//   POST /api/rights/requests            a request (inzage, correctie, verwijdering, bezwaar), decided or open (beheerder)
//   GET  /api/rights/requests            the open requests, each with its answer term (beheerder)
//   POST /api/rights/requests/:id/extension   more time to answer: the new date and the reason (beheerder)
//   POST /api/rights/requests/:id/decision    the decision on an open request (beheerder)
//   POST /api/rights/grants              break-the-glass: temporary access to one pupil (jeugdprofessional)
//   GET  /api/rights/grants              active and past grants (coordinator: all; jeugdprofessional: own)
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { canManageUsers, keepsDossiers, readsGrants } from '../../domain/permissions';
import {
  findPupilQuery,
  foundPupilSchema,
  grantListReply,
  grantReply,
  grantRequestSchema,
  inzageQuery,
  openRightsRequestsReply,
  rightsDecisionSchema,
  rightsExtensionReply,
  rightsExtensionSchema,
  rightsRequestReply,
  rightsRequestSchema,
  type GrantInfo,
} from '../../sync/api/rights';
import { authenticate, type Session } from '../auth/authenticate';
import { answerDue, extensionProblem, type RightsKind } from '../../domain/rightsTerm';
import { HttpError, badRequest } from '../errors';
import { writeAudit } from '../audit/log';
import { CHANGE_LOCK } from '../sync/push';
import { tombstone } from '../retention/run';
import { inzageDocument } from '../rights/document';
import type { Queryable } from '../store/db';
import { answer, parse, type RouteContext } from './context';
import { breakGlassDays } from './settings';

const pupilParams = z.strictObject({ id: z.uuid({ error: 'Ongeldige leerling' }) });
const noPupil = () => new HttpError(404, 'not_found', 'Geen leerling gevonden met deze dossiercode.');
const onlyBeheerder = () =>
  new HttpError(403, 'forbidden', 'Alleen de functioneel beheerder behandelt verzoeken van ouders en leerlingen.');

/** Kept whatever is asked: the Meldcode documentation (Wet verplichte meldcode, docs/rights.md). */
export const keptByLaw = new Set(['meldcode']);

interface GrantRow {
  id: string;
  pupil_id: string;
  code: string | null;
  school_id: string;
  school_name: string | null;
  user_name: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
  active: boolean;
}
const toGrant = (g: GrantRow): GrantInfo => ({
  id: g.id,
  pupilId: g.pupil_id,
  dossierCode: g.code ?? '',
  schoolId: g.school_id,
  schoolName: g.school_name ?? '',
  userName: g.user_name,
  reason: g.reason,
  grantedAt: new Date(g.granted_at).toISOString(),
  expiresAt: new Date(g.expires_at).toISOString(),
  active: g.active,
});
const GRANT_SELECT = `SELECT g.id, g.pupil_id, r.data ->> 'dossierCode' AS code, g.school_id, s.name AS school_name, u.display_name AS user_name,
       g.reason, g.granted_at, g.expires_at, (g.granted_at <= coalesce($1::timestamptz, now()) AND g.expires_at > coalesce($1::timestamptz, now())) AS active
  FROM break_glass_grants g JOIN users u ON u.id = g.user_id
  LEFT JOIN records r ON r.id = g.pupil_id LEFT JOIN schools s ON s.id = g.school_id`;

const requestParams = z.strictObject({ id: z.uuid({ error: 'Ongeldig verzoek' }) });

type Decision = { decision: 'granted' | 'refused' | 'partly'; reason: string };
/** A request as stored: what a decision acts on. */
interface StoredRequest {
  id: string;
  pupilId: string;
  recordId: string | null;
  kind: RightsKind;
  what: string;
  oldValue: string | null;
  newValue: string | null;
}
interface OpenRow {
  id: string;
  pupil_id: string;
  code: string | null;
  kind: RightsKind;
  requested_by: string;
  requested_on: string;
  what: string;
  record_id: string | null;
  old_value: string | null;
  new_value: string | null;
  extended_until: string | null;
  extension_reason: string | null;
}
const OPEN_SELECT = `SELECT q.id, q.pupil_id, r.data ->> 'dossierCode' AS code, q.kind, q.requested_by, to_char(q.requested_on, 'YYYY-MM-DD') AS requested_on,
       q.what, q.record_id, q.old_value, q.new_value, to_char(q.extended_until, 'YYYY-MM-DD') AS extended_until, q.extension_reason
  FROM rights_requests q LEFT JOIN records r ON r.id = q.pupil_id`;
const toOpen = (q: OpenRow) => ({
  id: q.id,
  pupilId: q.pupil_id,
  dossierCode: q.code ?? '',
  kind: q.kind,
  requestedBy: q.requested_by,
  requestedOn: q.requested_on,
  what: q.what,
  oldValue: q.old_value,
  newValue: q.new_value,
  extendedUntil: q.extended_until,
  extensionReason: q.extension_reason,
});

/** The audit columns of the person acting. */
const who = (session: Session, ip: string) => ({
  userId: session.actor.id,
  role: session.actor.role,
  deviceId: session.deviceId,
  ip,
});

async function livePupil(tx: Queryable, pupilId: string) {
  const { rows } = await tx.query<{ id: string }>(`SELECT id FROM records WHERE id = $1 AND entity = 'pupil' AND purged_at IS NULL`, [
    pupilId,
  ]);
  if (!rows[0]) throw new HttpError(404, 'not_found', 'Deze leerling bestaat niet (meer).');
}

/** An open request, locked for its change; a decided one cannot be extended or decided again. */
async function openRequest(tx: Queryable, id: string) {
  const { rows } = await tx.query<OpenRow & { decided: boolean }>(
    `${OPEN_SELECT.replace('q.extension_reason', 'q.extension_reason, q.decision IS NOT NULL AS decided')} WHERE q.id = $1 FOR UPDATE OF q`,
    [id],
  );
  const row = rows[0];
  if (!row) throw new HttpError(404, 'not_found', 'Dit verzoek bestaat niet.');
  if (row.decided) throw new HttpError(409, 'decided', 'Over dit verzoek is al besloten.');
  return { ...toOpen(row), recordId: row.record_id, oldValue: row.old_value, newValue: row.new_value };
}

/**
 * Carries out a decision (under the change lock) and stores it: an erasure tombstones the dossier
 * or one record, a correction goes onto the record; inzage and bezwaar are only recorded.
 */
async function decide(
  tx: Queryable,
  session: Session,
  ip: string,
  req: StoredRequest,
  d: Decision,
  requestedBy: string,
  at: string | null,
) {
  const { pupilId, recordId } = req;
  let erased = 0;
  let kept = 0;
  if (req.kind === 'erasure' && d.decision !== 'refused') {
    // The whole dossier (recordId = the pupil, or none), or one record of it.
    const whole = !recordId || recordId === pupilId;
    // An MDO agreement names its agenda item, not the pupil: it goes with the item about them.
    const { rows } = await tx.query<{ id: string; entity: string; pupil_id: string | null }>(
      `SELECT id, entity, coalesce(data ->> 'pupilId', CASE WHEN entity = 'mdoAgreement' THEN $2 END) AS pupil_id FROM records
        WHERE purged_at IS NULL AND ${
          whole
            ? `(id = $1::uuid OR data ->> 'pupilId' = $2 OR (entity = 'mdoAgreement' AND data ->> 'itemId' IN (
                 SELECT i.id::text FROM records i WHERE i.entity = 'mdoItem' AND i.data ->> 'pupilId' = $2 AND i.purged_at IS NULL)))`
            : 'id = $1::uuid'
        }
        ORDER BY created_at, id FOR UPDATE`,
      whole ? [pupilId, pupilId] : [recordId, pupilId],
    );
    const keep = rows.filter((r) => keptByLaw.has(r.entity));
    // The pupil record stays while Meldcode documentation about them is kept: it names whom it is about.
    const go = rows.filter((r) => !keptByLaw.has(r.entity) && !(r.entity === 'pupil' && keep.length > 0));
    // Children first, the pupil last: as the retention purge removes them.
    go.sort((a, b) => Number(a.entity === 'pupil') - Number(b.entity === 'pupil'));
    await tombstone(tx, go, () => ({ reason: 'request', requestId: req.id }), {
      userId: session.actor.id,
      role: session.actor.role,
      deviceId: session.deviceId,
    });
    erased = go.length;
    kept = rows.length - go.length;
  }
  // A granted correction goes onto the record it is about (without one: the pupil record, the
  // dossier's root, which the beheer screen names), with a new change seq: the professional's
  // phone gets it at its next pull and shows it was corrected, when, and the old value
  // (docs/rights.md). The professional carries the correction out as a normal edit.
  let corrected = false;
  if (req.kind === 'correction' && d.decision !== 'refused') {
    const correction = { decision: d.decision, what: req.what, oldValue: req.oldValue ?? '', newValue: req.newValue ?? '' };
    const { rows: stamped } = await tx.query(
      `UPDATE records SET version = nextval('change_seq'), updated_at = now(),
              data = jsonb_set(data, '{corrections}', coalesce(data -> 'corrections', '[]'::jsonb) || jsonb_build_array(
                $2::jsonb || jsonb_build_object('decidedOn', to_char(coalesce($3::timestamptz, now()) AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD'))))
        WHERE id = $1 AND purged_at IS NULL RETURNING id`,
      [recordId ?? pupilId, JSON.stringify(correction), at],
    );
    corrected = stamped.length > 0;
  }
  await tx.query(
    `UPDATE rights_requests SET decision = $2, reason = $3, decided_by = $4, decided_at = coalesce($5::timestamptz, now()) WHERE id = $1`,
    [req.id, d.decision, d.reason, session.actor.id, at],
  );
  // The decision and its reason; never the erased content.
  await writeAudit(tx, [
    {
      ...who(session, ip),
      action: 'rights_request',
      entity: 'rights_request',
      recordId,
      pupilId,
      onBehalfOf: requestedBy,
      detail: { requestId: req.id, kind: req.kind, decision: d.decision, reason: d.reason, erased, keptByLaw: kept, corrected },
    },
  ]);
  return { id: req.id, erased, keptByLaw: kept };
}

export function rightsRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;
  const now = () => ctx.clock?.().toISOString() ?? null;

  app.get('/api/rights/pupils', async (request) => {
    const session = await authenticate(db, secret, request);
    if (!canManageUsers(session.actor)) throw onlyBeheerder();
    const { code } = parse(findPupilQuery, request.query);
    const { rows } = await db.query<{ id: string; data: Record<string, unknown>; school: string | null }>(
      `SELECT r.id, r.data, s.name AS school FROM records r LEFT JOIN schools s ON s.id = r.school_id
        WHERE r.entity = 'pupil' AND r.data ->> 'dossierCode' = $1 AND r.purged_at IS NULL`,
      [code],
    );
    const row = rows[0];
    if (!row) throw noPupil();
    // Finding a pupil shows their initials: an access to the dossier like any other.
    await writeAudit(db, [
      {
        userId: session.actor.id,
        role: session.actor.role,
        deviceId: session.deviceId,
        action: 'search',
        entity: 'pupil',
        pupilId: row.id,
        ip: request.ip,
      },
    ]);
    return answer(foundPupilSchema, {
      pupil: {
        id: row.id,
        dossierCode: code,
        initials: String(row.data.initials ?? ''),
        group: String(row.data.group ?? ''),
        birthYear: typeof row.data.birthYear === 'number' ? row.data.birthYear : null,
        schoolName: row.school ?? '',
      },
    });
  });

  app.get('/api/rights/pupils/:id/inzage', async (request, reply) => {
    const session = await authenticate(db, secret, request);
    if (!canManageUsers(session.actor)) throw onlyBeheerder();
    const { id } = parse(pupilParams, request.params);
    const { namens } = parse(inzageQuery, request.query);
    const { rows } = await db.query<{ code: string | null }>(
      `SELECT data ->> 'dossierCode' AS code FROM records WHERE id = $1 AND entity = 'pupil' AND purged_at IS NULL`,
      [id],
    );
    if (!rows[0]) throw new HttpError(404, 'not_found', 'Deze leerling bestaat niet (meer).');
    // Written before the first byte: the document is in its own access log.
    await writeAudit(db, [
      {
        userId: session.actor.id,
        role: session.actor.role,
        deviceId: session.deviceId,
        action: 'print',
        entity: 'inzage',
        pupilId: id,
        ip: request.ip,
        onBehalfOf: namens,
      },
    ]);
    const stream = Readable.from(
      inzageDocument(db, { pupilId: id, onBehalfOf: namens, madeBy: session.userName, now: ctx.clock?.() ?? new Date() }),
    );
    stream.on('error', (err) => request.log.error({ err }, 'inzage document failed'));
    return reply
      .type('text/html; charset=utf-8')
      .header('Content-Disposition', `inline; filename="inzage-${rows[0].code ?? id}.html"`)
      .send(stream);
  });

  app.post('/api/rights/requests', async (request, reply) => {
    const session = await authenticate(db, secret, request);
    if (!canManageUsers(session.actor)) throw onlyBeheerder();
    const body = parse(rightsRequestSchema, request.body);
    const pupilId = body.pupilId.toLowerCase();
    const recordId = body.recordId?.toLowerCase() ?? null;
    const result = await db.transaction(async (tx) => {
      // Under the change lock: an erasure takes change seqs exactly as the retention purge does.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
      await livePupil(tx, pupilId);
      if (recordId && recordId !== pupilId) {
        const { rows } = await tx.query<{ id: string }>(
          `SELECT id FROM records WHERE id = $1 AND data ->> 'pupilId' = $2 AND purged_at IS NULL`,
          [recordId, pupilId],
        );
        if (!rows[0]) throw badRequest([{ path: ['recordId'], message: 'Dit record hoort niet (meer) bij deze leerling' }]);
      }
      const id = randomUUID();
      const oldValue = body.kind === 'correction' ? body.oldValue || null : null;
      const newValue = body.kind === 'correction' ? body.newValue || null : null;
      await tx.query(
        `INSERT INTO rights_requests (id, pupil_id, kind, requested_by, requested_on, what, record_id, old_value, new_value, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::timestamptz, now()))`,
        [id, pupilId, body.kind, body.requestedBy, body.requestedOn, body.what, recordId, oldValue, newValue, session.actor.id, now()],
      );
      const stored: StoredRequest = { id, pupilId, recordId, kind: body.kind, what: body.what, oldValue, newValue };
      if (body.decision && body.reason) {
        return decide(tx, session, request.ip, stored, { decision: body.decision, reason: body.reason }, body.requestedBy, now());
      }
      // Open: the answer term runs from the day of the request (domain/rightsTerm.ts).
      await writeAudit(tx, [
        {
          ...who(session, request.ip),
          action: 'rights_request',
          entity: 'rights_request',
          recordId,
          pupilId,
          onBehalfOf: body.requestedBy,
          detail: { requestId: id, kind: body.kind, decision: null, due: answerDue(body.requestedOn) },
        },
      ]);
      return { id, erased: 0, keptByLaw: 0 };
    });
    return reply.code(201).send(answer(rightsRequestReply, { request: result }));
  });

  // The open requests, the soonest due first: the beheerder's list with each answer term.
  app.get('/api/rights/requests', async (request) => {
    const session = await authenticate(db, secret, request);
    if (!canManageUsers(session.actor)) throw onlyBeheerder();
    const { rows } = await db.query<OpenRow>(
      `${OPEN_SELECT} WHERE q.decision IS NULL
        ORDER BY coalesce(q.extended_until, (q.requested_on + interval '1 month')::date), q.recorded_at, q.id LIMIT 500`,
    );
    // Who asked and what about a pupil is personal data: the list is a read, logged with the requests it showed.
    await writeAudit(db, [
      { ...who(session, request.ip), action: 'read', entity: 'rights_request', detail: { requestIds: rows.map((r) => r.id) } },
    ]);
    return answer(openRightsRequestsReply, { requests: rows.map(toOpen) });
  });

  app.post('/api/rights/requests/:id/extension', async (request) => {
    const session = await authenticate(db, secret, request);
    if (!canManageUsers(session.actor)) throw onlyBeheerder();
    const { id } = parse(requestParams, request.params);
    const { until, reason } = parse(rightsExtensionSchema, request.body);
    const extended = await db.transaction(async (tx) => {
      const open = await openRequest(tx, id);
      const problem = extensionProblem(open, until);
      if (problem) throw badRequest([{ path: ['until'], message: problem }]);
      await tx.query(
        `UPDATE rights_requests SET extended_until = $2, extension_reason = $3, extended_by = $4, extended_at = coalesce($5::timestamptz, now())
          WHERE id = $1`,
        [id, until, reason, session.actor.id, now()],
      );
      await writeAudit(tx, [
        {
          ...who(session, request.ip),
          action: 'rights_request',
          entity: 'rights_request',
          pupilId: open.pupilId,
          onBehalfOf: open.requestedBy,
          detail: { requestId: id, kind: open.kind, extension: { from: open.extendedUntil ?? answerDue(open.requestedOn), until, reason } },
        },
      ]);
      return { ...open, extendedUntil: until, extensionReason: reason };
    });
    return answer(rightsExtensionReply, { request: extended });
  });

  app.post('/api/rights/requests/:id/decision', async (request) => {
    const session = await authenticate(db, secret, request);
    if (!canManageUsers(session.actor)) throw onlyBeheerder();
    const { id } = parse(requestParams, request.params);
    const body = parse(rightsDecisionSchema, request.body);
    const result = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
      const open = await openRequest(tx, id);
      await livePupil(tx, open.pupilId);
      const correction = open.kind === 'correction';
      const stored: StoredRequest = {
        ...open,
        oldValue: correction ? body.oldValue || open.oldValue : null,
        newValue: correction ? body.newValue || open.newValue : null,
      };
      await tx.query(`UPDATE rights_requests SET old_value = $2, new_value = $3 WHERE id = $1`, [id, stored.oldValue, stored.newValue]);
      return decide(tx, session, request.ip, stored, body, open.requestedBy, now());
    });
    return answer(rightsRequestReply, { request: result });
  });

  app.post('/api/rights/grants', async (request, reply) => {
    const session = await authenticate(db, secret, request, ctx.clock?.());
    if (!keepsDossiers(session.actor.role)) {
      throw new HttpError(403, 'forbidden', 'Alleen een jeugdprofessional vraagt tijdelijke toegang tot een leerling.');
    }
    const { code, reason } = parse(grantRequestSchema, request.body);
    const { rows } = await db.query<{ id: string; school_id: string }>(
      `SELECT id, school_id FROM records WHERE entity = 'pupil' AND data ->> 'dossierCode' = $1 AND purged_at IS NULL`,
      [code],
    );
    const pupil = rows[0];
    if (!pupil) throw noPupil();
    if (session.actor.schoolIds.includes(pupil.school_id)) {
      throw new HttpError(409, 'own_school', 'Deze leerling zit op een van je eigen scholen. Je hebt geen tijdelijke toegang nodig.');
    }
    const term = await breakGlassDays(db);
    const id = randomUUID();
    // Granted at once: covering for an ill colleague must not wait for anyone's approval.
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO break_glass_grants (id, user_id, pupil_id, school_id, reason, granted_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), coalesce($6::timestamptz, now()) + make_interval(days => $7))`,
        [id, session.actor.id, pupil.id, pupil.school_id, reason, now(), term],
      );
      await writeAudit(tx, [
        {
          userId: session.actor.id,
          role: session.actor.role,
          deviceId: session.deviceId,
          action: 'break_glass',
          entity: 'pupil',
          pupilId: pupil.id,
          ip: request.ip,
          detail: { breakGlass: id, reason, days: term },
        },
      ]);
    });
    const { rows: grant } = await db.query<GrantRow>(`${GRANT_SELECT} WHERE g.id = $2`, [now(), id]);
    return reply.code(201).send(answer(grantReply, { grant: toGrant(grant[0]!) }));
  });

  app.get('/api/rights/grants', async (request) => {
    const session = await authenticate(db, secret, request, ctx.clock?.());
    const reads = readsGrants(session.actor.role);
    if (reads === 'none') {
      throw new HttpError(403, 'forbidden', 'Alleen de coördinator ziet de tijdelijke toegang van jeugdprofessionals.');
    }
    const own = reads === 'own';
    const { rows } = await db.query<GrantRow>(
      `${GRANT_SELECT} ${own ? 'WHERE g.user_id = $2' : ''} ORDER BY g.granted_at DESC, g.id LIMIT 500`,
      own ? [now(), session.actor.id] : [now()],
    );
    return answer(grantListReply, { grants: rows.map(toGrant) });
  });
}
