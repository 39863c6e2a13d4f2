// Step 5 of the Meldcode: the afwegingskader's answers (step 4) say whether reporting to Veilig Thuis
// is the norm. The form says so, and not reporting where it is the norm needs a reason in the note.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MeldcodeStepForm } from '../../src/app/components/MeldcodeStepForm';
import { generateDataKey } from '../../src/app/db/crypto';
import { db } from '../../src/app/db/db';
import { setDataKey } from '../../src/app/db/encryption';
import type { Meldcode } from '../../src/domain';

const at = '2026-03-02T09:00:00.000Z';
const done = { date: '2026-03-02', who: 'Sanne', note: '' };
const meldcode = (afweging: Meldcode['afweging']): Meldcode => ({
  id: crypto.randomUUID(),
  schoolId: crypto.randomUUID(),
  createdBy: 'u1',
  createdAt: at,
  updatedAt: at,
  deleted: false,
  version: 1,
  signalId: crypto.randomUUID(),
  pupilId: crypto.randomUUID(),
  startDate: '2026-03-02',
  step1: done,
  step2: done,
  step3: done,
  step4: done,
  step5: null,
  afweging,
  outcome: null,
  closedDate: null,
});

beforeAll(async () => setDataKey(await generateDataKey()));
afterEach(async () => {
  cleanup();
  await db.drafts.clear();
});

describe('step 5 and the meldnorm', () => {
  it('with acute unsafety, reporting is the norm; closing with "Hulp organiseren" asks why in the note and stores nothing', async () => {
    const m = meldcode(['ja', 'ja', 'ja', 'ja', 'ja']);
    render(<MeldcodeStepForm meldcode={m} step={5} />);
    expect(screen.getByRole('note').textContent).toBe(
      'Volgens het afwegingskader is melden bij Veilig Thuis de norm: vraag 2 is met ja beantwoord: er is acute of structurele onveiligheid.',
    );
    fireEvent.change(screen.getByLabelText('Wie'), { target: { value: 'Sanne' } });
    fireEvent.click(screen.getByLabelText('Hulp organiseren'));
    fireEvent.click(screen.getByRole('button', { name: 'Traject afsluiten' }));
    await waitFor(() =>
      expect(
        screen.getAllByText('Je meldt niet, terwijl het afwegingskader dat vraagt: leg in de notitie vast waarom').length,
      ).toBeGreaterThan(0),
    );
    expect(await db.meldcodes.get(m.id)).toBeUndefined();
  });

  it('when help is enough by the answers, the form says that; a step is still not closed without a note', async () => {
    const m = meldcode(['ja', 'nee', 'ja', 'ja', 'ja']);
    render(<MeldcodeStepForm meldcode={m} step={5} />);
    expect(screen.getByRole('note').textContent).toBe(
      'Volgens het afwegingskader: hulp bieden of organiseren volstaat volgens je antwoorden.',
    );
    expect(screen.getByLabelText(/Notitie/).hasAttribute('required')).toBe(true);
    fireEvent.change(screen.getByLabelText('Wie'), { target: { value: 'Sanne' } });
    fireEvent.click(screen.getByLabelText('Hulp organiseren'));
    fireEvent.click(screen.getByRole('button', { name: 'Traject afsluiten' }));
    await waitFor(() => expect(screen.getAllByText('Schrijf in de notitie kort wat je in deze stap deed').length).toBeGreaterThan(0));
    expect(await db.meldcodes.get(m.id)).toBeUndefined();
  });
});
