import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db/db';
import { formatMoment } from '../i18n/format';
import { waitingText } from '../i18n/nl';
import { useSyncController, useSyncState } from '../sync/controller';
import { useOnline } from './useOnline';

const nf = new Intl.NumberFormat('nl-NL');

/** Always visible: online/offline, sync progress or last sync, changes waiting, and sync errors. */
export function StatusStrip() {
  const online = useOnline();
  const waiting = useLiveQuery(() => db.outbox.count(), [], 0);
  const sync = useSyncState();
  const controller = useSyncController();

  let syncText: string | null = null;
  if (sync.running) {
    const p = sync.progress;
    syncText = p?.phase === 'pulling' && p.total > 0 ? `Synchroniseren… ${nf.format(p.done)} van ${nf.format(p.total)}` : 'Synchroniseren…';
  } else if (sync.lastSyncedAt) {
    // Also after a failed sync (offline, say): the user still sees how current the phone is.
    syncText = `${sync.error ? 'Laatst gesynchroniseerd' : 'Gesynchroniseerd'} ${formatMoment(sync.lastSyncedAt)}`;
  }

  return (
    <div
      className={`status-strip ${online ? 'is-online' : 'is-offline'}${sync.error && online ? ' has-error' : ''}`}
      data-testid="status-strip"
    >
      <div role="status" aria-live="polite" className="status-line">
        <span className="status-dot" aria-hidden="true" />
        <span className="status-online">{online ? 'Online' : 'Offline'}</span>
        {syncText && (
          <>
            <span aria-hidden="true"> · </span>
            <span className="status-sync">{syncText}</span>
          </>
        )}
        <span aria-hidden="true"> · </span>
        <span className="status-waiting">{waitingText(waiting)}</span>
      </div>
      {sync.error && online && (
        <div className="status-error" role="alert">
          <span>{sync.error.message}</span>
          {sync.error.kind === 'unauthorized' ? (
            <a href="/inloggen" className="status-action">
              Inloggen
            </a>
          ) : sync.error.kind === 'upgrade' ? (
            <button type="button" className="status-action" onClick={() => location.reload()}>
              Werk de app bij
            </button>
          ) : (
            controller && (
              <button type="button" className="status-action" onClick={() => void controller.syncNow()}>
                Opnieuw proberen
              </button>
            )
          )}
        </div>
      )}
    </div>
  );
}
