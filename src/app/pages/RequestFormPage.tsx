import { IonContent, IonPage } from '@ionic/react';
import { Link } from 'react-router-dom';
import { currentSession, currentUserId, useSession } from '../auth/session';
import { db } from '../db/db';
import { createRequest, updateRequestAsk, type RequestAsk } from '../db/requests';
import { ChoiceField, entriesOf, SelectField, TextArea, TextField } from '../components/fields';
import { ConflictList } from '../components/ConflictList';
import { FormShell } from '../components/FormShell';
import { Loading, NotFound } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useDraftForm } from '../components/useDraftForm';
import { useFormTarget } from '../components/useFormTarget';
import { useSave } from '../components/useSave';
import { consentLabels, requestChannelLabels, requestStatusLabels, themeLabels, urgencyLabels } from '../i18n/nl';

type RequestValues = {
  schoolId: string;
  /** 'ja' when the question names no pupil. */
  anonymous: string;
  pupilInitials: string;
  pupilGroup: string;
  topic: string;
  question: string;
  urgency: string;
  preferredChannel: string;
  preferredMoment: string;
  consent: string;
};

/** /vragen/nieuw and /vragen/:id/wijzigen: the IB'er asks (and may change the question while it is nieuw). */
export default function RequestFormPage() {
  const target = useFormTarget('consultationRequest');
  const session = useSession();
  if (target.loading) return <Loading />;
  if (target.notFound) return <NotFound what="Consultatievraag" />;
  const r = target.record;
  if (r && r.status !== 'nieuw') {
    return (
      <IonPage>
        <PageHeader title="Vraag wijzigen" back={`/vragen/${r.id}`} />
        <IonContent className="ion-padding">
          <p className="notice" role="status">
            Deze vraag is {requestStatusLabels[r.status].toLowerCase()} en kan niet meer worden gewijzigd. Stel een nieuwe vraag als er iets
            bij komt.
          </p>
          <Link to={`/vragen/${r.id}`} className="secondary-button">
            Terug naar de vraag
          </Link>
        </IonContent>
      </IonPage>
    );
  }
  const schools = session?.user.schools ?? [];
  const initial: RequestValues = {
    schoolId: r?.schoolId ?? (schools.length === 1 ? schools[0]!.id : ''),
    anonymous: r?.anonymous ? 'ja' : '',
    pupilInitials: r?.pupilInitials ?? '',
    pupilGroup: r?.pupilGroup ?? '',
    topic: r?.topic ?? '',
    question: r?.question ?? '',
    urgency: r?.urgency ?? '',
    preferredChannel: r?.preferredChannel ?? '',
    preferredMoment: r?.preferredMoment ?? '',
    consent: r?.consent ?? '',
  };
  return (
    <IonPage>
      <RequestForm key={`${target.draftKey}:${r?.version ?? ''}`} draftKey={target.draftKey} id={target.id} initial={initial} />
    </IonPage>
  );
}

function RequestForm({ draftKey, id, initial }: { draftKey: string; id: string | undefined; initial: RequestValues }) {
  const session = useSession();
  const schools = session?.user.schools ?? [];
  const form = useDraftForm(draftKey, initial);
  const { values: v, set, errors } = form;
  const { saving, save: run } = useSave(form);
  const anonymous = v.anonymous === 'ja';

  function save() {
    return run(async () => {
      const ask: RequestAsk = {
        anonymous,
        pupilInitials: anonymous ? '' : v.pupilInitials,
        pupilGroup: anonymous ? '' : v.pupilGroup,
        topic: v.topic || undefined,
        question: v.question,
        urgency: v.urgency || undefined,
        preferredChannel: v.preferredChannel || undefined,
        preferredMoment: v.preferredMoment,
        consent: v.consent || undefined,
      };
      const ctx = { userId: currentUserId(), userName: currentSession()?.user.name, draftKey };
      const saved = id ? await updateRequestAsk(db, id, ask, ctx) : await createRequest(db, ask, { ...ctx, schoolId: v.schoolId });
      return {
        message: id ? 'Vraag bijgewerkt' : 'Vraag opgeslagen. Hij gaat naar de jeugdprofessional zodra er verbinding is.',
        to: id ? `/vragen/${saved.id}` : '/vragen',
      };
    });
  }

  return (
    <FormShell
      title={id ? 'Vraag wijzigen' : 'Nieuwe vraag'}
      back={id ? `/vragen/${id}` : '/vragen'}
      errors={errors}
      restoredAt={form.restoredAt}
      onDiscard={() => void form.discard()}
      onSubmit={() => void save()}
      saving={saving}
      submitLabel={id ? 'Opslaan' : 'Vraag versturen'}
      top={id && <ConflictList entity="consultationRequest" recordId={id} />}
    >
      {schools.length > 1 && !id ? (
        <SelectField
          name="schoolId"
          label="School"
          required
          value={v.schoolId}
          onChange={(x) => set('schoolId', x)}
          options={schools.map((s) => [s.id, s.name] as const)}
          placeholder="Kies een school"
          error={errors.schoolId}
        />
      ) : (
        <p className="request-form-school">
          School: <strong>{schools.find((s) => s.id === v.schoolId)?.name ?? '—'}</strong>
        </p>
      )}
      <div className="field">
        <label className="toggle request-anonymous">
          <input type="checkbox" checked={anonymous} onChange={(e) => set('anonymous', e.target.checked ? 'ja' : '')} />
          Anonieme vraag (zonder leerling)
        </label>
        <p className="field-hint">Een anonieme vraag noemt geen leerling: handig om eerst te overleggen over een situatie.</p>
      </div>
      {!anonymous && (
        <fieldset className="subform">
          <legend>Over welke leerling?</legend>
          <p className="field-hint">Alleen initialen of roepnaam en groep. Nooit een BSN of achternaam.</p>
          <TextField
            name="pupilInitials"
            label="Initialen of roepnaam"
            required
            value={v.pupilInitials}
            onChange={(x) => set('pupilInitials', x)}
            error={errors.pupilInitials}
          />
          <TextField
            name="pupilGroup"
            label="Groep of klas"
            value={v.pupilGroup}
            onChange={(x) => set('pupilGroup', x)}
            error={errors.pupilGroup}
            hint="Bijvoorbeeld: groep 7 of 2 havo"
          />
        </fieldset>
      )}
      <SelectField
        name="topic"
        label="Onderwerp"
        required
        value={v.topic}
        onChange={(x) => set('topic', x)}
        options={entriesOf(themeLabels)}
        placeholder="Kies een onderwerp"
        error={errors.topic}
      />
      <TextArea
        name="question"
        label="Vraag"
        required
        value={v.question}
        onChange={(x) => set('question', x)}
        error={errors.question}
        hint="Wat wil je weten of bespreken? Feitelijk, zonder BSN."
      />
      <ChoiceField
        name="urgency"
        label="Hoe dringend?"
        required
        value={v.urgency}
        onChange={(x) => set('urgency', x)}
        options={entriesOf(urgencyLabels)}
        error={errors.urgency}
      />
      <ChoiceField
        name="preferredChannel"
        label="Voorkeur contact"
        required
        value={v.preferredChannel}
        onChange={(x) => set('preferredChannel', x)}
        options={entriesOf(requestChannelLabels)}
        error={errors.preferredChannel}
      />
      <TextField
        name="preferredMoment"
        label="Voorkeursmoment"
        value={v.preferredMoment}
        onChange={(x) => set('preferredMoment', x)}
        error={errors.preferredMoment}
        hint="Bijvoorbeeld: dinsdagochtend na 10:00"
      />
      <ChoiceField
        name="consent"
        label="Wat weten ouders?"
        required
        value={v.consent}
        onChange={(x) => set('consent', x)}
        options={entriesOf(consentLabels)}
        error={errors.consent}
      />
    </FormShell>
  );
}
