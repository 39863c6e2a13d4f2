import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldErrors } from '../../domain';
import { db } from '../db/db';
import { deleteDraft, loadDraft, saveDraft } from '../db/drafts';

export type FormValues<T> = { [K in keyof T]: string };

/**
 * Form state that survives a reload or a killed app: every change is written to the local `drafts`
 * table (debounced, and flushed when the page is hidden). A draft found on open is restored and
 * `restoredAt` is set so the form can say so. A successful save removes the draft in the same
 * transaction as the record (see createRecord's draftKey).
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
    if (dirty.current && !saving.current) void saveDraft(db, draftKey, latest.current);
  }, [draftKey]);

  useEffect(() => {
    if (!ready || !dirty.current) return;
    const t = setTimeout(flush, 200);
    return () => clearTimeout(t);
  }, [values, ready, flush]);

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

  /** Call when a save starts: no draft is written until it ends (saveEnded) or succeeds (markSaved). */
  const saveStarted = useCallback(() => {
    saving.current = true;
  }, []);

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
