// Turns the Authorization header into the signed-in user, or a 401 with a precise reason.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/permissions';
import type { Queryable } from '../store/db';
import { HttpError } from '../errors';
import { verifyAccessToken } from './tokens';
import { actorOf, findUserById } from './users';

export interface Session {
  actor: Actor;
  deviceId: string;
  userName: string;
}

export const deviceRevokedError = () =>
  new HttpError(
    401,
    'device_revoked',
    'Dit toestel is ingetrokken. Gegevens op dit toestel worden niet meer gesynchroniseerd; neem contact op met de beheerder.',
  );

export async function authenticate(db: Queryable, secret: Uint8Array, request: FastifyRequest): Promise<Session> {
  const header = request.headers.authorization;
  if (!header) throw new HttpError(401, 'unauthorized', 'Log in om verder te gaan (toegangsbewijs ontbreekt).');
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header);
  if (!match?.[1]) throw new HttpError(401, 'invalid_token', 'Ongeldig toegangsbewijs. Log opnieuw in.');
  const claims = await verifyAccessToken(secret, match[1]);
  const user = await findUserById(db, claims.userId);
  if (!user) throw new HttpError(401, 'invalid_token', 'Ongeldig toegangsbewijs. Log opnieuw in.');
  // A stolen access token stops working the moment the device is revoked, not 15 minutes later.
  const { rows } = await db.query<{ revoked_at: Date | null }>(
    `UPDATE devices SET last_seen_at = CASE WHEN last_seen_at < now() - interval '5 minutes' THEN now() ELSE last_seen_at END
      WHERE user_id = $1 AND id = $2 RETURNING revoked_at`,
    [user.id, claims.deviceId],
  );
  const device = rows[0];
  if (!device) throw new HttpError(401, 'invalid_token', 'Ongeldig toegangsbewijs. Log opnieuw in.');
  if (device.revoked_at) throw deviceRevokedError();
  return { actor: await actorOf(db, user), deviceId: claims.deviceId, userName: user.display_name };
}
