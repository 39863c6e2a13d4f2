import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  careKinds,
  dateInAmsterdam,
  hasOverbrugging,
  waitStatuses,
  waitsTooLong,
  weeksWaiting,
  type FieldErrors,
  type Pupil,
  type Wachtlijst,
} from '../../domain';
import { db } from '../db/db';
import { ValidationError } from '../db/records';
import { referralForm, referralsOfPupil, saveReferral, type ReferralForm } from '../db/wachtlijst';
import { verzuimSettingsOf } from '../db/verzuim';
import { careKindLabels, waitStatusLabels } from '../i18n/nl';
import { currentUserId } from '../auth/session';
import { shortDay } from './ConsentSection';
import { ChoiceField, fieldId, TextArea, TextField } from './fields';

const weeks = (n: number) => (n === 1 ? '1 week' : `${n} weken`);

/** "JGGZ", or the provider's name with its kind. */
export function careText(r: Pick<Wachtlijst, 'careKind' | 'careName'>): string {
  if (r.careKind === 'jggz') return r.careName ? `Jeugd-ggz: ${r.careName}` : 'Jeugd-ggz (JGGZ)';
  return r.careName || 'Jeugdhulpaanbieder';
}

/**
 * Wachtlijst on the pupil page: the pupil's referrals to care, how long each has waited (with the
 * region's warning), what bridges the wait, and a form to add one or to change one.
 */
export function WachtlijstSection({ pupil, today = dateInAmsterdam(new Date()) }: { pupil: Pupil; today?: string }) {
  const referrals = useLiveQuery(() => referralsOfPupil(db, pupil.id), [pupil.id]);
  const warnWeeks = useLiveQuery(async () => (await verzuimSettingsOf(db)).wachtlijstWarnWeeks, []);
  // The referral being changed, or 'new'; one form at a time.
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <section className="wachtlijst-section" aria-labelledby="wachtlijst-title">
      <h2 id="wachtlijst-title">Wachtlijst voor zorg</h2>
      {referrals === undefined ? (
        <p role="status">Laden…</p>
      ) : (
        <>
          {referrals.length === 0 ? (
            <p className="empty">
              Geen verwijzing naar zorg vastgelegd. Wacht de leerling op jeugd-ggz of andere jeugdhulp? Leg het hier vast.
            </p>
          ) : (
            <ul className="record-list" aria-label="Verwijzingen naar zorg">
              {referrals.map((r) =>
                editing === r.id ? (
                  <li key={r.id} className="record-item">
                    <ReferralFormView pupil={pupil} today={today} existing={r} onDone={() => setEditing(null)} />
                  </li>
                ) : (
                  <li key={r.id} className={`record-item wachtlijst-item is-${r.status}`}>
                    <p className="record-meta">
                      <span className="badge">{waitStatusLabels[r.status]}</span>
                      {warnWeeks !== undefined && waitsTooLong(r, today, warnWeeks) && (
                        <span className="badge is-warning"> Langer dan {weeks(warnWeeks)}</span>
                      )}
                    </p>
                    <p className="record-title">{careText(r)}</p>
                    <p>
                      Verwezen op {shortDay(r.since, today)}
                      {r.status === 'wacht'
                        ? `, wacht nu ${weeks(weeksWaiting(r, today))}`
                        : r.statusDate
                          ? `; ${r.status === 'gestart' ? 'zorg gestart' : 'vervallen'} op ${shortDay(r.statusDate, today)}`
                          : ''}
                    </p>
                    <p>{hasOverbrugging(r) ? `Overbrugging: ${r.overbrugging}` : 'Geen overbrugging'}</p>
                    {editing === null && (
                      <button type="button" className="link-button" onClick={() => setEditing(r.id)}>
                        Wijzigen <span className="visually-hidden">verwijzing {careText(r)}</span>
                      </button>
                    )}
                  </li>
                ),
              )}
            </ul>
          )}
          {editing === 'new' ? (
            <ReferralFormView pupil={pupil} today={today} onDone={() => setEditing(null)} />
          ) : (
            editing === null && (
              <button type="button" className="secondary-button" onClick={() => setEditing('new')}>
                + Verwijzing naar zorg
              </button>
            )
          )}
        </>
      )}
    </section>
  );
}

function ReferralFormView({ pupil, today, existing, onDone }: { pupil: Pupil; today: string; existing?: Wachtlijst; onDone: () => void }) {
  const [v, setV] = useState<ReferralForm>(() => referralForm(existing, today));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const set = (k: keyof ReferralForm, x: string) => setV((old) => ({ ...old, [k]: x }));
  const id = existing?.id ?? 'nieuw';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    try {
      await saveReferral(db, pupil, v, { userId: currentUserId() }, existing);
      onDone();
    } catch (err) {
      const fields = err instanceof ValidationError ? err.fields : { _: `Opslaan is niet gelukt: ${String(err)}` };
      setErrors(fields);
      setSaving(false);
      // The first field with an error, in the order on the screen.
      const first = ['careKind', 'careName', 'since', 'overbrugging', 'status', 'statusDate'].find((k) => fields[k]);
      if (first) document.getElementById(fieldId('', `wl-${first}-${id}`))?.focus();
    }
  }

  return (
    <form className="record-form wachtlijst-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`wl-title-${id}`}>
      <h3 id={`wl-title-${id}`} ref={title} tabIndex={-1}>
        {existing ? 'Verwijzing wijzigen' : `Verwijzing naar zorg voor ${pupil.initials}`}
      </h3>
      {errors._ && (
        <p role="alert" className="error-summary">
          {errors._}
        </p>
      )}
      {Object.keys(errors).length > 0 && !errors._ && (
        <p role="alert" className="error-summary">
          Niet opgeslagen: verbeter de velden met een foutmelding.
        </p>
      )}
      <ChoiceField
        name={`wl-careKind-${id}`}
        label="Naar welke zorg?"
        required
        value={v.careKind}
        onChange={(x) => set('careKind', x)}
        options={careKinds.map((k) => [k, careKindLabels[k]] as const)}
        error={errors.careKind}
      />
      <TextField
        name={`wl-careName-${id}`}
        label={v.careKind === 'jeugdhulpaanbieder' ? 'Naam van de jeugdhulpaanbieder' : 'Naam van de zorgaanbieder'}
        required={v.careKind === 'jeugdhulpaanbieder'}
        value={v.careName}
        onChange={(x) => set('careName', x)}
        error={errors.careName}
      />
      <TextField
        name={`wl-since-${id}`}
        label="Op de wachtlijst sinds"
        type="date"
        required
        value={v.since}
        onChange={(x) => set('since', x)}
        error={errors.since}
      />
      <TextArea
        name={`wl-overbrugging-${id}`}
        label="Wat helpt in de tussentijd? (overbrugging)"
        hint="Bijvoorbeeld gesprekken met jou, steun van het wijkteam of een voorziening. Leeg: geen overbrugging."
        value={v.overbrugging}
        onChange={(x) => set('overbrugging', x)}
        error={errors.overbrugging}
        rows={2}
      />
      <ChoiceField
        name={`wl-status-${id}`}
        label="Stand"
        required
        value={v.status}
        onChange={(x) => set('status', x)}
        options={waitStatuses.map((s) => [s, waitStatusLabels[s]] as const)}
        error={errors.status}
      />
      {v.status !== 'wacht' && (
        <TextField
          name={`wl-statusDate-${id}`}
          label={v.status === 'gestart' ? 'Zorg gestart op' : 'Vervallen op'}
          type="date"
          required
          value={v.statusDate}
          onChange={(x) => set('statusDate', x)}
          error={errors.statusDate}
        />
      )}
      <div className="request-confirm-buttons">
        <button type="submit" className="primary-button" disabled={saving}>
          {saving ? 'Bezig met opslaan…' : 'Verwijzing opslaan'}
        </button>
        <button type="button" className="secondary-button" onClick={onDone}>
          Annuleren
        </button>
      </div>
    </form>
  );
}
