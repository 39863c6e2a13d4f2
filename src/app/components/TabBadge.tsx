import { IonBadge } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useSession } from '../auth/session';
import { db } from '../db/db';
import { unseenNotices, type NoticeKind } from '../db/notices';

/** What a tab's badge counts: open consultatievragen, or notices of these kinds not opened yet. */
export type BadgeKind = 'openRequests' | { notices: readonly NoticeKind[] };

/**
 * A count on a tab: open consultatievragen (nieuw or ingepland) for the jeugdprofessional; notices
 * not opened yet (an answer to a question, an MDO agreement) for the IB'er and the jeugdprofessional.
 */
export function TabBadge({ kind }: { kind: BadgeKind }) {
  const me = useSession()?.user.id ?? '';
  const kinds = kind === 'openRequests' ? '' : kind.notices.join(',');
  const n = useLiveQuery(
    async () =>
      kind === 'openRequests'
        ? db.consultationRequests.filter((r) => !r.deleted && (r.status === 'nieuw' || r.status === 'ingepland')).count()
        : (await unseenNotices(db, kinds.split(',') as NoticeKind[], me)).length,
    [kinds, me],
  );
  if (!n) return null;
  return (
    <IonBadge color="danger" aria-label={kind === 'openRequests' ? `${n} open` : `${n} nieuw`}>
      {n}
    </IonBadge>
  );
}
