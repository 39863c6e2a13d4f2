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
  // One round trip per request: the user, their schools and their device.
  // schools: the user's schools, and for a leerplichtambtenaar the schools of their gemeenten.
  // private: the user's schools whose team does not share casework (permissions.ts privateSchoolIds).
  // leerplicht_pupils: for a leerplichtambtenaar, the pupils whose verzuimroute involves leerplicht,
  // the SQL twin of verzuimroute.ts involvesLeerplicht (permissions.ts leerplichtPupilIds).
  const { rows } = await db.query<{
    role: Role;
    display_name: string;
    schools: string[];
    private: string[];
    areas: string[];
    leerplicht_pupils: string[];
    revoked_at: Date | null;
    stale: boolean;
    session_open: boolean;
    replacing: boolean;
    grants: Grant[];
  }>(
    `WITH mine AS (
       SELECT us.school_id AS id FROM user_schools us WHERE us.user_id = $1
        UNION SELECT s.id FROM user_gemeenten ug JOIN schools s ON s.gemeente_id = ug.area_id WHERE ug.user_id = $1)
     SELECT u.role, u.display_name, d.revoked_at, d.last_seen_at < now() - interval '5 minutes' AS stale,
            d.replace_requested_at IS NOT NULL AS replacing,
            EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.device_id = d.id AND s.ended_at IS NULL
                       AND ($3::uuid IS NULL OR s.id = $3::uuid)) AS session_open,
            COALESCE((SELECT jsonb_agg(m.id ORDER BY m.id) FROM mine m), '[]'::jsonb) AS schools,
            COALESCE((SELECT jsonb_agg(us.school_id ORDER BY us.school_id) FROM user_schools us JOIN schools s ON s.id = us.school_id
                       WHERE us.user_id = u.id AND NOT s.team_shares), '[]'::jsonb) AS private,
            COALESCE((SELECT jsonb_agg(a.id ORDER BY a.id) FROM areas a
                       WHERE a.kind = 'swv' OR u.role = ANY($5::text[])
                          OR a.id IN (SELECT s.gemeente_id FROM mine m JOIN schools s ON s.id = m.id)),
                     '[]'::jsonb) AS areas,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('id', g.id, 'pupilId', g.pupil_id, 'schoolId', g.school_id) ORDER BY g.id)
                        FROM break_glass_grants g
                       WHERE g.user_id = u.id AND u.role = 'jeugdprofessional'
                         AND g.granted_at <= coalesce($4::timestamptz, now()) AND g.expires_at > coalesce($4::timestamptz, now())),
                     '[]'::jsonb) AS grants,
            CASE WHEN u.role = 'leerplicht' THEN
              COALESCE((SELECT jsonb_agg(DISTINCT lower(r.data->>'pupilId')) FROM records r
                         WHERE r.entity = 'verzuimroute' AND NOT r.deleted AND r.purged_at IS NULL
                           AND r.school_id IN (SELECT m.id FROM mine m)
                           AND (r.data->'stepMelding'->>'status' = 'gedaan' OR r.data->'stepLeerplicht'->>'status' = 'gedaan')),
                       '[]'::jsonb)
            ELSE '[]'::jsonb END AS leerplicht_pupils
       FROM users u JOIN devices d ON d.user_id = u.id AND d.id = $2
      WHERE u.id = $1`,
    [claims.userId, claims.deviceId, claims.sessionId ?? null, now?.toISOString() ?? null, wholeRegion],
  );
  const row = rows[0];
  if (!row) throw new HttpError(401, 'invalid_token', 'Ongeldig toegangsbewijs. Log opnieuw in.');
  // A stolen access token stops working the moment the device is revoked, not 15 minutes later.
  if (row.revoked_at) throw deviceRevokedError();
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
