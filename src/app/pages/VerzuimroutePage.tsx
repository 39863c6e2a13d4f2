import { IonContent, IonPage, useIonToast } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  absenceEntryInputSchema,
  absenceEntryKinds,
  dateInAmsterdam,
  fieldErrors,
  involvesLeerplicht,
  nextReview,
  openRouteStep,
  planGoals,
  routeOutcomes,
  routeStepSchema,
  routeSteps,
  stepOfThreshold,
  verzuimPicture,
  type AbsenceEntry,
  type FieldErrors,
  type RouteStepKey,
  type Verzuimroute,
} from '../../domain';
import { keepsDossiers, setsRouteStep } from '../../domain/permissions';
import { currentSession } from '../auth/session';
import { Loading, NotFound } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { ChoiceField, FieldScope, SelectField, TextArea, TextField } from '../components/fields';
import { ErrorSummary, StepDateWho } from '../components/subform';
import { db } from '../db/db';
import { createRecord, updateRecord, ValidationError } from '../db/records';
import { absencesOfPupil, routeOfPupil, startRoute, verzuimSettingsOf } from '../db/verzuim';
import { formatDate, pupilLabel, todayIso } from '../i18n/format';
import { absenceEntryKindLabels, planGoalLabels, routeOutcomeLabels, verzuimStepLabels } from '../i18n/nl';
import { currentUserId } from '../auth/session';
import './Verzuim.css';

const role = () => currentSession()?.user.role;
const keepsDossier = () => {
  const r = role();
  return !!r && keepsDossiers(r);
};
/** The steps this user may set: the school's side all, leerplicht only its own (permissions.ts). */
const maySet = (key: RouteStepKey) => {
  const r = role();
  return !!r && setsRouteStep(r, key);
};

/** /verzuim/:pupilId — a pupil's verzuim, the thresholds crossed, the route and the plan back to school. */
export default function VerzuimroutePage() {
  const { pupilId = '' } = useParams();
  const data = useLiveQuery(async () => {
    const pupil = (await db.pupils.get(pupilId)) ?? null;
    if (!pupil) return { pupil: null } as const;
    const [entries, route, settings] = await Promise.all([absencesOfPupil(db, pupilId), routeOfPupil(db, pupilId), verzuimSettingsOf(db)]);
    return { pupil, entries, route, settings };
  }, [pupilId]);

  if (data === undefined) return <Loading />;
  if (data.pupil === null) return <NotFound what="Leerling" />;
  const { pupil, entries, route, settings } = data;
  const today = dateInAmsterdam(new Date());
  const picture = verzuimPicture(entries, today, settings);
  const open = route ? openRouteStep(route, today, settings) : null;
  const back = keepsDossier() ? `/leerlingen/${pupil.id}` : '/verzuim';

  return (
    <IonPage>
      <PageHeader title="Verzuim en route" back={back} />
      <IonContent className="ion-padding verzuim-route">
        <div className="pupil-card">
          <p>
            {keepsDossier() ? <Link to={`/leerlingen/${pupil.id}`}>Leerling {pupilLabel(pupil)}</Link> : <>Leerling {pupilLabel(pupil)}</>}
          </p>
          <p role="status" className="verzuim-status">
            {picture.exemption
              ? `${absenceEntryKindLabels[picture.exemption]}: de thuiszitterstermijn telt niet.`
              : picture.thuiszitter
                ? `Thuiszitter: afwezig sinds ${formatDate(picture.absentSince ?? today)}.`
                : picture.absentSince
                  ? `Afwezig sinds ${formatDate(picture.absentSince)}.`
                  : 'Nu niet afwezig.'}
          </p>
        </div>

        {picture.crossed.length > 0 && (
          <section aria-labelledby="drempels">
            <h2 id="drempels">Signalen uit het verzuimprotocol</h2>
            <ul className="verzuim-thresholds">
              {picture.crossed.map((c) => {
                const step = stepOfThreshold[c.step];
                const done = route?.[step];
                return (
                  <li key={c.step}>
                    <strong>{verzuimStepLabels[c.step]}</strong> sinds {formatDate(c.since)}.{' '}
                    {done
                      ? `Stap "${titleOf(step)}" is ${done.status === 'gedaan' ? 'gedaan' : 'overgeslagen'}.`
                      : `Volgende stap: ${titleOf(step)}.`}
                  </li>
                );
              })}
            </ul>
          </section>
        )}

        <section aria-labelledby="verzuim-lijst">
          <h2 id="verzuim-lijst">Verzuim</h2>
          {entries.length === 0 ? <p className="empty">Nog geen verzuim vastgelegd.</p> : <EntryList entries={entries} />}
          {keepsDossier() && <EntryForm pupilId={pupil.id} schoolId={pupil.schoolId} />}
        </section>

        <section aria-labelledby="route">
          <h2 id="route">Route</h2>
          {!route ? (
            keepsDossier() ? (
              <button
                type="button"
                className="primary-button block"
                onClick={() => void startRoute(db, pupil, todayIso(), currentUserId())}
              >
                Route starten
              </button>
            ) : (
              <p className="empty">Er is nog geen route.</p>
            )
          ) : (
            <>
              {route.outcome && route.outcomeDate && (
                <p className="notice" role="status">
                  Route afgesloten op {formatDate(route.outcomeDate)}: {routeOutcomeLabels[route.outcome]}
                  {route.outcome === 'terug_op_school' && route.outcomeSchool ? `, ${route.outcomeSchool}` : ''}
                  {route.outcome === 'terug_op_school' && route.outcomeHours !== null ? `, ${route.outcomeHours} uur per week` : ''}.
                </p>
              )}
              {open?.reminder && (
                <div className="meldcode-reminder" role="alert">
                  <p>
                    <strong>Herinnering:</strong> "{titleOf(open.step)}" staat al {open.daysOpen} dagen open (sinds{' '}
                    {formatDate(open.openSince)}).
                  </p>
                </div>
              )}
              <ol className="meldcode-steps">
                {routeSteps.map(({ key, title }) => (
                  <RouteStepItem key={key} route={route} stepKey={key} title={title} isOpen={open?.step === key} />
                ))}
              </ol>
              <PlanSection route={route} />
            </>
          )}
        </section>
      </IonContent>
    </IonPage>
  );
}

const titleOf = (key: RouteStepKey) => routeSteps.find((s) => s.key === key)?.title ?? key;

function EntryList({ entries }: { entries: AbsenceEntry[] }) {
  return (
    <ul className="verzuim-entries">
      {entries.map((e) => (
        <li key={e.id}>
          <strong>{absenceEntryKindLabels[e.kind]}</strong>: {formatDate(e.from)}
          {e.to === null ? ' tot nu' : e.to !== e.from ? ` tot en met ${formatDate(e.to)}` : ''}
          {e.hours !== null ? `, ${e.hours} uur` : ''}
          {e.kind === 'ziek' && e.couldAttend ? ' (kan volgens de jeugdarts deels naar school)' : ''}
          {e.note && <span className="verzuim-note"> · {e.note}</span>}
        </li>
      ))}
    </ul>
  );
}

function EntryForm({ pupilId, schoolId }: { pupilId: string; schoolId: string }) {
  const scope = useId();
  const [toast] = useIonToast();
  const empty = { kind: 'ongeoorloofd', from: todayIso(), to: todayIso(), hours: '', couldAttend: false, note: '' };
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (k: keyof typeof empty, x: string | boolean) => setV((old) => ({ ...old, [k]: x }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = {
      pupilId,
      kind: v.kind,
      from: v.from,
      to: v.to === '' ? null : v.to,
      hours: v.hours.trim() === '' ? null : Number(v.hours.replace(',', '.')),
      note: v.note,
      ...(v.kind === 'ziek' ? { couldAttend: v.couldAttend } : {}),
    };
    const parsed = absenceEntryInputSchema.safeParse(input);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    try {
      await createRecord(db, 'absence', parsed.data, { userId: currentUserId(), schoolId });
      setErrors({});
      setV(empty);
      void toast({ message: 'Verzuim vastgelegd', duration: 2500, position: 'top' });
    } catch (err) {
      setErrors(err instanceof ValidationError ? err.fields : { _: `Opslaan is niet gelukt: ${String(err)}` });
    }
  }

  return (
    <form className="subform" onSubmit={(e) => void submit(e)} noValidate aria-label="Verzuim vastleggen">
      <FieldScope value={scope}>
        <h3>Verzuim vastleggen</h3>
        <ErrorSummary errors={errors} />
        <SelectField
          name="kind"
          label="Soort"
          required
          value={v.kind}
          onChange={(x) => set('kind', x)}
          options={absenceEntryKinds.map((k) => [k, absenceEntryKindLabels[k]] as const)}
          error={errors.kind}
        />
        <div className="field-row">
          <TextField
            name="from"
            label="Eerste dag"
            type="date"
            required
            value={v.from}
            onChange={(x) => set('from', x)}
            error={errors.from}
          />
          <TextField
            name="to"
            label="Laatste dag"
            type="date"
            value={v.to}
            onChange={(x) => set('to', x)}
            error={errors.to}
            hint="Leeg: nog steeds afwezig."
          />
        </div>
        <TextField
          name="hours"
          label="Gemiste lesuren"
          inputMode="text"
          value={v.hours}
          onChange={(x) => set('hours', x)}
          error={errors.hours}
          hint="Totaal over deze dagen. Leeg: elke schooldag telt als een hele dag."
        />
        {v.kind === 'ziek' && (
          <div className="field">
            <label>
              <input type="checkbox" checked={v.couldAttend} onChange={(e) => set('couldAttend', e.target.checked)} /> Volgens de jeugdarts
              kan de leerling (deels) naar school
            </label>
          </div>
        )}
        <TextArea name="note" label="Notitie" rows={2} value={v.note} onChange={(x) => set('note', x)} error={errors.note} />
        <button type="submit" className="secondary-button">
          Verzuim opslaan
        </button>
      </FieldScope>
    </form>
  );
}

function RouteStepItem({ route, stepKey, title, isOpen }: { route: Verzuimroute; stepKey: RouteStepKey; title: string; isOpen: boolean }) {
  const set = route[stepKey];
  const [editing, setEditing] = useState(false);
  const closed = route.outcome !== null;
  return (
    <li
      className={`meldcode-step${set ? (set.status === 'gedaan' ? ' is-done' : ' is-skipped') : isOpen ? ' is-open' : ' is-later'}`}
      aria-current={isOpen ? 'step' : undefined}
    >
      <h3>{title}</h3>
      {set ? (
        <>
          <p className="meldcode-done">
            {set.status === 'gedaan' ? 'Gedaan' : 'Overgeslagen'} op {formatDate(set.date)} door {set.who}
          </p>
          {set.note && <p className="meldcode-note">{set.status === 'overgeslagen' ? `Reden: ${set.note}` : set.note}</p>}
        </>
      ) : editing ? (
        <StepForm route={route} stepKey={stepKey} title={title} onDone={() => setEditing(false)} />
      ) : closed ? (
        <p className="empty">Niet gezet: de route is afgesloten.</p>
      ) : maySet(stepKey) ? (
        <button type="button" className="secondary-button" onClick={() => setEditing(true)} aria-label={`${title}: vastleggen`}>
          Vastleggen
        </button>
      ) : (
        <p className="empty">Open: de school zet deze stap.</p>
      )}
    </li>
  );
}

function StepForm({ route, stepKey, title, onDone }: { route: Verzuimroute; stepKey: RouteStepKey; title: string; onDone: () => void }) {
  const scope = useId();
  const [toast] = useIonToast();
  const [v, setV] = useState({ status: 'gedaan', date: todayIso(), who: currentSession()?.user.name ?? '', note: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (k: keyof typeof v, x: string) => setV((old) => ({ ...old, [k]: x }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = routeStepSchema.safeParse(v);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    try {
      await updateRecord(db, 'verzuimroute', route.id, { [stepKey]: parsed.data }, { userId: currentUserId() });
      void toast({ message: `${title}: ${v.status}`, duration: 2500, position: 'top' });
      onDone();
    } catch (err) {
      setErrors(err instanceof ValidationError ? err.fields : { _: `Opslaan is niet gelukt: ${String(err)}` });
    }
  }

  return (
    <form className="meldcode-step-form" onSubmit={(e) => void submit(e)} noValidate aria-label={`${title} vastleggen`}>
      <FieldScope value={scope}>
        <ErrorSummary errors={errors} />
        <ChoiceField
          name="status"
          label="Deze stap is"
          required
          value={v.status}
          onChange={(x) => set('status', x)}
          options={[
            ['gedaan', 'Gedaan'],
            ['overgeslagen', 'Overgeslagen'],
          ]}
          error={errors.status}
        />
        <StepDateWho v={v} set={set} errors={errors} whoLabel={stepKey === 'stepLeerplicht' ? 'Naam leerplichtambtenaar' : 'Wie'} />
        <TextArea
          name="note"
          label={v.status === 'overgeslagen' ? 'Reden' : 'Notitie'}
          rows={2}
          required={v.status === 'overgeslagen'}
          value={v.note}
          onChange={(x) => set('note', x)}
          error={errors.note}
        />
        <div className="form-actions">
          <button type="submit" className="primary-button">
            Stap opslaan
          </button>
          <button type="button" className="secondary-button" onClick={onDone}>
            Annuleren
          </button>
        </div>
      </FieldScope>
    </form>
  );
}

function PlanSection({ route }: { route: Verzuimroute }) {
  const today = dateInAmsterdam(new Date());
  const review = nextReview(route, today);
  const canEdit = keepsDossier() && route.outcome === null;
  return (
    <section aria-labelledby="plan" className="verzuim-plan">
      <h2 id="plan">Plan terug naar school</h2>
      {route.planGoal ? (
        <dl className="verzuim-plan-facts">
          <dt>Doel</dt>
          <dd>{route.planGoal === 'passend_aanbod' && route.planAanbod ? route.planAanbod : planGoalLabels[route.planGoal]}</dd>
          {route.planTemporary && (
            <>
              <dt>Tijdelijk aanbod</dt>
              <dd>{route.planTemporary}</dd>
            </>
          )}
          {route.planCoordinator && (
            <>
              <dt>Coördineert</dt>
              <dd>{route.planCoordinator}</dd>
            </>
          )}
          {route.planReviewDates.length > 0 && (
            <>
              <dt>Evaluaties</dt>
              <dd>{[...route.planReviewDates].sort().map(formatDate).join(', ')}</dd>
            </>
          )}
        </dl>
      ) : (
        <p className="empty">Nog geen plan.</p>
      )}
      {review && (
        <p className="field-hint">
          {review.due ? `Evaluatie was op ${formatDate(review.date)}.` : `Volgende evaluatie: ${formatDate(review.date)}.`}
        </p>
      )}
      {canEdit && <PlanForm route={route} />}
      {canEdit && <OutcomeForm route={route} />}
      {!keepsDossier() && involvesLeerplicht(route) && route.outcome === null && (
        <p className="field-hint">De school houdt het plan bij.</p>
      )}
    </section>
  );
}

function PlanForm({ route }: { route: Verzuimroute }) {
  const scope = useId();
  const [toast] = useIonToast();
  const [v, setV] = useState({
    planGoal: route.planGoal ?? '',
    planAanbod: route.planAanbod,
    planTemporary: route.planTemporary,
    planCoordinator: route.planCoordinator,
    review: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (k: keyof typeof v, x: string) => setV((old) => ({ ...old, [k]: x }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!v.planGoal) errs.planGoal = 'Kies het doel van het plan';
    if (v.planGoal === 'passend_aanbod' && !v.planAanbod.trim()) errs.planAanbod = 'Noem het passend aanbod';
    if (Object.keys(errs).length) return setErrors(errs);
    const dates = v.review ? [...new Set([...route.planReviewDates, v.review])].sort() : route.planReviewDates;
    try {
      await updateRecord(
        db,
        'verzuimroute',
        route.id,
        {
          planGoal: v.planGoal,
          planAanbod: v.planAanbod,
          planTemporary: v.planTemporary,
          planCoordinator: v.planCoordinator,
          planReviewDates: dates,
        },
        { userId: currentUserId() },
      );
      setErrors({});
      set('review', '');
      void toast({ message: 'Plan opgeslagen', duration: 2500, position: 'top' });
    } catch (err) {
      setErrors(err instanceof ValidationError ? err.fields : { _: `Opslaan is niet gelukt: ${String(err)}` });
    }
  }

  return (
    <form className="subform" onSubmit={(e) => void submit(e)} noValidate aria-label="Plan bijwerken">
      <FieldScope value={scope}>
        <h3>Plan bijwerken</h3>
        <ErrorSummary errors={errors} />
        <ChoiceField
          name="planGoal"
          label="Doel"
          required
          value={v.planGoal}
          onChange={(x) => set('planGoal', x)}
          options={planGoals.map((g) => [g, planGoalLabels[g]] as const)}
          error={errors.planGoal}
        />
        {v.planGoal === 'passend_aanbod' && (
          <TextField
            name="planAanbod"
            label="Welk passend aanbod"
            required
            value={v.planAanbod}
            onChange={(x) => set('planAanbod', x)}
            error={errors.planAanbod}
          />
        )}
        <TextArea
          name="planTemporary"
          label="Tijdelijk aanbod in de tussentijd"
          rows={2}
          value={v.planTemporary}
          onChange={(x) => set('planTemporary', x)}
          error={errors.planTemporary}
          hint="Bijvoorbeeld een paar uur per week bij een voorziening, of lessen thuis."
        />
        <TextField
          name="planCoordinator"
          label="Wie coördineert"
          value={v.planCoordinator}
          onChange={(x) => set('planCoordinator', x)}
          error={errors.planCoordinator}
        />
        <TextField
          name="review"
          label="Evaluatiedatum toevoegen"
          type="date"
          value={v.review}
          onChange={(x) => set('review', x)}
          error={errors.planReviewDates}
          hint="Komt op Vandaag."
        />
        <button type="submit" className="secondary-button">
          Plan opslaan
        </button>
      </FieldScope>
    </form>
  );
}

function OutcomeForm({ route }: { route: Verzuimroute }) {
  const scope = useId();
  const [toast] = useIonToast();
  const [v, setV] = useState({ outcome: '', outcomeDate: todayIso(), outcomeSchool: '', outcomeHours: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (k: keyof typeof v, x: string) => setV((old) => ({ ...old, [k]: x }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: FieldErrors = {};
    if (!v.outcome) errs.outcome = 'Kies de uitkomst';
    const hours = v.outcomeHours.trim() === '' ? null : Number(v.outcomeHours);
    if (v.outcome === 'terug_op_school') {
      if (!v.outcomeSchool.trim()) errs.outcomeSchool = 'Vul in op welke school';
      if (hours === null || !Number.isInteger(hours) || hours < 0 || hours > 40)
        errs.outcomeHours = 'Vul het aantal lesuren per week in (0 tot 40)';
    }
    if (Object.keys(errs).length) return setErrors(errs);
    try {
      await updateRecord(
        db,
        'verzuimroute',
        route.id,
        {
          outcome: v.outcome,
          outcomeDate: v.outcomeDate,
          outcomeSchool: v.outcome === 'terug_op_school' ? v.outcomeSchool : '',
          outcomeHours: v.outcome === 'terug_op_school' ? hours : null,
        },
        { userId: currentUserId() },
      );
      void toast({ message: 'Route afgesloten', duration: 2500, position: 'top' });
    } catch (err) {
      setErrors(err instanceof ValidationError ? err.fields : { _: `Opslaan is niet gelukt: ${String(err)}` });
    }
  }

  return (
    <form className="subform" onSubmit={(e) => void submit(e)} noValidate aria-label="Uitkomst vastleggen">
      <FieldScope value={scope}>
        <h3>Uitkomst</h3>
        <ErrorSummary errors={errors} />
        <ChoiceField
          name="outcome"
          label="Uitkomst"
          required
          value={v.outcome}
          onChange={(x) => set('outcome', x)}
          options={routeOutcomes.map((o) => [o, routeOutcomeLabels[o]] as const)}
          error={errors.outcome}
        />
        <TextField
          name="outcomeDate"
          label="Datum"
          type="date"
          required
          value={v.outcomeDate}
          onChange={(x) => set('outcomeDate', x)}
          error={errors.outcomeDate}
        />
        {v.outcome === 'terug_op_school' && (
          <div className="field-row">
            <TextField
              name="outcomeSchool"
              label="Welke school"
              required
              value={v.outcomeSchool}
              onChange={(x) => set('outcomeSchool', x)}
              error={errors.outcomeSchool}
            />
            <TextField
              name="outcomeHours"
              label="Lesuren per week"
              inputMode="numeric"
              required
              value={v.outcomeHours}
              onChange={(x) => set('outcomeHours', x)}
              error={errors.outcomeHours}
            />
          </div>
        )}
        <button type="submit" className="primary-button block">
          Route afsluiten
        </button>
      </FieldScope>
    </form>
  );
}
