import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { hasOverbrugging, weeksWaiting } from '../../../domain';
import { db } from '../../db/db';
import { waitingTooLong } from '../../db/wachtlijst';
import { verzuimSettingsOf } from '../../db/verzuim';
import { formatDate, pupilLabel } from '../../i18n/format';
import { careText } from '../../components/WachtlijstSection';

/**
 * Vandaag: pupils who wait for care longer than the region's number of weeks, longest wait first,
 * with whether something bridges the wait. Shown only when there is one, like the verzuim section.
 */
export function WachtlijstToday({ today }: { today: string }) {
  const late = useLiveQuery(async () => {
    const [rows, settings] = await Promise.all([waitingTooLong(db, today), verzuimSettingsOf(db)]);
    return { rows: rows.filter((r) => r.pupil && !r.pupil.deleted), warnWeeks: settings.wachtlijstWarnWeeks };
  }, [today]);
  if (!late || late.rows.length === 0) return null;
  return (
    <section aria-labelledby="today-wachtlijst" className="today-section">
      <h2 id="today-wachtlijst">Wacht langer dan {late.warnWeeks} weken op zorg</h2>
      <ul className="record-list">
        {late.rows.map(({ referral, pupil }) => (
          <li key={referral.id} className="record-item">
            <Link to={`/leerlingen/${pupil!.id}`} className="record-link">
              <span className="record-title">{pupilLabel(pupil!)}</span>
              <span>
                {careText(referral)}: wacht {weeksWaiting(referral, today)} weken (sinds {formatDate(referral.since)})
              </span>
              <span className="record-extra">
                {hasOverbrugging(referral) ? 'Met overbrugging' : 'Geen overbrugging: bespreek wat helpt in de tussentijd'}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
