import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { routeSteps, stepOfThreshold } from '../../../domain';
import { db } from '../../db/db';
import { verzuimRows, type VerzuimRow } from '../../db/verzuim';
import { formatDate, pupilLabel } from '../../i18n/format';
import { verzuimStepLabels } from '../../i18n/nl';

const titleOf = (key: string) => routeSteps.find((s) => s.key === key)?.title ?? key;

interface Due {
  row: VerzuimRow;
  /** What is the matter, and the next step. */
  what: string;
  next: string;
}

/**
 * Who needs a next step on the verzuimroute: a threshold of the protocol crossed whose step is not
 * set, a route step open longer than the region's reminder days, or a review of the plan that is due.
 */
export function dueOf(row: VerzuimRow): Due | null {
  const { route, picture, open, review } = row;
  if (route?.outcome) return null;
  // The newest threshold whose step is not yet set says most about what to do now.
  const pending = [...picture.crossed].reverse().find((c) => !route?.[stepOfThreshold[c.step]]);
  if (pending) {
    return {
      row,
      what: `${verzuimStepLabels[pending.step]} (sinds ${formatDate(pending.since)})`,
      next: route ? titleOf(stepOfThreshold[pending.step]) : 'Route starten',
    };
  }
  if (open?.reminder)
    return { row, what: `Stap open sinds ${formatDate(open.openSince)} (${open.daysOpen} dagen)`, next: titleOf(open.step) };
  if (review?.due) return { row, what: `Evaluatie van het plan op ${formatDate(review.date)}`, next: 'Plan evalueren' };
  return null;
}

/** Vandaag: verzuim that crossed a threshold of the protocol, or a route that waits for a step. */
export function VerzuimSection() {
  const due = useLiveQuery(async () => (await verzuimRows(db)).map(dueOf).filter((d): d is Due => d !== null), []);
  if (!due || due.length === 0) return null;
  return (
    <section aria-labelledby="today-verzuim" className="today-section">
      <h2 id="today-verzuim">Verzuim: volgende stap</h2>
      <ul className="record-list">
        {due.map((d) => (
          <li key={d.row.pupil.id} className="record-item">
            <Link to={`/verzuim/${d.row.pupil.id}`} className="record-link">
              <span className="record-title">{pupilLabel(d.row.pupil)}</span>
              <span>{d.what}</span>
              <span className="record-extra">Volgende stap: {d.next}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
