// GET /api/family/schools (jeugdprofessional): every school of the region with its jeugdprofessional
// from the directory, so a family can name "a brother or sister at school X" with whom to call
// there. The family itself is a synced record (src/domain/family.ts); this is only the pick list.
import type { FastifyInstance } from 'fastify';
import { keepsDossiers } from '../../domain/permissions';
import { regionSchoolsResponseSchema, type RegionSchoolsResponse } from '../../sync/api/family';
import { authenticate } from '../auth/authenticate';
import { HttpError } from '../errors';
import { answer, type RouteContext } from './context';

interface Row {
  id: string;
  name: string;
  kind: 'po' | 'vo' | 'so';
  place: string;
  contact_name: string | null;
  contact_phone: string | null;
}

export function familyRoutes(app: FastifyInstance, ctx: RouteContext) {
  const { db, secret } = ctx;

  app.get('/api/family/schools', async (request): Promise<RegionSchoolsResponse> => {
    const { actor } = await authenticate(db, secret, request);
    if (!keepsDossiers(actor.role)) throw new HttpError(403, 'forbidden', 'Alleen de jeugdprofessional legt een gezin vast.');
    // The directory's jeugdprofessional of each school (the first by name when there are more).
    const { rows } = await db.query<Row>(
      `SELECT s.id, s.name, s.kind, s.place, jp.data ->> 'name' AS contact_name, jp.data ->> 'phone' AS contact_phone
         FROM schools s
         LEFT JOIN LATERAL (
           SELECT r.data FROM records r
            WHERE r.entity = 'contactPerson' AND r.school_id = s.id AND NOT r.deleted AND r.purged_at IS NULL
              AND r.data ->> 'role' = 'jeugdprofessional'
            ORDER BY r.data ->> 'name', r.id LIMIT 1
         ) jp ON true
        ORDER BY s.name, s.id`,
    );
    return answer(regionSchoolsResponseSchema, {
      schools: rows.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        place: r.place,
        contactName: r.contact_name ?? '',
        contactPhone: r.contact_phone ?? '',
      })),
    });
  });
}
