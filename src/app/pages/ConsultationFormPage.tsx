import { CoverBanner } from '../components/CoverBanner';
import { IonPage } from '@ionic/react';
import type { Consultation } from '../../domain';
import { db } from '../db/db';
import { saveWithOptionalPupil } from '../db/records';
import { entriesOf, SelectField, TextArea, TextField } from '../components/fields';
import { ConflictList } from '../components/ConflictList';
import { FormShell } from '../components/FormShell';
import { Corrections } from '../components/Corrections';
import { useSave } from '../components/useSave';
import { Loading, NotFound } from '../components/Loading';
import { emptyPupilPicker, newPupilInput, orNull, PupilPicker, type PupilPickerValues } from '../components/PupilPicker';
import { useDraftForm } from '../components/useDraftForm';
import { useFormTarget } from '../components/useFormTarget';
import { consultationPartyLabels } from '../i18n/nl';
import { todayIso } from '../i18n/format';
import { currentUserId } from '../auth/session';

type ConsultationValues = PupilPickerValues & {
  withWhom: string;
  date: string;
  question: string;
  advice: string;
  followUpDate: string;
};

export default function ConsultationFormPage() {
  const target = useFormTarget('consultation');
  if (target.loading) return <Loading />;
  if (target.notFound) return <NotFound what="Consultatie" />;
  const r = target.record;
  const initial: ConsultationValues = {
    ...emptyPupilPicker,
    // A restored draft's school wins over all of these (useDraftForm).
    schoolId: r?.schoolId ?? target.startPupil?.schoolId ?? target.todaySchoolId ?? '',
    pupilId: r?.pupilId ?? target.startPupil?.id ?? '',
    withWhom: r?.withWhom ?? '',
    date: r?.date ?? todayIso(),
    question: r?.question ?? '',
    advice: r?.advice ?? '',
    followUpDate: r?.followUpDate ?? '',
  };
  return (
    <IonPage>
      <ConsultationForm
        key={`${target.draftKey}:${r?.version ?? ''}`}
        draftKey={target.draftKey}
        id={target.id}
        initial={initial}
        saved={r}
      />
    </IonPage>
  );
}

function ConsultationForm({
  draftKey,
  id,
  initial,
  saved,
}: {
  draftKey: string;
  id: string | undefined;
  initial: ConsultationValues;
  saved: Consultation | undefined;
}) {
  const form = useDraftForm(draftKey, initial);
  const { values: v, set, errors } = form;
  const { saving, save: run } = useSave(form);

  function save() {
    return run(async () => {
      const saved = await saveWithOptionalPupil(db, 'consultation', {
        id,
        newPupil: newPupilInput(v),
        input: {
          pupilId: orNull(v.pupilId),
          withWhom: v.withWhom || undefined,
          date: v.date,
          question: v.question,
          advice: v.advice,
          followUpDate: orNull(v.followUpDate),
        },
        ctx: { userId: currentUserId(), schoolId: v.schoolId, draftKey },
      });
      return {
        message: id ? 'Consultatie bijgewerkt' : 'Consultatie opgeslagen',
        to: saved.pupilId ? `/leerlingen/${saved.pupilId}` : '/consultaties',
      };
    });
  }

  return (
    <FormShell
      title={id ? 'Consultatie wijzigen' : 'Nieuwe consultatie'}
      back="/consultaties"
      errors={errors}
      restoredAt={form.restoredAt}
      onDiscard={() => void form.discard()}
      onSubmit={() => void save()}
      saving={saving}
      top={
        <>
          <CoverBanner schoolId={v.schoolId} />
          {id && <ConflictList entity="consultation" recordId={id} />}
          {saved && <Corrections record={saved} what="deze consultatie" />}
        </>
      }
    >
      {/* Pupil first, as on every form. */}
      <PupilPicker
        values={v}
        set={set}
        errors={errors}
        noPupil={{ label: 'Anoniem (geen leerling)', hint: 'Laat leeg voor een anonieme consultatie.' }}
      />
      <SelectField
        name="withWhom"
        label="Met wie"
        required
        value={v.withWhom}
        onChange={(x) => set('withWhom', x)}
        options={entriesOf(consultationPartyLabels)}
        placeholder="Kies met wie"
        error={errors.withWhom}
      />
      <TextArea name="question" label="Vraag" required value={v.question} onChange={(x) => set('question', x)} error={errors.question} />
      <TextArea name="advice" label="Gegeven advies" value={v.advice} onChange={(x) => set('advice', x)} error={errors.advice} />
      <TextField name="date" label="Datum" type="date" required value={v.date} onChange={(x) => set('date', x)} error={errors.date} />
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
