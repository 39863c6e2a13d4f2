import { Link } from 'react-router-dom';
import type { TimelineItem } from '../db/queries';
import { formatDate } from '../format';
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
      return `${consultationPartyLabels[item.record.withWhom]}${item.record.pupilId ? '' : ' · anoniem'}`;
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

/** One record as a card: kind, date, title, the first lines of its text; the whole card opens it. */
export function RecordItem({ item, extra, actions, conflict }: { item: TimelineItem; extra?: string; actions?: React.ReactNode; conflict?: boolean }) {
  const r = item.record;
  return (
    <li className={`record-item kind-${item.kind}${r.deleted ? ' is-archived' : ''}`}>
      <Link to={recordPath(item)} className="record-link">
        <span className="record-meta">
          <span className={`badge badge-${item.kind}`}>{entityLabels[item.kind]}</span>
          <span>{formatDate(r.date)}</span>
          {item.kind === 'signal' && item.record.seriousness === 'acuut' && <span className="badge badge-acuut">Acuut</span>}
          {r.version === 0 && <span className="badge badge-local" title="Nog niet gesynchroniseerd">Alleen op dit toestel</span>}
          {r.deleted && <span className="badge">Gearchiveerd</span>}
          {conflict && <span className="badge badge-acuut">Conflict: kies een waarde</span>}
        </span>
        <span className="record-title">{recordTitle(item)}</span>
        {extra && <span className="record-extra">{extra}</span>}
        <span className="record-text">{recordText(item)}</span>
      </Link>
      {actions}
    </li>
  );
}
