// The Leerlingen screen on a large caseload, rendered with the app's own database (Dexie,
// encryption at rest, fake-indexeddb): above LARGE_CASELOAD pupils it lists the most recently
// changed ones with the count, and a search goes through the in-memory pupils.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import { setDataKey } from '../../src/app/db/encryption';
import PupilsPage, { LARGE_CASELOAD } from '../../src/app/pages/PupilsPage';
import { forgetPupilsInMemory, pupilsSnapshot, warmPupils } from '../../src/app/perf/pupilsInMemory';
import type { Pupil } from '../../src/domain';

const school = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';
const N = LARGE_CASELOAD + 5;
/** fake-indexeddb and jsdom are slow with a thousand encrypted rows: generous, never a time check. */
const WAIT = { timeout: 20_000 };

function pupil(n: number, extra: Partial<Pupil> = {}): Pupil {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    id: crypto.randomUUID(),
    schoolId: school,
    createdBy: 'u1',
    createdAt: at,
    updatedAt: at,
    deleted: false,
    version: 1,
    initials: `P${String(n).padStart(4, '0')}`,
    group: 'groep 5',
    birthYear: 2015,
    ...extra,
  } as Pupil;
}

const listed = Array.from({ length: N }, (_, i) => pupil(i));

beforeAll(async () => {
  setDataKey(await generateDataKey());
  await db.pupils.bulkPut([...listed, pupil(9999, { deleted: true })]);
}, 60_000);
afterAll(async () => {
  cleanup();
  forgetPupilsInMemory();
  await db.pupils.clear();
});

const page = () =>
  render(
    <MemoryRouter>
      <PupilsPage />
    </MemoryRouter>,
  );

describe('Leerlingen on a large caseload', () => {
  it('the count and the 50 most recent, from IndexedDB before the in-memory pupils are there, and from them after', async () => {
    forgetPupilsInMemory();
    const first = page();
    expect(await screen.findByText(`${N} leerlingen`, undefined, WAIT)).toBeTruthy();
    expect(pupilsSnapshot(db)).toBeNull(); // counted by IndexedDB: the copy was not asked for
    const rows = () => screen.getAllByRole('link').filter((a) => a.classList.contains('pupil-link'));
    expect(rows()).toHaveLength(50);
    expect(rows()[0]!.textContent).toContain(`P${String(N - 1).padStart(4, '0')}`);
    expect(screen.getByRole('button', { name: /Toon meer/ }).textContent).toContain(`(${N - 50} over)`);
    fireEvent.click(screen.getByRole('button', { name: /Toon meer/ }));
    await waitFor(() => expect(rows()).toHaveLength(100), WAIT);

    // A search fills the copy and answers from it.
    fireEvent.change(screen.getByLabelText(/Zoek op initialen of groep/), { target: { value: 'p0007' } });
    expect(await screen.findByText('1 leerling', undefined, WAIT)).toBeTruthy();
    first.unmount();

    // With the copy there, the list's count comes from it: the same number, the archived one left out.
    await warmPupils(db);
    page();
    expect(await screen.findByText(`${N} leerlingen`, undefined, WAIT)).toBeTruthy();
    await waitFor(() => expect(rows()).toHaveLength(50));
    // It follows a change: an archived pupil leaves the count.
    await db.pupils.put({ ...listed[3]!, deleted: true, updatedAt: new Date().toISOString() });
    expect(await screen.findByText(`${N - 1} leerlingen`, undefined, WAIT)).toBeTruthy();
  }, 60_000);
});
