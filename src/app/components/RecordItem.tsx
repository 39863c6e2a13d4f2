import { Link } from 'react-router-dom';
import type { TimelineItem } from '../db/queries';
import type { RecordSubject } from './useRecordSubjects';
import { formatDate } from '../i18n/format';
import { correctedLabel } from './Corrections';
import { channelLabels, consultationPartyLabels, entityLabels, partyLabels, seriousnessLabels, themeLabels } from '../i18n/nl';

const paths = { signal: 'signaal', contact: 'contactmoment', consultation: 'consultatie' } as const;

export function recordPath(item: TimelineItem): string {
  return `/${paths[item.kind]}/${item.record.id}`;
}

export function recordTitle(item: TimelineItem): string {
  switch (item.kind) {
    case 'signal':
      return `${themeLabels[item.record.theme]} · ${seriousnessLabels[item.record.seriousness]}`;
    case 'contact':
      return `${partyLabels[item.record.withWhom]} · ${channelLabels[item.record.channel]}`;
    case 'consultation':
      // Anonymous or not: the subject line says it (useRecordSubjects.ts).
      return consultationPartyLabels[item.record.withWhom];
  }
}

export function recordText(item: TimelineItem): string {
  switch (item.kind) {
    case 'signal':
      return item.record.description;
    case 'contact':
      return item.record.summary;
    case 'consultation':
      return item.record.question;
  }
}

/**
 * One record as a card: kind, date, title (after whom it is about: `subject`, left out on the pupil's
 * own timeline), the school (as on a consultatievraag's card), the first lines of its text. The whole
 * card opens it, and everything on it is the link's name.
 */
export function RecordItem({
  item,
  subject,
  extra,
  actions,
  conflict,
  by,
}: {
  item: TimelineItem;
  subject?: RecordSubject | undefined;
  extra?: string;
  /** Who recorded it (recordedBy.ts); left out where only the user's own records are read. */
  by?: string | undefined;
  actions?: React.ReactNode;
  conflict?: boolean;
}) {
  const r = item.record;
  return (
    <li className={`record-item kind-${item.kind}${r.deleted ? ' is-archived' : ''}`}>
      <Link to={recordPath(item)} className="record-link">
        <span className="record-meta">
          <span className={`badge badge-${item.kind}`}>{entityLabels[item.kind]}</span>
          <span>{formatDate(r.date)}</span>
          {item.kind === 'signal' && item.record.seriousness === 'acuut' && <span className="badge badge-acuut">Acuut</span>}
          {r.version === 0 && (
            <span className="badge badge-local" title="Nog niet gesynchroniseerd">
              Alleen op dit toestel
            </span>
          )}
          {r.deleted && <span className="badge">Gearchiveerd</span>}
          {correctedLabel(r) && <span className="badge badge-corrected">{correctedLabel(r)}</span>}
          {conflict && <span className="badge badge-acuut">Conflict: kies een waarde</span>}
        </span>
        {/* The spaces keep the words apart in the link's accessible name. */}{' '}
        <span className="record-title">
          {subject && (
            <>
              <span className="record-subject">{subject.who}</span> ·{' '}
            </>
          )}
          {recordTitle(item)}
        </span>{' '}
        {subject?.school && (
          <>
            <span className="record-school">{subject.school}</span>{' '}
          </>
        )}
        {extra && (
          <>
            <span className="record-extra">{extra}</span>{' '}
          </>
        )}
        <span className="record-text">{recordText(item)}</span>
        {by && (
          <>
            {' '}
            <span className="record-by">Vastgelegd door: {by}</span>
          </>
        )}
      </Link>
      {actions}
    </li>
  );
}
