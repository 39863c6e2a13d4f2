import { useEffect, useRef, type ReactNode } from 'react';
import { useOnline } from '../components/useOnline';
import { Loading } from '../components/Loading';
import { offlineMessage } from './api';
import type { Remote } from './useRemote';

/**
 * The states of an online-only screen: without a connection a plain notice instead of a failure,
 * "laden" while the service answers, an error with "Opnieuw proberen", and the content when ready.
 * Coming back online loads again by itself.
 */
export function RemoteView<T>({
  remote,
  loading,
  children,
}: {
  remote: Remote<T> & { reload: () => void };
  loading: string;
  children: (data: T) => ReactNode;
}) {
  const online = useOnline();
  const wasOnline = useRef(online);
  const { reload } = remote;
  useEffect(() => {
    if (online && !wasOnline.current) reload();
    wasOnline.current = online;
  }, [online, reload]);

  if (!online || (remote.state === 'error' && remote.error.kind === 'offline')) {
    return (
      <div className="notice admin-offline" role="status">
        <p>
          <strong>{offlineMessage}.</strong> Wat op dit toestel staat, werkt gewoon offline; gebruikers, scholen en toestellen beheer je
          zodra er weer verbinding is.
        </p>
        {online && (
          <button type="button" className="secondary-button" onClick={reload}>
            Opnieuw proberen
          </button>
        )}
      </div>
    );
  }
  if (remote.state === 'loading') return <Loading label={loading} />;
  if (remote.state === 'error') {
    return (
      <div className="error-summary" role="alert">
        <p>Laden is niet gelukt: {remote.error.message}</p>
        <button type="button" className="secondary-button" onClick={reload}>
          Opnieuw proberen
        </button>
      </div>
    );
  }
  return <>{children(remote.data)}</>;
}
