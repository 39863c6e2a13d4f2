// /metrics (src/server/metrics.ts): Prometheus text for operators, behind its own token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createPupil, login, pull, push, school, setup, type TestApp } from './helpers';

const TOKEN = 'metrics-token-for-the-test';

/** The value of one sample line, e.g. sample(text, 'x_total{result="applied"}'); 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('/metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setup({ metricsToken: TOKEN });
  });
  afterAll(() => t.cleanup());

  const scrape = (authorization?: string) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

  it('is refused without the token or with another one', async () => {
    expect((await scrape()).statusCode).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).statusCode).toBe(401);
    expect((await scrape(TOKEN)).statusCode).toBe(401);
  });

  it('counts requests by route and status, sync latency, mutations by result and the outbox lag', async () => {
    const sanne = await login(t.app, 'sanne');
    // Saved two hours ago on the phone, pushed now: an outbox lag of two hours.
    const waited = { ...createPupil(school(1)), createdAt: new Date(Date.now() - 2 * 3600_000).toISOString() };
    const first = await push(t.app, sanne.accessToken, [waited]);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied']);
    const again = await push(t.app, sanne.accessToken, [waited, { ...createPupil(school(1)), entity: 'nietbestaand' }]);
    expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'rejected']);
    await pull(t.app, sanne.accessToken);
    await t.app.inject({ method: 'GET', url: `/api/geen-route/${randomUUID()}` });

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(sample(text, 'schoolnabij_http_requests_total{method="POST",route="/api/sync/push",status="200"}')).toBe(2);
    expect(sample(text, 'schoolnabij_http_requests_total{method="POST",route="/api/auth/login",status="200"}')).toBe(1);
    expect(sample(text, 'schoolnabij_http_requests_total{method="GET",route="/api/sync/pull",status="200"}')).toBe(1);
    // An unknown path is counted under one label, never its own (ids would grow the series without end).
    expect(sample(text, 'schoolnabij_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(text).not.toContain('geen-route');
    expect(sample(text, 'schoolnabij_sync_duration_seconds_count{op="push"}')).toBe(2);
    expect(sample(text, 'schoolnabij_sync_duration_seconds_count{op="pull"}')).toBe(1);
    expect(sample(text, 'schoolnabij_sync_mutations_total{result="applied"}')).toBe(1);
    expect(sample(text, 'schoolnabij_sync_mutations_total{result="duplicate"}')).toBe(1);
    expect(sample(text, 'schoolnabij_sync_mutations_total{result="rejected"}')).toBe(1);
    // Only the applied mutation says how long it waited: between one and four hours.
    expect(sample(text, 'schoolnabij_sync_outbox_lag_seconds_count')).toBe(1);
    expect(sample(text, 'schoolnabij_sync_outbox_lag_seconds_bucket{le="3600"}')).toBe(0);
    expect(sample(text, 'schoolnabij_sync_outbox_lag_seconds_bucket{le="14400"}')).toBe(1);
    expect(sample(text, 'schoolnabij_sync_outbox_lag_seconds_sum')).toBeGreaterThanOrEqual(7200);
    // Process figures too (memory, event loop), from prom-client's defaults.
    expect(text).toContain('process_resident_memory_bytes');
  });
});

describe('/metrics without a token configured', () => {
  it('does not exist', async () => {
    const t = await setup({ seed: false });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(404);
    } finally {
      await t.cleanup();
    }
  });
});
