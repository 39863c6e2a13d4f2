// JSON logs (src/server/logging.ts): every line has the request id; no line carries personal data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPupil, createSignal, login, openTestDb, push, school, setup, type TestApp } from './helpers';
import { serializeError } from '../../src/server/logging';

const FREE_TEXT = 'Vertelt dat oom Gerrit Zwanenburg hem slaat';
const INITIALS = 'Q.X.';

describe('the service log', () => {
  let t: TestApp;
  const file = join(mkdtempSync(join(tmpdir(), 'schoolnabij-log-')), 'service.log');
  let lines: Record<string, unknown>[] = [];
  let requestIds: string[] = [];

  beforeAll(async () => {
    t = await setup({ logger: { file }, copyId: 'kopie-7' });
    const sanne = await login(t.app, 'sanne');
    const pupil = createPupil(school(1), { initials: INITIALS });
    const res = await push(t.app, sanne.accessToken, [pupil, createSignal(school(1), pupil.recordId, { description: FREE_TEXT })]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // A name in a query string (a search) and in a refused body.
    const search = await t.app.inject({ method: 'GET', url: `/api/admin/users?zoek=${encodeURIComponent('Gerrit Zwanenburg')}` });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: `{"username": "${INITIALS}", `,
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    requestIds = [search.headers['x-request-id'], bad.headers['x-request-id']].map(String);
    // inject resolves when the answer is sent; the "request completed" line follows in onResponse.
    await new Promise((r) => setImmediate(r));
    await t.app.close();
    lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  });
  afterAll(() => t.cleanup());

  it('is JSON with a request id on every request line, the one the response names', () => {
    const requestLines = lines.filter((l) => l.req || l.res);
    expect(requestLines.length).toBeGreaterThanOrEqual(8);
    for (const l of requestLines) expect(l.reqId).toMatch(/^[0-9a-f-]{36}$/);
    for (const id of requestIds) expect(requestLines.some((l) => l.reqId === id)).toBe(true);
    expect(lines.every((l) => l.copy === 'kopie-7')).toBe(true);
    const push = lines.find((l) => (l.req as { path?: string } | undefined)?.path === '/api/sync/push');
    expect(push?.req).toEqual({ method: 'POST', path: '/api/sync/push', route: '/api/sync/push' });
  });

  it('has no personal data: no free text, initials, names, tokens or addresses', () => {
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    for (const secret of [FREE_TEXT, 'Gerrit', 'Zwanenburg', INITIALS, 'sanne', 'Sanne', 'Bearer', '127.0.0.1', 'zoek=']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('a database error in the log', () => {
  it('keeps type, code and stack frames but not the message, which quotes the value', async () => {
    const { db, cleanup } = await openTestDb();
    try {
      const err = await db.query("SELECT 'Gerrit Zwanenburg'::int").then(
        () => null,
        (e: unknown) => e,
      );
      expect(String(err)).toContain('Gerrit Zwanenburg');
      const logged = JSON.stringify(serializeError(err));
      expect(logged).not.toContain('Gerrit');
      expect(JSON.parse(logged)).toMatchObject({ code: '22P02' });
    } finally {
      await cleanup();
    }
  });

  it('keeps the message of an error from the code itself', () => {
    expect(serializeError(new TypeError("Cannot read properties of undefined (reading 'id')")).message).toContain('reading');
  });
});
