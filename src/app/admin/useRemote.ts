import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { AdminError } from './api';

// Ionic keeps a list page mounted while its form is open: a save marks the list stale, and the
// list loads again when it is shown.
const versions = new Map<string, number>();
const listeners = new Set<() => void>();

/** Data under this key changed on the service: every screen showing it loads again. */
export function invalidate(key: string): void {
  versions.set(key, (versions.get(key) ?? 0) + 1);
  for (const l of listeners) l();
}

function useVersion(key: string): number {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => versions.get(key) ?? 0,
  );
}

export type Remote<T> = { state: 'loading' } | { state: 'error'; error: AdminError } | { state: 'ready'; data: T };

/**
 * Data from the central service for an online-only screen: loading, error (with retry) or ready.
 * `reload` fetches again; `set` replaces the data after a save without a round trip.
 */
export function useRemote<T>(key: string, load: () => Promise<T>): Remote<T> & { reload: () => void; set: (data: T) => void } {
  const [remote, setRemote] = useState<Remote<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const version = useVersion(key);
  useEffect(() => {
    let live = true;
    // A reload keeps showing what is there (and the screen's own state, like a status message).
    setRemote((r) => (r.state === 'ready' ? r : { state: 'loading' }));
    load().then(
      (data) => live && setRemote({ state: 'ready', data }),
      (e: unknown) => live && setRemote({ state: 'error', error: e instanceof AdminError ? e : new AdminError('server', String(e)) }),
    );
    return () => {
      live = false;
    };
    // `load` is a module function; the attempt counter is what triggers a reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt, version]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((data: T) => setRemote({ state: 'ready', data }), []);
  return { ...remote, reload, set };
}
