import { useLiveQuery } from 'dexie-react-hooks';
import { useParams, useSearchParams } from 'react-router-dom';
import { dateInAmsterdam, schoolsPresentOn, type EntityName, type EntityRecord } from '../../domain';
import { db, tableOf } from '../db/db';
import { pupilIndex } from '../perf/derived';

/**
 * What a form page edits: the record named in the URL (`/signaal/:id`), or a new one (`/signaal/nieuw`,
 * optionally `?leerling=<id>` to start from a pupil and `?vraag=<id>` to start from a consultatievraag:
 * "Maak er een signaal van"). `loading` is true until the record (and the pupil and question to start
 * from) have been read, so the form starts with the right values.
 * `todaySchoolId`: for a new record, the one school the user is at today (the school Vandaag names),
 * for a form to start with when nothing else says which school; undefined on a day with no school or
 * with more than one.
 */
export function useFormTarget<E extends EntityName>(entity: E) {
  const { id } = useParams();
  const [search] = useSearchParams();
  const isNew = !id || id === 'nieuw';
  const pupilParam = search.get('leerling');
  const requestParam = isNew ? search.get('vraag') : null;
  const data = useLiveQuery(async () => {
    const record = isNew ? undefined : ((await db[tableOf[entity]].get(id)) as EntityRecord<E> | undefined);
    const pupil = pupilParam ? await db.pupils.get(pupilParam) : undefined;
    const request = requestParam ? await db.consultationRequests.get(requestParam) : undefined;
    const today = isNew ? schoolsPresentOn(await db.schools.toArray(), dateInAmsterdam(new Date())) : [];
    return { record, pupil, request, todaySchoolId: today.length === 1 ? today[0]!.id : undefined };
  }, [entity, id, pupilParam, requestParam]);
  return {
    isNew,
    id: isNew ? undefined : id,
    loading: data === undefined,
    notFound: !isNew && data !== undefined && !data.record,
    record: data?.record,
    startPupil: data?.pupil,
    todaySchoolId: data?.todaySchoolId,
    /** The consultatievraag a new record starts from (not for a withdrawn one). */
    startRequest: data?.request && !data.request.deleted && data.request.status !== 'teruggetrokken' ? data.request : undefined,
    // A draft's key is stored plain: the pupil of a new record only as its blind index.
    draftKey: `${entity}:${isNew ? `nieuw${pupilParam ? `:${pupilIndex(pupilParam)}` : ''}${requestParam ? `:vraag:${requestParam}` : ''}` : id}`,
  };
}
