// GET /metrics in Prometheus text format, for the operators: requests by route and status, sync
// push and pull latency, mutations by result, and the outbox lag the devices' mutations report.
// Each copy counts its own requests (Prometheus scrapes every copy and sums); nothing here is state
// another copy needs. Off unless a token is configured (METRICS_TOKEN / METRICS_TOKEN_FILE); nginx
// does not pass /metrics on, so it is reached only on a copy's own address.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const SYNC_ROUTES: Record<string, 'push' | 'pull'> = { '/api/sync/push': 'push', '/api/sync/pull': 'pull' };

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'schoolnabij_http_requests_total',
    help: 'HTTP requests answered, by route (the route pattern, never the path) and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const syncDuration = new Histogram({
    name: 'schoolnabij_sync_duration_seconds',
    help: 'Time to answer a sync push or pull, in seconds.',
    labelNames: ['op'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const mutations = new Counter({
    name: 'schoolnabij_sync_mutations_total',
    help: 'Pushed mutations by result: applied, conflict (applied, a value kept aside), duplicate (already applied), rejected.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const outboxLag = new Histogram({
    name: 'schoolnabij_sync_outbox_lag_seconds',
    help: 'How long a mutation waited in the device outbox: arrival minus the createdAt the device gave it (device clock).',
    buckets: [1, 5, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600, 30 * 24 * 3600],
    registers: [registry],
  });
  return { registry, requests, syncDuration, mutations, outboxLag };
}

export type Metrics = ReturnType<typeof createMetrics>;

function sameToken(given: string, expected: string): boolean {
  // Compare digests: equal length, and no early exit that tells how much of the token was right.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function pushedMutations(request: FastifyRequest): Map<string, unknown> {
  const body = request.body as { mutations?: unknown } | undefined;
  const list = Array.isArray(body?.mutations) ? (body.mutations as Record<string, unknown>[]) : [];
  return new Map(list.map((m) => [String(m?.id).toLowerCase(), m?.createdAt]));
}

export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string | undefined) {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    const op = SYNC_ROUTES[route];
    if (op && reply.statusCode < 500) metrics.syncDuration.observe({ op }, reply.elapsedTime / 1000);
  });

  // The push answer names each mutation's result; the request body has each mutation's createdAt.
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.routeOptions.url !== '/api/sync/push' || reply.statusCode !== 200) return payload;
    const results = (payload as { results?: { mutationId: string; status: string }[] }).results ?? [];
    const createdAt = pushedMutations(request);
    const now = Date.now();
    for (const r of results) {
      metrics.mutations.inc({ result: r.status });
      if (r.status !== 'applied' && r.status !== 'conflict') continue;
      const at = Date.parse(String(createdAt.get(r.mutationId.toLowerCase())));
      if (Number.isFinite(at)) metrics.outboxLag.observe(Math.max(0, (now - at) / 1000));
    }
    return payload;
  });

  app.get('/metrics', async (request, reply) => {
    if (!token) return reply.code(404).send({ error: 'not_found', message: 'Onbekend adres: GET /metrics' });
    const auth = request.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !sameToken(auth.slice(7), token)) {
      return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ error: 'unauthorized', message: 'Geef het metrics-token mee.' });
    }
    return reply
      .header('Content-Type', metrics.registry.contentType)
      .header('Cache-Control', 'no-store')
      .send(await metrics.registry.metrics());
  });
}
