// HttpTransport's pull prefetch over real HTTP: the next page is asked for while the caller writes
// the current one, each change arrives exactly once and in order, and a caller that asks for
// another cursor (a failed write, a fresh start) gets a fresh answer, never the prefetched page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { HttpTransport } from '../../src/app/sync/httpTransport';
import { createPupil, login, push, school, setup, type TestApp } from './helpers';

let t: TestApp;
let base = '';
let token = '';
const seen: string[] = [];

beforeAll(async () => {
  t = await setup();
  t.app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/sync/pull')) seen.push(new URL(request.url, 'http://x').searchParams.get('cursor') ?? '');
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  token = (await login(t.app, 'sanne')).accessToken;
  const res = await push(
    t.app,
    token,
    Array.from({ length: 25 }, () => createPupil(school(1))),
  );
  expect(res.status).toBe(200);
});
afterAll(() => t.cleanup());

async function pullEverything(transport: HttpTransport, limit: number) {
  const seqs: number[] = [];
  let cursor = '0';
  for (;;) {
    const page = await transport.pull(cursor, limit);
    seqs.push(...page.changes.map((c) => c.seq));
    cursor = page.cursor;
    if (!page.hasMore) return { seqs, cursor };
  }
}

describe('HttpTransport pull prefetch', () => {
  it('asks for the next page before the caller does, and delivers every change once, in order', async () => {
    const transport = new HttpTransport(async () => token, base);
    seen.length = 0;
    const first = await transport.pull('0', 10);
    expect(first.hasMore).toBe(true);
    // Nothing else was asked for, yet the request for the page after first.cursor is on its way.
    await expect.poll(() => seen).toEqual(['0', first.cursor]);

    const all = await pullEverything(new HttpTransport(async () => token, base), 10);
    const plain = await pullEverything(new HttpTransport(async () => token, base, false), 10);
    expect(all.seqs.length).toBeGreaterThan(25);
    expect(all.seqs).toEqual(plain.seqs);
    expect(new Set(all.seqs).size).toBe(all.seqs.length);
    expect([...all.seqs].sort((a, b) => a - b)).toEqual(all.seqs);
  });

  it('drops the prefetched page when the caller asks for another cursor or limit', async () => {
    const transport = new HttpTransport(async () => token, base);
    const first = await transport.pull('0', 10);
    await expect.poll(() => seen.at(-1)).toBe(first.cursor);
    // The write of the first page failed: the engine starts again from the stored cursor.
    const again = await transport.pull('0', 10);
    expect(again.changes.map((c) => c.seq)).toEqual(first.changes.map((c) => c.seq));
    const wider = await transport.pull(again.cursor, 5);
    expect(wider.changes).toHaveLength(5);
    expect(wider.changes[0]!.seq).toBeGreaterThan(Number(again.cursor));
  });

  it('never prefetches after the last page', async () => {
    const transport = new HttpTransport(async () => token, base);
    const { cursor } = await pullEverything(transport, 1000);
    const before = seen.length;
    const empty = await transport.pull(cursor, 1000);
    expect(empty).toMatchObject({ changes: [], hasMore: false, cursor });
    expect(seen.length).toBe(before + 1);
  });
});
