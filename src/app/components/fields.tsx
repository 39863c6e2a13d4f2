import { createContext, useContext, type ReactNode } from 'react';

/**
 * The id prefix of the form a field is in. Ionic keeps the pages a user came from in the DOM, so two
 * open forms can both have a "note" field: each form takes a prefix of its own (React's useId) and
 * provides it here, or a label and an error link would name the field of a hidden page.
 */
export const FieldScope = createContext('');

/** The id of field `name` in the form whose FieldScope is `scope` (for focusing a field with an error). */
export const fieldId = (scope: string, name: string) => `${scope}f-${name}`;

function useFieldIds(name: string) {
  const scope = useContext(FieldScope);
  return { input: fieldId(scope, name), hint: `${scope}${name}-hint`, error: `${scope}${name}-error` };
}

interface FieldProps {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}

/**
 * The props that tie a field to one key of a form's values: name, value, change and error. For forms
 * whose fields carry the names of their keys, so each field states only what is its own (label, hint).
 */
export function fieldBinder<K extends string>(
  values: Readonly<Record<K, string>>,
  set: (k: K) => (value: string) => void,
  errors: Readonly<Partial<Record<string, string>>>,
) {
  return (k: K) => ({ name: k, value: values[k], onChange: set(k), error: errors[k] });
}

function describedBy(ids: ReturnType<typeof useFieldIds>, error?: string, hint?: string) {
  const list = [hint ? ids.hint : '', error ? ids.error : ''].filter(Boolean);
  return list.length ? list.join(' ') : undefined;
}

function Wrap({ name, label, error, hint, required, children }: FieldProps & { children: ReactNode }) {
  const ids = useFieldIds(name);
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={ids.input}>
        {label}
        {!required && <span className="optional"> (optioneel)</span>}
      </label>
      {hint && (
        <p className="field-hint" id={ids.hint}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={ids.error}>
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
  const ids = useFieldIds(name);
  return (
    <Wrap {...props}>
      <input
        id={ids.input}
        name={name}
        type={type}
        value={value}
        inputMode={inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        maxLength={props.maxLength}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ids, error, hint)}
        onChange={(e) => onChange(e.target.value)}
      />
    </Wrap>
  );
}

export function TextArea(props: FieldProps & { value: string; onChange: (v: string) => void; rows?: number }) {
  const { name, value, onChange, error, hint, required, rows = 4 } = props;
  const ids = useFieldIds(name);
  return (
    <Wrap {...props}>
      <textarea
        id={ids.input}
        name={name}
        value={value}
        rows={rows}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ids, error, hint)}
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
  const ids = useFieldIds(name);
  return (
    <Wrap {...props}>
      <select
        id={ids.input}
        name={name}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ids, error, hint)}
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

/** A group of choices with its legend, hint and error: the frame of ChoiceField and ChecksField. */
function Fieldset({ name, label, error, hint, required, kind, children }: FieldProps & { kind: 'choice' | 'checks'; children: ReactNode }) {
  const ids = useFieldIds(name);
  return (
    <fieldset
      className={`field ${kind}${error ? ' has-error' : ''}`}
      id={ids.input}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(ids, error, hint)}
      tabIndex={-1}
    >
      <legend>
        {label}
        {!required && <span className="optional"> (optioneel)</span>}
      </legend>
      {hint && (
        <p className="field-hint" id={ids.hint}>
          {hint}
        </p>
      )}
      <div className="choices">{children}</div>
      {error && (
        <p className="field-error" id={ids.error}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Radio buttons as large touch targets: for short, fixed choices like seriousness. */
export function ChoiceField(
  props: FieldProps & { value: string; onChange: (v: string) => void; options: readonly (readonly [string, string])[] },
) {
  const { name, value, onChange, options } = props;
  return (
    <Fieldset {...props} kind="choice">
      {options.map(([v, l]) => (
        <label key={v} className={value === v ? 'chosen' : ''}>
          <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
          {l}
        </label>
      ))}
    </Fieldset>
  );
}

/** Check boxes as large touch targets: several of a list may be chosen (a user's schools). */
export function ChecksField(
  props: FieldProps & {
    values: readonly string[];
    onChange: (v: string[]) => void;
    options: readonly (readonly [string, string, string?])[];
  },
) {
  const { name, values, onChange, options } = props;
  return (
    <Fieldset {...props} kind="checks">
      {options.map(([v, l, extra]) => (
        <label key={v} className={values.includes(v) ? 'chosen' : ''}>
          <input
            type="checkbox"
            name={name}
            value={v}
            checked={values.includes(v)}
            onChange={(e) => onChange(e.target.checked ? [...values, v] : values.filter((x) => x !== v))}
          />
          <span>
            {l}
            {extra && <span className="choice-extra">, {extra}</span>}
          </span>
        </label>
      ))}
    </Fieldset>
  );
}

export function entriesOf<K extends string>(labels: Record<K, string>): [K, string][] {
  return Object.entries(labels) as [K, string][];
}
