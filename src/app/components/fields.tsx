import type { ReactNode } from 'react';

interface FieldProps {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}

function describedBy(name: string, error?: string, hint?: string) {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Wrap({ name, label, error, hint, required, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={`f-${name}`}>
        {label}
        {!required && <span className="optional"> (optioneel)</span>}
      </label>
      {hint && (
        <p className="field-hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    onChange: (v: string) => void;
    type?: 'text' | 'date' | 'time' | 'number' | 'search' | 'tel' | 'email';
    inputMode?: 'numeric' | 'text' | 'tel' | 'email';
    autoComplete?: string;
    maxLength?: number;
  },
) {
  const { name, value, onChange, type = 'text', error, hint, required, inputMode } = props;
  return (
    <Wrap {...props}>
      <input
        id={`f-${name}`}
        name={name}
        type={type}
        value={value}
        inputMode={inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        maxLength={props.maxLength}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
        onChange={(e) => onChange(e.target.value)}
      />
    </Wrap>
  );
}

export function TextArea(props: FieldProps & { value: string; onChange: (v: string) => void; rows?: number }) {
  const { name, value, onChange, error, hint, required, rows = 4 } = props;
  return (
    <Wrap {...props}>
      <textarea
        id={`f-${name}`}
        name={name}
        value={value}
        rows={rows}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
        onChange={(e) => onChange(e.target.value)}
      />
    </Wrap>
  );
}

export function SelectField(
  props: FieldProps & {
    value: string;
    onChange: (v: string) => void;
    options: readonly (readonly [string, string])[];
    placeholder?: string;
  },
) {
  const { name, value, onChange, options, error, hint, required, placeholder } = props;
  return (
    <Wrap {...props}>
      <select
        id={`f-${name}`}
        name={name}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
        onChange={(e) => onChange(e.target.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

/** Radio buttons as large touch targets: for short, fixed choices like seriousness. */
export function ChoiceField(
  props: FieldProps & { value: string; onChange: (v: string) => void; options: readonly (readonly [string, string])[] },
) {
  const { name, label, value, onChange, options, error, required } = props;
  return (
    <fieldset
      className={`field choice${error ? ' has-error' : ''}`}
      id={`f-${name}`}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${name}-error` : undefined}
      tabIndex={-1}
    >
      <legend>
        {label}
        {!required && <span className="optional"> (optioneel)</span>}
      </legend>
      <div className="choices">
        {options.map(([v, l]) => (
          <label key={v} className={value === v ? 'chosen' : ''}>
            <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
            {l}
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function entriesOf<K extends string>(labels: Record<K, string>): [K, string][] {
  return Object.entries(labels) as [K, string][];
}
