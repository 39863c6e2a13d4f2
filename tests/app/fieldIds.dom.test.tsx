// Ionic keeps the pages a user came from in the DOM: a Meldcode step with its "Notitie" can still be
// there, hidden, while the next form with a field of the same name is shown. Each form gives its
// fields ids of its own, so a label, a hint and an error name the field of their own form, and the
// focus on a save with errors lands in the form that was saved.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { FormShell } from '../../src/app/components/FormShell';
import { TextArea } from '../../src/app/components/fields';

function NoteForm({ title }: { title: string }) {
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  return (
    <section aria-label={title}>
      <FormShell
        title={title}
        back="/vandaag"
        errors={errors}
        restoredAt={null}
        onDiscard={() => {}}
        saving={false}
        onSubmit={() => setErrors(note ? {} : { note: 'Vul een notitie in' })}
      >
        <TextArea name="note" label="Notitie" required value={note} onChange={setNote} error={errors.note} hint="Feitelijk." />
      </FormShell>
    </section>
  );
}

afterEach(cleanup);

describe('two open forms with a field of the same name', () => {
  it('each label, hint and error names the field of its own form, and a failed save focuses that field', async () => {
    render(
      <MemoryRouter>
        <NoteForm title="Stap 2" />
        <NoteForm title="Consultatievraag" />
      </MemoryRouter>,
    );
    const earlier = within(screen.getByRole('region', { name: 'Stap 2' }));
    const shown = within(screen.getByRole('region', { name: 'Consultatievraag' }));
    const note = shown.getByLabelText<HTMLTextAreaElement>('Notitie');
    expect(note).not.toBe(earlier.getByLabelText('Notitie'));
    expect(note.closest('section')?.getAttribute('aria-label')).toBe('Consultatievraag');
    expect(note.getAttribute('aria-describedby')).toBeTruthy();
    expect(shown.getByText('Feitelijk.').id).toBe(note.getAttribute('aria-describedby'));

    fireEvent.click(shown.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(document.activeElement).toBe(note));
    expect(note.getAttribute('aria-describedby')?.split(' ')).toContain(
      shown.getByText('Vul een notitie in', { selector: '.field-error' }).id,
    );
    expect(document.querySelectorAll('[id]').length).toBe(new Set([...document.querySelectorAll('[id]')].map((e) => e.id)).size);
  });
});
