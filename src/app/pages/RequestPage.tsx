import { IonContent, IonPage, useIonToast } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isOpenRequest, type ConsultationNote, type ConsultationRequest, type FieldErrors, type Pupil } from '../../domain';
import { canWriteRecord, keepsDossiers, type Actor } from '../../domain/permissions';
import { belowHeader } from '../components/belowHeader';
import { useSession, type Session } from '../auth/session';
import { db } from '../db/db';
import { ValidationError } from '../db/records';
import { answerRequest, closeRequest, ownNote, planRequest, statusHistory, withdrawRequest } from '../db/requests';
import { ConflictList } from '../components/ConflictList';
import { SelectField, TextArea, TextField } from '../components/fields';
import { Loading, NotFound } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { formatInstant, formatPlanned, RequestStatusChip, RequestUrgency, requestSubject } from '../components/RequestItem';
import { useDraftForm } from '../components/useDraftForm';
import { consentLabels, requestChannelLabels, requestStatusLabels, themeLabels } from '../i18n/nl';
import { pupilLabel, todayIso } from '../i18n/format';

function actorOf(session: Session): Actor {
  return { id: session.user.id, role: session.user.role, schoolIds: session.user.schools.map((s) => s.id) };
}

/** May this user make this change to the request? The same rule the server applies (permissions.ts). */
function may(actor: Actor, r: ConsultationRequest, changes: Record<string, unknown>): boolean {
  return canWriteRecord(actor, {
    entity: 'consultationRequest',
    schoolId: r.schoolId,
    kind: 'update',
    changes,
    current: { createdBy: r.createdBy, values: r as unknown as Record<string, unknown> },
  }).ok;
}

function errorText(e: unknown): FieldErrors {
  return e instanceof ValidationError ? e.fields : { _: `Opslaan is niet gelukt: ${String(e)}` };
}

/** /vragen/:id: the question, its status history and what this user may do with it. */
export default function RequestPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const userId = session?.user.id ?? '';
  const data = useLiveQuery(async () => {
    const request = await db.consultationRequests.get(id);
    const note = request && userId ? await ownNote(db, id, userId) : undefined;
    const pupils = request ? (await db.pupils.where('schoolId').equals(request.schoolId).toArray()).filter((p) => !p.deleted) : [];
    return { request, note, pupils };
  }, [id, userId]);
  if (!session || data === undefined) return <Loading />;
  const r = data.request;
  if (!r || r.deleted) return <NotFound what="Consultatievraag" />;
  const actor = actorOf(session);
  const school = session.user.schools.find((s) => s.id === r.schoolId);
  const isProfessional = keepsDossiers(actor.role);

  return (
    <IonPage>
      <PageHeader title="Consultatievraag" back={isProfessional ? '/consultaties' : '/vragen'} />
      <IonContent className="ion-padding">
        <ConflictList entity="consultationRequest" recordId={r.id} />
        <section aria-labelledby="request-title" className="request-detail">
          <p className="record-meta">
            <RequestStatusChip status={r.status} />
            {/* Urgency is about waiting: once answered, closed or withdrawn it says nothing. */}
            {isOpenRequest(r) && <RequestUrgency urgency={r.urgency} />}
            {r.version === 0 && <span className="badge badge-local">Nog niet verstuurd</span>}
          </p>
          <h2 id="request-title">
            {requestSubject(r)} · {themeLabels[r.topic]}
          </h2>
          <p className="request-question">{r.question}</p>
          <dl className="facts">
            {school && (
              <>
                <dt>School</dt>
                <dd>{school.name}</dd>
              </>
            )}
            <dt>Leerling</dt>
            <dd>{requestSubject(r)}</dd>
            <dt>Ouders</dt>
            <dd>{consentLabels[r.consent]}</dd>
            <dt>Contact</dt>
            <dd>{requestChannelLabels[r.preferredChannel]}</dd>
            <dt>Voorkeur</dt>
            <dd>{r.preferredMoment || 'Geen voorkeursmoment genoemd'}</dd>
            {r.plannedDate && (
              <>
                <dt>Afspraak</dt>
                <dd>{formatPlanned(r)}</dd>
              </>
            )}
          </dl>
        </section>

        {(r.status === 'beantwoord' || r.status === 'afgesloten') && r.adviceForSchool && (
          <section aria-labelledby="advice-title" className="request-advice-card">
            <h2 id="advice-title">Advies voor school</h2>
            <p>{r.adviceForSchool}</p>
          </section>
        )}

        {isProfessional ? (
          <ProfessionalActions actor={actor} r={r} note={data.note} pupils={data.pupils} />
        ) : (
          <SchoolActions actor={actor} r={r} />
        )}

        <section aria-labelledby="history-title">
          <h2 id="history-title">Verloop</h2>
          <ol className="request-history">
            {statusHistory(r).map((s) => (
              <li key={s.status}>
                <strong>{requestStatusLabels[s.status]}</strong> <span>{formatInstant(s.at)}</span>
              </li>
            ))}
          </ol>
        </section>
      </IonContent>
    </IonPage>
  );
}

/** The IB'er: change the question while nieuw, withdraw it while not yet answered. */
function SchoolActions({ actor, r }: { actor: Actor; r: ConsultationRequest }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [toast] = useIonToast();
  const canEdit = r.status === 'nieuw' && may(actor, r, { question: r.question });
  const canWithdraw = (r.status === 'nieuw' || r.status === 'ingepland') && may(actor, r, { status: 'teruggetrokken', withdrawnAt: new Date().toISOString() });
  if (!canEdit && !canWithdraw) return null;

  async function withdraw() {
    setError(null);
    try {
      await withdrawRequest(db, r.id, { userId: actor.id });
      setConfirming(false);
      void toast({ message: 'Vraag teruggetrokken', duration: 2500, position: 'top', positionAnchor: belowHeader() });
    } catch (e) {
      setError(Object.values(errorText(e)).join(' '));
    }
  }

  return (
    <section aria-label="Acties" className="request-actions">
      {canEdit && (
        <Link to={`/vragen/${r.id}/wijzigen`} className="secondary-button">
          Vraag wijzigen
        </Link>
      )}
      {canWithdraw && !confirming && (
        <button type="button" className="secondary-button danger" onClick={() => setConfirming(true)}>
          Vraag terugtrekken
        </button>
      )}
      {confirming && (
        <div className="notice request-confirm" role="alertdialog" aria-labelledby="withdraw-q">
          <p id="withdraw-q">Weet je zeker dat je deze vraag wilt terugtrekken? De jeugdprofessional ziet dat de vraag is teruggetrokken.</p>
          <div className="request-confirm-buttons">
            <button type="button" className="primary-button" onClick={() => void withdraw()}>
              Ja, terugtrekken
            </button>
            <button type="button" className="secondary-button" onClick={() => setConfirming(false)}>
              Nee, laten staan
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </section>
  );
}

/** The jeugdprofessional: plan, answer (shared advice + private note), follow up, close. */
function ProfessionalActions({ actor, r, note, pupils }: { actor: Actor; r: ConsultationRequest; note: ConsultationNote | undefined; pupils: Pupil[] }) {
  const [toast] = useIonToast();
  const [closeError, setCloseError] = useState<string | null>(null);
  if (r.status === 'teruggetrokken') {
    return <p className="notice">School heeft deze vraag teruggetrokken. Je hoeft er niets meer mee te doen.</p>;
  }
  const canPlan = (r.status === 'nieuw' || r.status === 'ingepland') && may(actor, r, { status: 'ingepland', plannedDate: todayIso() });
  const canAnswer = may(actor, r, { adviceForSchool: 'x', status: 'beantwoord' });
  const canClose = r.status === 'beantwoord' && may(actor, r, { status: 'afgesloten', closedAt: new Date().toISOString() });
  const pupilParam = note?.pupilId ? `&leerling=${note.pupilId}` : '';

  async function close() {
    setCloseError(null);
    try {
      await closeRequest(db, r.id, { userId: actor.id });
      void toast({ message: 'Vraag afgesloten', duration: 2500, position: 'top', positionAnchor: belowHeader() });
    } catch (e) {
      setCloseError(Object.values(errorText(e)).join(' '));
    }
  }

  return (
    <>
      {canPlan && <PlanForm key={`plan:${r.version}`} r={r} userId={actor.id} />}
      {canAnswer && <AnswerForm key={`answer:${r.version}:${note?.version ?? ''}`} r={r} note={note} pupils={pupils} userId={actor.id} />}
      <section aria-labelledby="follow-title" className="request-actions">
        <h2 id="follow-title">Vervolg</h2>
        <Link to={`/signaal/nieuw?vraag=${r.id}${pupilParam}`} className="secondary-button">
          Maak er een signaal van
        </Link>
        <Link to={`/contactmoment/nieuw?vraag=${r.id}${pupilParam}`} className="secondary-button">
          Maak er een contactmoment van
        </Link>
        {canClose && (
          <button type="button" className="secondary-button" onClick={() => void close()}>
            Afsluiten
          </button>
        )}
        {closeError && (
          <p role="alert" className="field-error">
            {closeError}
          </p>
        )}
      </section>
    </>
  );
}

function FormErrors({ errors }: { errors: FieldErrors }) {
  const general = errors._;
  return (
    <div role="alert" className={general ? 'error-summary' : 'visually-hidden'}>
      {general && <p>{general}</p>}
    </div>
  );
}

function PlanForm({ r, userId }: { r: ConsultationRequest; userId: string }) {
  const form = useDraftForm(`request-plan:${r.id}`, { plannedDate: r.plannedDate ?? '', plannedTime: r.plannedTime ?? '' });
  const { values: v, set, errors, setErrors } = form;
  const [toast] = useIonToast();
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    // Before the save's transaction: the draft takes the last keystrokes (see useDraftForm saveStarted).
    form.saveStarted();
    try {
      await planRequest(db, r.id, { date: v.plannedDate, time: v.plannedTime }, { userId, draftKey: `request-plan:${r.id}` });
      form.markSaved();
      void toast({ message: `Ingepland op ${formatPlanned({ plannedDate: v.plannedDate, plannedTime: v.plannedTime })}`, duration: 2500, position: 'top', positionAnchor: belowHeader() });
    } catch (err) {
      form.saveEnded();
      setErrors(errorText(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">{r.status === 'ingepland' ? 'Afspraak wijzigen' : 'Inplannen'}</h2>
      <form className="record-form" onSubmit={(e) => void submit(e)} noValidate>
        <FormErrors errors={errors} />
        <div className="field-row">
          <TextField name="plannedDate" label="Datum" type="date" required value={v.plannedDate} onChange={(x) => set('plannedDate', x)} error={errors.plannedDate} />
          <TextField name="plannedTime" label="Tijd" type="time" required value={v.plannedTime} onChange={(x) => set('plannedTime', x)} error={errors.plannedTime} />
        </div>
        <button type="submit" className="primary-button" disabled={saving}>
          {saving ? 'Bezig met opslaan…' : r.status === 'ingepland' ? 'Afspraak opslaan' : 'Inplannen'}
        </button>
      </form>
    </section>
  );
}

function AnswerForm({ r, note, pupils, userId }: { r: ConsultationRequest; note: ConsultationNote | undefined; pupils: Pupil[]; userId: string }) {
  const draftKey = `request-answer:${r.id}`;
  const form = useDraftForm(draftKey, { adviceForSchool: r.adviceForSchool, note: note?.note ?? '', pupilId: note?.pupilId ?? '' });
  const { values: v, set, errors, setErrors } = form;
  const [toast] = useIonToast();
  const [saving, setSaving] = useState(false);
  const answered = r.answeredAt !== null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    form.saveStarted();
    try {
      await answerRequest(db, r.id, { advice: v.adviceForSchool, note: v.note, pupilId: v.pupilId || null }, { userId, draftKey });
      form.markSaved();
      void toast({ message: answered ? 'Antwoord bijgewerkt' : 'Vraag beantwoord. School ziet het advies na synchronisatie.', duration: 2500, position: 'top', positionAnchor: belowHeader() });
    } catch (err) {
      form.saveEnded();
      setErrors(errorText(err));
    }
    setSaving(false);
  }

  const sorted = [...pupils].sort((a, b) => a.initials.localeCompare(b.initials, 'nl'));
  return (
    <section aria-labelledby="answer-title">
      <h2 id="answer-title">{answered ? 'Antwoord' : 'Beantwoorden'}</h2>
      <form className="record-form" onSubmit={(e) => void submit(e)} noValidate>
        {form.restoredAt && (
          <div className="notice" role="status">
            <p>Je niet-opgeslagen antwoord is teruggezet.</p>
            <button type="button" className="link-button" onClick={() => void form.discard()}>
              Concept weggooien
            </button>
          </div>
        )}
        <FormErrors errors={errors} />
        <fieldset className="subform request-shared">
          <legend>Advies voor school</legend>
          <p className="field-hint">
            <strong>Gedeeld met school:</strong> de IB'er die de vraag stelde leest dit.
          </p>
          <TextArea name="adviceForSchool" label="Advies voor school" required value={v.adviceForSchool} onChange={(x) => set('adviceForSchool', x)} error={errors.adviceForSchool} rows={5} />
        </fieldset>
        <fieldset className="subform request-private">
          <legend>Eigen aantekening</legend>
          <p className="field-hint">
            <strong>Alleen voor jou zichtbaar.</strong> Gaat nooit naar school.
          </p>
          <TextArea name="note" label="Eigen aantekening" value={v.note} onChange={(x) => set('note', x)} error={errors.note} rows={4} />
          <SelectField
            name="pupilId"
            label="Koppel aan leerling"
            value={v.pupilId}
            onChange={(x) => set('pupilId', x)}
            options={sorted.map((p) => [p.id, pupilLabel(p)] as const)}
            placeholder="Geen leerling gekoppeld"
            error={errors.pupilId}
            hint="Een leerling uit je eigen caseload. School ziet deze koppeling niet."
          />
        </fieldset>
        <button type="submit" className="primary-button" disabled={saving}>
          {saving ? 'Bezig met opslaan…' : answered ? 'Antwoord opslaan' : 'Beantwoorden'}
        </button>
      </form>
    </section>
  );
}
