import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { deviceCode } from '../../domain/device';
import { devicesResponseSchema, type OwnDevice } from '../../sync/api/devices';
import { okResponseSchema } from '../../sync/api/common';
import { apiRequest } from '../api/client';
import { deviceName } from '../auth/session';
import { getSyncController } from '../sync/controller';
import { db } from '../db/db';
import { DeviceDetails } from './DeviceDetails';
import { RevokeDevice } from './RevokeDevice';

type Device = OwnDevice;

/**
 * "Dit toestel: Chrome op Linux · code 7F3A", from this device's own id, so it shows offline too:
 * the code a user reads out to the beheerder, the same the beheerder's list shows on its card.
 */
function ThisDevice({ serverName }: { serverName: string | undefined }) {
  const id = useLiveQuery(async () => ((await db.meta.get('deviceId'))?.value as string | undefined) ?? null, []);
  if (!id) return null;
  return (
    <div className="this-device" data-testid="this-device">
      <p>
        Dit toestel: <strong>{serverName ?? deviceName()}</strong> · code <strong className="code">{deviceCode(id)}</strong>
      </p>
      <p className="record-meta">Bel je de beheerder over een toestel? Noem dan de code.</p>
    </div>
  );
}

/** The user's devices, from the central service (online only), with "Intrekken" for a lost phone. */
export function DeviceList() {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [replacing, setReplacing] = useState<string | null>(null);

  const load = () =>
    apiRequest(devicesResponseSchema, 'GET', '/api/devices')
      .then((b) => setDevices(b.devices))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  useEffect(() => {
    void load();
  }, []);

  async function revoke(id: string) {
    setConfirming(null);
    try {
      await apiRequest(okResponseSchema, 'POST', `/api/devices/${id}/revoke`, {});
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function replace(d: Device) {
    setReplacing(null);
    try {
      await apiRequest(okResponseSchema, 'POST', `/api/devices/${d.id}/replace`, {});
      // This phone itself: sync now; it pushes its outbox, and the pull after it wipes the phone.
      if (d.current) void getSyncController()?.syncNow();
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const thisDevice = <ThisDevice serverName={devices?.find((d) => d.current)?.name} />;
  if (error)
    return (
      <>
        {thisDevice}
        <p className="empty">Toestellen zijn alleen online te zien. ({error})</p>
      </>
    );
  if (!devices)
    return (
      <>
        {thisDevice}
        <p role="status">Toestellen laden…</p>
      </>
    );
  return (
    <>
      {thisDevice}
      <ul className="record-list" aria-label="Mijn toestellen">
        {devices.map((d) => (
          <li key={d.id} className={`record-item device${d.revokedAt ? ' is-archived' : ''}`}>
            <DeviceDetails device={d} current={d.current} />
            {!d.revokedAt && d.kind !== 'server' && !d.replaceRequestedAt && (
              <ReplaceDevice
                label={`${d.name} (code ${deviceCode(d.id)})`}
                current={d.current}
                confirming={replacing === d.id}
                onConfirming={(open) => setReplacing(open ? d.id : null)}
                onReplace={() => void replace(d)}
              />
            )}
            {!d.revokedAt && !d.current && d.kind !== 'server' && (
              <RevokeDevice
                name={d.name}
                code={deviceCode(d.id)}
                confirming={confirming === d.id}
                onConfirming={(open) => setConfirming(open ? d.id : null)}
                onRevoke={() => void revoke(d.id)}
              >
                Na intrekken wist dit toestel zijn gegevens bij het volgende contact. Wat daar nog niet gesynchroniseerd was, gaat verloren.
              </RevokeDevice>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * "Vervangen", next to "Intrekken": for a phone that still works (a new phone, the old one handed
 * in). It first sends what waits on it, then wipes itself; "Intrekken" wipes at once (lost, stolen).
 */
function ReplaceDevice({
  label,
  current,
  confirming,
  onConfirming,
  onReplace,
}: {
  label: string;
  current: boolean;
  confirming: boolean;
  onConfirming: (open: boolean) => void;
  onReplace: () => void;
}) {
  if (!confirming) {
    return (
      <button type="button" className="secondary-button" onClick={() => onConfirming(true)}>
        Vervangen <span className="visually-hidden">{label}</span>
      </button>
    );
  }
  const id = `replace-${label.replace(/[^A-Za-z0-9]/g, '')}`;
  return (
    <div className="notice confirm" role="group" aria-labelledby={id}>
      <p id={id}>
        <strong>Toestel {label} vervangen?</strong>{' '}
        {current
          ? 'Dit toestel stuurt nu alles wat nog wacht naar de centrale dienst en wist daarna zijn gegevens. Log daarna in op je nieuwe toestel.'
          : 'Zodra dat toestel weer verbinding heeft, stuurt het eerst alles wat nog wacht naar de centrale dienst en wist het daarna zijn gegevens. Er gaat geen werk verloren. Is het toestel kwijt of gestolen? Kies dan Intrekken.'}
      </p>
      <div className="confirm-actions">
        <button type="button" className="primary-button" onClick={onReplace}>
          Ja, vervangen
        </button>
        <button type="button" className="secondary-button" onClick={() => onConfirming(false)}>
          Annuleren
        </button>
      </div>
    </div>
  );
}
