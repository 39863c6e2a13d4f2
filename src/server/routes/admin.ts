// GET/POST /api/admin/users, PATCH /api/admin/users/:id: the beheerder keeps users, roles and school
// membership. Devices are listed per user here and revoked via POST /api/devices/:id/revoke.
// The beheerder never sets or sees a password: a new account and a password reset give a one-time
// activation code (auth/activation.ts) with which the user chooses their own.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { canManageUsers, needsSchools, scopedByGemeenten, type Role } from '../../domain/permissions';
import { authenticate, type Session } from '../auth/authenticate';
import { newActivation, ACTIVATION_HOURS } from '../auth/activation';
import { endSessions } from '../auth/sessions';
import { HttpError } from '../errors';
import type { Queryable } from '../store/db';
import { writeAudit } from '../audit/log';
import type { AuditAction } from '../../domain/audit';
import { answer, parse, type RouteContext } from './context';
import {
  createUserRequestSchema,
  patchUserRequestSchema,
  userParamsSchema,
  userResponseSchema,
  userWithActivationSchema,
  usersResponseSchema,
  type AdminUser,
} from '../../sync/api/admin';
import { emptyBodySchema } from '../../sync/api/common';

/** A password in the body: refused by name, so a client of the old API hears why. */
function refusePassword(body: unknown) {
  if (body && typeof body === 'object' && 'password' in body) {
    const message = 'De beheerder kiest geen wachtwoord. De gebruiker kiest het zelf met een activeringscode.';
    throw new HttpError(400, 'password_not_allowed', message, [{ path: 'password', message }]);
  }
}

interface UserListRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  created_at: Date;
  school_ids: string[];
  gemeente_ids: string[];
  activation_expires_at: Date | null;
  has_password: boolean;
  totp: boolean;
  passkeys: number;
  devices: { id: string; name: string; created_at: string; last_seen_at: string; revoked_at: string | null }[];
}

const at = (d: Date | string) => new Date(d).toISOString();
const iso = (d: Date | string | null) => (d === null ? null : at(d));

function view(r: UserListRow): AdminUser {
  return {
    id: r.id,
    username: r.username,
    name: r.display_name,
    role: r.role,
    schoolIds: r.school_ids,
    gemeenteIds: r.gemeente_ids,
    createdAt: at(r.created_at),
    /** Waiting for the user to choose a password: until when the code works (null: expired or none). */
    activationExpiresAt: iso(r.activation_expires_at),
    activated: r.has_password,
    secondFactor: { totp: r.totp, passkeys: Number(r.passkeys) },
    devices: r.devices.map((d) => ({
      id: d.id,
      name: d.name,
      createdAt: at(d.created_at),
      lastSeenAt: at(d.last_seen_at),
      revokedAt: iso(d.revoked_at),
    })),
  };
}

/** Users with their schools and devices; one user when `id` is given. Never a password hash. */
async function listUsers(db: Queryable, id?: string): Promise<AdminUser[]> {
  const { rows } = await db.query<UserListRow>(
    `SELECT u.id, u.username, u.display_name, u.role, u.created_at, u.password_hash IS NOT NULL AS has_password,
            (SELECT a.expires_at FROM activation_codes a WHERE a.user_id = u.id AND a.expires_at > now()) AS activation_expires_at,
            EXISTS (SELECT 1 FROM totp_secrets t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL) AS totp,
            (SELECT count(*)::int FROM passkeys p WHERE p.user_id = u.id) AS passkeys,
            COALESCE((SELECT jsonb_agg(us.school_id ORDER BY us.school_id) FROM user_schools us WHERE us.user_id = u.id), '[]'::jsonb) AS school_ids,
            COALESCE((SELECT jsonb_agg(ug.area_id ORDER BY ug.area_id) FROM user_gemeenten ug WHERE ug.user_id = u.id), '[]'::jsonb) AS gemeente_ids,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('id', d.id, 'name', d.name, 'created_at', d.created_at,
                                                          'last_seen_at', d.last_seen_at, 'revoked_at', d.revoked_at)
                                       ORDER BY d.last_seen_at DESC, d.id)
                        FROM devices d WHERE d.user_id = u.id), '[]'::jsonb) AS devices
       FROM users u
      WHERE ($1::uuid IS NULL OR u.id = $1::uuid)
      ORDER BY u.display_name, u.username`,
    [id ?? null],
  );
  return rows.map(view);
}

async function requireBeheerder(ctx: RouteContext, request: Parameters<typeof authenticate>[2]): Promise<Session> {
  const session = await authenticate(ctx.db, ctx.secret, request);
  if (!canManageUsers(session.actor)) throw new HttpError(403, 'forbidden', 'Alleen de functioneel beheerder beheert gebruikers.');
  return session;
}

/** Every school id must exist: 400 naming the first that does not. */
async function checkSchools(db: Queryable, ids: readonly string[], needsOne: boolean): Promise<string[]> {
  const unique = [...new Set(ids.map((s) => s.toLowerCase()))];
  if (needsOne && unique.length === 0) {
    const message = 'Kies minstens één school voor een jeugdprofessional of intern begeleider';
    throw new HttpError(400, 'invalid_request', `Ongeldige invoer bij schoolIds: ${message}`, [{ path: 'schoolIds', message }]);
  }
  if (unique.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM schools WHERE id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)',
    [JSON.stringify(unique)],
  );
  const known = new Set(rows.map((r) => r.id));
  const missing = unique.find((s) => !known.has(s));
  if (missing) {
    const message = `Onbekende school: ${missing}`;
    throw new HttpError(400, 'unknown_school', `Ongeldige invoer bij schoolIds: ${message}`, [{ path: 'schoolIds', message }]);
  }
  return unique;
}

/**
 * Every gemeente id must be a gemeente, and a leerplichtambtenaar needs one; other roles have none
 * (their areas follow from their schools). 400 naming the problem.
 */
async function checkGemeenten(db: Queryable, ids: readonly string[], role: Role): Promise<string[]> {
  const unique = [...new Set(ids.map((s) => s.toLowerCase()))];
  const refuse = (code: string, message: string) => {
    throw new HttpError(400, code, `Ongeldige invoer bij gemeenteIds: ${message}`, [{ path: 'gemeenteIds', message }]);
  };
  if (!scopedByGemeenten(role)) {
    if (unique.length > 0) refuse('invalid_request', 'Alleen een leerplichtambtenaar werkt voor gemeenten');
    return [];
  }
  if (unique.length === 0) refuse('invalid_request', 'Kies minstens één gemeente voor een leerplichtambtenaar');
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM areas WHERE kind = 'gemeente' AND id IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid)",
    [JSON.stringify(unique)],
  );
  const known = new Set(rows.map((r) => r.id));
  const missing = unique.find((s) => !known.has(s));
  if (missing) refuse('unknown_gemeente', `Onbekende gemeente: ${missing}`);
  return unique;
}

async function setGemeenten(db: Queryable, userId: string, ids: readonly string[]) {
  await db.query('DELETE FROM user_gemeenten WHERE user_id = $1', [userId]);
  if (ids.length > 0) {
    await db.query('INSERT INTO user_gemeenten (user_id, area_id) SELECT $1, (jsonb_array_elements_text($2::jsonb))::uuid', [
      userId,
      JSON.stringify(ids),
    ]);
  }
}

async function setSchools(db: Queryable, userId: string, ids: readonly string[]) {
  await db.query('DELETE FROM user_schools WHERE user_id = $1', [userId]);
  if (ids.length > 0) {
    await db.query('INSERT INTO user_schools (user_id, school_id) SELECT $1, (jsonb_array_elements_text($2::jsonb))::uuid', [
      userId,
      JSON.stringify(ids),
    ]);
  }
}

async function audit(
  db: Queryable,
  session: Session,
  action: AuditAction & `user.${string}`,
  userId: string,
  detail: Record<string, unknown>,
) {
  await writeAudit(db, [
    {
      userId: session.actor.id,
      role: session.actor.role,
      deviceId: session.deviceId,
      action,
      entity: 'user',
      detail: { userId, ...detail },
    },
  ]);
}

export function adminRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db } = ctx;

  app.get('/api/admin/users', async (request) => {
    await requireBeheerder(ctx, request);
    return answer(usersResponseSchema, { users: await listUsers(db) });
  });

  app.post('/api/admin/users', async (request, reply) => {
    const session = await requireBeheerder(ctx, request);
    refusePassword(request.body);
    const body = parse(createUserRequestSchema, request.body);
    const id = randomUUID();
    const result = await db.transaction(async (tx) => {
      const schools = await checkSchools(tx, body.schoolIds, needsSchools(body.role));
      const gemeenten = await checkGemeenten(tx, body.gemeenteIds ?? [], body.role);
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO users (id, username, display_name, password_hash, role) VALUES ($1, $2, $3, NULL, $4)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [id, body.username, body.name, body.role],
      );
      if (rows.length === 0) throw new HttpError(409, 'username_taken', `De gebruikersnaam ${body.username} bestaat al. Kies een andere.`);
      await setSchools(tx, id, schools);
      await setGemeenten(tx, id, gemeenten);
      const activation = await newActivation(tx, id, session.actor.id);
      await audit(tx, session, 'user.create', id, { username: body.username, role: body.role, schoolIds: schools, gemeenteIds: gemeenten });
      const [created] = await listUsers(tx, id);
      if (!created) throw new HttpError(404, 'not_found', 'Deze gebruiker bestaat niet.');
      return { user: created, activation };
    });
    return reply.code(201).send(answer(userWithActivationSchema, result));
  });

  app.patch('/api/admin/users/:id', async (request) => {
    const session = await requireBeheerder(ctx, request);
    const { id } = parse(userParamsSchema, request.params);
    refusePassword(request.body);
    const body = parse(patchUserRequestSchema, request.body);
    if (id === session.actor.id && body.role !== undefined && body.role !== session.actor.role) {
      throw new HttpError(400, 'own_role', 'Je kunt je eigen rol niet wijzigen; vraag een andere beheerder.');
    }
    const user = await db.transaction(async (tx) => {
      const [before] = await listUsers(tx, id);
      if (!before) throw new HttpError(404, 'not_found', 'Deze gebruiker bestaat niet.');
      const newRole = body.role ?? before.role;
      const schools =
        body.schoolIds !== undefined || body.role !== undefined
          ? await checkSchools(tx, body.schoolIds ?? before.schoolIds, needsSchools(newRole))
          : before.schoolIds;
      // A role change away from leerplicht drops the gemeenten; to leerplicht it needs them.
      const gemeenten =
        body.gemeenteIds !== undefined || body.role !== undefined
          ? await checkGemeenten(tx, body.gemeenteIds ?? (scopedByGemeenten(newRole) ? before.gemeenteIds : []), newRole)
          : before.gemeenteIds;
      await tx.query('UPDATE users SET display_name = COALESCE($2, display_name), role = COALESCE($3, role) WHERE id = $1', [
        id,
        body.name ?? null,
        body.role ?? null,
      ]);
      if (body.schoolIds !== undefined) await setSchools(tx, id, schools);
      if (body.gemeenteIds !== undefined || body.role !== undefined) await setGemeenten(tx, id, gemeenten);
      const [after] = await listUsers(tx, id);
      if (!after) throw new HttpError(404, 'not_found', 'Deze gebruiker bestaat niet.');
      const changed: Record<string, { before: unknown; after: unknown }> = {};
      for (const k of ['name', 'role', 'schoolIds', 'gemeenteIds'] as const) {
        if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changed[k] = { before: before[k], after: after[k] };
      }
      await audit(tx, session, 'user.update', id, { changed });
      return after;
    });
    return answer(userResponseSchema, { user });
  });

  // A forgotten (or possibly known to others) password: the old one stops working, every session of
  // the user ends at once (refresh and access tokens), and a new activation code lets the user choose
  // a new one. What the user's phones hold stays there, locked, until the user logs in again.
  app.post('/api/admin/users/:id/reset-password', async (request) => {
    const session = await requireBeheerder(ctx, request);
    const { id } = parse(userParamsSchema, request.params);
    parse(emptyBodySchema, request.body);
    if (id === session.actor.id)
      throw new HttpError(400, 'own_password', 'Je kunt je eigen wachtwoord hier niet herstellen; vraag een andere beheerder.');
    return db.transaction(async (tx) => {
      const { rows } = await tx.query('UPDATE users SET password_hash = NULL WHERE id = $1 RETURNING id', [id]);
      if (rows.length === 0) throw new HttpError(404, 'not_found', 'Deze gebruiker bestaat niet.');
      const ended = await endSessions(tx, { userId: id }, 'password_reset');
      const activation = await newActivation(tx, id, session.actor.id);
      await audit(tx, session, 'user.reset_password', id, { sessionsEnded: ended, activationHours: ACTIVATION_HOURS });
      const [user] = await listUsers(tx, id);
      if (!user) throw new HttpError(404, 'not_found', 'Deze gebruiker bestaat niet.');
      return answer(userWithActivationSchema, { user, activation });
    });
  });

  // A lost phone or authenticator app: the user's passkeys and TOTP secret are removed and every
  // device asks for a second factor again at its next log-in, where the user enrols a new one.
  app.post('/api/admin/users/:id/reset-second-factor', async (request) => {
    const session = await requireBeheerder(ctx, request);
    const { id } = parse(userParamsSchema, request.params);
    parse(emptyBodySchema, request.body);
    return db.transaction(async (tx) => {
      const [before] = await listUsers(tx, id);
      if (!before) throw new HttpError(404, 'not_found', 'Deze gebruiker bestaat niet.');
      await tx.query('DELETE FROM totp_secrets WHERE user_id = $1', [id]);
      await tx.query('DELETE FROM passkeys WHERE user_id = $1', [id]);
      await tx.query('UPDATE devices SET second_factor_at = NULL WHERE user_id = $1', [id]);
      await audit(tx, session, 'user.reset_second_factor', id, { before: before.secondFactor });
      const [user] = await listUsers(tx, id);
      if (!user) throw new HttpError(404, 'not_found', 'Deze gebruiker bestaat niet.');
      return answer(userResponseSchema, { user });
    });
  });
}
