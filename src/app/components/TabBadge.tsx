import { IonBadge } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db/db';
import { unseenNotices } from '../db/notices';

/**
 * A count on a tab: open consultatievragen (nieuw or ingepland) for the jeugdprofessional; notices
 * not opened yet (an answer to a question) for the IB'er.
 */
export function TabBadge({ kind }: { kind: 'openRequests' | 'notices' }) {
  const n = useLiveQuery(
    async () =>
      kind === 'openRequests'
        ? db.consultationRequests.filter((r) => !r.deleted && (r.status === 'nieuw' || r.status === 'ingepland')).count()
        : (await unseenNotices(db, ['answer'])).length,
    [kind],
  );
  if (!n) return null;
  return (
    <IonBadge color="danger" aria-label={kind === 'openRequests' ? `${n} open` : `${n} nieuw`}>
      {n}
    </IonBadge>
  );
}
