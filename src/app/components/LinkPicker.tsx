import { useState } from 'react';
import { SelectField } from './fields';

/** A choice and a button: pick one pupil (or school) and act on it. */
export function LinkPicker({
  label,
  name,
  options,
  button,
  onPick,
  empty = 'Geen leerlingen om te kiezen.',
}: {
  label: string;
  name: string;
  options: readonly (readonly [string, string])[];
  button: string;
  onPick: (id: string) => Promise<void>;
  empty?: string;
}) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  if (options.length === 0) return <p className="empty">{empty}</p>;
  return (
    <div className="family-picker">
      <SelectField name={name} label={label} value={value} onChange={setValue} options={options} placeholder="Kies…" required />
      <button
        type="button"
        className="secondary-button"
        disabled={!value || busy}
        onClick={() => {
          setBusy(true);
          void onPick(value).finally(() => {
            setBusy(false);
            setValue('');
          });
        }}
      >
        {button}
      </button>
    </div>
  );
}
