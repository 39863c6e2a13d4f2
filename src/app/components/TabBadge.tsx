import { IonBadge } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db/db';

/** A count on a tab: open consultatievragen (nieuw or ingepland) for the jeugdprofessional. */
export function TabBadge({ kind }: { kind: 'openRequests' }) {
  const n = useLiveQuery(
    () => (kind === 'openRequests' ? db.consultationRequests.filter((r) => !r.deleted && (r.status === 'nieuw' || r.status === 'ingepland')).count() : 0),
    [kind],
  );
  if (!n) return null;
  return <IonBadge color="danger" aria-label={`${n} open`}>{n}</IonBadge>;
}
