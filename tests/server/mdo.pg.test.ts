// The MDO through the real API: the IB'er and the jeugdprofessional share a meeting's agenda and
// minutes; only the jeugdprofessional links a pupil; every open and every print of a preparation
// card (also offline, uploaded as view events) is an audit row naming the pupil and the agenda item.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchoolnabijDB } from '../../src/app/db/db';
import { recordView } from '../../src/app/db/views';
import { uploadViews } from '../../src/app/sync/views';
import { viewsResponseSchema, type ViewEvent } from '../../src/sync/protocol';
import { count, createPupil, login, pullAll, push, school, setup, update, type LoggedIn, type TestApp } from './helpers';
import { createOf, row } from './schoolSide.support';

let t: TestApp;
let sanne: LoggedIn;
let ib: LoggedIn;
let ahmed: LoggedIn;
beforeAll(async () => {
  t = await setup();
  [sanne, ib, ahmed] = await Promise.all([login(t.app, 'sanne'), login(t.app, 'ib.springplank'), login(t.app, 'ahmed')]);
}, 120_000);
afterAll(() => t.cleanup());

const lastId = () => count(t.db, 'SELECT coalesce(max(id), 0)::int AS n FROM audit_log');
async function rowsAfter(id: number) {
  const { rows } = await t.db.query<{
    action: string;
    entity: string | null;
    record_id: string | null;
    pupil_id: string | null;
    user_id: string;
    device_id: string;
    detail: Record<string, unknown> | null;
  }>('SELECT action, entity, record_id, pupil_id, user_id, device_id, detail FROM audit_log WHERE id > $1 ORDER BY id', [id]);
  return rows;
}
const api = (token: string, url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });

/** A meeting at De Springplank, a pupil of Sanne there, and an agenda item about the pupil (consent checked). */
async function meetingWithPupil() {
  const pupil = createPupil(school(1));
  const meeting = createOf('mdoMeeting', school(1));
  const item = createOf('mdoItem', school(1), {
    meetingId: meeting.recordId,
    pupilId: pupil.recordId,
    pupilLabel: 'T.K. · groep 4',
    anonymous: false,
    description: '',
    consentOutcome: 'toestemming',
    consentCheckedOn: new Date().toISOString().slice(0, 10),
  });
  const res = await push(t.app, sanne.accessToken, [pupil, meeting, item]);
  expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  return { pupilId: pupil.recordId, meetingId: meeting.recordId, itemId: item.recordId };
}

describe('MDO: agenda and minutes shared at the school', () => {
  it("the IB'er reads the meeting, the item and the agreements, writes minutes, but never links a pupil nor reads the pupil record", async () => {
    const { pupilId, meetingId, itemId } = await meetingWithPupil();
    const agreement = createOf('mdoAgreement', school(1), { meetingId, itemId, who: 'school', what: 'Leerkracht let op de ochtenden' });
    expect((await push(t.app, sanne.accessToken, [agreement])).body.results[0]?.status).toBe('applied');

    const pulled = await pullAll(t.app, ib.accessToken);
    const ids = new Set(pulled.changes.map((c) => String(c.record.id)));
    expect([meetingId, itemId, agreement.recordId].every((id) => ids.has(id))).toBe(true);
    expect(ids.has(pupilId)).toBe(false);

    const v = (await row(t.db, itemId))!.version;
    const minutes = await push(t.app, ib.accessToken, [update('mdoItem', itemId, { conclusion: 'Wijkteam gaat op huisbezoek' }, v)]);
    expect(minutes.body.results[0]?.status).toBe('applied');
    const anon = createOf('mdoItem', school(1), { meetingId });
    const linked = createOf('mdoItem', school(1), {
      meetingId,
      pupilId,
      pupilLabel: 'T.K. · groep 4',
      anonymous: false,
      description: '',
      consentOutcome: 'toestemming',
    });
    const res = await push(t.app, ib.accessToken, [anon, linked]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    expect(res.body.results[1]?.reason).toBe('Alleen de jeugdprofessional koppelt een leerling en legt de toestemmingscheck vast.');
    expect(await row(t.db, linked.recordId)).toBeUndefined();
  }, 120_000);

  it('a jeugdprofessional of another school reads nothing of it', async () => {
    const { meetingId, itemId } = await meetingWithPupil();
    const pulled = await pullAll(t.app, ahmed.accessToken);
    const ids = new Set(pulled.changes.map((c) => String(c.record.id)));
    expect(ids.has(meetingId) || ids.has(itemId)).toBe(false);
  }, 120_000);
});

describe("MDO: the jeugdprofessional links a pupil the IB'er put on by initials", () => {
  /** The IB'er puts a pupil on a meeting at De Springplank by initials; Sanne has the pupil. */
  async function byInitials() {
    const pupil = createPupil(school(1), { initials: 'Zoë Kwast', group: 'groep 4' });
    const meeting = createOf('mdoMeeting', school(1));
    expect((await push(t.app, sanne.accessToken, [pupil, meeting])).body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const item = createOf('mdoItem', school(1), {
      meetingId: meeting.recordId,
      anonymous: false,
      description: '',
      pupilLabel: 'Z.K. · groep 4',
      question: 'Z. is vaak moe. Wat kunnen we doen?',
      addedByName: 'Ilse (IB)',
      consentOutcome: 'niet_gecontroleerd',
    });
    expect((await push(t.app, ib.accessToken, [item])).body.results[0]?.status).toBe('applied');
    return { pupilId: pupil.recordId, itemId: item.recordId, typed: item.changes };
  }
  const link = (pupilId: string) => ({
    pupilId,
    consentOutcome: 'toestemming',
    consentMissing: [],
    consentCheckedOn: new Date().toISOString().slice(0, 10),
  });

  it('only the jeugdprofessional of the school links it, to a pupil of that school, and the link is audited', async () => {
    const { pupilId, itemId } = await byInitials();
    const v = () => row(t.db, itemId).then((r) => r!.version);
    const elsewhere = createPupil(school(2), { initials: 'Zoë Kwast', group: 'groep 4' });
    expect((await push(t.app, sanne.accessToken, [elsewhere])).body.results[0]?.status).toBe('applied');

    const refused = [
      // The IB'er cannot read the register: she never links.
      [ib, link(pupilId), 'Alleen de jeugdprofessional koppelt een leerling en legt de toestemmingscheck vast.'],
      // A jeugdprofessional of another school does not see the item at all.
      [ahmed, link(pupilId), 'Dit record is niet gevonden, of je mag het niet wijzigen.'],
      // A pupil of another school of hers is not this school's pupil.
      [sanne, link(elsewhere.recordId), 'Deze leerling is niet gevonden bij de school van dit record. Kies een leerling van deze school.'],
      // Linking does not rewrite what school wrote on the agenda.
      [
        sanne,
        { ...link(pupilId), pupilLabel: 'Zoë Kwast · groep 4' },
        'Een gekoppelde leerling houdt de initialen en groep die op de agenda staan.',
      ],
    ] as const;
    for (const [who, changes, reason] of refused) {
      const res = await push(t.app, who.accessToken, [update('mdoItem', itemId, changes, await v())]);
      expect(res.body.results[0], who.user.name).toMatchObject({ status: 'rejected', reason });
    }
    expect((await row(t.db, itemId))!.data).toMatchObject({
      pupilId: null,
      consentOutcome: 'niet_gecontroleerd',
      pupilLabel: 'Z.K. · groep 4',
    });

    const before = await lastId();
    const linked = update('mdoItem', itemId, link(pupilId), await v());
    expect((await push(t.app, sanne.accessToken, [linked])).body.results[0]?.status).toBe('applied');
    expect((await row(t.db, itemId))!.data).toMatchObject({ pupilId, consentOutcome: 'toestemming', pupilLabel: 'Z.K. · groep 4' });
    const audit = (await rowsAfter(before)).filter((r) => r.record_id === itemId);
    expect(audit.map((r) => [r.action, r.entity, r.pupil_id, r.user_id, r.detail?.mutationId])).toEqual([
      ['update', 'mdoItem', pupilId, sanne.user.id, linked.id],
    ]);
    expect(audit[0]?.detail?.fields).toEqual(expect.arrayContaining(['pupilId', 'consentOutcome']));

    // Once linked, nobody changes the label: school keeps what it wrote, and reads nothing else.
    const relabel = await push(t.app, ib.accessToken, [update('mdoItem', itemId, { pupilLabel: 'Z.K. · groep 5' }, await v())]);
    expect(relabel.body.results[0]).toMatchObject({
      status: 'rejected',
      reason: 'Een gekoppelde leerling houdt de initialen en groep die op de agenda staan.',
    });
  }, 120_000);

  it("0 leaks: after the link the IB'er's pull holds only the agenda as she typed it, nothing of the pupil's record", async () => {
    const { pupilId, itemId, typed } = await byInitials();
    const consent = createOf('consent', school(1), { pupilId });
    const signal = createOf('signal', school(1), { pupilId });
    const v = (await row(t.db, itemId))!.version;
    const res = await push(t.app, sanne.accessToken, [consent, signal, update('mdoItem', itemId, link(pupilId), v)]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

    const pulled = await pullAll(t.app, ib.accessToken);
    const mdo = new Set(['mdoMeeting', 'mdoItem', 'mdoAgreement', 'consultationRequest', 'contactPerson']);
    const leaks = pulled.changes.filter((c) => !mdo.has(c.entity) || (c.record.pupilId === pupilId && c.entity !== 'mdoItem'));
    expect(leaks).toEqual([]);
    // Nothing from the dossier: not the pupil's name, not the consent, not the signal.
    const text = JSON.stringify(pulled.changes);
    expect(text).not.toContain('Zoë Kwast');
    expect([consent.recordId, signal.recordId].filter((id) => text.includes(id))).toEqual([]);
    const item = pulled.changes.find((c) => c.record.id === itemId)!.record;
    for (const k of ['pupilLabel', 'question', 'addedByName', 'anonymous', 'description'] as const) expect(item[k]).toEqual(typed[k]);
  }, 120_000);
});

describe('MDO: audit of preparation cards', () => {
  it('every card opened and every print, made offline, arrives as a read row naming the pupil and the item', async () => {
    const { pupilId, itemId } = await meetingWithPupil();
    const device = new SchoolnabijDB(`mdo-audit-${randomUUID()}`);
    await device.open();
    const opened = await recordView(device, pupilId, new Date(), { kind: 'mdoCard', itemId });
    const printed = await recordView(device, pupilId, new Date(), { kind: 'mdoPrint', itemId });
    const before = await lastId();
    const send = async (views: ViewEvent[]) => {
      const res = await api(sanne.accessToken, '/api/audit/views', { views });
      expect(res.statusCode).toBe(200);
      return viewsResponseSchema.parse(res.json());
    };
    expect(await uploadViews(device, send)).toBe(2);
    const rows = await rowsAfter(before);
    expect(rows.map((r) => [r.action, r.entity, r.record_id, r.pupil_id, r.user_id, r.detail?.kind, r.detail?.viewId])).toEqual([
      ['read', 'mdoItem', itemId, pupilId, sanne.user.id, 'mdoCard', opened.id],
      ['read', 'mdoItem', itemId, pupilId, sanne.user.id, 'mdoPrint', printed.id],
    ]);
    device.close();
  }, 120_000);

  it('refuses a card of an item about another pupil, and a card without its item, writing nothing for them', async () => {
    const a = await meetingWithPupil();
    const b = await meetingWithPupil();
    const before = await lastId();
    const wrong = { id: randomUUID(), pupilId: a.pupilId, at: new Date().toISOString(), kind: 'mdoCard', itemId: b.itemId };
    const res = await api(sanne.accessToken, '/api/audit/views', { views: [wrong] });
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['refused']);
    const noItem = await api(sanne.accessToken, '/api/audit/views', {
      views: [{ id: randomUUID(), pupilId: a.pupilId, at: new Date().toISOString(), kind: 'mdoPrint' }],
    });
    expect(noItem.statusCode).toBe(400);
    expect(await rowsAfter(before)).toEqual([]);
  }, 120_000);
});
