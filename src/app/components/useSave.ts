import { useIonRouter, useIonToast } from '@ionic/react';
import { useRef, useState } from 'react';
import type { FieldErrors } from '../../domain';
import { ValidationError } from '../db/records';
import { belowHeader } from './belowHeader';

/** A save that takes longer than this shows "Bezig met opslaan…"; a quicker one never re-renders the form. */
export const SHOW_SAVING_AFTER_MS = 150;

/**
 * Saving a form, the same for every record form: write, then say so in a toast and go where the
 * record is shown; on a validation error show the fields' messages, on any other error a Dutch
 * message. The form's draft stays until the write succeeds.
 * A save is a few milliseconds: rendering "Bezig met opslaan…" first would cost more than the save
 * (the whole form renders again before the write starts, twice on a slow phone), so the busy state
 * shows only when the save is slow. A second tap while a save runs is ignored, shown or not.
 */
export function useSave(form: { setErrors(e: FieldErrors): void; markSaved(): void; saveStarted?(): void; saveEnded?(): void }) {
  const [saving, setSaving] = useState(false);
  const running = useRef(false);
  const router = useIonRouter();
  const [toast] = useIonToast();

  async function save(write: () => Promise<{ message: string; to: string }>) {
    if (running.current) return;
    running.current = true;
    const slow = setTimeout(() => setSaving(true), SHOW_SAVING_AFTER_MS);
    // Before write(): the form's draft takes what was typed since its last debounced write, in a
    // transaction created before the save's (useDraftForm saveStarted). After that no draft is written
    // while the save runs: one landing after the save's transaction (which deletes the draft) would
    // bring the draft back into the next new form.
    form.saveStarted?.();
    try {
      const { message, to } = await write();
      form.markSaved();
      void toast({ message, duration: 2500, position: 'top', positionAnchor: belowHeader() });
      router.push(to, 'back', 'replace');
    } catch (e) {
      form.saveEnded?.();
      form.setErrors(e instanceof ValidationError ? e.fields : { _: `Opslaan is niet gelukt: ${String(e)}` });
    } finally {
      clearTimeout(slow);
      running.current = false;
      setSaving(false);
    }
  }

  return { saving, save };
}
