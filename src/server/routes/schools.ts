// GET /api/schools (every signed-in user), PATCH /api/schools/:id (coordinator): the schools, their
// presence days and whether the team shares casework.
import type { FastifyInstance } from 'fastify';
import { canManageSchools, seesAllSchools } from '../../domain/permissions';
import { authenticate } from '../auth/authenticate';
import { HttpError } from '../errors';
import type { Queryable } from '../store/db';
import { writeAudit } from '../audit/log';
import { answer, parse, type RouteContext } from './context';
import {
  patchSchoolRequestSchema,
  schoolParamsSchema,
  schoolResponseSchema,
  schoolsResponseSchema,
  type AdminSchool,
} from '../../sync/api/schools';

interface SchoolRow {
  id: string;
  name: string;
  kind: 'po' | 'vo' | 'so';
  place: string;
  presence_days: number[];
  team_shares: boolean;
  gemeente_id: string | null;
}

const view = (r: SchoolRow): AdminSchool => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  place: r.place,
  presenceDays: r.presence_days,
  teamShares: r.team_shares,
  // The beheer user form shows which schools a gemeente brings for a leerplichtambtenaar.
  ...(r.gemeente_id ? { gemeenteId: r.gemeente_id } : {}),
});

const COLUMNS = 'id, name, kind, place, presence_days, team_shares, gemeente_id';

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
    return answer(schoolsResponseSchema, { schools: rows.map(view) });
  });

  app.patch('/api/schools/:id', async (request) => {
    const session = await authenticate(db, secret, request);
    if (!canManageSchools(session.actor)) {
      throw new HttpError(403, 'forbidden', 'Alleen de coördinator wijzigt scholen.');
    }
    const { id } = parse(schoolParamsSchema, request.params);
    const body = parse(patchSchoolRequestSchema, request.body);
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
      const fields = (Object.keys(body) as (keyof AdminSchool)[]).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]));
      await writeAudit(tx, [
        {
          userId: session.actor.id,
          role: session.actor.role,
          deviceId: session.deviceId,
          action: 'school.update',
          entity: 'school',
          detail: {
            schoolId: id,
            fields,
            before: Object.fromEntries(fields.map((k) => [k, was[k]])),
            after: Object.fromEntries(fields.map((k) => [k, now[k]])),
          },
        },
      ]);
      return now;
    });
    return answer(schoolResponseSchema, { school });
  });
}
