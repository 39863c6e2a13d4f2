import { CoverBanner } from '../components/CoverBanner';
import { IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Contact, requestChannels } from '../../domain';
import { db } from '../db/db';
import { signalsOfPupil } from '../db/queries';
import { saveWithOptionalPupil } from '../db/records';
import { entriesOf, SelectField, TextArea, TextField } from '../components/fields';
import { ConflictList } from '../components/ConflictList';
import { FormShell } from '../components/FormShell';
import { Corrections } from '../components/Corrections';
import { useSave } from '../components/useSave';
import { Loading, NotFound } from '../components/Loading';
import { emptyPupilPicker, newPupilInput, NEW_PUPIL, orNull, PupilPicker, toInt, type PupilPickerValues } from '../components/PupilPicker';
import { useDraftForm } from '../components/useDraftForm';
import { useFormTarget } from '../components/useFormTarget';
import { channelLabels, partyLabels, themeLabels } from '../i18n/nl';
import { formatDate, nowTime, todayIso } from '../i18n/format';
import { currentUserId } from '../auth/session';

type ContactValues = PupilPickerValues & {
  signalId: string;
  withWhom: string;
  channel: string;
  date: string;
  time: string;
  durationMinutes: string;
  summary: string;
  followUpDate: string;
};

/** The contact channel a consultatievraag's preferred channel becomes ("maakt niet uit": the user chooses). */
const channelOfRequest: Record<(typeof requestChannels)[number], string> = {
  op_school: 'school',
  telefonisch: 'telefonisch',
  online: 'online',
  maakt_niet_uit: '',
};

export default function ContactFormPage() {
  const target = useFormTarget('contact');
  if (target.loading) return <Loading />;
  if (target.notFound) return <NotFound what="Contactmoment" />;
  const r = target.record;
  // "Maak er een contactmoment van" on a consultatievraag: with the IB'er, at the planned moment, in
  // the channel the IB'er preferred, the question as the start of the summary.
  const q = target.startRequest;
  const initial: ContactValues = {
    ...emptyPupilPicker,
    // A restored draft's school wins over all of these (useDraftForm).
    schoolId: r?.schoolId ?? target.startPupil?.schoolId ?? q?.schoolId ?? target.todaySchoolId ?? '',
    pupilId: r?.pupilId ?? target.startPupil?.id ?? '',
    signalId: r?.signalId ?? '',
    withWhom: r?.withWhom ?? (q ? 'ib' : ''),
    channel: r?.channel ?? (q ? channelOfRequest[q.preferredChannel] : ''),
    date: r?.date ?? q?.plannedDate ?? todayIso(),
    time: r?.time ?? q?.plannedTime ?? nowTime(),
    durationMinutes: r ? String(r.durationMinutes) : '15',
    summary: r?.summary ?? (q ? `Consultatievraag: ${q.question}`.slice(0, 4000) : ''),
    followUpDate: r?.followUpDate ?? '',
  };
  return (
    <IonPage>
      <ContactForm key={`${target.draftKey}:${r?.version ?? ''}`} draftKey={target.draftKey} id={target.id} initial={initial} saved={r} />
    </IonPage>
  );
}

function ContactForm({
  draftKey,
  id,
  initial,
  saved,
}: {
  draftKey: string;
  id: string | undefined;
  initial: ContactValues;
  saved: Contact | undefined;
}) {
  const form = useDraftForm(draftKey, initial);
  const { values: v, set, errors } = form;
  const { saving, save: run } = useSave(form);
  const signals = useLiveQuery(async () => (v.pupilId && v.pupilId !== NEW_PUPIL ? signalsOfPupil(db, v.pupilId) : []), [v.pupilId], []);

  function save() {
    return run(async () => {
      const saved = await saveWithOptionalPupil(db, 'contact', {
        id,
        newPupil: newPupilInput(v),
        input: {
          pupilId: orNull(v.pupilId),
          signalId: v.pupilId === NEW_PUPIL ? null : orNull(v.signalId),
          withWhom: v.withWhom || undefined,
          channel: v.channel || undefined,
          date: v.date,
          time: v.time,
          durationMinutes: toInt(v.durationMinutes),
          summary: v.summary,
          followUpDate: orNull(v.followUpDate),
        },
        ctx: { userId: currentUserId(), schoolId: v.schoolId, draftKey },
      });
      return {
        message: id ? 'Contactmoment bijgewerkt' : 'Contactmoment opgeslagen',
        to: saved.pupilId ? `/leerlingen/${saved.pupilId}` : '/vandaag',
      };
    });
  }

  return (
    <FormShell
      title={id ? 'Contactmoment wijzigen' : 'Nieuw contactmoment'}
      back="/vandaag"
      errors={errors}
      restoredAt={form.restoredAt}
      onDiscard={() => void form.discard()}
      onSubmit={() => void save()}
      saving={saving}
      top={
        <>
          <CoverBanner schoolId={v.schoolId} />
          {id && <ConflictList entity="contact" recordId={id} />}
          {saved && <Corrections record={saved} what="dit contactmoment" />}
        </>
      }
    >
      {/* Pupil first, as on every form: who it is about, then what happened. */}
      <PupilPicker
        values={v}
        set={set}
        errors={errors}
        noPupil={{ label: 'Geen leerling', hint: 'Laat leeg als het contact niet over één leerling ging.' }}
      />
      {signals.length > 0 && (
        <SelectField
          name="signalId"
          label="Hoort bij signaal"
          value={v.signalId}
          onChange={(x) => set('signalId', x)}
          options={signals.map((s) => [s.id, `${formatDate(s.date)} · ${themeLabels[s.theme]}`] as const)}
          placeholder="Geen signaal"
          error={errors.signalId}
        />
      )}
      <SelectField
        name="withWhom"
        label="Met wie"
        required
        value={v.withWhom}
        onChange={(x) => set('withWhom', x)}
        options={entriesOf(partyLabels)}
        placeholder="Kies met wie"
        error={errors.withWhom}
      />
      <SelectField
        name="channel"
        label="Hoe"
        required
        value={v.channel}
        onChange={(x) => set('channel', x)}
        options={entriesOf(channelLabels)}
        placeholder="Kies hoe"
        error={errors.channel}
      />
      <div className="field-row">
        <TextField name="date" label="Datum" type="date" required value={v.date} onChange={(x) => set('date', x)} error={errors.date} />
        <TextField name="time" label="Tijd" type="time" required value={v.time} onChange={(x) => set('time', x)} error={errors.time} />
      </div>
      <TextField
        name="durationMinutes"
        label="Duur in minuten"
        required
        inputMode="numeric"
        value={v.durationMinutes}
        onChange={(x) => set('durationMinutes', x)}
        error={errors.durationMinutes}
      />
      <TextArea name="summary" label="Samenvatting" required value={v.summary} onChange={(x) => set('summary', x)} error={errors.summary} />
      <TextField
        name="followUpDate"
        label="Opvolgen op"
        type="date"
        value={v.followUpDate}
        onChange={(x) => set('followUpDate', x)}
        error={errors.followUpDate}
      />
    </FormShell>
  );
}
