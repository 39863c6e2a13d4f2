import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { db } from '../../db/db';
import { familyReviewsDue } from '../../db/families';
import { formatDate } from '../../i18n/format';
import { familyText } from '../../i18n/nl';

/**
 * Vandaag: the family plans whose review date has come. Named by the children this phone may read
 * (initials), never by a child of a school the user cannot see.
 */
export function FamilyReviews({ today }: { today: string }) {
  const due = useLiveQuery(async () => {
    const families = await familyReviewsDue(db, today);
    const ids = families.flatMap((f) => f.members.flatMap((m) => (m.pupilId ? [m.pupilId] : [])));
    const pupils = new Map((await db.pupils.bulkGet(ids)).flatMap((p) => (p && !p.deleted ? [[p.id, p] as const] : [])));
    return families.map((f) => ({
      family: f,
      names: f.members.flatMap((m) => (m.pupilId && pupils.has(m.pupilId) ? [pupils.get(m.pupilId)!.initials] : [])),
    }));
  }, [today]);
  return (
    <section aria-labelledby="family-reviews-title" className="today-section">
      <h2 id="family-reviews-title">{familyText.todayTitle}</h2>
      {due === undefined ? (
        <p role="status">Laden…</p>
      ) : due.length === 0 ? (
        <p className="empty">{familyText.todayNone}</p>
      ) : (
        <ul className="record-list">
          {due.map(({ family, names }) => (
            <li key={family.id} className="record-item">
              <Link to={`/gezin/${family.id}`} className="record-link">
                <span className="record-title">
                  {familyText.title} {names.join(', ')} · {familyText.childrenCount(family.members.length)}
                </span>
                <span className="record-extra">{familyText.todayItem(formatDate(family.reviewDate!))}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
