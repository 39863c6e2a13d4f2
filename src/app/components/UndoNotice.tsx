import { useSyncExternalStore } from 'react';

/**
 * "Ongedaan maken" without a clock (WCAG 2.2.1): an archive or delete offers its undo in a notice
 * that stays until the user closes it, archives something else, or leaves for another screen. A
 * toast that vanished after a few seconds took the undo away from anyone who reads or taps slowly.
 * One offer at a time, kept in memory: a screen shows it wherever it renders <UndoNotice />.
 */
interface Offer {
  message: string;
  undo: () => Promise<unknown> | void;
  /** The screen that shows it (its path); elsewhere the offer is not shown. */
  path: string;
}

let current: Offer | null = null;
const listeners = new Set<() => void>();
const publish = (o: Offer | null) => {
  current = o;
  for (const l of listeners) l();
};

export function offerUndo(offer: Offer): void {
  publish(offer);
}

export function clearUndo(): void {
  publish(null);
}

export function UndoNotice({ path }: { path: string }) {
  const offer = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
  if (!offer || offer.path !== path) return null;
  return (
    <div className="undo-notice" role="status">
      <p>{offer.message}</p>
      <div className="undo-actions">
        <button
          type="button"
          className="secondary-button"
          onClick={() => {
            clearUndo();
            void offer.undo();
          }}
        >
          Ongedaan maken
        </button>
        <button type="button" className="link-button" onClick={clearUndo}>
          Sluiten<span className="visually-hidden"> melding</span>
        </button>
      </div>
    </div>
  );
}
