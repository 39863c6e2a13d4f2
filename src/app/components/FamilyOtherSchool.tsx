import { useEffect, useState } from 'react';
import type { FamilyMember } from '../../domain';
import { regionSchoolsResponseSchema, type RegionSchool } from '../../sync/api/family';
import { apiRequest } from '../api/client';
import { familyText } from '../i18n/nl';
import { useOnline } from './useOnline';
import { LinkPicker } from './LinkPicker';

/** The region's schools with their jeugdprofessional (GET /api/family/schools): the one fetch of this feature. */
export async function fetchRegionSchools(): Promise<RegionSchool[]> {
  return (await apiRequest(regionSchoolsResponseSchema, 'GET', '/api/family/schools')).schools;
}

/**
 * "A brother or sister at school X": a school the user does not work for, so she cannot pick the
 * pupil. The entry names the school and whom to call there; that school's jeugdprofessional links
 * the pupil (docs/family.md). The list of schools needs a connection; the entry, once made, does not.
 */
export function FamilyOtherSchool({ exclude, onAdd }: { exclude: ReadonlySet<string>; onAdd: (m: FamilyMember) => Promise<void> }) {
  const online = useOnline();
  const [schools, setSchools] = useState<RegionSchool[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!online || schools) return;
    let on = true;
    fetchRegionSchools().then(
      (s) => on && setSchools(s),
      () => on && setFailed(true),
    );
    return () => {
      on = false;
    };
  }, [online, schools]);
  const options = (schools ?? []).filter((s) => !exclude.has(s.id)).map((s) => [s.id, `${s.name} (${s.place})`] as const);
  return (
    <>
      <h3>{familyText.addOther}</h3>
      <p className="field-hint">{familyText.addOtherHint}</p>
      {!schools ? (
        <p className={failed || !online ? 'empty' : undefined} role="status">
          {failed || !online ? familyText.addOtherOffline : 'Scholen laden…'}
        </p>
      ) : (
        <LinkPicker
          label={familyText.addOtherField}
          name="add-other"
          options={options}
          button={familyText.addOtherButton}
          empty="Geen andere scholen om te kiezen."
          onPick={async (id) => {
            const s = schools.find((x) => x.id === id);
            if (s)
              await onAdd({ pupilId: null, schoolId: s.id, schoolName: s.name, contactName: s.contactName, contactPhone: s.contactPhone });
          }}
        />
      )}
    </>
  );
}
