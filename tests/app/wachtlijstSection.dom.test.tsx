// The wachtlijst block of the pupil page: empty state, adding a referral (Dutch errors for what is
// missing, nothing stored until it is right), the weeks waited and the region's warning, and
// changing a referral to "zorg gestart". What is stored is checked in the device's database, where
// the referral is encrypted like the rest of the dossier.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearSessionFromMemory, loadSession } from '../../src/app/auth/session';
import { WachtlijstSection } from '../../src/app/components/WachtlijstSection';
import { referralsOfPupil } from '../../src/app/db/wachtlijst';
import { db } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import { setDataKey } from '../../src/app/db/encryption';
import type { Pupil } from '../../src/domain';

const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
const today = '2026-12-07';
const pupil = {
  id: crypto.randomUUID(),
  schoolId: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001',
  createdBy: 'u1',
  createdAt: at,
  updatedAt: at,
  deleted: false,
  version: 1,
  initials: 'TB',
  group: 'groep 8',
  birthYear: 2014,
} as Pupil;

beforeAll(async () => {
  setDataKey(await generateDataKey());
  await db.pupils.put(pupil);
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
  await db.wachtlijst.clear();
  await db.pupils.clear();
  await db.outbox.clear();
  await db.meta.delete('session');
  clearSessionFromMemory();
});

describe('the wachtlijst block', () => {
  it('adds a referral after saying what is missing, warns past the region’s weeks, and records the start of care', async () => {
    render(<WachtlijstSection pupil={pupil} today={today} />);
    expect(await screen.findByText(/Geen verwijzing naar zorg vastgelegd/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '+ Verwijzing naar zorg' }));
    const form = screen.getByRole('form', { name: 'Verwijzing naar zorg voor TB' });
    fireEvent.click(within(form).getByRole('radio', { name: 'Andere jeugdhulpaanbieder' }));
    fireEvent.change(within(form).getByLabelText(/Op de wachtlijst sinds/), { target: { value: '2026-08-03' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Verwijzing opslaan' }));
    expect(await within(form).findByText('Vul de naam van de jeugdhulpaanbieder in')).toBeTruthy();
    expect(within(form).getByRole('alert').textContent).toContain('Niet opgeslagen');
    expect(await referralsOfPupil(db, pupil.id)).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText(/Naam van de jeugdhulpaanbieder/), { target: { value: 'Kenter Jeugdhulp' } });
    fireEvent.change(within(form).getByLabelText(/overbrugging/), { target: { value: 'Elke week een gesprek op school' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Verwijzing opslaan' }));

    const list = await screen.findByRole('list', { name: 'Verwijzingen naar zorg' });
    const item = within(list).getAllByRole('listitem')[0]!;
    // 3 August to 7 December: 18 weeks, past the default 14.
    expect(item.textContent).toContain('Kenter Jeugdhulp');
    expect(item.textContent).toContain('Wacht nog');
    expect(item.textContent).toContain('wacht nu 18 weken');
    expect(item.textContent).toContain('Langer dan 14 weken');
    expect(item.textContent).toContain('Overbrugging: Elke week een gesprek op school');
    const [stored] = await referralsOfPupil(db, pupil.id);
    expect(stored).toMatchObject({ careKind: 'jeugdhulpaanbieder', careName: 'Kenter Jeugdhulp', since: '2026-08-03', status: 'wacht' });
    expect((await db.outbox.toArray()).filter((e) => e.entity === 'wachtlijst')).toHaveLength(1);

    fireEvent.click(within(item).getByRole('button', { name: /Wijzigen/ }));
    const edit = screen.getByRole('form', { name: 'Verwijzing wijzigen' });
    fireEvent.click(within(edit).getByRole('radio', { name: 'Zorg is gestart' }));
    fireEvent.click(within(edit).getByRole('button', { name: 'Verwijzing opslaan' }));
    expect(await within(edit).findByText('Vul in wanneer de zorg begon')).toBeTruthy();
    fireEvent.change(within(edit).getByLabelText(/Zorg gestart op/), { target: { value: '2026-11-30' } });
    fireEvent.click(within(edit).getByRole('button', { name: 'Verwijzing opslaan' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Verwijzing wijzigen' })).toBeNull());
    const after = () => within(screen.getByRole('list', { name: 'Verwijzingen naar zorg' })).getAllByRole('listitem')[0]!;
    await waitFor(() => expect(after().textContent).toContain('Zorg is gestart'));
    expect(after().textContent).toContain('zorg gestart op 30 november');
    expect(after().textContent).not.toContain('Langer dan');
    expect((await referralsOfPupil(db, pupil.id))[0]).toMatchObject({ status: 'gestart', statusDate: '2026-11-30' });
    // A long walk through two forms with encrypted saves, like the consent block's test.
  }, 60_000);
});
