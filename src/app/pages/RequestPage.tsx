import { IonContent, IonPage, useIonToast } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  consentFor,
  isOpenRequest,
  type Consent,
  type ConsultationNote,
  type ConsultationRequest,
  type FieldErrors,
  type Pupil,
} from '../../domain';
import { canWriteRecord, keepsDossiers, type Actor } from '../../domain/permissions';
import { belowHeader } from '../components/belowHeader';
import { currentSession, useSession, type Session } from '../auth/session';
import { db } from '../db/db';
import { ValidationError } from '../db/records';
import { answerRequest, closeRequest, ownNote, planRequest, sharingOf, statusHistory, withdrawRequest } from '../db/requests';
import { consentsOfPupil } from '../db/consents';
import { markNoticeSeen } from '../db/notices';
import { ConsentFormView, shortDay } from '../components/ConsentSection';
import { ConflictList } from '../components/ConflictList';
import { ChoiceField, SelectField, TextArea, TextField } from '../components/fields';
import { Loading, NotFound } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { formatInstant, formatPlanned, RequestStatusChip, RequestUrgency, requestSubject } from '../components/RequestItem';
import { useDraftForm } from '../components/useDraftForm';
import { consentLabels, requestChannelLabels, requestStatusLabels, sharingBasisLabels, themeLabels } from '../i18n/nl';
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
  // The IB'er opened the answer: its notice and the tab badge go away.
  const answeredAt = data?.request?.answeredAt;
  const seesAnswer = Boolean(session && !keepsDossiers(session.user.role) && answeredAt);
  useEffect(() => {
    if (seesAnswer && answeredAt) void markNoticeSeen(db, 'answer', id, answeredAt);
  }, [seesAnswer, answeredAt, id]);
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
            {isProfessional && r.askedByName && (
              <>
                <dt>Gevraagd door</dt>
                <dd>
                  <RequestPerson name={r.askedByName} role="ib" schoolId={r.schoolId} />
                </dd>
              </>
            )}
            {!isProfessional && r.handledByName && (
              <>
                <dt>{r.answeredAt ? 'Beantwoord door' : 'Opgepakt door'}</dt>
                <dd>
                  <RequestPerson name={r.handledByName} role="jeugdprofessional" schoolId={r.schoolId} />
                </dd>
              </>
            )}
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
            {r.sharingBasis && (
              <p className="field-hint">
                Gedeeld op grond van: {sharingBasisLabels[r.sharingBasis].toLowerCase()}
                {r.sharingBasis === 'meldcode' && r.sharingReason ? `. Reden: ${r.sharingReason}` : ''}
              </p>
            )}
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

/** How a person on a request is named after their name: the IB'er by their organisation when the directory has it. */
const personRoleText = {
  ib: (organisation: string) => (organisation || "IB'er of zorgcoördinator").toLowerCase(),
  jeugdprofessional: () => 'jeugdprofessional',
} as const;

/**
 * Who asked or answered: the name on the request, their role, and a tap-to-call number when the
 * school's directory (already on the device for this role) has them under that name.
 */
function RequestPerson({ name, role, schoolId }: { name: string; role: 'ib' | 'jeugdprofessional'; schoolId: string }) {
  const entry = useLiveQuery(async () => {
    const rows = await db.contactPersons.where('role').equals(role).toArray();
    const same = rows.filter((p) => !p.deleted && p.name.trim().toLowerCase() === name.trim().toLowerCase());
    return same.find((p) => p.schoolId === schoolId) ?? same[0] ?? null;
  }, [name, role, schoolId]);
  const phone = entry?.phone;
  return (
    <>
      {name} · {personRoleText[role](entry?.organisation ?? '')}
      {phone && (
        <>
          {' · '}
          <a href={`tel:${phone.replace(/[^+\d]/g, '')}`}>
            {phone}
            <span className="visually-hidden"> bellen</span>
          </a>
        </>
      )}
    </>
  );
}

/** The IB'er: change the question while nieuw, withdraw it while not yet answered. */
function SchoolActions({ actor, r }: { actor: Actor; r: ConsultationRequest }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [toast] = useIonToast();
  const canEdit = r.status === 'nieuw' && may(actor, r, { question: r.question });
  const canWithdraw =
    (r.status === 'nieuw' || r.status === 'ingepland') &&
    may(actor, r, { status: 'teruggetrokken', withdrawnAt: new Date().toISOString() });
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
          <p id="withdraw-q">
            Weet je zeker dat je deze vraag wilt terugtrekken? De jeugdprofessional ziet dat de vraag is teruggetrokken.
          </p>
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
function ProfessionalActions({
  actor,
  r,
  note,
  pupils,
}: {
  actor: Actor;
  r: ConsultationRequest;
  note: ConsultationNote | undefined;
  pupils: Pupil[];
}) {
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
      await planRequest(
        db,
        r.id,
        { date: v.plannedDate, time: v.plannedTime },
        { userId, userName: currentSession()?.user.name, draftKey: `request-plan:${r.id}` },
      );
      form.markSaved();
      void toast({
        message: `Ingepland op ${formatPlanned({ plannedDate: v.plannedDate, plannedTime: v.plannedTime })}`,
        duration: 2500,
        position: 'top',
        positionAnchor: belowHeader(),
      });
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
          <TextField
            name="plannedDate"
            label="Datum"
            type="date"
            required
            value={v.plannedDate}
            onChange={(x) => set('plannedDate', x)}
            error={errors.plannedDate}
          />
          <TextField
            name="plannedTime"
            label="Tijd"
            type="time"
            required
            value={v.plannedTime}
            onChange={(x) => set('plannedTime', x)}
            error={errors.plannedTime}
          />
        </div>
        <button type="submit" className="primary-button" disabled={saving}>
          {saving ? 'Bezig met opslaan…' : r.status === 'ingepland' ? 'Afspraak opslaan' : 'Inplannen'}
        </button>
      </form>
    </section>
  );
}

/**
 * The pupil the request is about, as far as the device can tell: the one linked on the private
 * note, or else the only pupil of that school with the initials and group the school gave.
 */
function guessPupil(r: ConsultationRequest, pupils: Pupil[]): string {
  if (r.anonymous) return '';
  const norm = (x: string) => x.replace(/[\s.]/g, '').toLowerCase();
  const same = pupils.filter((p) => norm(p.initials) === norm(r.pupilInitials) && (!r.pupilGroup || norm(p.group) === norm(r.pupilGroup)));
  return same.length === 1 ? (same[0]?.id ?? '') : '';
}

function AnswerForm({
  r,
  note,
  pupils,
  userId,
}: {
  r: ConsultationRequest;
  note: ConsultationNote | undefined;
  pupils: Pupil[];
  userId: string;
}) {
  const draftKey = `request-answer:${r.id}`;
  const form = useDraftForm(draftKey, {
    adviceForSchool: r.adviceForSchool,
    note: note?.note ?? '',
    pupilId: note?.pupilId ?? guessPupil(r, pupils),
    sharingBasis: r.sharingBasis && r.sharingBasis !== 'toestemming' ? r.sharingBasis : '',
    sharingReason: r.sharingReason ?? '',
  });
  const { values: v, set, errors, setErrors } = form;
  const [toast] = useIonToast();
  const [saving, setSaving] = useState(false);
  const [recording, setRecording] = useState(false);
  const answered = r.answeredAt !== null;
  const today = todayIso();
  const pupil = pupils.find((p) => p.id === v.pupilId);
  // The register is what the check reads: a valid consent for school about this topic (or all).
  const consents = useLiveQuery(async () => (v.pupilId ? consentsOfPupil(db, v.pupilId) : []), [v.pupilId]);
  const consent = pupil && consents ? consentFor(consents, pupil.birthYear, 'school', today, { topic: r.topic }) : null;
  const checkNeeded = !r.anonymous;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const shared = sharingOf(r, { linked: Boolean(pupil), consent: consent !== null }, { basis: v.sharingBasis, reason: v.sharingReason });
    if ('errors' in shared) {
      setErrors(shared.errors);
      return;
    }
    setSaving(true);
    form.saveStarted();
    try {
      await answerRequest(
        db,
        r.id,
        { advice: v.adviceForSchool, note: v.note, pupilId: v.pupilId || null, sharing: shared.sharing },
        { userId, userName: currentSession()?.user.name, draftKey },
      );
      form.markSaved();
      void toast({
        message: answered ? 'Antwoord bijgewerkt' : 'Vraag beantwoord. School ziet het advies na synchronisatie.',
        duration: 2500,
        position: 'top',
        positionAnchor: belowHeader(),
      });
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
      {/* Outside the answer form: a form in a form is not allowed. Saved, it feeds the check at once. */}
      {recording && pupil && (
        <ConsentFormView pupil={pupil} today={today} initial={{ party: 'school' }} onDone={() => setRecording(false)} />
      )}
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
        <fieldset className="subform request-private">
          <legend>Over welke leerling?</legend>
          <p className="field-hint">
            <strong>Alleen voor jou zichtbaar.</strong> School ziet deze koppeling niet.
          </p>
          <SelectField
            name="pupilId"
            label="Koppel aan leerling"
            value={v.pupilId}
            onChange={(x) => set('pupilId', x)}
            options={sorted.map((p) => [p.id, pupilLabel(p)] as const)}
            placeholder="Geen leerling gekoppeld"
            error={errors.pupilId}
            hint={
              r.anonymous
                ? 'Een leerling uit je eigen caseload.'
                : `School noemt: ${requestSubject(r)}. Koppel de leerling, dan controleert de app de toestemming.`
            }
          />
        </fieldset>
        {checkNeeded && consents !== undefined && (
          <SharingCheck
            r={r}
            pupil={pupil}
            consent={consent}
            basis={v.sharingBasis}
            reason={v.sharingReason}
            onBasis={(x) => set('sharingBasis', x)}
            onReason={(x) => set('sharingReason', x)}
            errors={errors}
            recording={recording}
            setRecording={setRecording}
            today={today}
          />
        )}
        <fieldset className="subform request-shared">
          <legend>Advies voor school</legend>
          <p className="field-hint">
            <strong>Gedeeld met school:</strong> de IB'er die de vraag stelde leest dit.
          </p>
          <TextArea
            name="adviceForSchool"
            label="Advies voor school"
            required
            value={v.adviceForSchool}
            onChange={(x) => set('adviceForSchool', x)}
            error={errors.adviceForSchool}
            rows={5}
          />
        </fieldset>
        <fieldset className="subform request-private">
          <legend>Eigen aantekening</legend>
          <p className="field-hint">
            <strong>Alleen voor jou zichtbaar.</strong> Gaat nooit naar school.
          </p>
          <TextArea name="note" label="Eigen aantekening" value={v.note} onChange={(x) => set('note', x)} error={errors.note} rows={4} />
        </fieldset>
        <button type="submit" className="primary-button" disabled={saving}>
          {saving ? 'Bezig met opslaan…' : answered ? 'Antwoord opslaan' : 'Beantwoorden'}
        </button>
      </form>
    </section>
  );
}

/**
 * The consent check where the advice is shared with school: a valid consent for school in the
 * register, or a plain warning with what is allowed without one. The choice is the professional's.
 */
function SharingCheck(props: {
  r: ConsultationRequest;
  pupil: Pupil | undefined;
  consent: Consent | null;
  basis: string;
  reason: string;
  onBasis: (x: string) => void;
  onReason: (x: string) => void;
  errors: FieldErrors;
  recording: boolean;
  setRecording: (x: boolean) => void;
  today: string;
}) {
  const { r, pupil, consent, errors, today } = props;
  if (pupil && consent) {
    return (
      <p className="notice consent-ok" role="status">
        Toestemming voor school: geldig{consent.validUntil ? ` tot ${shortDay(consent.validUntil, today)}` : ''}. Je mag het advies over{' '}
        {pupil.initials} met school delen.
      </p>
    );
  }
  return (
    <fieldset className="subform sharing-check">
      <legend>Toestemming om te delen</legend>
      <p role="status">
        {pupil
          ? `Er is geen geldige toestemming om over ${pupil.initials} met school te delen${r.topic ? ` (onderwerp: ${themeLabels[r.topic].toLowerCase()})` : ''}.`
          : 'Er is geen leerling gekoppeld, dus de app kan de toestemming niet controleren.'}{' '}
        Deel dan geen gegevens over de leerling. Kies wat je doet.
      </p>
      {pupil && r.consent === 'toestemming' && !props.recording && (
        <div className="notice">
          <p>School meldt: {consentLabels.toestemming.toLowerCase()}. Leg de toestemming vast, dan mag je delen.</p>
          <button type="button" className="secondary-button" onClick={() => props.setRecording(true)}>
            Toestemming vastleggen
          </button>
        </div>
      )}
      {!props.recording && (
        <>
          <ChoiceField
            name="sharingBasis"
            label="Hoe deel je het advies?"
            required
            value={props.basis}
            onChange={props.onBasis}
            options={(['algemeen', 'gevraagd', 'meldcode'] as const).map((b) => [b, sharingBasisLabels[b]] as const)}
            error={errors.sharingBasis}
          />
          {props.basis === 'meldcode' && (
            <TextArea
              name="sharingReason"
              label="Waarom deel je op grond van de Meldcode?"
              required
              value={props.reason}
              onChange={props.onReason}
              error={errors.sharingReason}
              hint="School leest deze reden bij het advies."
              rows={3}
            />
          )}
        </>
      )}
    </fieldset>
  );
}
