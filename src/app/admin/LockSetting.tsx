import { useEffect, useState } from 'react';
import { AdminError, getLockMinutes, setLockMinutes } from './api';

/**
 * The beheerder sets after how many idle minutes the app locks on every device of the region. Devices
 * take it over at their next log-in or token refresh (within 15 minutes while online).
 */
export function LockSetting() {
  const [value, setValue] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    getLockMinutes().then(
      (n) => setValue(String(n)),
      () => setStatus('De vergrendeltijd kon niet worden geladen.'),
    );
  }, []);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError('');
    setStatus('');
    try {
      const n = await setLockMinutes(Number(value));
      setValue(String(n));
      setStatus(`Opgeslagen: toestellen vergrendelen na ${n} ${n === 1 ? 'minuut' : 'minuten'} zonder gebruik.`);
    } catch (err) {
      setError(err instanceof AdminError ? (err.fields.lockMinutes ?? err.message) : 'Opslaan is niet gelukt.');
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="lock-setting" onSubmit={(e) => void save(e)} aria-labelledby="lock-setting-title">
      <h2 id="lock-setting-title">Vergrendelen</h2>
      <label htmlFor="lock-minutes">Vergrendel de app na zoveel minuten zonder gebruik (1–30)</label>
      <div className="lock-setting-row">
        <input
          id="lock-minutes"
          name="lockMinutes"
          type="number"
          inputMode="numeric"
          min={1}
          max={30}
          required
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'lock-minutes-error' : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="primary-button" disabled={saving || value === ''}>
          {saving ? 'Opslaan…' : 'Opslaan'}
        </button>
      </div>
      {error && (
        <p id="lock-minutes-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="hint">
        {status}
      </p>
    </form>
  );
}
