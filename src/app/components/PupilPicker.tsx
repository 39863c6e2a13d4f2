import { useLiveQuery } from 'dexie-react-hooks';
import type { FieldErrors } from '../../domain';
import { db } from '../db/db';
import { pupilLabel } from '../i18n/format';
import { SelectField, TextField } from './fields';

export const NEW_PUPIL = 'nieuw';

export interface PupilPickerValues {
  schoolId: string;
  pupilId: string;
  initials: string;
  group: string;
  birthYear: string;
}

export const emptyPupilPicker: PupilPickerValues = { schoolId: '', pupilId: '', initials: '', group: '', birthYear: '' };

/** The school, and a pupil of that school: an existing one, or a new one added on the spot. */
export function PupilPicker(props: {
  values: PupilPickerValues;
  set: (name: keyof PupilPickerValues, value: string) => void;
  errors: FieldErrors;
  /** Contacts and consultations may name no pupil: the empty choice's label and a hint. */
  noPupil?: { label: string; hint: string };
}) {
  const { values, set, errors, noPupil } = props;
  const schools = useLiveQuery(() => db.schools.orderBy('name').toArray(), [], []);
  const pupils = useLiveQuery(
    async () =>
      values.schoolId
        ? (await db.pupils.where('schoolId').equals(values.schoolId).toArray())
            .filter((p) => !p.deleted)
            .sort((a, b) => a.initials.localeCompare(b.initials, 'nl'))
        : [],
    [values.schoolId],
    [],
  );
  const options: [string, string][] = [
    ...pupils.map((p): [string, string] => [p.id, pupilLabel(p)]),
    [NEW_PUPIL, '+ Nieuwe leerling toevoegen'],
  ];
  return (
    <>
      <SelectField
        name="schoolId"
        label="School"
        required
        value={values.schoolId}
        onChange={(v) => {
          set('schoolId', v);
          if (values.pupilId !== NEW_PUPIL) set('pupilId', '');
        }}
        options={schools.map((s) => [s.id, `${s.name} (${s.place})`] as const)}
        placeholder="Kies een school"
        error={errors.schoolId}
      />
      <SelectField
        name="pupilId"
        label="Leerling"
        required={!noPupil}
        value={values.pupilId}
        onChange={(v) => set('pupilId', v)}
        options={options}
        placeholder={noPupil?.label ?? 'Kies een leerling'}
        error={errors.pupilId}
        hint={noPupil?.hint}
      />
      {values.pupilId === NEW_PUPIL && (
        <fieldset className="subform">
          <legend>Nieuwe leerling</legend>
          <p className="field-hint">Alleen initialen of roepnaam, groep en geboortejaar. Nooit een BSN.</p>
          <PupilFields values={values} set={set} errors={errors} />
        </fieldset>
      )}
    </>
  );
}

/** What identifies a pupil, and no more: on the pupil form and for a pupil added on the spot. */
export function PupilFields({
  values,
  set,
  errors,
}: {
  values: { initials: string; group: string; birthYear: string };
  set: (k: 'initials' | 'group' | 'birthYear', v: string) => void;
  errors: FieldErrors;
}) {
  return (
    <>
      <TextField
        name="initials"
        label="Initialen of roepnaam"
        required
        value={values.initials}
        onChange={(v) => set('initials', v)}
        error={errors.initials}
      />
      <TextField
        name="group"
        label="Groep of klas"
        required
        value={values.group}
        onChange={(v) => set('group', v)}
        error={errors.group}
        hint="Bijvoorbeeld: groep 7 of 2 havo"
      />
      <TextField
        name="birthYear"
        label="Geboortejaar"
        required
        inputMode="numeric"
        value={values.birthYear}
        onChange={(v) => set('birthYear', v)}
        error={errors.birthYear}
      />
    </>
  );
}

/** The new pupil's input, when one is being added. */
export function newPupilInput(v: PupilPickerValues) {
  if (v.pupilId !== NEW_PUPIL) return undefined;
  return { initials: v.initials, group: v.group, birthYear: toInt(v.birthYear) };
}

export function toInt(v: string): number | undefined {
  const t = v.trim();
  return /^-?\d+$/.test(t) ? Number(t) : undefined;
}

export function orNull(v: string): string | null {
  return v.trim() === '' ? null : v;
}
