import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldErrors } from '../../domain';
import { db } from '../db/db';
import { deleteDraft, loadDraft, saveDraft } from '../db/drafts';

export type FormValues<T> = { [K in keyof T]: string };

/**
 * Form state that survives a reload or a killed app: every change is written to the local `drafts`
 * table (debounced, and flushed when the page is hidden or a save starts). A draft found on open is
 * restored and `restoredAt` is set so the form can say so. A successful save removes the draft in the
 * same transaction as the record (see createRecord's draftKey).
 */
export function useDraftForm<T extends FormValues<T>>(draftKey: string, initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [restoredAt, setRestoredAt] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const dirty = useRef(false);
  /** A save is writing the record and deleting the draft: a draft written meanwhile would come back. */
  const saving = useRef(false);
  const latest = useRef(values);
  latest.current = values;
  /** The values of the last draft write: a flush with nothing typed since then writes nothing. */
  const stored = useRef<T | null>(null);

  useEffect(() => {
    let alive = true;
    void loadDraft(db, draftKey).then((draft) => {
      if (!alive) return;
      if (draft) {
        setValues((v) => ({ ...v, ...(draft.values as Partial<T>) }));
        setRestoredAt(draft.savedAt);
        dirty.current = true;
      }
      setReady(true);
    });
    return () => {
      alive = false;
    };
  }, [draftKey]);

  const flush = useCallback(() => {
    const v = latest.current;
    if (!dirty.current || saving.current || v === stored.current) return;
    stored.current = v;
    void saveDraft(db, draftKey, v).catch((e: unknown) => {
      // Not stored: the next flush writes these values again.
      if (stored.current === v) stored.current = null;
      throw e;
    });
  }, [draftKey]);

  useEffect(() => {
    if (!ready || !dirty.current) return;
    const t = setTimeout(flush, 200);
    return () => clearTimeout(t);
  }, [values, ready, flush]);

  // Unmounted (a form keyed by its record's version remounts when a sync lands): what was typed in
  // the last 200 ms is written now, before the next instance reads the draft.
  useEffect(() => () => flush(), [flush]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
    };
  }, [flush]);

  const set = useCallback((name: keyof T & string, value: string) => {
    dirty.current = true;
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => (e[name] ? { ...e, [name]: undefined } : e));
  }, []);

  const discard = useCallback(async () => {
    dirty.current = false;
    await deleteDraft(db, draftKey);
    setValues(initial);
    setRestoredAt(null);
    setErrors({});
  }, [draftKey, initial]);

  /**
   * Call when a save starts, before the save opens its transaction. What was typed since the last
   * draft write is written now (nothing when the debounce has written it already: a tap on
   * "Opslaan" more than 200 ms after the last keystroke costs the save no extra write). Dexie creates
   * this put's IndexedDB transaction within this call (the database is open: the form has read its
   * draft; the draft's encryption runs inside that transaction, see keepAlive in encryption.ts), and
   * IndexedDB runs readwrite transactions on a shared store in the order they were created: the
   * draft commits before the save's transaction, which deletes it with the record. A save cut off
   * before its commit (the tab closed, the phone killed the app) leaves the draft with everything
   * typed; a save that commits leaves none. From here no draft is written until the save ends
   * (saveEnded) or succeeds (markSaved): one written after the save's transaction would come back.
   */
  const saveStarted = useCallback(() => {
    flush();
    saving.current = true;
  }, [flush]);

  /** A save failed: the form is still being edited, its draft is written again. */
  const saveEnded = useCallback(() => {
    saving.current = false;
  }, []);

  /** Call after a successful save: the draft is already gone, stop writing it. */
  const markSaved = useCallback(() => {
    dirty.current = false;
    saving.current = false;
  }, []);

  return { values, set, errors, setErrors, restoredAt, discard, markSaved, saveStarted, saveEnded, ready };
}
