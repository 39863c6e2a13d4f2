// A correction a parent asked for and the beheerder granted (docs/rights.md) arrives with a pull on
// the record it is about. The professional sees on the pupil page, on the timeline card and on the
// record itself that it was corrected, when, and the old value; her own edit keeps it and never
// sends it back.
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearSessionFromMemory, loadSession } from '../../src/app/auth/session';
import { db } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import { setDataKey } from '../../src/app/db/encryption';
import { updateRecord } from '../../src/app/db/records';
import { DexieSyncStore } from '../../src/app/sync/dexieStore';
import PupilPage from '../../src/app/pages/PupilPage';
import SignalFormPage from '../../src/app/pages/SignalFormPage';
import { forgetPupilsInMemory } from '../../src/app/perf/pupilsInMemory';
import { rawDump } from './freshDb';

const at = '2026-11-20T09:00:00.000Z';
const schoolId = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';
const pupilId = crypto.randomUUID();
const signalId = crypto.randomUUID();
const base = { schoolId, createdBy: 'u1', createdAt: at, updatedAt: at, deleted: false };
const corrected = {
  decidedOn: '2026-12-03',
  decision: 'granted',
  what: 'Het was bij de gym, niet op het plein',
  oldValue: 'Ruzie op het plein',
  newValue: 'Ruzie bij de gym',
};

beforeAll(async () => {
  setDataKey(await generateDataKey());
  await db.meta.put({
    key: 'session',
    value: {
      user: { id: 'u1', name: 'Test', role: 'jeugdprofessional', schools: [] },
      accessToken: 'x',
      accessExpiresAt: 0,
      refreshToken: 'r',
    },
  });
  await loadSession(db);
  // As a pull brings them: the pupil (its birth year corrected) and a corrected signal.
  await new DexieSyncStore(db).applyPage({
    changes: [
      {
        seq: 1,
        entity: 'pupil',
        record: {
          ...base,
          id: pupilId,
          version: 1,
          initials: 'CK',
          group: 'groep 6',
          birthYear: 2015,
          corrections: [{ ...corrected, what: 'Geboortejaar klopt niet', oldValue: '2016', newValue: '2015' }],
        },
        conflicts: [],
      },
      {
        seq: 2,
        entity: 'signal',
        record: {
          ...base,
          id: signalId,
          version: 2,
          pupilId,
          date: '2026-11-20',
          theme: 'gedrag',
          seriousness: 'zorg',
          source: 'leerkracht',
          description: 'Ruzie op het plein',
          followUpDate: null,
          corrections: [corrected],
        },
        conflicts: [],
      },
    ],
    cursor: '2',
    hasMore: false,
    remaining: 0,
  });
});
afterAll(async () => {
  cleanup();
  forgetPupilsInMemory();
  await Promise.all([db.pupils.clear(), db.signals.clear(), db.outbox.clear()]);
  await db.meta.delete('session');
  clearSessionFromMemory();
});

const open = (path: string) =>
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/leerlingen/:id" element={<PupilPage />} />
        <Route path="/signaal/:id" element={<SignalFormPage />} />
      </Routes>
    </MemoryRouter>,
  );

describe('a granted correction on the phone', () => {
  it('is encrypted at rest: what was asked and the old value are not in a raw dump', async () => {
    const dump = await rawDump(db.name);
    const signal = dump.signals!.find((r) => r.id === signalId)!;
    expect(signal).not.toHaveProperty('corrections');
    expect(JSON.stringify(dump)).not.toContain('Het was bij de gym');
    expect(JSON.stringify(dump)).not.toContain('Geboortejaar klopt niet');
  });

  it('the pupil page shows the corrected pupil data with the old value, and the timeline card says it was corrected', async () => {
    open(`/leerlingen/${pupilId}`);
    const section = await screen.findByRole('region', { name: 'Gecorrigeerd op verzoek' });
    expect(section.textContent).toContain('de gegevens van deze leerling');
    expect(section.textContent).toContain('3 december 2026: toegekend');
    expect(section.textContent).toContain('GevraagdGeboortejaar klopt niet');
    expect(section.textContent).toContain('Oude waarde2016');
    expect(section.textContent).toContain('Nieuwe waarde2015');
    const card = within(await screen.findByRole('list', { name: 'Tijdlijn, nieuwste eerst' })).getByRole('link');
    expect(card.textContent).toContain('Gecorrigeerd op 3 december 2026');
    cleanup();
  });

  it('the signal shows when, what was asked and the old value; the professional’s edit keeps it and does not send it', async () => {
    open(`/signaal/${signalId}`);
    const section = await screen.findByRole('region', { name: 'Gecorrigeerd op verzoek' });
    expect(section.textContent).toContain('een correctie van dit signaal');
    expect(section.textContent).toContain('3 december 2026: toegekend');
    expect(section.textContent).toContain('Het was bij de gym, niet op het plein');
    expect(within(section).getByText('Ruzie op het plein').tagName).toBe('DEL');
    expect(section.textContent).toContain('Nieuwe waardeRuzie bij de gym');
    cleanup();

    // She carries it out as a normal edit.
    const saved = await updateRecord(db, 'signal', signalId, { description: 'Ruzie bij de gym' }, { userId: 'u1' });
    expect(saved.description).toBe('Ruzie bij de gym');
    expect(saved.corrections).toEqual([corrected]);
    const sent = await db.outbox.toArray();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.changes).toEqual({ description: 'Ruzie bij de gym' });
    open(`/signaal/${signalId}`);
    expect((await screen.findByRole('region', { name: 'Gecorrigeerd op verzoek' })).textContent).toContain('Oude waardeRuzie op het plein');
  });
});
