// The wachtlijst through the real API on a real database: a referral is the jeugdprofessional's
// record (the IB'er and leerplicht never pull it), the coordinator reads the anonymised regional
// list (no pupil, no name, no text; audited), every other role gets 403, bad input a precise 400,
// and kengetallen count the weeks waited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAreas } from '../../src/server/demoSchoolSide';
import { count, login, pullAll, setup, type TestApp } from './helpers';

let t: TestApp;
const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t.cleanup();
});

interface Row {
  school: string;
  gemeente: string | null;
  careKind: string;
  weeksWaiting: number;
  overbrugging: boolean;
}

describe('wachtlijst', () => {
  it('the coordinator reads every waiting pupil of the region, anonymised, longest wait first; the read is audited', async () => {
    const coordinator = await login(t.app, 'coordinator');
    const res = await get('/api/wachtlijst/regio', coordinator.accessToken);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { warnWeeks: number; rows: Row[] };
    expect(body.warnWeeks).toBe(14);
    // The demo region: two waiting at OBS De Springplank (Huizen) and two at IKC Het Palet
    // (Hilversum); the referral whose care started is not on the list.
    expect(body.rows).toEqual([
      { school: 'IKC Het Palet', gemeente: 'Hilversum', careKind: 'jggz', weeksWaiting: 16, overbrugging: true },
      { school: 'OBS De Springplank', gemeente: 'Huizen', careKind: 'jggz', weeksWaiting: 16, overbrugging: true },
      { school: 'IKC Het Palet', gemeente: 'Hilversum', careKind: 'jeugdhulpaanbieder', weeksWaiting: 5, overbrugging: false },
      { school: 'OBS De Springplank', gemeente: 'Huizen', careKind: 'jeugdhulpaanbieder', weeksWaiting: 5, overbrugging: false },
    ]);
    // No pupil, id, provider name or the overbrugging text.
    expect(res.body).not.toMatch(/pupilId|initials|Levvel|Kenter|gesprek|[0-9a-f]{8}-[0-9a-f]{4}-/i);
    expect(
      await count(t.db, "SELECT count(*) AS n FROM audit_log WHERE user_id = $1 AND action = 'read' AND entity = 'wachtlijst'", [
        coordinator.user.id,
      ]),
    ).toBe(1);
  });

  it('filters on one gemeente; a bad gemeente id is a precise 400', async () => {
    const coordinator = await login(t.app, 'coordinator');
    const huizen = demoAreas.find((a) => a.name === 'Huizen')!;
    const res = await get(`/api/wachtlijst/regio?gemeente=${huizen.id}`, coordinator.accessToken);
    expect(res.statusCode).toBe(200);
    expect((res.json().rows as Row[]).map((r) => r.school)).toEqual(['OBS De Springplank', 'OBS De Springplank']);
    const bad = await get('/api/wachtlijst/regio?gemeente=Huizen', coordinator.accessToken);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('Ongeldige gemeente-id');
    const unknown = await get('/api/wachtlijst/regio?school=x', coordinator.accessToken);
    expect(unknown.statusCode).toBe(400);
  });

  it('jeugdprofessional, IB, leerplicht and beheerder get 403', async () => {
    for (const user of ['sanne', 'ib.springplank', 'leerplicht.huizen', 'beheer']) {
      const { accessToken } = await login(t.app, user);
      const res = await get('/api/wachtlijst/regio', accessToken);
      expect(res.statusCode, user).toBe(403);
      expect(res.json().message).toBe('De wachtlijst van de regio is er voor de coördinator.');
    }
  });

  it('the referral syncs to the jeugdprofessional of the school, never to the IB’er or leerplicht', async () => {
    const entitiesOf = async (user: string) => {
      const { accessToken } = await login(t.app, user);
      return new Set((await pullAll(t.app, accessToken)).changes.map((c) => c.entity));
    };
    expect((await entitiesOf('sanne')).has('wachtlijst')).toBe(true);
    expect((await entitiesOf('ib.springplank')).has('wachtlijst')).toBe(false);
    // Leerplicht Hilversum reads the demo thuiszitter at IKC Het Palet, who waits for care: not that.
    const lpa = await entitiesOf('leerplicht.hilversum');
    expect(lpa.has('verzuimroute')).toBe(true);
    expect(lpa.has('wachtlijst')).toBe(false);
  });

  it('kengetallen: the waiting time for care, with the suppression (four waiting: "<5", no median)', async () => {
    const coordinator = await login(t.app, 'coordinator');
    const res = await get('/api/kengetallen', coordinator.accessToken);
    expect(res.statusCode).toBe(200);
    const k = res.json();
    const tb = k.tables.waitingForCare;
    expect(tb.cols).toEqual(['wacht', 'gestart']);
    const wacht = k.waitingTimes.find((w: { state: string }) => w.state === 'wacht');
    // Four waiting in the region: published as "<5" (or hidden), never with a median.
    expect(['<5', 'x', null]).toContain(tb.colTotals?.[0] ?? null);
    expect(wacht.medianWeeks).toBeNull();
  });
});
