// Rights of parents and pupils (docs/rights.md): the dossier code, the inzage document (every record
// kind, every access kind, nothing of another pupil), erasure on request (server and a second device),
// and break-the-glass (granted at once, marked in the audit log, expires by an injected clock).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from 'date-fns';
import { entityNames } from '../../src/domain/entities';
import { dossierCodePattern } from '../../src/domain/pupil';
import { kindLabels, fallbackLabel } from '../../src/server/rights/labels';
import { accessText, masker } from '../../src/server/rights/document';
import { login, pull, pullAll, push, school, setup, update, type LoggedIn, type TestApp } from './helpers';
import { api, createOf, row } from './schoolSide.support';

let t: TestApp;
let now = new Date();
let sanne: LoggedIn;
let beheer: LoggedIn;

beforeAll(async () => {
  t = await setup({ clock: () => now });
  [sanne, beheer] = await Promise.all([login(t.app, 'sanne'), login(t.app, 'beheer')]);
}, 120_000);

afterAll(async () => {
  await t?.cleanup();
});

const call = (token: string) => api(t.app, token);
const ok = (results: { status: string }[]) => expect(results.map((r) => r.status)).toEqual(results.map(() => 'applied'));

/** A pupil of school 1 with one record of every kind about them, pushed by Sanne. */
async function seedDossier(initials: string, text: string, everyKind = false) {
  const pupil = createOf('pupil', school(1), { initials, group: 'groep 7' });
  const p = pupil.recordId;
  const signal = createOf('signal', school(1), { pupilId: p, source: 'ouder', description: text });
  const contact = createOf('contact', school(1), { pupilId: p, summary: `Gesprek: ${text}` });
  const consultation = createOf('consultation', school(1), { pupilId: p, question: `Vraag: ${text}` });
  const meldcode = createOf('meldcode', school(1), {
    pupilId: p,
    signalId: signal.recordId,
    step1: { date: '2026-11-02', who: 'Mentor Jolanda', note: 'Signalen verzameld' },
  });
  // The dossier's other kinds that name the pupil: consent, verzuim and its route, the wachtlijst.
  const more = everyKind
    ? (['consent', 'absence', 'verzuimroute', 'wachtlijst'] as const).map((kind) => createOf(kind, school(1), { pupilId: p }))
    : [];
  const res = await push(t.app, sanne.accessToken, [pupil, signal, contact, consultation, meldcode, ...more]);
  ok(res.body.results);
  return { pupilId: p, signal, contact, consultation, meldcode, more };
}

describe('dossier code', () => {
  it('the service gives a new pupil a 6-character code; it reaches the phone on its next pull and finds the pupil', async () => {
    const pupil = createOf('pupil', school(1), { initials: 'Code' });
    ok((await push(t.app, sanne.accessToken, [pupil])).body.results);
    const pulled = await pullAll(t.app, sanne.accessToken);
    const record = pulled.changes.find((c) => c.record.id === pupil.recordId)!.record;
    expect(record.dossierCode).toMatch(dossierCodePattern);
    // Every demo pupil has one, all different.
    const codes = pulled.changes.filter((c) => c.entity === 'pupil').map((c) => c.record.dossierCode);
    expect(codes.every((c) => typeof c === 'string' && dossierCodePattern.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    // The beheerder finds the pupil by the code, typed in lower case with a dash.
    const code = String(record.dossierCode);
    const found = await call(beheer.accessToken)('GET', `/api/rights/pupils?code=${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`);
    expect(found.status).toBe(200);
    expect(found.json().pupil).toMatchObject({ id: pupil.recordId, dossierCode: code, initials: 'Code' });
    // A device cannot set or change it.
    const v = (await row(t.db, pupil.recordId))!.version;
    const change = await push(t.app, sanne.accessToken, [update('pupil', pupil.recordId, { dossierCode: 'AAAAAA' }, v)]);
    expect(change.body.results[0]).toMatchObject({ status: 'rejected', reason: 'Onbekend veld: dossierCode' });
    // Bad and unknown codes, and other roles.
    expect((await call(beheer.accessToken)('GET', '/api/rights/pupils?code=O0I1L2')).status).toBe(400);
    expect((await call(beheer.accessToken)('GET', '/api/rights/pupils?code=ZZZZZZ')).status).toBe(404);
    expect((await call(sanne.accessToken)('GET', `/api/rights/pupils?code=${code}`)).status).toBe(403);
  });
});

describe('inzage document', () => {
  it('holds every record kind and every access kind, masks third parties, and nothing of another pupil', async () => {
    // Another pupil of the same school, named in this pupil's signal.
    const other = await seedDossier('Xander V.', 'geheim over de ander');
    const mine = await seedDossier('Mila K.', 'Ruzie met Xander V. op het plein', true);
    const p = mine.pupilId;
    // A consultatievraag of school, linked to Mila through Sanne's eigen aantekening.
    const ib = await login(t.app, 'ib.springplank');
    const request = createOf('consultationRequest', school(1), { pupilInitials: 'M.K.', question: 'Hoe helpen we Mila in de pauze?' });
    ok((await push(t.app, ib.accessToken, [request])).body.results);
    const note = createOf('consultationNote', school(1), {
      requestId: request.recordId,
      pupilId: p,
      note: 'Werkaantekening: moeder bellen',
    });
    ok((await push(t.app, sanne.accessToken, [note])).body.results);
    // The gezin: Mila, her brother Xander at the same school, and a sister at another school that
    // Sanne cannot see, with whom to call there; the plan names Xander.
    const family = createOf('family', school(1), {
      members: [
        { pupilId: p, schoolId: school(1), schoolName: 'OBS De Springplank', contactName: 'Sanne de Vries', contactPhone: '035 750 21 10' },
        {
          pupilId: other.pupilId,
          schoolId: school(1),
          schoolName: 'OBS De Springplank',
          contactName: 'Sanne de Vries',
          contactPhone: '035 750 21 10',
        },
        {
          pupilId: null,
          schoolId: school(5),
          schoolName: 'Zusterschool Verweg',
          contactName: 'Ahmed El Amrani',
          contactPhone: '035 111 22 33',
        },
      ],
      goalSchool: 'Mila gaat elke dag naar school',
      goalHome: 'Samen met Xander V. naar de sport',
      regie: 'Wijkteam Noord',
      reviewDate: '2027-01-15',
    });
    // The MDO: a meeting with the wijkteam at the table, an item about Mila with its minutes and an
    // agreement; and an item about Xander, which is not Mila's.
    const meeting = createOf('mdoMeeting', school(1), { date: '2026-11-26', time: '13:30' });
    const item = createOf('mdoItem', school(1), {
      meetingId: meeting.recordId,
      pupilId: p,
      pupilLabel: 'M.K. · groep 7',
      anonymous: false,
      description: '',
      question: 'Hoe krijgt Mila weer rust in de pauze?',
      consentOutcome: 'toestemming',
      consentCheckedOn: '2026-11-20',
      conclusion: 'Pauzemaatje afgesproken met de leerkracht',
    });
    const otherItem = createOf('mdoItem', school(1), {
      meetingId: meeting.recordId,
      pupilId: other.pupilId,
      pupilLabel: 'X.V. · groep 7',
      anonymous: false,
      description: '',
      question: 'Vraag over de ander zijn thuissituatie',
      consentOutcome: 'toestemming',
      consentCheckedOn: '2026-11-20',
    });
    const agreement = createOf('mdoAgreement', school(1), {
      meetingId: meeting.recordId,
      itemId: item.recordId,
      who: 'school',
      what: 'Leerkracht zoekt een pauzemaatje',
      byWhen: '2026-12-10',
    });
    ok((await push(t.app, sanne.accessToken, [family, meeting, item, otherItem, agreement])).body.results);

    // Accesses: synced to a phone (pull), changed, viewed online, viewed offline two hours ago and
    // reported now, looked up in the logboek, a refused attempt by a jeugdprofessional of another school.
    await pullAll(t.app, sanne.accessToken);
    const v = (await row(t.db, mine.signal.recordId))!.version;
    ok((await push(t.app, sanne.accessToken, [update('signal', mine.signal.recordId, { seriousness: 'zorgelijk' }, v)])).body.results);
    const views = [
      { id: randomUUID(), pupilId: p, at: new Date().toISOString() },
      { id: randomUUID(), pupilId: p, at: new Date(Date.now() - 2 * 3_600_000).toISOString() },
    ];
    const viewed = await call(sanne.accessToken)('POST', '/api/audit/views', { views });
    expect((viewed.json().results as { status: string }[]).map((r) => r.status)).toEqual(['recorded', 'recorded']);
    expect((await call(beheer.accessToken)('GET', `/api/audit/pupils/${p}?namens=moeder`)).status).toBe(200);
    const code = String((await row(t.db, p))!.data.dossierCode);

    const res = await t.app.inject({
      method: 'GET',
      url: `/api/rights/pupils/${p}/inzage?namens=${encodeURIComponent('moeder van Mila')}`,
      headers: { authorization: `Bearer ${beheer.accessToken}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;

    // Head: region, code, date of issue, for whom; A4 with page numbers.
    expect(html).toContain('Regio Gooi en Vecht');
    expect(html).toContain(code);
    expect(html).toContain('Datum van afgifte');
    expect(html).toContain('moeder van Mila');
    expect(html).toMatch(/@page \{ size: A4;[\s\S]*counter\(page\)/);
    // Every kind of record about the pupil that entities.ts registers (the directory and the
    // private note excepted), under its own heading, with the role of who recorded it.
    // The MDO's meeting and agreements are shown within the section of its agenda items.
    const notHere: readonly string[] = ['contactPerson', 'consultationNote', 'mdoMeeting', 'mdoAgreement'];
    for (const kind of entityNames.filter((k) => !notHere.includes(k))) {
      expect(html, kind).toContain(`>${kindLabels(kind).heading}</h2>`);
    }
    // Every kind has its own Dutch heading and field labels, none the fallback.
    expect(html).not.toContain('Overige gegevens');
    for (const label of ['Met wie gedeeld mag worden', 'Soort verzuim', 'Route gestart op', 'Naar welke zorg'])
      expect(html).toContain(label);
    // The gezin: the plan in full; the other children only as a brother or sister, at this school or
    // another, without their initials, the other school's name or whom to call there.
    const gezin = html.slice(html.indexOf('id="k-gezin"'), html.indexOf('</section>', html.indexOf('id="k-gezin"')));
    expect(gezin).toContain('Deze leerling<br>Een broer of zus op dezelfde school<br>Een broer of zus op een andere school');
    expect(gezin).toContain('Mila gaat elke dag naar school');
    expect(gezin).toContain('Samen met [andere leerling] naar de sport');
    expect(gezin).toContain('Wijkteam Noord');
    expect(gezin).toContain('15 januari 2027');
    expect(gezin).toContain('Vastgelegd door: jeugdprofessional');
    for (const hidden of ['Zusterschool Verweg', 'Ahmed El Amrani', '035 111 22 33']) expect(html).not.toContain(hidden);
    // The MDO: the meeting's date and who sat at the table by role (not by name), the preparation,
    // the minutes and the agreement, each with the role of who recorded it.
    const mdo = html.slice(html.indexOf('id="k-mdo"'), html.indexOf('</section>', html.indexOf('id="k-mdo"')));
    expect(mdo).toContain('MDO-agendapunt van 26 november 2026');
    expect(mdo).toContain('26 november 2026 om 13:30');
    expect(mdo).toContain('Wijkteam (Wijkteam Noord)');
    expect(html).not.toContain('Ayse Kaya');
    expect(mdo).toContain('Hoe krijgt Mila weer rust in de pauze?');
    expect(mdo).toContain('Ja, iedereen aan tafel had toestemming');
    // Empty parts of the consent check (no one missing, no Meldcode reason) are left out.
    expect(mdo).not.toContain('Geen toestemming van');
    expect(mdo).not.toContain('Waarom de Meldcode');
    expect(mdo).toContain('Pauzemaatje afgesproken met de leerkracht');
    expect(mdo).toContain('Leerkracht zoekt een pauzemaatje — School, klaar op 10 december 2026; nog niet gedaan');
    expect(mdo.match(/Vastgelegd door: jeugdprofessional/g)).toHaveLength(2);
    expect(html).not.toContain('Vraag over de ander');
    expect(html).toContain('Hoe helpen we Mila in de pauze?');
    expect(html).toContain('Vastgelegd door: jeugdprofessional');
    expect(html).toContain('Zorgelijk');
    // Third parties: the other pupil's name masked, the reporter of the signal and who took a
    // Meldcode step masked; the private note counted, not shown.
    expect(html).toContain('Ruzie met [andere leerling] op het plein');
    expect(html).not.toContain('Xander');
    expect(html).not.toContain('geheim over de ander');
    expect(html).not.toContain('Mentor Jolanda');
    expect(html).toContain('afgeschermd (derde)');
    expect(html).toContain('1 eigen aantekening');
    expect(html).not.toContain('moeder bellen');
    // Nothing about the other pupil's records at all.
    for (const r of [other.signal, other.contact, other.consultation, other.meldcode]) expect(html).not.toContain(r.recordId);
    // Every access kind, with name and role.
    for (const text of [
      'Gesynchroniseerd naar een toestel (Telefoon van sanne)',
      'Gewijzigd: signaal',
      'Vastgelegd: signaal',
      '<td>Bekeken op een toestel</td>',
      'Bekeken op een toestel, zonder verbinding; gemeld bij synchroniseren op',
      'Opgezocht in het logboek (namens moeder)',
      'Inzagedocument gemaakt om af te drukken (namens moeder van Mila)',
      'Sanne de Vries</td><td>jeugdprofessional',
      'Peter Visser</td><td>functioneel beheerder',
    ])
      expect(html, text).toContain(text);

    // The production is itself in the audit log.
    const audit = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'print' AND entity = 'inzage' AND pupil_id = $1`,
      [p],
    );
    expect(Number(audit.rows[0]!.n)).toBe(1);
  });

  it('streams a large dossier in pages and refuses other roles, a missing namens and an unknown pupil', async () => {
    const big = createOf('pupil', school(1), { initials: 'Groot' });
    const signals = Array.from({ length: 450 }, (_, i) =>
      createOf('signal', school(1), { pupilId: big.recordId, description: `Signaal nummer ${i + 1}` }),
    );
    ok((await push(t.app, sanne.accessToken, [big, ...signals])).body.results);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/rights/pupils/${big.recordId}/inzage?namens=leerling`,
      headers: { authorization: `Bearer ${beheer.accessToken}` },
    });
    expect(res.statusCode).toBe(200);
    // Every signal once, across the pages of the query.
    expect(res.body.match(/<h3>Signaal van /g)).toHaveLength(450);
    expect(res.body).toContain('Signaal nummer 450<');
    expect(res.body.trimEnd().endsWith('</html>')).toBe(true);

    expect((await call(sanne.accessToken)('GET', `/api/rights/pupils/${big.recordId}/inzage?namens=x`)).status).toBe(403);
    expect((await call(beheer.accessToken)('GET', `/api/rights/pupils/${big.recordId}/inzage`)).status).toBe(400);
    expect((await call(beheer.accessToken)('GET', `/api/rights/pupils/${randomUUID()}/inzage?namens=x`)).status).toBe(404);
  });

  it('gives an unknown kind and field a readable fallback', () => {
    expect(kindLabels('mdoAgendaItem').heading).toBe('Overige gegevens: mdo agenda item');
    expect(fallbackLabel('followUpDate')).toBe('Follow up date');
    expect(accessText({ action: 'frobnicate', entity: 'nieuwSoort', detail: null, device_name: null })).toBe('Frobnicate');
    expect(masker(['T.K.', 'Mo'])('T.K. en Mo, niet Moos')).toBe('[andere leerling] en [andere leerling], niet Moos');
  });
});

describe('correction and erasure', () => {
  it('an erasure removes the record on the server and from a second device at its next sync; the audit keeps no content', async () => {
    const d = await seedDossier('Erik W.', 'Te wissen beschrijving');
    const phone2 = await login(t.app, 'sanne');
    const first = await pullAll(t.app, phone2.accessToken);
    expect(first.changes.some((c) => c.record.id === d.signal.recordId)).toBe(true);

    const res = await call(beheer.accessToken)('POST', '/api/rights/requests', {
      pupilId: d.pupilId,
      kind: 'erasure',
      requestedBy: 'vader',
      requestedOn: '2026-12-01',
      what: 'Het signaal van vandaag',
      recordId: d.signal.recordId,
      decision: 'granted',
      reason: 'Onjuist vastgelegd bij de verkeerde leerling',
    });
    expect(res.status).toBe(201);
    expect(res.json().request).toMatchObject({ erased: 1, keptByLaw: 0 });
    const stored = await t.db.query<{ data: unknown; purged: boolean }>(
      'SELECT data, purged_at IS NOT NULL AS purged FROM records WHERE id = $1',
      [d.signal.recordId],
    );
    expect(stored.rows[0]).toEqual({ data: { schoolId: school(1), deleted: true }, purged: true });

    const next = await pullAll(t.app, phone2.accessToken, first.cursor);
    expect(next.changes.find((c) => c.record.id === d.signal.recordId)).toMatchObject({ purged: true });
    const log = await t.db.query<{ detail: Record<string, unknown>; action: string }>(
      `SELECT action, detail FROM audit_log WHERE pupil_id = $1 AND action IN ('rights_request', 'delete') ORDER BY id`,
      [d.pupilId],
    );
    expect(log.rows.map((r) => r.action)).toEqual(['delete', 'rights_request']);
    expect(log.rows[1]!.detail).toMatchObject({
      kind: 'erasure',
      decision: 'granted',
      reason: 'Onjuist vastgelegd bij de verkeerde leerling',
      erased: 1,
    });
    expect(JSON.stringify(log.rows)).not.toContain('Te wissen beschrijving');
  });

  it('erasing a whole dossier keeps the Meldcode documentation (and the pupil it names); a correction keeps the old value', async () => {
    const d = await seedDossier('Fenna B.', 'Alles wissen');
    // An MDO item about her and its agreement (which names the item, not her) go too; the meeting stays.
    const meeting = createOf('mdoMeeting', school(1));
    const item = createOf('mdoItem', school(1), {
      meetingId: meeting.recordId,
      pupilId: d.pupilId,
      pupilLabel: 'F.B. · groep 7',
      anonymous: false,
      description: '',
      consentOutcome: 'toestemming',
      consentCheckedOn: '2026-11-20',
    });
    const agreement = createOf('mdoAgreement', school(1), {
      meetingId: meeting.recordId,
      itemId: item.recordId,
      what: 'Fenna krijgt een maatje',
    });
    ok((await push(t.app, sanne.accessToken, [meeting, item, agreement])).body.results);
    const res = await call(beheer.accessToken)('POST', '/api/rights/requests', {
      pupilId: d.pupilId,
      kind: 'erasure',
      requestedBy: 'de leerling zelf (16)',
      requestedOn: '2026-12-02',
      what: 'Het hele dossier',
      recordId: d.pupilId,
      decision: 'partly',
      reason: 'Meldcode-documentatie moet bewaard blijven',
    });
    expect(res.status).toBe(201);
    expect(res.json().request).toMatchObject({ erased: 5, keptByLaw: 2 });
    expect((await row(t.db, item.recordId))!.data).toEqual({ schoolId: school(1), deleted: true });
    expect((await row(t.db, agreement.recordId))!.data).toEqual({ schoolId: school(1), deleted: true });
    expect((await row(t.db, meeting.recordId))!.deleted).toBe(false);
    const gone = await t.db.query<{ pupil_id: string | null }>(
      `SELECT pupil_id FROM audit_log WHERE action = 'delete' AND record_id = $1`,
      [agreement.recordId],
    );
    expect(gone.rows).toEqual([{ pupil_id: d.pupilId }]);
    expect((await row(t.db, d.meldcode.recordId))!.deleted).toBe(false);
    expect((await row(t.db, d.pupilId))!.deleted).toBe(false);
    expect((await row(t.db, d.contact.recordId))!.data).toEqual({ schoolId: school(1), deleted: true });

    const correction = await call(beheer.accessToken)('POST', '/api/rights/requests', {
      pupilId: d.pupilId,
      kind: 'correction',
      requestedBy: 'moeder',
      requestedOn: '2026-12-03',
      what: 'Geboortejaar klopt niet',
      recordId: d.pupilId,
      oldValue: '2016',
      newValue: '2015',
      decision: 'granted',
      reason: 'Moeder liet het inschrijfbewijs zien',
    });
    expect(correction.status).toBe(201);
    const doc = await t.app.inject({
      method: 'GET',
      url: `/api/rights/pupils/${d.pupilId}/inzage?namens=moeder`,
      headers: { authorization: `Bearer ${beheer.accessToken}` },
    });
    expect(doc.body).toContain('Verzoek om correctie');
    expect(doc.body).toMatch(/Oude waarde<\/th><td>2016<\/td>[\s\S]*Nieuwe waarde<\/th><td>2015/);
    expect(doc.body).toContain('Verwijderd op verzoek: contactmoment');
    expect(doc.body).not.toContain('Gesprek: Alles wissen');

    // Bad input: a precise 4xx, nothing written.
    const bad = await call(beheer.accessToken)('POST', '/api/rights/requests', { pupilId: d.pupilId, kind: 'erasure' });
    expect(bad.status).toBe(400);
    const elsewhere = await call(beheer.accessToken)('POST', '/api/rights/requests', {
      pupilId: d.pupilId,
      kind: 'erasure',
      requestedBy: 'x',
      requestedOn: '2026-12-03',
      what: 'x',
      recordId: randomUUID(),
      decision: 'granted',
      reason: 'x',
    });
    expect(elsewhere.status).toBe(400);
    expect((await call(sanne.accessToken)('POST', '/api/rights/requests', {})).status).toBe(403);
  });
});

describe('a correction on the phone', () => {
  it('a granted correction reaches the professional with its date and old value; a refused one does not; no device sets it', async () => {
    const d = await seedDossier('Corry K.', 'Ruzie op het plein');
    const before = await pullAll(t.app, sanne.accessToken);
    const ask = (recordId: string, decision: string) =>
      call(beheer.accessToken)('POST', '/api/rights/requests', {
        pupilId: d.pupilId,
        kind: 'correction',
        requestedBy: 'vader',
        requestedOn: '2026-12-03',
        what: 'Het was bij de gym, niet op het plein',
        recordId,
        oldValue: 'Ruzie op het plein',
        newValue: 'Ruzie bij de gym',
        decision,
        reason: 'De leerkracht bevestigt het',
      });
    expect((await ask(d.signal.recordId, 'granted')).status).toBe(201);
    expect((await ask(d.contact.recordId, 'refused')).status).toBe(201);

    const pulled = await pull(t.app, sanne.accessToken, before.cursor);
    const signal = pulled.changes.find((c) => c.record.id === d.signal.recordId)?.record;
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now);
    expect(signal?.corrections).toEqual([
      {
        decidedOn: day,
        decision: 'granted',
        what: 'Het was bij de gym, niet op het plein',
        oldValue: 'Ruzie op het plein',
        newValue: 'Ruzie bij de gym',
      },
    ]);
    expect(pulled.changes.some((c) => c.record.id === d.contact.recordId)).toBe(false);

    // The professional carries it out as a normal edit; the correction stays on the record.
    const v = (await row(t.db, d.signal.recordId))!.version;
    ok((await push(t.app, sanne.accessToken, [update('signal', d.signal.recordId, { description: 'Ruzie bij de gym' }, v)])).body.results);
    const after = (await row(t.db, d.signal.recordId))!.data;
    expect(after.description).toBe('Ruzie bij de gym');
    expect((after.corrections as unknown[]).length).toBe(1);
    // A device can neither add nor change it.
    const v2 = (await row(t.db, d.signal.recordId))!.version;
    const forged = await push(t.app, sanne.accessToken, [update('signal', d.signal.recordId, { corrections: [] }, v2)]);
    expect(forged.body.results[0]).toMatchObject({ status: 'rejected', reason: 'Onbekend veld: corrections' });
    // Without a record named (as the beheer screen sends it): the pupil record carries it.
    const general = await call(beheer.accessToken)('POST', '/api/rights/requests', {
      pupilId: d.pupilId,
      kind: 'correction',
      requestedBy: 'vader',
      requestedOn: '2026-12-04',
      what: 'Groep klopt niet',
      oldValue: 'groep 7',
      newValue: 'groep 8',
      decision: 'partly',
      reason: 'Alleen de groep, niet de rest',
    });
    expect(general.status).toBe(201);
    const pupilNow = await pull(t.app, sanne.accessToken, pulled.cursor);
    expect(pupilNow.changes.find((c) => c.record.id === d.pupilId)?.record.corrections).toEqual([
      { decidedOn: day, decision: 'partly', what: 'Groep klopt niet', oldValue: 'groep 7', newValue: 'groep 8' },
    ]);
    // The audit row of the request says the record was marked.
    const audit = await t.db.query<{ corrected: boolean }>(
      `SELECT (detail ->> 'corrected')::boolean AS corrected FROM audit_log WHERE action = 'rights_request' AND record_id = $1`,
      [d.signal.recordId],
    );
    expect(audit.rows).toEqual([{ corrected: true }]);
  });
});

describe('answer term', () => {
  it('an open request is listed with its term; only the beheerder extends it, within two months, and each extension is audited', async () => {
    const d = await seedDossier('Tara J.', 'Termijn');
    const coordinator = await login(t.app, 'coordinator');
    const opened = await call(beheer.accessToken)('POST', '/api/rights/requests', {
      pupilId: d.pupilId,
      kind: 'inzage',
      requestedBy: 'moeder',
      requestedOn: '2027-01-31',
      what: 'Alles wat over Tara is vastgelegd',
    });
    expect(opened.status).toBe(201);
    const id = (opened.json() as { request: { id: string } }).request.id;
    const stored = async () =>
      (
        await t.db.query<{
          decision: string | null;
          extended_until: string | null;
          extension_reason: string | null;
          extended_by: string | null;
        }>(
          `SELECT decision, to_char(extended_until, 'YYYY-MM-DD') AS extended_until, extension_reason, extended_by FROM rights_requests WHERE id = $1`,
          [id],
        )
      ).rows[0];
    expect(await stored()).toEqual({ decision: null, extended_until: null, extension_reason: null, extended_by: null });

    // The open list names it, with the dossier code; reading the list is in the audit log.
    const list = await call(beheer.accessToken)('GET', '/api/rights/requests');
    expect(list.status).toBe(200);
    const mine = (list.json().requests as { id: string }[]).find((q) => q.id === id);
    expect(mine).toMatchObject({ kind: 'inzage', requestedOn: '2027-01-31', extendedUntil: null, pupilId: d.pupilId });
    const reads = await t.db.query<{ ids: string[] }>(
      `SELECT detail -> 'requestIds' AS ids FROM audit_log WHERE action = 'read' AND entity = 'rights_request' ORDER BY id DESC LIMIT 1`,
    );
    expect(reads.rows[0]!.ids).toContain(id);

    // A role that may not: refused (and that refusal is in the audit log), nothing stored.
    const extend = (token: string, body: unknown) => call(token)('POST', `/api/rights/requests/${id}/extension`, body);
    const body = { until: '2027-04-15', reason: 'Het dossier is groot; we hebben meer tijd nodig om het na te lopen' };
    for (const who of [sanne, coordinator]) {
      const refused = await extend(who.accessToken, body);
      expect(refused.status).toBe(403);
      expect(refused.json().message).toBe('Alleen de functioneel beheerder behandelt verzoeken van ouders en leerlingen.');
    }
    expect((await call(sanne.accessToken)('GET', '/api/rights/requests')).status).toBe(403);
    expect(await stored()).toMatchObject({ extended_until: null });
    const refusals = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'refused' AND user_id IN ($1, $2)`,
      [sanne.user.id, coordinator.user.id],
    );
    expect(refusals.rows[0]!.n).toBeGreaterThanOrEqual(2);

    // Not before the term (28 February after 31 January), not past two more months, not without a reason.
    const early = await extend(beheer.accessToken, { ...body, until: '2027-02-28' });
    expect(early.status).toBe(400);
    expect(early.json().message).toContain('Kies een datum na 28 februari 2027');
    const late = await extend(beheer.accessToken, { ...body, until: '2027-05-01' });
    expect(late.status).toBe(400);
    expect(late.json().message).toContain('Verlengen kan tot en met 30 april 2027');
    expect((await extend(beheer.accessToken, { until: '2027-04-15' })).status).toBe(400);
    expect((await call(beheer.accessToken)('POST', `/api/rights/requests/${randomUUID()}/extension`, body)).status).toBe(404);
    expect((await call(beheer.accessToken)('POST', '/api/rights/requests/geen-id/extension', body)).status).toBe(400);
    expect(await stored()).toMatchObject({ extended_until: null });

    const ok200 = await extend(beheer.accessToken, body);
    expect(ok200.status).toBe(200);
    expect(ok200.json().request).toMatchObject({ id, extendedUntil: '2027-04-15', extensionReason: body.reason });
    expect(await stored()).toEqual({
      decision: null,
      extended_until: '2027-04-15',
      extension_reason: body.reason,
      extended_by: beheer.user.id,
    });
    const audit = await t.db.query<{ detail: Record<string, unknown>; user_id: string; on_behalf_of: string }>(
      `SELECT detail, user_id, on_behalf_of FROM audit_log WHERE action = 'rights_request' AND detail ->> 'requestId' = $1 ORDER BY id`,
      [id],
    );
    expect(audit.rows.map((r) => r.detail)).toEqual([
      { requestId: id, kind: 'inzage', decision: null, due: '2027-02-28' },
      { requestId: id, kind: 'inzage', extension: { from: '2027-02-28', until: '2027-04-15', reason: body.reason } },
    ]);
    expect(audit.rows[1]).toMatchObject({ user_id: beheer.user.id, on_behalf_of: 'moeder' });

    // The inzage document shows the extension and the term while the request is open.
    const doc = await t.app.inject({
      method: 'GET',
      url: `/api/rights/pupils/${d.pupilId}/inzage?namens=moeder`,
      headers: { authorization: `Bearer ${beheer.accessToken}` },
    });
    expect(doc.body).toContain('Verzoek om inzage van 31 januari 2027');
    expect(doc.body).toContain(`Termijn verlengd</th><td>van 28 februari 2027 tot 15 april 2027. Reden: ${body.reason}`);
    expect(doc.body).toContain('nog niet genomen; antwoord uiterlijk 15 april 2027');

    // Decided: off the open list, and neither extended nor decided again.
    const decide = (b: unknown) => call(beheer.accessToken)('POST', `/api/rights/requests/${id}/decision`, b);
    expect((await decide({ decision: 'granted' })).status).toBe(400);
    const decided = await decide({ decision: 'granted', reason: 'Inzagedocument meegegeven' });
    expect(decided.status).toBe(200);
    expect(await stored()).toMatchObject({ decision: 'granted' });
    const after = await call(beheer.accessToken)('GET', '/api/rights/requests');
    expect((after.json().requests as { id: string }[]).some((q) => q.id === id)).toBe(false);
    expect((await decide({ decision: 'refused', reason: 'x' })).status).toBe(409);
    expect((await extend(beheer.accessToken, { ...body, until: '2027-04-20' })).status).toBe(409);
  });

  it('an open correction, decided later, goes onto the record as one decided at once does', async () => {
    const d = await seedDossier('Olaf P.', 'Later besloten');
    const opened = await call(beheer.accessToken)('POST', '/api/rights/requests', {
      pupilId: d.pupilId,
      kind: 'correction',
      requestedBy: 'vader',
      requestedOn: '2026-12-01',
      what: 'Het contactmoment was met vader, niet met moeder',
      recordId: d.contact.recordId,
      oldValue: 'moeder',
    });
    expect(opened.status).toBe(201);
    const id = (opened.json() as { request: { id: string } }).request.id;
    expect((await row(t.db, d.contact.recordId))!.data.corrections).toBeUndefined();
    const res = await call(beheer.accessToken)('POST', `/api/rights/requests/${id}/decision`, {
      decision: 'granted',
      reason: 'Klopt volgens de agenda',
      newValue: 'vader',
    });
    expect(res.status).toBe(200);
    expect((await row(t.db, d.contact.recordId))!.data.corrections).toMatchObject([
      { decision: 'granted', what: 'Het contactmoment was met vader, niet met moeder', oldValue: 'moeder', newValue: 'vader' },
    ]);
    // A reason without a decision when recording is refused precisely.
    const half = await call(beheer.accessToken)('POST', '/api/rights/requests', {
      pupilId: d.pupilId,
      kind: 'objection',
      requestedBy: 'vader',
      requestedOn: '2026-12-01',
      what: 'Bezwaar tegen bespreken in het MDO',
      reason: 'Nog geen besluit',
    });
    expect(half.status).toBe(400);
    expect(half.json().message).toContain('reason');
  });
});

describe('break-the-glass', () => {
  it('grants at once, honours the grant in pull and push, marks every access, and ends at expiry', async () => {
    const ahmed = await login(t.app, 'ahmed');
    const d = await seedDossier('Noor A.', 'Vervanging nodig');
    const neighbour = createOf('pupil', school(1), { initials: 'Buur' });
    ok((await push(t.app, sanne.accessToken, [neighbour])).body.results);
    const code = String((await row(t.db, d.pupilId))!.data.dossierCode);

    const before = await pullAll(t.app, ahmed.accessToken);
    expect(before.changes.some((c) => c.record.id === d.pupilId)).toBe(false);
    const key = (await pull(t.app, ahmed.accessToken, before.cursor)).scopeKey;

    const asked = await call(ahmed.accessToken)('POST', '/api/rights/grants', { code, reason: 'Sanne is ziek; ik vervang haar deze week' });
    expect(asked.status).toBe(201);
    const grant = asked.json().grant as { id: string; expiresAt: string; active: boolean };
    expect(grant.active).toBe(true);
    expect(Date.parse(grant.expiresAt)).toBe(addDays(now, 14).getTime());

    // The scope changed: the phone pulls again from the start and gets exactly this pupil's records.
    const during = await pull(t.app, ahmed.accessToken, before.cursor);
    expect(during.scopeKey).not.toBe(key);
    const all = await pullAll(t.app, ahmed.accessToken);
    // (The demo gezin has a child at Ahmed's own school too: he reads it through that child.)
    const school1 = all.changes
      .filter((c) => c.record.schoolId === school(1) && c.entity !== 'family')
      .map((c) => c.record.id)
      .sort();
    expect(school1).toEqual(
      [
        d.pupilId,
        d.signal.recordId,
        d.contact.recordId,
        d.consultation.recordId,
        d.meldcode.recordId,
        ...d.more.map((m) => m.recordId),
      ].sort(),
    );
    // Writing for this pupil works; for the neighbour it does not.
    const added = createOf('contact', school(1), { pupilId: d.pupilId, summary: 'Gesprek als vervanger' });
    const other = createOf('contact', school(1), { pupilId: neighbour.recordId });
    const res = await push(t.app, ahmed.accessToken, [added, other]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    const viewed = await call(ahmed.accessToken)('POST', '/api/audit/views', {
      views: [{ id: randomUUID(), pupilId: d.pupilId, at: new Date().toISOString() }],
    });
    expect((viewed.json().results as { status: string }[])[0]!.status).toBe('recorded');

    // Every access under the grant is marked in the audit log.
    const marked = await t.db.query<{ action: string; via: string | null }>(
      `SELECT action, detail ->> 'via' AS via FROM audit_log WHERE user_id = $1 AND pupil_id = $2 AND detail ->> 'breakGlass' = $3 ORDER BY id`,
      [ahmed.user.id, d.pupilId, grant.id],
    );
    expect(marked.rows).toEqual(
      expect.arrayContaining([
        { action: 'break_glass', via: null },
        { action: 'read', via: 'pull' },
        { action: 'create', via: null },
        { action: 'read', via: 'device' },
      ]),
    );
    // The coordinator sees the grant; Sanne and the beheerder cannot list grants of others.
    const coordinator = await login(t.app, 'coordinator');
    const list = await call(coordinator.accessToken)('GET', '/api/rights/grants');
    expect(list.json().grants).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: grant.id, active: true, userName: 'Ahmed El Amrani', dossierCode: code })]),
    );
    expect((await call(beheer.accessToken)('GET', '/api/rights/grants')).status).toBe(403);
    // The inzage document marks it.
    const doc = await t.app.inject({
      method: 'GET',
      url: `/api/rights/pupils/${d.pupilId}/inzage?namens=ouders`,
      headers: { authorization: `Bearer ${beheer.accessToken}` },
    });
    expect(doc.body).toContain('Ahmed El Amrani, jeugdprofessional: van');
    expect(doc.body).toContain('Vastgelegd: contactmoment — met tijdelijke toegang (vervanging)');

    // Fifteen days later (the injected clock): expired. The scope changes back; a pull from the start
    // holds nothing of the pupil, so the phone removes it; a push is refused.
    now = addDays(now, 15);
    const after = await pull(t.app, ahmed.accessToken, all.cursor);
    expect(after.scopeKey).toBe(key);
    const again = await pullAll(t.app, ahmed.accessToken);
    expect(again.changes.some((c) => c.record.schoolId === school(1) && c.entity !== 'family')).toBe(false);
    const v = (await row(t.db, added.recordId))!.version;
    const late = await push(t.app, ahmed.accessToken, [update('contact', added.recordId, { summary: 'Te laat' }, v)]);
    expect(late.body.results[0]?.status).toBe('rejected');
    const ended = await call(coordinator.accessToken)('GET', '/api/rights/grants');
    expect(ended.json().grants).toEqual(expect.arrayContaining([expect.objectContaining({ id: grant.id, active: false })]));
  });

  it('lasts the number of days the beheerder set for the region', async () => {
    const set = await call(beheer.accessToken)('PATCH', '/api/admin/settings', { breakGlassDays: 3 });
    expect(set.status).toBe(200);
    try {
      const d = await seedDossier('Term T.', 'Korte vervanging');
      const code = String((await row(t.db, d.pupilId))!.data.dossierCode);
      const ahmed = await login(t.app, 'ahmed');
      const asked = await call(ahmed.accessToken)('POST', '/api/rights/grants', { code, reason: 'Vervanging voor drie dagen' });
      expect(asked.status).toBe(201);
      expect(Date.parse((asked.json().grant as { expiresAt: string }).expiresAt)).toBe(addDays(now, 3).getTime());
      const audit = await t.db.query<{ days: number }>(
        `SELECT (detail ->> 'days')::int AS days FROM audit_log WHERE action = 'break_glass' AND pupil_id = $1`,
        [d.pupilId],
      );
      expect(audit.rows).toEqual([{ days: 3 }]);
    } finally {
      await call(beheer.accessToken)('PATCH', '/api/admin/settings', { breakGlassDays: 14 });
    }
  });

  it('refuses a pupil of an own school, an unknown code, another role and a missing reason', async () => {
    const d = await seedDossier('Own S.', 'Eigen school');
    const code = String((await row(t.db, d.pupilId))!.data.dossierCode);
    expect((await call(sanne.accessToken)('POST', '/api/rights/grants', { code, reason: 'test' })).json().error).toBe('own_school');
    const ahmed = await login(t.app, 'ahmed');
    expect((await call(ahmed.accessToken)('POST', '/api/rights/grants', { code: 'ZZZZZZ', reason: 'test' })).status).toBe(404);
    expect((await call(ahmed.accessToken)('POST', '/api/rights/grants', { code, reason: ' ' })).status).toBe(400);
    expect((await call(beheer.accessToken)('POST', '/api/rights/grants', { code, reason: 'test' })).status).toBe(403);
  });
});

describe('migration 014', () => {
  it('gives every existing pupil a distinct code and a new change seq, so phones pull it again', async () => {
    const { openTestDb } = await import('./helpers');
    const { loadMigrations, migrate } = await import('../../src/server/store/migrate');
    const fresh = await openTestDb();
    try {
      const all = await loadMigrations();
      await migrate(
        fresh.db,
        all.filter((m) => m.version < 14),
      );
      const ids = Array.from({ length: 40 }, () => randomUUID());
      for (const [i, id] of ids.entries()) {
        await fresh.db.query(
          `INSERT INTO records (id, entity, school_id, data, field_versions, version, created_by, created_at, updated_at)
           VALUES ($1, 'pupil', $2, $3::jsonb, '{}'::jsonb, nextval('change_seq'), $4, now(), now())`,
          [
            id,
            school(1),
            JSON.stringify({ initials: `P${i}`, group: 'groep 1', birthYear: 2018, schoolId: school(1), deleted: false }),
            randomUUID(),
          ],
        );
      }
      const before = await fresh.db.query<{ top: number }>('SELECT max(version) AS top FROM records');
      await migrate(fresh.db, all);
      const { rows } = await fresh.db.query<{ code: string; version: number }>(
        `SELECT data ->> 'dossierCode' AS code, version FROM records WHERE entity = 'pupil'`,
      );
      expect(rows).toHaveLength(40);
      expect(rows.every((r) => dossierCodePattern.test(r.code))).toBe(true);
      expect(new Set(rows.map((r) => r.code)).size).toBe(40);
      expect(rows.every((r) => Number(r.version) > Number(before.rows[0]!.top))).toBe(true);
    } finally {
      await fresh.cleanup();
    }
  });
});
