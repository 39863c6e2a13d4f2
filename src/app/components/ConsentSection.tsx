import { format, parseISO } from 'date-fns';
import { nl } from 'date-fns/locale/nl';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  consentGiverLabels,
  consentPartyLabels,
  consentParties,
  consentState,
  consentStateLabels,
  consentSummary,
  dateInAmsterdam,
  giverProblem,
  type Consent,
  type ConsentGiver,
  type FieldErrors,
  type Pupil,
} from '../../domain';
import { consentsOfPupil, recordConsent, withdrawConsent, type ConsentForm } from '../db/consents';
import { db } from '../db/db';
import { ValidationError } from '../db/records';
import { themeLabels } from '../i18n/nl';
import { currentUserId } from '../auth/session';
import { ChoiceField, entriesOf, SelectField, TextArea, TextField } from './fields';

/** "1 maart", with the year when it is not this year's. */
export function shortDay(iso: string, today: string): string {
  return format(parseISO(iso), iso.slice(0, 4) === today.slice(0, 4) ? 'd MMMM' : 'd MMMM yyyy', { locale: nl });
}

function errorsOf(e: unknown): FieldErrors {
  return e instanceof ValidationError ? e.fields : { _: `Opslaan is niet gelukt: ${String(e)}` };
}

/**
 * Toestemming on the pupil page: at a glance with whom information may be shared now, every consent
 * with its state (withdrawn and expired ones stay, marked), recording a new one and withdrawing one.
 */
export function ConsentSection({ pupil, today = dateInAmsterdam(new Date()) }: { pupil: Pupil; today?: string }) {
  const consents = useLiveQuery(() => consentsOfPupil(db, pupil.id), [pupil.id]);
  const [adding, setAdding] = useState(false);
  const summary = consents
    ? consentSummary(consents, pupil.birthYear, today).filter((s) => s.party !== 'jeugdhulpaanbieder' && s.party !== 'cat')
    : [];
  const named = (consents ?? []).filter(
    (c) => (c.party === 'jeugdhulpaanbieder' || c.party === 'cat') && consentState(c, pupil.birthYear, today) === 'geldig',
  );

  return (
    <section className="consent-section" aria-labelledby="consent-title">
      <h2 id="consent-title">Toestemming</h2>
      {consents === undefined ? (
        <p role="status">Laden…</p>
      ) : (
        <>
          <p className="consent-summary" aria-label="Nu delen mag met">
            {[
              ...summary.map((s) => (
                <span key={s.party} className={`consent-party${s.allowed ? ' is-allowed' : ''}`}>
                  {consentPartyLabels[s.party].replace(' (IB)', '')} {s.allowed ? '✓' : '—'}
                  <span className="visually-hidden">{s.allowed ? ' mag' : ' geen toestemming'}</span>
                  {s.until && ` tot ${shortDay(s.until, today)}`}
                </span>
              )),
              ...named.map((c) => (
                <span key={c.id} className="consent-party is-allowed">
                  {c.partyName || consentPartyLabels[c.party]} ✓{c.validUntil && ` tot ${shortDay(c.validUntil, today)}`}
                </span>
              )),
            ].flatMap((el, i) => (i === 0 ? [el] : [<span key={`sep${i}`}>, </span>, el]))}
          </p>
          {consents.length === 0 ? (
            <p className="empty">
              Nog geen toestemming vastgelegd. Zonder toestemming deel je niets over deze leerling, behalve op grond van de Meldcode.
            </p>
          ) : (
            <ul className="record-list consent-list" aria-label="Toestemmingen, nieuwste eerst">
              {consents.map((c) => (
                <ConsentItem key={c.id} consent={c} birthYear={pupil.birthYear} today={today} />
              ))}
            </ul>
          )}
          {adding ? (
            <ConsentFormView pupil={pupil} today={today} onDone={() => setAdding(false)} />
          ) : (
            <button type="button" className="secondary-button" onClick={() => setAdding(true)}>
              + Toestemming vastleggen
            </button>
          )}
        </>
      )}
    </section>
  );
}

function ConsentItem({ consent: c, birthYear, today }: { consent: Consent; birthYear: number; today: string }) {
  const state = consentState(c, birthYear, today);
  const [withdrawing, setWithdrawing] = useState(false);
  const party =
    c.party === 'jeugdhulpaanbieder' && c.partyName ? `${consentPartyLabels[c.party]} ${c.partyName}` : consentPartyLabels[c.party];
  return (
    <li className={`record-item consent-item is-${state}`}>
      <p className="record-meta">
        <span className={`badge consent-state is-${state}`}>{consentStateLabels[state]}</span>
      </p>
      <p className="record-title">
        {party}: {c.topic ? themeLabels[c.topic] : 'alles'}
      </p>
      <p>
        {consentGiverLabels[c.givenBy]}, {c.way}, op {shortDay(c.givenOn, today)}
        {c.validUntil ? `, geldig tot ${shortDay(c.validUntil, today)}` : ''}
      </p>
      {c.withdrawnOn && (
        <p>
          Ingetrokken op {shortDay(c.withdrawnOn, today)}: {c.withdrawnReason}
        </p>
      )}
      {!c.withdrawnOn &&
        (withdrawing ? (
          <WithdrawForm consent={c} today={today} onDone={() => setWithdrawing(false)} />
        ) : (
          <button type="button" className="link-button" onClick={() => setWithdrawing(true)}>
            Intrekken <span className="visually-hidden">toestemming {party}</span>
          </button>
        ))}
    </li>
  );
}

function WithdrawForm({ consent, today, onDone }: { consent: Consent; today: string; onDone: () => void }) {
  const [on, setOn] = useState(today);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    try {
      await withdrawConsent(db, consent.id, { on, reason }, { userId: currentUserId() });
      onDone();
    } catch (err) {
      setErrors(errorsOf(err));
      setSaving(false);
    }
  }
  return (
    <form className="record-form consent-withdraw" onSubmit={(e) => void submit(e)} noValidate aria-label="Toestemming intrekken">
      {errors._ && (
        <p role="alert" className="error-summary">
          {errors._}
        </p>
      )}
      <TextField
        name={`withdrawnOn-${consent.id}`}
        label="Ingetrokken op"
        type="date"
        required
        value={on}
        onChange={setOn}
        error={errors.withdrawnOn}
      />
      <TextArea
        name={`withdrawnReason-${consent.id}`}
        label="Reden"
        required
        value={reason}
        onChange={setReason}
        error={errors.withdrawnReason}
        rows={2}
      />
      <div className="request-confirm-buttons">
        <button type="submit" className="primary-button" disabled={saving}>
          {saving ? 'Bezig met opslaan…' : 'Intrekken'}
        </button>
        <button type="button" className="secondary-button" onClick={onDone}>
          Annuleren
        </button>
      </div>
    </form>
  );
}

const givers = entriesOf(consentGiverLabels);

/** The form to record a consent; `initial` pre-fills it (from a consultatievraag: party school). */
export function ConsentFormView({
  pupil,
  today,
  onDone,
  initial,
}: {
  pupil: Pupil;
  today: string;
  onDone: (saved: Consent | null) => void;
  initial?: Partial<ConsentForm>;
}) {
  const [v, setV] = useState<ConsentForm>({
    party: '',
    partyName: '',
    topic: 'alles',
    givenBy: '',
    way: '',
    givenOn: today,
    validUntil: '',
    ...initial,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  // Opened by a tap further down the page (the consultatievraag): the reader lands on the form.
  useEffect(() => title.current?.focus(), []);
  const set = (k: keyof ConsentForm, x: string) => setV((old) => ({ ...old, [k]: x }));
  // The age rule at once, before saving: who may consent depends on the pupil's age.
  const ageHint = v.givenBy && v.givenOn ? giverProblem(v.givenBy as ConsentGiver, pupil.birthYear, v.givenOn) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    try {
      const saved = await recordConsent(db, pupil, v, { userId: currentUserId() });
      onDone(saved);
    } catch (err) {
      setErrors(errorsOf(err));
      setSaving(false);
    }
  }

  return (
    <form className="record-form consent-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="consent-form-title">
      <h3 id="consent-form-title" ref={title} tabIndex={-1}>
        Toestemming vastleggen
      </h3>
      {errors._ && (
        <p role="alert" className="error-summary">
          {errors._}
        </p>
      )}
      {Object.keys(errors).length > 0 && !errors._ && (
        <p role="alert" className="visually-hidden">
          Niet opgeslagen: verbeter de velden met een foutmelding.
        </p>
      )}
      <SelectField
        name="party"
        label="Met wie mag gedeeld worden?"
        required
        value={v.party}
        onChange={(x) => set('party', x)}
        options={consentParties.map((p) => [p, consentPartyLabels[p]] as const)}
        placeholder="Kies…"
        error={errors.party}
      />
      {v.party === 'jeugdhulpaanbieder' && (
        <TextField
          name="partyName"
          label="Naam van de jeugdhulpaanbieder"
          required
          value={v.partyName}
          onChange={(x) => set('partyName', x)}
          error={errors.partyName}
        />
      )}
      <SelectField
        name="topic"
        label="Waarover?"
        required
        value={v.topic}
        onChange={(x) => set('topic', x)}
        options={[['alles', 'alles'] as const, ...entriesOf(themeLabels)]}
        error={errors.topic}
      />
      <ChoiceField
        name="givenBy"
        label="Gegeven door"
        required
        value={v.givenBy}
        onChange={(x) => set('givenBy', x)}
        options={givers}
        error={errors.givenBy ?? ageHint ?? undefined}
      />
      <p className="field-hint">
        Geboren in {pupil.birthYear}. Vanaf 12 jaar geeft de leerling zelf ook toestemming, vanaf 16 jaar alleen.
      </p>
      <ChoiceField
        name="way"
        label="Hoe"
        required
        value={v.way}
        onChange={(x) => set('way', x)}
        options={[
          ['mondeling', 'mondeling'],
          ['schriftelijk', 'schriftelijk'],
        ]}
        error={errors.way}
      />
      <div className="field-row">
        <TextField
          name="givenOn"
          label="Datum"
          type="date"
          required
          value={v.givenOn}
          onChange={(x) => set('givenOn', x)}
          error={errors.givenOn}
        />
        <TextField
          name="validUntil"
          label="Geldig tot"
          type="date"
          value={v.validUntil}
          onChange={(x) => set('validUntil', x)}
          error={errors.validUntil}
        />
      </div>
      <div className="request-confirm-buttons">
        <button type="submit" className="primary-button" disabled={saving}>
          {saving ? 'Bezig met opslaan…' : 'Toestemming opslaan'}
        </button>
        <button type="button" className="secondary-button" onClick={() => onDone(null)}>
          Annuleren
        </button>
      </div>
    </form>
  );
}
