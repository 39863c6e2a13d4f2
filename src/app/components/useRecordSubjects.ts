import { useLiveQuery } from 'dexie-react-hooks';
import type { Pupil } from '../../domain';
import { db } from '../db/db';
import type { TimelineItem } from '../db/queries';
import { usePupilsInMemory } from '../perf/pupilsInMemory';
import { recordSubjectLabels } from '../i18n/nl';
import { pupilLabel } from '../i18n/format';

/** Who a record is about, and where (only when the user works at more than one school). */
export interface RecordSubject {
  /** "J.P. · groep 4", "Anoniem", "Zonder leerling" */
  who: string;
  school?: string | undefined;
}

/** `pupil` undefined: not on this device (any more). */
export function recordSubject(item: TimelineItem, pupil: Pupil | undefined, school: string | undefined): RecordSubject {
  const pupilId = item.record.pupilId;
  const who =
    pupilId === null
      ? item.kind === 'consultation'
        ? recordSubjectLabels.anonymous
        : recordSubjectLabels.noPupil
      : pupil
        ? pupilLabel(pupil)
        : recordSubjectLabels.unknownPupil;
  return { who, school };
}

/**
 * Who and where each shown item of a list with records of several pupils (Vandaag,
 * Consultaties, Registraties). Pupils come from the in-memory copy (pupilsInMemory.ts) when it is
 * there; those it lacks (not filled yet, or a pupil that just came in) in one bulk read for the whole
 * list, never one read per item: the lists stay as fast on a large caseload. Pass only the items that
 * are rendered, so no more pupils are decrypted than are shown. Undefined for an item while its pupil
 * is being read.
 */
export function useRecordSubjects(items: readonly TimelineItem[] | undefined): (item: TimelineItem) => RecordSubject | undefined {
  // Not `wanted`: a list of twenty records is no reason to decrypt every pupil now.
  const inMemory = usePupilsInMemory(db, false);
  const missing = [
    ...new Set((items ?? []).flatMap((i) => (i.record.pupilId && !inMemory?.has(i.record.pupilId) ? [i.record.pupilId] : []))),
  ].sort();
  const key = missing.join(',');
  const read = useLiveQuery(async () => {
    const rows = missing.length > 0 ? await db.pupils.bulkGet(missing) : [];
    return { key, pupils: new Map(rows.flatMap((p) => (p ? [[p.id, p] as const] : []))) };
  }, [key]); // `key` stands for `missing`
  const schools = useLiveQuery(() => db.schools.toArray(), []);
  const schoolNames = schools && schools.length > 1 ? new Map(schools.map((s) => [s.id, s.name])) : undefined;
  return (item) => {
    const id = item.record.pupilId;
    const pupil = id ? (inMemory?.get(id) ?? read?.pupils.get(id)) : undefined;
    if (id && !pupil && read?.key !== key) return undefined;
    return recordSubject(item, pupil, schoolNames?.get(item.record.schoolId));
  };
}
