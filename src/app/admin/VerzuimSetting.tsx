import { useEffect, useState, type FormEvent } from 'react';
import { verzuimSettingBounds, type VerzuimSettings } from '../../domain/verzuimprotocol';
import { AdminError, getVerzuimSettings, setVerzuimSettings } from './api';

/** What each number of the regional verzuimprotocol means, in the order the protocol uses them. */
const labels: { key: keyof VerzuimSettings; label: string }[] = [
  { key: 'reportHours', label: 'Melden bij leerplicht na zoveel uur ongeoorloofd verzuim' },
  { key: 'reportWeeks', label: '… binnen zoveel lesweken' },
  { key: 'mazlReports', label: 'Jeugdarts (MAZL) na zoveel ziekmeldingen' },
  { key: 'mazlWeeks', label: '… binnen zoveel lesweken' },
  { key: 'mazlConsecutiveDays', label: 'of na meer dan zoveel schooldagen achter elkaar ziek' },
  { key: 'thuiszitterAfterDays', label: 'Thuiszitter na meer dan zoveel dagen afwezig' },
  { key: 'swvAfterMonths', label: 'Thuiszittersoverleg samenwerkingsverband na zoveel maanden' },
  { key: 'routeReminderDays', label: 'Herinnering als een stap van de route langer open staat dan zoveel dagen' },
  { key: 'schoolDayHours', label: 'Lesuren van een hele schooldag' },
  { key: 'wachtlijstWarnWeeks', label: 'Wachtlijst: waarschuwen als een leerling langer dan zoveel weken op zorg wacht' },
];

/**
 * The beheerder sets the numbers of the regional verzuimprotocol; the defaults are the protocol's.
 * Every phone takes them over at its next sync.
 */
export function VerzuimSetting() {
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const [status, setStatus] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const show = (s: VerzuimSettings) => setValues(Object.fromEntries(Object.entries(s).map(([k, v]) => [k, String(v)])));
  useEffect(() => {
    getVerzuimSettings().then(show, () => setStatus('De getallen van het verzuimprotocol konden niet worden geladen.'));
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!values) return;
    setStatus('');
    // Checked here first, so each field says what is wrong; the server checks the same bounds.
    const wrong: Record<string, string> = {};
    for (const { key } of labels) {
      const [min, max] = verzuimSettingBounds[key];
      const n = Number(values[key]);
      if (values[key]?.trim() === '' || !Number.isInteger(n) || n < min || n > max)
        wrong[key] = `Kies een heel getal van ${min} tot ${max}`;
    }
    setErrors(wrong);
    if (Object.keys(wrong).length) {
      document.getElementById(`verzuim-${Object.keys(wrong)[0]}`)?.focus();
      return;
    }
    setSaving(true);
    try {
      show(await setVerzuimSettings(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)]))));
      setStatus('Opgeslagen: de toestellen nemen de getallen over bij hun volgende synchronisatie.');
    } catch (err) {
      setErrors({ _: err instanceof AdminError ? (err.fields.verzuim ?? err.message) : 'Opslaan is niet gelukt.' });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="lock-setting verzuim-setting" onSubmit={(e) => void save(e)} aria-labelledby="verzuim-setting-title" noValidate>
      <h2 id="verzuim-setting-title">Verzuimprotocol van de regio</h2>
      {values === null ? (
        <p role="status" className="hint">
          {status || 'Laden…'}
        </p>
      ) : (
        <>
          {labels.map(({ key, label }) => {
            const [min, max] = verzuimSettingBounds[key];
            return (
              <div key={key} className={`field${errors[key] ? ' has-error' : ''}`}>
                <label htmlFor={`verzuim-${key}`}>
                  {label} ({min}–{max})
                </label>
                <input
                  id={`verzuim-${key}`}
                  name={key}
                  type="number"
                  inputMode="numeric"
                  min={min}
                  max={max}
                  required
                  value={values[key] ?? ''}
                  aria-invalid={errors[key] ? true : undefined}
                  aria-describedby={errors[key] ? `verzuim-${key}-error` : undefined}
                  onChange={(e) => setValues({ ...values, [key]: e.target.value })}
                />
                {errors[key] && (
                  <p id={`verzuim-${key}-error`} className="field-error">
                    {errors[key]}
                  </p>
                )}
              </div>
            );
          })}
          {errors._ && (
            <p className="field-error" role="alert">
              {errors._}
            </p>
          )}
          <button type="submit" className="primary-button" disabled={saving}>
            {saving ? 'Opslaan…' : 'Getallen opslaan'}
          </button>
          <p role="status" className="hint">
            {status}
          </p>
        </>
      )}
    </form>
  );
}
