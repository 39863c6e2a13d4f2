import { useState, type FormEvent } from 'react';
import { startSync } from '../boot';
import { forgetPin, MAX_PIN_ATTEMPTS, unlock } from '../auth/pin';
import { AuthShell, PinField } from '../components/AuthShell';
import { db } from '../db/db';

/** The app is locked (idle, background, reload): the PIN opens the data key again. */
export default function LockPage() {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!pin) {
      setError('Vul je pincode in.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await unlock(db, pin);
      setPin('');
      if (result.ok) startSync();
      else if (result.attemptsLeft > 0) {
        setError(
          `Deze pincode klopt niet. Nog ${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'poging' : 'pogingen'}; na ${MAX_PIN_ATTEMPTS} foute pogingen moet je online inloggen.`,
        );
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthShell>
    <form className="record-form login-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Vergrendeld</h2>
      <p>Voer je pincode in om verder te gaan. Je gegevens staan versleuteld op dit toestel.</p>
      <PinField id="f-pin" name="pin" label="Pincode" autoComplete="off" value={pin} onChange={setPin} error={error ?? undefined} />
      <p role="status" className="visually-hidden">
        {busy ? 'Bezig met ontgrendelen' : ''}
      </p>
      <button type="submit" className="primary-button" disabled={busy}>
        {busy ? 'Bezig met ontgrendelen…' : 'Ontgrendelen'}
      </button>
      <button type="button" className="link-button" disabled={busy} onClick={() => void forgetPin(db)}>
        Pincode vergeten? Online inloggen
      </button>
    </form>
    </AuthShell>
  );
}
