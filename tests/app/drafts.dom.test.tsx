import { IonReactMemoryRouter } from '@ionic/react-router';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { FormEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clearSessionFromMemory, loadSession } from '../../src/app/auth/session';
import { db } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import { setDataKey } from '../../src/app/db/encryption';
import { startMeldcode } from '../../src/app/db/meldcode';
import { createRecord } from '../../src/app/db/records';
import { TextField } from '../../src/app/components/fields';
import { MeldcodeStepForm } from '../../src/app/components/MeldcodeStepForm';
import { useDraftForm } from '../../src/app/components/useDraftForm';
import { useSave } from '../../src/app/components/useSave';
import type { Signal } from '../../src/domain';
import { holdStore, logCommits, releaseHolds } from './commitLog';

function DemoForm() {
  const form = useDraftForm('signal:nieuw', { description: '', group: '' });
  return (
    <form>
      {form.restoredAt && <p role="status">Concept teruggezet</p>}
      <TextField
        name="description"
        label="Beschrijving"
        required
        value={form.values.description}
        onChange={(v) => form.set('description', v)}
      />
      <button type="button" onClick={() => void form.discard()}>
        Concept weggooien
      </button>
    </form>
  );
}

/** Every commit of the app's database in this file (installed before the database opens). */
const committed = logCommits(db);

type Row = Record<string, unknown>;

/**
 * The stored state after each commit from `from` on, replayed from the writes: does the draft `key`
 * or a record of `table` hold what was typed? `draft`: the draft's values as stored before `from`.
 */
function typedKeptAfterEachCommit(
  from: number,
  {
    key,
    draft,
    table,
    inDraft,
    inRecord,
  }: { key: string; draft: Row | undefined; table: string; inDraft: (values: Row) => boolean; inRecord: (row: Row) => boolean },
): boolean[] {
  let values = draft;
  let recorded = false;
  return committed.slice(from).map((writes) => {
    for (const w of writes) {
      if (w.table === 'drafts' && w.type === 'put') values = (w.values.find((d) => d.key === key)?.values as Row | undefined) ?? values;
      if (w.table === 'drafts' && w.type === 'delete' && w.keys.includes(key)) values = undefined;
      if (w.table === table && (w.type === 'add' || w.type === 'put')) recorded ||= w.values.some(inRecord);
    }
    return (values !== undefined && inDraft(values)) || recorded;
  });
}

// The app's database encrypts drafts at rest: the app is unlocked, its data key in memory.
beforeAll(async () => {
  setDataKey(await generateDataKey());
});

afterEach(async () => {
  cleanup();
  await releaseHolds();
  await db.drafts.clear();
  await db.outbox.clear();
  await db.pupils.clear();
  await db.meldcodes.clear();
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
    await createRecord(
      db,
      'pupil',
      { initials: 'Mo', group: 'groep 4', birthYear: new Date().getFullYear() - 8 },
      { userId: 'u', schoolId: 's', draftKey: 'pupil:nieuw' },
    );
    expect(await db.drafts.get('pupil:nieuw')).toBeUndefined();
  });
});

const SCHOOL = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';

/** Where the app went after a save (useSave's router.push). */
function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

/** A new pupil, saved as every record form saves (useSave), with its draft (useDraftForm). */
function PupilForm() {
  const form = useDraftForm('pupil:nieuw', { initials: '', group: '', birthYear: '' });
  const { save } = useSave(form);
  const v = form.values;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(async () => {
      const input = { initials: v.initials, group: v.group, birthYear: Number(v.birthYear) };
      await createRecord(db, 'pupil', input, { userId: 'u1', schoolId: SCHOOL, draftKey: 'pupil:nieuw' });
      return { message: 'Leerling opgeslagen', to: '/leerlingen' };
    });
  };
  if (!form.ready) return null;
  return (
    <form onSubmit={submit}>
      <TextField name="initials" label="Initialen" required value={v.initials} onChange={(x) => form.set('initials', x)} />
      <TextField name="group" label="Groep" required value={v.group} onChange={(x) => form.set('group', x)} />
      <TextField name="birthYear" label="Geboortejaar" required value={v.birthYear} onChange={(x) => form.set('birthYear', x)} />
      <button type="submit">Opslaan</button>
    </form>
  );
}

/** The new-pupil form, with initials and birth year typed. */
async function openPupilForm() {
  render(
    <IonReactMemoryRouter initialEntries={['/leerlingen/nieuw']}>
      <PupilForm />
      <Where />
    </IonReactMemoryRouter>,
  );
  fireEvent.change(await screen.findByLabelText('Initialen'), { target: { value: 'Mo' } });
  fireEvent.change(screen.getByLabelText('Geboortejaar'), { target: { value: String(new Date().getFullYear() - 8) } });
}

const writesOf = (from: number) => committed.slice(from).map((writes) => writes.map((w) => `${w.type} ${w.table}`));

describe('a save keeps what was typed in the draft until the record is stored', () => {
  it('typed and saved within the debounce while the save waits: the draft has the last keystrokes before the record is written, and no draft is left after it', async () => {
    await openPupilForm();
    fireEvent.change(screen.getByLabelText('Groep'), { target: { value: 'groep' } });
    await waitFor(async () => expect((await db.drafts.get('pupil:nieuw'))?.values.group).toBe('groep'));
    const draft = (await db.drafts.get('pupil:nieuw'))?.values;

    // The save's transaction waits behind this one, as behind a long read of the pupils (on a slow
    // phone the encryption before the save's transaction is such a wait too, only shorter).
    const release = await holdStore(db, 'pupils');
    const from = committed.length;
    // The last keystrokes and the tap in one task: the 200 ms debounce has not written them.
    fireEvent.change(screen.getByLabelText('Groep'), { target: { value: 'groep 4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const kept = () =>
      typedKeptAfterEachCommit(from, {
        key: 'pupil:nieuw',
        draft,
        table: 'pupils',
        inDraft: (d) => d.group === 'groep 4',
        inRecord: (r) => r.group === 'groep 4',
      });

    // The save waits: were the tab closed now, the draft brings back everything typed.
    await waitFor(() => expect(kept()).toEqual([true]));
    expect(writesOf(from)).toEqual([['put drafts']]);
    expect(screen.getByTestId('where').textContent).toBe('/leerlingen/nieuw');

    await release();
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/leerlingen'));
    // After every commit since the tap, the draft or the record held it; the save removed the draft.
    expect(kept()).toEqual([true, true]);
    expect(writesOf(from)[1]).toEqual(expect.arrayContaining(['add pupils', 'delete drafts']));
    expect(await db.drafts.get('pupil:nieuw')).toBeUndefined();
    expect((await db.pupils.toArray()).map((p) => [p.initials, p.group])).toEqual([['Mo', 'groep 4']]);
  });

  it('tapped after the debounce wrote the draft: the save is the only write', async () => {
    await openPupilForm();
    fireEvent.change(screen.getByLabelText('Groep'), { target: { value: 'groep 4' } });
    await waitFor(async () => expect((await db.drafts.get('pupil:nieuw'))?.values.group).toBe('groep 4'));
    const from = committed.length;
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/leerlingen'));
    expect(writesOf(from)).toHaveLength(1);
    expect(writesOf(from)[0]).toEqual(expect.arrayContaining(['add pupils', 'delete drafts']));
    expect(await db.drafts.get('pupil:nieuw')).toBeUndefined();
  });

  it('a form that saves by itself (a Meldcode step) closed right after the tap: the draft has the last keystrokes', async () => {
    await db.meta.put({
      key: 'session',
      value: {
        user: { id: 'u1', name: 'Sanne', role: 'jeugdprofessional', schools: [] },
        accessToken: 'x',
        accessExpiresAt: 0,
        refreshToken: 'r',
      },
    });
    await loadSession(db);
    const signal = { id: crypto.randomUUID(), pupilId: crypto.randomUUID(), schoolId: SCHOOL } as Signal;
    const meldcode = await startMeldcode(db, signal, '2026-03-02', 'u1');
    const key = `meldcode:${meldcode.id}:stap1`;
    try {
      const page = render(<MeldcodeStepForm meldcode={meldcode} step={1} />);
      const note = await screen.findByLabelText(/^Notitie/);
      fireEvent.change(note, { target: { value: 'Gesprek met moeder' } });
      await waitFor(async () => expect((await db.drafts.get(key))?.values.note).toBe('Gesprek met moeder'));
      const draft = (await db.drafts.get(key))?.values;

      const release = await holdStore(db, 'meldcodes');
      const from = committed.length;
      const typed = 'Gesprek met moeder, afspraak over de pauzes';
      fireEvent.change(note, { target: { value: typed } });
      fireEvent.click(screen.getByRole('button', { name: 'Stap afronden' }));
      // The app is closed at once: no debounced write can come after this (unmounting clears it).
      page.unmount();
      const kept = () =>
        typedKeptAfterEachCommit(from, {
          key,
          draft,
          table: 'meldcodes',
          inDraft: (d) => d.note === typed,
          inRecord: (r) => (r.step1 as { note?: string } | null)?.note === typed,
        });

      await waitFor(() => expect(kept()).toEqual([true]));
      expect(writesOf(from)).toEqual([['put drafts']]);

      await release();
      await waitFor(() => expect(kept()).toEqual([true, true]));
      expect(writesOf(from)[1]).toEqual(expect.arrayContaining(['put meldcodes', 'delete drafts']));
      expect(await db.drafts.get(key)).toBeUndefined();
      expect((await db.meldcodes.get(meldcode.id))?.step1?.note).toBe(typed);
    } finally {
      await db.meta.delete('session');
      clearSessionFromMemory();
    }
  });
});
