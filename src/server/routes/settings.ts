// GET /api/settings (every signed-in user), PATCH /api/admin/settings (beheerder): region-wide
// settings a device follows: the idle minutes before the app locks, and the numbers of the regional
// verzuimprotocol (sync/api/settings.ts), which a device fetches at every sync.
import type { FastifyInstance } from 'fastify';
import { canManageUsers } from '../../domain/permissions';
import { authenticate } from '../auth/authenticate';
import { LOCK_MINUTES_KEY, lockMinutes } from '../auth/lockSetting';
import { HttpError } from '../errors';
import { writeAudit } from '../audit/log';
import { answer, parse, type RouteContext } from './context';
import {
  breakGlassDaysFrom,
  patchSettingsRequestSchema,
  settingsResponseSchema,
  verzuimSettingsFrom,
  type SettingsResponse,
} from '../../sync/api/settings';
import type { VerzuimSettings } from '../../domain/verzuimprotocol';
import type { Queryable } from '../store/db';

const VERZUIM_KEY = 'verzuim';

export async function verzuimSettings(db: Queryable): Promise<VerzuimSettings> {
  const { rows } = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [VERZUIM_KEY]);
  let stored: unknown = null;
  try {
    stored = rows[0] ? JSON.parse(rows[0].value) : null;
  } catch {
    stored = null;
  }
  return verzuimSettingsFrom(stored);
}

/** The row the break-the-glass term is stored in (a whole number of days, as text). */
export const BREAK_GLASS_DAYS_KEY = 'break_glass_days';

export async function breakGlassDays(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [BREAK_GLASS_DAYS_KEY]);
  return breakGlassDaysFrom(rows[0]?.value);
}

async function current(db: Queryable): Promise<SettingsResponse> {
  return answer(settingsResponseSchema, {
    lockMinutes: await lockMinutes(db),
    verzuim: await verzuimSettings(db),
    breakGlassDays: await breakGlassDays(db),
  });
}

export function settingsRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  app.get('/api/settings', async (request): Promise<SettingsResponse> => {
    await authenticate(db, secret, request);
    return current(db);
  });

  app.patch('/api/admin/settings', async (request) => {
    const session = await authenticate(db, secret, request);
    if (!canManageUsers(session.actor))
      throw new HttpError(403, 'forbidden', 'Alleen de functioneel beheerder wijzigt de instellingen van de regio.');
    const body = parse(patchSettingsRequestSchema, request.body);
    return db.transaction(async (tx) => {
      const detail: Record<string, unknown> = {};
      if (body.lockMinutes !== undefined) {
        const before = await lockMinutes(tx);
        await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [
          LOCK_MINUTES_KEY,
          String(body.lockMinutes),
        ]);
        detail.lockMinutes = { before, after: body.lockMinutes };
      }
      if (body.verzuim !== undefined) {
        const before = await verzuimSettings(tx);
        const after = { ...before, ...body.verzuim };
        await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [
          VERZUIM_KEY,
          JSON.stringify(after),
        ]);
        detail.verzuim = { before, after };
      }
      if (body.breakGlassDays !== undefined) {
        const before = await breakGlassDays(tx);
        await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [
          BREAK_GLASS_DAYS_KEY,
          String(body.breakGlassDays),
        ]);
        detail.breakGlassDays = { before, after: body.breakGlassDays };
      }
      await writeAudit(tx, [
        {
          userId: session.actor.id,
          role: session.actor.role,
          deviceId: session.deviceId,
          action: 'settings.update',
          entity: 'settings',
          detail,
        },
      ]);
      return current(tx);
    });
  });
}
