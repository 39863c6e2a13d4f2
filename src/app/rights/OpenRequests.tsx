// The open requests of parents and pupils on the beheerder's Inzage tab, each with its answer term
// (domain/rightsTerm.ts): "Antwoord uiterlijk …", a warning in the last week, "Termijn verlopen"
// after. From here the beheerder extends the term (new date and reason) or records the decision.
import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import { extensionProblem, latestExtension, longDate, rightsKindLabels, termOf, type Term } from '../../domain/rightsTerm';
import type { OpenRightsRequest } from '../../sync/api/rights';
import { ChoiceField, FieldScope, fieldBinder, TextArea, TextField } from '../components/fields';
import { todayIso } from '../i18n/format';
import { AdminError } from '../admin/api';
import { decideRequest, extendRequest, listOpenRequests } from './api';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const errorsOf = (e: unknown): Record<string, string> => (e instanceof AdminError ? { _: e.message, ...e.fields } : { _: message(e) });

export const decisionOptions = [
  ['granted', 'Toegekend'],
  ['partly', 'Deels toegekend'],
  ['refused', 'Afgewezen'],
] as const;

export interface DecisionValues {
  decision: string;
  reason: string;
  oldValue: string;
  newValue: string;
}

/**
 * The decision on a request: besluit and reden, and for a correction the old and new value. Shared
 * by the form that records a new request and the one that decides an open request; `extra` adds a
 * choice before the decisions (recording: "nog geen besluit").
 */
export function DecisionFields({
  values: v,
  set,
  errors,
  correction,
  extra = [],
  hint,
}: {
  values: DecisionValues;
  set: (k: keyof DecisionValues) => (value: string) => void;
  errors: Record<string, string>;
  correction: boolean;
  extra?: readonly (readonly [string, string])[];
  hint?: string;
}) {
  const decided = v.decision !== '' && !extra.some(([value]) => value === v.decision);
  const field = fieldBinder(v, set, errors);
  return (
    <>
      {correction && (
        <>
          <TextField {...field('oldValue')} label="Oude waarde" />
          <TextField {...field('newValue')} label="Nieuwe waarde" />
        </>
      )}
      <ChoiceField {...field('decision')} label="Besluit" options={[...extra, ...decisionOptions]} {...(hint ? { hint } : {})} required />
      {decided && <TextArea {...field('reason')} label="Reden van het besluit" rows={3} required />}
    </>
  );
}

/** A form of the Inzage tab: its fields in their own id scope, the error from the service, and the button. */
export function RightsForm({
  about,
  form: { errors, busy },
  onSubmit,
  submit,
  children,
}: {
  /** The open request it acts on: its form is named after the button and the request. */
  about?: OpenRightsRequest;
  form: ReturnType<typeof useSubmit>;
  onSubmit: () => Promise<void>;
  submit: string;
  children: ReactNode;
}) {
  const scope = useId();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
      noValidate
      aria-label={about && `${submit}: ${rightsKindLabels[about.kind]}, ${about.dossierCode}`}
    >
      <FieldScope value={scope}>
        {children}
        {errors._ && (
          <p className="field-error" role="alert">
            {errors._}
          </p>
        )}
        <button type="submit" className="primary-button" disabled={busy} aria-busy={busy}>
          {submit}
        </button>
      </FieldScope>
    </form>
  );
}

/**
 * The errors and busy state of a form of the Inzage tab: `submit` shows the errors found before
 * sending, or sends and shows the service's refusal (offline, or a field it refused).
 */
export function useSubmit() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function submit(found: Record<string, string>, send: () => Promise<void>) {
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await send();
    } catch (err) {
      setErrors(errorsOf(err));
    } finally {
      setBusy(false);
    }
  }
  return { errors, busy, submit };
}

/** The check before sending; the service checks the same. */
export function decisionErrors(v: DecisionValues, open: string | null): Record<string, string> {
  const missing: Record<string, string> = {};
  if (!v.decision) missing.decision = open ? 'Kies een besluit, of dat er nog geen besluit is' : 'Kies een besluit';
  else if (v.decision !== open && !v.reason.trim()) missing.reason = 'Vul de reden van het besluit in';
  return missing;
}

function TermNote({ term }: { term: Term }) {
  if (term.state === 'overdue') {
    const late = -term.daysLeft;
    return <span className="rights-term-flag is-overdue">Termijn verlopen ({late === 1 ? '1 dag' : `${late} dagen`} te laat)</span>;
  }
  const left = term.daysLeft === 0 ? 'vandaag is de laatste dag' : term.daysLeft === 1 ? 'nog 1 dag' : `nog ${term.daysLeft} dagen`;
  return term.state === 'soon' ? (
    <span className="rights-term-flag is-soon">Let op: {left}</span>
  ) : (
    <span className="rights-term-left">({left})</span>
  );
}

export function OpenRequests({ reload }: { reload: number }) {
  const [requests, setRequests] = useState<OpenRightsRequest[] | null>(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  const load = useCallback(async () => {
    setError('');
    try {
      setRequests(await listOpenRequests());
    } catch (e) {
      setError(message(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load, reload]);

  const changed = (text: string) => {
    setStatus(text);
    void load();
  };

  const today = todayIso();
  return (
    <section aria-labelledby="rights-open-title">
      <h2 id="rights-open-title">Open verzoeken</h2>
      <p role="status" aria-live="polite" className={status ? 'rights-ready' : 'visually-hidden'}>
        {status}
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}{' '}
          <button type="button" className="secondary-button" onClick={() => void load()}>
            Opnieuw proberen
          </button>
        </p>
      ) : requests === null ? (
        <p>Open verzoeken laden…</p>
      ) : requests.length === 0 ? (
        <p>Er staan geen verzoeken open.</p>
      ) : (
        <ul className="rights-open-list">
          {requests.map((q) => (
            <OpenRequestItem key={q.id} request={q} term={termOf(q, today)} onChanged={changed} />
          ))}
        </ul>
      )}
    </section>
  );
}

function OpenRequestItem({ request: q, term, onChanged }: { request: OpenRightsRequest; term: Term; onChanged: (status: string) => void }) {
  const [open, setOpen] = useState<'extend' | 'decide' | null>(null);
  const titleId = useId();
  const toggle = (which: 'extend' | 'decide') => setOpen((o) => (o === which ? null : which));
  return (
    <li className={`rights-open is-${term.state}`} aria-labelledby={titleId}>
      <h3 id={titleId}>
        {rightsKindLabels[q.kind]}, dossiercode {q.dossierCode}
      </h3>
      <p className="rights-term">
        <strong>Antwoord uiterlijk {longDate(term.due)}</strong> <TermNote term={term} />
      </p>
      <p>
        Gevraagd door {q.requestedBy} op {longDate(q.requestedOn)}.
      </p>
      <p className="rights-open-what">{q.what}</p>
      {q.extendedUntil && (
        <p>
          Termijn verlengd tot {longDate(q.extendedUntil)}. Reden: {q.extensionReason}
        </p>
      )}
      <div className="rights-open-actions">
        <button type="button" className="secondary-button" aria-expanded={open === 'extend'} onClick={() => toggle('extend')}>
          Termijn verlengen
        </button>
        <button type="button" className="secondary-button" aria-expanded={open === 'decide'} onClick={() => toggle('decide')}>
          Besluit vastleggen
        </button>
      </div>
      {open === 'extend' && (
        <ExtendForm
          request={q}
          onDone={(until) => {
            setOpen(null);
            onChanged(`Termijn verlengd tot ${longDate(until)}. Vertel de vrager de nieuwe datum en de reden.`);
          }}
        />
      )}
      {open === 'decide' && <DecideForm request={q} onDone={onChanged} />}
    </li>
  );
}

function ExtendForm({ request: q, onDone }: { request: OpenRightsRequest; onDone: (until: string) => void }) {
  const [v, setV] = useState({ until: '', reason: '' });
  const form = useSubmit();
  const { errors, submit } = form;
  const field = fieldBinder(v, (k) => (value) => setV((old) => ({ ...old, [k]: value })), errors);

  function save() {
    const found: Record<string, string> = {};
    const problem = v.until ? extensionProblem(q, v.until) : 'Vul de nieuwe datum in';
    if (problem) found.until = problem;
    if (!v.reason.trim()) found.reason = 'Vul de reden van de verlenging in. De vrager krijgt die reden ook te horen.';
    return submit(found, async () => {
      await extendRequest(q.id, v);
      onDone(v.until);
    });
  }

  return (
    <RightsForm about={q} form={form} onSubmit={save} submit="Verlenging vastleggen">
      <TextField
        {...field('until')}
        label="Nieuwe datum"
        type="date"
        hint={`Uiterlijk ${longDate(latestExtension(q.requestedOn))}: de wet geeft twee maanden extra.`}
        required
      />
      <TextArea
        {...field('reason')}
        label="Reden van de verlenging"
        hint="Bijvoorbeeld: het dossier is groot. Vertel de vrager de reden binnen de eerste maand."
        rows={2}
        required
      />
    </RightsForm>
  );
}

function DecideForm({ request: q, onDone }: { request: OpenRightsRequest; onDone: (status: string) => void }) {
  const [v, setV] = useState<DecisionValues>({ decision: '', reason: '', oldValue: q.oldValue ?? '', newValue: q.newValue ?? '' });
  const form = useSubmit();
  const { errors, submit } = form;
  const set = (k: keyof DecisionValues) => (value: string) => setV((old) => ({ ...old, [k]: value }));

  function save() {
    return submit(decisionErrors(v, null), async () => {
      const correction = q.kind === 'correction' ? { oldValue: v.oldValue, newValue: v.newValue } : {};
      const decision = v.decision as 'granted' | 'partly' | 'refused';
      const result = await decideRequest(q.id, { decision, reason: v.reason, ...correction });
      onDone(decidedMessage(q.kind, v.decision, result));
    });
  }

  return (
    <RightsForm about={q} form={form} onSubmit={save} submit="Besluit vastleggen">
      <DecisionFields values={v} set={set} errors={errors} correction={q.kind === 'correction'} />
    </RightsForm>
  );
}

/** What the beheerder reads after a decision: what happened to the dossier. */
export function decidedMessage(kind: string, decision: string, result: { erased: number; keptByLaw: number }): string {
  return kind === 'erasure' && decision !== 'refused'
    ? `Vastgelegd. ${result.erased} gegevens verwijderd${result.keptByLaw ? `; ${result.keptByLaw} bewaard omdat de wet dat vraagt (Meldcode)` : ''}. Telefoons verwijderen ze bij de volgende synchronisatie.`
    : 'Vastgelegd. Het verzoek en het besluit staan in het inzagedocument en in het logboek.';
}
