// GET /api/devices (your own devices), POST /api/devices/:id/revoke, POST /api/devices/current/key.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { canRevokeDevice } from '../../domain/permissions';
import { authenticate } from '../auth/authenticate';
import { HttpError } from '../errors';
import { writeAudit } from '../audit/log';
import { answer, parse, type RouteContext } from './context';
import { emptyBodySchema, okResponseSchema } from '../../sync/api/common';
import { deviceKeyResponseSchema, deviceParamsSchema, deviceQuerySchema, devicesResponseSchema } from '../../sync/api/devices';

interface DeviceRow {
  user_id: string;
  id: string;
  name: string;
  created_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  replace_requested_at: Date | null;
  kind: 'device' | 'server';
}

const at = (d: Date) => new Date(d).toISOString();
const iso = (d: Date | null) => (d ? at(d) : null);

export function deviceRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  app.get('/api/devices', async (request) => {
    const session = await authenticate(db, secret, request);
    const { rows } = await db.query<DeviceRow>(
      'SELECT user_id, id, name, created_at, last_seen_at, revoked_at, replace_requested_at, kind FROM devices WHERE user_id = $1 ORDER BY last_seen_at DESC',
      [session.actor.id],
    );
    return answer(devicesResponseSchema, {
      devices: rows.map((d) => ({
        id: d.id,
        name: d.name,
        createdAt: at(d.created_at),
        lastSeenAt: at(d.last_seen_at),
        revokedAt: iso(d.revoked_at),
        replaceRequestedAt: iso(d.replace_requested_at),
        kind: d.kind,
        current: d.id === session.deviceId,
      })),
    });
  });

  // The key that wraps this device's data key. Only for the device itself (its access
  // token names it); authenticate refuses a revoked device. Created once, then always the same.
  app.post('/api/devices/current/key', async (request, reply) => {
    const session = await authenticate(db, secret, request);
    parse(emptyBodySchema, request.body);
    const { rows } = await db.query<{ wrap_key: string }>(
      'UPDATE devices SET wrap_key = COALESCE(wrap_key, $3) WHERE user_id = $1 AND id = $2 RETURNING wrap_key',
      [session.actor.id, session.deviceId, randomBytes(32).toString('base64')],
    );
    if (!rows[0]) throw new HttpError(404, 'not_found', 'Dit toestel is niet gevonden.');
    void reply.header('cache-control', 'no-store');
    return answer(deviceKeyResponseSchema, { key: rows[0].wrap_key });
  });

  // "Vervangen": the device (still working) pushes its outbox at its next sync and is then revoked
  // by its pull (routes/sync.ts), so no unsynced work is lost. Same rule as revoking: your own
  // device, or any as beheerder. Not for the server's own demo log-ins.
  app.post('/api/devices/:id/replace', async (request) => {
    const session = await authenticate(db, secret, request);
    const { id } = parse(deviceParamsSchema, request.params);
    parse(emptyBodySchema, request.body);
    const { userId } = parse(deviceQuerySchema, request.query);
    const { rows } = await db.query<{ user_id: string; kind: string; revoked_at: Date | null }>(
      'SELECT user_id, kind, revoked_at FROM devices WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2::uuid)',
      [id, userId ?? null],
    );
    const allowed = rows.filter((r) => canRevokeDevice(session.actor, r.user_id));
    if (allowed.length === 0) throw new HttpError(404, 'not_found', 'Dit toestel is niet gevonden.');
    if (allowed.some((r) => r.kind !== 'device'))
      throw new HttpError(409, 'not_a_device', 'Dit is geen toestel maar de demogegevens van de server; er valt niets te vervangen.');
    if (allowed.some((r) => r.revoked_at)) throw new HttpError(409, 'revoked', 'Dit toestel is al ingetrokken.');
    for (const row of allowed) {
      await db.query('UPDATE devices SET replace_requested_at = COALESCE(replace_requested_at, now()) WHERE user_id = $1 AND id = $2', [
        row.user_id,
        id,
      ]);
    }
    return answer(okResponseSchema, { ok: true });
  });

  app.post('/api/devices/:id/revoke', async (request) => {
    const session = await authenticate(db, secret, request);
    const { id } = parse(deviceParamsSchema, request.params);
    parse(emptyBodySchema, request.body);
    const { userId } = parse(deviceQuerySchema, request.query);
    const { rows } = await db.query<{ user_id: string }>(
      'SELECT user_id FROM devices WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2::uuid)',
      [id, userId ?? null],
    );
    const allowed = rows.filter((r) => canRevokeDevice(session.actor, r.user_id));
    if (allowed.length === 0) throw new HttpError(404, 'not_found', 'Dit toestel is niet gevonden.');
    for (const row of allowed) {
      await db.query('UPDATE devices SET revoked_at = COALESCE(revoked_at, now()) WHERE user_id = $1 AND id = $2', [row.user_id, id]);
      await writeAudit(db, [
        {
          userId: session.actor.id,
          role: session.actor.role,
          deviceId: session.deviceId,
          action: 'revoke_device',
          detail: { revokedDevice: id, owner: row.user_id },
        },
      ]);
    }
    return answer(okResponseSchema, { ok: true });
  });
}
