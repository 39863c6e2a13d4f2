// The consent block of the pupil page: the summary at a glance, recording a consent (with the age
// rule from the birth year as a Dutch error), and withdrawing one, which stays visible in history.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConsentSection } from '../../src/app/components/ConsentSection';
import { consentsOfPupil } from '../../src/app/db/consents';
import { db } from '../../src/app/db/db';
import { aPupil, jeugdprofessionalWithPupil } from './signedIn';

const today = '2026-12-07';
const pupil = aPupil({ initials: 'TB', group: 'groep 8', birthYear: 2014 });

jeugdprofessionalWithPupil(pupil, async () => {
  cleanup();
  await db.consents.clear();
});

const field = (name: RegExp) => screen.getByLabelText(name);

describe('the consent block', () => {
  it('records a consent, shows it in the summary and keeps a withdrawn one in the history', async () => {
    render(<ConsentSection pupil={pupil} today={today} />);
    expect(await screen.findByText(/Nog geen toestemming vastgelegd/)).toBeTruthy();
    expect(screen.getByLabelText('Nu delen mag met').textContent).toContain('school —');

    fireEvent.click(screen.getByRole('button', { name: '+ Toestemming vastleggen' }));
    fireEvent.change(field(/Met wie mag gedeeld worden/), { target: { value: 'wijkteam' } });
    // Born in 2014: the pupil may be 12 now, so a parent alone is not enough.
    fireEvent.click(screen.getByRole('radio', { name: 'ouder of verzorger' }));
    fireEvent.click(screen.getByRole('radio', { name: 'schriftelijk' }));
    fireEvent.change(field(/Geldig tot/), { target: { value: '2027-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Toestemming opslaan' }));
    expect(await screen.findAllByText('Vanaf 12 jaar geeft de leerling zelf ook toestemming')).not.toHaveLength(0);
    expect(await consentsOfPupil(db, pupil.id)).toHaveLength(0);

    fireEvent.click(screen.getByRole('radio', { name: 'leerling samen met ouder' }));
    fireEvent.click(screen.getByRole('button', { name: 'Toestemming opslaan' }));
    await waitFor(() => expect(screen.getByLabelText('Nu delen mag met').textContent).toContain('wijkteam ✓ mag tot 1 maart 2027'));
    expect(screen.getByLabelText('Nu delen mag met').textContent).toContain('leerplicht —');
    const stored = await consentsOfPupil(db, pupil.id);
    expect(stored).toMatchObject([
      {
        party: 'wijkteam',
        givenBy: 'ouder_en_leerling',
        way: 'schriftelijk',
        topic: null,
        givenOn: today,
        validUntil: '2027-03-01',
        withdrawnOn: null,
      },
    ]);
    expect((await db.outbox.toArray()).filter((m) => m.entity === 'consent')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: /Intrekken toestemming wijkteam/ }));
    const form = screen.getByRole('form', { name: 'Toestemming intrekken' });
    fireEvent.click(within(form).getByRole('button', { name: 'Intrekken' }));
    expect(await within(form).findByText('Schrijf waarom de toestemming is ingetrokken')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText(/Reden/), { target: { value: 'Ouders willen eerst zelf met het wijkteam praten' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Intrekken' }));

    await waitFor(() => expect(screen.getByLabelText('Nu delen mag met').textContent).toContain('wijkteam —'));
    const item = screen.getByRole('list', { name: /Toestemmingen/ }).querySelector('li');
    expect(item?.textContent).toContain('ingetrokken');
    expect(item?.textContent).toContain('Ouders willen eerst zelf met het wijkteam praten');
    expect((await consentsOfPupil(db, pupil.id))[0]).toMatchObject({
      withdrawnOn: today,
      withdrawnReason: 'Ouders willen eerst zelf met het wijkteam praten',
    });
    // A wait bound for a loaded machine (many Dexie writes with encryption), not a timing check.
  }, 60_000);
});
