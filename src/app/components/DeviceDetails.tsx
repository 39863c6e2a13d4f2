import { deviceCode } from '../../domain/device';
import { formatAgo, formatDateTime, formatMoment } from '../i18n/format';
import './devices.css';

export interface DeviceShown {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
  /** "Vervangen" asked: the device wipes itself after its next sync. */
  replaceRequestedAt?: string | null;
  /** 'server': the demo's records, seeded by the server itself; not a phone. */
  kind?: 'device' | 'server';
}

/**
 * What tells one device from another on a card: its name, its code (the one Instellingen shows
 * on the device itself) and times with the day and the clock. Two log-ins of one user are often
 * both "Chrome op Linux", seen minutes ago; the code is what tells them apart. Used on
 * Instellingen (own devices) and by the beheerder.
 */
export function DeviceDetails({ device, current = false }: { device: DeviceShown; current?: boolean }) {
  return (
    <div className="device-body">
      <p className="record-title">
        {device.kind === 'server' ? 'Demogegevens (geen toestel)' : device.name}
        {current && ' (dit toestel)'}
      </p>
      {device.kind === 'server' ? (
        <p className="record-meta">De server las hiermee de demogegevens in. Er is niets in te trekken of te vervangen.</p>
      ) : (
        <p className="record-meta">Browser en systeem (zoals gemeld bij inloggen): {device.name}</p>
      )}
      <p className="device-code">
        Code <strong>{deviceCode(device.id)}</strong>
      </p>
      <p className="record-meta">
        <span>
          Laatst gezien{' '}
          <time dateTime={device.lastSeenAt} title={formatDateTime(device.lastSeenAt)}>
            {formatAgo(device.lastSeenAt)}
          </time>{' '}
          ({formatMoment(device.lastSeenAt)})
        </span>
      </p>
      <p className="record-meta">
        {device.revokedAt ? (
          <strong>
            Ingetrokken{' '}
            <time dateTime={device.revokedAt} title={formatDateTime(device.revokedAt)}>
              {formatAgo(device.revokedAt)}
            </time>{' '}
            ({formatMoment(device.revokedAt)})
          </strong>
        ) : device.replaceRequestedAt ? (
          <strong>Wordt vervangen: stuurt bij het volgende contact alles wat nog wacht en wist daarna zijn gegevens</strong>
        ) : (
          <span>
            In gebruik sinds <time dateTime={device.createdAt}>{formatDateTime(device.createdAt)}</time>
          </span>
        )}
      </p>
    </div>
  );
}
