// GET /api/schools (every signed-in user), PATCH /api/schools/:id (coordinator): the schools, their
// presence days and whether the team shares casework.
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { canManageSchools, seesAllSchools } from '../../domain/permissions';
import type { schoolSchema } from '../../domain/school';
import { storable } from '../../domain/input';
import { authenticate } from '../auth/authenticate';
import { HttpError } from '../errors';
import type { Queryable } from '../store/db';
import { parse, type RouteContext } from './context';

const paramsSchema = z.strictObject({ id: z.uuid({ error: 'Ongeldige school-id' }) });

const patchSchema = z
  .strictObject({
    name: z.optional(
      z.string({ error: 'Vul een naam in' }).check(z.trim(), z.minLength(2, 'Vul een naam in (minstens 2 tekens)'), z.maxLength(120, 'Maximaal 120 tekens'), storable),
    ),
    place: z.optional(z.string({ error: 'Vul een plaats in' }).check(z.trim(), z.maxLength(80, 'Maximaal 80 tekens'), storable)),
    presenceDays: z.optional(
      z.array(z.int({ error: 'Een dag is een getal van 1 (maandag) tot 7 (zondag)' }).check(
        z.minimum(1, 'Een dag is een getal van 1 (maandag) tot 7 (zondag)'),
        z.maximum(7, 'Een dag is een getal van 1 (maandag) tot 7 (zondag)'),
      )).check(z.maxLength(7, 'Hoogstens 7 dagen')),
    ),
    teamShares: z.optional(z.boolean({ error: 'Kies of het team gegevens deelt (true of false)' })),
  })
  .check(z.refine((v) => Object.keys(v).length > 0, { error: 'Geef minstens één veld om te wijzigen: name, place, presenceDays of teamShares' }));

interface SchoolRow {
  id: string;
  name: string;
  kind: 'po' | 'vo' | 'so';
  place: string;
  presence_days: number[];
  team_shares: boolean;
}

export type SchoolView = z.infer<typeof schoolSchema> & { teamShares: boolean };

const view = (r: SchoolRow): SchoolView => ({
  id: r.id, name: r.name, kind: r.kind, place: r.place, presenceDays: r.presence_days, teamShares: r.team_shares,
});

const COLUMNS = 'id, name, kind, place, presence_days, team_shares';

/** Coordinator and beheerder keep the region: they see every school. Others see their own. */

async function loadSchool(db: Queryable, id: string): Promise<SchoolRow | undefined> {
  const { rows } = await db.query<SchoolRow>(`SELECT ${COLUMNS} FROM schools WHERE id = $1`, [id]);
  return rows[0];
}

export function schoolRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  app.get('/api/schools', async (request) => {
    const { actor } = await authenticate(db, secret, request);
    const { rows } = seesAllSchools(actor.role)
      ? await db.query<SchoolRow>(`SELECT ${COLUMNS} FROM schools ORDER BY name, id`)
      : await db.query<SchoolRow>(
          `SELECT ${COLUMNS} FROM schools WHERE id IN (SELECT school_id FROM user_schools WHERE user_id = $1) ORDER BY name, id`,
          [actor.id],
        );
    return { schools: rows.map(view) };
  });

  app.patch('/api/schools/:id', async (request) => {
    const session = await authenticate(db, secret, request);
    if (!canManageSchools(session.actor)) {
      throw new HttpError(403, 'forbidden', 'Alleen de coördinator wijzigt scholen.');
    }
    const { id } = parse(paramsSchema, request.params);
    const body = parse(patchSchema, request.body);
    const school = await db.transaction(async (tx) => {
      const before = await loadSchool(tx, id);
      if (!before) throw new HttpError(404, 'not_found', 'Deze school bestaat niet.');
      const presenceDays = body.presenceDays ? [...new Set(body.presenceDays)].sort((a, b) => a - b) : undefined;
      const { rows } = await tx.query<SchoolRow>(
        `UPDATE schools SET name = COALESCE($2, name), place = COALESCE($3, place),
                presence_days = COALESCE($4::jsonb, presence_days), team_shares = COALESCE($5, team_shares)
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, body.name ?? null, body.place ?? null, presenceDays ? JSON.stringify(presenceDays) : null, body.teamShares ?? null],
      );
      const after = rows[0];
      if (!after) throw new HttpError(404, 'not_found', 'Deze school bestaat niet.');
      const was = view(before);
      const now = view(after);
      const fields = (Object.keys(body) as (keyof SchoolView)[]).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]));
      await tx.query(
        `INSERT INTO audit_log (user_id, device_id, action, entity, detail) VALUES ($1, $2, 'school.update', 'school', $3::jsonb)`,
        [session.actor.id, session.deviceId, JSON.stringify({
          schoolId: id,
          fields,
          before: Object.fromEntries(fields.map((k) => [k, was[k]])),
          after: Object.fromEntries(fields.map((k) => [k, now[k]])),
        })],
      );
      return now;
    });
    return { school };
  });
}
