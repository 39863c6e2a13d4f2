import { useEffect, useState, type FormEvent } from 'react';
import { startSync } from '../start/boot';
import { evaluatePrf, PasskeyError } from '../auth/passkey';
import { forgetPin, MAX_PIN_ATTEMPTS, readKeys, unlock, unlockWithPasskey, type DeviceKeys } from '../auth/pin';
import { AuthShell, PinField } from '../components/AuthShell';
import { db } from '../db/db';

/** The app is locked (idle, background, reload): the passkey or the PIN opens the data key again. */
export default function LockPage() {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [keys, setKeys] = useState<DeviceKeys | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void readKeys(db).then((k) => live && setKeys(k));
    return () => {
      live = false;
    };
  }, []);

  async function withPasskey() {
    const passkey = keys?.passkey;
    if (!passkey) return;
    setBusy(true);
    setPasskeyError(null);
    try {
      if (await unlockWithPasskey(db, await evaluatePrf(passkey.credentialId, passkey.salt))) startSync();
      else setPasskeyError('Deze passkey opent de gegevens op dit toestel niet. Gebruik je pincode of log online in.');
    } catch (err) {
      setPasskeyError(err instanceof PasskeyError ? err.message : 'Ontgrendelen is niet gelukt.');
    } finally {
      setBusy(false);
    }
  }

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
        {keys?.passkey && !keys.pin && <p>Open de app met de vingerafdruk, het gezicht of de schermvergrendeling van deze telefoon.</p>}
        {keys?.passkey && (
          <div className="field">
            <button type="button" className="primary-button" disabled={busy} onClick={() => void withPasskey()}>
              Ontgrendelen met vingerafdruk of gezicht
            </button>
            {passkeyError && (
              <p className="field-error" role="alert">
                {passkeyError}
              </p>
            )}
          </div>
        )}
        {(keys === undefined || keys?.pin) && (
          <>
            <p>Voer je pincode in om verder te gaan. Je gegevens staan versleuteld op dit toestel.</p>
            <PinField id="f-pin" name="pin" label="Pincode" autoComplete="off" value={pin} onChange={setPin} error={error ?? undefined} />
            <button type="submit" className="primary-button" disabled={busy}>
              {busy ? 'Bezig met ontgrendelen…' : 'Ontgrendelen'}
            </button>
          </>
        )}
        <p role="status" className="visually-hidden">
          {busy ? 'Bezig met ontgrendelen' : ''}
        </p>
        <button type="button" className="link-button" disabled={busy} onClick={() => void forgetPin(db)}>
          {keys?.pin ? 'Pincode vergeten? Online inloggen' : 'Lukt het niet? Online inloggen'}
        </button>
      </form>
    </AuthShell>
  );
}
