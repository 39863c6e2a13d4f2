// GET /api/settings (every signed-in user), PATCH /api/admin/settings (beheerder): region-wide
// settings a device follows. Today one: the idle minutes before the app locks.
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { canManageUsers } from '../../domain/permissions';
import { authenticate } from '../auth/authenticate';
import { LOCK_MINUTES_KEY, MAX_LOCK_MINUTES, MIN_LOCK_MINUTES, lockMinutes } from '../auth/lockSetting';
import { HttpError } from '../errors';
import { parse, type RouteContext } from './context';

const lockMessage = `Kies een vergrendeltijd van ${MIN_LOCK_MINUTES} tot ${MAX_LOCK_MINUTES} minuten`;
const patchSchema = z.strictObject({
  lockMinutes: z.int({ error: lockMessage }).check(z.minimum(MIN_LOCK_MINUTES, lockMessage), z.maximum(MAX_LOCK_MINUTES, lockMessage)),
});

export function settingsRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  app.get('/api/settings', async (request) => {
    await authenticate(db, secret, request);
    return { lockMinutes: await lockMinutes(db) };
  });

  app.patch('/api/admin/settings', async (request) => {
    const session = await authenticate(db, secret, request);
    if (!canManageUsers(session.actor)) throw new HttpError(403, 'forbidden', 'Alleen de functioneel beheerder wijzigt de instellingen van de regio.');
    const body = parse(patchSchema, request.body);
    return db.transaction(async (tx) => {
      const before = await lockMinutes(tx);
      await tx.query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
        [LOCK_MINUTES_KEY, String(body.lockMinutes)],
      );
      await tx.query(
        `INSERT INTO audit_log (user_id, device_id, action, entity, detail) VALUES ($1, $2, 'settings.update', 'settings', $3::jsonb)`,
        [session.actor.id, session.deviceId, JSON.stringify({ lockMinutes: { before, after: body.lockMinutes } })],
      );
      return { lockMinutes: body.lockMinutes };
    });
  });
}
