import { useId, type ReactNode } from 'react';
import './devices.css';

interface Props {
  /** The device's name, as the list shows it. */
  name: string;
  /** The device's code (deviceCode): two devices of one user often have the same name. */
  code: string;
  /** Whether this device's confirmation is open (one at a time in a list). */
  confirming: boolean;
  onConfirming: (open: boolean) => void;
  onRevoke: () => void;
  busy?: boolean;
  /** What revoking means, after "Toestel <name> (code <code>) intrekken?". */
  children: ReactNode;
}

/** "Chrome op Linux (code 7F3A)": how a confirmation and a status name a device. */
export const deviceLabel = (name: string, code: string) => `${name} (code ${code})`;

/**
 * "Intrekken" for a device in a list, and the plain warning it asks to confirm first: a labelled
 * group with "Ja, intrekken" and "Annuleren". The warning names the device by its code, so the
 * beheerder checks it against the code the user reads out. Used on Instellingen (own devices) and
 * by the beheerder.
 */
export function RevokeDevice({ name, code, confirming, onConfirming, onRevoke, busy = false, children }: Props) {
  // Not derived from the name: two devices of one user are often both "Chrome op Linux".
  const labelId = useId();
  if (!confirming) {
    return (
      <button type="button" className="secondary-button" onClick={() => onConfirming(true)}>
        Intrekken <span className="visually-hidden">{deviceLabel(name, code)}</span>
      </button>
    );
  }
  return (
    <div className="notice confirm" role="group" aria-labelledby={labelId}>
      <p id={labelId}>
        <strong>Toestel {deviceLabel(name, code)} intrekken?</strong> {children}
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
