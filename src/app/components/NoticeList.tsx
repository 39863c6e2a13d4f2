import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/session';
import { db } from '../db/db';
import { unseenNotices, type NoticeKind } from '../db/notices';

/** "Nieuw voor jou": the notices of these kinds not opened yet; nothing when there are none. */
export function NoticeList({ kinds }: { kinds: readonly NoticeKind[] }) {
  const me = useSession()?.user.id ?? '';
  const key = kinds.join(',');
  const notices = useLiveQuery(() => unseenNotices(db, key.split(',') as NoticeKind[], me), [key, me]);
  if (!notices || notices.length === 0) return null;
  return (
    <section className="notice notices" aria-labelledby="notices-title">
      <h2 id="notices-title">Nieuw voor jou</h2>
      <ul>
        {notices.map((n) => (
          <li key={`${n.kind}:${n.id}`}>
            <Link to={n.path}>{n.text}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
