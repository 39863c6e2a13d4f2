import type { ReactNode } from 'react';

interface Props {
  /** The device's name, as the list shows it. */
  name: string;
  /** Whether this device's confirmation is open (one at a time in a list). */
  confirming: boolean;
  onConfirming: (open: boolean) => void;
  onRevoke: () => void;
  busy?: boolean;
  /** What revoking means, after "<name> intrekken?". */
  children: ReactNode;
}

/**
 * "Intrekken" for a device in a list, and the plain warning it asks to confirm first: a labelled
 * group with "Ja, intrekken" and "Annuleren". Used on Instellingen (own devices) and by the beheerder.
 */
export function RevokeDevice({ name, confirming, onConfirming, onRevoke, busy = false, children }: Props) {
  if (!confirming) {
    return (
      <button type="button" className="secondary-button" onClick={() => onConfirming(true)}>
        Intrekken<span className="visually-hidden"> {name}</span>
      </button>
    );
  }
  const labelId = `confirm-${name.replace(/\W+/g, '-')}`;
  return (
    <div className="notice confirm" role="group" aria-labelledby={labelId}>
      <p id={labelId}>
        <strong>{name} intrekken?</strong> {children}
      </p>
      <div className="confirm-actions">
        <button type="button" className="primary-button danger" disabled={busy} onClick={onRevoke}>
          {busy ? 'Bezig…' : 'Ja, intrekken'}
        </button>
        <button type="button" className="secondary-button" onClick={() => onConfirming(false)}>
          Annuleren
        </button>
      </div>
    </div>
  );
}
