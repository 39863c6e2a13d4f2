import { CoverBanner } from '../components/CoverBanner';
import { IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useParams } from 'react-router-dom';
import type { Pupil } from '../../domain';
import { db } from '../db/db';
import { createRecord, updateRecord } from '../db/records';
import { SelectField } from '../components/fields';
import { absenceInput, AbsenceFieldset, absenceValues, type AbsenceValues } from '../components/AbsenceFieldset';
import { ConflictList } from '../components/ConflictList';
import { FormShell } from '../components/FormShell';
import { useSave } from '../components/useSave';
import { Loading, NotFound } from '../components/Loading';
import { PupilFields, toInt } from '../components/PupilPicker';
import { useDraftForm } from '../components/useDraftForm';
import { currentUserId } from '../auth/session';

type PupilValues = { schoolId: string; initials: string; group: string; birthYear: string } & AbsenceValues;

export default function PupilFormPage() {
  const { id } = useParams();
  const data = useLiveQuery(async () => ({ pupil: id ? await db.pupils.get(id) : undefined }), [id]);
  if (data === undefined) return <Loading />;
  if (id && !data.pupil) return <NotFound what="Leerling" />;
  const p = data.pupil;
  const initial: PupilValues = {
    schoolId: p?.schoolId ?? '',
    initials: p?.initials ?? '',
    group: p?.group ?? '',
    birthYear: p ? String(p.birthYear) : '',
    ...absenceValues(p),
  };
  const draftKey = `pupil:${id ?? 'nieuw'}`;
  return (
    <IonPage>
      <PupilForm key={`${draftKey}:${p?.version ?? ''}`} draftKey={draftKey} id={id} initial={initial} current={p} />
    </IonPage>
  );
}

function PupilForm({
  draftKey,
  id,
  initial,
  current,
}: {
  draftKey: string;
  id: string | undefined;
  initial: PupilValues;
  current: Pupil | undefined;
}) {
  const form = useDraftForm(draftKey, initial);
  const { values: v, set, errors } = form;
  const schools = useLiveQuery(() => db.schools.orderBy('name').toArray(), [], []);
  const { saving, save: run } = useSave(form);

  function save() {
    return run(async () => {
      const input = { initials: v.initials, group: v.group, birthYear: toInt(v.birthYear), ...absenceInput(v, current) };
      const ctx = { userId: currentUserId(), schoolId: v.schoolId, draftKey };
      const saved = id ? await updateRecord(db, 'pupil', id, input, ctx) : await createRecord(db, 'pupil', input, ctx);
      return { message: id ? 'Leerling bijgewerkt' : 'Leerling toegevoegd', to: `/leerlingen/${saved.id}` };
    });
  }

  return (
    <FormShell
      title={id ? 'Leerling wijzigen' : 'Nieuwe leerling'}
      back="/leerlingen"
      errors={errors}
      restoredAt={form.restoredAt}
      onDiscard={() => void form.discard()}
      onSubmit={() => void save()}
      saving={saving}
      top={
        <>
          <CoverBanner schoolId={v.schoolId} />
          {id && <ConflictList entity="pupil" recordId={id} />}
        </>
      }
    >
      <p className="field-hint">Leg zo weinig mogelijk vast: initialen of roepnaam, groep en geboortejaar. Nooit een BSN.</p>
      <SelectField
        name="schoolId"
        label="School"
        required
        value={v.schoolId}
        onChange={(x) => set('schoolId', x)}
        options={schools.map((s) => [s.id, `${s.name} (${s.place})`] as const)}
        placeholder="Kies een school"
        error={errors.schoolId}
      />
      <PupilFields values={v} set={set} errors={errors} />
      <AbsenceFieldset values={v} set={set} errors={errors} />
    </FormShell>
  );
}
