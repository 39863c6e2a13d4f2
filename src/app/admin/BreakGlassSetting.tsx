import { useEffect, useState, type FormEvent } from 'react';
import { MAX_BREAK_GLASS_DAYS, MIN_BREAK_GLASS_DAYS, breakGlassDaysSchema } from '../../sync/api/settings';
import { AdminError, getBreakGlassDays, setBreakGlassDays } from './api';

/**
 * The beheerder sets how many days a jeugdprofessional's temporary access to one pupil lasts when
 * covering for a colleague (docs/rights.md). It applies to access asked from then on; an access
 * already given keeps its end date.
 */
export function BreakGlassSetting() {
  const [value, setValue] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    getBreakGlassDays().then(
      (n) => setValue(String(n)),
      () => setStatus('Het aantal dagen kon niet worden geladen.'),
    );
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    setStatus('');
    // Checked here with the contract's own schema, so the message is Dutch and names the bounds.
    const checked = breakGlassDaysSchema.safeParse(value.trim() === '' ? undefined : Number(value));
    if (!checked.success) {
      setError(checked.error.issues[0]?.message ?? '');
      document.getElementById('break-glass-days')?.focus();
      return;
    }
    setError('');
    setSaving(true);
    try {
      const n = await setBreakGlassDays(checked.data);
      setValue(String(n));
      setStatus(`Opgeslagen: tijdelijke toegang duurt vanaf nu ${n} ${n === 1 ? 'dag' : 'dagen'}.`);
    } catch (err) {
      setError(err instanceof AdminError ? (err.fields.breakGlassDays ?? err.message) : 'Opslaan is niet gelukt.');
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="lock-setting" onSubmit={(e) => void save(e)} noValidate aria-labelledby="break-glass-title">
      <h2 id="break-glass-title">Collega vervangen</h2>
      <label htmlFor="break-glass-days">
        Tijdelijke toegang tot een leerling duurt zoveel dagen ({MIN_BREAK_GLASS_DAYS}–{MAX_BREAK_GLASS_DAYS})
      </label>
      <div className="lock-setting-row">
        <input
          id="break-glass-days"
          name="breakGlassDays"
          type="number"
          inputMode="numeric"
          min={MIN_BREAK_GLASS_DAYS}
          max={MAX_BREAK_GLASS_DAYS}
          required
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'break-glass-days-hint break-glass-days-error' : 'break-glass-days-hint'}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="primary-button" disabled={saving}>
          {saving ? 'Opslaan…' : 'Opslaan'}
        </button>
      </div>
      {error && (
        <p id="break-glass-days-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      <p id="break-glass-days-hint" className="hint">
        Geldt voor nieuwe toegang. Toegang die al loopt, houdt zijn einddatum.
      </p>
      <p role="status" className="hint">
        {status}
      </p>
    </form>
  );
}
