// Kengetallen through the real API on a real database: who may read them, that they are aggregates
// only, the CSV export and its audit row.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createPupil, createSignal, login, push, school, setup, type TestApp } from './helpers';

let t: TestApp;
const get = (url: string, token?: string) =>
  t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

// Created today, so they fall in the default range (the last 12 months).
const MARK = 'KENGETAL-PRIVE-TEKST';
let recordIds: string[] = [];

beforeAll(async () => {
  t = await setup();
  const sanne = await login(t.app, 'sanne');
  // Seven signals "gedrag/acuut" at school 1 with a recognisable description.
  const pupil = createPupil(school(1), { initials: 'Q.Z.' });
  const signals = Array.from({ length: 7 }, () =>
    createSignal(school(1), pupil.recordId, { theme: 'gedrag', seriousness: 'acuut', description: `${MARK} over een leerling` }),
  );
  const res = await push(t.app, sanne.accessToken, [pupil, ...signals]);
  expect(res.status).toBe(200);
  recordIds = [pupil.recordId, ...signals.map((s) => s.recordId)];
});

afterAll(async () => {
  await t.cleanup();
});

interface Table {
  rows: string[];
  cols: string[];
  cells: (number | string)[][];
  total: number | string | null;
}
const cell = (tb: Table, r: string, c: string) => tb.cells[tb.rows.indexOf(r)]![tb.cols.indexOf(c)];

describe('kengetallen API', () => {
  it('the coordinator reads the figures of all their schools, and never a record', async () => {
    const { accessToken } = await login(t.app, 'coordinator');
    const res = await get('/api/kengetallen', accessToken);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.filter.schoolIds).toHaveLength(6);
    expect(body.schools.map((s: { name: string }) => s.name)).toContain('OBS De Springplank');
    const bySeriousness = body.tables.signalsByThemeAndSeriousness as Table;
    expect(typeof bySeriousness.total).toBe('number');
    // Seven from this test plus whatever the demo has: at least 7, shown as a number or hidden as "x".
    const gedragAcuut = cell(bySeriousness, 'gedrag', 'acuut');
    expect(gedragAcuut === 'x' || (typeof gedragAcuut === 'number' && gedragAcuut >= 7)).toBe(true);
    // No record id, no free text, no pupil initials.
    for (const id of recordIds) expect(res.body).not.toContain(id);
    expect(res.body).not.toContain(MARK);
    expect(res.body).not.toContain('Q.Z.');
    expect(res.body).not.toMatch(/"(description|summary|question|initials|pupilId|createdBy)"/);
    // The coordinator still cannot pull a single record.
    const pull = await t.app.inject({
      method: 'GET',
      url: '/api/sync/pull?cursor=0',
      headers: { authorization: `Bearer ${accessToken}`, 'x-protocol-version': '2' },
    });
    const entities = new Set((pull.json().changes as { entity: string }[]).map((c) => c.entity));
    expect([...entities].filter((e) => e !== 'contactPerson')).toEqual([]);
  });

  it('a filter on school and theme narrows the figures; period=quarter buckets per quarter', async () => {
    const { accessToken } = await login(t.app, 'coordinator');
    const res = await get(`/api/kengetallen?school=${school(1)}&theme=gedrag&period=quarter`, accessToken);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.filter).toMatchObject({ schoolIds: [school(1)], theme: 'gedrag', period: 'quarter' });
    expect(body.periods.every((p: string) => /^\d{4}-K[1-4]$/.test(p))).toBe(true);
    const tb = body.tables.signalsByThemeAndSeriousness as Table;
    // Only the theme gedrag can have signals.
    tb.rows.forEach((r, i) => {
      if (r !== 'gedrag') expect(tb.cells[i]!.every((c) => c === 0)).toBe(true);
    });
    const other = await get(`/api/kengetallen?school=${school(4)}&theme=gedrag`, accessToken);
    expect(JSON.stringify(other.json().tables.signalsByThemeAndSeriousness)).not.toEqual(JSON.stringify(tb));
  });

  it("a jeugdprofessional reads their own schools' figures, not another team's", async () => {
    const { accessToken } = await login(t.app, 'ahmed');
    const own = await get('/api/kengetallen', accessToken);
    expect(own.statusCode).toBe(200);
    expect([...own.json().filter.schoolIds].sort()).toEqual([school(4), school(5), school(6)].sort());
    const otherTeam = await get(`/api/kengetallen?school=${school(1)}`, accessToken);
    expect(otherTeam.statusCode).toBe(403);
    expect(otherTeam.json().message).toBe('Je kunt alleen de kengetallen van je eigen scholen zien.');
    const csv = await get(`/api/kengetallen.csv?school=${school(1)}`, accessToken);
    expect(csv.statusCode).toBe(403);
  });

  it('ib and beheerder get 403; without a token 401', async () => {
    for (const user of ['ib.springplank', 'beheer']) {
      const { accessToken } = await login(t.app, user);
      for (const url of ['/api/kengetallen', '/api/kengetallen.csv']) {
        const res = await get(url, accessToken);
        expect(res.statusCode, `${user} ${url}`).toBe(403);
        expect(res.body).not.toContain('signalsByThemeAndSeriousness');
      }
    }
    expect((await get('/api/kengetallen')).statusCode).toBe(401);
  });

  it('per gemeente and per samenwerkingsverband: the columns are the areas, with their names', async () => {
    const { accessToken } = await login(t.app, 'coordinator');
    const res = await get('/api/kengetallen?groupBy=gemeente', accessToken);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const names = Object.fromEntries((body.schools as { id: string; name: string }[]).map((s) => [s.id, s.name]));
    const t2 = body.tables.requestsBySchool as Table & { rowDim: string };
    expect(t2.rowDim).toBe('gemeente');
    // Six schools in four gemeenten; small gemeenten may be merged into "overig" to keep totals visible.
    const labels = t2.rows.map((r) => (r === 'overig' ? 'Overige gemeenten' : names[r]));
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.length).toBeLessThanOrEqual(4);
    for (const l of labels) expect(['Huizen', 'Bussum', 'Hilversum', 'Weesp', 'Overige gemeenten']).toContain(l);
    const swv = (await get('/api/kengetallen?groupBy=swv', accessToken)).json();
    expect(swv.tables.requestsBySchool.rows).toHaveLength(1);
    expect(swv.schools.map((s: { name: string }) => s.name)).toContain('Samenwerkingsverband Gooi en Vecht');
  });

  it('precise 400s for a bad query', async () => {
    const { accessToken } = await login(t.app, 'coordinator');
    const cases: [string, string][] = [
      ['from=2026-02-30', 'from'],
      ['from=2026-03-01&to=2026-02-01', 'from'],
      ['period=week', 'period'],
      ['theme=zomaar', 'theme'],
      ['school=abc', 'school'],
      ['limit=5', ''],
      // A free range is refused: next to another one it would give the difference away.
      ['from=2026-01-01&to=2026-04-30', 'from'],
      ['window=2026-K5', 'window'],
      ['groupBy=provincie', 'groupBy'],
    ];
    for (const [q, path] of cases) {
      const res = await get(`/api/kengetallen?${q}`, accessToken);
      expect(res.statusCode, q).toBe(400);
      const body = res.json();
      expect(body.error).toBe('invalid_request');
      if (path) expect(body.details[0].path).toBe(path);
    }
    const unknownSchool = await get(`/api/kengetallen?school=${randomUUID()}`, accessToken);
    expect(unknownSchool.statusCode).toBe(403);
  });

  it('CSV: UTF-8 with BOM, ";" separated, Dutch headers, parses; the export is audited with its filter', async () => {
    const coord = await login(t.app, 'coordinator');
    const before = await count(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'export'");
    const res = await get(`/api/kengetallen.csv?window=2026&theme=gedrag`, coord.accessToken);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="kengetallen_2026-01-01_2026-12-31.csv"');
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.subarray(3).toString('utf8');
    const rows = text
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(';'));
    expect(rows[0]).toEqual(['Onderdeel', 'Rij', 'Kolom', 'Waarde']);
    expect(rows.every((r) => r.length === 4)).toBe(true);
    for (const r of rows.slice(1).filter((x) => x[0] !== 'Filter')) expect(r[3]).toMatch(/^(\d+|\d+,\d|<5|x|–)$/);
    expect(rows).toContainEqual(['Filter', 'Thema', '', 'Gedrag']);
    expect(text).not.toContain(MARK);
    const after = await count(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'export'");
    expect(after).toBe(before + 1);
    const { rows: audit } = await t.db.query<{ user_id: string; entity: string; detail: Record<string, unknown> }>(
      "SELECT user_id::text AS user_id, entity, detail FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 1",
    );
    expect(audit[0]).toMatchObject({
      user_id: coord.user.id,
      entity: 'kengetallen',
      detail: { format: 'csv', window: '2026', from: '2026-01-01', to: '2026-12-31', theme: 'gedrag' },
    });
    // Reading the dashboard is not an export.
    await get('/api/kengetallen', coord.accessToken);
    expect(await count(t.db, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'export'")).toBe(after);
  });
});
