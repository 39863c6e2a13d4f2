// GET /api/devices (your own), POST /api/devices/:id/revoke and /replace, POST /api/devices/current/key.
import * as z from 'zod/mini';
import { sentInstant } from './common';

export const deviceParamsSchema = z.strictObject({ id: z.uuid({ error: 'Ongeldige toestel-id' }) });
// A device id is made by the device, so two users on one shared tablet have the same id: the
// beheerder may name the owner (?userId=) to act on only that user's log-in. Without it, every
// log-in on that device the caller may revoke is meant.
export const deviceQuerySchema = z.strictObject({ userId: z.optional(z.uuid({ error: 'Ongeldige gebruikers-id' })) });

/** A device as a card shows it: the beheerder's list of a user's devices has these. */
export const deviceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: sentInstant(),
  lastSeenAt: sentInstant(),
  revokedAt: z.nullable(sentInstant()),
});

/** One of your own devices (Instellingen). */
export const ownDeviceSchema = z.object({
  ...deviceSchema.shape,
  /** Asked to be replaced: revoked at its next pull, after it pushed what waits. */
  replaceRequestedAt: z.nullable(sentInstant()),
  /** `server`: the demo data's log-in, not a device. */
  kind: z.enum(['device', 'server']),
  /** The device that asks. */
  current: z.boolean(),
});
export type OwnDevice = z.infer<typeof ownDeviceSchema>;

export const devicesResponseSchema = z.object({ devices: z.array(ownDeviceSchema) });
/** The key that wraps this device's data key: created once, then always the same. */
export const deviceKeyResponseSchema = z.object({ key: z.string().check(z.minLength(1)) });
