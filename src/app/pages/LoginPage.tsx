import { useState, type FormEvent } from 'react';
import { startSync } from '../start/boot';
import { SecondFactorNeeded, login, useSession, type SecondFactorStep } from '../auth/session';
import { pinWasChosen, useLockState } from '../auth/pin';
import { clearWipedReason, wipeDevice, wipedReason } from '../auth/wipe';
import { TextField } from '../components/fields';
import { AuthShell } from '../components/AuthShell';
import { db } from '../db/db';
import { SyncError } from '../sync/types';
import { ActivateForm, SecondFactorForm, activationFromLink } from './LoginSteps';

/** Log-in. Needs a connection once; after that the app opens offline with the local data. */
export default function LoginPage({ onDone }: { onDone?: () => void }) {
  const session = useSession();
  const lock = useLockState();
  const [wiped] = useState(wipedReason);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A new account or a reset: the link from the beheerder opens the activation form.
  const [activation, setActivation] = useState(activationFromLink);
  const [second, setSecond] = useState<SecondFactorStep | null>(null);

  function signedIn() {
    setPassword('');
    setSecond(null);
    clearWipedReason();
    startSync();
    // Inside the app (/inloggen to renew an expired session): back to the app.
    if (onDone) onDone();
    // The gate opened at /inloggen or /activeren: change the address without a page load. A reload
    // here would forget the data key before a PIN wraps it, and the user would have to log in again.
    else if (location.pathname === '/inloggen' || location.pathname === '/activeren') history.replaceState(history.state, '', '/');
  }

  async function passwordStep(name: string, secret: string) {
    try {
      await login(db, name, secret);
    } catch (err) {
      if (err instanceof SecondFactorNeeded) return setSecond(err.step);
      throw err;
    }
    signedIn();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('Vul je gebruikersnaam en wachtwoord in.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await passwordStep(username.trim(), password);
    } catch (err) {
      // Revoked while data is still here (the device was offline since): wipe it now.
      if (err instanceof SyncError && err.kind === 'revoked') return void wipeDevice(db, 'revoked');
      setError(
        err instanceof SyncError && err.kind === 'offline'
          ? 'Geen verbinding. Inloggen kan alleen met internet; wat je al had vastgelegd blijft op dit toestel.'
          : err instanceof Error
            ? err.message
            : 'Inloggen is niet gelukt.',
      );
    } finally {
      setBusy(false);
    }
  }

  if (second) {
    return (
      <AuthShell>
        <SecondFactorForm
          step={second}
          onDone={signedIn}
          onCancel={() => setSecond(null)}
          onRevoked={() => void wipeDevice(db, 'revoked')}
        />
      </AuthShell>
    );
  }
  if (activation) {
    return (
      <AuthShell>
        <ActivateForm
          initial={activation}
          onCancel={() => setActivation(null)}
          onActivated={async (name, secret) => {
            setActivation(null);
            setUsername(name);
            try {
              await passwordStep(name, secret);
            } catch (err) {
              setError(err instanceof Error ? err.message : 'Inloggen is niet gelukt.');
            }
          }}
        />
      </AuthShell>
    );
  }
  return (
    <AuthShell>
      <form className="record-form login-form" onSubmit={(e) => void submit(e)} noValidate>
        <h2>Inloggen</h2>
        {wiped && (
          <p className="notice" role="status">
            {wiped}
          </p>
        )}
        {lock === 'needsLogin' &&
          (pinWasChosen() ? (
            <p className="notice">
              Je pincode is te vaak fout ingevoerd of vergeten. Log in met internet om verder te gaan en kies daarna een nieuwe pincode; wat
              nog niet gesynchroniseerd was, blijft bewaard.
            </p>
          ) : (
            <p className="notice">
              Je hebt nog geen pincode gekozen. Log opnieuw in met internet en kies daarna een pincode; er gaat niets verloren.
            </p>
          ))}
        {session?.needsLogin && (
          <p className="notice">Je sessie is verlopen. Log opnieuw in om te synchroniseren; niets van wat je vastlegde gaat verloren.</p>
        )}
        <TextField name="username" label="Gebruikersnaam" required autoComplete="username" value={username} onChange={setUsername} />
        <div className="field">
          <label htmlFor="f-password">Wachtwoord</label>
          <input
            id="f-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby={error ? 'login-error' : undefined}
          />
        </div>
        {error && (
          <p id="login-error" role="alert" className="field-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary-button" disabled={busy}>
          {busy ? 'Bezig met inloggen…' : 'Inloggen'}
        </button>
        <button type="button" className="link-button" onClick={() => setActivation({ username: username.trim(), code: '' })}>
          Nieuw account of wachtwoord hersteld? Activeren
        </button>
      </form>
    </AuthShell>
  );
}
