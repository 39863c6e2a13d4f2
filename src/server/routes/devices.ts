// GET /api/devices (your own devices), POST /api/devices/:id/revoke, POST /api/devices/current/key.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { canRevokeDevice } from '../../domain/permissions';
import { authenticate } from '../auth/authenticate';
import { HttpError } from '../errors';
import { parse, type RouteContext } from './context';

const paramsSchema = z.strictObject({ id: z.uuid({ error: 'Ongeldige toestel-id' }) });
// A revoke carries no body; an empty JSON object is accepted too.
const revokeBodySchema = z.optional(z.strictObject({}));
// A device id is made by the device, so two users on one shared tablet have the same id: the
// beheerder may name the owner (?userId=) to revoke only that user's log-in. Without it, every
// log-in on that device the caller may revoke is revoked.
const revokeQuerySchema = z.strictObject({ userId: z.optional(z.uuid({ error: 'Ongeldige gebruikers-id' })) });

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

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function deviceRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  app.get('/api/devices', async (request) => {
    const session = await authenticate(db, secret, request);
    const { rows } = await db.query<DeviceRow>(
      'SELECT user_id, id, name, created_at, last_seen_at, revoked_at, replace_requested_at, kind FROM devices WHERE user_id = $1 ORDER BY last_seen_at DESC',
      [session.actor.id],
    );
    return {
      devices: rows.map((d) => ({
        id: d.id,
        name: d.name,
        createdAt: iso(d.created_at),
        lastSeenAt: iso(d.last_seen_at),
        revokedAt: iso(d.revoked_at),
        replaceRequestedAt: iso(d.replace_requested_at),
        kind: d.kind,
        current: d.id === session.deviceId,
      })),
    };
  });

  // The key that wraps this device's data key. Only for the device itself (its access
  // token names it); authenticate refuses a revoked device. Created once, then always the same.
  app.post('/api/devices/current/key', async (request, reply) => {
    const session = await authenticate(db, secret, request);
    parse(revokeBodySchema, request.body);
    const { rows } = await db.query<{ wrap_key: string }>(
      'UPDATE devices SET wrap_key = COALESCE(wrap_key, $3) WHERE user_id = $1 AND id = $2 RETURNING wrap_key',
      [session.actor.id, session.deviceId, randomBytes(32).toString('base64')],
    );
    if (!rows[0]) throw new HttpError(404, 'not_found', 'Dit toestel is niet gevonden.');
    void reply.header('cache-control', 'no-store');
    return { key: rows[0].wrap_key };
  });

  // "Vervangen": the device (still working) pushes its outbox at its next sync and is then revoked
  // by its pull (routes/sync.ts), so no unsynced work is lost. Same rule as revoking: your own
  // device, or any as beheerder. Not for the server's own demo log-ins.
  app.post('/api/devices/:id/replace', async (request) => {
    const session = await authenticate(db, secret, request);
    const { id } = parse(paramsSchema, request.params);
    parse(revokeBodySchema, request.body);
    const { userId } = parse(revokeQuerySchema, request.query);
    const { rows } = await db.query<{ user_id: string; kind: string; revoked_at: Date | null }>(
      'SELECT user_id, kind, revoked_at FROM devices WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2::uuid)', [id, userId ?? null]);
    const allowed = rows.filter((r) => canRevokeDevice(session.actor, r.user_id));
    if (allowed.length === 0) throw new HttpError(404, 'not_found', 'Dit toestel is niet gevonden.');
    if (allowed.some((r) => r.kind !== 'device')) throw new HttpError(409, 'not_a_device', 'Dit is geen toestel maar de demogegevens van de server; er valt niets te vervangen.');
    if (allowed.some((r) => r.revoked_at)) throw new HttpError(409, 'revoked', 'Dit toestel is al ingetrokken.');
    for (const row of allowed) {
      await db.query('UPDATE devices SET replace_requested_at = COALESCE(replace_requested_at, now()) WHERE user_id = $1 AND id = $2', [row.user_id, id]);
    }
    return { ok: true };
  });

  app.post('/api/devices/:id/revoke', async (request) => {
    const session = await authenticate(db, secret, request);
    const { id } = parse(paramsSchema, request.params);
    parse(revokeBodySchema, request.body);
    const { userId } = parse(revokeQuerySchema, request.query);
    const { rows } = await db.query<{ user_id: string }>(
      'SELECT user_id FROM devices WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2::uuid)', [id, userId ?? null]);
    const allowed = rows.filter((r) => canRevokeDevice(session.actor, r.user_id));
    if (allowed.length === 0) throw new HttpError(404, 'not_found', 'Dit toestel is niet gevonden.');
    for (const row of allowed) {
      await db.query('UPDATE devices SET revoked_at = COALESCE(revoked_at, now()) WHERE user_id = $1 AND id = $2', [row.user_id, id]);
      await db.query(
        `INSERT INTO audit_log (user_id, device_id, action, detail) VALUES ($1, $2, 'revoke_device', $3::jsonb)`,
        [session.actor.id, session.deviceId, JSON.stringify({ revokedDevice: id, owner: row.user_id })],
      );
    }
    return { ok: true };
  });
}
