import type { PresenceSlot } from '../../domain';
import { useContext } from 'react';
import { weekdayLabels } from '../i18n/nl';
import { FieldScope, fieldId } from './fields';

/** A presence slot as the form holds it: strings, as the inputs give them. */
export interface SlotValues {
  day: string;
  from: string;
  to: string;
}

export function parsePresence(json: string): SlotValues[] {
  try {
    const rows = JSON.parse(json) as { day?: unknown; from?: unknown; to?: unknown }[];
    return Array.isArray(rows) ? rows.map((r) => ({ day: String(r.day ?? ''), from: String(r.from ?? ''), to: String(r.to ?? '') })) : [];
  } catch {
    return [];
  }
}

export function toSlots(slots: readonly SlotValues[]): PresenceSlot[] {
  return slots.map((s) => ({ day: Number(s.day), from: s.from, to: s.to }));
}

/** The one check the schema can't make on a single time: the slot ends after it starts. */
export function presenceProblem(slots: readonly SlotValues[]): string | null {
  for (const [i, s] of slots.entries()) {
    if (s.from && s.to && s.to <= s.from) return `Dagdeel ${i + 1}: de eindtijd moet na de begintijd liggen`;
  }
  return null;
}

const days = [1, 2, 3, 4, 5, 6, 7] as const;

/** "Aanwezig op school": add and remove slots of dag + van + tot. */
export function DirectoryPresence({
  slots,
  onChange,
  error,
}: {
  slots: SlotValues[];
  onChange: (next: SlotValues[]) => void;
  error?: string | undefined;
}) {
  const scope = useContext(FieldScope);
  const update = (i: number, patch: Partial<SlotValues>) => onChange(slots.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <fieldset
      className={`field subform directory-presence-form${error ? ' has-error' : ''}`}
      id={fieldId(scope, 'presence')}
      tabIndex={-1}
      aria-describedby={error ? `${scope}presence-error` : undefined}
    >
      <legend>
        Aanwezig op school<span className="optional"> (optioneel)</span>
      </legend>
      {slots.length === 0 && (
        <p className="field-hint">Nog geen vaste dagen. Voeg een dagdeel toe als deze persoon op vaste momenten op school is.</p>
      )}
      {slots.map((s, i) => (
        <fieldset key={i} className="directory-slot">
          <legend className="visually-hidden">Dagdeel {i + 1}</legend>
          <div className="directory-slot-fields">
            <div className="field">
              <label htmlFor={fieldId(scope, `presence-${i}-day`)}>Dag</label>
              <select id={fieldId(scope, `presence-${i}-day`)} value={s.day} onChange={(e) => update(i, { day: e.target.value })}>
                <option value="">Kies</option>
                {days.map((d) => (
                  <option key={d} value={String(d)}>
                    {weekdayLabels[d]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={fieldId(scope, `presence-${i}-from`)}>Van</label>
              <input
                id={fieldId(scope, `presence-${i}-from`)}
                type="time"
                value={s.from}
                onChange={(e) => update(i, { from: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={fieldId(scope, `presence-${i}-to`)}>Tot</label>
              <input id={fieldId(scope, `presence-${i}-to`)} type="time" value={s.to} onChange={(e) => update(i, { to: e.target.value })} />
            </div>
          </div>
          <button type="button" className="link-button" onClick={() => onChange(slots.filter((_, j) => j !== i))}>
            Dagdeel {i + 1} verwijderen
          </button>
        </fieldset>
      ))}
      <button type="button" className="secondary-button" onClick={() => onChange([...slots, { day: '', from: '08:30', to: '12:00' }])}>
        + Dagdeel toevoegen
      </button>
      {error && (
        <p className="field-error" id={`${scope}presence-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
