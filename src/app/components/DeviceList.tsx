import { useEffect, useState } from 'react';
import { accessToken } from '../auth/session';
import { db } from '../db/db';
import { formatAgo } from '../format';
import { RevokeDevice } from './RevokeDevice';

interface Device {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
  current: boolean;
}

async function api(path: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(path, {
    ...init,
    headers: { authorization: `Bearer ${await accessToken(db)}`, 'content-type': 'application/json' },
    cache: 'no-store',
  });
  if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { message?: string }).message ?? `Fout ${res.status}`);
  return res.json();
}

/** The user's devices, from the central service (online only), with "Intrekken" for a lost phone. */
export function DeviceList() {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = () =>
    api('/api/devices')
      .then((b) => setDevices((b as { devices: Device[] }).devices))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  useEffect(() => {
    void load();
  }, []);

  async function revoke(id: string) {
    setConfirming(null);
    try {
      await api(`/api/devices/${id}/revoke`, { method: 'POST', body: '{}' });
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  if (error) return <p className="empty">Toestellen zijn alleen online te zien. ({error})</p>;
  if (!devices) return <p role="status">Toestellen laden…</p>;
  return (
    <ul className="record-list">
      {devices.map((d) => (
        <li key={d.id} className="record-item device">
          <p className="record-title">
            {d.name}
            {d.current && ' (dit toestel)'}
          </p>
          <p className="record-meta">
            Laatst gezien {formatAgo(d.lastSeenAt)}
            {d.revokedAt && ` · ingetrokken ${formatAgo(d.revokedAt)}`}
          </p>
          {!d.revokedAt && !d.current && (
            <RevokeDevice name={d.name} confirming={confirming === d.id} onConfirming={(open) => setConfirming(open ? d.id : null)} onRevoke={() => void revoke(d.id)}>
              Na intrekken wist dit toestel zijn gegevens bij het volgende contact. Wat daar nog niet gesynchroniseerd was, gaat verloren.
            </RevokeDevice>
          )}
        </li>
      ))}
    </ul>
  );
}
