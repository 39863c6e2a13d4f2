// POST /api/sync/push and GET /api/sync/pull, exactly as src/sync/protocol.ts describes them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_PULL_LIMIT, PROTOCOL_HEADER, SUPPORTED_PROTOCOL_VERSIONS, pullQuerySchema, pushEnvelopeSchema } from '../../sync/protocol';
import { authenticate } from '../auth/authenticate';
import { HttpError, badRequest } from '../errors';
import { applyPush } from '../sync/push';
import { parseCursor, pull } from '../sync/pull';
import { auditPulledReads, writeAudit } from '../audit/log';
import { parse, type RouteContext } from './context';

const upgradeRequired = () => new HttpError(426, 'upgrade_required', 'Werk de app bij');

function checkProtocol(version: unknown) {
  if (version === undefined) throw new HttpError(400, 'invalid_request', 'protocolVersion ontbreekt');
  const n = typeof version === 'string' && /^\d{1,6}$/.test(version) ? Number(version) : version;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new HttpError(400, 'invalid_request', 'protocolVersion moet een geheel getal zijn');
  }
  if (!(SUPPORTED_PROTOCOL_VERSIONS as readonly number[]).includes(n)) throw upgradeRequired();
}

function bodyObject(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_request', 'Stuur een JSON-object met protocolVersion en mutations');
  }
  return body as Record<string, unknown>;
}

export function syncRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  app.post('/api/sync/push', async (request) => {
    const body = bodyObject(request);
    checkProtocol(body.protocolVersion);
    const session = await authenticate(db, secret, request, ctx.clock?.());
    const envelope = parse(pushEnvelopeSchema, body);
    const results = await applyPush(db, { actor: session.actor, deviceId: session.deviceId, ip: request.ip }, envelope.mutations);
    return { results };
  });

  app.get('/api/sync/pull', async (request) => {
    checkProtocol(request.headers[PROTOCOL_HEADER]);
    const session = await authenticate(db, secret, request, ctx.clock?.());
    const query = parse(pullQuerySchema, request.query);
    const cursor = parseCursor(query.cursor ?? '0');
    if (cursor === null) {
      throw badRequest([{ path: ['cursor'], message: 'Ongeldige cursor; begin opnieuw met cursor 0' }]);
    }
    const limit = query.limit === undefined ? MAX_PULL_LIMIT : Number(query.limit);
    if (limit < 1 || limit > MAX_PULL_LIMIT) {
      throw badRequest([{ path: ['limit'], message: `limit is een getal van 1 tot ${MAX_PULL_LIMIT}` }]);
    }
    if (session.replacing) {
      // Replaced: a device pushes its whole outbox before it pulls (app/sync/engine.ts), so when its
      // pull arrives nothing of it is left unsent. Revoked now, it wipes itself on this answer.
      await db.query('UPDATE devices SET revoked_at = COALESCE(revoked_at, now()) WHERE user_id = $1 AND id = $2', [
        session.actor.id,
        session.deviceId,
      ]);
      await writeAudit(db, [
        {
          userId: session.actor.id,
          role: session.actor.role,
          deviceId: session.deviceId,
          action: 'revoke_device',
          detail: { revokedDevice: session.deviceId, owner: session.actor.id, replaced: true },
        },
      ]);
      throw new HttpError(
        401,
        'device_revoked',
        'Dit toestel is vervangen. Alles wat nog wachtte is verstuurd; de gegevens op dit toestel worden gewist.',
      );
    }
    const answer = await pull(db, session.actor, cursor, limit);
    // NEN 7513: one read row per pupil in the answer, written before the data leaves the service.
    await auditPulledReads(
      db,
      { userId: session.actor.id, role: session.actor.role, deviceId: session.deviceId, ip: request.ip, grants: session.actor.grants },
      answer.changes,
    );
    return answer;
  });
}
