import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import { setDataKey } from '../../src/app/db/encryption';
import { createRecord } from '../../src/app/db/records';
import { TextField } from '../../src/app/components/fields';
import { useDraftForm } from '../../src/app/components/useDraftForm';

function DemoForm() {
  const form = useDraftForm('signal:nieuw', { description: '', group: '' });
  return (
    <form>
      {form.restoredAt && <p role="status">Concept teruggezet</p>}
      <TextField name="description" label="Beschrijving" required value={form.values.description} onChange={(v) => form.set('description', v)} />
      <button type="button" onClick={() => void form.discard()}>
        Concept weggooien
      </button>
    </form>
  );
}

// The app's database encrypts drafts at rest (issue 6): the app is unlocked, its data key in memory.
beforeAll(async () => {
  setDataKey(await generateDataKey());
});

afterEach(async () => {
  cleanup();
  await db.drafts.clear();
  await db.outbox.clear();
});

describe('drafts keep a half-filled form', () => {
  it('typing is stored locally and restored, with a notice, when the form opens again', async () => {
    const first = render(<DemoForm />);
    fireEvent.change(await screen.findByLabelText('Beschrijving'), { target: { value: 'Leerling huilde in de pauze' } });
    await waitFor(async () => expect((await db.drafts.get('signal:nieuw'))?.values.description).toBe('Leerling huilde in de pauze'));
    first.unmount(); // the app is killed or reloaded

    render(<DemoForm />);
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Beschrijving').value).toBe('Leerling huilde in de pauze'));
    expect(screen.getByRole('status').textContent).toBe('Concept teruggezet');
  });

  it('hiding the page flushes the draft at once', async () => {
    render(<DemoForm />);
    fireEvent.change(await screen.findByLabelText('Beschrijving'), { target: { value: 'Snel weg' } });
    act(() => {
      window.dispatchEvent(new Event('pagehide'));
    });
    await waitFor(async () => expect((await db.drafts.get('signal:nieuw'))?.values.description).toBe('Snel weg'));
  });

  it('"Concept weggooien" empties the form and removes the draft', async () => {
    await db.drafts.put({ key: 'signal:nieuw', values: { description: 'oud concept' }, savedAt: new Date().toISOString() });
    render(<DemoForm />);
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Beschrijving').value).toBe('oud concept'));
    fireEvent.click(screen.getByRole('button', { name: 'Concept weggooien' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Beschrijving').value).toBe(''));
    expect(await db.drafts.get('signal:nieuw')).toBeUndefined();
  });

  it('a saved record removes its draft in the same transaction', async () => {
    await db.drafts.put({ key: 'pupil:nieuw', values: { initials: 'Mo' }, savedAt: new Date().toISOString() });
    await createRecord(db, 'pupil', { initials: 'Mo', group: 'groep 4', birthYear: new Date().getFullYear() - 8 }, { userId: 'u', schoolId: 's', draftKey: 'pupil:nieuw' });
    expect(await db.drafts.get('pupil:nieuw')).toBeUndefined();
  });
});
