import { CoverBanner } from '../components/CoverBanner';
import { IonPage } from '@ionic/react';
import type { Signal } from '../../domain';
import { db } from '../db/db';
import { saveWithOptionalPupil } from '../db/records';
import { ChoiceField, entriesOf, SelectField, TextArea, TextField } from '../components/fields';
import { ConflictList } from '../components/ConflictList';
import { MeldcodePanel } from '../components/MeldcodePanel';
import { Corrections } from '../components/Corrections';
import { FormShell } from '../components/FormShell';
import { useSave } from '../components/useSave';
import { Loading, NotFound } from '../components/Loading';
import { emptyPupilPicker, newPupilInput, orNull, PupilPicker, type PupilPickerValues } from '../components/PupilPicker';
import { useDraftForm } from '../components/useDraftForm';
import { useFormTarget } from '../components/useFormTarget';
import { seriousnessLabels, sourceLabels, themeLabels } from '../i18n/nl';
import { todayIso } from '../i18n/format';
import { currentUserId } from '../auth/session';

export default function SignalFormPage() {
  const target = useFormTarget('signal');
  if (target.loading) return <Loading />;
  if (target.notFound) return <NotFound what="Signaal" />;
  const r = target.record;
  // "Maak er een signaal van" on a consultatievraag: its school, topic and question, told by the IB'er.
  const q = target.startRequest;
  const initial: SignalValues = {
    ...emptyPupilPicker,
    // A restored draft's school wins over all of these (useDraftForm).
    schoolId: r?.schoolId ?? target.startPupil?.schoolId ?? q?.schoolId ?? target.todaySchoolId ?? '',
    pupilId: r?.pupilId ?? target.startPupil?.id ?? '',
    date: r?.date ?? todayIso(),
    theme: r?.theme ?? q?.topic ?? '',
    seriousness: r?.seriousness ?? '',
    source: r?.source ?? (q ? 'ib' : ''),
    description: r?.description ?? q?.question ?? '',
    followUpDate: r?.followUpDate ?? '',
  };
  return (
    <IonPage>
      <SignalForm key={`${target.draftKey}:${r?.version ?? ''}`} draftKey={target.draftKey} id={target.id} initial={initial} saved={r} />
    </IonPage>
  );
}

type SignalValues = PupilPickerValues & {
  date: string;
  theme: string;
  seriousness: string;
  source: string;
  description: string;
  followUpDate: string;
};

function SignalForm({
  draftKey,
  id,
  initial,
  saved,
}: {
  draftKey: string;
  id: string | undefined;
  initial: SignalValues;
  saved: Signal | undefined;
}) {
  const form = useDraftForm(draftKey, initial);
  const { values: v, set, errors } = form;
  const { saving, save: run } = useSave(form);

  function save() {
    return run(async () => {
      const saved: Signal = await saveWithOptionalPupil(db, 'signal', {
        id,
        newPupil: newPupilInput(v),
        input: {
          pupilId: v.pupilId,
          date: v.date,
          theme: v.theme || undefined,
          seriousness: v.seriousness || undefined,
          source: v.source || undefined,
          description: v.description,
          followUpDate: orNull(v.followUpDate),
        },
        ctx: { userId: currentUserId(), schoolId: v.schoolId, draftKey },
      });
      return { message: id ? 'Signaal bijgewerkt' : 'Signaal opgeslagen', to: `/leerlingen/${saved.pupilId}` };
    });
  }

  return (
    <FormShell
      title={id ? 'Signaal wijzigen' : 'Nieuw signaal'}
      back="/vandaag"
      errors={errors}
      restoredAt={form.restoredAt}
      onDiscard={() => void form.discard()}
      onSubmit={() => void save()}
      saving={saving}
      top={
        <>
          <CoverBanner schoolId={v.schoolId} />
          {id && (
            <>
              <ConflictList entity="signal" recordId={id} />
              {saved && <Corrections record={saved} what="dit signaal" />}
              {saved && !saved.deleted && <MeldcodePanel signal={saved} />}
            </>
          )}
        </>
      }
    >
      <PupilPicker values={v} set={set} errors={errors} />
      <SelectField
        name="theme"
        label="Thema"
        required
        value={v.theme}
        onChange={(x) => set('theme', x)}
        options={entriesOf(themeLabels)}
        placeholder="Kies een thema"
        error={errors.theme}
      />
      <ChoiceField
        name="seriousness"
        label="Ernst"
        required
        value={v.seriousness}
        onChange={(x) => set('seriousness', x)}
        options={entriesOf(seriousnessLabels)}
        error={errors.seriousness}
      />
      <SelectField
        name="source"
        label="Bron"
        required
        value={v.source}
        onChange={(x) => set('source', x)}
        options={entriesOf(sourceLabels)}
        placeholder="Van wie komt het signaal?"
        error={errors.source}
      />
      <TextArea
        name="description"
        label="Beschrijving"
        required
        value={v.description}
        onChange={(x) => set('description', x)}
        error={errors.description}
        hint="Wat zie of hoor je? Feitelijk, zonder BSN."
      />
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
