// Issue 6, fuzz: random and malformed bodies, params, query strings, headers and tokens to every
// route of the service (read from the Fastify instance, so a new route is fuzzed without touching
// this file). Properties: no answer is >= 500, and a rejected request (4xx) writes nothing: every
// table has the same content before and after, except the two security logs that must record
// rejected log-ins (audit_log, login_failures). Seeded; fast-check prints the seed and path of a
// failing case (FUZZ_SEED=… FUZZ_RUNS=… to replay or run more).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../../src/server/store/db';
import { login, setup, type LoggedIn, type TestApp } from './helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_611);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
/** Written by rejected requests on purpose: failed log-ins are counted and audited. */
const SECURITY_LOGS = new Set(['audit_log', 'login_failures', 'schema_migrations']);

interface Route {
  url: string;
  methods: string[];
}

/** Every route, from app.printRoutes (a tree: each level indented by 4 characters). */
export function routesOf(app: FastifyInstance): Route[] {
  const out: Route[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(url);
    if (m[3]) out.push({ url, methods: m[3].split(',').map((x) => x.trim()).filter((x) => x !== 'HEAD') });
  }
  return out;
}

let t: TestApp;
let sanne: LoggedIn;
let beheer: LoggedIn;
let fingerprintSql = '';
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
  beheer = await login(t.app, 'beheer');
  const { rows } = await t.db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const tables = rows.map((r) => r.table_name).filter((n) => !SECURITY_LOGS.has(n));
  expect(tables).toEqual(expect.arrayContaining(['records', 'users', 'devices', 'refresh_tokens', 'conflicts', 'applied_mutations']));
  // One statement: a hash of each table's rows (as text, sorted), so an UPDATE is seen too.
  fingerprintSql = `SELECT ${tables
    .map((n) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${quoteIdent(n)} x) AS ${quoteIdent(n)}`)
    .join(', ')}`;
});
afterAll(() => t.cleanup());

const fingerprint = async () => (await t.db.query<Record<string, string>>(fingerprintSql)).rows[0]!;

// Values: valid-looking and hostile.
const uuid = fc.uuid();
const nasty = fc.constantFrom(
  '', ' ', '0', '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}', '../../etc/passwd', '%00', '\u0000', "'; DROP TABLE records; --",
  '<script>alert(1)</script>', 'ＡＢＣ', '😀'.repeat(50), 'a'.repeat(5000), '9'.repeat(40), '2026-02-30', '2026-13-01', '0000-00-00',
  '__proto__', 'constructor', 'Bearer', '1.2.3', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
);
const scalar = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), uuid, nasty,
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
const keys = fc.constantFrom(
  'username', 'password', 'deviceId', 'deviceName', 'refreshToken', 'protocolVersion', 'mutations', 'views', 'id', 'pupilId', 'at',
  'entity', 'recordId', 'kind', 'changes', 'baseVersion', 'createdAt', 'from', 'to', 'cursor', 'limit', 'schoolId', 'deleted',
  '__proto__', 'constructor', 'extra',
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(keys, tie('v'), { maxKeys: 6 })),
})).v;
const objectBody = fc.dictionary(keys, value, { maxKeys: 8 });
const nearValid = fc.record({
  protocolVersion: fc.oneof(fc.constant(1), scalar),
  mutations: fc.array(objectBody, { maxLength: 3 }),
  views: fc.array(fc.record({ id: fc.oneof(uuid, scalar), pupilId: fc.oneof(uuid, scalar), at: fc.oneof(scalar, fc.constant(new Date().toISOString())) }), { maxLength: 3 }),
  username: fc.oneof(fc.constantFrom('sanne', 'beheer', 'SANNE ', 'onbekend'), scalar),
  password: fc.oneof(fc.constantFrom('fout', 'demo-schoolnabij'), scalar),
  deviceId: fc.oneof(uuid, scalar),
  deviceName: fc.oneof(fc.constant('Telefoon'), scalar),
  refreshToken: fc.oneof(fc.string({ maxLength: 60 }), scalar),
}, { requiredKeys: [] });
const body = fc.oneof(
  fc.constant(undefined),
  objectBody.map((b) => JSON.stringify(b)),
  nearValid.map((b) => JSON.stringify(b)),
  fc.jsonValue({ maxDepth: 3 }).map((b) => JSON.stringify(b)),
  fc.constantFrom('{', '[1,', '{"a":', 'nul', '""', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', '[]', '0'),
  fc.string({ maxLength: 200 }),
  fc.constant(JSON.stringify({ views: Array.from({ length: 501 }, () => ({ id: randomUUID(), pupilId: randomUUID(), at: new Date().toISOString() })) })),
  fc.nat({ max: 40 }).map((d) => '['.repeat(d * 50) + ']'.repeat(d * 50)),
);
const contentType = fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined);
const token = fc.oneof(
  fc.constant(undefined),
  fc.constant('sanne'),
  fc.constant('beheer'),
  fc.constantFrom('Bearer ', 'Bearer x.y.z', 'Basic dXNlcjpwYXNz', 'bearer abc', `Bearer ${'a'.repeat(5000)}`, 'Bearer eyJhbGciOiJub25lIn0.eyJ1c2VySWQiOiIxIn0.'),
  fc.string({ maxLength: 80 }).map((s) => `Bearer ${s}`),
);
const param = fc.oneof(uuid, uuid.map((u) => u.toUpperCase()), nasty, fc.string({ minLength: 1, maxLength: 40 }));
const query = fc.array(
  fc.tuple(fc.oneof(keys, fc.string({ maxLength: 10 })), fc.oneof(scalar.map(String), fc.constantFrom('2026-01-01', '2025-12-31', '0', '1000', '1001', '-5'))),
  { maxLength: 4 },
);
const protocolHeader = fc.oneof(fc.constant('1'), fc.constant(undefined), fc.constantFrom('0', '2', 'abc', '1.5', '999999999'));

const request = (route: Route) =>
  fc.record({
    method: fc.constantFrom(...route.methods),
    params: fc.array(param, { minLength: 5, maxLength: 5 }),
    query,
    body,
    contentType,
    token,
    protocol: protocolHeader,
  });

type Req = ReturnType<typeof request> extends fc.Arbitrary<infer T> ? T : never;

function build(route: Route, r: Req) {
  let i = 0;
  const path = route.url.replace(/:[A-Za-z]+/g, () => encodeURIComponent(String(r.params[i++] ?? 'x')));
  const qs = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const headers: Record<string, string> = {};
  if (r.token === 'sanne') headers.authorization = `Bearer ${sanne.accessToken}`;
  else if (r.token === 'beheer') headers.authorization = `Bearer ${beheer.accessToken}`;
  else if (r.token !== undefined) headers.authorization = r.token;
  if (r.protocol !== undefined) headers['x-protocol-version'] = r.protocol;
  if (r.contentType && r.body !== undefined) headers['content-type'] = r.contentType;
  return {
    method: r.method as 'GET' | 'POST',
    url: qs ? `${path}?${qs}` : path,
    headers,
    ...(r.body !== undefined ? { payload: r.body } : {}),
  };
}

describe('fuzz every route', () => {
  it('finds the routes from the instance (new routes are included automatically)', () => {
    const urls = routesOf(t.app).map((r) => r.url);
    expect(urls).toEqual(expect.arrayContaining([
      '/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/sync/push', '/api/sync/pull', '/api/devices',
      '/api/devices/:id/revoke', '/api/audit/views', '/api/audit/pupils/:id', '/api/audit/export', '/api/health',
    ]));
  });

  it('no answer >= 500 and no writes from rejected requests', async () => {
    const routes = routesOf(t.app);
    let base = await fingerprint();
    const seen = new Map<string, number>();
    for (const [k, route] of routes.entries()) {
      await fc.assert(
        fc.asyncProperty(request(route), async (r) => {
          const req = build(route, r);
          const res = await t.app.inject(req);
          const label = `${req.method} ${req.url.slice(0, 120)} → ${res.statusCode} ${res.body.slice(0, 200)}`;
          expect(res.statusCode, label).toBeLessThan(500);
          const after = await fingerprint();
          if (res.statusCode >= 400) {
            const changed = Object.keys(after).filter((n) => after[n] !== base[n]);
            expect(changed, `rejected request wrote to ${changed.join(', ')}: ${label}`).toEqual([]);
          }
          base = after;
          seen.set(`${res.statusCode}`, (seen.get(`${res.statusCode}`) ?? 0) + 1);
        }),
        { seed: SEED + k, numRuns: RUNS, endOnFailure: true },
      );
    }
    // The fuzz reached past validation, not only the 401 door.
    expect([...seen.keys()]).toEqual(expect.arrayContaining(['200', '400', '401']));
  }, 300_000); // RUNS requests per route and method: the log-in steps added five routes
});
