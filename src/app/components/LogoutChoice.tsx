import { useState } from 'react';
import { forgetKey, lockNow } from '../auth/pin';
import { logout } from '../auth/session';
import { wipeDevice } from '../auth/wipe';
import { db } from '../db/db';

type Step = 'closed' | 'choose' | { confirmRemove: number };

const lostText = (n: number) =>
  n === 1
    ? '1 wijziging is nog niet gesynchroniseerd en gaat verloren.'
    : `${n} wijzigingen zijn nog niet gesynchroniseerd en gaan verloren.`;

/**
 * Log-out: keep the (encrypted) data on this device, or remove it. Removing while changes
 * still wait to be synced asks a second time, naming how many are lost. Also "Nu vergrendelen".
 */
export function LogoutChoice() {
  const [step, setStep] = useState<Step>('closed');
  const [busy, setBusy] = useState(false);

  async function keep() {
    setBusy(true);
    await logout(db);
    forgetKey();
  }

  async function remove(confirmed: boolean) {
    setBusy(true);
    const waiting = await db.outbox.count();
    if (waiting > 0 && !confirmed) {
      setBusy(false);
      setStep({ confirmRemove: waiting });
      return;
    }
    await logout(db);
    await wipeDevice(db, 'removed');
  }

  if (step === 'closed') {
    return (
      <div className="logout-actions">
        <button type="button" className="secondary-button" onClick={() => void lockNow(db)}>
          Nu vergrendelen
        </button>
        <button type="button" className="secondary-button" onClick={() => setStep('choose')}>
          Uitloggen
        </button>
      </div>
    );
  }
  if (step === 'choose') {
    return (
      <div className="notice" role="group" aria-labelledby="logout-title">
        <h3 id="logout-title">Uitloggen</h3>
        <p>Wat moet er met de gegevens op dit toestel gebeuren?</p>
        <button type="button" className="secondary-button" disabled={busy} onClick={() => void keep()}>
          Gegevens op dit toestel bewaren
        </button>
        <button type="button" className="secondary-button" disabled={busy} onClick={() => void remove(false)}>
          Gegevens van dit toestel verwijderen
        </button>
        <button type="button" className="link-button" disabled={busy} onClick={() => setStep('closed')}>
          Annuleren
        </button>
      </div>
    );
  }
  return (
    <div className="notice" role="alert">
      <p>
        <strong>{lostText(step.confirmRemove)}</strong> Maak verbinding met internet en wacht tot alles gesynchroniseerd is om dat te
        voorkomen.
      </p>
      <button type="button" className="secondary-button" disabled={busy} onClick={() => void remove(true)}>
        Toch verwijderen
      </button>
      <button type="button" className="link-button" disabled={busy} onClick={() => setStep('closed')}>
        Annuleren
      </button>
    </div>
  );
}
