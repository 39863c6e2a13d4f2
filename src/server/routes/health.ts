// GET /api/health: for load balancers and people. 200 when the database answers, 503 when not.
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../sync/protocol';
import { schemaVersion } from '../store/migrate';
import type { RouteContext } from './context';

export function healthRoutes(app: FastifyInstance, ctx: RouteContext) {
  app.get('/api/health', async (_request, reply) => {
    try {
      const version = await schemaVersion(ctx.db);
      return { ok: true, db: 'up', schemaVersion: version, protocolVersion: PROTOCOL_VERSION };
    } catch {
      return reply.code(503).send({ ok: false, db: 'down', schemaVersion: null, protocolVersion: PROTOCOL_VERSION });
    }
  });
}
