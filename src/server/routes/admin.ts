// GET/POST /api/admin/users, PATCH /api/admin/users/:id: the beheerder keeps users, roles and school
// membership. Devices are listed per user here and revoked via POST /api/devices/:id/revoke.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { canManageUsers, needsSchools, roles, type Role } from '../../domain/permissions';
import { storable } from '../../domain/input';
import { authenticate, type Session } from '../auth/authenticate';
import { hashPassword } from '../auth/passwords';
import { passwordProblem } from '../auth/passwordPolicy';
import { HttpError } from '../errors';
import type { Queryable } from '../store/db';
import { parse, type RouteContext } from './context';

const USERNAME = /^[a-z0-9._-]{3,40}$/;

const username = z.string({ error: 'Vul een gebruikersnaam in' }).check(
  z.trim(),
  z.toLowerCase(),
  z.regex(USERNAME, 'Een gebruikersnaam heeft 3 tot 40 tekens: kleine letters, cijfers, punt, streepje of liggend streepje'),
);
const name = z.string({ error: 'Vul een naam in' }).check(z.trim(), z.minLength(2, 'Vul een naam in (minstens 2 tekens)'), z.maxLength(80, 'Maximaal 80 tekens'), storable);
const role = z.enum(roles, { error: 'Kies een rol: jeugdprofessional, ib, coordinator of beheerder' });
const schoolIds = z.array(z.uuid({ error: 'Ongeldige school-id' })).check(z.maxLength(200, 'Hoogstens 200 scholen'));
// The policy (length, not the username) is checked in the route, where the username is known.
const password = z.string({ error: 'Vul een wachtwoord in' }).check(z.maxLength(200, 'Een wachtwoord heeft hoogstens 200 tekens'), storable);

const createSchema = z.strictObject({ username, name, role, schoolIds, password });
const patchSchema = z
  .strictObject({ name: z.optional(name), role: z.optional(role), schoolIds: z.optional(schoolIds), password: z.optional(password) })
  .check(z.refine((v) => Object.keys(v).length > 0, { error: 'Geef minstens één veld om te wijzigen: name, role, schoolIds of password' }));
const paramsSchema = z.strictObject({ id: z.uuid({ error: 'Ongeldige gebruikers-id' }) });

interface UserListRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  created_at: Date;
  school_ids: string[];
  devices: { id: string; name: string; created_at: string; last_seen_at: string; revoked_at: string | null }[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function view(r: UserListRow) {
  return {
    id: r.id,
    username: r.username,
    name: r.display_name,
    role: r.role,
    schoolIds: r.school_ids,
    createdAt: iso(r.created_at),
    devices: r.devices.map((d) => ({
      id: d.id, name: d.name, createdAt: iso(d.created_at), lastSeenAt: iso(d.last_seen_at), revokedAt: iso(d.revoked_at),
    })),
  };
}
export type AdminUser = ReturnType<typeof view>;

/** Users with their schools and devices; one user when `id` is given. Never a password hash. */
async function listUsers(db: Queryable, id?: string): Promise<AdminUser[]> {
  const { rows } = await db.query<UserListRow>(
    `SELECT u.id, u.username, u.display_name, u.role, u.created_at,
            COALESCE((SELECT jsonb_agg(us.school_id ORDER BY us.school_id) FROM user_schools us WHERE us.user_id = u.id), '[]'::jsonb) AS school_ids,
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

const policyError = (message: string) =>
  new HttpError(400, 'invalid_request', `Ongeldige invoer bij password: ${message}`, [{ path: 'password', message }]);

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

async function setSchools(db: Queryable, userId: string, ids: readonly string[]) {
  await db.query('DELETE FROM user_schools WHERE user_id = $1', [userId]);
  if (ids.length > 0) {
    await db.query(
      'INSERT INTO user_schools (user_id, school_id) SELECT $1, (jsonb_array_elements_text($2::jsonb))::uuid',
      [userId, JSON.stringify(ids)],
    );
  }
}


async function audit(db: Queryable, session: Session, action: string, userId: string, detail: Record<string, unknown>) {
  await db.query(
    `INSERT INTO audit_log (user_id, device_id, action, entity, detail) VALUES ($1, $2, $3, 'user', $4::jsonb)`,
    [session.actor.id, session.deviceId, action, JSON.stringify({ userId, ...detail })],
  );
}

export function adminRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db } = ctx;

  app.get('/api/admin/users', async (request) => {
    await requireBeheerder(ctx, request);
    return { users: await listUsers(db) };
  });

  app.post('/api/admin/users', async (request, reply) => {
    const session = await requireBeheerder(ctx, request);
    const body = parse(createSchema, request.body);
    const problem = passwordProblem(body.password, body.username);
    if (problem) throw policyError(problem);
    const hash = await hashPassword(body.password);
    const id = randomUUID();
    const user = await db.transaction(async (tx) => {
      const schools = await checkSchools(tx, body.schoolIds, needsSchools(body.role));
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO users (id, username, display_name, password_hash, role) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [id, body.username, body.name, hash, body.role],
      );
      if (rows.length === 0) throw new HttpError(409, 'username_taken', `De gebruikersnaam ${body.username} bestaat al. Kies een andere.`);
      await setSchools(tx, id, schools);
      await audit(tx, session, 'user.create', id, { username: body.username, role: body.role, schoolIds: schools });
      const [created] = await listUsers(tx, id);
      return created;
    });
    return reply.code(201).send({ user });
  });

  app.patch('/api/admin/users/:id', async (request) => {
    const session = await requireBeheerder(ctx, request);
    const { id } = parse(paramsSchema, request.params);
    const body = parse(patchSchema, request.body);
    if (id === session.actor.id && body.role !== undefined && body.role !== session.actor.role) {
      throw new HttpError(400, 'own_role', 'Je kunt je eigen rol niet wijzigen; vraag een andere beheerder.');
    }
    const user = await db.transaction(async (tx) => {
      const [before] = await listUsers(tx, id);
      if (!before) throw new HttpError(404, 'not_found', 'Deze gebruiker bestaat niet.');
      if (body.password !== undefined) {
        const problem = passwordProblem(body.password, before.username);
        if (problem) throw policyError(problem);
      }
      const newRole = body.role ?? before.role;
      const schools = body.schoolIds !== undefined || body.role !== undefined
        ? await checkSchools(tx, body.schoolIds ?? before.schoolIds, needsSchools(newRole))
        : before.schoolIds;
      const hash = body.password !== undefined ? await hashPassword(body.password) : null;
      await tx.query(
        `UPDATE users SET display_name = COALESCE($2, display_name), role = COALESCE($3, role), password_hash = COALESCE($4, password_hash)
          WHERE id = $1`,
        [id, body.name ?? null, body.role ?? null, hash],
      );
      if (body.schoolIds !== undefined) await setSchools(tx, id, schools);
      const [after] = await listUsers(tx, id);
      if (!after) throw new HttpError(404, 'not_found', 'Deze gebruiker bestaat niet.');
      const changed: Record<string, { before: unknown; after: unknown }> = {};
      for (const k of ['name', 'role', 'schoolIds'] as const) {
        if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changed[k] = { before: before[k], after: after[k] };
      }
      // Never the password itself, only that it was set.
      await audit(tx, session, 'user.update', id, { changed, passwordChanged: hash !== null });
      return after;
    });
    return { user };
  });
}
