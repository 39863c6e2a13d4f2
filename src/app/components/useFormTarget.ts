import { useLiveQuery } from 'dexie-react-hooks';
import { useParams, useSearchParams } from 'react-router-dom';
import type { EntityName, EntityRecord } from '../../domain';
import { db, tableOf } from '../db/db';

/**
 * What a form page edits: the record named in the URL (`/signaal/:id`), or a new one (`/signaal/nieuw`,
 * optionally `?leerling=<id>` to start from a pupil). `loading` is true until the record (and the
 * pupil to start from) have been read, so the form starts with the right values.
 */
export function useFormTarget<E extends EntityName>(entity: E) {
  const { id } = useParams();
  const [search] = useSearchParams();
  const isNew = !id || id === 'nieuw';
  const pupilParam = search.get('leerling');
  const data = useLiveQuery(async () => {
    const record = isNew ? undefined : ((await db[tableOf[entity]].get(id)) as EntityRecord<E> | undefined);
    const pupil = pupilParam ? await db.pupils.get(pupilParam) : undefined;
    return { record, pupil };
  }, [entity, id, pupilParam]);
  return {
    isNew,
    id: isNew ? undefined : id,
    loading: data === undefined,
    notFound: !isNew && data !== undefined && !data.record,
    record: data?.record,
    startPupil: data?.pupil,
    draftKey: `${entity}:${isNew ? `nieuw${pupilParam ? `:${pupilParam}` : ''}` : id}`,
  };
}
