import type { FieldErrors, Pupil } from '../../domain';
import { THUISZITTER_AFTER_DAYS } from '../../domain';
import { ChoiceField, TextField } from './fields';

/** The absence part of the pupil form, as strings for the draft. */
export type AbsenceValues = { absenceKind: string; absenceSince: string; exemption: string; leerplichtInvolved: string };

const kinds = [
  ['geen', 'Geen'],
  ['verzuim', 'Verzuim'],
  ['thuiszitter', 'Thuiszitter'],
] as const;
const yesNo = [
  ['nee', 'Nee'],
  ['ja', 'Ja'],
] as const;

export function absenceValues(p: Partial<Pupil> | undefined): AbsenceValues {
  return {
    absenceKind: p?.absenceKind ?? 'geen',
    absenceSince: p?.absenceSince ?? '',
    exemption: p?.exemption ? 'ja' : 'nee',
    leerplichtInvolved: p?.leerplichtInvolved ? 'ja' : 'nee',
  };
}

/**
 * The absence fields to save. "Geen" clears the absence; leerplicht stays as noted (it may stay
 * involved after the pupil is back). A pupil that never had absence fields and still has none gets
 * none written, so saving an unchanged older pupil writes nothing (updateRecord: no change, no write).
 */
export function absenceInput(v: AbsenceValues, current?: Partial<Pupil>) {
  const absent = v.absenceKind === 'verzuim' || v.absenceKind === 'thuiszitter';
  const fields = {
    absenceKind: absent ? (v.absenceKind as 'verzuim' | 'thuiszitter') : null,
    absenceSince: absent ? v.absenceSince || null : null,
    exemption: absent && v.exemption === 'ja',
    leerplichtInvolved: v.leerplichtInvolved === 'ja',
  };
  const neverSet =
    current?.absenceKind == null &&
    current?.absenceSince == null &&
    current?.exemption === undefined &&
    current?.leerplichtInvolved === undefined;
  const stillNone = !absent && !fields.leerplichtInvolved;
  return neverSet && stillNone ? {} : fields;
}

export function AbsenceFieldset({
  values: v,
  set,
  errors,
}: {
  values: AbsenceValues;
  set: (k: keyof AbsenceValues, x: string) => void;
  errors: FieldErrors;
}) {
  const absent = v.absenceKind === 'verzuim' || v.absenceKind === 'thuiszitter';
  return (
    <fieldset className="subform absence-fieldset">
      <legend>Afwezigheid</legend>
      <ChoiceField
        name="absenceKind"
        label="Is de leerling afwezig?"
        required
        value={v.absenceKind}
        onChange={(x) => set('absenceKind', x)}
        options={kinds}
        error={errors.absenceKind}
      />
      {absent && (
        <>
          <TextField
            name="absenceSince"
            label="Afwezig sinds"
            type="date"
            required
            value={v.absenceSince}
            onChange={(x) => set('absenceSince', x)}
            error={errors.absenceSince}
            hint={`De eerste dag afwezig. Na ${THUISZITTER_AFTER_DAYS / 7} weken zonder vrijstelling telt de leerling als thuiszitter (kalenderdagen, vakanties tellen mee).`}
          />
          <ChoiceField
            name="exemption"
            label="Vrijstelling"
            required
            value={v.exemption}
            onChange={(x) => set('exemption', x)}
            options={yesNo}
            error={errors.exemption}
          />
        </>
      )}
      {(absent || v.leerplichtInvolved === 'ja') && (
        <ChoiceField
          name="leerplichtInvolved"
          label="Leerplicht betrokken"
          required
          value={v.leerplichtInvolved}
          onChange={(x) => set('leerplichtInvolved', x)}
          options={yesNo}
          error={errors.leerplichtInvolved}
        />
      )}
    </fieldset>
  );
}
