// GET /api/settings (every signed-in user), PATCH /api/admin/settings (beheerder): region-wide
// settings a device follows. Today one: the idle minutes before the app locks.
import * as z from 'zod/mini';

export const MIN_LOCK_MINUTES = 1;
export const MAX_LOCK_MINUTES = 30;

const lockMessage = `Kies een vergrendeltijd van ${MIN_LOCK_MINUTES} tot ${MAX_LOCK_MINUTES} minuten`;
export const patchSettingsRequestSchema = z.strictObject({
  lockMinutes: z.int({ error: lockMessage }).check(z.minimum(MIN_LOCK_MINUTES, lockMessage), z.maximum(MAX_LOCK_MINUTES, lockMessage)),
});
export const settingsResponseSchema = z.object({ lockMinutes: z.int() });
