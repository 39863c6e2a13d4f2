// The steps of the log-in page after or before the password: choosing a password with an activation
// code (a new account, or after a reset by the beheerder), and the second factor on a new device.
import { useEffect, useState, type FormEvent } from 'react';
import {
  ActivationError,
  activateAccount,
  passkeysPossible,
  secondFactorPasskey,
  secondFactorTotp,
  totpSetup,
  type SecondFactorStep,
  type Session,
} from '../auth/session';
import { TextField } from '../components/fields';
import { db } from '../db/db';
import { SyncError } from '../sync/types';

const MIN_PASSWORD_LENGTH = 12;
const passwordHint = `Minstens ${MIN_PASSWORD_LENGTH} tekens, zonder je gebruikersnaam erin. Een zin van een paar woorden werkt goed.`;

const message = (err: unknown, fallback: string) =>
  err instanceof SyncError && err.kind === 'offline'
    ? 'Geen verbinding. Dit kan alleen met internet.'
    : err instanceof Error
      ? err.message
      : fallback;

/** "/activeren#gebruiker=sanne&code=ABCD-EFGH-JKMN": the link the beheerder hands out. */
export function activationFromLink(): { username: string; code: string } | null {
  if (typeof location === 'undefined' || location.pathname !== '/activeren') return null;
  const params = new URLSearchParams(location.hash.slice(1));
  return { username: params.get('gebruiker') ?? '', code: params.get('code') ?? '' };
}

/** Choose a password with the activation code; then the page logs in with it. */
export function ActivateForm({
  initial,
  onActivated,
  onCancel,
}: {
  initial: { username: string; code: string };
  onActivated: (username: string, password: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [username, setUsername] = useState(initial.username);
  const [code, setCode] = useState(initial.code);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!username.trim()) local.username = 'Vul je gebruikersnaam in';
    if (!code.trim()) local.code = 'Vul de activeringscode in';
    if ([...password].length < MIN_PASSWORD_LENGTH) local.password = `Een wachtwoord heeft minstens ${MIN_PASSWORD_LENGTH} tekens`;
    else if (username.trim() && password.toLowerCase().includes(username.trim().toLowerCase()))
      local.password = 'Een wachtwoord mag de gebruikersnaam niet bevatten';
    if (!local.password && repeat !== password) local.repeat = 'De twee wachtwoorden zijn niet gelijk';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await activateAccount(username.trim(), code, password);
      await onActivated(username.trim(), password);
    } catch (err) {
      if (err instanceof ActivationError) setErrors({ ...err.fields, ...(Object.keys(err.fields).length ? {} : { _: err.message }) });
      else setErrors({ _: message(err, 'Activeren is niet gelukt.') });
    } finally {
      setBusy(false);
    }
  }

  const described = (name: string, hint?: boolean) =>
    [hint ? `f-${name}-hint` : '', errors[name] ? `f-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <form className="record-form login-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="activate-title">
      <h2 id="activate-title">Account activeren</h2>
      <p>Je hebt van de beheerder een activeringscode gekregen. Kies hier zelf je wachtwoord; de beheerder kent het niet.</p>
      <TextField
        name="username"
        label="Gebruikersnaam"
        required
        autoComplete="username"
        value={username}
        onChange={setUsername}
        error={errors.username}
      />
      <TextField
        name="code"
        label="Activeringscode"
        required
        value={code}
        onChange={setCode}
        error={errors.code}
        hint="Bijvoorbeeld ABCD-EFGH-JKMN. De code werkt 72 uur en één keer."
      />
      {(['password', 'repeat'] as const).map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`f-${name}`}>{name === 'password' ? 'Nieuw wachtwoord' : 'Herhaal het wachtwoord'}</label>
          {name === 'password' && (
            <p className="field-hint" id="f-password-hint">
              {passwordHint}
            </p>
          )}
          <input
            id={`f-${name}`}
            name={name}
            type="password"
            autoComplete="new-password"
            required
            value={name === 'password' ? password : repeat}
            aria-invalid={errors[name] ? true : undefined}
            aria-describedby={described(name, name === 'password')}
            onChange={(e) => (name === 'password' ? setPassword : setRepeat)(e.target.value)}
          />
          {errors[name] && (
            <p className="field-error" id={`f-${name}-error`}>
              {errors[name]}
            </p>
          )}
        </div>
      ))}
      {errors._ && (
        <p role="alert" className="field-error">
          {errors._}
        </p>
      )}
      <button type="submit" className="primary-button" disabled={busy}>
        {busy ? 'Bezig…' : 'Wachtwoord instellen en inloggen'}
      </button>
      <button type="button" className="link-button" onClick={onCancel}>
        Terug naar inloggen
      </button>
    </form>
  );
}

/**
 * The second factor: the first log-in on a new device. With nothing set up yet the user chooses a
 * passkey (this phone's fingerprint, face or screen lock, or a security key) or an authenticator app.
 */
export function SecondFactorForm({
  step,
  onDone,
  onCancel,
  onRevoked,
}: {
  step: SecondFactorStep;
  onDone: (s: Session) => void;
  onCancel: () => void;
  onRevoked: () => void;
}) {
  const passkeyHere = passkeysPossible();
  const [mode, setMode] = useState<'choose' | 'app'>(step.enrol ? 'choose' : step.totp ? 'app' : 'choose');
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!step.enrol || mode !== 'app' || setup) return;
    totpSetup(step).then(setSetup, (err: unknown) => setError(message(err, 'Instellen is niet gelukt.')));
  }, [step, mode, setup]);

  async function run(action: () => Promise<Session>) {
    setBusy(true);
    setError(null);
    try {
      onDone(await action());
    } catch (err) {
      if (err instanceof SyncError && err.kind === 'revoked') return onRevoked();
      setError(message(err, 'Inloggen is niet gelukt.'));
    } finally {
      setBusy(false);
    }
  }

  function submitCode(e: FormEvent) {
    e.preventDefault();
    const clean = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(clean)) return setError('Vul de code van 6 cijfers uit je app in.');
    void run(() => secondFactorTotp(db, step, clean));
  }

  const title = step.enrol ? 'Tweede stap instellen' : 'Tweede stap';
  return (
    <form className="record-form login-form" onSubmit={submitCode} noValidate aria-labelledby="second-title">
      <h2 id="second-title">{title}</h2>
      <p>
        {step.enrol
          ? 'Dit is de eerste keer dat je op dit toestel inlogt. Naast je wachtwoord gebruik je voortaan een tweede stap, zodat alleen jij kunt inloggen. Kies er een.'
          : 'Je logt voor het eerst in op dit toestel. Bevestig dat jij het bent.'}
      </p>
      {mode === 'choose' && (step.enrol || step.passkey) && (
        <>
          {passkeyHere ? (
            <button type="button" className="primary-button" disabled={busy} onClick={() => void run(() => secondFactorPasskey(db, step))}>
              {step.enrol ? 'Toegangssleutel maken' : 'Inloggen met toegangssleutel'}
            </button>
          ) : (
            <p className="notice">Een toegangssleutel kan op dit adres niet; gebruik een app voor inlogcodes.</p>
          )}
          {(step.enrol || step.totp) && (
            <button type="button" className="link-button" onClick={() => setMode('app')}>
              Een app voor inlogcodes gebruiken
            </button>
          )}
        </>
      )}
      {mode === 'app' && (
        <>
          {step.enrol && (
            <div className="notice">
              <p>
                Open een app voor inlogcodes (zoals Microsoft Authenticator of Google Authenticator) en voeg een account toe met deze
                sleutel:
              </p>
              <p>
                Sleutel: <span className="secret">{setup ? setup.secret.match(/.{1,4}/g)?.join(' ') : 'Laden…'}</span>
              </p>
              {setup && (
                <p>
                  <a href={setup.uri}>Open in je app voor inlogcodes</a>
                </p>
              )}
            </div>
          )}
          <TextField
            name="totp"
            label="Code uit je app"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            value={code}
            onChange={setCode}
            hint="6 cijfers; de code verandert elke 30 seconden."
          />
          <button type="submit" className="primary-button" disabled={busy}>
            {busy ? 'Bezig…' : 'Bevestigen'}
          </button>
          {!step.enrol && step.passkey && (
            <button type="button" className="link-button" onClick={() => setMode('choose')}>
              Een toegangssleutel gebruiken
            </button>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <p className="field-hint">Toestel of app kwijt? De beheerder kan je tweede stap herstellen.</p>
      <button type="button" className="link-button" onClick={onCancel}>
        Annuleren
      </button>
    </form>
  );
}
