import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db/db';
import { waitingText } from '../i18n/nl';
import { useOnline } from './useOnline';

/** Always visible: online/offline and how many changes wait in the outbox. */
export function StatusStrip() {
  const online = useOnline();
  const waiting = useLiveQuery(() => db.outbox.count(), [], 0);
  return (
    <div className={`status-strip ${online ? 'is-online' : 'is-offline'}`} role="status" aria-live="polite" data-testid="status-strip">
      <span className="status-dot" aria-hidden="true" />
      <span className="status-online">{online ? 'Online' : 'Offline'}</span>
      <span aria-hidden="true"> · </span>
      <span className="status-waiting">{waitingText(waiting)}</span>
    </div>
  );
}
