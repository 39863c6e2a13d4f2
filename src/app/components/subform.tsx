// Parts of the small forms inside a page (a step of a trajectory, an entry) that have no FormBody:
// their error summary, and the row that says when a step was taken and by whom.
import type { FieldErrors } from '../../domain';
import { TextField } from './fields';

/** Every message of the form, read out at once (role alert); hidden while there is none. */
export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const messages = Object.values(errors).filter(Boolean);
  return (
    <div role="alert" className={messages.length ? 'error-summary' : 'visually-hidden'}>
      {messages.length > 0 && (
        <ul>
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** When a step was taken and by whom, side by side: a Meldcode step and a verzuimroute step. */
export function StepDateWho({
  v,
  set,
  errors,
  whoLabel = 'Wie',
}: {
  v: { date: string; who: string };
  set: (k: 'date' | 'who', x: string) => void;
  errors: FieldErrors;
  whoLabel?: string;
}) {
  return (
    <div className="field-row">
      <TextField name="date" label="Datum" type="date" required value={v.date} onChange={(x) => set('date', x)} error={errors.date} />
      <TextField name="who" label={whoLabel} required value={v.who} onChange={(x) => set('who', x)} error={errors.who} />
    </div>
  );
}
