import { Link } from 'react-router-dom';
import type { MeldcodeDue } from '../../db/queries';
import { formatDate, pupilLabel } from '../../i18n/format';
import { TodaySection } from './TodaySection';

/** Meldcode steps that have been open too long. */
export function MeldcodeSection({ meldcodes }: { meldcodes: MeldcodeDue[] | undefined }) {
  return (
    <TodaySection
      id="meldcode"
      title="Meldcode"
      loading={meldcodes === undefined}
      empty={meldcodes?.length === 0 ? 'Geen Meldcode-stappen die te lang openstaan.' : null}
    >
      <ul className="record-list">
        {meldcodes?.map(({ meldcode, reminder, pupil }) => (
          <li key={meldcode.id} className="record-item">
            <Link to={`/meldcode/${meldcode.id}`} className="record-link">
              <span className="record-title">
                {pupil ? pupilLabel(pupil) : 'Leerling'} · stap {reminder.step}
              </span>
              <span className="record-extra">
                Stap {reminder.step} staat {reminder.daysOpen} dagen open (sinds {formatDate(reminder.openSince)})
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </TodaySection>
  );
}
