// Turns the Authorization header into the signed-in user, or a 401 with a precise reason.
import type { FastifyRequest } from 'fastify';
import { followsLeerplichtRoutes, roles, seesAllSchools, type Actor, type Grant, type Role } from '../../domain/permissions';
import type { Queryable } from '../store/db';
import { HttpError } from '../errors';
import { verifyAccessToken } from './tokens';

export interface Session {
  actor: Actor;
  deviceId: string;
  userName: string;
  /** "Vervangen" was asked for this device: its next pull revokes it (routes/sync.ts). */
  replacing?: boolean;
}

export const deviceRevokedError = () =>
  new HttpError(
    401,
    'device_revoked',
    'Dit toestel is ingetrokken. Gegevens op dit toestel worden niet meer gesynchroniseerd; neem contact op met de beheerder.',
  );

export const sessionEndedError = () =>
  new HttpError(401, 'session_ended', 'Je bent uitgelogd op dit toestel. Log opnieuw in om verder te gaan.');

/** The roles that read every area (permissions.ts seesAllSchools), for the query below. */
const wholeRegion = roles.filter(seesAllSchools);

/** One row of auth_context (migration 023_auth_context.sql). */
interface AuthContext {
  role: Role;
  display_name: string;
  revoked: boolean;
  stale: boolean;
  session_open: boolean;
  replacing: boolean;
  schools: string[];
  private: string[];
  areas: string[];
  leerplicht_pupils: string[];
  grants: Grant[];
}

/**
 * `now`: the time break-the-glass grants are checked against (tests inject a clock; routes pass
 * RouteContext.clock). Default: the database's now().
 */
export async function authenticate(db: Queryable, secret: Uint8Array, request: FastifyRequest, now?: Date): Promise<Session> {
  const header = request.headers.authorization;
  if (!header) throw new HttpError(401, 'unauthorized', 'Log in om verder te gaan (toegangsbewijs ontbreekt).');
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header);
  if (!match?.[1]) throw new HttpError(401, 'invalid_token', 'Ongeldig toegangsbewijs. Log opnieuw in.');
  const claims = await verifyAccessToken(secret, match[1]);
  // One round trip per request: the user, their schools and their device, through the database
  // function auth_context (migration 023_auth_context.sql says what each field means).
  const { rows } = await db.query<{ ctx: AuthContext | null }>('SELECT auth_context($1, $2, $3, $4, $5) AS ctx', [
    claims.userId,
    claims.deviceId,
    claims.sessionId ?? null,
    now?.toISOString() ?? null,
    wholeRegion,
  ]);
  const row = rows[0]?.ctx;
  if (!row) throw new HttpError(401, 'invalid_token', 'Ongeldig toegangsbewijs. Log opnieuw in.');
  // A stolen access token stops working the moment the device is revoked, not 15 minutes later.
  if (row.revoked) throw deviceRevokedError();
  // Log-out, a password reset or a re-used refresh token ended the session: its access tokens stop
  // now, not when they expire. (A token from before sessions existed has no `sid`: any open session
  // of its device keeps it valid for its last minutes.)
  if (!row.session_open) throw sessionEndedError();
  if (row.stale) await db.query('UPDATE devices SET last_seen_at = now() WHERE user_id = $1 AND id = $2', [claims.userId, claims.deviceId]);
  return {
    actor: {
      id: claims.userId,
      role: row.role,
      schoolIds: row.schools,
      privateSchoolIds: row.private,
      areaIds: row.areas,
      ...(row.grants.length > 0 ? { grants: row.grants } : {}),
      ...(followsLeerplichtRoutes(row.role) ? { leerplichtPupilIds: row.leerplicht_pupils } : {}),
    },
    deviceId: claims.deviceId,
    userName: row.display_name,
    replacing: row.replacing,
  };
}
