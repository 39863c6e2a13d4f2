// Issue 7: the pupil page renders its <IonPage> at once, with the pupil from the in-memory pupils
// when they are there (Ionic's page transition starts when the page is there), and says so in the
// same page when the pupil is not on the device.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearSessionFromMemory, loadSession } from '../../src/app/auth/session';
import { db } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import { setDataKey } from '../../src/app/db/encryption';
import PupilPage from '../../src/app/pages/PupilPage';
import { forgetPupilsInMemory, warmPupils } from '../../src/app/perf/pupilsInMemory';
import type { Pupil, Signal } from '../../src/domain';
import { prefetchTimeline, prefetchedTimeline, prefetchingTimeline } from '../../src/app/perf/timelinePrefetch';

const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
const pupil = {
  id: crypto.randomUUID(),
  schoolId: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001',
  createdBy: 'u1',
  createdAt: at,
  updatedAt: at,
  deleted: false,
  version: 1,
  initials: 'KW',
  group: 'groep 6',
  birthYear: 2016,
} as Pupil;

beforeAll(async () => {
  setDataKey(await generateDataKey());
  await db.pupils.put(pupil);
  // Signed in: the page stamps what it records with the user (session.ts).
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
});
afterAll(async () => {
  cleanup();
  forgetPupilsInMemory();
  await db.pupils.clear();
  await db.outbox.clear();
  await db.meta.delete('session');
  clearSessionFromMemory();
});

const open = (id: string) =>
  render(
    <MemoryRouter initialEntries={[`/leerlingen/${id}`]}>
      <Routes>
        <Route path="/leerlingen/:id" element={<PupilPage />} />
      </Routes>
    </MemoryRouter>,
  );

describe('the pupil page', () => {
  it('is there in its first render when the in-memory pupils are filled', async () => {
    await warmPupils(db);
    const { container } = open(pupil.id);
    // No await: the first render already has the page and the pupil's heading.
    expect(container.querySelector('.ion-page')).not.toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Leerling KW');
    cleanup();
  });

  it('has the timeline in its first render when the tap on the pupil prefetched it', async () => {
    await db.signals.put({
      id: crypto.randomUUID(),
      schoolId: pupil.schoolId,
      createdBy: 'u1',
      createdAt: at,
      updatedAt: at,
      deleted: false,
      version: 1,
      pupilId: pupil.id,
      date: '2026-01-12',
      theme: 'verzuim',
      seriousness: 'zorg',
      source: 'leerkracht',
      description: 'Vaak te laat',
      followUpDate: null,
    } as Signal);
    await warmPupils(db);
    prefetchTimeline(db, pupil.id);
    // While it is read, a page that mounted meanwhile can wait for it.
    const reading = prefetchingTimeline(pupil.id);
    expect(prefetchingTimeline(crypto.randomUUID())).toBeUndefined();
    expect(await reading).toHaveLength(1);
    expect(prefetchingTimeline(pupil.id)).toBeUndefined(); // read: prefetchedTimeline has it
    expect(prefetchedTimeline(pupil.id)).toHaveLength(1);
    expect(prefetchedTimeline(crypto.randomUUID())).toBeUndefined();
    open(pupil.id);
    // No await: the first render has the record.
    expect(screen.getByRole('list', { name: 'Tijdlijn, nieuwste eerst' }).textContent).toContain('Vaak te laat');
    // Once the page has read it itself, the prefetched one is dropped.
    await waitFor(() => expect(prefetchedTimeline(pupil.id)).toBeUndefined());
    cleanup();
    await db.signals.clear();
  });

  it('is one page while the pupil is read, and says so when it is not on the device', async () => {
    forgetPupilsInMemory();
    const { container } = open(pupil.id);
    expect(container.querySelectorAll('.ion-page')).toHaveLength(1);
    expect(screen.getAllByRole('status').some((s) => s.textContent === 'Laden…')).toBe(true);
    expect(await screen.findByRole('heading', { level: 1, name: 'Leerling KW' })).toBeTruthy();
    cleanup();

    open(crypto.randomUUID());
    expect(await screen.findByRole('heading', { level: 1, name: 'Leerling niet gevonden' })).toBeTruthy();
    expect(screen.getByText('Dit staat niet (meer) op dit toestel.')).toBeTruthy();
  });

  it('says on each card who recorded it when the team shares dossiers: "jij" or the colleague, from the stored session', async () => {
    const signal = (createdBy: string, description: string) =>
      ({
        id: crypto.randomUUID(),
        schoolId: pupil.schoolId,
        createdBy,
        createdAt: at,
        updatedAt: at,
        deleted: false,
        version: 1,
        pupilId: pupil.id,
        date: '2026-01-12',
        theme: 'verzuim',
        seriousness: 'zorg',
        source: 'leerkracht',
        description,
        followUpDate: null,
      }) as Signal;
    await db.signals.bulkPut([
      signal('u1', 'Mijn eigen signaal'),
      signal('u2', 'Signaal van Ahmed'),
      signal('u3', 'Van iemand die weg is'),
    ]);
    const stored = (await db.meta.get('session'))!.value as { user: object };
    await db.meta.put({
      key: 'session',
      value: { ...stored, user: { ...stored.user, colleagues: [{ id: 'u2', name: 'Ahmed El Amrani', schoolIds: [pupil.schoolId] }] } },
    });
    await loadSession(db);
    try {
      open(pupil.id);
      const card = async (text: string) => (await screen.findByRole('link', { name: new RegExp(text) })).textContent;
      expect(await card('Mijn eigen signaal')).toContain('Vastgelegd door: jij');
      expect(await card('Signaal van Ahmed')).toContain('Vastgelegd door: Ahmed El Amrani');
      expect(await card('Van iemand die weg is')).toContain('Vastgelegd door: een collega');
      cleanup();

      // A school whose team does not share: only your own records, and no line about who.
      await db.meta.put({ key: 'session', value: stored });
      await loadSession(db);
      open(pupil.id);
      expect(await card('Mijn eigen signaal')).not.toContain('Vastgelegd door');
    } finally {
      cleanup();
      await db.signals.clear();
      await db.meta.put({ key: 'session', value: stored });
      await loadSession(db);
    }
  });
});
