import { useEffect, useState, type FormEvent } from 'react';
import { startSync } from '../start/boot';
import { createPrfPasskey, passkeyPossible, PasskeyError } from '../auth/passkey';
import { PIN_MIN_DIGITS, pinProblem, pinUpgradeAsked, setPasskey, setPin } from '../auth/pin';
import { accessToken, useSession } from '../auth/session';
import { AuthShell, PinField } from '../components/AuthShell';
import { db } from '../db/db';

/**
 * After the first log-in on a device (and after a forgotten PIN, or a PIN from before the 6-digit
 * rule): unlock with a passkey where the phone has one with PRF, else choose a PIN, twice.
 */
export default function SetPinPage() {
  const session = useSession();
  const [pin, setPinValue] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<{ field: 'pin' | 'again' | 'passkey'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [canPasskey, setCanPasskey] = useState(false);
  const [upgrade] = useState(pinUpgradeAsked);

  useEffect(() => {
    let live = true;
    void passkeyPossible().then((ok) => live && setCanPasskey(ok));
    return () => {
      live = false;
    };
  }, []);

  async function choosePasskey() {
    setBusy(true);
    setError(null);
    try {
      const name = session?.user.name ?? 'Schoolnabij';
      const passkey = await createPrfPasskey({ name: `Schoolnabij (${name})`, displayName: name });
      await setPasskey(db, passkey, { accessToken: () => accessToken(db) });
      startSync();
    } catch (err) {
      setError({
        field: 'passkey',
        message:
          err instanceof PasskeyError ? err.message : 'Ontgrendelen met vingerafdruk of gezicht is niet ingesteld. Kies een pincode.',
      });
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = pinProblem(pin);
    if (problem) {
      setError({ field: 'pin', message: problem });
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
        {upgrade && (
          <p className="notice" role="status">
            Een pincode heeft nu minstens {PIN_MIN_DIGITS} cijfers. Kies een nieuwe pincode; de oude werkt niet meer.
          </p>
        )}
        <p>
          Met de pincode open je de app op dit toestel, ook zonder internet. De app vergrendelt als je hem 5 minuten niet gebruikt. Je
          gegevens staan versleuteld op dit toestel.
        </p>
        {canPasskey && (
          <div className="field">
            <button
              type="button"
              className="primary-button"
              disabled={busy}
              onClick={() => void choosePasskey()}
              aria-describedby="passkey-hint"
            >
              Ontgrendelen met vingerafdruk of gezicht
            </button>
            <p id="passkey-hint" className="record-meta">
              Het veiligst: je opent de app met de vingerafdruk, het gezicht of de schermvergrendeling van deze telefoon. Of kies hieronder
              een pincode.
            </p>
            {error?.field === 'passkey' && (
              <p className="field-error" role="alert">
                {error.message}
              </p>
            )}
          </div>
        )}
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
