// The pupil page renders its <IonPage> at once, with the pupil from the in-memory pupils
// when they are there (Ionic's page transition starts when the page is there), and says so in the
// same page when the pupil is not on the device.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { db } from '../../src/app/db/db';
import PupilPage from '../../src/app/pages/PupilPage';
import { forgetPupilsInMemory, warmPupils } from '../../src/app/perf/pupilsInMemory';
import type { Signal } from '../../src/domain';
import { prefetchTimeline, prefetchedTimeline, prefetchingTimeline } from '../../src/app/perf/timelinePrefetch';
import { aPupil, jeugdprofessionalWithPupil, signIn } from './signedIn';

const pupil = aPupil({ initials: 'KW', group: 'groep 6', birthYear: 2016 });
jeugdprofessionalWithPupil(pupil, () => {
  cleanup();
  forgetPupilsInMemory();
});

/** A signal about the pupil, recorded by `createdBy`. */
const signal = (createdBy: string, description: string) =>
  ({
    id: crypto.randomUUID(),
    schoolId: pupil.schoolId,
    createdBy,
    createdAt: pupil.createdAt,
    updatedAt: pupil.createdAt,
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
    await db.signals.put(signal('u1', 'Vaak te laat'));
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
    await db.signals.bulkPut([
      signal('u1', 'Mijn eigen signaal'),
      signal('u2', 'Signaal van Ahmed'),
      signal('u3', 'Van iemand die weg is'),
    ]);
    await signIn({ colleagues: [{ id: 'u2', name: 'Ahmed El Amrani', schoolIds: [pupil.schoolId] }] });
    try {
      open(pupil.id);
      const card = async (text: string) => (await screen.findByRole('link', { name: new RegExp(text) })).textContent;
      expect(await card('Mijn eigen signaal')).toContain('Vastgelegd door: jij');
      expect(await card('Signaal van Ahmed')).toContain('Vastgelegd door: Ahmed El Amrani');
      expect(await card('Van iemand die weg is')).toContain('Vastgelegd door: een collega');
      cleanup();

      // A school whose team does not share: only your own records, and no line about who.
      await signIn();
      open(pupil.id);
      expect(await card('Mijn eigen signaal')).not.toContain('Vastgelegd door');
    } finally {
      cleanup();
      await db.signals.clear();
      await signIn();
    }
  });
});
