// Fuzz: random and malformed bodies, params, query strings, headers and tokens to every route of the
// service (read from the Fastify instance, so a new route is fuzzed without touching this file), and
// arbitrary Unicode text (NUL, lone surrogates), numbers and dates in every field of every mutation
// kind. Properties: no answer is >= 500, and refused input writes nothing: every table has the same
// content before and after, except the two security logs that must record refused attempts
// (audit_log, login_failures); accepted text is stored exactly. Seeded; fast-check prints the seed
// and path of a failing case (FUZZ_SEED=… FUZZ_RUNS=… to replay or run more). The number of
// requests sent and of answers >= 500 is printed at the end.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../../src/server/store/db';
import { entityNames, entitySchemas, type EntityName } from '../../src/domain';
import type { MutationResult } from '../../src/sync/protocol';
import { login, school, setup, type LoggedIn, type TestApp } from './helpers';
import { fieldsOf } from './schoolSide.support';

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
    if (m[3])
      out.push({
        url,
        methods: m[3]
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== 'HEAD'),
      });
  }
  return out;
}

let t: TestApp;
let sanne: LoggedIn;
let beheer: LoggedIn;
let fingerprintSql = '';
/** Every request this file sends, and how many answered >= 500 (printed at the end). */
const sent = { requests: 0, serverErrors: 0 };
async function inject(req: InjectOptions) {
  const res = await t.app.inject(req);
  sent.requests++;
  if (res.statusCode >= 500) sent.serverErrors++;
  return res;
}
beforeAll(async () => {
  t = await setup();
  sanne = await login(t.app, 'sanne');
  beheer = await login(t.app, 'beheer');
  const { rows } = await t.db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const tables = rows.map((r) => r.table_name).filter((n) => !SECURITY_LOGS.has(n));
  expect(tables).toEqual(expect.arrayContaining(['records', 'users', 'devices', 'refresh_tokens', 'conflicts', 'applied_mutations']));
  // One statement: a hash of each table's rows (as text, sorted), so an UPDATE is seen too. A
  // device's last_seen_at is left out: any signed-in request refreshes it once it is 5 minutes old
  // (authenticate.ts), which on a slow run falls on a refused request and is no write of its input.
  fingerprintSql = `SELECT ${tables
    .map(
      (n) =>
        `(SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) FROM (SELECT (to_jsonb(x) - 'last_seen_at')::text AS r FROM ${quoteIdent(n)} x) y) AS ${quoteIdent(n)}`,
    )
    .join(', ')}`;
});
afterAll(async () => {
  console.log(`fuzz: ${sent.requests} requests, ${sent.serverErrors} answers >= 500`);
  await t.cleanup();
});

const fingerprint = async () => (await t.db.query<Record<string, string>>(fingerprintSql)).rows[0]!;

// Values: valid-looking and hostile.
const uuid = fc.uuid();
const nasty = fc.constantFrom(
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '../../etc/passwd',
  '%00',
  '\u0000',
  "'; DROP TABLE records; --",
  '<script>alert(1)</script>',
  'ＡＢＣ',
  '😀'.repeat(50),
  'a'.repeat(5000),
  '9'.repeat(40),
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '__proto__',
  'constructor',
  'Bearer',
  '1.2.3',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
);
/** Any UTF-16 text: every code point, lone surrogate halves and NUL included. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc
    .tuple(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d', '\ufffd', '\u202e', '\ufeff'),
      fc.string({ maxLength: 10 }),
    )
    .map((p) => p.join('')),
);
/** Dates and instants, in and far outside what the store holds (year 0000, +010000, -000001). */
const anyDate = fc.oneof(
  fc
    .date({ min: new Date(-62_198_755_200_000 - 86_400_000 * 400), max: new Date(8.64e15), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc
    .date({ min: new Date(-62_198_755_200_000), max: new Date(253_402_300_799_999), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    '0000-01-01',
    '0000-01-01T00:00:00Z',
    '9999-12-31',
    '9999-12-31T23:59:59+14:00',
    '1899-12-31',
    '2999-12-31',
    '3000-01-01',
    '2026-02-29',
    '2024-02-29',
  ),
);
const anyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308),
);
const scalar = fc.oneof(fc.string({ maxLength: 40 }), anyText, anyNumber, fc.boolean(), fc.constant(null), uuid, nasty, anyDate);
const keys = fc.constantFrom(
  'username',
  'password',
  'deviceId',
  'deviceName',
  'refreshToken',
  'protocolVersion',
  'mutations',
  'views',
  'id',
  'pupilId',
  'at',
  'entity',
  'recordId',
  'kind',
  'changes',
  'baseVersion',
  'createdAt',
  'from',
  'to',
  'cursor',
  'limit',
  'schoolId',
  'deleted',
  '__proto__',
  'constructor',
  'extra',
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(keys, tie('v'), { maxKeys: 6 }),
  ),
})).v;
const objectBody = fc.dictionary(keys, value, { maxKeys: 8 });
const nearValid = fc.record(
  {
    protocolVersion: fc.oneof(fc.constant(2), scalar),
    mutations: fc.array(objectBody, { maxLength: 3 }),
    views: fc.array(
      fc.record({
        id: fc.oneof(uuid, scalar),
        pupilId: fc.oneof(uuid, scalar),
        at: fc.oneof(scalar, fc.constant(new Date().toISOString())),
      }),
      { maxLength: 3 },
    ),
    username: fc.oneof(fc.constantFrom('sanne', 'beheer', 'SANNE ', 'onbekend'), scalar),
    password: fc.oneof(fc.constantFrom('fout', 'demo-schoolnabij'), scalar),
    deviceId: fc.oneof(uuid, scalar),
    deviceName: fc.oneof(fc.constant('Telefoon'), scalar),
    refreshToken: fc.oneof(fc.string({ maxLength: 60 }), scalar),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.constant(undefined),
  objectBody.map((b) => JSON.stringify(b)),
  nearValid.map((b) => JSON.stringify(b)),
  fc.jsonValue({ maxDepth: 3 }).map((b) => JSON.stringify(b)),
  fc.constantFrom('{', '[1,', '{"a":', 'nul', '""', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', '[]', '0'),
  fc.string({ maxLength: 200 }),
  fc.constant(
    JSON.stringify({
      views: Array.from({ length: 501 }, () => ({ id: randomUUID(), pupilId: randomUUID(), at: new Date().toISOString() })),
    }),
  ),
  fc.nat({ max: 40 }).map((d) => '['.repeat(d * 50) + ']'.repeat(d * 50)),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  undefined,
);
const token = fc.oneof(
  fc.constant(undefined),
  fc.constant('sanne'),
  fc.constant('beheer'),
  fc.constantFrom(
    'Bearer ',
    'Bearer x.y.z',
    'Basic dXNlcjpwYXNz',
    'bearer abc',
    `Bearer ${'a'.repeat(5000)}`,
    'Bearer eyJhbGciOiJub25lIn0.eyJ1c2VySWQiOiIxIn0.',
  ),
  fc.string({ maxLength: 80 }).map((s) => `Bearer ${s}`),
);
const param = fc.oneof(
  uuid,
  uuid.map((u) => u.toUpperCase()),
  nasty,
  fc.string({ minLength: 1, maxLength: 40 }),
);
const query = fc.array(
  fc.tuple(
    fc.oneof(keys, fc.string({ maxLength: 10 })),
    fc.oneof(scalar.map(String), fc.constantFrom('2026-01-01', '2025-12-31', '0', '1000', '1001', '-5')),
  ),
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

/**
 * Percent-encoding as a client would send it; a lone surrogate (which encodeURIComponent refuses) goes
 * out as the three bytes a careless encoder writes for it (CESU-8), which are not valid UTF-8.
 */
function enc(s: string): string {
  let out = '';
  for (const ch of s) {
    try {
      out += encodeURIComponent(ch);
    } catch {
      const c = ch.charCodeAt(0);
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
  }
  return out;
}

function build(route: Route, r: Req) {
  let i = 0;
  const path = route.url.replace(/:[A-Za-z]+/g, () => enc(String(r.params[i++] ?? 'x')));
  const qs = r.query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
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
    expect(urls).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/auth/logout',
        '/api/sync/push',
        '/api/sync/pull',
        '/api/devices',
        '/api/devices/:id/revoke',
        '/api/audit/views',
        '/api/audit/pupils/:id',
        '/api/audit/export',
        '/api/health',
      ]),
    );
  });

  it('no answer >= 500 and no writes from rejected requests', async () => {
    const routes = routesOf(t.app);
    let base = await fingerprint();
    const seen = new Map<string, number>();
    for (const [k, route] of routes.entries()) {
      await fc.assert(
        fc.asyncProperty(request(route), async (r) => {
          const req = build(route, r);
          const res = await inject(req);
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
  }, 300_000); // hundreds of requests, each with a fingerprint of every table: slow on a busy machine
});

// ---------------------------------------------------------------------------------------------
// Every mutation kind with arbitrary values: a valid record per entity with fields replaced.

/**
 * A valid create of `entity` (fieldsOf), naming the records the test makes first: the pupil, its
 * signal, and one existing record for every other reference.
 */
function template(entity: EntityName, ids: { pupilId: string; signalId: string; requestId: string }): Record<string, unknown> {
  const fields = fieldsOf(entity);
  const refs: Record<string, unknown> = {};
  if (typeof fields.pupilId === 'string') refs.pupilId = ids.pupilId;
  if (typeof fields.signalId === 'string') refs.signalId = ids.signalId;
  for (const key of ['requestId', 'meetingId', 'itemId']) if (key in fields) refs[key] = ids.requestId;
  if (entity === 'family') {
    refs.members = [
      {
        pupilId: ids.pupilId,
        schoolId: school(1),
        schoolName: 'OBS De Springplank',
        contactName: 'Sanne de Vries',
        contactPhone: '035 750 21 10',
      },
    ];
  }
  return { ...fields, ...refs };
}

describe('fuzz every mutation kind', () => {
  it('arbitrary text, numbers and dates in any field: no answer >= 500, refused input writes nothing, accepted text is stored exactly', async () => {
    const ids = { pupilId: randomUUID(), signalId: randomUUID(), requestId: randomUUID() };
    // One valid record per entity to update, pushed by the user who may write it.
    const existing = new Map<EntityName, string>();
    const ib = await login(t.app, 'ib.springplank');
    const coordinator = await login(t.app, 'coordinator');
    const tokens = { sanne: sanne.accessToken, ib: ib.accessToken, coordinator: coordinator.accessToken };
    const writer: Record<EntityName, keyof typeof tokens> = {
      pupil: 'sanne',
      signal: 'sanne',
      contact: 'sanne',
      consultation: 'sanne',
      meldcode: 'sanne',
      consultationRequest: 'ib',
      consultationNote: 'sanne',
      contactPerson: 'coordinator',
      consent: 'sanne',
      family: 'sanne',
      absence: 'sanne',
      verzuimroute: 'sanne',
      mdoMeeting: 'ib',
      mdoItem: 'sanne',
      mdoAgreement: 'ib',
      wachtlijst: 'sanne',
    };
    for (const entity of entityNames) {
      const changes = template(entity, ids);
      expect(entitySchemas[entity].input.safeParse(changes).success, entity).toBe(true);
      const recordId =
        entity === 'pupil'
          ? ids.pupilId
          : entity === 'signal'
            ? ids.signalId
            : entity === 'consultationRequest'
              ? ids.requestId
              : randomUUID();
      const res = await inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: { authorization: `Bearer ${tokens[writer[entity]]}` },
        payload: {
          protocolVersion: 2,
          mutations: [
            {
              id: randomUUID(),
              entity,
              recordId,
              kind: 'create',
              changes: { ...changes, schoolId: school(1) },
              baseVersion: 0,
              createdAt: new Date().toISOString(),
            },
          ],
        },
      });
      expect(res.json().results[0].status, `${entity}: ${res.body}`).toBe('applied');
      existing.set(entity, recordId);
    }

    // Plausible text with one hostile character in it gets past every other check of a text field.
    const poisoned = fc
      .tuple(
        fc.constantFrom('Boos op het plein', 'T.K.', 'groep 4', 'Anna de Wit', '10:30', 'a@b.nl'),
        fc.constantFrom('\u0000', '\ud800', '\udc00', '\ud83d', '\u0000\u0000'),
        fc.nat(),
      )
      .map(([text, bad, at]) => text.slice(0, at % (text.length + 1)) + bad + text.slice(at % (text.length + 1)));
    const fieldValue = fc.oneof(
      poisoned,
      poisoned,
      anyText,
      anyText,
      anyNumber,
      anyDate,
      fc.boolean(),
      fc.constant(null),
      uuid,
      fc.array(anyText, { maxLength: 3 }),
      fc.dictionary(anyText, anyText, { maxKeys: 2 }),
    );
    const mutation = fc.constantFrom(...entityNames).chain((entity) => {
      const fields = [...Object.keys(entitySchemas[entity].input.def.shape), 'schoolId', 'deleted', '_resolveConflicts'];
      return fc.record({
        entity: fc.constant(entity),
        kind: fc.constantFrom('create', 'update'),
        who: fc.oneof(
          { weight: 3, arbitrary: fc.constant(writer[entity]) },
          fc.constantFrom<keyof typeof tokens>('sanne', 'ib', 'coordinator'),
        ),
        replace: fc.dictionary(
          fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: anyText }),
          fieldValue,
          { minKeys: 1, maxKeys: 3 },
        ),
        createdAt: fc.oneof({ weight: 3, arbitrary: fc.constant(new Date().toISOString()) }, { weight: 1, arbitrary: anyDate }),
        baseVersion: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: anyNumber }),
      });
    });

    let base = await fingerprint();
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const update = m.kind === 'update';
        const changes = update ? m.replace : { ...template(m.entity, ids), schoolId: school(1), ...m.replace };
        const body = {
          protocolVersion: 2,
          mutations: [
            {
              id: randomUUID(),
              entity: m.entity,
              recordId: update ? existing.get(m.entity)! : randomUUID(),
              kind: m.kind,
              changes,
              baseVersion: update ? m.baseVersion : 0,
              createdAt: m.createdAt,
            },
          ],
        };
        const res = await inject({
          method: 'POST',
          url: '/api/sync/push',
          headers: { authorization: `Bearer ${tokens[m.who]}` },
          payload: body,
        });
        const label = `${m.who} ${m.kind} ${m.entity} ${JSON.stringify(changes).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, label).toBeLessThan(500);
        const after = await fingerprint();
        const result = res.statusCode === 200 ? (res.json().results as MutationResult[])[0] : undefined;
        if (result?.status !== 'applied' && result?.status !== 'conflict') {
          const changed = Object.keys(after).filter((n) => after[n] !== base[n]);
          expect(changed, `refused input wrote to ${changed.join(', ')}: ${label}`).toEqual([]);
        } else {
          applied++;
          // Text that was accepted is stored exactly (trimmed), never with U+FFFD in place of a character.
          const { rows } = await t.db.query<{ data: Record<string, unknown> }>('SELECT data FROM records WHERE id = $1', [
            body.mutations[0]!.recordId,
          ]);
          for (const [k, v] of Object.entries(m.replace)) {
            if (typeof v === 'string' && k in rows[0]!.data && k !== 'schoolId') expect(rows[0]!.data[k], label).toBe(v.trim());
          }
        }
        base = after;
      }),
      { seed: SEED + 1000, numRuns: RUNS * 10, endOnFailure: true },
    );
    // The fuzz got past validation too, not only refusals.
    expect(applied).toBeGreaterThan(0);
  }, 300_000);
});
