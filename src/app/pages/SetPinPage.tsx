import { useState, type FormEvent } from 'react';
import { startSync } from '../boot';
import { isValidPin, PIN_MIN_DIGITS, setPin } from '../auth/pin';
import { accessToken } from '../auth/session';
import { AuthShell, PinField } from '../components/AuthShell';
import { db } from '../db/db';

/** After the first log-in on a device (and after a forgotten PIN): choose a PIN, twice. */
export default function SetPinPage() {
  const [pin, setPinValue] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<{ field: 'pin' | 'again'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!isValidPin(pin)) {
      setError({ field: 'pin', message: `Kies een pincode van minstens ${PIN_MIN_DIGITS} cijfers.` });
      return;
    }
    if (pin !== again) {
      setError({ field: 'again', message: 'De twee pincodes zijn niet gelijk. Vul dezelfde pincode twee keer in.' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await setPin(db, pin, { accessToken: () => accessToken(db) });
      startSync();
    } catch (err) {
      setError({ field: 'pin', message: err instanceof Error ? err.message : 'De pincode is niet ingesteld.' });
      setBusy(false);
    }
  }

  return (
    <AuthShell>
    <form className="record-form login-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Kies een pincode</h2>
      <p>
        Met de pincode open je de app op dit toestel, ook zonder internet. De app vergrendelt als je hem 5 minuten niet
        gebruikt. Je gegevens staan versleuteld op dit toestel.
      </p>
      <PinField
        id="f-new-pin"
        name="pin"
        label={`Pincode (minstens ${PIN_MIN_DIGITS} cijfers)`}
        autoComplete="new-password"
        value={pin}
        onChange={setPinValue}
        error={error?.field === 'pin' ? error.message : undefined}
      />
      <PinField
        id="f-new-pin-again"
        name="pinAgain"
        label="Herhaal de pincode"
        autoComplete="new-password"
        value={again}
        onChange={setAgain}
        error={error?.field === 'again' ? error.message : undefined}
      />
      <p role="status" className="visually-hidden">
        {busy ? 'Bezig met instellen' : ''}
      </p>
      <button type="submit" className="primary-button" disabled={busy}>
        {busy ? 'Bezig met instellen…' : 'Pincode instellen'}
      </button>
    </form>
    </AuthShell>
  );
}
