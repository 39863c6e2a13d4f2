import { useIonRouter, useIonToast } from '@ionic/react';
import { useState } from 'react';
import type { FieldErrors } from '../../domain';
import { ValidationError } from '../db/records';

/**
 * Saving a form, the same for every record form: show "Bezig met opslaan…", write, then say so in
 * a toast and go where the record is shown; on a validation error show the fields' messages, on any
 * other error a Dutch message. The form's draft stays until the write succeeds.
 */
export function useSave(form: { setErrors(e: FieldErrors): void; markSaved(): void; saveStarted?(): void; saveEnded?(): void }) {
  const [saving, setSaving] = useState(false);
  const router = useIonRouter();
  const [toast] = useIonToast();

  async function save(write: () => Promise<{ message: string; to: string }>) {
    setSaving(true);
    // A debounced draft write landing after the save's transaction (which deletes the draft) would
    // bring the draft back into the next new form: none is written while the save runs.
    form.saveStarted?.();
    try {
      const { message, to } = await write();
      form.markSaved();
      void toast({ message, duration: 2500, position: 'top' });
      router.push(to, 'back', 'replace');
    } catch (e) {
      form.saveEnded?.();
      form.setErrors(e instanceof ValidationError ? e.fields : { _: `Opslaan is niet gelukt: ${String(e)}` });
    } finally {
      setSaving(false);
    }
  }

  return { saving, save };
}
