// Two log-ins of one user both read "Chrome op Linux · Laatst gezien 2 minuten geleden": the
// device code tells them apart. Instellingen shows this device's code, every card shows its code,
// and the revoke confirmation names the device by it (the beheer screen uses the same card and
// confirmation; tests/e2e/beheer.spec.ts checks the phone's code against the beheer card).
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deviceCode } from '../../src/domain/device';
import { setSessionTokens } from '../../src/app/api/client';
import { db } from '../../src/app/db/db';
import { DeviceList } from '../../src/app/components/DeviceList';

setSessionTokens({ token: () => Promise.resolve('token') });

const phone = '7f3a9c21-0d4e-4b6a-8c11-2f9e5a000001';
const lost = 'b20e4d77-9a1c-4f3b-a2d0-6c8e1b000002';
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const devices = [
  {
    id: phone,
    name: 'Chrome op Linux',
    createdAt: '2026-12-02T09:42:00.000Z',
    lastSeenAt: minutesAgo(2),
    revokedAt: null,
    replaceRequestedAt: null,
    kind: 'device',
    current: true,
  },
  {
    id: lost,
    name: 'Chrome op Linux',
    createdAt: '2026-12-02T09:40:00.000Z',
    lastSeenAt: minutesAgo(2),
    revokedAt: null,
    replaceRequestedAt: null,
    kind: 'device',
    current: false,
  },
];

beforeEach(async () => {
  await db.meta.put({ key: 'deviceId', value: phone });
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(JSON.stringify({ devices }), { status: 200 }))),
  );
});
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await db.meta.delete('deviceId');
});

describe('device code', () => {
  it('is the first four characters of the device id, in capitals', () => {
    expect(deviceCode(phone)).toBe('7F3A');
    expect(deviceCode('0a1b-2c3d')).toBe('0A1B');
  });

  it('Instellingen shows this device with its code, every card its code, and the confirmation names the code', async () => {
    render(<DeviceList />);
    expect((await screen.findByTestId('this-device')).textContent).toContain('Dit toestel: Chrome op Linux · code 7F3A');
    const cards = within(await screen.findByRole('list', { name: 'Mijn toestellen' })).getAllByRole('listitem');
    expect(cards).toHaveLength(2);
    expect(cards[0]!.textContent).toContain('Code 7F3A');
    expect(cards[0]!.textContent).toContain('(dit toestel)');
    expect(cards[1]!.textContent).toContain('Code B20E');
    // The absolute time, with the day: two devices seen "2 minuten geleden" still differ here.
    expect(cards[1]!.textContent).toMatch(/In gebruik sinds \w\w \d+ dec\. 2026 om \d\d:40/);
    expect(cards[1]!.textContent).toMatch(/Laatst gezien 2 minuten geleden \(om \d\d:\d\d\)/);

    fireEvent.click(within(cards[1]!).getByRole('button', { name: /^Intrekken Chrome op Linux \(code B20E\)$/ }));
    const warning = screen.getByRole('group', { name: /intrekken\?/ });
    expect(warning.textContent).toContain('Toestel Chrome op Linux (code B20E) intrekken?');
  });

  it('shows this device’s code offline, when the list cannot load', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    render(<DeviceList />);
    expect(await screen.findByText(/Toestellen zijn alleen online te zien/)).toBeTruthy();
    expect((await screen.findByTestId('this-device')).textContent).toContain('code 7F3A');
  });
});
