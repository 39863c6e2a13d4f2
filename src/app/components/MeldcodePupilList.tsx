import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { db } from '../db/db';
import { meldcodesOfPupil } from '../db/meldcode';
import { formatDate } from '../i18n/format';
import { meldcodeProgressText } from './MeldcodeProgress';

/** The pupil's Meldcode trajectories, each one tap from the pupil page; nothing when there are none. */
export function MeldcodePupilList({ pupilId }: { pupilId: string }) {
  const rows = useLiveQuery(() => meldcodesOfPupil(db, pupilId), [pupilId]);
  if (!rows || rows.length === 0) return null;
  return (
    <section aria-labelledby="meldcode-list-title" className="meldcode-pupil-list">
      <h2 id="meldcode-list-title">Meldcode</h2>
      <ul className="pupil-list">
        {rows.map((m) => (
          <li key={m.id}>
            <Link to={`/meldcode/${m.id}`} className="pupil-link">
              <span className="pupil-initials">Meldcode-traject sinds {formatDate(m.startDate)}</span>
              <span className="pupil-meta">{meldcodeProgressText(m)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
