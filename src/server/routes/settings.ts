// GET /api/settings (every signed-in user), PATCH /api/admin/settings (beheerder): region-wide
// settings a device follows. Today one: the idle minutes before the app locks.
import type { FastifyInstance } from 'fastify';
import { canManageUsers } from '../../domain/permissions';
import { authenticate } from '../auth/authenticate';
import { LOCK_MINUTES_KEY, lockMinutes } from '../auth/lockSetting';
import { HttpError } from '../errors';
import { writeAudit } from '../audit/log';
import { answer, parse, type RouteContext } from './context';
import { patchSettingsRequestSchema, settingsResponseSchema } from '../../sync/api/settings';


export function settingsRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  app.get('/api/settings', async (request) => {
    await authenticate(db, secret, request);
    return answer(settingsResponseSchema, { lockMinutes: await lockMinutes(db) });
  });

  app.patch('/api/admin/settings', async (request) => {
    const session = await authenticate(db, secret, request);
    if (!canManageUsers(session.actor)) throw new HttpError(403, 'forbidden', 'Alleen de functioneel beheerder wijzigt de instellingen van de regio.');
    const body = parse(patchSettingsRequestSchema, request.body);
    return db.transaction(async (tx) => {
      const before = await lockMinutes(tx);
      await tx.query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
        [LOCK_MINUTES_KEY, String(body.lockMinutes)],
      );
      await writeAudit(tx, [{
        userId: session.actor.id, role: session.actor.role, deviceId: session.deviceId, action: 'settings.update', entity: 'settings',
        detail: { lockMinutes: { before, after: body.lockMinutes } },
      }]);
      return answer(settingsResponseSchema, { lockMinutes: body.lockMinutes });
    });
  });
}
