import { Link } from 'react-router-dom';
import type { AbsenceStatus, Pupil } from '../../../domain';
import { formatDate } from '../../i18n/format';
import { TodaySection } from './TodaySection';

/** Pupils absent long enough to count as thuiszitter, and whether Leerplicht is involved. */
export function ThuiszittersSection({ thuiszitters }: { thuiszitters: { pupil: Pupil; status: AbsenceStatus }[] | undefined }) {
  return (
    <TodaySection
      id="thuiszitters"
      title="Thuiszitters"
      loading={thuiszitters === undefined}
      empty={thuiszitters?.length === 0 ? 'Geen thuiszitters. Fijn.' : null}
    >
      <ul className="record-list">
        {thuiszitters?.map(({ pupil, status }) => (
          <li key={pupil.id} className="record-item">
            <Link to={`/leerlingen/${pupil.id}`} className="record-link">
              <span className="record-title">
                {pupil.initials} · {pupil.group}
              </span>
              <span>
                {status.daysAbsent} dagen afwezig, sinds {formatDate(status.since)}
              </span>
              {status.leerplichtNeeded ? (
                <span className="record-extra">Leerplicht nog niet betrokken</span>
              ) : (
                <span>Leerplicht is betrokken</span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </TodaySection>
  );
}
